import Foundation

/// Every user's events in one flat layout: user u's events are positions `userStart[u]..<userStart[u+1]`
/// of four columns (item, value, timestamp, kind), 17 bytes an event. The columns are viewed in place
/// from a mapped snapshot, or owned when a loader built them; `self[u]` is a view, not a copy.
///
/// ```swift
/// let lists = EventLists([[Event(item: 0, value: 4, timestamp: 1, kind: .rating)], []])
/// lists[0].count        // 1, O(1)
/// Array(lists[0])       // [Event], O(events of the user)
/// ```
public struct EventLists: RandomAccessCollection, ExpressibleByArrayLiteral, Equatable, Sendable {
    /// Offsets into the columns, one more than users; first 0, non-decreasing, last == `eventCount`.
    let userStart: Column<Int64>
    let items: Column<Int32>
    let values: Column<Float>
    let times: Column<Int64>
    /// `EventKind` raw values (all valid).
    let kinds: Column<UInt8>

    /// Flattens nested lists (each already in the order it should keep). O(events).
    public init(_ lists: [[Event]]) {
        let total = lists.reduce(0) { $0 + $1.count }
        let start = ColumnBuffer<Int64>(capacity: lists.count + 1)
        let item = ColumnBuffer<Int32>(capacity: total), value = ColumnBuffer<Float>(capacity: total)
        let time = ColumnBuffer<Int64>(capacity: total), kind = ColumnBuffer<UInt8>(capacity: total)
        var p = 0
        start.pointer[0] = 0
        for (u, events) in lists.enumerated() {
            for event in events {
                item.pointer[p] = Int32(truncatingIfNeeded: event.item)
                value.pointer[p] = event.value
                time.pointer[p] = event.timestamp
                kind.pointer[p] = event.kind.rawValue
                p += 1
            }
            start.pointer[u + 1] = Int64(p)
        }
        self.init(userStart: Column(adopting: start, count: lists.count + 1), items: Column(adopting: item, count: total),
                  values: Column(adopting: value, count: total), times: Column(adopting: time, count: total), kinds: Column(adopting: kind, count: total))
    }

    public init(arrayLiteral elements: [Event]...) { self.init(elements) }
    public init() { self.init([]) }

    /// From columns already checked (offsets monotone and in bounds, items ≥ 0, kinds valid).
    init(userStart: Column<Int64>, items: Column<Int32>, values: Column<Float>, times: Column<Int64>, kinds: Column<UInt8>) {
        self.userStart = userStart
        self.items = items
        self.values = values
        self.times = times
        self.kinds = kinds
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { Swift.max(0, userStart.count - 1) }

    /// User `user`'s events, oldest first. O(1).
    public subscript(user: Int) -> EventList {
        precondition(user >= 0 && user < endIndex, "EventLists index out of range")
        return EventList(lists: self, offset: Int(userStart[user]), count: Int(userStart[user + 1] - userStart[user]))
    }

    /// Total events over all users. O(1).
    public var eventCount: Int { items.count }

    /// The event at flat position `p`.
    @inline(__always)
    func event(at p: Int) -> Event {
        Event(item: Int(items[p]), value: values[p], timestamp: times[p], kind: EventKind(rawValue: kinds[p]).unsafelyUnwrapped)
    }

    public static func == (lhs: EventLists, rhs: EventLists) -> Bool { lhs.elementsEqual(rhs) }
}

/// One user's events, a view into `EventLists` (indices 0..<count). Equal to an `[Event]` holding the
/// same events.
public struct EventList: RandomAccessCollection, Equatable, Sendable {
    let lists: EventLists
    let offset: Int
    public let count: Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(index: Int) -> Event {
        precondition(index >= 0 && index < count, "EventList index out of range")
        return lists.event(at: offset + index)
    }

    /// The events as an array. O(count).
    public var array: [Event] { Array(self) }

    public static func == (lhs: EventList, rhs: EventList) -> Bool { lhs.elementsEqual(rhs) }
    public static func == (lhs: EventList, rhs: [Event]) -> Bool { lhs.elementsEqual(rhs) }
    public static func == (lhs: [Event], rhs: EventList) -> Bool { lhs.elementsEqual(rhs) }
}
