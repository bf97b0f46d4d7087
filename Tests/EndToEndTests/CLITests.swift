import Foundation
import Testing

@Suite(.serialized) struct CLITests {
    @Test func recommendJSONWithClicksAndExplanations() throws {
        let result = try BinaryRunner.run(["recommend", "--user", "1", "-k", "5", "--click", "296", "--click", "318", "--explain", "--json"])
        #expect(result.status == 0)
        let json = try BinaryRunner.json(result)
        #expect(json["user"] as? String == "1")
        #expect(json["algorithm"] as? String == "content")
        #expect(json["k"] as? Int == 5)
        #expect(json["clicks"] as? [String] == ["296", "318"])
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.count == 5)
        #expect(items.map { $0["rank"] as? Int } == [1, 2, 3, 4, 5])
        let scores = items.compactMap { $0["score"] as? Double }
        #expect(scores == scores.sorted(by: >))
        #expect(items.allSatisfy { $0.keys.contains("previous_rank") && $0["title"] is String })
        #expect(!items.contains { ["296", "318"].contains($0["item"] as? String) })   // clicked items are excluded
        let explanation = try #require(items[0]["explanation"] as? [String: Any])
        let contributions = (explanation["features"] as? [[String: Any]] ?? []).compactMap { $0["contribution"] as? Double }
        let rest = try #require(explanation["other_features"] as? Double)
        #expect(!contributions.isEmpty && contributions.count <= 10)
        #expect(abs(contributions.reduce(0, +) + rest - scores[0]) < 1e-4)
        let timing = try #require(json["timing_us"] as? [String: Any])
        #expect((timing["rerank"] as? Double ?? -1) > 0)
    }

    @Test func recommendHumanTableMatchesJSON() throws {
        let table = try BinaryRunner.run(["recommend", "--user", "7", "-k", "3"])
        let json = try BinaryRunner.json(try BinaryRunner.run(["recommend", "--user", "7", "-k", "3", "--json"]))
        #expect(table.status == 0)
        for item in json["items"] as? [[String: Any]] ?? [] {
            #expect(table.stdout.contains(item["title"] as? String ?? "<missing>"))
        }
    }

    @Test func previousRankShowsHowClicksShiftTheRanking() throws {
        let before = try BinaryRunner.json(try BinaryRunner.run(["recommend", "--user", "1", "-k", "10", "--json"]))
        let after = try BinaryRunner.json(try BinaryRunner.run(["recommend", "--user", "1", "-k", "10", "--json", "--click", "1997", "--click", "1350", "--click", "1982"]))
        let beforeRank = Dictionary(uniqueKeysWithValues: (before["items"] as? [[String: Any]] ?? []).map { ($0["item"] as! String, $0["rank"] as! Int) })
        for item in after["items"] as? [[String: Any]] ?? [] {
            #expect(item["previous_rank"] as? Int == beforeRank[item["item"] as! String])
        }
    }

    @Test func coldStartUser() throws {
        let json = try BinaryRunner.json(try BinaryRunner.run(["recommend", "--new-user", "--json", "-k", "3"]))
        #expect(json["cold_start"] as? Bool == true)
        #expect(json["user"] is NSNull)
        let clicked = try BinaryRunner.json(try BinaryRunner.run(["recommend", "--new-user", "--click", "1", "--json", "-k", "3"]))
        #expect(clicked["cold_start"] as? Bool == false)
    }

    @Test func similarProfileUsersItems() throws {
        let similar = try BinaryRunner.json(try BinaryRunner.run(["similar", "--item", "1", "-k", "5", "--json"]))
        #expect((similar["neighbours"] as? [Any])?.count == 5)
        let users = try BinaryRunner.json(try BinaryRunner.run(["similar", "--user", "1", "-k", "3", "--json"]))
        #expect((users["neighbours"] as? [Any])?.count == 3)
        let profile = try BinaryRunner.json(try BinaryRunner.run(["profile", "--user", "1", "--json", "--click", "1"]))
        #expect(profile["events"] as? Int == 233)
        #expect(profile["simulated_clicks"] as? Int == 1)
        let history = try #require(profile["history"] as? [[String: Any]])
        #expect(history.first?["simulated"] as? Bool == true)
        #expect(history.first?["item"] as? String == "1")
        #expect((profile["top_features"] as? [Any])?.isEmpty == false)
        let list = try BinaryRunner.json(try BinaryRunner.run(["users", "--json"]))
        #expect(list["total"] as? Int == 610)
        let items = try BinaryRunner.json(try BinaryRunner.run(["items", "--search", "toy story", "--json"]))
        let titles = (items["items"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        #expect(titles.contains("Toy Story (1995)") && titles.contains("Toy Story 2 (1999)"))
        let human = try BinaryRunner.run(["items", "--search", "pixar"])
        #expect(human.status == 0 && human.stdout.contains("Toy Story"))
    }

    @Test func unknownIdsExitOneNamingThem() throws {
        let user = try BinaryRunner.run(["recommend", "--user", "no-such-user"])
        #expect(user.status == 1)
        #expect(user.stderr.contains("unknown user 'no-such-user'"))
        let item = try BinaryRunner.run(["similar", "--item", "999999999"])
        #expect(item.status == 1)
        #expect(item.stderr.contains("unknown item '999999999'"))
        let click = try BinaryRunner.run(["recommend", "--user", "1", "--click", "abc"])
        #expect(click.status == 1 && click.stderr.contains("unknown item 'abc'"))
    }

    @Test func badDataGivesOneLineErrors() throws {
        let directory = try BinaryRunner.dataDirectory([
            "movies.csv": "movieId,title,genres\n1,A,Drama\n",
            "ratings.csv": "userId,movieId,rating,timestamp\n1,1,4,100\n1,1,4,later\n",
        ])
        let strict = try BinaryRunner.run(["users", "--data", directory])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("ratings.csv:3: non-numeric timestamp 'later'"))
        #expect(strict.stderr.split(separator: "\n").count == 1)
        let lenient = try BinaryRunner.run(["users", "--data", directory, "--lenient", "--json"])
        #expect(lenient.status == 0)
        #expect(lenient.stderr.contains("skipped 1 bad row; first:"))
        let missing = try BinaryRunner.run(["users", "--data", "/nonexistent/recscope-data"])
        #expect(missing.status == 1 && missing.stderr.contains("data directory does not exist"))
    }

    @Test func helpOnEveryCommand() throws {
        for command in ["recommend", "similar", "profile", "users", "items", "bench", "demo"] {
            let result = try BinaryRunner.run([command, "--help"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("USAGE"))
        }
        let bad = try BinaryRunner.run(["recommend", "--user", "1", "-k", "0"])
        #expect(bad.status != 0 && bad.stderr.contains("-k must be between 1 and 100000"))
    }

    @Test func demoRunsByDefaultWithoutATerminal() throws {
        let result = try BinaryRunner.run(["demo"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Simulated click on"))
        // On the best algorithm in eval unless told otherwise.
        #expect(result.stdout.contains("Hybrid recommendations (best NDCG@10 in recscope eval; half-life 90 days):"))
        #expect(result.stdout.contains("Next: recscope recommend --user 1 --algo hybrid --click ITEM"))
        let content = try BinaryRunner.run(["demo", "--algorithm", "content"])
        #expect(content.status == 0)
        #expect(content.stdout.contains("Content recommendations (half-life 90 days):"))
    }

    /// A bad config file is one line naming the file, the line and the problem (exit 1), checked even
    /// without a terminal.
    @Test func badConfigFileNamesFileAndLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [(String, String)] = [
            ("algorithm = \"ease\"\ncolour = true\n", ":2: unknown key 'colour'"),
            ("half-life = -3\n", ":1: half-life must be a positive number of days"),
            ("theme = \"neon\"\n", ":1: theme must be"),
            ("[weights]\nease = 1\nsemantc = 0.3\n", ":3: unknown hybrid component 'semantc'"),
            ("algorithm = \n", ":1:"),
        ]
        for (index, (text, expected)) in cases.enumerated() {
            let file = directory.appendingPathComponent("c\(index).toml").path
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let result = try BinaryRunner.run(["tui", "--config", file])
            #expect(result.status == 1, "\(text)")
            #expect(result.stderr.contains(file + expected), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }

    /// Issue 11, defect 10: "--half-life -5" said "Missing value for '--half-life'" (a negative
    /// number taken for a flag). It is a value, refused for what it is.
    @Test func negativeDecayValuesAreNamed() throws {
        let halfLife = try BinaryRunner.run(["recommend", "--user", "1", "--half-life", "-5"])
        #expect(halfLife.status != 0)
        #expect(halfLife.stderr.contains("--half-life must be a positive number of days, got -5"), "\(halfLife.stderr)")
        let window = try BinaryRunner.run(["recommend", "--user", "1", "--window", "-3"])
        #expect(window.status != 0)
        #expect(window.stderr.contains("--window must be at least 1, got -3"), "\(window.stderr)")
    }
}
