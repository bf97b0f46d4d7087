import Foundation
import Testing
@testable import RecEngine

@Suite("PlanarProjection")
struct PlanarProjectionTests {
    @Test("PCA coordinates of a fixture match numpy's float64 eigh computation")
    func matchesNumpy() throws {
        let points = try NpyReader.read(path: NpyFixtures.path("pca_points.npy"))
        let expected = try CSVTable.read(path: NpyFixtures.path("pca_expected.csv"))
        let numbers = expected.records.map { $0.compactMap { Float($0) } }
        // Rows: one (x, y) per point, then a "variance" label row, then the two variances.
        let coordinates = numbers.prefix(points.rows)
        let variances = numbers.last ?? []

        let projection = try PlanarProjection.fit(rows: points.values, count: points.rows, dimension: points.columns)
        let projected = projection.project(rows: points.values, count: points.rows)
        #expect(projected.count == points.rows)
        for (got, want) in zip(projected, coordinates) {
            #expect(abs(got.x - want[0]) < 1e-4, "\(got) vs \(want)")
            #expect(abs(got.y - want[1]) < 1e-4, "\(got) vs \(want)")
        }
        #expect(abs(projection.variances[0] - variances[0]) < 1e-4)
        #expect(abs(projection.variances[1] - variances[1]) < 1e-4)
        // Single-vector projection agrees with the batched sgemm path.
        let single = projection.project(points.values[0..<points.columns])
        #expect(abs(single.x - projected[0].x) < 1e-5 && abs(single.y - projected[0].y) < 1e-5)
    }

    @Test("a hand-computed 2-D case: points on a line project onto it, up to sign")
    func handComputed() throws {
        // Points (t, 2t) for t = -1, 0, 1 plus nothing else: the first axis is (1, 2)/√5, and the
        // coordinates along it are t·√5 (sign fixed by the largest component being positive); the
        // second axis has zero variance.
        let rows: [Float] = [-1, -2, 0, 0, 1, 2]
        let projection = try PlanarProjection.fit(rows: rows, count: 3, dimension: 2)
        let s = Float(5).squareRoot()
        #expect(abs(projection.axes[0] - 1 / s) < 1e-6 && abs(projection.axes[1] - 2 / s) < 1e-6)
        let points = projection.project(rows: rows, count: 3)
        for (point, t) in zip(points, [Float(-1), 0, 1]) {
            #expect(abs(point.x - t * s) < 1e-5)
            #expect(abs(point.y) < 1e-5)
        }
        #expect(abs(projection.variances[0] - 5) < 1e-5)   // var of t·√5 over t = −1,0,1 with n−1
        #expect(abs(projection.variances[1]) < 1e-5)
    }

    @Test("too few vectors are refused")
    func tooFew() {
        #expect(throws: RecError("PCA needs at least 2 vectors (got 1)")) {
            try PlanarProjection.fit(rows: [1, 2, 3, 4], count: 2, dimension: 2, include: [true, false])
        }
    }
}
