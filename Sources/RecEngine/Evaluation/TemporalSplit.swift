import Foundation

/// The "temporal" evaluation protocol's split: per user, events sorted by (timestamp, item index); the
/// last ceil(holdout × n) events (at least 1) are held out, the rest is training.
///
/// Every interaction counts once (weight 1). Held-out items the user also has in training are dropped
/// from the held-out set (they are excluded from the ranking, so they could never be hit).
public struct TemporalSplit: Sendable {
    /// Training items per user, oldest first, distinct.
    public let training: [[Int]]
    /// Held-out items per user (distinct, not in training); may be empty for a user with no events.
    public let heldOut: [[Int]]
    /// The training events as read (original values and timestamps, duplicates kept), per user.
    public let trainingEvents: [[Event]]
    public let itemCount: Int
    public let holdout: Double

    /// Splits timestamped events (any order within a user). Cost O(events log events).
    /// Throws when `holdout` is not in (0, 1].
    public init<Lists: Collection>(events: Lists, itemCount: Int, holdout: Double) throws where Lists.Element: Collection<Event> {
        guard holdout > 0, holdout <= 1, holdout.isFinite else {
            throw RecError("holdout must be in (0, 1], got \(holdout)")
        }
        self.itemCount = itemCount
        self.holdout = holdout
        var training: [[Int]] = []
        var heldOut: [[Int]] = []
        var trainingEvents: [[Event]] = []
        training.reserveCapacity(events.count)
        heldOut.reserveCapacity(events.count)
        for userEvents in events {
            let sorted = userEvents.sorted { ($0.timestamp, $0.item) < ($1.timestamp, $1.item) }
            let n = sorted.count
            let held = n == 0 ? 0 : min(n, max(1, Int((holdout * Double(n)).rounded(.up))))
            var seen = Set<Int>()
            var train: [Int] = []
            for event in sorted[0..<(n - held)] where seen.insert(event.item).inserted { train.append(event.item) }
            var test: [Int] = []
            var testSeen = Set<Int>()
            for event in sorted[(n - held)...] where !seen.contains(event.item) && testSeen.insert(event.item).inserted {
                test.append(event.item)
            }
            training.append(train)
            heldOut.append(test)
            trainingEvents.append(Array(sorted[0..<(n - held)]))
        }
        self.training = training
        self.heldOut = heldOut
        self.trainingEvents = trainingEvents
    }

    /// `dataset` restricted to the training events (for models built from a `Dataset`, such as
    /// popularity).
    public func trainingDataset(of dataset: Dataset) -> Dataset {
        Dataset(name: dataset.name, format: dataset.format, catalog: dataset.catalog, users: dataset.users, eventsByUser: trainingEvents)
    }


    /// The training interactions as a weight-1 matrix.
    public var trainingMatrix: InteractionMatrix {
        InteractionMatrix(itemCount: itemCount, histories: training.map { $0.map { WeightedItem(item: $0, weight: 1) } })
    }
}
