import CKernels
import Foundation
import Testing
@testable import RecEngine

/// Fits at scale: the chunked parallel item-kNN fit against a direct computation, progress reports of
/// item-kNN and ALS, the progress bar's line, and the parallel catalogue scans against serial ones.
@Suite struct FitProgressTests {
    /// A random binary matrix (distinct items per user) with a few heavy users and popular items (so
    /// chunks differ in cost).
    static func randomMatrix(items: Int, users: Int, seed: UInt64) -> InteractionMatrix {
        var generator = SplitMix64(seed: seed)
        let histories: [[Int]] = (0..<users).map { user in
            let count = user % 50 == 0 ? 200 : 3 + Int(generator.next() % 12)
            let drawn = (0..<count).map { _ in
                // Squaring a uniform draw favours low indices: popular items.
                let u = Double(generator.next() >> 11) / Double(1 << 53)
                return Int(u * u * Double(items))
            }
            return Array(Set(drawn)).sorted()
        }
        return binaryMatrix(itemCount: items, histories)
    }

    @Test func chunkedItemKNNFitEqualsDirectCosines() throws {
        let matrix = Self.randomMatrix(items: 3_000, users: 900, seed: 3)
        let parameters = ItemKNNParameters(neighbours: 7, shrinkage: 2)
        var fractions: [Double] = []
        let model = try ItemKNNRecommender.fit(matrix, parameters: parameters, progress: { fractions.append($0) })
        #expect(RowChunks(count: 3_000).chunkCount > 1)
        // Direct: co-occurrence counts per item pair from the user rows.
        var columns = [Set<Int>](repeating: [], count: matrix.itemCount)
        for user in 0..<matrix.userCount {
            for p in matrix.userStart[user]..<matrix.userStart[user + 1] { columns[matrix.userItems[p]].insert(user) }
        }
        for item in stride(from: 0, to: 3_000, by: 97) {
            var candidates: [ScoredItem] = []
            for other in 0..<matrix.itemCount where other != item {
                let shared = columns[item].intersection(columns[other]).count
                guard shared > 0 else { continue }
                let denominator = Float(columns[item].count).squareRoot() * Float(columns[other].count).squareRoot() + 2
                candidates.append(ScoredItem(item: other, score: Float(shared) / denominator))
            }
            candidates.sort { $0.score != $1.score ? $0.score > $1.score : $0.item < $1.item }
            let got = model.similarItems(to: item, k: 7)
            #expect(got.count == min(7, candidates.count), "item \(item)")
            for (g, want) in zip(got, candidates.prefix(7)) {
                #expect(abs(g.score - want.score) < 1e-5, "item \(item)")
            }
        }
        #expect(fractions.last == 1)
        #expect(zip(fractions, fractions.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(fractions.count >= 2)
    }

    @Test func alsReportsEveryStepUpToOne() throws {
        let matrix = Self.randomMatrix(items: 200, users: 120, seed: 4)
        var fractions: [Double] = []
        _ = try ALSRecommender.fit(matrix, parameters: ALSParameters(factors: 4, iterations: 3, conjugateGradientSteps: 2), fraction: { fractions.append($0) })
        // 3 sweeps × 2 halves × (residual + 2 CG steps), then the final 1.
        #expect(fractions.count == 3 * 2 * 3 + 1)
        #expect(abs(fractions[0] - 1.0 / 18) < 1e-12)
        #expect(fractions.suffix(2) == [1, 1])
        var exact: [Double] = []
        _ = try ALSRecommender.fit(matrix, parameters: ALSParameters(factors: 4, iterations: 2, conjugateGradientSteps: 0), fraction: { exact.append($0) })
        #expect(exact == [0.25, 0.5, 0.75, 1, 1])
    }

