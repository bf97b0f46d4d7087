import Foundation
import Testing
@testable import RecEngine

/// Inputs the fuzz targets (Fuzz/, docs/FUZZING.md) found crashing, minimised and committed under
/// Fixtures/fuzz/<target>/. Each is run through the same code the target calls and must now be refused
/// with one clear error (or, where it was a valid input, load) — never trap.
enum FuzzFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz").path

    static func bytes(_ target: String, _ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(target).appendingPathComponent(name))
    }

    /// The data directory a loader target builds from its input: files split on 0x1E, named in order.
    static func files(_ target: String, _ name: String, names: [String]) throws -> DataFiles {
        let parts = try bytes(target, name).split(separator: 0x1E, omittingEmptySubsequences: false).map { Data($0) }
        var files: [String: Data] = [:]
        for (file, part) in zip(names, parts) { files[file] = part }
        return DataFiles(name: "fuzz", files: files)
    }

    static let movieLens100K = ["u.genre", "u.item", "u.data", "u.user"]
}

/// The error message a load fails with, or nil when it succeeds.
private func loadError(_ files: DataFiles, lenient: Bool) -> String? {
    do {
        _ = try DatasetLoader.load(files, options: LoadOptions(lenient: lenient))
        return nil
    } catch {
        return "\(error)"
    }
}

@Suite struct FuzzRegressionTests {
    /// u.genre `|2` declared flag column 2 while the u.item check counted only one genre: reading
    /// `fields[7]` of a 6-field row trapped (index out of range). Found by FuzzMovieLens100K in its
    /// first second; the lead fixed the same trap in parallel (flags required up to the highest index).
    @Test func movieLens100KGenreIndexPastTheFlags() throws {
        let files = try FuzzFixtures.files("FuzzMovieLens100K", "genre-index-past-flags", names: FuzzFixtures.movieLens100K)
        #expect(loadError(files, lenient: false) == "fuzz/u.item:1: expected 8 '|'-separated fields (5 + one flag per u.genre index), got 6")
        // Lenient: the short u.item row is skipped, and then u.data is empty.
        #expect(loadError(files, lenient: true) == "fuzz/u.data: empty file")
    }

