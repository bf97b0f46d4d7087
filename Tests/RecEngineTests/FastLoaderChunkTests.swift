import Foundation
import Testing
@testable import RecEngine

/// `FastGenericLoader` with injected chunking: small files cut into many chunks (the program cuts only
/// files past 64 KB), so quoted fields holding line breaks, CRLF ends and blank lines fall on chunk
/// boundaries, and events are appended by all cores from the first user. Whatever the cut, the data set
/// must equal the sequential reader's. (FuzzGenericChunks does the same on fuzzed directories.)
@Suite struct FastLoaderChunkTests {
    func expectSame(_ a: Dataset, _ b: Dataset, _ comment: Comment) {
        #expect(a.catalog.ids == b.catalog.ids, comment)
        #expect(a.catalog.titles == b.catalog.titles, comment)
        #expect(a.catalog.genres == b.catalog.genres, comment)
        #expect(a.catalog.tags == b.catalog.tags, comment)
        #expect(a.catalog.texts == b.catalog.texts, comment)
        #expect(a.users.ids == b.users.ids, comment)
        #expect(a.users.attributeNames == b.users.attributeNames, comment)
        #expect(a.users.attributes == b.users.attributes, comment)
        #expect(a.eventsByUser == b.eventsByUser, comment)
    }

    /// Items whose titles and texts hold quoted line breaks (LF, CRLF, CR) and commas; users with quoted
    /// attributes; interactions with and without a timestamp column (then row numbers stand in for time,
    /// counted across chunks).
    func directory(timestamps: Bool) throws -> String {
        var items = "item,title,genres,tags,text\r\n"
        for i in 0..<40 {
            switch i % 4 {
            case 0: items += "i\(i),\"Title\n\(i), \"\"quoted\"\"\",Drama|Comedy,fun|x,\"line\r\nbreak\"\n"
            case 1: items += "i\(i),Plain \(i),,,\r\n\r\n"
            case 2: items += "i\(i),\"cr\rinside\",Action,,\"\n\n\"\n"
            default: items += "\"i\(i)\",\"é, ü \(i)\",Drama,fun,\n"
            }
        }
        var users = "user,age,city\n"
        for u in 0..<9 { users += "u\(u),\(20 + u),\"City\n\(u), FR\"\n" }
        var interactions = timestamps ? "user,item,rating,timestamp\n" : "user,item,weight\n"
        for row in 0..<300 {
            interactions += "u\(row % 13),i\((row * 7) % 40),\(row % 5 + 1)" + (timestamps ? ",\(1_000 + (row * 37) % 50)" : "") + (row % 3 == 0 ? "\r\n" : "\n")
        }
        return try makeDataDirectory(["items.csv": items, "users.csv": users, "interactions.csv": interactions])
    }

    @Test func everyChunkingGivesTheSequentialDataSet() throws {
        for timestamps in [true, false] {
            let data = try directory(timestamps: timestamps)
            let sequential = try GenericLoader.loadSequentially(directory: data, options: LoadOptions())
            #expect(sequential.eventCount == 300)
            for count in [1, 2, 3, 5, 8, 17, 64, 400] {
                let chunking = FastGenericLoader.Chunking(count: count, minimumBytes: 1, parallelUsers: 1)
                let fast = try FastGenericLoader.load(directory: data, chunking: chunking)
                expectSame(fast, sequential, "\(count) chunks, timestamps \(timestamps)")
            }
        }
    }

}
