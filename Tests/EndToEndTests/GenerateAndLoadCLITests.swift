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

    /// Fits report one plain line per phase when stderr is not a terminal (here a pipe), with or without
    /// --json; the bar itself needs a terminal.
    @Test func fitsSayWhenTheyStartAndEndOnAPipe() throws {
        let data = temporary("fit")
        #expect(try BinaryRunner.run(["generate", data, "--items", "300", "--users", "40", "--events", "2000"]).status == 0)
        for json in [false, true] {
            let result = try BinaryRunner.run(["recommend", "--data", data, "--algo", "als", "--no-cache", "--user", "u1", "-k", "3"] + (json ? ["--json"] : []))
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stderr.split(separator: "\n").map(String.init)
            #expect(lines.first == "recscope: fitting als…", "\(lines)")
            #expect(lines.contains { $0.hasPrefix("recscope: fitted als in ") && $0.hasSuffix(" ms") }, "\(lines)")
            #expect(!result.stderr.contains("\r") && !result.stderr.contains("\u{1B}"))
        }
    }

    @Test func benchReportsFitsClicksAndBandwidth() throws {
        let data = temporary("clickbench")
        #expect(try BinaryRunner.run(["generate", data, "--items", "300", "--users", "40", "--events", "2000"]).status == 0)
        let result = try BinaryRunner.run(["bench", "--data", data, "--loads", "1", "--fits", "2", "--users", "3", "--clicks", "2", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try BinaryRunner.json(result)
        let fits = try #require(json["fit_ms"] as? [[String: Any]])
        #expect(fits.compactMap { $0["algorithm"] as? String } == ["itemknn", "als", "ease"])
        #expect(fits.allSatisfy { $0["runs"] as? Int == 2 })
        // Shares are of the streaming read measured on the run (no fixed bandwidth figure).
        let stream = try #require(json["stream_gb_per_s"] as? [String: Any])
        let oneCore = try #require(stream["one_core"] as? Double)
        #expect(oneCore > 0 && oneCore.isFinite && (stream["all_cores"] as? Double ?? 0) > 0, "\(stream)")
        #expect((stream["measured_ms"] as? Double ?? 0) > 0, "\(stream)")
        let clicks = try #require(json["click_us"] as? [[String: Any]])
        #expect(clicks.count >= 6)
        for row in clicks {
            #expect((row["bytes_per_click"] as? Int ?? 0) >= 12 * 300, "\(row)")
            let rate = row["gb_per_s"] as? Double ?? -1
            #expect(rate >= 0, "\(row)")
            #expect(abs((row["share_of_one_core_stream"] as? Double ?? -1) - rate / oneCore) <= 1e-9 * max(1, rate / oneCore), "\(row)")
            #expect(row["clicks"] as? Int == 6, "\(row)")
        }
    }

    @Test func clicksOnlyMeasuresTheChosenAlgorithmsAndRejectsUnknownOnes() throws {
        let data = temporary("clicksonly")
        #expect(try BinaryRunner.run(["generate", data, "--items", "300", "--users", "30", "--events", "1500", "--embedding-dim", "8"]).status == 0)
        let result = try BinaryRunner.run(["bench", "--clicks-only", "--algorithms", "popularity,semantic", "--data", data,
                                           "--users", "2", "--clicks", "3", "--json", "--no-cache"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try BinaryRunner.json(result)
        let clicks = try #require(json["click_us"] as? [[String: Any]])
        #expect(clicks.compactMap { $0["algorithm"] as? String } == ["popularity", "semantic"])
        #expect(clicks.allSatisfy { $0["clicks"] as? Int == 6 && ($0["median"] as? Double ?? -1) >= 0 && ($0["bytes_per_click"] as? Int ?? 0) > 0 })
        let unknown = try BinaryRunner.run(["bench", "--clicks-only", "--algorithms", "popularity,nope", "--data", data, "--no-cache"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unknown algorithm 'nope'"))
    }
}