    /// The same check in a file-based load, with genre indices that have a gap: flags up to the highest.
    @Test func movieLens100KGenreIndicesWithAGap() throws {
        let directory = try makeDataDirectory([
            "u.genre": "unknown|0\nAction|2\nDrama|1\n",
            "u.item": "1|A|d||u|0|1|1\n2|B|d||u|0|0\n",
            "u.data": "1\t1\t4\t100\n",
        ])
        #expect(throws: RecError(file: directory + "/u.item", line: 2, "expected 8 '|'-separated fields (5 + one flag per u.genre index), got 7")) {
            try DatasetLoader.load(directory: directory)
        }
        let dataset = try DatasetLoader.load(directory: directory, options: LoadOptions(lenient: true))
        #expect(dataset.catalog.genres == [["Drama", "Action"]])
    }

    /// Found while writing FuzzMovieLens100K (not a trap): MovieLens 100K lines were split on the
    /// Character "\n", which a CRLF ending ("\r\n", one grapheme) never matches, so a CRLF file was one
    /// long line and refused with a multi-line message. Lines are now split on bytes; Latin-1 stays Latin-1.
    @Test func movieLens100KWithCRLFLineEndings() throws {
        let files = DataFiles(name: "crlf", files: [
            "u.genre": Data("unknown|0\r\nAction|1\r\n\r\n".utf8),
            "u.item": Data("1|A|d||u|0|1\r\n2|".utf8) + Data([0x43, 0x61, 0x66, 0xE9]) + Data("|d||u|0|0\r\n".utf8),
            "u.data": Data("1\t1\t4\t100\r\n1\t2\t3\t200\r\n".utf8),
        ])
        let dataset = try DatasetLoader.load(files)
        #expect(dataset.catalog.titles == ["A", "Caf\u{E9}"])
        #expect(dataset.catalog.genres == [["Action"], []])
        #expect(dataset.eventsByUser.map { $0.map(\.timestamp) } == [[100, 200]])
    }

    /// An item-kNN cache payload whose similarities were 6e-44, 9e-44 and 4e37: decoded as valid, its
    /// explanation computed a share of +inf and `Int(inf)` trapped. Similarities are cosines: the
    /// decoder now refuses any outside [-1.001, 1.001] (or non-finite).
    @Test func itemKNNPayloadWithAHugeSimilarity() throws {
        let input = try FuzzFixtures.bytes("FuzzModelCache", "knn-similarity-4e37")
        #expect(input.first == 1)  // the target's selector: payload straight into ItemKNNRecommender.decode
        var reader = BinaryReader(data: input.dropFirst(), file: "fuzz.bin")
        #expect(throws: RecError(file: "fuzz.bin", "corrupted cache file: inconsistent item-kNN rows")) {
            try ItemKNNRecommender.decode(from: &reader, parameters: .tuned)
        }
    }

    /// The explanation's "n% from the largest" no longer overflows Float for large history weights.
    @Test func itemKNNExplanationShareWithAHugeWeight() {
        let model = ItemKNNRecommender(itemCount: 3, parameters: .tuned, neighbourStart: [0, 1, 1, 1], neighbourItems: [2], neighbourSimilarities: [1])
        let scorer = model.makeScorer(history: [WeightedItem(item: 0, weight: 3e38)])
        let explanation = scorer.explain(item: 2)
        #expect(explanation.score == 3e38)
        #expect(explanation.summary.hasSuffix("100% from the largest"))
    }

    /// An 11-byte version-2 file: `NpyReader.parse` and `NpyReader.read(path:)` refused it with
    /// different messages (FuzzNpy checks they agree). Both now say the same.
    @Test func npyPrefixCutShortAgreesBetweenParseAndRead() throws {
        let bytes = try FuzzFixtures.bytes("FuzzNpy", "v2-prefix-cut-at-11-bytes")
        let expected = RecError(file: "cut.npy", "file ends early (wanted 2 more bytes, got 1)")
        #expect(throws: expected) { try NpyReader.parse([UInt8](bytes), file: "cut.npy") }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-cut-\(UUID().uuidString).npy").path
        try bytes.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: expected) { try NpyReader.read(path: path, displayName: "cut.npy") }
    }

    /// An embeddings row of subnormal floats ([0, 2.9e-42, 0, 0]): its Double sum of squares is fine,
    /// but the scale 1/length overflowed Float to +inf and 0 × inf made the row NaN (found by
    /// FuzzEmbeddings). Rows are now scaled in Double: the row becomes the unit vector (0, 1, 0, 0).
    @Test func embeddingsRowOfSubnormalsNormalises() throws {
        let input = try FuzzFixtures.bytes("FuzzEmbeddings", "subnormal-row")
        let cut = try #require(input.firstIndex(of: 0x1E))
        let ids = try EmbeddingIDs.from(CSVTable.parse(input[..<cut], file: "ids.csv"))
        let matrix = try NpyReader.parse([UInt8](input[(cut + 1)...]), file: "vectors.npy")
        let catalog = Catalog(ids: (1...12).map(String.init), titles: (1...12).map { "Item \($0)" })
        let embeddings = try ItemEmbeddings.align(matrix: matrix, ids: ids, catalog: catalog, vectorsName: "vectors.npy")
        #expect(embeddings.hasVector[11])
        #expect(Array(embeddings.vector(of: 11)) == [0, 1, 0, 0])
        #expect(embeddings.vectors.allSatisfy { $0.isFinite })
    }

    /// The allocation cap the fuzz runs enforce (-malloc_limit_mb=256), stated as a test: a cache
    /// payload claiming 4 billion floats is refused from its length word before anything is allocated.
    @Test func cachePayloadClaimingFourBillionValuesIsRefusedBeforeAllocating() {
        var writer = BinaryWriter()
        writer.write(4_000_000_000)  // rows
        writer.write(1)  // columns
        writer.write(4_000_000_000)  // float count, with no floats following
        var reader = BinaryReader(data: writer.data, file: "huge.bin")
        #expect(throws: RecError(file: "huge.bin", "corrupted cache file: bad length 4000000000")) {
            try reader.readMatrix()
        }
    }

    /// An item-kNN payload whose item count is Int.max: `start.count == itemCount + 1` overflowed and
    /// trapped. Not found by the fuzzer in 1,000,000 inputs — read off the decoder while checking it.
    @Test func itemKNNPayloadWithItemCountIntMax() throws {
        let input = try FuzzFixtures.bytes("FuzzModelCache", "knn-itemcount-intmax")
        var reader = BinaryReader(data: input.dropFirst(), file: "fuzz.bin")
        #expect(throws: RecError(file: "fuzz.bin", "corrupted cache file: inconsistent item-kNN rows")) {
            try ItemKNNRecommender.decode(from: &reader, parameters: .tuned)
        }
    }

    /// The whole-file seed of FuzzModelCache (Fuzz/Tools/make_seeds.py) is a valid cache file for the
    /// target's key and parameters: when the cache format changes, this fails until the seeds follow.
    @Test func modelCacheWholeFileSeedIsValid() throws {
        let seed = try Data(contentsOf: URL(fileURLWithPath: FuzzFixtures.directory)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/Corpus/FuzzModelCache/knn-file"))
        #expect(seed.first == 0)
        let model = try ModelCache.load(data: seed.dropFirst(), file: "knn-file", key: 0x0123_4567_89AB_CDEF,
                                        parameters: ItemKNNRecommender.cacheParameters(.tuned),
                                        decode: { try ItemKNNRecommender.decode(from: &$0, parameters: .tuned) })
        #expect(model.itemCount == 3)
        #expect(model.similarItems(to: 1, k: 2) == [ScoredItem(item: 0, score: 0.5), ScoredItem(item: 2, score: 0.25)])
    }

    /// A data-set snapshot body whose string offsets ran [0, large, small]: the per-string check `a <= b`
    /// passed for the first string and the read went past the blob (SEGV under ASan, found by
    /// FuzzSnapshot in its first seconds). Each offset is now checked against the blob.
    @Test func snapshotStringOffsetsPastTheBlob() throws {
        let body = try FuzzFixtures.bytes("FuzzSnapshot", "string-offset-past-blob")
        #expect(snapshotRead(body) == "corrupt")
    }

    /// A snapshot section claiming Int64.max rows: `offsets.count == rows + 1` overflowed.
    @Test func snapshotShapeOfInt64MaxRows() throws {
        let body = try FuzzFixtures.bytes("FuzzSnapshot", "sparse-rows-int64-max")
        #expect(snapshotRead(body) == "corrupt")
    }

    /// A snapshot body with out-of-range content numbers: decoded, its content explanation printed a
    /// score through `Float.fixed`, whose `Int(...)` trapped past Int.max (found by FuzzSnapshot after
    /// 29,767 inputs). Non-finite numbers are now refused by the decoder, and `fixed` and the
    /// explanation's percentage never convert out of range.
    @Test func snapshotWithHugeContentValuesNeverTraps() throws {
        let body = try FuzzFixtures.bytes("FuzzSnapshot", "huge-content-values")
        #expect(snapshotRead(body) == "read 3 items")  // finite, so accepted; it must not trap in use
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-snap-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: path, contents: snapshotEnvelope(body))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (dataset, content, _) = try DatasetSnapshot.read(file: path, key: 0x5EED)
        let engine = Engine(dataset: dataset, content: content)
        let session = try engine.makeSession(user: 0, algorithm: .content, k: 5)
        for item in 0..<dataset.catalog.count { _ = session.explain(item: item).summary }
        #expect(Float(1e20).fixed(places: 3) == "1e+20")
        #expect(Float.infinity.fixed(places: 3) == "inf")
        #expect(Float(0.2899).fixed(places: 3) == "0.290")
    }
}

/// Wraps `body` as FuzzSnapshot does (magic, key, length, checksum), reads it back through
/// `DatasetSnapshot.read(file:key:)` and says what happened.
private func snapshotRead(_ body: Data) -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-snap-\(UUID().uuidString)").path
    _ = FileManager.default.createFile(atPath: path, contents: snapshotEnvelope(body))
    defer { try? FileManager.default.removeItem(atPath: path) }
    do {
        let (dataset, _, _) = try DatasetSnapshot.read(file: path, key: 0x5EED)
        return "read \(dataset.catalog.count) items"
    } catch is DatasetSnapshot.Corrupt {
        return "corrupt"
    } catch {
        return "\(error)"
    }
}

private func snapshotEnvelope(_ body: Data) -> Data {
    var out = SnapshotWriter()
    out.raw(DatasetSnapshot.magic)
    out.value(UInt64(0x5EED))
    out.value(UInt64(body.count))
    out.value(body.withUnsafeBytes { DatasetSnapshot.checksum($0) })
    out.raw(Array(body))
    return Data(out.bytes)
}
