import Foundation
import Synchronization

/// How the hybrid puts each component's scores on a common scale before weighting them.
///
/// Default `zScore`: per session, each component's scores over the whole catalogue are shifted by
/// their mean and divided by their standard deviation. The algorithms' raw scales differ by orders of
/// magnitude (EASE weights ~0.01, kNN sums of cosines ~1–10, ALS dot products ~0.1–1, popularity
/// counts ~100) and also from user to user (a long history makes kNN scores large). z-scores make a
/// weight mean "this many standard deviations above the catalogue's typical item", independent of
/// scale and history length, and — unlike min-max — do not hinge on one extreme item (often an item
/// already seen, masked later). On the validation split it also ranked best (docs/EVAL.md).
public enum ScoreNormalisation: String, Sendable, Codable, CaseIterable {
    /// (s − mean) / standard deviation over the catalogue; a constant score row becomes all zeros.
    case zScore = "zscore"
    /// (s − min) / (max − min) over the catalogue.
    case minMax = "minmax"
    /// s / max |s| over the catalogue.
    case maxAbs = "max"

    /// The affine map (scale, shift) with normalised = raw × scale + shift, from one score row.
    /// Cost O(n).
    func transform(of scores: UnsafeBufferPointer<Float>) -> (scale: Float, shift: Float) {
        let n = scores.count
        guard n > 0 else { return (0, 0) }
        switch self {
        case .zScore:
            // Two passes (mean, then squared deviations) in 8-lane Float SIMD.
            let mean = ScoreNormalisation.sum(scores) / Float(n)
            let variance = ScoreNormalisation.sumOfSquaredDeviations(scores, from: mean) / Float(n)
            guard variance > 1e-24, variance.isFinite else { return (0, 0) }
            let scale = 1 / variance.squareRoot()
            return (scale, -mean * scale)
        case .minMax:
            var low = Float.infinity
            var high = -Float.infinity
            for s in scores { low = min(low, s); high = max(high, s) }
            guard high > low else { return (0, 0) }
            return (1 / (high - low), -low / (high - low))
        case .maxAbs:
            var largest: Float = 0
            for s in scores { largest = max(largest, abs(s)) }
            guard largest > 0 else { return (0, 0) }
            return (1 / largest, 0)
        }
    }
}

extension ScoreNormalisation {
    static func sum(_ values: UnsafeBufferPointer<Float>) -> Float {
        guard let base = values.baseAddress else { return 0 }
        var acc = SIMD8<Float>.zero
        var i = 0
        while i + 8 <= values.count {
            acc += UnsafeRawPointer(base + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var total = acc.sum()
        while i < values.count { total += values[i]; i += 1 }
        return total
    }

    static func sumOfSquaredDeviations(_ values: UnsafeBufferPointer<Float>, from mean: Float) -> Float {
        guard let base = values.baseAddress else { return 0 }
        let center = SIMD8<Float>(repeating: mean)
        var acc = SIMD8<Float>.zero
        var i = 0
        while i + 8 <= values.count {
            let d = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD8<Float>.self) - center
            acc += d * d
            i += 8
        }
        var total = acc.sum()
        while i < values.count { let d = values[i] - mean; total += d * d; i += 1 }
        return total
    }
}

/// A weighted sum of any fitted recommenders' normalised scores:
/// score(i) = Σ_c w_c · normalise_c(score_c(i)). Components can be any `Recommender` (popularity,
/// content, item-kNN, ALS, EASE, semantic, even another hybrid). Default weights can be changed at run
/// time (thread-safe); each session's scorer also has its own `weights`.
public final class HybridRecommender: Recommender {
    public let algorithm = Algorithm.hybrid
    public let itemCount: Int
    public let components: [any Recommender]
    public let normalisation: ScoreNormalisation
    private let defaultWeights: Mutex<[Float]>

    /// Throws when the components disagree on the catalogue size or the weights do not match.
    public init(components: [any Recommender], weights: [Float], normalisation: ScoreNormalisation = .zScore) throws {
        guard let first = components.first else { throw RecError("hybrid needs at least one component") }
        guard components.allSatisfy({ $0.itemCount == first.itemCount }) else { throw RecError("hybrid components score different catalogues") }
        try HybridRecommender.validate(weights, count: components.count)
        self.itemCount = first.itemCount
        self.components = components
        self.normalisation = normalisation
        self.defaultWeights = Mutex(weights)
    }

    static func validate(_ weights: [Float], count: Int) throws {
        guard weights.count == count else { throw RecError("hybrid has \(count) components but \(weights.count) weights") }
        if let bad = weights.first(where: { !$0.isFinite }) { throw RecError("hybrid weight \(bad) is not a finite number") }
    }

    /// Weights new sessions start with (one per component).
    public var weights: [Float] { defaultWeights.withLock { $0 } }

    /// Changes the weights new sessions start with. Throws on a count mismatch or a non-finite weight.
    public func setWeights(_ weights: [Float]) throws {
        try HybridRecommender.validate(weights, count: components.count)
        defaultWeights.withLock { $0 = weights }
    }

