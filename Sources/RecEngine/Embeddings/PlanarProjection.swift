import CLinearAlgebra

/// The first two principal components of a set of vectors (PCA): a fixed linear map from the embedding
/// space to a plane, used by the Map view. Fitted once per embeddings (the covariance via cblas_ssyrk,
/// the eigenvectors via LAPACKE_ssyevd), then any vector — an item, a profile — projects in O(dimension).
///
/// Sign convention (eigenvectors are only defined up to sign): each axis is flipped so that its
/// largest-magnitude component is positive, making the picture the same from run to run.
public struct PlanarProjection: Sendable, Equatable {
    public let dimension: Int
    /// Mean of the fitted vectors (the origin of the plane).
    public let mean: [Float]
    /// First and second principal axes, unit length, row-major `2 × dimension`.
    public let axes: [Float]
    /// Variance along each axis (the two largest covariance eigenvalues), largest first.
    public let variances: [Float]
    /// Sum of all covariance eigenvalues (total variance), to state the share the plane shows.
    public let totalVariance: Float

    /// Fits to the rows `i` of `rows` (row-major `count × dimension`) with `include[i]` true
    /// (all rows when `include` is nil). Throws when fewer than two rows or dimensions remain, or the
    /// eigen solver fails. Cost: O(rows × dimension²) for the covariance plus O(dimension³) for the
    /// eigendecomposition (9,742 × 384: see docs/SEMANTIC.md for the measured time).
    public static func fit(rows: [Float], count: Int, dimension d: Int, include: [Bool]? = nil) throws -> PlanarProjection {
        guard d >= 2, rows.count == count * d else {
            throw RecError("PCA needs at least 2 dimensions and a \(count)×\(d) matrix (got \(rows.count) values)")
        }
        return try rows.withUnsafeBufferPointer { matrix in
            try fit(count: count, dimension: d, include: include) { range, body in body(matrix.baseAddress! + range.lowerBound * d) }
        }
    }

    /// Rows per block in the blocked fit and projection: the centred copy the covariance needs is one
    /// block (6 MB at 384-d), not the whole matrix.
    static let blockRows = 4096

    /// The fit over rows handed out a block at a time: `rows(range, body)` calls `body` with rows
    /// `range` as row-major float32. Covariance accumulated block by block (cblas_ssyrk, β = 1 after the
    /// first block). Cost as `fit(rows:…)`; memory one block of rows.
    static func fit(count: Int, dimension d: Int, include: [Bool]?,
                    rows: (Range<Int>, (UnsafePointer<Float>) -> Void) -> Void) throws -> PlanarProjection {
        guard d >= 2 else { throw RecError("PCA needs at least 2 dimensions and a \(count)×\(d) matrix (got \(count * d) values)") }
        let m = include.map { flags in (0..<count).reduce(0) { $0 + (flags[$1] ? 1 : 0) } } ?? count
        guard m >= 2 else { throw RecError("PCA needs at least 2 vectors (got \(m))") }

        // Mean of the chosen rows (Double accumulation).
        var meanD = [Double](repeating: 0, count: d)
        for start in stride(from: 0, to: count, by: blockRows) {
            let range = start..<min(count, start + blockRows)
            rows(range) { block in
                for i in range where include?[i] ?? true {
                    let row = block + (i - start) * d
                    for j in 0..<d { meanD[j] += Double(row[j]) }
                }
            }
        }
        let mean = meanD.map { Float($0 / Double(m)) }

        // Covariance C = Xᵀ X / (m − 1), upper triangle, row-major d × d, over centred blocks.
        var covariance = [Float](repeating: 0, count: d * d)
        var centred = [Float](repeating: 0, count: min(m, blockRows) * d)
        var first = true
        for start in stride(from: 0, to: count, by: blockRows) {
            let range = start..<min(count, start + blockRows)
            var chosen = 0
            rows(range) { block in
                for i in range where include?[i] ?? true {
                    let row = block + (i - start) * d
                    for j in 0..<d { centred[chosen * d + j] = row[j] - mean[j] }
                    chosen += 1
                }
            }
            guard chosen > 0 else { continue }
            cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(d), Int32(chosen), 1 / Float(m - 1),
                        centred, Int32(d), first ? 0 : 1, &covariance, Int32(d))
            first = false
        }

