import Foundation
import Testing

/// `recscope generate` and `recscope bench --load` on the built binary, at small sizes.
@Suite(.serialized) struct GenerateAndLoadCLITests {
    func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("recscope-e2e-\(name)-\(UUID().uuidString)").path
    }

    @Test func generateWritesALoadableDataSetDeterministically() throws {
        let a = temporary("gen"), b = temporary("gen")
        let arguments = ["--items", "500", "--users", "60", "--events", "3000", "--embedding-dim", "16", "--seed", "4"]
        let first = try BinaryRunner.run(["generate", a] + arguments)
        #expect(first.status == 0)
        #expect(first.stdout.contains("wrote 500 items, 60 users, 3,000 events"))
        #expect(try BinaryRunner.run(["generate", b] + arguments).status == 0)
        for file in ["items.csv", "users.csv", "interactions.csv", "item_embeddings.npy", "item_embeddings_ids.csv"] {
            #expect(FileManager.default.contents(atPath: a + "/" + file) == FileManager.default.contents(atPath: b + "/" + file), "\(file)")
        }
        let users = try BinaryRunner.json(try BinaryRunner.run(["users", "--data", a, "--json", "--limit", "1"]))
        #expect(users["total"] as? Int == 60)
        let semantic = try BinaryRunner.run(["recommend", "--data", a, "--user", "u1", "--algo", "semantic", "-k", "3"])
        #expect(semantic.status == 0)
    }

    @Test func generateRefusesBadSizesInOneLine() throws {
        let result = try BinaryRunner.run(["generate", temporary("bad"), "--items", "0", "--users", "1", "--events", "1"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--items must be at least 1, got 0"))
    }

    @Test func benchLoadReportsColdAndWarm() throws {
        let data = temporary("bench")
        #expect(try BinaryRunner.run(["generate", data, "--items", "300", "--users", "40", "--events", "2000"]).status == 0)
        let json = try BinaryRunner.json(try BinaryRunner.run(["bench", "--load", "--loads", "2", "--data", data, "--json"]))
        #expect(json["events"] as? Int == 2000)
        #expect((json["path"] as? String ?? "").hasPrefix("parallel"))
        let cold = try #require(json["cold_ms"] as? [String: Any]), warm = try #require(json["warm_ms"] as? [String: Any])
        #expect((cold["median"] as? Double ?? 0) > 0)
        #expect(warm["source"] as? String == "snapshot")
        #expect((json["peak_resident_mb"] as? Double ?? 0) > 0)
    }
}
