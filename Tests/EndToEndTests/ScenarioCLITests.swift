import Foundation
import Testing

/// `recscope replay`: the shipped scenarios run headless, each checked for what it demonstrates, and
/// every final ranking equal to `recommend` for the same user, algorithm, decay and clicks.
@Suite(.serialized) struct ScenarioCLITests {
    static let scenarios = "SampleData/scenarios/"

    /// Item id → genres, from the sample data's movies.csv (id is the first field, genres the last).
    static let genres: [String: [String]] = {
        let path = BinaryRunner.packageRoot.appendingPathComponent("SampleData/movielens-small/movies.csv").path
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var out: [String: [String]] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            guard let comma = line.firstIndex(of: ","), let last = line.lastIndex(of: ",") else { continue }
            out[String(line[..<comma])] = line[line.index(after: last)...].split(separator: "|").map(String.init)
        }
        return out
    }()

    /// Replays `file` as JSON and checks the final ranking against `recommend`; returns the JSON.
    func replayMatchingRecommend(_ file: String, k: Int = 10) throws -> [String: Any] {
        let result = try BinaryRunner.run(["replay", ScenarioCLITests.scenarios + file, "--json", "-k", String(k)])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try BinaryRunner.json(result)
        #expect(json["scenario"] as? String == ScenarioCLITests.scenarios + file)
        let final = try #require(json["final"] as? [String: Any])
        var arguments = ["recommend", "--json", "-k", String(k), "--algo", try #require(final["algorithm"] as? String)]
        if final["new_user"] as? Bool == true { arguments.append("--new-user") } else { arguments += ["--user", try #require(final["user"] as? String)] }
        let decay = try #require(final["decay"] as? [String: Any])
        if decay["kind"] as? String == "window" { arguments += ["--window", "\(decay["events"] as? Int ?? 0)"] }
        else { arguments += ["--half-life", "\(decay["days"] as? Double ?? 0)"] }
        if let weights = final["weights"] as? String { arguments += ["--weights", weights] }
        for click in final["clicks"] as? [String] ?? [] { arguments += ["--click", click] }
        let recommended = try BinaryRunner.run(arguments)
        #expect(recommended.status == 0, "\(recommended.stderr)")
        let expected = try #require(try BinaryRunner.json(recommended)["items"] as? [[String: Any]])
        let got = try #require(final["items"] as? [[String: Any]])
        #expect(got.count == k)
        #expect(got.map { $0["item"] as? String } == expected.map { $0["item"] as? String }, "replay \(file) ≠ \(arguments.joined(separator: " "))")
        for (a, b) in zip(got, expected) {
            #expect(abs((a["score"] as? Double ?? .nan) - (b["score"] as? Double ?? -1)) < 1e-5)
        }
        return json
    }

    func items(_ step: [String: Any]) -> [String] { (step["items"] as? [[String: Any]] ?? []).compactMap { $0["item"] as? String } }
    func steps(_ json: [String: Any]) -> [[String: Any]] { json["steps"] as? [[String: Any]] ?? [] }
    func step(_ json: [String: Any], _ text: String) throws -> [String: Any] {
        try #require(steps(json).last { ($0["step"] as? String) == text }, "no step '\(text)'")
    }
    func count(_ ids: [String], genre: String) -> Int { ids.filter { ScenarioCLITests.genres[$0]?.contains(genre) == true }.count }

    @Test func coldStartFindsATasteInFiveClicks() throws {
        let json = try replayMatchingRecommend("cold-start.scen")
        let final = try #require(json["final"] as? [String: Any])
        #expect(final["new_user"] as? Bool == true)
        #expect(final["algorithm"] as? String == "hybrid")
        #expect((final["clicks"] as? [String])?.count == 5)
        let popular = items(try step(json, "algorithm hybrid"))
        let after = (final["items"] as? [[String: Any]] ?? []).compactMap { $0["item"] as? String }
        // From the popularity chart to an action and science-fiction list.
        #expect(count(after, genre: "Sci-Fi") >= 5, "final: \(after)")
        #expect(count(after, genre: "Action") >= 8, "final: \(after)")
        #expect(count(after, genre: "Action") >= count(popular, genre: "Action") + 3, "popular: \(popular)")
        #expect(Set(after).isDisjoint(with: final["clicks"] as? [String] ?? []), "clicked items are not recommended again")
    }

    @Test func oneClickSeenByEveryAlgorithm() throws {
        let json = try replayMatchingRecommend("one-click-every-algorithm.scen")
        let final = try #require(json["final"] as? [String: Any])
        #expect(final["clicks"] as? [String] == ["1258"])   // the click follows every switch
        let algorithms = ["itemknn", "als", "ease", "hybrid"]
        let lists = try algorithms.map { items(try step(json, "algorithm \($0)")) }
        #expect(Set(lists).count == 4, "each algorithm ranks the same session differently")
        // The one click moved every collaborative algorithm's top 10 (recommend without it differs).
        for (algorithm, list) in zip(algorithms, lists) {
            let without = try BinaryRunner.json(try BinaryRunner.run(["recommend", "--user", "549", "--algo", algorithm, "--json"]))
            let unclicked = (without["items"] as? [[String: Any]] ?? []).compactMap { $0["item"] as? String }
            #expect(unclicked.count == 10 && unclicked != list, "\(algorithm): the click changed nothing")
        }
    }

    @Test func decayHalfLifeFromAWeekToTenYears() throws {
        let json = try replayMatchingRecommend("decay-half-life.scen")
        let lists = try [7, 30, 365, 3650].map { items(try step(json, "half-life \($0)")) }
        for (a, b) in zip(lists, lists.dropFirst()) { #expect(a != b, "each half-life changes the ranking") }
        #expect(Set(lists[0]).intersection(lists[3]).count < 8, "a week and ten years recommend mostly different items")
        let decay = try #require((json["final"] as? [String: Any])?["decay"] as? [String: Any])
        #expect(decay["days"] as? Double == 3650)
    }

    @Test func replayTextShowsDiffsAndTheReproducingCommand() throws {
        let result = try BinaryRunner.run(["replay", ScenarioCLITests.scenarios + "cold-start.scen", "-k", "5"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Scenario SampleData/scenarios/cold-start.scen — ") == true)
        #expect(lines.contains { $0.hasPrefix("  11  click \"Star Wars: Episode IV - A New Hope (1977)\"") })
        #expect(lines.contains { $0.contains("NEW") } && lines.contains { $0.contains("OUT") })
        #expect(lines.contains { $0.hasPrefix("Final ranking — user new-1, hybrid") })
        #expect(lines.last?.hasPrefix("same as: recscope recommend --data SampleData/movielens-small --new-user --algo hybrid") == true)
    }

    @Test func badScenarioStopsWithFileAndLineBeforeRunning() throws {
        let directory = try BinaryRunner.dataDirectory([
            "typo.scen": "user 1\n# a comment\nclik 1997\n",
            "unknown-item.scen": "user 1\nclick \"No Such Movie (2099)\"\n",
            "unknown-user.scen": "user 999999\n",
            "binary.scen": "user 1\n\u{0}\u{1}",
            "empty.scen": "",
            "past-the-end.scen": "user 1\nclick 1997\ninspect 500\n",
        ])
        func stderr(_ name: String) throws -> String {
            let result = try BinaryRunner.run(["replay", directory + "/" + name])
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty, "nothing runs before the check")
            return result.stderr.trimmingCharacters(in: .newlines)
        }
        #expect(try stderr("typo.scen").hasPrefix("Error: \(directory)/typo.scen:3: unknown step 'clik' (steps: user, new-user,"))
        #expect(try stderr("unknown-item.scen") == "Error: \(directory)/unknown-item.scen:2: unknown item 'No Such Movie (2099)' (an item id or an exact title)")
        #expect(try stderr("unknown-user.scen") == "Error: \(directory)/unknown-user.scen:1: unknown user '999999' (not in movielens-small, 610 users)")
        #expect(try stderr("binary.scen") == "Error: \(directory)/binary.scen:2: binary data (a NUL byte): a scenario is a UTF-8 text file")
        #expect(try stderr("past-the-end.scen") == "Error: \(directory)/past-the-end.scen:3: rank 500 is beyond the ranking (50 items)")
        #expect(try stderr("empty.scen") == "Error: \(directory)/empty.scen:1: no steps: the file is empty or only comments (one step a line, e.g. user 1)")
    }

    @Test func aLongScenarioRunsCleanly() throws {
        // 100,000 lines: every 50th a click or an undo (alternating), comments and blank lines between.
        var text = "user 1\n"
        for i in 1..<100_000 {
            text += i % 50 != 0 ? (i % 2 == 0 ? "# note \(i)\n" : "\n") : (i % 100 == 50 ? "click 1997\n" : "undo # back\n")
        }
        let directory = try BinaryRunner.dataDirectory(["long.scen": text])
        let result = try BinaryRunner.run(["replay", directory + "/long.scen", "--json", "-k", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try BinaryRunner.json(result)
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.count == 2_000)
        #expect(steps.last?["line"] as? Int == 99_951)
        #expect((json["final"] as? [String: Any])?["clicks"] as? [String] == ["1997"])
    }

    @Test func intentStepEqualsRecommendWithIntent() throws {
        let directory = try BinaryRunner.dataDirectory(["intent.scen": "user 549\nalgorithm hybrid\nclick 1997\nintent \"slow-burn ghost story\" weight 0.6\n"])
        let result = try BinaryRunner.run(["replay", directory + "/intent.scen", "--json", "-k", "5"])
        #expect(result.status == 0, "\(result.stderr)")
        let final = try #require(try BinaryRunner.json(result)["final"] as? [String: Any])
        let intents = try #require(final["intents"] as? [[String: Any]])
        #expect(intents.first?["text"] as? String == "slow-burn ghost story")
        let recommended = try BinaryRunner.json(try BinaryRunner.run(["recommend", "--user", "549", "--algo", "hybrid", "--click", "1997",
                                                                      "--intent", "slow-burn ghost story", "--intent-weight", "0.6", "-k", "5", "--json"]))
        let expected = (recommended["items"] as? [[String: Any]] ?? []).compactMap { $0["item"] as? String }
        #expect(expected.count == 5)
        #expect((final["items"] as? [[String: Any]] ?? []).compactMap { $0["item"] as? String } == expected)
    }

    /// A caption or an id holding ESC or CR (a scenario written on another system, or on purpose) is
    /// printed as escapes: nothing reaches the terminal that could move the cursor or recolour it.
    @Test func controlCharactersInAStepArePrintedAsEscapes() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-escape-\(getpid()).scen")
        try "user 1\ncaption red \u{1B}[31malert\r over\nclick 1\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let replay = try BinaryRunner.run(["replay", file.path])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(!replay.stdout.contains("\u{1B}") && !replay.stdout.contains("\r"))
        #expect(replay.stdout.contains("caption red \\u{1B}[31malert\\r over"))
        let unknown = try BinaryRunner.run(["recommend", "--user", "a\u{1B}[2Jb\rc"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.trimmingCharacters(in: .newlines) == "Error: unknown user 'a\\u{1B}[2Jb\\rc'")
    }
}
