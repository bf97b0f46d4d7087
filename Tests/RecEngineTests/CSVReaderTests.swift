import Foundation
import Testing
@testable import RecEngine

@Suite struct CSVReaderTests {
    func parse(_ text: String) throws -> CSVTable { try CSVTable.parse(Data(text.utf8), file: "t.csv") }

    @Test func quotedCommasDoubledQuotesAndNewlines() throws {
        let table = try parse("id,title\n1,\"Hello, World\"\n2,\"She said \"\"hi\"\"\"\n3,\"two\nlines\"\n4,last\n")
        #expect(table.header == ["id", "title"])
        #expect(table.records.map { $0[1] } == ["Hello, World", "She said \"hi\"", "two\nlines", "last"])
        // Record 4 starts on physical line 6 because record 3 spans lines 4–5.
        #expect(table.lineNumbers == [2, 3, 4, 6])
    }

    @Test func crlfBomAndTrailingEmptyLine() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a,b\r\n1,2\r\n3,\"x\r\ny\"\r\n\r\n".utf8)
        let table = try CSVTable.parse(Data(bytes), file: "t.csv")
        #expect(table.header == ["a", "b"])
        #expect(table.records == [["1", "2"], ["3", "x\r\ny"]])
        #expect(table.lineNumbers == [2, 3])
    }

    @Test func emptyFieldsAndNoFinalNewline() throws {
        let table = try parse("a,b,c\n,,\n1,,3")
        #expect(table.records == [["", "", ""], ["1", "", "3"]])
    }

    @Test func unterminatedQuoteNamesTheLineWhereItOpened() {
        #expect(throws: RecError(file: "t.csv", line: 3, "unterminated quoted field")) {
            try parse("a,b\n1,2\n3,\"open\nmore\n")
        }
    }

    @Test func strayQuoteInUnquotedField() {
        #expect(throws: RecError(file: "t.csv", line: 2, "quote inside an unquoted field (quote the whole field and double the quote)")) {
            try parse("a,b\n1,ab\"c\n")
        }
    }

    @Test func textAfterClosingQuote() {
        #expect(throws: RecError(file: "t.csv", line: 2, "unexpected character after closing quote")) {
            try parse("a,b\n1,\"ab\"c\n")
        }
    }

    @Test func emptyFile() {
        #expect(throws: RecError(file: "t.csv", "empty file (no header line)")) { try parse("") }
        #expect(throws: RecError(file: "t.csv", "empty file (no header line)")) { try parse("\n\n") }
    }

    /// Doubles quotes scalar by scalar (a grapheme-aware replace would miss a quote followed by a
    /// combining mark).
    static func doubleQuotes(_ field: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in field.unicodeScalars {
            scalars.append(scalar)
            if scalar == "\"" { scalars.append(scalar) }
        }
        return String(scalars)
    }

    /// Fuzz: random tables of awkward fields (commas, quotes, CR, LF, non-ASCII), encoded per RFC 4180,
    /// must parse back to the same fields; random byte strings must parse or throw, never trap.
    @Test func randomRoundTripAndGarbage() throws {
        var rng = SplitMix64(seed: 7)
        let alphabet: [String] = ["a", "Z", "0", ",", "\"", "\n", "\r\n", " ", "é", "東", "\u{301}", "|"]
        for _ in 0..<300 {
            let columns = Int.random(in: 1...4, using: &rng)
            let rows = Int.random(in: 1...5, using: &rng)
            var expected: [[String]] = []
            var text = (0..<columns).map { "c\($0)" }.joined(separator: ",") + "\n"
            for _ in 0..<rows {
                var row: [String] = []
                for _ in 0..<columns {
                    let length = Int.random(in: 1...6, using: &rng)
                    row.append((0..<length).map { _ in alphabet.randomElement(using: &rng)! }.joined())
                }
                expected.append(row)
                text += row.map { "\"" + Self.doubleQuotes($0) + "\"" }.joined(separator: ",") + (Bool.random(using: &rng) ? "\n" : "\r\n")
            }
            let table = try parse(text)
            #expect(table.records == expected)
        }
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...40, using: &rng)).map { _ in [UInt8(ascii: "\""), UInt8(ascii: ","), 10, 13, 65, 0xC3, 0xA9].randomElement(using: &rng)! }
            _ = try? CSVTable.parse(Data(bytes), file: "fuzz.csv")
        }
    }
}
