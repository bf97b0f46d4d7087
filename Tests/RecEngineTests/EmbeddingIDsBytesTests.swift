import Foundation
import Testing
@testable import RecEngine

/// The byte path of the embeddings ids file must read exactly what the exact reader reads, or defer to it.
@Suite("EmbeddingIDs from bytes")
struct EmbeddingIDsBytesTests {
    static func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-embids-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static func exact(_ path: String) -> Result<[String], RecError> {
        Result { try EmbeddingIDs.from(CSVTable.read(path: path, displayName: "ids.csv")) }
            .map { ids in zip(ids.ids, zip(ids.texts, ids.lines)).map { "\($0.0)|\($0.1.0)|\($0.1.1)" } + [ids.file] }
            .mapError { $0 as! RecError }
    }

    static func viaRead(_ path: String) -> Result<[String], RecError> {
        Result { try EmbeddingIDs.read(path: path, displayName: "ids.csv") }
            .map { ids in zip(ids.ids, zip(ids.texts, ids.lines)).map { "\($0.0)|\($0.1.0)|\($0.1.1)" } + [ids.file] }
            .mapError { $0 as! RecError }
    }

    @Test("a plain file is read from bytes with its physical line numbers; others defer")
    func plainAndDeferred() throws {
        let plain = try Self.write("\u{FEFF}\nrow,Item\n\n1,a\n2,bb\n3,c c\n")
        let ids = try #require(EmbeddingIDs.readPlain(path: plain, displayName: "ids.csv"))
        #expect(ids.ids == ["a", "bb", "c c"] && ids.lines == [4, 5, 6] && ids.texts == ["", "", ""] && ids.file == "ids.csv")
        for text in ["item,text\na,t\n", "item\n a\n", "item\n\"a\"\n", "item\nä\n", "item\na\na\n", "row,item\n1\n", "item\r\na\r\n", "", "x\n"] {
            #expect(EmbeddingIDs.readPlain(path: try Self.write(text), displayName: "ids.csv") == nil, "\(text.debugDescription)")
        }
    }

    /// Random small files over the troublesome bytes: `read` (byte path first) gives what the exact reader gives.
    @Test("read agrees with the exact reader on 1,000 random files")
    func agreesWithTheExactReader() throws {
        var random = SplitMix64(seed: 5)
        let alphabet = ["a", "b", "7", " ", "\t", ",", "\"", "\n", "\n", "\r\n", "é", "item", "x", "text"]
        var plain = 0
        for _ in 0..<1_000 {
            var text = ["item\n", "id,item\n", "\nitem\n", "Item,other\n"][Int(random.next() % 4)]
            for _ in 0..<Int(random.next() % 24) { text += alphabet[Int(random.next() % UInt64(alphabet.count))] }
            let path = try Self.write(text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            if EmbeddingIDs.readPlain(path: path, displayName: "ids.csv") != nil { plain += 1 }
            #expect(Self.viaRead(path) == Self.exact(path), "\(text.debugDescription)")
        }
        #expect(plain > 100 && plain < 970, "\(plain) of 1,000 read from bytes")
    }
}
