import Foundation
import Testing
@testable import RecEngine

/// The plain-row reader of interactions.csv (`InteractionChunk.scanPlainRows`) and what it relies on:
/// numbered ids, exact decimal values, and rows of every other form handed to the general scanner in
/// the middle of a chunk. Whatever the rows and the cut, the data set must equal the sequential one.
@Suite struct FastLoaderPlainRowsTests {
    func expectSame(_ a: Dataset, _ b: Dataset, _ comment: Comment) {
        #expect(a.catalog.ids == b.catalog.ids, comment)
        #expect(a.catalog.tags == b.catalog.tags, comment)
        #expect(a.catalog.genres == b.catalog.genres, comment)
        #expect(a.users.ids == b.users.ids, comment)
        #expect(a.users.attributes == b.users.attributes, comment)
        #expect(a.eventsByUser == b.eventsByUser, comment)
    }

    /// Loads `files` sequentially and through the fast loader with many chunkings; both must give the
    /// same data set, or both fail. Returns the fast load's path (`parallel: …` or `sequential (…)`).
    @discardableResult
    func expectFastEqualsSequential(_ files: [String: String], _ comment: String) throws -> String {
        let data = try makeDataDirectory(files)
        let sequential = Result { try GenericLoader.loadSequentially(directory: data, options: LoadOptions()) }
        var path = ""
        for count in [1, 2, 3, 7, 16, 64] {
            let chunking = FastGenericLoader.Chunking(count: count, minimumBytes: 1, parallelUsers: 1)
            let fast = Result { try FastGenericLoader.load(directory: data, chunking: chunking) }
            switch (fast, sequential) {
            case (.success(let f), .success(let s)):
                expectSame(f, s, "\(comment), \(count) chunks")
                path = f.loadPath
            case (.failure(let error), .success):
                // The fast path may decline (the program then loads sequentially), never give other data.
                #expect(error is FastPathUnavailable, "\(comment), \(count) chunks: \(error)")
                path = "declined"
            case (_, .failure):
                let loaded = Result { try GenericLoader.load(DataFiles(directory: data), options: LoadOptions()) }
                if case .success = loaded { Issue.record("\(comment): the sequential reader fails but the loader does not") }
            }
        }
        return path
    }

    static let items: String = {
        var text = "item,title,genres,tags\n"
        for i in 1...30 { text += "i\(i),Title \(i),Drama|Comedy,fun|dark fun|Fun\n" }
        return text
    }()
    static let users: String = {
        var text = "user,age\n"
        for u in 1...9 { text += "u\(u),\(20 + u)\n" }
        return text
    }()

    @Test func plainRowsGiveTheSequentialDataSet() throws {
        var rows = "user,item,rating,timestamp\n"
        for row in 0..<200 { rows += "u\(row % 9 + 1),i\(row * 7 % 30 + 1),\(row % 5 + 1),\(1_000 + row * 37 % 50)\n" }
        let path = try expectFastEqualsSequential(["items.csv": Self.items, "users.csv": Self.users, "interactions.csv": rows], "plain")
        #expect(path.hasPrefix("parallel"))
    }

    @Test func decimalValuesAreExactlyWhatFloatReads() throws {
        let texts = ["0.1", "0.2", "0.3", "3.5", "4.25", "1234567", "123456.7", "0.000001", "9999.999", "00.5", "7", "0", "1.0000001", "0.3333333"]
        for text in texts {
            let bytes = Array(text.utf8) + [UInt8(ascii: ",")]
            var position = 0
            let value = bytes.withUnsafeBufferPointer { FastGenericLoader.InteractionChunk.plainNumber($0.baseAddress!, &position, bytes.count) }
            if let value {
                #expect(value == Float(text)!, "\(text)")
                #expect(position == text.utf8.count, "\(text)")
            } else {
                #expect(text.utf8.filter { $0 != UInt8(ascii: ".") }.count > 7, "\(text) should be read")
            }
        }
        // Every value with up to four decimals below 100, against Float(String).
        for n in stride(from: 0, to: 1_000_000, by: 997) {
            let text = "\(n / 10_000).\(String(n % 10_000).leftPadded(to: 4))"
            let bytes = Array(text.utf8)
            var position = 0
            let value = bytes.withUnsafeBufferPointer { FastGenericLoader.InteractionChunk.plainNumber($0.baseAddress!, &position, bytes.count) }
            #expect(value == Float(text), "\(text)")
        }
    }

