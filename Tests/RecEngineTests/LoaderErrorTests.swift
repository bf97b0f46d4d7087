import Foundation
import Testing
@testable import RecEngine

/// Every refusal the loaders can give, one input each, with the exact one-line message — including the
/// three inputs that used to trap (timestamps far apart, a `u.genre` index past the `u.item` flags, an
/// implicit weight of 1e20).
@Suite struct LoaderErrorTests {
    let movies = "movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n2,Heat (1995),Action|Crime\n"
    let ratingsHeader = "userId,movieId,rating,timestamp\n"

    func message(_ files: [String: String], lenient: Bool = false) -> String? {
        do { _ = try DatasetLoader.load(directory: makeDataDirectory(files), options: LoadOptions(lenient: lenient)); return nil } catch let error as RecError {
            return (error.file as NSString).lastPathComponent + (error.line.map { ":\($0)" } ?? "") + ": " + error.message
        } catch { return "\(error)" }
    }

    // MARK: The inputs that trapped

    @Test func timestampsFarApartAreRefusedAtLoad() {
        #expect(message(["movies.csv": movies, "ratings.csv": ratingsHeader + "1,1,4,-9223372036854775808\n1,2,4,9223372036854775807\n"])
                == "ratings.csv:2: timestamp '-9223372036854775808' out of range (years 0001–9999: -62135596800 to 253402300799 seconds)")
        #expect(message(["items.csv": "item,title\na,A\n", "interactions.csv": "user,item,timestamp\nu,a,99999999999999\n"])
                == "interactions.csv:2: timestamp '99999999999999' out of range (years 0001–9999: -62135596800 to 253402300799 seconds)")
        #expect(message(["u.genre": "Action|0\n", "u.item": "1|A|d||u|1\n", "u.data": "1\t1\t4\t-9223372036854775808\n"])
                == "u.data:1: timestamp '-9223372036854775808' out of range (years 0001–9999: -62135596800 to 253402300799 seconds)")
        // The edges of the range load.
        #expect(message(["movies.csv": movies, "ratings.csv": ratingsHeader + "1,1,4,-62135596800\n1,2,4,253402300799\n"]) == nil)
    }

    @Test func decayOfFarApartTimestampsDoesNotOverflow() {
        #expect(DecayPolicy.halfLife(days: 90).factor(timestamp: Int64.min, now: Int64.max) == 0)
        #expect(DecayPolicy.halfLife(days: 90).factor(timestamp: Int64.max, now: Int64.min) == 1)
    }

    @Test func genreIndexPastTheItemFlagsIsRefused() {
        // 20 genres named, the highest at index 30: every u.item row needs 5 + 31 fields.
        let genres = (0..<19).map { "G\($0)|\($0)" }.joined(separator: "\n") + "\nLate|30\n"
        let row = "1|A|d||u|" + Array(repeating: "0", count: 19).joined(separator: "|") + "\n"
        #expect(message(["u.genre": genres, "u.item": row, "u.data": "1\t1\t4\t1\n"])
                == "u.item:1: expected 36 '|'-separated fields (5 + one flag per u.genre index), got 24")
        #expect(message(["u.genre": "Action|9223372036854775807\n", "u.item": "1|A|d||u|1\n", "u.data": "1\t1\t4\t1\n"])
                == "u.genre:1: genre index 9223372036854775807 out of range (0–999)")
        #expect(message(["u.genre": "Action|0\nDrama|0\n", "u.item": "1|A|d||u|1\n", "u.data": "1\t1\t4\t1\n"])
                == "u.genre:2: duplicate genre index 0 (first on line 1)")
    }

    @Test func hugeWeightsAndRatingsAreRefused() {
        #expect(message(["items.csv": "item,title\na,A\n", "interactions.csv": "user,item,weight\nu,a,1e20\n"])
                == "interactions.csv:2: weight '1e20' too large (at most 1e9)")
        #expect(message(["movies.csv": movies, "ratings.csv": ratingsHeader + "1,1,5e9,1\n"]) == "ratings.csv:2: rating '5e9' too large (at most 1e9)")
        #expect(message(["u.genre": "Action|0\n", "u.item": "1|A|d||u|1\n", "u.data": "1\t1\t1e20\t1\n"]) == "u.data:1: rating '1e20' too large (at most 1e9)")
    }

    // MARK: Every other refusal

    @Test func csvStructure() {
        #expect(message(["movies.csv": movies, "ratings.csv": ratingsHeader + "1,\"1\"x,4,1\n"]) == "ratings.csv:2: unexpected character after closing quote")
        #expect(message(["movies.csv": movies, "ratings.csv": ratingsHeader + "1,1\"2,4,1\n"])
                == "ratings.csv:2: quote inside an unquoted field (quote the whole field and double the quote)")
    }

    @Test func directory() {
        #expect(message(["movies.csv": movies, "ratings.csv": ratingsHeader + "1,1,-2,1\n"]) == "ratings.csv:2: negative rating '-2'")
        let missing = "/nonexistent-recscope-\(UUID().uuidString)"
        #expect(throws: RecError.self) { try DatasetLoader.load(directory: missing) }
        do { _ = try DatasetLoader.load(directory: missing) } catch let error as RecError {
            #expect(error.message == "data directory does not exist")
            #expect(error.file == missing)
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func movieLensFiles() {
        #expect(message(["movies.csv": movies, "ratings.csv": ratingsHeader + " ,1,4,1\n"]) == "ratings.csv:2: empty 'userId'")
        #expect(message(["movies.csv": movies, "ratings.csv": ratingsHeader, "tags.csv": "userId,movieId,tag,timestamp\n1,7,fun,1\n"])
                == "tags.csv:2: unknown item '7' (not in movies.csv)")
    }

    @Test func genericFiles() {
        #expect(message(["items.csv": "item,title\na,A\na,B\n", "interactions.csv": "user,item\n"]) == "items.csv:3: duplicate item id 'a' (first on line 2)")
        #expect(message(["items.csv": "item,title\na,A\n", "interactions.csv": "user,item\n", "users.csv": "user,age\nu,1\nu,2\n"])
                == "users.csv:3: duplicate user id 'u'")
        #expect(message(["items.csv": "item,title\na,A\n", "interactions.csv": "user,item,weight\nu,a,lots\n"]) == "interactions.csv:2: non-numeric weight 'lots'")
    }

    @Test func movieLens100KFiles() {
        let genre = "Action|0\n", item = "1|A|d||u|1\n", data = "1\t1\t4\t1\n"
        #expect(message(["u.genre": "Action\n", "u.item": item, "u.data": data]) == "u.genre:1: expected 'name|index', got 'Action'")
        #expect(message(["u.genre": genre, "u.item": "1|A|d||u\n", "u.data": data]) == "u.item:1: expected 6 '|'-separated fields (5 + one flag per u.genre index), got 5")
        #expect(message(["u.genre": genre, "u.item": "|A|d||u|1\n", "u.data": data]) == "u.item:1: empty item id")
        #expect(message(["u.genre": genre, "u.item": item + item, "u.data": data]) == "u.item:2: duplicate item id '1' (first on line 1)")
        #expect(message(["u.genre": genre, "u.item": item, "u.data": data, "u.user": "1|24|M\n"]) == "u.user:1: expected 'id|age|gender|occupation|zip'")
        #expect(message(["u.genre": genre, "u.item": item, "u.data": data, "u.user": "1|24|M|x|1\n1|25|F|y|2\n"]) == "u.user:2: duplicate user id '1'")
        #expect(message(["u.genre": genre, "u.item": item, "u.data": "1\t1\t4\n"])
                == "u.data:1: expected 4 tab-separated fields (user, item, rating, timestamp), got 3")
        #expect(message(["u.genre": genre, "u.item": item, "u.data": "1\t9\t4\t1\n"]) == "u.data:1: unknown item '9' (not in u.item)")
        #expect(message(["u.genre": genre, "u.item": item, "u.data": "1\t1\tgood\t1\n"]) == "u.data:1: non-numeric rating 'good'")
        #expect(message(["u.genre": genre, "u.item": item, "u.data": "\n\n"]) == "u.data: empty file")
    }
}
