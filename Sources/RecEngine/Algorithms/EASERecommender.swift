import Foundation

/// EASE parameters. `tuned` holds the default chosen on a validation split (docs/EVAL.md).
public struct EASEParameters: Sendable, Hashable, Codable {
    /// L2 penalty λ added to the Gram matrix's diagonal.
    public var lambda: Float

    public init(lambda: Float = 200) { self.lambda = lambda }

    public static let tuned = EASEParameters()

    public var description: String { "lambda=\(lambda)" }
}

/// EASE (Steck 2019, "Embarrassingly Shallow Autoencoders"): item–item weights
/// B = I − P·diag(1/diag(P)), P = (XᵀX + λI)⁻¹, with a zero diagonal. A history h scores hᵀB, so a
/// click adds the clicked item's row of B (O(items)).
///
/// The inverse comes from LAPACK (spotrf + spotri). When there are fewer users than items, the
/// push-through (Woodbury) identity (XᵀX + λIₙ)⁻¹ = (Iₙ − Xᵀ(XXᵀ + λIᵤ)⁻¹X)/λ inverts a users × users
/// matrix instead, which is the same P for a fraction of the cost.
/// Memory: items² × 4 bytes (SampleData: 380 MB).
public final class EASERecommender: CacheableModel {
    public let algorithm = Algorithm.ease
    public let itemCount: Int
    public let parameters: EASEParameters
    /// B, items × items, row j = what history item j adds to every item's score.
    public let weights: DenseMatrix

    /// Largest catalogue EASE accepts (its items² matrix would need 6.4 GB beyond this).
    public static let maximumItems = 40_000

    init(parameters: EASEParameters, weights: DenseMatrix) {
        self.parameters = parameters
        self.itemCount = weights.rows
        self.weights = weights
    }

    /// Fits on `matrix`. Cost: with u < n users/items, u²·n (XXᵀ) + u³ (inverse) + 2·u²·n + 2·u·n² (P)
    /// flops; otherwise Σ_users n_u² (Gram) + n³ (inverse). SampleData: see `recscope bench`.
    public static func fit(_ matrix: InteractionMatrix, parameters: EASEParameters = .tuned) throws -> EASERecommender {
        let n = matrix.itemCount
        guard parameters.lambda > 0, parameters.lambda.isFinite else { throw RecError("EASE lambda must be > 0, got \(parameters.lambda)") }
        guard n <= maximumItems else { throw RecError("EASE supports at most \(maximumItems) items (it keeps an items × items matrix); the data has \(n)") }
        let lambda = parameters.lambda
        var precision: DenseMatrix
        if matrix.userCount < n {
            let x = matrix.dense()
            var inner = LinearAlgebra.outerGram(x)
            for u in 0..<matrix.userCount { inner[u, u] += lambda }
            try LinearAlgebra.invertSymmetricPositiveDefinite(&inner)
            let solved = LinearAlgebra.product(inner, x)
            precision = DenseMatrix.identity(n, scale: 1 / lambda)
            LinearAlgebra.multiply(x, transposeA: true, solved, alpha: -1 / lambda, beta: 1, into: &precision)
        } else {
            precision = gram(matrix)
            for i in 0..<n { precision[i, i] += lambda }
            try LinearAlgebra.invertSymmetricPositiveDefinite(&precision)
        }
        // B[i][j] = −P[i][j] / P[j][j], zero diagonal.
        var inverseDiagonal = [Float](repeating: 0, count: n)
        for j in 0..<n {
            let d = precision[j, j]
            guard d > 0, d.isFinite else { throw RecError("EASE: numerically singular system (diagonal \(d)); increase lambda") }
            inverseDiagonal[j] = 1 / d
        }
        precision.values.withUnsafeMutableBufferPointer { p in
            for i in 0..<n {
                let row = p.baseAddress! + i * n
                for j in 0..<n { row[j] = -row[j] * inverseDiagonal[j] }
                row[i] = 0
            }
        }
        return EASERecommender(parameters: parameters, weights: precision)
    }

