/// Content cosine: the user's profile is the weighted sum of the TF-IDF vectors of their history
/// items (`ContentFeatures`); an item scores cos(profile, item). Nothing to fit.
public final class ContentRecommender: Recommender {
    public let features: ContentFeatures
    public var algorithm: Algorithm { .content }
    public var itemCount: Int { features.items.rowCount }

    /// Sessions keep their scores across clicks and update only the items a click's features touch
    /// (`IncrementalContentScores`) from this many items; smaller catalogues recompute every click.
    public let incrementalFromItems: Int

    public init(features: ContentFeatures, incrementalFromItems: Int = 1 << 16) {
        self.features = features
        self.incrementalFromItems = incrementalFromItems
    }

    public func makeScorer(history: [WeightedItem]) -> any SessionScorer { makeContentScorer(history: history) }

    /// The concrete scorer, for callers that need the profile itself. O(history nnz).
    public func makeContentScorer(history: [WeightedItem]) -> ContentScorer {
        let scorer = ContentScorer(features: features, keepsScores: itemCount >= incrementalFromItems)
        scorer.rebuild(history: history)
        return scorer
    }

    public func similarItems(to item: Int, k: Int) -> [ScoredItem] { features.similarItems(to: item, k: k) }
}

/// Session state for content cosine: a dense profile vector over the feature dimensions.
public final class ContentScorer: SessionScorer {
    public let features: ContentFeatures
    /// Σ weight · item vector over the history (not normalised), by feature dimension.
    public private(set) var profile: [Float]
    /// Accumulated weight per history item, for explanations.
    public private(set) var historyWeights: [Int: Float] = [:]

    /// Whether scores are kept across clicks and updated through the feature → items index (large
    /// catalogues, `ContentRecommender.incrementalFromItems`).
    let keepsScores: Bool
    private var kept = IncrementalContentScores()

    init(features: ContentFeatures, keepsScores: Bool = false) {
        self.features = features
        self.keepsScores = keepsScores
        self.profile = [Float](repeating: 0, count: features.dimensionCount)
    }

    /// O(Σ nnz of the changed items) — independent of the history length.
    public func apply(_ changes: [WeightedItem]) {
        let matrix = features.items
        for change in changes {
            for p in matrix.range(ofRow: change.item) {
                profile[Int(matrix.columns[p])] += change.weight * matrix.values[p]
            }
            let updated = historyWeights[change.item, default: 0] + change.weight
            historyWeights[change.item] = abs(updated) < 1e-6 ? nil : updated
        }
        kept.record(changes)
    }

    /// Undo is the negated changes: the state is a sum over the history. Cost as `apply`.
    public func retract(_ changes: [WeightedItem], history: () -> [WeightedItem]) {
        apply(Self.negated(changes))
    }

    /// O(Σ nnz of the history items + dimensions).
    public func rebuild(history: [WeightedItem]) {
        for d in profile.indices { profile[d] = 0 }
        historyWeights.removeAll(keepingCapacity: true)
        kept.invalidate()
        apply(history)
    }

    /// L2 norm of the profile.
    public var profileNorm: Float {
        var sum: Float = 0
        for v in profile { sum += v * v }
        return sum.squareRoot()
    }

    /// cos(profile, item) for every item: one sparse matrix–vector product, O(nnz of the catalogue);
    /// with the feature index (large catalogues) the products kept from the last call updated by the
    /// changes since — cost Σ item-list lengths of the clicked items' features — then one scaling pass.
    public func score(into scores: inout [Float]) {
        let norm = profileNorm
        guard norm > 0 else {
            for i in scores.indices { scores[i] = 0 }
            return
        }
        let inverse = 1 / norm
        if keepsScores {
            let dots = kept.upToDate(profile: profile, items: features.items, byFeature: features.byFeature)
            if scores.count != dots.count { scores = [Float](repeating: 0, count: dots.count) }
            dots.withUnsafeBufferPointer { d in
                scores.withUnsafeMutableBufferPointer { out in
                    for i in 0..<d.count { out[i] = d[i] * inverse }
                }
            }
            return
        }
        features.items.multiply(dense: profile, into: &scores)
        for i in scores.indices { scores[i] *= inverse }
    }