    /// Scorers of every component for this history. Cost Σ components' set-up.
    /// Components at weight 0 start empty and are built from the history only if their weight is raised.
    public func makeScorer(history: [WeightedItem]) -> any SessionScorer {
        let weights = self.weights
        let scorers = components.indices.map { components[$0].makeScorer(history: weights[$0] != 0 ? history : []) }
        let scorer = HybridScorer(model: self, scorers: scorers, weights: weights)
        scorer.adopt(history: history)
        return scorer
    }

    /// Items most similar to `item` under the hybrid score of the one-item history [item]. Cost: one
    /// scoring pass of every component.
    public func similarItems(to item: Int, k: Int) -> [ScoredItem] {
        guard item >= 0, item < itemCount else { return [] }
        let scorer = makeScorer(history: [WeightedItem(item: item, weight: 1)])
        var scores = [Float](repeating: 0, count: itemCount)
        scorer.score(into: &scores)
        return scores.withUnsafeBufferPointer { TopK.select($0, k: k, excluded: { $0 == item }) }
    }
}

/// Hybrid session state: one scorer per component and this session's weights.
public final class HybridScorer: SessionScorer, UserAnchoredScorer {
    let model: HybridRecommender
    public let scorers: [any SessionScorer]
    /// This session's component weights; change at will (a count mismatch is ignored: missing weights
    /// count as 0).
    public var weights: [Float]
    /// Each component's raw scores from its last scoring pass, and that row's normalisation (nil when
    /// the row is stale: the history changed since). Explanations read these instead of re-scoring.
    private var rows: [[Float]]
    private var transforms: [(scale: Float, shift: Float)?]
    /// The history so far (rebuild + every change since), so a component that sat at weight 0 — and so
    /// was not kept up to date — can be rebuilt when its weight is raised.
    private var history: [WeightedItem] = []
    /// Components that missed changes while at weight 0.
    private var outdated: [Bool]
    /// One component's raw scores and weight supplied from outside for the next passes (the session's
    /// free-text intent enters the hybrid this way, through its semantic component); nil: none.
    public var override: ComponentOverride? { didSet { overrideTransform = nil } }
    private var overrideTransform: (scale: Float, shift: Float)?

    /// A component's raw score row and weight that replace its own while set.
    public struct ComponentOverride {
        public var index: Int
        public var weight: Float
        public var row: [Float]
        public init(index: Int, weight: Float, row: [Float]) { self.index = index; self.weight = weight; self.row = row }
    }

    init(model: HybridRecommender, scorers: [any SessionScorer], weights: [Float]) {
        self.model = model
        self.scorers = scorers
        self.weights = weights
        self.rows = Array(repeating: [Float](repeating: 0, count: model.itemCount), count: scorers.count)
        self.transforms = Array(repeating: nil, count: scorers.count)
        self.outdated = Array(repeating: true, count: scorers.count)
    }

    /// Folds the changes into the components that have weight; the others catch up when they get one.
    /// Cost: the weighted components' `apply`.
    public func apply(_ changes: [WeightedItem]) {
        history.append(contentsOf: changes)
        for (index, scorer) in scorers.enumerated() {
            if weight(index) != 0 && !outdated[index] { scorer.apply(changes) } else { outdated[index] = true }
        }
        invalidateRows()
    }

    /// Takes back the last changes in the weighted components (each retracts as it can); the others
    /// stay marked to catch up from the history. Cost: the weighted components' `retract`.
    public func retract(_ changes: [WeightedItem], history: () -> [WeightedItem]) {
        let whole = history()
        self.history = whole
        for (index, scorer) in scorers.enumerated() {
            if weight(index) != 0 && !outdated[index] { scorer.retract(changes, history: { whole }) } else { outdated[index] = true }
        }
        invalidateRows()
    }

    public func rebuild(history: [WeightedItem]) {
        self.history = history
        for (index, scorer) in scorers.enumerated() {
            if weight(index) != 0 { scorer.rebuild(history: history); outdated[index] = false } else { outdated[index] = true }
        }
        invalidateRows()
    }

    /// Passes the anchor to every component that takes one (at any weight: a component raised later
    /// rebuilds with it). Cost: those components' `anchor`.
    public func anchor(user: Int?, baseHistory: [WeightedItem]) {
        for case let anchored as UserAnchoredScorer in scorers { anchored.anchor(user: user, baseHistory: baseHistory) }
    }

    /// Takes over scorers already built from `history` for the weighted components. O(1).
    func adopt(history: [WeightedItem]) {
        self.history = history
        for index in scorers.indices { outdated[index] = weight(index) == 0 }
    }

    /// Brings component `index` up to date with the history if it missed changes. O(history) then.
    private func catchUp(_ index: Int) {
        guard outdated[index] else { return }
        scorers[index].rebuild(history: history)
        outdated[index] = false
        transforms[index] = nil
    }

    private func invalidateRows() {
        for index in transforms.indices { transforms[index] = nil }
    }

