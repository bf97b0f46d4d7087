import Foundation
import Testing
@testable import RecEngine

@Suite struct DatasetSnapshotTests {
    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("recscope-\(name)-\(UUID().uuidString)").path
    }

    func generated(events: Int = 5_000) throws -> String {
        let directory = temporaryPath("snapdata")
        _ = try DatasetGenerator.write(GeneratorSpec(items: 800, users: 120, events: events, seed: 9), to: directory)
        return directory
    }

    func expectSame(_ a: Engine, _ b: Engine) {
        #expect(a.dataset.catalog.ids == b.dataset.catalog.ids)
        #expect(a.dataset.catalog.titles == b.dataset.catalog.titles)
        #expect(a.dataset.catalog.genres == b.dataset.catalog.genres)
        #expect(a.dataset.catalog.tags == b.dataset.catalog.tags)
        #expect(a.dataset.catalog.texts == b.dataset.catalog.texts)
        #expect(a.dataset.users.ids == b.dataset.users.ids)
        #expect(a.dataset.users.attributeNames == b.dataset.users.attributeNames)
        #expect(a.dataset.users.attributes == b.dataset.users.attributes)
        #expect(a.dataset.users.words == b.dataset.users.words)
        #expect(a.dataset.eventsByUser == b.dataset.eventsByUser)
        #expect(a.dataset.name == b.dataset.name && a.dataset.format == b.dataset.format)
        #expect(a.content.featureNames == b.content.featureNames)
        #expect(a.content.idf == b.content.idf)
        #expect(a.content.items == b.content.items && a.content.byFeature == b.content.byFeature)
        // Popularity: stored in the snapshot, equal to counting the events again.
        func popularity(_ engine: Engine) -> [Float]? { (try? engine.recommender(.popularity)).flatMap { $0 as? PopularityRecommender }?.popularity }
        #expect(popularity(a) != nil && popularity(a) == popularity(b))
    }

    @Test func secondLoadComesFromTheSnapshotAndIsIdentical() throws {
        let data = try generated()
        let snapshot = DatasetSnapshot(directory: temporaryPath("cache"), minimumInputBytes: 0)
        let first = try snapshot.loadEngine(dataDirectory: data, options: LoadOptions())
        #expect(first.outcome == .written)
        let second = try snapshot.loadEngine(dataDirectory: data, options: LoadOptions())
        #expect(second.outcome == .loaded)
        #expect(second.engine.dataset.loadPath.hasPrefix("snapshot: checksum "))   // with its phase timings
        expectSame(first.engine, second.engine)
        expectSame(second.engine, try Engine.load(directory: data))
    }

    @Test func movieLensSnapshotsToo() throws {
        let snapshot = DatasetSnapshot(directory: temporaryPath("cache"), minimumInputBytes: 0)
        _ = try snapshot.loadEngine(dataDirectory: sampleDataDirectory(), options: LoadOptions())
        let second = try snapshot.loadEngine(dataDirectory: sampleDataDirectory(), options: LoadOptions())
        #expect(second.outcome == .loaded)
        #expect(second.engine.dataset.users.words.contains { !$0.isEmpty }, "the sample's taggers keep their words")
        expectSame(second.engine, try Engine.load(directory: sampleDataDirectory()))
    }

    @Test func aChangedFileRebuildsIt() throws {
        let data = try generated()
        let snapshot = DatasetSnapshot(directory: temporaryPath("cache"), minimumInputBytes: 0)
        _ = try snapshot.loadEngine(dataDirectory: data, options: LoadOptions())
        let path = DatasetLoader.path(data, "interactions.csv")
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("u1,i1,5,1700000000\n".utf8))
        handle.closeFile()
        let after = try snapshot.loadEngine(dataDirectory: data, options: LoadOptions())
        #expect(after.outcome == .refreshed)
        #expect(after.engine.dataset.eventCount == 5_001)
        #expect(try snapshot.loadEngine(dataDirectory: data, options: LoadOptions()).engine.dataset.eventCount == 5_001)
    }

    @Test func aDamagedSnapshotIsRebuiltNeverTrusted() throws {
        let data = try generated()
        let snapshot = DatasetSnapshot(directory: temporaryPath("cache"), minimumInputBytes: 0)
        let reference = try snapshot.loadEngine(dataDirectory: data, options: LoadOptions()).engine
        let file = snapshot.path(forData: data)
        let original = try Data(contentsOf: URL(fileURLWithPath: file))
        var damages: [Data] = [Data(), original.prefix(original.count / 2), original.prefix(20)]
        for position in [10, 40, original.count / 3, original.count / 2, original.count - 3] {
            var flipped = original
            flipped[position] ^= 0x5A
            damages.append(flipped)
        }
        for damaged in damages {
            try damaged.write(to: URL(fileURLWithPath: file))
            let result = try snapshot.loadEngine(dataDirectory: data, options: LoadOptions())
            #expect(result.outcome == .rebuilt || result.outcome == .refreshed)   // a flipped key byte reads as other inputs
            expectSame(result.engine, reference)
            #expect(try snapshot.loadEngine(dataDirectory: data, options: LoadOptions()).outcome == .loaded)
        }
    }

    @Test func smallInputsAndLenientLoadsAreNotSnapshotted() throws {
        let data = try generated(events: 200)
        let cache = temporaryPath("cache")
        #expect(try DatasetSnapshot(directory: cache).loadEngine(dataDirectory: data, options: LoadOptions()).outcome == .skipped)
        #expect(try DatasetSnapshot(directory: cache, minimumInputBytes: 0).loadEngine(dataDirectory: data, options: LoadOptions(lenient: true)).outcome == .skipped)
        #expect(!FileManager.default.fileExists(atPath: cache))
    }
}
