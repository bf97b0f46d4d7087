import CKernels
import CLinearAlgebra
import Foundation

/// ALS parameters (Hu, Koren & Volinsky 2008). `tuned` holds the defaults chosen on a validation split
/// (docs/EVAL.md).
public struct ALSParameters: Sendable, Hashable, Codable {
    /// Latent dimensions f.
    public var factors: Int
    /// L2 penalty λ on user and item factors.
    public var regularization: Float
    /// Confidence slope α: an interaction of weight r has confidence 1 + α·r.
    public var alpha: Float
    /// Alternating sweeps (each solves all users, then all items).
    public var iterations: Int
    /// Conjugate-gradient steps per solve, warm-started from the previous factors; 0 = exact Cholesky
    /// solves (LAPACK spotrf/spotrs), slower but exact.
    public var conjugateGradientSteps: Int
    /// Seed of the factor initialisation (same seed + data = same model).
    public var seed: UInt64

    public init(factors: Int = 64, regularization: Float = 20, alpha: Float = 1, iterations: Int = 15, conjugateGradientSteps: Int = 3, seed: UInt64 = 42) {
        self.factors = factors
        self.regularization = regularization
        self.alpha = alpha
        self.iterations = iterations
        self.conjugateGradientSteps = conjugateGradientSteps
        self.seed = seed
    }

    public static let tuned = ALSParameters()

    public var description: String {
        "factors=\(factors) regularization=\(regularization) alpha=\(alpha) iterations=\(iterations) cg_steps=\(conjugateGradientSteps) seed=\(seed)"
    }
}

/// Implicit-feedback matrix factorisation by alternating least squares (Hu, Koren & Volinsky 2008).
///
/// With item factors Y (items × f), a history {i: rᵢ} gives confidences cᵢ = 1 + α·rᵢ and the user's
/// factors x solve A·x = b, A = YᵀY + λI + Σᵢ (cᵢ − 1)·yᵢyᵢᵀ, b = Σᵢ cᵢ·yᵢ; scores are Y·x. Sessions
/// never refit: they fold the user in (this exact solve on the current history, as implicit's
/// `recalculate_user`), updating A and b by rank-one terms per click.
public final class ALSRecommender: CacheableModel {
    public let algorithm = Algorithm.als
    public let itemCount: Int
    public let parameters: ALSParameters
    /// Item factors Y, items × f.
    public let itemFactors: DenseMatrix
    /// YᵀY + λI, f × f (both triangles).
    public let regularizedGram: DenseMatrix
    /// Euclidean norm of each item's factor row (for `similarItems`).
    let itemNorms: [Float]
    /// The item factors in int8 for the first stage of the exact two-stage top-K of sessions
    /// (`ALSScorer.prunedTop`): a quarter of the 4·items·f bytes a full scan reads. Nil for catalogues
    /// below `TwoStageTopK.minimumRows` (unless forced), where a full scan is as fast.
    public let firstStage: QuantizedRows?
    /// `firstStage` with each row's scale divided by its norm: cosine estimates for `similarItems`.
    let cosineStage: QuantizedRows?

    /// `twoStage` forces the int8 first stage on (true) or off (false); nil decides by size.
    init(parameters: ALSParameters, itemFactors: DenseMatrix, twoStage: Bool? = nil) {
        self.parameters = parameters
        self.itemCount = itemFactors.rows
        self.itemFactors = itemFactors
        self.regularizedGram = ALSRecommender.regularizedGram(of: itemFactors, lambda: parameters.regularization)
        self.itemNorms = (0..<itemFactors.rows).map { row in
            itemFactors.values.withUnsafeBufferPointer { p in
                let base = p.baseAddress! + row * itemFactors.columns
                return VectorKernels.dot(base, base, itemFactors.columns).squareRoot()
            }
        }
        if twoStage ?? (itemFactors.rows >= TwoStageTopK.minimumRows) {
            let quantized = itemFactors.values.withUnsafeBufferPointer { QuantizedRows(rows: itemFactors.rows, columns: itemFactors.columns, values: $0) }
            self.firstStage = quantized
            self.cosineStage = quantized.rescaled(dividingBy: itemNorms)
        } else {
            self.firstStage = nil
            self.cosineStage = nil
        }
    }