    /// Component `index`'s normalisation, scoring it first when its row is stale. O(items) then, O(1) after.
    private func freshTransform(_ index: Int) -> (scale: Float, shift: Float) {
        catchUp(index)
        if let transform = transforms[index] { return transform }
        scorers[index].score(into: &rows[index])
        let transform = rows[index].withUnsafeBufferPointer { model.normalisation.transform(of: $0) }
        transforms[index] = transform
        return transform
    }

    private func weight(_ index: Int) -> Float {
        if let override, override.index == index { return override.weight }
        return index < weights.count ? weights[index] : 0
    }

    /// Component `index`'s scorer, first brought up to date with the history if it sat at weight 0.
    /// O(history) then, O(1) after.
    public func upToDateScorer(_ index: Int) -> any SessionScorer {
        catchUp(index)
        return scorers[index]
    }

    /// Component `index`'s raw score of `item` and its normalisation (the override's when set).
    private func normalised(_ index: Int, item: Int) -> Float {
        if let override, override.index == index {
            let transform = overrideTransform ?? override.row.withUnsafeBufferPointer { model.normalisation.transform(of: $0) }
            overrideTransform = transform
            let raw = item >= 0 && item < override.row.count ? override.row[item] : 0
            return raw * transform.scale + transform.shift
        }
        let (scale, shift) = freshTransform(index)
        let raw = item >= 0 && item < rows[index].count ? rows[index][item] : 0
        return raw * scale + shift
    }

    /// Σ w_c · normalised component scores. Cost: every component's `score` + 3 passes over the
    /// catalogue per component.
    public func score(into output: inout [Float]) {
        let n = model.itemCount
        output.withUnsafeMutableBufferPointer { out in
            for i in 0..<min(n, out.count) { out[i] = 0 }
        }
        for index in scorers.indices where weight(index) != 0 {
            let overridden = override?.index == index ? override : nil
            let (scale, shift): (Float, Float)
            if let overridden {
                let transform = overridden.row.withUnsafeBufferPointer { model.normalisation.transform(of: $0) }
                overrideTransform = transform
                (scale, shift) = transform
            } else {
                (scale, shift) = freshTransform(index)
            }
            let w = weight(index)
            let a = w * scale
            let b = w * shift
            output.withUnsafeMutableBufferPointer { out in
                (overridden?.row ?? rows[index]).withUnsafeBufferPointer { raw in
                    for i in 0..<min(n, out.count) { out[i] += a * raw[i] + b }
                }
            }
        }
    }

    /// Each component's contribution (weight × normalised score) to `item`'s score — the parts of
    /// `explain(item:)` without the components' own explanations, for drawing segmented bars.
    /// O(components) once the rows are fresh (a scoring pass per stale weighted component otherwise).
    /// Component `index`'s own normalised score of `item`, whatever its weight (a weight-0 component is
    /// first brought up to date: O(history + items) once, O(1) after).
    public func componentScore(_ index: Int, item: Int) -> Float {
        guard scorers.indices.contains(index) else { return 0 }
        return normalised(index, item: item)
    }

    public func contributions(item: Int) -> [Float] {
        scorers.indices.map { index in
            guard weight(index) != 0 else { return 0 }
            return weight(index) * normalised(index, item: item)
        }
    }

    /// Each weighted component's weight, normalised score and their product (the products sum to the
    /// hybrid score), with the component's own explanation. Components at weight 0 are listed with a
    /// zero contribution and no breakdown: they are not scored. Cost: every component's `explain`, plus a scoring
    /// pass for a component whose scores are stale (after a click, until the next `score`).
    public func explain(item: Int) -> Explanation {
        var parts: [ComponentContribution] = []
        var total: Float = 0
        for (index, scorer) in scorers.enumerated() {
            guard weight(index) != 0 else {
                parts.append(ComponentContribution(algorithm: model.components[index].algorithm, weight: 0,
                                                   normalisedScore: 0, contribution: 0, breakdown: []))
                continue
            }
            let normalised = normalised(index, item: item)
            let contribution = weight(index) * normalised
            total += contribution
            parts.append(ComponentContribution(algorithm: model.components[index].algorithm, weight: weight(index),
                                               normalisedScore: normalised, contribution: contribution,
                                               breakdown: [scorer.explain(item: item)]))
        }
        let leader = parts.max { $0.contribution < $1.contribution }
        let summary = leader.map { "\(model.normalisation.rawValue)-normalised weighted sum of \(parts.filter { $0.weight != 0 }.count) components; largest part from \($0.algorithm.rawValue)" } ?? "no components"
        return Explanation(algorithm: .hybrid, item: item, score: total, components: parts, summary: summary)
    }
}

extension Algorithm {
    /// Weighted sum of normalised components.
    public static let hybrid = Algorithm(named: "hybrid")
}

/// The hybrid of `configuration.hybrid`: its components come from the same factory.
public struct HybridAlgorithm: AlgorithmDescriptor {
    public var algorithm: Algorithm { .hybrid }
    public var summary: String { "weighted sum of z-score-normalised components" }
    public var isFitted: Bool { true }
    public var hybridOrder: Int? { nil }
    public func build(in factory: ModelFactory, progress: (String) -> Void) throws -> ModelFactory.FittedModel {
        try factory.hybrid(factory.configuration.hybrid, progress: progress)
    }
}
