import Foundation

/// Recency parameters for `RecencyWeightedRecommender`.
public struct RecencyParameters: Sendable, Hashable, Codable {
    /// Half-life in events: an event `halfLife` events older than the newest weighs half as much in the
    /// recent part.
    public var halfLife: Double
    /// Share of the score from the whole history at full weight (the rest comes from the decayed part):
    /// score = floor · s(all) + (1 − floor) · s(decayed).
    public var floor: Float

    public init(halfLife: Double = 10, floor: Float = 0.2) {
        self.halfLife = halfLife
        self.floor = floor
    }

    public var description: String { "half_life_events=\(halfLife) floor=\(floor)" }
}

/// Wraps an additive recommender (item-kNN, EASE: scores linear in the history weights) so
/// that recent history counts more: the i-th newest event's weight is multiplied by
/// floor + (1 − floor)·0.5^(i / halfLife). Only the order of the history is used (the temporal
/// protocol's histories are oldest first, and clicks are appended), so it works with weight-1
/// interactions. Used as a hybrid component; it reports the wrapped algorithm.
///
/// Incremental: instead of shrinking every older weight on a click, the new event's weight grows by
/// 2^(1/halfLife) per event and the decayed part is divided by the current growth when scoring, which
/// is exact because the base is linear; the growth is reset by an O(history) rebuild once it exceeds
/// 1e12 (every ~400 events at halfLife 10), so a click stays O(base click) amortised.
public final class RecencyWeightedRecommender: Recommender {
    public let base: any Recommender
    public let parameters: RecencyParameters
    public var algorithm: Algorithm { base.algorithm }
    public var itemCount: Int { base.itemCount }

    /// Throws unless `base` is additive (item-kNN, EASE) and the parameters are sensible.
    public init(base: any Recommender, parameters: RecencyParameters = RecencyParameters()) throws {
        guard [.itemKNN, .ease].contains(base.algorithm) else {
            throw RecError("recency weighting needs an additive algorithm (itemknn, ease), not \(base.algorithm.rawValue)")
        }
        guard parameters.halfLife > 0, parameters.halfLife.isFinite else { throw RecError("recency half-life must be > 0 events, got \(parameters.halfLife)") }
        guard (0...1).contains(parameters.floor) else { throw RecError("recency floor must be in [0, 1], got \(parameters.floor)") }
        self.base = base
        self.parameters = parameters
    }

    public func makeScorer(history: [WeightedItem]) -> any SessionScorer {
        RecencyWeightedScorer(model: self, history: history)
    }

    public func similarItems(to item: Int, k: Int) -> [ScoredItem] { base.similarItems(to: item, k: k) }
}

/// Session state: the base scorer at full weights, a second base scorer at growing weights, and the
/// events in order with the growth each was added at.
public final class RecencyWeightedScorer: SessionScorer {
    let model: RecencyWeightedRecommender
    private let whole: any SessionScorer
    private let recent: any SessionScorer
    /// Events oldest first: item, weight, growth factor at insertion.
    private var events: [(item: Int, weight: Float, growth: Float)] = []
    /// Growth factor the next event gets.
    private var nextGrowth: Float = 1
    private let step: Float
    private var buffer: [Float]

    init(model: RecencyWeightedRecommender, history: [WeightedItem]) {
        self.model = model
        self.whole = model.base.makeScorer(history: [])
        self.recent = model.base.makeScorer(history: [])
        self.step = Float(exp2(1 / model.parameters.halfLife))
        self.buffer = [Float](repeating: 0, count: model.itemCount)
        rebuild(history: history)
    }

    /// Positive changes are new events (newest); a negative change removes the oldest matching event
    /// (a sliding window's eviction). Cost: two base `apply`s per change.
    public func apply(_ changes: [WeightedItem]) {
        var wholeChanges: [WeightedItem] = []
        var recentChanges: [WeightedItem] = []
        for change in changes {
            if change.weight >= 0 {
                events.append((change.item, change.weight, nextGrowth))
                wholeChanges.append(change)
                recentChanges.append(WeightedItem(item: change.item, weight: change.weight * nextGrowth))
                nextGrowth *= step
            } else if let index = events.firstIndex(where: { $0.item == change.item && $0.weight > 0 }) {
                let event = events.remove(at: index)
                let removed = min(event.weight, -change.weight)
                if removed < event.weight { events.insert((event.item, event.weight - removed, event.growth), at: index) }
                wholeChanges.append(WeightedItem(item: change.item, weight: -removed))
                recentChanges.append(WeightedItem(item: change.item, weight: -removed * event.growth))
            }
        }
        if nextGrowth > 1e12 {
            rebuild(history: events.map { WeightedItem(item: $0.item, weight: $0.weight) })
            return
        }
        whole.apply(wholeChanges)
        recent.apply(recentChanges)
    }

