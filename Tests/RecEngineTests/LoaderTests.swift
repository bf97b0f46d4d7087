import Foundation
import Testing
@testable import RecEngine

@Suite struct LoaderTests {
    let movies = "movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n2,\"Heat, The (1995)\",Action|Crime\n3,Nothing (2000),(no genres listed)\n"

    func load(_ files: [String: String], lenient: Bool = false) throws -> Dataset {
        try DatasetLoader.load(directory: makeDataDirectory(files), options: LoadOptions(lenient: lenient))
    }

    /// The error message with the temporary directory stripped, e.g. `ratings.csv:3: ...`.
    func message(_ files: [String: String], lenient: Bool = false) -> String? {
        do { _ = try load(files, lenient: lenient); return nil } catch let error as RecError {
            return (error.file as NSString).lastPathComponent + (error.line.map { ":\($0)" } ?? "") + ": " + error.message
        } catch { return "\(error)" }
    }

    @Test func movieLensDirectory() throws {
        let data = try load([
            "movies.csv": movies,
            "ratings.csv": "userId,movieId,rating,timestamp\n10,2,4.0,200\n2,1,3.5,100\n10,1,5,100\n",
            "tags.csv": "userId,movieId,tag,timestamp\n2,1,  Pixar ,1\n3,1,pixar,2\n3,1,Great   Fun,3\n",
        ])
        #expect(data.format == .movielens)
        #expect(data.catalog.titles[1] == "Heat, The (1995)")
        #expect(data.catalog.genres == [["Adventure", "Animation"], ["Action", "Crime"], []])
        #expect(data.catalog.tags[0] == [TagCount(tag: "pixar", count: 2), TagCount(tag: "great fun", count: 1)])
        #expect(data.users.ids == ["2", "10"])   // natural (numeric) order
        #expect(data.eventsByUser[1].map(\.item) == [0, 1])   // sorted by timestamp
        #expect(data.eventsByUser[1].map(\.value) == [5, 4])
    }

    @Test("a user's own words: their MovieLens tags (distinct, file order) and a generic users.csv text")
    func ownWords() throws {
        let data = try load([
            "movies.csv": movies,
            "ratings.csv": "userId,movieId,rating,timestamp\n10,2,4.0,200\n2,1,3.5,100\n",
            // User 3 tags but never rates (not a user of the data); user 2 repeats "Pixar" in another case.
            "tags.csv": "userId,movieId,tag,timestamp\n2,1,  Pixar ,1\n3,1,pixar,2\n2,2,heist,3\n2,1,pixar,4\n2,3,  ,5\n",
        ])
        #expect(data.users.ids == ["2", "10"])
        #expect(data.users.words == [["Pixar", "heist"], []])
        #expect(data.users.ownWords(of: 0) == ["Pixar", "heist"])
        #expect(data.users.ownWords(of: 1).isEmpty)
        let generic = try load([
            "items.csv": "item,title\na1,A\n",
            "interactions.csv": "user,item\nu1,a1\nu2,a1\n",
            "users.csv": "user,age,text\nu1,34,  slow cinema and long walks \nu2,20,\n",
        ])
        #expect(generic.users.ownWords(of: try generic.users.require("u1")) == ["slow cinema and long walks"])
        #expect(generic.users.ownWords(of: try generic.users.require("u2")).isEmpty)
        #expect(generic.users.ownWords(of: 99).isEmpty)
    }

    @Test func genericDirectoryWithUsersWeightsAndNoTimestamps() throws {
        let data = try load([
            "items.csv": "title,item,genres,tags,text,extra\nA,a1,X|Y,t1|t2,some text,zz\nB,b1,,,,\n",
            "interactions.csv": "item,user,weight\na1,u1,2.5\nb1,u1,1\nb1,u9,3\n",
            "users.csv": "user,age,city\nu1,34,Paris\nu2,20,Oslo\n",
        ])
        #expect(data.format == .generic)
        #expect(data.catalog.ids == ["a1", "b1"])
        #expect(data.catalog.tags[0].map(\.tag) == ["t1", "t2"])
        #expect(data.catalog.texts[0] == "some text")
        #expect(data.users.ids == ["u1", "u2", "u9"])
        #expect(data.users.attributeNames == ["age", "city"])
        #expect(data.users.attributes[1] == ["20", "Oslo"])
        #expect(data.users.attributes[2] == ["", ""])
        #expect(data.eventsByUser[0].map(\.timestamp) == [1, 2])  // row numbers stand in for time
        #expect(data.eventsByUser[0].map(\.kind) == [.implicit, .implicit])
        #expect(data.eventsByUser[2].first?.value == 3)
    }

    @Test func isoTimestamps() throws {
        #expect(parseISO8601("1970-01-02") == 86_400)
        #expect(parseISO8601("2018-09-24T14:05:00Z") == 1_537_797_900)
        #expect(parseISO8601("2018-13-01") == nil)
        #expect(parseISO8601("yesterday") == nil)
    }

