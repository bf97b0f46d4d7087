import Foundation

/// Popularity: an item scores the number of users who interacted with it, or, with a half-life, the
/// sum over its events of 0.5^(age / half-life) with ages measured back from the newest event in the
/// data set. The same for every user; used for cold start until the first click.
public final class PopularityRecommender: Recommender {
    /// Score by item.
    public let popularity: [Float]
    /// Half-life in days, or nil for plain counts.
    public let halfLifeDays: Double?
    public var algorithm: Algorithm { .popularity }
    public var itemCount: Int { popularity.count }

    /// O(events).
    public init(dataset: Dataset, halfLifeDays: Double? = nil) {
        var popularity = [Float](repeating: 0, count: dataset.catalog.count)
        let now = dataset.newestTimestamp
        // lastCounter[item] == user + 1 when user's events already counted the item (no set per user).
        var lastCounter = [Int32](repeating: 0, count: halfLifeDays == nil ? dataset.catalog.count : 0)
        for (user, events) in dataset.eventsByUser.enumerated() {
            for event in events {
                if let halfLifeDays {
                    popularity[event.item] += Float(exp2(-max(0, Double(now) - Double(event.timestamp)) / 86_400 / halfLifeDays))
                } else if lastCounter[event.item] != Int32(truncatingIfNeeded: user + 1) {
                    lastCounter[event.item] = Int32(truncatingIfNeeded: user + 1)
                    popularity[event.item] += 1
                }
            }
        }
        self.popularity = popularity
        self.halfLifeDays = halfLifeDays
    }

    public func makeScorer(history: [WeightedItem]) -> any SessionScorer { PopularityScorer(model: self) }

    /// Popularity has no item space of its own: no neighbours.
    public func similarItems(to item: Int, k: Int) -> [ScoredItem] { [] }
}

/// Popularity ignores the session's history: scores never change on a click.
public final class PopularityScorer: SessionScorer {
    let model: PopularityRecommender
    init(model: PopularityRecommender) { self.model = model }
    public func apply(_ changes: [WeightedItem]) {}
    public func rebuild(history: [WeightedItem]) {}
    public func retract(_ changes: [WeightedItem], history: () -> [WeightedItem]) {}
    public func score(into scores: inout [Float]) { VectorKernels.copy(model.popularity, into: &scores) }
    public func explain(item: Int) -> Explanation {
        let score = model.popularity[item]
        let what = model.halfLifeDays == nil ? "interacted with by \(Int(score)) users"
            : "time-decayed popularity \(score.rounded(places: 2)) (half-life \(model.halfLifeDays!.formatted(maxFractionDigits: 1)) days)"
        return Explanation(algorithm: .popularity, item: item, score: score, summary: what)
    }
}

extension Algorithm {
    /// Users per item: the same ranking for everyone (cold start).
    public static let popularity = Algorithm(named: "popularity")
}

/// Popularity: counted from the data set at once.
public struct PopularityAlgorithm: AlgorithmDescriptor {
    public var algorithm: Algorithm { .popularity }
    public var summary: String { "users per item" }
    public var isFitted: Bool { false }
    public var hybridOrder: Int? { 5 }
    public func build(in factory: ModelFactory, progress: (String) -> Void) throws -> ModelFactory.FittedModel {
        ModelFactory.FittedModel(model: PopularityRecommender(dataset: factory.dataset), milliseconds: 0, fromCache: false, parameters: [("score", "users per item")])
    }
}
