import Foundation
import Testing
@testable import RecEngine

/// `DatasetSnapshot.checkEventLimits` past 65,536 events checks shares of the events and users on all
/// cores: one bad event anywhere — first, last, on a share's edge — must still refuse the snapshot.
@Suite struct SnapshotEventLimitsPartsTests {
    static let users = 1_001, perUser = 70   // 70,070 events: several shares
    var userStart: [Int64] { (0...Self.users).map { Int64($0 * Self.perUser) } }
    var count: Int { Self.users * Self.perUser }

    func check(items: [Int32]? = nil, values: [Float]? = nil, times: [Int64]? = nil, kinds: [UInt8]? = nil) -> Bool {
        let n = count
        let items = items ?? (0..<n).map { Int32($0 % 50) }
        let values = values ?? Array(repeating: 4, count: n)
        let times = times ?? (0..<n).map { Int64(1_000_000 + $0) }
        let kinds = kinds ?? Array(repeating: EventKind.rating.rawValue, count: n)
        return (try? DatasetSnapshot.checkEventLimits(userStart: Column(userStart), items: Column(items), values: Column(values),
                                                      times: Column(times), kinds: Column(kinds))) != nil
    }

    @Test func validEventsPass() { #expect(check()) }

    @Test func oneBadEventAnywhereIsRefused() {
        for position in [0, count / 4, count / 4 - 1, count / 2, count - 1] {
            var values = Array(repeating: Float(4), count: count)
            values[position] = .nan
            #expect(!check(values: values), "NaN at \(position)")
            values[position] = 2e9
            #expect(!check(values: values), "2e9 at \(position)")
            var times = (0..<count).map { Int64(1_000_000 + $0) }
            times[position] = Int64.max
            #expect(!check(times: times), "time at \(position)")
            var kinds = Array(repeating: EventKind.rating.rawValue, count: count)
            kinds[position] = 200
            #expect(!check(kinds: kinds), "kind at \(position)")
        }
    }

    @Test func eventsOutOfOrderInTheLastUserAreRefused() {
        var times = (0..<count).map { Int64(1_000_000 + $0) }
        times.swapAt(count - 1, count - 2)
        #expect(!check(times: times))
        // Order across two users does not matter.
        var across = (0..<count).map { Int64(1_000_000 + $0) }
        for k in 0..<Self.perUser { across[k] = 9_000_000 + Int64(k) }
        #expect(check(times: across))
    }
}
