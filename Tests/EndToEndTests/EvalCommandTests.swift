import Foundation
import Testing

/// Drives the built `recscope eval` on a tiny generic data set and checks the JSON shape.
@Suite struct EvalCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func binary() -> URL? {
        for configuration in ["debug", "release"] {
            let url = root.appendingPathComponent(".build/\(configuration)/recscope")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        guard let binary = binary() else { throw CocoaError(.fileNoSuchFile) }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = root
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// A small generic data set: 6 users, 8 items, timestamps in order.
    static func makeFixture() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var interactions = "user,item,timestamp\n"
        let histories: [[Int]] = [[1, 2, 3, 4, 5], [1, 2, 3, 6], [2, 3, 4, 7], [1, 3, 5, 8], [4, 5, 6, 7, 8], [1, 2, 4, 6]]
        for (user, items) in histories.enumerated() {
            for (t, item) in items.enumerated() { interactions += "u\(user),i\(item),\(1000 + t)\n" }
        }
        try interactions.write(to: directory.appendingPathComponent("interactions.csv"), atomically: true, encoding: .utf8)
        var items = "item,title,genres\n"
        for item in 1...8 { items += "i\(item),Item \(item),\(item % 2 == 0 ? "Drama" : "Comedy")\n" }
        try items.write(to: directory.appendingPathComponent("items.csv"), atomically: true, encoding: .utf8)
        return directory
    }

    @Test func evalJSONHasTheProtocolShape() throws {
        let data = try Self.makeFixture()
        let result = try Self.run(["eval", "--data", data.path, "--algos", "itemknn,ease,als,hybrid", "-k", "3", "--holdout", "0.25", "--json", "--no-cache"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["protocol"] as? String == "temporal")
        #expect(json["k"] as? Int == 3)
        #expect(json["users"] as? Int == 6)
        #expect(json["items"] as? Int == 8)
        let results = try #require(json["results"] as? [[String: Any]])
        #expect(results.map { $0["algorithm"] as? String } == ["itemknn", "ease", "als", "hybrid"])
        for row in results {
            for key in ["precision", "recall", "ndcg", "hit_rate", "map", "coverage", "novelty", "diversity", "gini", "fit_ms"] {
                #expect(row[key] is NSNumber, "missing \(key) in \(row)")
            }
            #expect(row["params"] is [String: Any])
        }
    }

    @Test func secondEvalLoadsModelsFromTheCache() throws {
        let data = try Self.makeFixture()
        let cacheDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-e2e-cache-\(UUID().uuidString)").path
        let environment = ["RECSCOPE_CACHE_DIR": cacheDirectory]
        let first = try Self.run(["eval", "--data", data.path, "--algos", "als,ease", "-k", "3", "--json"], environment: environment)
        let second = try Self.run(["eval", "--data", data.path, "--algos", "als,ease", "-k", "3", "--json"], environment: environment)
        #expect(first.status == 0 && second.status == 0)
        let rows = { (text: String) throws -> [[String: Any]] in
            let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            return try #require(json["results"] as? [[String: Any]])
        }
        #expect(try rows(first.stdout).map { $0["cached"] as? Bool } == [false, false])
        #expect(try rows(second.stdout).map { $0["cached"] as? Bool } == [true, true])
        #expect(try rows(first.stdout).map { $0["ndcg"] as? Double } == rows(second.stdout).map { $0["ndcg"] as? Double })
        // A damaged cache file is refitted, not fatal.
        for file in try FileManager.default.contentsOfDirectory(atPath: cacheDirectory) {
            try Data("junk".utf8).write(to: URL(fileURLWithPath: cacheDirectory).appendingPathComponent(file))
        }
        let third = try Self.run(["eval", "--data", data.path, "--algos", "als,ease", "-k", "3", "--json"], environment: environment)
        #expect(third.status == 0)
        #expect(try rows(third.stdout).map { $0["cached"] as? Bool } == [false, false])
    }

    @Test func tuneSearchesOnTheValidationSplit() throws {
        let data = try Self.makeFixture()
        let result = try Self.run(["eval", "--data", data.path, "--tune", "--algos", "ease,itemknn", "-k", "3", "--holdout", "0.25", "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["protocol"] as? String == "temporal-validation")
        let trials = try #require(json["trials"] as? [[String: Any]])
        let best = try #require(json["best"] as? [String: [String: Any]])
        #expect(Set(best.keys) == ["ease", "itemknn"])
        for algorithm in ["ease", "itemknn"] {
            let own = trials.filter { $0["algorithm"] as? String == algorithm }
            let params = own.compactMap { $0["params"] as? String }
            // A real grid: several distinct settings, each tried once, each with a score in [0, 1].
            #expect(own.count > 1 && Set(params).count == params.count, "\(algorithm): \(params)")
            #expect(own.allSatisfy { ($0["ndcg"] as? Double).map { (0...1).contains($0) } == true })
            // The reported best is the trial with the highest validation NDCG.
            let top = own.compactMap { $0["ndcg"] as? Double }.max()
            #expect(best[algorithm]?["ndcg"] as? Double == top)
            #expect(params.contains(best[algorithm]?["params"] as? String ?? "<none>"))
        }
        #expect(!trials.contains { $0["algorithm"] as? String == "als" })
    }

    @Test func evalAsRecommendReportsItsWeights() throws {
        let data = try Self.makeFixture()
        let result = try Self.run(["eval", "--data", data.path, "--algos", "content,popularity", "-k", "3", "--as-recommend", "--json", "--no-cache"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["history_weights"] as? String == "as-recommend")
        #expect((json["results"] as? [[String: Any]])?.count == 2)
        let table = try Self.run(["eval", "--data", data.path, "--algos", "content", "-k", "3", "--no-cache"])
        #expect(table.stdout.contains("history weights: 1 per training item (no decay)"))
    }

    @Test func evalRejectsBadHoldoutWithOneLine() throws {
        let data = try Self.makeFixture()
        let result = try Self.run(["eval", "--data", data.path, "--holdout", "1.5"])
        #expect(result.status != 0)
        #expect(result.stderr.split(separator: "\n").first?.contains("--holdout must be in (0, 1], got 1.5") == true)
        let unknown = try Self.run(["eval", "--data", data.path, "--algos", "ease,nope"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unknown algorithm 'nope'"))
    }
}