    @Test func badInputsNameFileLineAndProblem() {
        let ratingsHeader = "userId,movieId,rating,timestamp\n"
        #expect(message(["movies.csv": movies, "ratings.csv": ratingsHeader + "1,1,4,100\n1,2,4,soon\n"])
                == "ratings.csv:3: non-numeric timestamp 'soon' (expected seconds since 1970 or an ISO 8601 date)")
        #expect(message(["movies.csv": movies, "ratings.csv": ratingsHeader + "1,99,4,100\n"])
                == "ratings.csv:2: unknown item '99' (not in movies.csv)")
        #expect(message(["movies.csv": movies + "2,Again,Drama\n", "ratings.csv": ratingsHeader])
                == "movies.csv:5: duplicate item id '2' (first on line 3)")
        #expect(message(["movies.csv": movies, "ratings.csv": "userId,movieId,timestamp\n1,1,5\n"])
                == "ratings.csv:1: missing column 'rating' (header has: userId, movieId, timestamp)")
        #expect(message(["movies.csv": movies, "ratings.csv": ""]) == "ratings.csv: empty file (no header line)")
        #expect(message(["movies.csv": movies, "ratings.csv": ratingsHeader + "1,1,\"4,100\n"]) == "ratings.csv:2: unterminated quoted field")
        #expect(message(["movies.csv": movies, "ratings.csv": ratingsHeader + "1,1,great,100\n"]) == "ratings.csv:2: non-numeric rating 'great'")
        #expect(message(["movies.csv": movies, "ratings.csv": ratingsHeader + "1,1\n"]) == "ratings.csv:2: missing value for column 'rating' (row has 2 fields)")
        #expect(message(["items.csv": "item,title\na,A\n", "interactions.csv": "user,item\nu,b\n"]) == "interactions.csv:2: unknown item 'b' (not in items.csv)")
        #expect(message(["items.csv": "item,name\na,A\n", "interactions.csv": "user,item\n"]) == "items.csv:1: missing column 'title' (header has: item, name)")
        #expect(message(["nothing.txt": "x"])?.hasSuffix("not a recognised data directory: expected ratings.csv + movies.csv (MovieLens), u.data + u.item + u.genre (MovieLens 100K) or interactions.csv + items.csv (generic)") == true)
    }

    @Test func lenientSkipsBadRowsAndReportsTheFirst() throws {
        let data = try load([
            "movies.csv": movies,
            "ratings.csv": "userId,movieId,rating,timestamp\n1,1,4,100\n1,2,4,soon\n1,99,4,1\n2,2,3,5\n",
        ], lenient: true)
        #expect(data.eventCount == 2)
        #expect(data.skipped.count == 2)
        #expect(data.skipped.summary?.hasSuffix("ratings.csv:3: non-numeric timestamp 'soon' (expected seconds since 1970 or an ISO 8601 date)") == true)
        #expect(data.skipped.summary?.hasPrefix("skipped 2 bad rows; first: ") == true)
    }

    @Test func lenientStillRefusesStructuralErrors() {
        // A missing column or an unterminated quote is not a bad row: the file itself is unusable.
        #expect(message(["movies.csv": movies, "ratings.csv": "userId,movieId\n1,1\n"], lenient: true)?.hasPrefix("ratings.csv:1: missing column 'rating'") == true)
    }

    @Test func sampleDataLoads() throws {
        let data = try DatasetLoader.load(directory: sampleDataDirectory())
        #expect(data.catalog.count == 9742)
        #expect(data.users.count == 610)
        #expect(data.eventCount == 100_836)
        #expect(data.catalog.tags.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } } == 3683)
    }

    @Test func itemSearchFoldsCaseAndAccents() {
        var catalog = Catalog(ids: ["1", "2", "3"], titles: ["Amélie (2001)", "Heat (1995)", "Up (2009)"], genres: [["Romance"], ["Crime"], ["Animation"]])
        catalog.tags = [[], [TagCount(tag: "heist", count: 1)], []]
        #expect(ItemSearch.matching("AMELIE", in: catalog) == [0])
        #expect(ItemSearch.matching("heist", in: catalog) == [1])
        #expect(ItemSearch.matching("anim", in: catalog) == [2])
        #expect(ItemSearch.matching("zzz", in: catalog) == [])
    }

    @Test func movieLens100KLayout() throws {
        let data = try DatasetLoader.load(directory: makeDataDirectory([
            "u.genre": "unknown|0\nAction|1\nComedy|2\n\n",
            "u.item": "1|Toy Story (1995)|01-Jan-1995||http://x|0|0|1\n2|Les Mis\u{E9}rables (1995)|01-Jan-1995||http://y|0|1|1\n",
            "u.user": "1|24|M|technician|85711\n2|53|F|other|94043\n",
            "u.data": "2\t1\t4\t881250949\n1\t2\t3\t881250000\n1\t1\t5\t881250001\n",
        ]))
        #expect(data.format == .movielens100k)
        #expect(data.catalog.genres == [["Comedy"], ["Action", "Comedy"]])
        #expect(data.users.attributeNames == ["age", "gender", "occupation", "zip"])
        #expect(data.users.attributes[1] == ["53", "F", "other", "94043"])
        #expect(data.eventsByUser[0].map(\.item) == [1, 0])
        #expect(message(["u.genre": "Action|0\n", "u.item": "1|A|d||u|1\n", "u.data": "1\t1\t4\tnever\n"]) == "u.data:1: non-numeric timestamp 'never'")
        #expect(message(["u.genre": "Action|0\n", "u.item": "1|A|d||u|2\n", "u.data": ""]) == "u.item:1: genre flag for Action must be 0 or 1, got '2'")
    }

    @Test func movieLens100KSharedData() throws {
        let directory = sampleDataDirectory() + "/../../../shared/data/movielens-100k"
        guard FileManager.default.fileExists(atPath: directory) else { return }   // only beside the shared data
        let data = try DatasetLoader.load(directory: directory)
        #expect(data.catalog.count == 1682)
        #expect(data.users.count == 943)
        #expect(data.eventCount == 100_000)
    }
}