    @Test func rowsOfOtherFormsBetweenPlainRows() throws {
        // Each line below breaks the plain form in one way; plain rows surround it.
        let odd = [
            "\"u1\",i2,3,1000",          // quoted id
            "u2,\"i3\",3,1000",
            " u3,i4,3,1000",             // spaces to trim
            "u3 ,i4,3,1000",
            "u4,i5, 3 ,1000",
            "u5,i6,3.5,1000",            // decimal (plain)
            "u5,i6,4.,1000",             // not a plain decimal
            "u5,i6,.5,1000",
            "u5,i6,12345678,1000",       // eight digits
            "u5,i6,1e2,1000",
            "u6,i7,3,1000.9",            // decimal timestamp
            "u6,i7,3,2001-09-09T01:46:40Z",
            "u7,i8,3,1000\r",            // CRLF line end
            "u7,i8,3,1000,extra,fields",
            "u7,i8,3,1000,\"quoted extra\"",
            "",                          // blank line
            "u10,i9,3,1000",             // user not in users.csv
            "x10,i9,3,1000",             // another id form
            "u010,i9,3,1000",            // leading zero: not the number 10
            "u8,i9,3",                   // short row
        ]
        for (k, line) in odd.enumerated() {
            var rows = "user,item,rating,timestamp\n"
            for row in 0..<20 { rows += "u\(row % 9 + 1),i\(row % 30 + 1),\(row % 5 + 1),\(1_000 + row)\n" }
            rows += line + "\n"
            for row in 0..<20 { rows += "u\(row % 9 + 1),i\(row % 30 + 1),2,\(2_000 + row)\n" }
            try expectFastEqualsSequential(["items.csv": Self.items, "users.csv": Self.users, "interactions.csv": rows], "line \(k): \(line)")
        }
    }

    @Test func unknownItemsAndColumnOrders() throws {
        // An unknown item is an error of the sequential reader; the fast one must decline.
        try expectFastEqualsSequential(["items.csv": Self.items, "interactions.csv": "user,item,rating\nu1,i1,3\nu1,i31,3\n"], "unknown item")
        // Columns in another order, one unused column, no timestamp, and a weight.
        var rows = "item,extra,weight,user\n"
        for row in 0..<100 { rows += "i\(row % 30 + 1),x\(row),\(row % 4).5,u\(row % 12 + 1)\n" }
        try expectFastEqualsSequential(["items.csv": Self.items, "users.csv": Self.users, "interactions.csv": rows], "reordered")
        // Last row without a line end.
        try expectFastEqualsSequential(["items.csv": Self.items, "interactions.csv": "user,item\nu1,i1\nu2,i2"], "no final newline")
    }

    @Test func numberedKeysKnowSequentialAndScatteredNumbers() {
        func keys(_ ids: [String]) -> NumberedKeys? {
            let bytes = Array(ids.joined().utf8)
            var starts = [0]
            for id in ids { starts.append(starts.last! + id.utf8.count) }
            return bytes.withUnsafeBufferPointer { all in
                NumberedKeys(count: ids.count) { k in UnsafeBufferPointer(rebasing: all[starts[k]..<starts[k + 1]]) }
            }
        }
        let sequential = keys(["i5", "i6", "i7"])
        #expect(sequential?.sequentialFirst == 5)
        #expect(sequential?.index(ofNumber: 6) == 1)
        #expect(sequential?.index(ofNumber: 8) == -1)
        #expect(sequential?.index(ofNumber: 4) == -1)
        let scattered = keys(["7", "3", "10"])
        #expect(scattered?.sequentialFirst == nil)
        #expect(scattered?.index(ofNumber: 3) == 1)
        #expect(scattered?.index(ofNumber: 4) == -1)
        #expect(keys(["i1", "i01"]) == nil)        // not canonical
        #expect(keys(["i1", "j2"]) == nil)         // two prefixes
        #expect(keys(["i1", "i1"]) == nil)         // repeated
        #expect(keys(["longprefix1"]) == nil)      // prefix over eight bytes
        #expect(keys([]) == nil)
        #expect(keys(["a,1"])?.prefixIsPlain == false)
    }

    @Test func growingColumnKeepsEveryValue() {
        var column = GrowingColumn<Int64>(capacity: 0)
        for k in 0..<1_000 { column.append(Int64(k) * 3) }
        #expect(column.count == 1_000)
        #expect((0..<1_000).allSatisfy { column.pointer[$0] == Int64($0) * 3 })
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
