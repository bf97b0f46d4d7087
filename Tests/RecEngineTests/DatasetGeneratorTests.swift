import Foundation
import Testing
@testable import RecEngine

@Suite struct DatasetGeneratorTests {
    func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("recscope-gen-\(UUID().uuidString)").path
    }

    func contents(_ directory: String, _ file: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(file)))
    }

    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        let spec = GeneratorSpec(items: 300, users: 40, events: 2_000, embeddingDimension: 8, seed: 7)
        let a = temporaryDirectory(), b = temporaryDirectory(), c = temporaryDirectory()
        _ = try DatasetGenerator.write(spec, to: a)
        _ = try DatasetGenerator.write(spec, to: b)
        var other = spec
        other.seed = 8
        _ = try DatasetGenerator.write(other, to: c)
        for file in ["items.csv", "users.csv", "interactions.csv", "item_embeddings.npy", "item_embeddings_ids.csv"] {
            #expect(try contents(a, file) == contents(b, file), "\(file) differs between two runs with one seed")
        }
        #expect(try contents(a, "interactions.csv") != contents(c, "interactions.csv"))
        #expect(try contents(a, "items.csv") != contents(c, "items.csv"))
    }

    @Test func loadsWithTheRequestedSizesAndShape() throws {
        let directory = temporaryDirectory()
        let summary = try DatasetGenerator.write(GeneratorSpec(items: 2_000, users: 300, events: 20_000, seed: 1), to: directory)
        #expect(summary.files.map(\.name) == ["items.csv", "users.csv", "interactions.csv"])
        let data = try DatasetLoader.load(directory: directory)
        #expect(data.format == .generic)
        #expect(data.catalog.count == 2_000)
        #expect(data.users.count == 300)
        #expect(data.eventCount == 20_000)
        #expect(data.users.attributeNames == ["country", "age"])
        #expect(data.catalog.ids.first == "i1" && data.users.ids.first == "u1")
        // Every user has at least one event; every item has a genre; quoted titles survive the round trip.
        #expect(data.eventsByUser.allSatisfy { !$0.isEmpty })
        #expect(data.catalog.genres.allSatisfy { !$0.isEmpty && $0.allSatisfy(DatasetGenerator.genres.contains) })
        #expect(data.catalog.titles.contains { $0.contains(",") })
        #expect(data.catalog.tags.contains { !$0.isEmpty })
        // Ratings 1…5 and timestamps within 2010–2024, spread over years.
        let all = data.eventsByUser.joined()
        #expect(all.allSatisfy { (1...5).contains($0.value) && $0.kind == .rating })
        let times = all.map(\.timestamp)
        #expect(times.allSatisfy { DatasetGenerator.timeRange.contains($0) })
        #expect(times.max()! - times.min()! > 5 * 365 * 86_400)
    }

    @Test func popularityAndActivityAreSkewed() throws {
        let directory = temporaryDirectory()
        _ = try DatasetGenerator.write(GeneratorSpec(items: 5_000, users: 1_000, events: 50_000, seed: 3), to: directory)
        let data = try DatasetLoader.load(directory: directory)
        var perItem = [Int](repeating: 0, count: data.catalog.count)
        for events in data.eventsByUser { for e in events { perItem[e.item] += 1 } }
        let sortedItems = perItem.sorted(by: >)
        // Power law: the top 1% of items carry far more than 1% of events (uniform would give ~1%).
        let topItems = sortedItems.prefix(50).reduce(0, +)
        #expect(Double(topItems) / 50_000 > 0.08)
        let perUser = data.eventsByUser.map(\.count).sorted(by: >)
        let topUsers = perUser.prefix(10).reduce(0, +)
        #expect(Double(topUsers) / 50_000 > 0.03)   // 1% of users: uniform would be 1%
        #expect(perUser.last! >= 1)
    }

    @Test func embeddingsAreFloat16AndClusterByGenre() throws {
        let directory = temporaryDirectory()
        _ = try DatasetGenerator.write(GeneratorSpec(items: 400, users: 20, events: 100, embeddingDimension: 32, seed: 5), to: directory)
        let npy = try NpyReader.read(path: (directory as NSString).appendingPathComponent("item_embeddings.npy"))
        #expect(npy.rows == 400 && npy.columns == 32)
        #expect(npy.storedType == .float16)
        let engine = try Engine.load(directory: directory)
        try engine.attachDefaultSemantic()
        let data = engine.dataset
        func row(_ i: Int) -> [Float] { Array(npy.values[(i * 32)..<((i + 1) * 32)]) }
        func cosine(_ a: [Float], _ b: [Float]) -> Float {
            let dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
            return dot / ((a.reduce(0) { $0 + $1 * $1 }).squareRoot() * (b.reduce(0) { $0 + $1 * $1 }).squareRoot())
        }
        var same: [Float] = [], different: [Float] = []
        for i in 0..<100 {
            for j in (i + 1)..<100 {
                (data.catalog.genres[i][0] == data.catalog.genres[j][0] ? { same.append(cosine(row(i), row(j))) } : { different.append(cosine(row(i), row(j))) })()
            }
        }
        let meanSame = same.reduce(0, +) / Float(same.count), meanDifferent = different.reduce(0, +) / Float(different.count)
        #expect(meanSame > meanDifferent + 0.3, "same-genre cosine \(meanSame) vs other \(meanDifferent)")
        #expect(engine.algorithms.contains(.semantic))
    }

    @Test func float16Rounding() {
        #expect(DatasetGenerator.float16Bits(1) == 0x3C00)
        #expect(DatasetGenerator.float16Bits(-2) == 0xC000)
        #expect(DatasetGenerator.float16Bits(0.1) == 0x2E66)
        #expect(DatasetGenerator.float16Bits(65_520) == 0x7C00)
        #expect(DatasetGenerator.float16Bits(0) == 0)
        #expect(DatasetGenerator.float16Bits(1e-6) == 0x0011)   // subnormal
    }

    @Test func rejectsBadSizes() {
        #expect(throws: RecError.self) { try GeneratorSpec(items: 0, users: 1, events: 1).validate() }
        #expect(throws: RecError.self) { try GeneratorSpec(items: 1, users: 1, events: 1, embeddingDimension: 0).validate() }
    }
}
