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

    /// Plain counts computed before (a dataset snapshot stores them). O(1).
    init(counts: [Float]) {
        popularity = counts
        halfLifeDays = nil
    }

    /// O(events).
    public init(dataset: Dataset, halfLifeDays: Double? = nil) {
        var popularity = [Float](repeating: 0, count: dataset.catalog.count)
        guard let halfLifeDays else {
            // Plain counts straight from the flat item column, users split over the cores (each user
            // counted in one part, so the parts' counts add up exactly).
            let lists = dataset.eventsByUser, itemCount = popularity.count
            let parts = lists.eventCount < 1 << 20 ? 1 : ProcessInfo.processInfo.activeProcessorCount
            var counts = [[Int32]](repeating: [], count: parts)
            counts.withUnsafeMutableBufferPointer { counts in
                parallelFor(parts) { part in
                    var count = [Int32](repeating: 0, count: itemCount), last = [Int32](repeating: 0, count: itemCount)
                    lists.items.withUnsafeBufferPointer { items in
                        lists.userStart.withUnsafeBufferPointer { start in
                            for user in (lists.count * part / parts)..<(lists.count * (part + 1) / parts) {
                                // last[item] == user + 1 when this user's events already counted the item.
                                let mark = Int32(truncatingIfNeeded: user + 1)
                                for p in Int(start[user])..<Int(start[user + 1]) {
                                    let item = Int(items[p])
                                    if last[item] != mark { last[item] = mark; count[item] += 1 }
                                }
                            }
                        }
                    }
                    counts[part] = count
                }
            }
            for count in counts { for item in 0..<itemCount { popularity[item] += Float(count[item]) } }
            self.popularity = popularity
            self.halfLifeDays = nil
            return
        }
        let now = dataset.newestTimestamp
        for events in dataset.eventsByUser {
            for event in events {
                popularity[event.item] += Float(exp2(-max(0, Double(now) - Double(event.timestamp)) / 86_400 / halfLifeDays))
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