    /// XᵀX from the sparse rows (dense items × items). Cost Σ_users n_u².
    static func gram(_ matrix: InteractionMatrix) -> DenseMatrix {
        let n = matrix.itemCount
        var gram = DenseMatrix(rows: n, columns: n)
        gram.values.withUnsafeMutableBufferPointer { g in
            for u in 0..<matrix.userCount {
                let range = matrix.userStart[u]..<matrix.userStart[u + 1]
                for p in range {
                    let row = g.baseAddress! + matrix.userItems[p] * n
                    let wp = matrix.userWeights[p]
                    for q in range { row[matrix.userItems[q]] += wp * matrix.userWeights[q] }
                }
            }
        }
        return gram
    }

    public func makeScorer(history: [WeightedItem]) -> any SessionScorer {
        ItemRowScorer(model: self, history: history)
    }

    /// The largest weights of the item's row of B. Cost O(items log k).
    public func similarItems(to item: Int, k: Int) -> [ScoredItem] {
        guard item >= 0, item < itemCount else { return [] }
        return weights.values.withUnsafeBufferPointer { b in
            let row = UnsafeBufferPointer(rebasing: b[(item * itemCount)..<((item + 1) * itemCount)])
            return TopK.select(row, k: k, excluded: { $0 == item }).filter { $0.score > 0 }
        }
    }

    public static func cacheParameters(_ parameters: EASEParameters) -> String { "ease v1 " + parameters.description }

    public func encode(into writer: inout BinaryWriter) {
        writer.write(weights)
    }

    public static func decode(from reader: inout BinaryReader, parameters: EASEParameters) throws -> EASERecommender {
        let weights = try reader.readMatrix()
        guard weights.rows == weights.columns else { throw RecError(file: reader.file, "corrupted cache file: EASE matrix not square") }
        return EASERecommender(parameters: parameters, weights: weights)
    }
}

extension EASERecommender: ItemRowModel {
    /// factor × row `item` of B (dense, O(items), one saxpy).
    func addRow(of item: Int, times factor: Float, into scores: UnsafeMutableBufferPointer<Float>) {
        let n = itemCount
        weights.values.withUnsafeBufferPointer { b in
            VectorKernels.axpy(factor, b.baseAddress! + item * n, scores.baseAddress!, n)
        }
    }

    func rowValue(from item: Int, to target: Int) -> Float { weights[item, target] }

    func explanationSummary(parts: [HistoryContribution], total: Float) -> String {
        parts.isEmpty
            ? "no history item has a weight towards this item"
            : "sum of weight × B[j][i] over \(parts.count) history item\(parts.count == 1 ? "" : "s") (negative parts push the item down)"
    }
}

extension Algorithm {
    /// EASE (Steck 2019), closed form.
    public static let ease = Algorithm(named: "ease")
}

/// EASE: fitted on the interaction matrix, cached; it keeps an items × items matrix, so it cannot
/// serve catalogues above `EASERecommender.maximumItems`.
public struct EASEAlgorithm: AlgorithmDescriptor {
    public var algorithm: Algorithm { .ease }
    public var summary: String { "EASE (Steck 2019), closed form via LAPACK" }
    public var isFitted: Bool { true }
    public var hybridOrder: Int? { 0 }
    public func unavailableReason(for dataset: Dataset) -> String? {
        let items = dataset.catalog.count
        guard items > EASERecommender.maximumItems else { return nil }
        return "EASE keeps an items × items matrix and supports at most \(EASERecommender.maximumItems) items; the data has \(items)"
    }
    public func build(in factory: ModelFactory, progress: (String) -> Void) throws -> ModelFactory.FittedModel {
        let p = factory.configuration.ease
        let result = try factory.loadOrFit(EASERecommender.self, algorithm: algorithm, parameters: EASERecommender.cacheParameters(p),
                                           decode: { try EASERecommender.decode(from: &$0, parameters: p) },
                                           fit: { try EASERecommender.fit($0, parameters: p) })
        return result.fitted(parameters: [("lambda", "\(p.lambda)")])
    }
}