    /// Takes back the newest events (a click's undo): they are popped with the growth they were added
    /// at and retracted from both base scorers — cost two base `retract`s. A change list with an
    /// eviction (sliding window) rebuilds from the history instead.
    public func retract(_ changes: [WeightedItem], history: () -> [WeightedItem]) {
        var popped: [(item: Int, weight: Float, growth: Float)] = []
        for change in changes.reversed() {
            guard change.weight >= 0, let last = events.last, last.item == change.item, last.weight == change.weight else {
                events.append(contentsOf: popped.reversed())
                rebuild(history: history())
                return
            }
            popped.append(events.removeLast())
        }
        guard let oldest = popped.last else { return }
        nextGrowth = oldest.growth
        whole.retract(changes, history: { self.events.map { WeightedItem(item: $0.item, weight: $0.weight) } })
        recent.retract(popped.reversed().map { WeightedItem(item: $0.item, weight: $0.weight * $0.growth) },
                       history: { self.events.map { WeightedItem(item: $0.item, weight: $0.weight * $0.growth) } })
    }

    /// Cost: two base rebuilds.
    public func rebuild(history: [WeightedItem]) {
        events = []
        var recentHistory: [WeightedItem] = []
        recentHistory.reserveCapacity(history.count)
        // Each event's growth is computed directly from its distance to the newest event, in Double,
        // so the newest has growth exactly 1. A very old event's growth underflows to 0 in Float —
        // which is its true weight in the decayed part to Float precision — and never makes a later
        // growth 0 (a running product from the oldest would: 2^-368 at 737 events, half-life 2).
        let count = history.count
        let halfLife = model.parameters.halfLife
        for (position, entry) in history.enumerated() {
            let growth = Float(exp2(-Double(count - 1 - position) / halfLife))
            events.append((entry.item, entry.weight, growth))
            recentHistory.append(WeightedItem(item: entry.item, weight: entry.weight * growth))
        }
        nextGrowth = count == 0 ? 1 : step
        whole.rebuild(history: history)
        recent.rebuild(history: recentHistory)
    }

    /// The newest event's growth factor (what the decayed part is divided by).
    private var newestGrowth: Float { nextGrowth / step }

    /// floor · whole + (1 − floor) · recent / newest growth. Cost: two base scoring passes + O(items).
    public func score(into output: inout [Float]) {
        let floor = model.parameters.floor
        whole.score(into: &output)
        recent.score(into: &buffer)
        let recentScale = (1 - floor) / newestGrowth
        output.withUnsafeMutableBufferPointer { out in
            buffer.withUnsafeBufferPointer { decayed in
                for i in 0..<min(out.count, decayed.count) { out[i] = floor * out[i] + recentScale * decayed[i] }
            }
        }
    }

    /// The base's history contributions from both parts, merged per history item; they sum to the score.
    public func explain(item: Int) -> Explanation {
        let floor = model.parameters.floor
        let recentScale = (1 - floor) / newestGrowth
        let wholeExplanation = whole.explain(item: item)
        let recentExplanation = recent.explain(item: item)
        var parts: [Int: Float] = [:]
        for part in wholeExplanation.history { parts[part.item, default: 0] += floor * part.value }
        for part in recentExplanation.history { parts[part.item, default: 0] += recentScale * part.value }
        var explanation = wholeExplanation
        explanation.score = floor * wholeExplanation.score + recentScale * recentExplanation.score
        explanation.history = parts.map { HistoryContribution(item: $0.key, value: $0.value) }
            .sorted { (abs($0.value), $1.item) > (abs($1.value), $0.item) }
        explanation.summary = "recent-weighted (half-life \(model.parameters.halfLife) events, floor \(floor)): " + wholeExplanation.summary
        return explanation
    }
}
