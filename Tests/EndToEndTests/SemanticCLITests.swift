import Foundation
import Testing

/// The semantic space through the built binary: SampleData's committed embeddings are found
/// automatically; user-supplied files come in through --item-embeddings/--item-ids.
@Suite(.serialized) struct SemanticCLITests {
    @Test func similarItemsInSemanticSpaceBothForms() throws {
        let json = try BinaryRunner.json(try BinaryRunner.run(["similar", "--item", "1", "--space", "semantic", "-k", "5", "--json"]))
        #expect(json["space"] as? String == "semantic")
        let titles = (json["neighbours"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        #expect(titles.contains("Toy Story 2 (1999)") && titles.contains("Toy Story 3 (2010)"), "\(titles)")
        let table = try BinaryRunner.run(["similar", "--item", "1", "--space", "semantic", "-k", "5"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("semantic space") && table.stdout.contains("Toy Story 2 (1999)"))
    }

    @Test func similarUsersInSemanticSpace() throws {
        let json = try BinaryRunner.json(try BinaryRunner.run(["similar", "--user", "1", "--space", "semantic", "-k", "3", "--json"]))
        #expect(json["space"] as? String == "semantic_profile")
        let neighbours = json["neighbours"] as? [[String: Any]] ?? []
        #expect(neighbours.count == 3)
        #expect(!neighbours.contains { $0["user"] as? String == "1" })
        let similarities = neighbours.compactMap { $0["similarity"] as? Double }
        #expect(similarities == similarities.sorted(by: >))
    }

    @Test func recommendWithSemanticAlgorithmExplainsByHistory() throws {
        let result = try BinaryRunner.run(["recommend", "--user", "1", "--algo", "semantic", "-k", "5", "--click", "2", "--explain", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try BinaryRunner.json(result)
        #expect(json["algorithm"] as? String == "semantic")
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.count == 5)
        let scores = items.compactMap { $0["score"] as? Double }
        #expect(scores == scores.sorted(by: >) && scores.allSatisfy { $0 <= 1.0001 })
        let explanation = try #require(items[0]["explanation"] as? [String: Any])
        #expect(!(explanation["history"] as? [Any] ?? []).isEmpty)
        let table = try BinaryRunner.run(["recommend", "--user", "1", "--algo", "semantic", "-k", "3"])
        #expect(table.status == 0 && table.stdout.contains("semantic"))
    }

    @Test func ownVectorsAndRefusals() throws {
        let fixtures = "Tests/RecEngineTests/Fixtures/npy/"
        // Two float16 rows for items 1 and 2, 4-d: accepted, and the semantic space then has 2 items.
        let ids = try BinaryRunner.dataDirectory(["ids.csv": "item,text\n1,a\n2,b\n", "bad_ids.csv": "item\n1\nnope\n"])
        let ok = try BinaryRunner.run(["similar", "--item", "1", "--space", "semantic", "--json",
                                       "--item-embeddings", fixtures + "ok_f2_v1.npy", "--item-ids", ids + "/ids.csv"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect((try BinaryRunner.json(ok)["neighbours"] as? [[String: Any]] ?? []).count == 1)

        let fortran = try BinaryRunner.run(["similar", "--item", "1", "--space", "semantic",
                                            "--item-embeddings", fixtures + "bad_fortran.npy", "--item-ids", ids + "/ids.csv"])
        #expect(fortran.status != 0)
        #expect(fortran.stderr.contains("bad_fortran.npy: Fortran-order array is not supported"), "\(fortran.stderr)")
        #expect(fortran.stderr.split(separator: "\n").count == 1)

        let unknown = try BinaryRunner.run(["recommend", "--user", "1", "--algo", "semantic",
                                            "--item-embeddings", fixtures + "ok_f4_v2.npy", "--item-ids", ids + "/bad_ids.csv"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("bad_ids.csv:3: unknown item 'nope' (not in the catalogue)"), "\(unknown.stderr)")

        let half = try BinaryRunner.run(["similar", "--item", "1", "--item-embeddings", fixtures + "ok_f4_v2.npy"])
        #expect(half.status != 0)
        #expect(half.stderr.contains("--item-embeddings and --item-ids go together"))
    }

    @Test func mapBothFormsAndProfileMovesWithClicks() throws {
        let text = try BinaryRunner.run(["map", "--user", "1", "--width", "60", "--height", "12", "--click", "1", "--click", "3114"])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let mapLines = lines.filter { line in line.count == 60 && line.unicodeScalars.contains { (0x2800...0x28FF).contains($0.value) } }
        #expect(mapLines.count == 12)
        #expect(mapLines.joined().filter { $0 == "@" }.count == 1)

        let before = try BinaryRunner.json(try BinaryRunner.run(["map", "--user", "1", "--json"]))
        let after = try BinaryRunner.json(try BinaryRunner.run(["map", "--user", "1", "--json", "--click", "1", "--click", "3114"]))
        let start = try #require(before["profile"] as? [String: Double])
        let end = try #require(after["profile"] as? [String: Double])
        #expect(start != end)
        let trail = after["trail"] as? [[String: Double]] ?? []
        #expect(trail.count == 2)
        #expect(trail.first == start)
        #expect((after["recommendations"] as? [Any] ?? []).count == 10)
        let share = after["explained_variance"] as? Double ?? 0
        #expect(share > 0 && share < 1)
    }

    @Test func evalReportsSemanticAccuracy() throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-e2e-cache-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let result = try BinaryRunner.run(["eval", "--algos", "popularity,semantic", "--json"], environment: ["RECSCOPE_CACHE_DIR": cache])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try BinaryRunner.json(result)["results"] as? [[String: Any]] ?? []
        #expect(rows.compactMap { $0["algorithm"] as? String } == ["popularity", "semantic"])
        let ndcg = rows.last?["ndcg"] as? Double ?? 0
        #expect(ndcg > 0.01 && ndcg < 1, "semantic ndcg \(ndcg)")
    }
}
