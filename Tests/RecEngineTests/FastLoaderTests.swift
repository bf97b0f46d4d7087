import Foundation
import Testing
@testable import RecEngine

/// The parallel byte-level loader must give exactly what the sequential `CSVTable` path gives.
@Suite struct FastLoaderTests {
    final class Collector: ChunkConsumer {
        var records: [[String]] = []
        func consume(_ fields: [FieldSlice], base: UnsafePointer<UInt8>) throws {
            records.append(fields.map { CSVChunks.decodeString(base, $0) })
        }
    }

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-chunks-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Records with quoted commas, doubled quotes, line breaks inside quotes (LF, CRLF, CR), blank lines.
    func awkwardCSV(rows: Int) -> String {
        var text = "\u{FEFF}id,title,note\r\n"
        for i in 0..<rows {
            switch i % 6 {
            case 0: text += "\(i),\"multi\nline\n\"\"title\"\"\",x\n"
            case 1: text += "\(i),\"a, b\",\"\"\r\n"
            case 2: text += "\(i),plain,\"cr\rinside\"\n\n\n"
            case 3: text += "\"\(i)\",\"\n\n\n\",last\r\n"
            case 4: text += "\(i),,\n"
            default: text += "\(i),\"é, ü\",\"line\r\nbreak\"\n"
            }
        }
        return text + "end,\"x\""
    }

    @Test func everyChunkCountGivesTheSequentialRecords() throws {
        let text = awkwardCSV(rows: 120)
        let path = try write(text)
        let expected = try CSVTable.read(path: path)
        let file = try #require(MappedFile(path: path))
        let header = try CSVChunks.header(file)
        #expect(header.names == expected.header)
        for chunks in [1, 2, 3, 5, 8, 17, 64, 300] {
            let parts = try CSVChunks.parse(file, from: header.dataStart, chunkCount: chunks, minimumChunkBytes: 1) { _ in Collector() }
            #expect(parts.flatMap(\.records) == expected.records, "with \(chunks) chunks")
        }
    }