    @Test func engineFitReportsFractionsPerAlgorithm() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-fitprogress-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try DatasetGenerator.write(GeneratorSpec(items: 300, users: 60, events: 2_000), to: directory)
        let engine = Engine(dataset: try DatasetLoader.load(directory: directory))
        var seen: [FitProgress] = []
        try engine.fitCollaborativeModels(configuration: ModelConfiguration(als: ALSParameters(factors: 4, iterations: 2)),
                                          algorithms: [.itemKNN, .als], fraction: { seen.append($0) })
        #expect(Set(seen.map(\.algorithm)) == [.itemKNN, .als])
        #expect(seen.last(where: { $0.algorithm == .als })?.fraction == 1)
        #expect(seen.last(where: { $0.algorithm == .itemKNN })?.fraction == 1)
        #expect(seen.allSatisfy { (0...1).contains($0.fraction) })
    }

    @Test func progressLineBarPercentAndTimeLeft() {
        let half = FitProgress(algorithm: .als, fraction: 0.5).line(elapsed: 12, width: 10)
        #expect(half == "fitting als  [█████     ]  50%  12 s, about 12 s left")
        let partial = FitProgress(algorithm: .itemKNN, fraction: 0.3125).line(elapsed: 0.25, width: 4)
        // 0.3125 × 32 eighths = 10: one full cell and a quarter cell.
        #expect(partial == "fitting itemknn  [█▎  ]  31%  250 ms, about 550 ms left")
        // No estimate before 2% nor at the end.
        #expect(FitProgress(algorithm: .als, fraction: 0.01).line(elapsed: 3, width: 2) == "fitting als  [  ]   1%  3 s")
        #expect(FitProgress(algorithm: .als, fraction: 1).line(elapsed: 150, width: 2) == "fitting als  [██] 100%  2 min 30 s")
    }

    @Test func parallelCatalogueScansEqualSerialOnes() {
        let rows = SparseMatrix.parallelRows + 1_234
        var generator = SplitMix64(seed: 8)
        var perRow: [[(column: Int, value: Float)]] = []
        for _ in 0..<rows {
            perRow.append((0..<Int(generator.next() % 4)).map { _ in (Int(generator.next() % 50), Float(generator.next() % 1000) / 1000) })
        }
        let sparse = SparseMatrix(rowCount: rows, columnCount: 50, rows: perRow)
        let dense = (0..<50).map { Float($0) / 7 }
        var parallel = [Float](repeating: 0, count: rows)
        sparse.multiply(dense: dense, into: &parallel)
        for r in stride(from: 0, to: rows, by: 101) {
            var sum: Float = 0
            for p in sparse.range(ofRow: r) { sum += sparse.values[p] * dense[Int(sparse.columns[p])] }
            #expect(parallel[r] == sum)
        }
        // Factor rows: the split dot products against sgemv.
        let factors = DenseMatrix(rows: rows, columns: 8, values: (0..<(rows * 8)).map { Float(($0 * 7919) % 1000) / 1000 - 0.5 })!
        let x: [Float] = [0.3, -0.2, 0.1, 0.9, -0.5, 0.25, 0.0, 1.5]
        var split = [Float](repeating: 0, count: rows), blas = split
        LinearAlgebra.multiplyRows(factors, x, into: &split)
        LinearAlgebra.multiplyVector(factors, x, into: &blas)
        #expect(maxDifference(split, blas) < 1e-5)
    }

    /// The ALS fit's sparse row kernel (AVX2 + FMA) against its portable loop and a Double reference:
    /// float32 sums in different orders agree within 4·f·2⁻²³ of the magnitudes involved.
    @Test(arguments: [64, 13, 8])
    func alsSparseRowKernelMatchesPortable(f: Int) {
        var generator = SplitMix64(seed: UInt64(f))
        func unit() -> Float { Float(generator.next() >> 40) / Float(1 << 24) - 0.5 }
        let items = 50
        let factors = (0..<(items * f)).map { _ in unit() }
        let columns: [Int64] = [3, 17, 17, 0, 49, 25]
        let weights: [Float] = [1, 2, 0, 1, 0.5, 3]
        let v = (0..<f).map { _ in unit() }
        for residual in [Int32(1), 0] {
            let start = (0..<f).map { _ in unit() }
            var vector = start, portable = start
            rk_als_sparse_row(factors, f, columns, weights, columns.count, 0.7, v, &vector, residual)
            rk_als_sparse_row_portable(factors, f, columns, weights, columns.count, 0.7, v, &portable, residual)
            var reference = start.map(Double.init)
            for (p, column) in columns.enumerated() {
                let y = Array(factors[(Int(column) * f)..<((Int(column) + 1) * f)]).map(Double.init)
                let confidence = 1 + 0.7 * Double(weights[p])
                let dot = zip(y, v).reduce(0) { $0 + $1.0 * Double($1.1) }
                let coefficient = residual == 1 ? confidence - (confidence - 1) * dot : (confidence - 1) * dot
                for j in 0..<f { reference[j] += coefficient * y[j] }
            }
            for j in 0..<f {
                #expect(abs(vector[j] - portable[j]) < 1e-5, "f \(f) residual \(residual) j \(j)")
                #expect(abs(Double(vector[j]) - reference[j]) < 1e-5, "f \(f) residual \(residual) j \(j)")
            }
        }
    }
}
