import Foundation

extension Algorithm {
    /// Dot products of factors trained elsewhere (`--factors DIR`, see `FactorModel`).
    public static let factors = Algorithm(named: "factors")
}

/// Recommends from an imported `FactorModel`: scores are item factor · user factor, where a session's
/// user factor is folded in from its history by ALS's regularised least-squares solve over the imported
/// item factors (`ALSScorer`: A = YᵀY + λI + Σ α·rᵢ·yᵢyᵢᵀ, b = Σ (1 + α·rᵢ)·yᵢ, with λ and α of
/// `ALSParameters`). For a user whose history the model was trained on, this is the user half-step of
/// ALS, so it reproduces the exported user factors when λ and α match the training. Items of the data
/// set without a factor row have a zero vector: they score 0.
public final class FactorsRecommender: Recommender {
    public let algorithm = Algorithm.factors
    public let model: FactorModel
    /// ALS's scorer machinery over the imported item factors (never fitted).
    let als: ALSRecommender

    /// `regularization` and `alpha` are the fold-in's λ and α. Cost: YᵀY (items × dims² flops) and the
    /// item norms; the int8 first stage at large catalogues as ALS builds it.
    public init(model: FactorModel, regularization: Float = ALSParameters.tuned.regularization, alpha: Float = ALSParameters.tuned.alpha) {
        self.model = model
        var parameters = ALSParameters.tuned
        parameters.factors = model.dimension
        parameters.regularization = regularization
        parameters.alpha = alpha
        parameters.iterations = 0
        self.als = ALSRecommender(parameters: parameters, itemFactors: model.itemFactors)
    }

    public var itemCount: Int { als.itemCount }

    public func makeScorer(history: [WeightedItem]) -> any SessionScorer {
        FactorsScorer(model: self, history: history)
    }

    /// Cosine of item factor vectors (as ALS). Items without factors have no neighbours.
    public func similarItems(to item: Int, k: Int) -> [ScoredItem] { als.similarItems(to: item, k: k) }

    /// Cosine of two items' factor vectors; 0 when either has none.
    func cosine(_ a: Int, _ b: Int) -> Float {
        let f = model.dimension
        let norms = als.itemNorms
        guard norms[a] > 0, norms[b] > 0 else { return 0 }
        return model.itemFactors.values.withUnsafeBufferPointer { y in
            VectorKernels.dot(y.baseAddress! + a * f, y.baseAddress! + b * f, f) / (norms[a] * norms[b])
        }
    }
}

/// A session over imported factors: `ALSScorer`'s fold-in and scoring; the explanation lists the
/// history items by item-factor cosine to the explained item.
public final class FactorsScorer: PrunedTopKScorer {
    let model: FactorsRecommender
    private let inner: ALSScorer
    private var weights: [Int: Float] = [:]

    init(model: FactorsRecommender, history: [WeightedItem]) {
        self.model = model
        self.inner = ALSScorer(model: model.als, history: history)
        record(history)
    }

    private func record(_ changes: [WeightedItem]) {
        for change in changes where change.item >= 0 && change.item < model.itemCount {
            weights[change.item, default: 0] += change.weight
        }
    }

    /// The folded-in user factors for the current history. Cost dims³/3 flops after a change.
    public var factors: [Float] { inner.factors }

    public func apply(_ changes: [WeightedItem]) { inner.apply(changes); record(changes) }

    public func retract(_ changes: [WeightedItem], history: () -> [WeightedItem]) {
        inner.retract(changes, history: history)
        record(Self.negated(changes))
    }

    public func rebuild(history: [WeightedItem]) {
        inner.rebuild(history: history)
        weights = [:]
        record(history)
    }

    /// Scores = Y·x. Cost dims³/3 (solve, after a change) + 2·items·dims flops.
    public func score(into output: inout [Float]) { inner.score(into: &output) }

    public func prunedTop(k: Int, excluded: (Int) -> Bool, estimates: inout [Float]) -> [ScoredItem]? {
        inner.prunedTop(k: k, excluded: excluded, estimates: &estimates)
    }

    public func exactScores() -> (Int) -> Float { inner.exactScores() }

    /// The score (item factor · folded-in user factor) and each history item's item-factor cosine to
    /// `item`, most similar first. Cost history·dims flops plus the solve.
    public func explain(item: Int) -> Explanation {
        guard item >= 0, item < model.itemCount else { return Explanation(algorithm: .factors, item: item, score: 0) }
        let score = inner.exactScores()(item)
        var parts = weights.filter { $0.value > 0 }.map { HistoryContribution(item: $0.key, value: model.cosine(item, $0.key)) }
        parts.sort { ($0.value, $1.item) > ($1.value, $0.item) }
        let summary: String
        if !model.model.itemHasFactors[item] {
            summary = "this item has no row in the imported item factors: score 0"
        } else if parts.isEmpty {
            summary = "empty history: the folded-in user vector is zero"
        } else {
            summary = "imported factors, user folded in from \(parts.count) history item\(parts.count == 1 ? "" : "s"); parts are item-factor cosines to the history"
        }
        return Explanation(algorithm: .factors, item: item, score: score, history: parts, historyMeaning: .similarity, summary: summary)
    }
}

/// Factors: imported with the data (`--factors DIR`), never fitted here.
public struct FactorsAlgorithm: AlgorithmDescriptor {
    public var algorithm: Algorithm { .factors }
    public var summary: String { "dot products of factors trained elsewhere (--factors DIR), users folded in as ALS" }
    public var isFitted: Bool { false }
    /// Joins the live hybrid (at weight 0) when `--factors` gave it.
    public var hybridOrder: Int? { 6 }
    public var howToProvide: String? { "give --factors DIR (see docs/FACTORS.md)" }
    public func build(in factory: ModelFactory, progress: (String) -> Void) throws -> ModelFactory.FittedModel {
        throw RecError("algorithm 'factors' needs --factors DIR (user_factors.npy, item_factors.npy, user_ids.csv, item_ids.csv; see docs/FACTORS.md)")
    }
}

extension Engine {
    /// Loads `directory` (see `FactorModel.load`) and registers a `FactorsRecommender` with the
    /// configuration's ALS λ and α for fold-in. Returns the notes about unknown ids.
    @discardableResult
    public func attachFactors(directory: String, configuration: ModelConfiguration = .tuned) throws -> [String] {
        let model = try FactorModel.load(directory: directory, dataset: dataset)
        register(FactorsRecommender(model: model, regularization: configuration.als.regularization, alpha: configuration.als.alpha))
        return model.notes
    }
}
