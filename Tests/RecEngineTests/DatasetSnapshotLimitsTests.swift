import Foundation
import Testing
@testable import RecEngine

/// A snapshot with a valid checksum is still refused when it holds what no loader produces (issue 12:
/// the decoder re-checks the loaders' limits), so a crafted snapshot cannot hand the engine values a CSV
/// load would refuse. Each case writes a real snapshot of a data set changed in one way.
@Suite struct DatasetSnapshotLimitsTests {
    static let key: UInt64 = 0x5EED

    /// What a case changes: the item ids and the events (sorted as the loaders leave them).
    struct Parts {
        var ids: [String] = ["i1", "i2", "i3"]
        var events: [[Event]] = [
            [Event(item: 0, value: 4, timestamp: 100, kind: .rating), Event(item: 2, value: 5, timestamp: 100, kind: .rating), Event(item: 1, value: 1, timestamp: 200, kind: .rating)],
            [Event(item: 1, value: 3, timestamp: acceptedTimestamps.lowerBound, kind: .rating), Event(item: 0, value: 1e9, timestamp: acceptedTimestamps.upperBound, kind: .rating)],
        ]
    }

    /// Three items, two users.
    func dataset(_ parts: Parts = Parts()) -> Dataset {
        let catalog = Catalog(ids: parts.ids, titles: ["One", "Two", "Three"], genres: [["Drama"], [], ["Drama", "Comedy"]],
                              tags: [[TagCount(tag: "fun", count: 2)], [], []], texts: ["", "", ""])
        let users = UserTable(ids: ["u1", "u2"], attributeNames: ["age"], attributes: [["30"], [""]], words: [["fun"], []])
        return Dataset(name: "limits", format: .generic, catalog: catalog, users: users, sortedEventsByUser: EventLists(parts.events))
    }

    /// Writes `dataset` as a snapshot file the way `DatasetSnapshot.write` does, and reads it back.
    func roundTrip(_ dataset: Dataset) throws -> Dataset {
        var body = SnapshotWriter()
        DatasetSnapshot.encode(dataset, ContentFeatures(catalog: dataset.catalog), into: &body)
        var file = SnapshotWriter()
        file.raw(DatasetSnapshot.magic)
        file.value(Self.key)
        file.value(UInt64(body.bytes.count))
        file.value(body.bytes.withUnsafeBytes { DatasetSnapshot.checksum($0) })
        file.raw(body.bytes)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-limits-\(UUID().uuidString).snap").path
        try Data(file.bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try DatasetSnapshot.read(file: path, key: Self.key).0
    }

    func refused(_ change: (inout Parts) -> Void) -> Bool {
        var parts = Parts()
        change(&parts)
        do { _ = try roundTrip(dataset(parts)); return false } catch is DatasetSnapshot.Corrupt { return true } catch { return false }
    }

    @Test func valuesAtTheLoadersLimitsAreRead() throws {
        let read = try roundTrip(dataset())
        #expect(read.eventsByUser == dataset().eventsByUser)
        #expect(read.catalog.ids == ["i1", "i2", "i3"])
    }

    @Test func ratingsAndWeightsOutsideZeroToOneBillionAreRefused() {
        #expect(refused { $0.events[0][0].value = -1 })
        #expect(refused { $0.events[0][0].value = 1.0001e9 })
        #expect(refused { $0.events[1][1].value = 3e38 })
        #expect(!refused { $0.events[0][0].value = 0 })
    }

    @Test func timestampsOutsideYearsOneTo9999AreRefused() {
        #expect(refused { $0.events[1][0].timestamp = acceptedTimestamps.lowerBound - 1 })
        #expect(refused { $0.events[1][1].timestamp = acceptedTimestamps.upperBound + 1 })
        #expect(refused { $0.events[1][1].timestamp = .max })
    }

    @Test func sessionClicksAreRefused() {
        #expect(refused { $0.events[0][2].kind = .click })
        #expect(!refused { $0.events[0][2].kind = .implicit })
    }

    @Test func eventsOutOfOrderAreRefused() {
        #expect(refused { $0.events[0].swapAt(0, 2) })                  // timestamps 200 before 100
        #expect(refused { $0.events[0].swapAt(0, 1) })                  // equal timestamps, items 2 before 0
    }

    @Test func emptyItemIdsAreRefused() {
        #expect(refused { $0.ids[1] = "" })
    }
}