    /// Fits on `matrix`; `progress(iteration, iterations)` is called after each sweep and
    /// `fraction(done)` (0...1) after each half-sweep's residual and each conjugate-gradient step.
    /// Cost per sweep with CG: 2·(users + items)·f²·(steps + 1) flops in sgemm plus
    /// 4·entries·f·(steps + 1) in the sparse terms; SampleData 64 factors × 15 sweeps: see `recscope bench`.
    public static func fit(_ matrix: InteractionMatrix, parameters: ALSParameters = .tuned, progress: (Int, Int) -> Void = { _, _ in },
                           fraction: (Double) -> Void = { _ in }) throws -> ALSRecommender {
        let f = parameters.factors
        guard f > 0, f <= 1024 else { throw RecError("ALS factors must be in 1...1024, got \(f)") }
        guard parameters.regularization >= 0, parameters.regularization.isFinite else { throw RecError("ALS regularization must be ≥ 0, got \(parameters.regularization)") }
        guard parameters.alpha >= 0, parameters.alpha.isFinite else { throw RecError("ALS alpha must be ≥ 0, got \(parameters.alpha)") }
        guard parameters.iterations >= 0 else { throw RecError("ALS iterations must be ≥ 0, got \(parameters.iterations)") }
        guard parameters.conjugateGradientSteps >= 0 else { throw RecError("ALS CG steps must be ≥ 0, got \(parameters.conjugateGradientSteps)") }
        var random = SplitMix64(seed: parameters.seed)
        var userFactors = DenseMatrix(rows: matrix.userCount, columns: f)
        var itemFactors = DenseMatrix(rows: matrix.itemCount, columns: f)
        for i in userFactors.values.indices { userFactors.values[i] = random.nextUnitFloat() * 0.01 }
        for i in itemFactors.values.indices { itemFactors.values[i] = random.nextUnitFloat() * 0.01 }
        // The sgemms here are small (rows × f × f); OpenBLAS's own threads would only spin against the
        // row-block threads of the sparse work, so BLAS runs single-threaded during the fit.
        let blasThreads = openblas_get_num_threads()
        openblas_set_num_threads(1)
        defer { openblas_set_num_threads(blasThreads) }
        let byUser = SparseRows(start: matrix.userStart, columns: matrix.userItems, weights: matrix.userWeights)
        let byItem = SparseRows(start: matrix.itemStart, columns: matrix.itemUsers, weights: matrix.itemWeights)
        // Work units: per half-sweep, the residual (or the Cholesky solves) and each CG step.
        let unitsPerHalf = parameters.conjugateGradientSteps == 0 ? 1 : parameters.conjugateGradientSteps + 1
        let units = max(1, 2 * parameters.iterations * unitsPerHalf)
        var unitsDone = 0
        let step = { unitsDone += 1; fraction(Double(unitsDone) / Double(units)) }
        for iteration in 0..<parameters.iterations {
            try halfStep(rows: byUser, solving: &userFactors, fixed: itemFactors, parameters: parameters, stepDone: step)
            try halfStep(rows: byItem, solving: &itemFactors, fixed: userFactors, parameters: parameters, stepDone: step)
            progress(iteration + 1, parameters.iterations)
        }
        fraction(1)
        return ALSRecommender(parameters: parameters, itemFactors: itemFactors)
    }

    /// Sparse rows with weights (CSR view of either orientation).
    struct SparseRows {
        let start: [Int]
        let columns: [Int]
        let weights: [Float]
        var count: Int { start.count - 1 }