    @Test func malformedInputIsRefusedNotGuessed() throws {
        for bad in ["a,b\n1,x\"y\n", "a,b\n1,\"open\n", "a,b\n1,\"x\"y\n", ""] {
            let file = try #require(MappedFile(path: try write(bad)))
            #expect(throws: FastPathUnavailable.self) {
                let header = try CSVChunks.header(file)
                _ = try CSVChunks.parse(file, from: header.dataStart, chunkCount: 4, minimumChunkBytes: 1) { _ in Collector() }
            }
        }
    }

    @Test func byteKeyTableInternsInOrderAndGrows() {
        var table = ByteKeyTable(expectedCount: 2)
        let keys = (0..<5_000).map { $0 % 3 == 0 ? "k\($0)" : "a-much-longer-key-\($0)-with-tail" } + ["k0", "a-much-longer-key-1-with-tail"]
        var indices: [Int] = []
        for key in keys {
            var bytes = Array(key.utf8)
            indices.append(bytes.withUnsafeMutableBufferPointer { table.insert($0.baseAddress!, $0.count).index })
        }
        #expect(indices == Array(0..<5_000) + [0, 1])
        #expect(table.count == 5_000)
        #expect(table.string(4_999) == keys[4_999])
        var missing = Array("k1".utf8)
        #expect(missing.withUnsafeMutableBufferPointer { table.find($0.baseAddress!, $0.count) } == nil)
        var prefix = Array("a-much-longer-key-1-with-tai".utf8)
        #expect(prefix.withUnsafeMutableBufferPointer { table.find($0.baseAddress!, $0.count) } == nil)
    }

    /// Numbered ids are looked up by number, and say "absent" exactly when the hash table does:
    /// leading zeros, another prefix, a number past the end, non-digits and empty digits included.
    @Test func numberedKeysAgreeWithTheTable() throws {
        func table(_ keys: [String]) -> ByteKeyTable {
            var table = ByteKeyTable(expectedCount: keys.count)
            for key in keys { var bytes = Array(key.utf8); _ = bytes.withUnsafeMutableBufferPointer { table.insert($0.baseAddress!, $0.count) } }
            return table
        }
        let keys = (1...3_000).map { "i\($0 * 3)" } + ["i0"]
        let items = table(keys)
        let numbers = try #require(NumberedKeys(items))
        let probes = keys + ["i1", "i007", "i07", "i00", "j3", "i", "3", "i9000", "i99999999999", "i3x", "I3", "i-3", "ii3", " i3"]
        for probe in probes {
            var bytes = Array(probe.utf8)
            let expected = bytes.withUnsafeMutableBufferPointer { items.find($0.baseAddress!, $0.count) }
            #expect(bytes.withUnsafeMutableBufferPointer { numbers.find($0.baseAddress!, $0.count) } == expected, "\(probe)")
        }
        #expect(NumberedKeys(table(["1", "2", "10"])) != nil)            // no prefix
        #expect(NumberedKeys(table(["i1", "i02"])) == nil)              // a leading zero: not canonical
        #expect(NumberedKeys(table(["i1", "j2"])) == nil)               // two prefixes
        #expect(NumberedKeys(table(["i1", "i5000000"])) == nil)         // too sparse for an array
        #expect(NumberedKeys(table(["movie-a"])) == nil)
    }

    func expectSame(_ a: Dataset, _ b: Dataset) {
        #expect(a.catalog.ids == b.catalog.ids)
        #expect(a.catalog.titles == b.catalog.titles)
        #expect(a.catalog.genres == b.catalog.genres)
        #expect(a.catalog.tags == b.catalog.tags)
        #expect(a.catalog.texts == b.catalog.texts)
        #expect(a.catalog.index == b.catalog.index)
        #expect(a.users.ids == b.users.ids)
        #expect(a.users.attributeNames == b.users.attributeNames)
        #expect(a.users.attributes == b.users.attributes)
        #expect(a.eventsByUser == b.eventsByUser)
        // The content space from interned ids equals the one built from the strings, bit for bit.
        var plain = b.catalog
        plain.interned = nil
        let fast = ContentFeatures(catalog: a.catalog), reference = ContentFeatures(catalog: plain)
        #expect(fast.featureNames == reference.featureNames)
        #expect(fast.idf == reference.idf)
        #expect(fast.items == reference.items)
        #expect(fast.byFeature == reference.byFeature)
    }

    @Test func generatedDataLoadsIdenticallyBothWays() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-fast-\(UUID().uuidString)").path
        _ = try DatasetGenerator.write(GeneratorSpec(items: 3_000, users: 400, events: 30_000, seed: 11), to: directory)
        let fast = try FastGenericLoader.load(directory: directory)
        #expect(fast.catalog.interned != nil)
        expectSame(fast, try GenericLoader.loadSequentially(directory: directory, options: LoadOptions()))
    }

    @Test func unusualButValidInputLoadsIdenticallyBothWays() throws {
        let directory = try makeDataDirectory([
            // Quoted ids, spaces around values, repeated and differently spelled tags, a Unicode genre
            // list, a text column, CRLF line ends, a blank line.
            "items.csv": "Title,ITEM,genres,tags,text\r\n\"Heat, The\",\" a1\",Drama| Crime ,Great  Fun|great fun|pixar,\"said \"\"hi\"\"\"\r\nB,b1,Comédie|Drame,,\r\n\r\nC,c1,,x,\n",
            // Users out of order, some only in interactions; weights with decimals; ISO and integer times.
            "interactions.csv": "item,user,weight,timestamp\na1,u9,2.5,2018-09-24\nb1,u1,1,100\nc1,u9,0.25,50\na1,u3, 3 ,100\nb1,u1,1e2,100\n",
            "users.csv": "user,age,city\nu1,34,\"Paris, FR\"\nu2,20\n",
        ])
        let fast = try FastGenericLoader.load(directory: directory)
        let reference = try GenericLoader.loadSequentially(directory: directory, options: LoadOptions())
        expectSame(fast, reference)
        #expect(fast.users.ids == ["u1", "u2", "u9", "u3"])
        #expect(fast.catalog.tags[0] == [TagCount(tag: "great fun", count: 2), TagCount(tag: "pixar", count: 1)])
    }

    @Test func rowNumbersStandInForTimeAcrossChunks() throws {
        var interactions = "user,item\n"
        for row in 0..<40_000 { interactions += "u\(row % 37),i\(row % 11)\n" }
        let directory = try makeDataDirectory([
            "items.csv": "item,title\n" + (0..<11).map { "i\($0),T\($0)\n" }.joined(),
            "interactions.csv": interactions,
        ])
        expectSame(try FastGenericLoader.load(directory: directory), try GenericLoader.loadSequentially(directory: directory, options: LoadOptions()))
    }

    @Test func badInputFallsBackToTheExactMessage() throws {
        let directory = try makeDataDirectory([
            "items.csv": "item,title\na,A\n",
            "interactions.csv": "user,item,rating\nu1,a,4\nu1,zz,3\n",
        ])
        #expect(throws: FastPathUnavailable.self) { try FastGenericLoader.load(directory: directory) }
        #expect(throws: RecError(file: DatasetLoader.path(directory, "interactions.csv"), line: 3, "unknown item 'zz' (not in items.csv)")) {
            try DatasetLoader.load(directory: directory)
        }
    }
}
