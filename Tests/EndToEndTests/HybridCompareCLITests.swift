import Foundation
import Testing

/// `recommend --algo hybrid --weights` and `compare`, on the small generic data set of the eval tests
/// (models fitted, no cache).
@Suite struct HybridCompareCLITests {
    static func run(_ arguments: [String]) throws -> BinaryRunner.Result {
        let data = try EvalCommandTests.makeFixture()
        return try BinaryRunner.run(arguments + ["--data", data.path, "--no-cache"])
    }

    @Test func recommendWithWeightsReportsThemAndTheyChangeScores() throws {
        let weighted = try Self.run(["recommend", "--user", "u0", "--algo", "hybrid", "--weights", "itemknn=0.5", "-k", "3", "--json"])
        #expect(weighted.status == 0, "stderr: \(weighted.stderr)")
        let json = try BinaryRunner.json(weighted)
        #expect(json["algorithm"] as? String == "hybrid")
        let weights = try #require(json["weights"] as? [String: Double])
        #expect(weights == ["ease": 1, "itemknn": 0.5, "als": 0, "content": 0, "popularity": 0])   // every live component, 0 = off
        #expect((json["items"] as? [Any])?.count == 3)

        let defaults = try BinaryRunner.json(try Self.run(["recommend", "--user", "u0", "--algo", "hybrid", "-k", "3", "--json"]))
        let defaultWeights = try #require(defaults["weights"] as? [String: Double])
        #expect(abs((defaultWeights["itemknn"] ?? 0) - 0.1) < 1e-6 && defaultWeights["ease"] == 1)
        let itemKNNOnly = try BinaryRunner.json(try Self.run(["recommend", "--user", "u0", "--algo", "hybrid", "--weights", "ease=0,itemknn=1", "-k", "3", "--json"]))
        let scores = { (json: [String: Any]) in (json["items"] as? [[String: Any]] ?? []).compactMap { $0["score"] as? Double } }
        #expect(scores(itemKNNOnly).count == 3)
        #expect(scores(itemKNNOnly) != scores(defaults))
        // Other algorithms' JSON has no weights.
        let content = try BinaryRunner.json(try Self.run(["recommend", "--user", "u0", "-k", "3", "--json"]))
        #expect(content["weights"] == nil)

        let table = try Self.run(["recommend", "--user", "u0", "--algo", "hybrid", "--weights", "itemknn=0.5", "-k", "3"])
        #expect(table.stdout.contains("hybrid (ease=1,itemknn=0.5)"))
    }

    @Test func badWeightsGiveOneLineErrorsNamingTheValue() throws {
        let cases: [(String, String)] = [("bogus=1", "unknown hybrid component 'bogus'"), ("ease=-1", "-1"), ("ease=abc", "'abc'"),
                                         ("ease", "'ease'"), ("ease=0,itemknn=0", "every hybrid weight is 0"), ("ease=1,ease=2", "twice")]
        for (value, expected) in cases {
            let result = try Self.run(["recommend", "--user", "u0", "--algo", "hybrid", "--weights", value])
            #expect(result.status == 1, "\(value): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(value): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(value): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        // Semantic is a live component only where the data has embeddings (this data set has none):
        // known only after loading, so the fit's progress line may precede the one-line error.
        let noSemantic = try Self.run(["recommend", "--user", "u0", "--algo", "hybrid", "--weights", "semantic=1"])
        #expect(noSemantic.status == 1)
        #expect(noSemantic.stderr.split(separator: "\n").last?.contains("unknown hybrid component 'semantic'") == true, "\(noSemantic.stderr)")
        #expect(noSemantic.stdout.isEmpty)
        let notHybrid = try Self.run(["recommend", "--user", "u0", "--algo", "ease", "--weights", "ease=1"])
        #expect(notHybrid.status != 0 && notHybrid.stderr.contains("--weights applies to --algo hybrid"))
    }

    @Test func compareJSONHasRankingsOverlapAndRanks() throws {
        let result = try Self.run(["compare", "--user", "u2", "--algos", "content,ease,hybrid", "-k", "2", "--click", "i8", "--weights", "itemknn=1", "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try BinaryRunner.json(result)
        #expect(json["algorithms"] as? [String] == ["content", "ease", "hybrid"])
        #expect(json["k"] as? Int == 2)
        #expect(json["clicks"] as? [String] == ["i8"])
        #expect(json["weights"] as? [String: Double] == ["ease": 1, "itemknn": 1, "als": 0, "content": 0, "popularity": 0])
        let rankings = try #require(json["rankings"] as? [[String: Any]])
        #expect(rankings.map { $0["algorithm"] as? String } == ["content", "ease", "hybrid"])
        var lists: [String: [String]] = [:]
        for ranking in rankings {
            let items = try #require(ranking["items"] as? [[String: Any]])
            #expect(items.map { $0["rank"] as? Int } == [1, 2])
            let ids = items.compactMap { $0["item"] as? String }
            #expect(!ids.contains("i8") && !ids.contains("i2"))     // clicked and seen items are excluded
            lists[ranking["algorithm"] as? String ?? ""] = ids
        }
        let overlap = try #require(json["overlap"] as? [[String: Any]])
        #expect(overlap.map { $0["algorithms"] as? [String] ?? [] } == [["content", "ease"], ["content", "hybrid"], ["ease", "hybrid"]])
        for pair in overlap {
            let names = pair["algorithms"] as? [String] ?? []
            let a = Set(lists[names[0]] ?? []), b = Set(lists[names[1]] ?? [])
            #expect(pair["shared"] as? Int == a.intersection(b).count)
            #expect(Set(pair["shared_items"] as? [String] ?? []) == a.intersection(b))
            #expect(abs((pair["jaccard"] as? Double ?? -1) - Double(a.intersection(b).count) / Double(a.union(b).count)) < 1e-4)
        }
        let items = try #require(json["items"] as? [[String: Any]])
        // content disagrees with the collaborative models here, so some ranks lie beyond K.
        #expect(overlap.contains { ($0["shared"] as? Int ?? 0) < 2 })
        #expect(Set(items.compactMap { $0["item"] as? String }) == Set(lists.values.flatMap { $0 }))
        for row in items {
            let id = row["item"] as? String ?? ""
            let ranks = try #require(row["ranks"] as? [String: Any])
            for (algorithm, list) in lists {
                let rank = try #require(ranks[algorithm] as? Int, "\(id) \(algorithm)")
                if let position = list.firstIndex(of: id) { #expect(rank == position + 1) } else { #expect(rank == 3) }
            }
        }

        let table = try Self.run(["compare", "--user", "u0", "--algos", "itemknn,ease", "-k", "3"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("itemknn ∩ ease:"))
        #expect(table.stdout.contains("Jaccard"))
    }

    @Test func compareRejectsBadAlgorithmLists() throws {
        for (algos, expected) in [("ease,nope", "unknown algorithm 'nope'"), ("ease", "at least two"), ("ease,ease", "twice")] {
            let result = try Self.run(["compare", "--user", "u0", "--algos", algos])
            #expect(result.status == 1, "\(algos): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(algos): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
        let help = try BinaryRunner.run(["compare", "--help"])
        #expect(help.status == 0 && help.stdout.contains("USAGE") && help.stdout.contains("--algos") && help.stdout.contains("--weights"))
        let weightsWithoutHybrid = try Self.run(["compare", "--user", "u0", "--algos", "ease,itemknn", "--weights", "ease=1"])
        #expect(weightsWithoutHybrid.status != 0 && weightsWithoutHybrid.stderr.contains("includes hybrid"))
    }
}