        /// `out += Σ over row's entries of coefficient · yᵢ`, coefficient cᵢ − (cᵢ − 1)·(yᵢ·v) for the
        /// residual, (cᵢ − 1)·(yᵢ·v) for the sparse part of A·p (`rk_als_sparse_row`: AVX2 + FMA when the
        /// CPU has them). Cost 4·f per entry.
        @inline(__always)
        func sparseRow(_ row: Int, factors: UnsafePointer<Float>, f: Int, alpha: Float, vector: UnsafePointer<Float>,
                       into out: UnsafeMutablePointer<Float>, residual: Bool) {
            let begin = start[row], count = start[row + 1] - begin
            guard count > 0 else { return }
            columns.withUnsafeBufferPointer { c in
                weights.withUnsafeBufferPointer { w in
                    let ids = UnsafeRawPointer(c.baseAddress! + begin).assumingMemoryBound(to: Int64.self)
                    rk_als_sparse_row(factors, f, ids, w.baseAddress! + begin, count, alpha, vector, out, residual ? 1 : 0)
                }
            }
        }
    }

    /// FᵀF + λI (f × f, both triangles).
    static func regularizedGram(of factors: DenseMatrix, lambda: Float) -> DenseMatrix {
        var gram = LinearAlgebra.gram(factors)
        for d in 0..<factors.columns { gram[d, d] += lambda }
        return gram
    }

