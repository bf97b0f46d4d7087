import Foundation

extension Algorithm {
    /// Dot products of factors trained elsewhere (`--factors DIR`, see `FactorModel`).
    public static let factors = Algorithm(named: "factors")
}

/// Recommends from an imported `FactorModel`: scores are item factor · user factor.
///
/// A session of a user with an exported row starts from that row exactly (`FactorsScorer.anchor`); a
/// click moves it by ALS's regularised least-squares fold-in over the imported item factors
/// (A = YᵀY + λI + Σ α·rᵢ·yᵢyᵢᵀ, b = Σ (1 + α·rᵢ)·yᵢ), anchored so the user's own history gives the
/// exported row: x = A⁻¹(b + A₀x₀ − b₀). A user without a row, a new user and `eval` (which folds in
/// the training part of each history) use the plain fold-in x = A⁻¹b. Items of the data set without a
/// factor row have a zero vector: they score 0.
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

/// A session over imported factors: `ALSScorer`'s fold-in and scoring, anchored on the exported user
/// row when the session has one; the explanation lists the history items by item-factor cosine to the
/// explained item.
public final class FactorsScorer: PrunedTopKScorer, UserAnchoredScorer {
    let model: FactorsRecommender
    private let inner: ALSScorer
    /// The user whose exported row anchors the fold-in; nil: plain fold-in.
    public private(set) var anchoredUser: Int?

    init(model: FactorsRecommender, history: [WeightedItem]) {
        self.model = model
        self.inner = ALSScorer(model: model.als, history: history)
    }

    /// The current user factors (the exported row moved by the changes since, or the plain fold-in).
    /// Cost f³/3 flops after a change.
    public var factors: [Float] { inner.factors }

    /// Offset o = A₀·x₀ − b₀ of `baseHistory`'s system at the exported row x₀, so that
    /// A⁻¹(b + o) = x₀ for that history. Cost: history·f² + 2f² flops.
    public func anchor(user: Int?, baseHistory: [WeightedItem]) {
        let stored = model.model
        guard let user, user >= 0, user < stored.userHasFactors.count, stored.userHasFactors[user] else {
            anchoredUser = nil
            inner.setOffset(nil)
            return
        }
        let base = ALSScorer(model: model.als, history: baseHistory)
        inner.setOffset(base.residual(at: stored.userFactors.row(user)))
        anchoredUser = user
    }

    public func apply(_ changes: [WeightedItem]) { inner.apply(changes) }

    public func retract(_ changes: [WeightedItem], history: () -> [WeightedItem]) { inner.retract(changes, history: history) }

    public func rebuild(history: [WeightedItem]) { inner.rebuild(history: history) }

    /// Scores = Y·x. Cost f³/3 (solve, after a change) + 2·items·f flops.
    public func score(into output: inout [Float]) { inner.score(into: &output) }

    public func prunedTop(k: Int, excluded: (Int) -> Bool, estimates: inout [Float]) -> [ScoredItem]? {
        inner.prunedTop(k: k, excluded: excluded, estimates: &estimates)
    }

    public func exactScores() -> (Int) -> Float { inner.exactScores() }

    /// The score (item factor · user factor) and each history item's item-factor cosine to `item`, most
    /// similar first. Cost history·f flops plus the solve.
    public func explain(item: Int) -> Explanation {
        guard item >= 0, item < model.itemCount else { return Explanation(algorithm: .factors, item: item, score: 0) }
        let score = inner.exactScores()(item)
        var parts = inner.weights.filter { $0.value > 0 }.map { HistoryContribution(item: $0.key, value: model.cosine(item, $0.key)) }
        parts.sort { ($0.value, $1.item) > ($1.value, $0.item) }
        let items = "\(parts.count) history item\(parts.count == 1 ? "" : "s")"
        let summary: String
        if !model.model.itemHasFactors[item] {
            summary = "this item has no row in the imported item factors: score 0"
        } else if anchoredUser != nil {
            summary = "imported factors: starts from this user's exported vector, clicks since folded in by least squares; parts are item-factor cosines to the \(items)"
        } else if parts.isEmpty {
            summary = "empty history: the folded-in user vector is zero"
        } else {
            summary = "imported factors, user folded in from \(items) (no exported vector for this user); parts are item-factor cosines to the history"
        }
        return Explanation(algorithm: .factors, item: item, score: score, history: parts, historyMeaning: .similarity, summary: summary)
    }
}

/// Factors: imported with the data (`--factors DIR`), never fitted here.
public struct FactorsAlgorithm: AlgorithmDescriptor {
    public var algorithm: Algorithm { .factors }
    public var summary: String { "dot products of factors trained elsewhere (--factors DIR): exported user vectors, clicks folded in as ALS" }
    public var isFitted: Bool { false }
    /// Joins the live hybrid (at weight 0) when `--factors` gave it.
    public var hybridOrder: Int? { 6 }
    public var howToProvide: String? { "give --factors DIR (see docs/FACTORS.md)" }
    public func build(in factory: ModelFactory, progress: (String) -> Void) throws -> ModelFactory.FittedModel {
        throw RecError("algorithm 'factors' needs --factors DIR (user_factors.npy, item_factors.npy, user_ids.csv, item_ids.csv; see docs/FACTORS.md)")
    }
}

extension Engine {
    /// Loads `directory` (see `FactorModel.load`) and registers a `FactorsRecommender` whose click
    /// fold-in uses `regularization` (λ) and `alpha` (α). Returns the notes about unknown ids. Throws for
    /// λ ≤ 0, α < 0 or either not finite, and for the files as `FactorModel.load` does.
    @discardableResult
    public func attachFactors(directory: String, regularization: Float = ALSParameters.tuned.regularization,
                              alpha: Float = ALSParameters.tuned.alpha) throws -> [String] {
        try FactorsRecommender.validateFoldIn(regularization: regularization, alpha: alpha)
        let model = try FactorModel.load(directory: directory, dataset: dataset)
        register(FactorsRecommender(model: model, regularization: regularization, alpha: alpha))
        return model.notes
    }
}

extension FactorsRecommender {
    /// Throws a one-line error unless λ is finite and > 0 (A must stay positive definite for any
    /// history) and α is finite and ≥ 0.
    public static func validateFoldIn(regularization: Float, alpha: Float) throws {
        guard regularization.isFinite, regularization > 0 else {
            throw RecError("--factors-lambda must be a finite number > 0 (the fold-in's regularisation), got \(regularization)")
        }
        guard alpha.isFinite, alpha >= 0 else {
            throw RecError("--factors-alpha must be a finite number >= 0 (the fold-in's confidence weight), got \(alpha)")
        }
    }
}