    /// The profile's named features, largest normalised weight first (they are the unit profile).
    public func topFeatures(_ n: Int) -> [FeatureContribution] {
        let norm = profileNorm
        guard norm > 0 else { return [] }
        let order = profile.indices.filter { profile[$0] != 0 }.sorted { profile[$0] != profile[$1] ? profile[$0] > profile[$1] : $0 < $1 }
        return order.prefix(n).map { FeatureContribution(feature: features.featureNames[$0], value: profile[$0] / norm) }
    }

    /// Features by contribution (unit profile weight × item weight — they sum to the cosine), and the
    /// positively weighted history items most similar to `item`.
    public func explain(item: Int) -> Explanation {
        let norm = profileNorm
        let matrix = features.items
        var contributions: [FeatureContribution] = []
        var score: Float = 0
        if norm > 0 {
            for p in matrix.range(ofRow: item) {
                let f = Int(matrix.columns[p])
                let value = profile[f] / norm * matrix.values[p]
                score += value
                if value != 0 { contributions.append(FeatureContribution(feature: features.featureNames[f], value: value)) }
            }
        }
        contributions.sort { $0.value != $1.value ? $0.value > $1.value : $0.feature < $1.feature }
        var neighbours: [HistoryContribution] = []
        for (historyItem, weight) in historyWeights where weight > 0 && historyItem != item {
            let similarity = features.cosine(historyItem, item)
            if similarity > 0 { neighbours.append(HistoryContribution(item: historyItem, value: similarity)) }
        }
        neighbours.sort { (a: HistoryContribution, b: HistoryContribution) -> Bool in
            a.value != b.value ? a.value > b.value : a.item < b.item
        }
        var summary = "cosine \(score.fixed(places: 3)) of profile and item"
        if let top = contributions.first, score > 0 {
            let ratio = (Double(top.value) / Double(score) * 100).rounded()
            let percent = ratio.isFinite && ratio.magnitude < 1e12 ? Int(ratio) : 0
            summary += "; \(percent)% from \(top.feature)"
        }
        return Explanation(algorithm: .content, item: item, score: score, features: contributions,
                           history: Array(neighbours.prefix(5)), historyMeaning: .similarity, summary: summary)
    }
}

extension Float {
    /// Rounded to `places` decimals, for human-readable summaries.
    /// The value with exactly `places` decimals ("0.290"), as the explorer prints scores, so one
    /// explanation never shows the same number at two precisions.
    public func fixed(places: Int) -> String {
        var scale: Double = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = (Double(self) * scale).rounded()
        // Past 2^53 (or inf/nan) there are no decimals to show, and Int() would trap.
        guard scaled.isFinite, scaled.magnitude < 9e15 else { return "\(self)" }
        let whole = Int(abs(scaled) / scale)
        let fraction = String(Int(abs(scaled).truncatingRemainder(dividingBy: scale)))
        let sign = scaled < 0 ? "-" : ""
        guard places > 0 else { return sign + String(whole) }
        return sign + String(whole) + "." + String(repeating: "0", count: max(0, places - fraction.count)) + fraction
    }

    public func rounded(places: Int) -> Float {
        var scale: Float = 1
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}

extension Algorithm {
    /// Cosine of the TF-IDF genre/tag profile and each item.
    public static let content = Algorithm(named: "content")
}

/// Content: built from the catalogue at once, never fitted.
public struct ContentAlgorithm: AlgorithmDescriptor {
    public var algorithm: Algorithm { .content }
    public var summary: String { "cosine of the TF-IDF genre/tag profile and the item" }
    public var isFitted: Bool { false }
    public var hybridOrder: Int? { 3 }
    public func build(in factory: ModelFactory, progress: (String) -> Void) throws -> ModelFactory.FittedModel {
        let features = factory.contentFeatures()
        return ModelFactory.FittedModel(model: ContentRecommender(features: features), milliseconds: 0, fromCache: false,
                                        parameters: [("features", "tf-idf genre+tag"), ("dimensions", "\(features.dimensionCount)")])
    }
}