    /// One half of a sweep: solves every row of `solving` given `fixed`. Exact (Cholesky) when
    /// `conjugateGradientSteps == 0`, else that many CG steps warm-started from the current rows, all
    /// rows in lock-step so the dense A₀·p products are one sgemm per step.
    static func halfStep(rows: SparseRows, solving target: inout DenseMatrix, fixed: DenseMatrix, parameters: ALSParameters,
                         stepDone: () -> Void = {}) throws {
        let f = parameters.factors
        let alpha = parameters.alpha
        let gram = regularizedGram(of: fixed, lambda: parameters.regularization)
        let n = rows.count
        guard n > 0 else { return }
        if parameters.conjugateGradientSteps == 0 {
            var system = DenseMatrix(rows: f, columns: f)
            var rhs = [Float](repeating: 0, count: f)
            for row in 0..<n {
                buildSystem(entries: rows.start[row]..<rows.start[row + 1], columns: rows.columns, weights: rows.weights,
                            factors: fixed, gram: gram, alpha: alpha, system: &system, rhs: &rhs)
                try LinearAlgebra.choleskyFactor(&system)
                rhs.withUnsafeMutableBufferPointer { LinearAlgebra.choleskySolve(factor: system, vector: $0.baseAddress!) }
                target.values.replaceSubrange((row * f)..<((row + 1) * f), with: rhs)
            }
            stepDone()
            return
        }
        // Lock-step conjugate gradient over all rows (warm start x = current rows). The dense A₀·p
        // products are one sgemm per step; the sparse per-row work runs on `workerCount` threads.
        var residual = DenseMatrix(rows: n, columns: f)
        var direction = DenseMatrix(rows: n, columns: f)
        var product = DenseMatrix(rows: n, columns: f)
        var oldResidualNorm = [Float](repeating: 0, count: n)
        var active = [Bool](repeating: true, count: n)
        // residual = b − A·x = Σ cᵢyᵢ − A₀x − Σ (cᵢ − 1)(yᵢ·x)yᵢ
        multiplyByGram(target, gram, alpha: -1, into: &residual)
        fixed.values.withUnsafeBufferPointer { y in
            target.values.withUnsafeBufferPointer { x in
                residual.values.withUnsafeMutableBufferPointer { r in
                    oldResidualNorm.withUnsafeMutableBufferPointer { norms in
                        RowBlocks.forEach(n) { block in
                            for row in block {
                                let xr = x.baseAddress! + row * f
                                let rr = r.baseAddress! + row * f
                                rows.sparseRow(row, factors: y.baseAddress!, f: f, alpha: alpha, vector: xr, into: rr, residual: true)
                                norms[row] = VectorKernels.dot(rr, rr, f)
                            }
                        }
                    }
                }
            }
        }
        direction.values = residual.values
        for row in 0..<n { active[row] = oldResidualNorm[row] > 1e-20 }
        stepDone()
        for _ in 0..<parameters.conjugateGradientSteps {
            defer { stepDone() }
            multiplyByGram(direction, gram, into: &product)
            fixed.values.withUnsafeBufferPointer { y in
                target.values.withUnsafeMutableBufferPointer { x in
                    residual.values.withUnsafeMutableBufferPointer { r in
                        direction.values.withUnsafeMutableBufferPointer { d in
                            product.values.withUnsafeMutableBufferPointer { ap in
                                oldResidualNorm.withUnsafeMutableBufferPointer { norms in
                                    active.withUnsafeMutableBufferPointer { isActive in
                                        RowBlocks.forEach(n) { block in
                                            for row in block where isActive[row] {
                                                let dr = d.baseAddress! + row * f
                                                let apr = ap.baseAddress! + row * f
                                                rows.sparseRow(row, factors: y.baseAddress!, f: f, alpha: alpha, vector: dr, into: apr, residual: false)
                                                let curvature = VectorKernels.dot(dr, apr, f)
                                                guard curvature > 0 else { isActive[row] = false; continue }
                                                let step = norms[row] / curvature
                                                let xr = x.baseAddress! + row * f
                                                let rr = r.baseAddress! + row * f
                                                VectorKernels.axpy(step, dr, xr, f)
                                                VectorKernels.axpy(-step, apr, rr, f)
                                                let newResidualNorm = VectorKernels.dot(rr, rr, f)
                                                if newResidualNorm < 1e-20 { isActive[row] = false; continue }
                                                let ratio = newResidualNorm / norms[row]
                                                for k in 0..<f { dr[k] = rr[k] + ratio * dr[k] }
                                                norms[row] = newResidualNorm
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// c ← alpha · a · gram (a: rows × f, gram: f × f), the rows split over the cores (BLAS itself runs
    /// single-threaded during a fit, see `fit`). Cost 2·rows·f² flops.
    static func multiplyByGram(_ a: DenseMatrix, _ gram: DenseMatrix, alpha: Float = 1, into c: inout DenseMatrix) {
        let f = gram.columns
        guard a.rows >= 2 * HalfMatrix.rowsPerThreadMinimum else { return LinearAlgebra.multiply(a, gram, alpha: alpha, into: &c) }
        a.values.withUnsafeBufferPointer { pa in
            gram.values.withUnsafeBufferPointer { pg in
                c.values.withUnsafeMutableBufferPointer { pc in
                    nonisolated(unsafe) let pa = pa.baseAddress!, pg = pg.baseAddress!, pc = pc.baseAddress!
                    RowBlocks.forEach(a.rows) { rows in
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows.count), Int32(f), Int32(f), alpha,
                                    pa + rows.lowerBound * f, Int32(f), pg, Int32(f), 0, pc + rows.lowerBound * f, Int32(f))
                    }
                }
            }
        }
    }

    /// A = gram + Σ α·rᵢ·yᵢyᵢᵀ (upper triangle row-major, which is what the Cholesky wrapper reads) and
    /// b = Σ (1 + α·rᵢ)·yᵢ over the entries with positive weight. Cost entries·f² flops.
    static func buildSystem(entries: Range<Int>, columns: [Int], weights: [Float], factors: DenseMatrix, gram: DenseMatrix,
                            alpha: Float, system: inout DenseMatrix, rhs: inout [Float]) {
        let f = factors.columns
        system.values = gram.values
        for d in 0..<f { rhs[d] = 0 }
        factors.values.withUnsafeBufferPointer { y in
            system.values.withUnsafeMutableBufferPointer { a in
                rhs.withUnsafeMutableBufferPointer { b in
                    for p in entries where weights[p] > 0 {
                        let yi = y.baseAddress! + columns[p] * f
                        cblas_ssyr(CblasRowMajor, CblasUpper, Int32(f), alpha * weights[p], yi, 1, a.baseAddress, Int32(f))
                        VectorKernels.axpy(1 + alpha * weights[p], yi, b.baseAddress!, f)
                    }
                }
            }
        }
    }

    /// Every user's exact solve given item factors Y (one user half-step of a sweep with Cholesky);
    /// rows × f. Exposed for tests of fold-in against a full iteration.
    static func solveAllUsers(_ matrix: InteractionMatrix, itemFactors: DenseMatrix, parameters: ALSParameters) throws -> DenseMatrix {
        var exact = parameters
        exact.conjugateGradientSteps = 0
        var users = DenseMatrix(rows: matrix.userCount, columns: parameters.factors)
        try halfStep(rows: SparseRows(start: matrix.userStart, columns: matrix.userItems, weights: matrix.userWeights),
                     solving: &users, fixed: itemFactors, parameters: exact)
        return users
    }

    public func makeScorer(history: [WeightedItem]) -> any SessionScorer {
        ALSScorer(model: self, history: history)
    }

    /// Cosine similarity of item factor vectors. Cost O(items × f); at large catalogues the exact
    /// two-stage top-K over the int8 factors (items × f bytes read, the candidates rescored exactly).
    public func similarItems(to item: Int, k: Int) -> [ScoredItem] {
        guard item >= 0, item < itemCount, itemNorms[item] > 0 else { return [] }
        let f = parameters.factors
        if let cosineStage {
            let norms = itemNorms
            let pruned = itemFactors.values.withUnsafeBufferPointer { y -> [ScoredItem]? in
                let query = y.baseAddress! + item * f
                var estimates = [Float](repeating: 0, count: itemCount)
                return TwoStageTopK.select(k: k, rows: cosineStage, query: query, scale: 1 / norms[item],
                                           excluded: { $0 == item || norms[$0] == 0 },
                                           exact: { VectorKernels.dot(query, y.baseAddress! + $0 * f, f) / (norms[item] * norms[$0]) },
                                           estimates: &estimates)?.top
            }
            if let pruned { return pruned }
        }
        var top = TopK(capacity: k)
        itemFactors.values.withUnsafeBufferPointer { y in
            let query = y.baseAddress! + item * f
            for other in 0..<itemCount where other != item && itemNorms[other] > 0 {
                top.offer(item: other, score: VectorKernels.dot(query, y.baseAddress! + other * f, f) / (itemNorms[item] * itemNorms[other]))
            }
        }
        return top.sorted()
    }

    public static func cacheParameters(_ parameters: ALSParameters) -> String { "als v1 " + parameters.description }

    public func encode(into writer: inout BinaryWriter) {
        writer.write(itemFactors)
    }

    public static func decode(from reader: inout BinaryReader, parameters: ALSParameters) throws -> ALSRecommender {
        let factors = try reader.readMatrix()
        guard factors.columns == parameters.factors, factors.values.allSatisfy({ $0.isFinite }) else {
            throw RecError(file: reader.file, "corrupted cache file: ALS factors do not match the parameters")
        }
        return ALSRecommender(parameters: parameters, itemFactors: factors)
    }
}

extension SplitMix64 {
    /// Uniform in [0, 1) with 24 random bits.
    mutating func nextUnitFloat() -> Float { Float(next() >> 40) / Float(1 << 24) }
}

extension Algorithm {
    /// Implicit ALS (Hu, Koren & Volinsky 2008).
    public static let als = Algorithm(named: "als")
}

/// ALS: fitted on the interaction matrix (progress per sweep), cached.
public struct ALSAlgorithm: AlgorithmDescriptor {
    public var algorithm: Algorithm { .als }
    public var summary: String { "implicit ALS (Hu, Koren & Volinsky 2008), users folded in" }
    public var isFitted: Bool { true }
    public var hybridOrder: Int? { 2 }
    public func build(in factory: ModelFactory, progress: (String) -> Void) throws -> ModelFactory.FittedModel {
        let p = factory.configuration.als
        let result = try withoutActuallyEscaping(progress) { progress in
            let report: (Int, Int) -> Void = { done, total in if done % 5 == 0 || done == total { progress("als: sweep \(done)/\(total)") } }
            return try factory.loadOrFit(ALSRecommender.self, algorithm: algorithm, parameters: ALSRecommender.cacheParameters(p),
                                         decode: { try ALSRecommender.decode(from: &$0, parameters: p) },
                                         fit: { try ALSRecommender.fit($0, parameters: p, progress: report, fraction: { factory.report(algorithm, $0) }) })
        }
        return result.fitted(parameters: [("factors", "\(p.factors)"), ("regularization", "\(p.regularization)"), ("alpha", "\(p.alpha)"),
                                          ("iterations", "\(p.iterations)"), ("cg_steps", "\(p.conjugateGradientSteps)"), ("seed", "\(p.seed)")])
    }
}
