/// Turns events into profile weights (before time decay).
///
/// - `.rating` r of a user whose mean rating is μ: `max(0, 1 + r − μ)`. A rating at the user's mean
///   weighs 1, each star above adds 1, and a rating a star or more below the mean weighs 0 — it still
///   marks the item as seen but does not pull the profile towards it.
/// - `.implicit` events weigh their recorded strength (1 when the data has no weight column).
/// - `.click` (simulated) weighs `max(clickWeight, clickShare × W)`, where W is the total effective
///   weight of the user's own history at the start of the session (see `Session.clickWeight`): at
///   least like a rating one star above the mean, and for a long history 10% of its accumulated
///   interest, so that what a user does *now* visibly moves a profile built over years — the premise
///   of real-time re-ranking.
public struct EventWeighting: Sendable, Equatable {
    public var clickWeight: Float
    public var clickShare: Float
    public init(clickWeight: Float = 2, clickShare: Float = 0.1) {
        self.clickWeight = clickWeight
        self.clickShare = clickShare
    }

    /// The weight of a simulated click for a user whose own history weighs `historyWeight` in total.
    public func clickWeight(historyWeight: Float) -> Float { max(clickWeight, clickShare * historyWeight) }

    /// Mean of the `.rating` events' values (nil when there are none). O(events).
    public static func meanRating(of events: some Sequence<Event>) -> Float? {
        var sum: Float = 0, count = 0
        for e in events where e.kind == .rating { sum += e.value; count += 1 }
        return count > 0 ? sum / Float(count) : nil
    }

    /// Weight of one event given the user's mean rating; a click weighs `click` (default: the minimum).
    public func weight(of event: Event, userMean: Float?, click: Float? = nil) -> Float {
        switch event.kind {
        case .rating: return max(0, 1 + event.value - (userMean ?? event.value))
        case .implicit: return event.value
        case .click: return click ?? clickWeight
        }
    }
}

/// How much an event still counts, by age.
public enum DecayPolicy: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Exponential decay: an event `a` days older than the reference time counts `0.5^(a / days)`.
    case halfLife(days: Double)
    /// Only the newest `events` events count (weight 1); older ones count 0.
    case window(events: Int)

    public static let standard = DecayPolicy.halfLife(days: 90)

    /// Decay factor of an event at `timestamp` when the reference time is `now` (seconds). Events
    /// "from the future" (after `now`) count 1. Only meaningful for `.halfLife`.
    public func factor(timestamp: Int64, now: Int64) -> Float {
        guard case .halfLife(let days) = self else { return 1 }
        // Subtracting in Double: an Int64 difference of two far-apart timestamps could overflow.
        let ageDays = max(0, (Double(now) - Double(timestamp)) / 86_400)
        return Float(pow2(-ageDays / days))
    }

    /// Factors for a chronologically ordered event list, with `now` = the time of the newest event.
    public func factors(for events: some Collection<Event>, now: Int64) -> [Float] {
        switch self {
        case .halfLife: return events.map { factor(timestamp: $0.timestamp, now: now) }
        case .window(let n):
            let firstCounted = max(0, events.count - n)
            return (0..<events.count).map { $0 >= firstCounted ? 1 : 0 }
        }
    }

    public var description: String {
        switch self {
        case .halfLife(let days): return "half-life \(days.formatted(maxFractionDigits: 1)) day\(days == 1 ? "" : "s")"
        case .window(let n): return "window of last \(n) event\(n == 1 ? "" : "s")"
        }
    }
}

import Foundation

private func pow2(_ x: Double) -> Double { Foundation.exp2(x) }

extension Double {
    /// `90`, `12.5` — no trailing `.0`.
    func formatted(maxFractionDigits: Int) -> String {
        if self == rounded() && abs(self) < 1e15 { return String(Int64(self)) }
        return String(format: "%.\(maxFractionDigits)f", self)
    }
}

extension EventWeighting {
    /// The effective history of `events` (one user's, oldest first) as sessions score it: each event's
    /// weight (`weight(of:userMean:)`, centred on the mean of these events' ratings) × its decay factor
    /// under `decay` with the newest event as "now"; events that end up weighing 0 are dropped.
    /// Cost O(events).
    public func effectiveHistory(of events: some BidirectionalCollection<Event>, decay: DecayPolicy) -> [WeightedItem] {
        let mean = EventWeighting.meanRating(of: events)
        let factors = decay.factors(for: events, now: events.last?.timestamp ?? 0)
        var history: [WeightedItem] = []
        history.reserveCapacity(events.count)
        for (event, factor) in zip(events, factors) {
            let weight = self.weight(of: event, userMean: mean) * factor
            if weight != 0 { history.append(WeightedItem(item: event.item, weight: weight)) }
        }
        return history
    }
}
