import Foundation
import Testing
@testable import RecEngine

/// The byte path of `--factors` ids files must read exactly what the exact reader reads, or defer to it.
@Suite("FactorIDTable")
struct FactorIDTableTests {
    static func keys(_ table: ByteKeyTable) -> [String] { (0..<table.count).map { FactorIDTable.id(table, $0) } }

    static func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-ids-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test("plain files take the byte path; anything unusual defers to the exact reader")
    func plainAndDeferred() throws {
        let plain = try Self.write("row,item\n0,a\n1,bb\r\n2,c c\n\n3,\"quoted\"\n")
        #expect(try Self.keys(#require(FactorIDTable.plain(path: plain, column: "item"))) == ["a", "bb", "c c", "quoted"])
        for text in ["item\n a\n", "item\na \n", "item\n\"a\"\"b\"\n", "item\nä\n", "item\na\na\n", "item\na\n\n,\n", "item\n\"open\n", ""] {
            #expect(FactorIDTable.plain(path: try Self.write(text), column: "item") == nil, "\(text.debugDescription)")
        }
    }

    /// Random small files over an alphabet of the troublesome bytes: `read` (byte path first) and the exact
    /// reader give the same ids in the same order, or the same error.
    @Test("read agrees with the exact reader on 1,000 random files")
    func agreesWithTheExactReader() throws {
        var random = SplitMix64(seed: 7)
        let alphabet = ["a", "b", "7", " ", "\t", ",", "\"", "\n", "\r\n", "é", "\u{00A0}", "item", "x"]
        var deferred = 0
        for _ in 0..<1_000 {
            var text = random.next() % 4 == 0 ? "row,item\n" : "item\n"
            for _ in 0..<Int(random.next() % 24) { text += alphabet[Int(random.next() % UInt64(alphabet.count))] }
            let path = try Self.write(text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            if FactorIDTable.plain(path: path, column: "item") == nil { deferred += 1 }
            let fast: Result<[String], RecError> = Result { try Self.keys(FactorIDTable.read(path: path, column: "item")) }.mapError { $0 as! RecError }
            let exact: Result<[String], RecError> = Result { try FactorModel.readIDs(path: path, column: "item") }.mapError { $0 as! RecError }
            #expect(fast == exact, "\(text.debugDescription)")
        }
        #expect(deferred > 100 && deferred < 970, "\(deferred) of 1,000 deferred")
    }
}
