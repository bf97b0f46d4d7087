import Foundation
import Testing

/// `--factors DIR` through the built binary: a hand-made 2-d factor set over a tiny generic data set.
@Suite(.serialized) struct FactorsCLITests {
    /// A 2-D little-endian float32 `.npy` (format 1.0), written by hand as NumPy lays it out.
    static func npy(rows: Int, columns: Int, _ values: [Float]) -> Data {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        var data = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        data.append(contentsOf: Array(header.utf8))
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// Items i1…i6 have factors (1,0) (0,1) (−1,0) (0,−1) (1,1) (−1,−1); i7 has none; "zz" is unknown.
    /// User u0 (who saw i1) has the exported row x₀ = (−0.3, 0.8): unseen ranking i2 (.8), i5 (.5),
    /// i3 (.3), i7 (0) — where the plain fold-in of {i1} (x₁ > 0 > x₂) would rank i5, i4, i7, i2.
    static func fixture() throws -> (data: String, factors: String) {
        let data = try BinaryRunner.dataDirectory([
            "interactions.csv": "user,item,timestamp\nu0,i1,1000\nu1,i2,1000\nu1,i3,1001\n",
            "items.csv": "item,title,genres\n" + (1...7).map { "i\($0),Item \($0),Drama\n" }.joined(),
        ])
        let factors = try BinaryRunner.dataDirectory(["item_ids.csv": "item\ni1\ni2\ni3\ni4\ni5\ni6\nzz\n", "user_ids.csv": "user\nu0\nu1\n"])
        let url = URL(fileURLWithPath: factors)
        try npy(rows: 7, columns: 2, [1, 0, 0, 1, -1, 0, 0, -1, 1, 1, -1, -1, 3, 3]).write(to: url.appendingPathComponent("item_factors.npy"))
        try npy(rows: 2, columns: 2, [-0.3, 0.8, 0, 1]).write(to: url.appendingPathComponent("user_factors.npy"))
        return (data, factors)
    }

    @Test func recommendWithImportedFactors() throws {
        let (data, factors) = try Self.fixture()
        let result = try BinaryRunner.run(["recommend", "--data", data, "--no-cache", "--factors", factors, "--user", "u0",
                                           "--algo", "factors", "-k", "4", "--explain", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("1 item id not in the data set, ignored (first: zz)"), "\(result.stderr)")
        let json = try BinaryRunner.json(result)
        #expect(json["algorithm"] as? String == "factors")
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.compactMap { $0["item"] as? String } == ["i2", "i5", "i3", "i7"])
        let scores = items.compactMap { ($0["score"] as? NSNumber)?.floatValue }
        #expect(scores.count == 4 && zip(scores, [0.8, 0.5, 0.3, 0] as [Float]).allSatisfy { abs($0 - $1) < 1e-5 }, "\(scores)")
        let explanation = try #require(items[0]["explanation"] as? [String: Any])
        #expect((explanation["history"] as? [Any] ?? []).count == 1)

        // A click on i2 moves x towards (0, 1): with i2 seen, i5 = (1, 1) comes first.
        let clicked = try BinaryRunner.run(["recommend", "--data", data, "--no-cache", "--factors", factors, "--user", "u0",
                                            "--algo", "factors", "-k", "1", "--click", "i2"])
        #expect(clicked.status == 0 && clicked.stdout.contains("Item 5"), "\(clicked.stdout)\(clicked.stderr)")
    }

    /// A click on i3 = (−1, 0) with α = 0 moves x by A⁻¹(−1, 0), A = YᵀY + λI = [[4 + λ, 2], [2, 4 + λ]]:
    /// with λ = 0.01 that is ≈ (−4, 2)/12, so i2 scores ≈ 0.8 + 0.167; with λ = 10⁶ it barely moves.
    @Test func foldInParametersFromTheCommandLine() throws {
        let (data, factors) = try Self.fixture()
        func scoreOfI2(lambda: String) throws -> Float {
            let result = try BinaryRunner.run(["recommend", "--data", data, "--no-cache", "--factors", factors, "--user", "u0", "--algo", "factors",
                                               "--factors-lambda", lambda, "--factors-alpha", "0", "--click", "i3", "-k", "6", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let items = try #require(try BinaryRunner.json(result)["items"] as? [[String: Any]])
            let i2 = try #require(items.first { $0["item"] as? String == "i2" })
            return try #require((i2["score"] as? NSNumber)?.floatValue)
        }
        let loose = try scoreOfI2(lambda: "0.01"), stiff = try scoreOfI2(lambda: "1000000")
        let a11 = 4.01, a12 = 2.0
        let expected = Float(0.8 + a12 / (a11 * a11 - a12 * a12))
        #expect(abs(loose - expected) < 1e-4, "\(loose) vs \(expected)")
        #expect(abs(stiff - 0.8) < 1e-4, "\(stiff)")

        let bad = try BinaryRunner.run(["recommend", "--data", data, "--no-cache", "--factors", factors, "--user", "u0", "--algo", "factors", "--factors-lambda", "0"])
        #expect(bad.status != 0)
        #expect(bad.stderr.split(separator: "\n").first?.contains("--factors-lambda must be a finite number > 0 (the fold-in's regularisation), got 0.0") == true, "\(bad.stderr)")
        let negative = try BinaryRunner.run(["recommend", "--data", data, "--no-cache", "--factors", factors, "--user", "u0", "--algo", "factors", "--factors-alpha=-1"])
        #expect(negative.status != 0 && negative.stderr.contains("--factors-alpha must be a finite number >= 0"), "\(negative.stderr)")
    }

    @Test func benchMeasuresImportedFactors() throws {
        let (data, factors) = try Self.fixture()
        let result = try BinaryRunner.run(["bench", "--clicks-only", "--data", data, "--no-cache", "--factors", factors,
                                           "--algorithms", "factors", "--users", "1", "--clicks", "2", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try #require(try BinaryRunner.json(result)["click_us"] as? [[String: Any]])
        #expect(rows.map { $0["algorithm"] as? String } == ["factors"], "\(result.stdout)")
        #expect(!result.stderr.contains("not available"), "\(result.stderr)")
    }

    /// Regression: `eval --factors` printed an empty "factors: " parameter line.
    @Test func evalStatesTheImportedFactorsParameters() throws {
        let (data, factors) = try Self.fixture()
        let result = try BinaryRunner.run(["eval", "--data", data, "--no-cache", "--factors", factors, "--algos", "factors", "--holdout", "0.5"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("  factors: dimension=2 fold_in_regularization=20.0 fold_in_alpha=1.0 items_with_factors=6/7 users_with_factors=2/2\n"),
                "\(result.stdout)")
    }

    @Test func refusalsAreOneLine() throws {
        let (data, factors) = try Self.fixture()
        try Data("user\nu0\n".utf8).write(to: URL(fileURLWithPath: factors).appendingPathComponent("user_ids.csv"))
        let short = try BinaryRunner.run(["recommend", "--data", data, "--no-cache", "--factors", factors, "--user", "u0", "--algo", "factors"])
        #expect(short.status != 0)
        #expect(short.stderr.contains("user_factors.npy: has 2 rows but ") && short.stderr.contains("user_ids.csv lists 1 ids"), "\(short.stderr)")
        #expect(short.stderr.split(separator: "\n").count == 1)

        let without = try BinaryRunner.run(["recommend", "--data", data, "--no-cache", "--user", "u0", "--algo", "factors"])
        #expect(without.status != 0 && without.stderr.split(separator: "\n").count == 1, "\(without.stderr)")
        #expect(without.stderr.contains("algorithm 'factors' is not available") && without.stderr.contains("give --factors DIR"))
    }
}