        // Eigenvalues ascending in `eigenvalues`; eigenvectors overwrite `covariance` as columns.
        var eigenvalues = [Float](repeating: 0, count: d)
        let info = LAPACKE_ssyevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")), Int32(d),
                                  &covariance, Int32(d), &eigenvalues)
        guard info == 0 else { throw RecError("PCA eigen solver (LAPACKE_ssyevd) failed with info \(info)") }

        var axes = [Float](repeating: 0, count: 2 * d)
        for (axis, column) in [d - 1, d - 2].enumerated() {
            var largest: Float = 0
            for j in 0..<d where abs(covariance[j * d + column]) > abs(largest) { largest = covariance[j * d + column] }
            let sign: Float = largest < 0 ? -1 : 1
            for j in 0..<d { axes[axis * d + j] = sign * covariance[j * d + column] }
        }
        let total = eigenvalues.reduce(Float(0)) { $0 + max($1, 0) }
        return PlanarProjection(dimension: d, mean: mean, axes: axes,
                                variances: [max(eigenvalues[d - 1], 0), max(eigenvalues[d - 2], 0)], totalVariance: total)
    }

    /// Fits to the items that have a vector.
    public static func fit(_ embeddings: ItemEmbeddings) throws -> PlanarProjection {
        try fit(count: embeddings.itemCount, dimension: embeddings.dimension, include: embeddings.hasVector) { range, body in
            embeddings.withFloatRows(range, body)
        }
    }

    /// Plane coordinates of every item of `embeddings` (a block of rows at a time). Cost O(items × dimension).
    public func project(_ embeddings: ItemEmbeddings) -> [PlanePoint] {
        var points: [PlanePoint] = []
        points.reserveCapacity(embeddings.itemCount)
        for start in stride(from: 0, to: embeddings.itemCount, by: Self.blockRows) {
            let range = start..<min(embeddings.itemCount, start + Self.blockRows)
            points += embeddings.withFloatRows(range) { project(rows: $0, count: range.count) }
        }
        return points
    }

    /// Plane coordinates of one vector (`dimension` values). Cost O(dimension).
    public func project(_ vector: ArraySlice<Float>) -> PlanePoint {
        var x: Float = 0, y: Float = 0
        var j = 0
        for v in vector {
            let c = v - mean[j]
            x += c * axes[j]
            y += c * axes[dimension + j]
            j += 1
        }
        return PlanePoint(x: x, y: y)
    }

    public func project(_ vector: [Float]) -> PlanePoint { project(vector[...]) }

    /// Plane coordinates of every row of `rows` (row-major `count × dimension`), through one sgemm.
    /// Cost O(count × dimension).
    public func project(rows: [Float], count: Int) -> [PlanePoint] {
        guard count > 0, rows.count == count * dimension else { return [] }
        return rows.withUnsafeBufferPointer { project(rows: $0.baseAddress!, count: count) }
    }

    /// `project(rows:count:)` over a pointer to `count × dimension` floats.
    func project(rows: UnsafePointer<Float>, count: Int) -> [PlanePoint] {
        guard count > 0 else { return [] }
        // (rows − 1·meanᵀ) · axesᵀ = rows · axesᵀ − 1 · (mean · axesᵀ)
        var out = [Float](repeating: 0, count: count * 2)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(count), 2, Int32(dimension), 1,
                    rows, Int32(dimension), axes, Int32(dimension), 0, &out, 2)
        let origin = project(mean.map { _ in Float(0) })  // = −(mean · axes)
        return (0..<count).map { PlanePoint(x: out[2 * $0] + origin.x, y: out[2 * $0 + 1] + origin.y) }
    }
}

/// A point on the PCA plane.
public struct PlanePoint: Sendable, Equatable, Codable {
    public var x: Float
    public var y: Float
    public init(x: Float, y: Float) { self.x = x; self.y = y }
}

/// The catalogue on the PCA plane: the projection plus every item's point (items without a vector
/// have `hasPoint == false` and are not drawn). Computed once per embeddings and kept in memory.
public struct SemanticMap: Sendable {
    public let projection: PlanarProjection
    /// Point of dense item `i` (meaningless when `!hasPoint[i]`).
    public let points: [PlanePoint]
    public let hasPoint: [Bool]
    /// The part of the plane a map shows by default (1st–99th percentile box of the items).
    public let viewport: PlaneViewport

    /// Cost: `PlanarProjection.fit` plus one sgemm over items × dimension, plus O(items log items)
    /// for the viewport.
    public init(embeddings: ItemEmbeddings) throws {
        let projection = try PlanarProjection.fit(embeddings)
        self.init(projection: projection, points: projection.project(embeddings),
                  hasPoint: embeddings.hasVector)
    }

    /// A map from already-projected points (tests, caches).
    public init(projection: PlanarProjection, points: [PlanePoint], hasPoint: [Bool]) {
        self.projection = projection
        self.points = points
        self.hasPoint = hasPoint
        self.viewport = PlaneViewport.fitting(zip(points, hasPoint).filter(\.1).map(\.0))
    }
}
