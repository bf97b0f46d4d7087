import Foundation
import Testing
@testable import RecEngine

/// Imported factors (`--factors DIR`): loading, alignment, refusals, and scores checked by hand.
@Suite("FactorModel")
struct FactorModelTests {
    /// Items a…f have hand-picked 2-d factors; g is in the data set but has no factor row; z is a factor
    /// row the data set does not know.
    static let itemRows: [(String, [Float])] = [("a", [1, 0]), ("b", [0, 1]), ("c", [-1, 0]), ("d", [0, -1]),
                                                ("e", [1, 1]), ("f", [-1, -1]), ("z", [4, 4])]

    static func dataset() -> Dataset {
        let ids = ["a", "b", "c", "d", "e", "f", "g"]
        let catalog = Catalog(ids: ids, titles: ids.map { "title " + $0 }, genres: Array(repeating: ["Drama"], count: ids.count))
        let events: [[Event]] = [[Event(item: 0, value: 1, timestamp: 1, kind: .implicit)],
                                 [Event(item: 1, value: 1, timestamp: 1, kind: .implicit)]]
        return Dataset(name: "factors", format: .generic, catalog: catalog, users: UserTable(ids: ["u1", "u2"]), eventsByUser: events)
    }

    /// Writes a factor directory; `override` replaces or (with nil) removes files by name.
    static func directory(itemRows: [(String, [Float])] = itemRows, userRows: [(String, [Float])] = [("u2", [0, 2]), ("u1", [2, 0]), ("u9", [1, 1])],
                          override: [String: Data?] = [:]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-factors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        func npy(_ rows: [(String, [Float])]) -> Data {
            NpyWriter.float16(rows: rows.count, columns: rows.first?.1.count ?? 0, values: rows.flatMap(\.1))
        }
        var files: [String: Data?] = [
            FactorModel.itemFactorsFile: npy(itemRows), FactorModel.userFactorsFile: npy(userRows),
            // Items by column name (not first); users by the first column.
            FactorModel.itemIDsFile: Data(("row,item\n" + itemRows.enumerated().map { "\($0.offset),\($0.element.0)\n" }.joined()).utf8),
            FactorModel.userIDsFile: Data(("id\n" + userRows.map { $0.0 + "\n" }.joined()).utf8),
        ]
        for (name, data) in override { files[name] = data }
        for case let (name, data?) in files { try data.write(to: url.appendingPathComponent(name)) }
        return url.path
    }

    @Test("rows align to the data set by id; unknown ids are one note each; missing rows are zero")
    func alignsAndReportsUnknownIDs() throws {
        let dir = try Self.directory()
        let model = try FactorModel.load(directory: dir, dataset: Self.dataset())
        #expect(model.dimension == 2)
        #expect(model.itemHasFactors == [true, true, true, true, true, true, false])
        #expect(model.itemFactors.values == [1, 0, 0, 1, -1, 0, 0, -1, 1, 1, -1, -1, 0, 0])
        #expect(model.userHasFactors == [true, true])
        #expect(model.userFactors.values == [2, 0, 0, 2])
        #expect(model.notes == [dir + "/item_ids.csv: 1 item id not in the data set, ignored (first: z)",
                                dir + "/user_ids.csv: 1 user id not in the data set, ignored (first: u9)"])
    }

    /// Y = a…f: YᵀY = [[4, 2], [2, 4]]; λ = 2, α = 0 gives A = [[6, 2], [2, 6]]. History {a}: b = (1, 0),
    /// x = A⁻¹b = (6, −2)/32 = (0.1875, −0.0625). Scores a .1875, b −.0625, c −.1875, d .0625, e .125,
    /// f −.125, g 0 (no factor row). A session of u1 starts from its exported row instead: x₀ = (2, 0.5).
    @Test("plain fold-in and the anchored session match the hand computation")
    func scoresByHand() throws {
        let engine = Engine(dataset: Self.dataset())
        let notes = try engine.attachFactors(directory: try Self.directory(userRows: [("u2", [0, 2]), ("u1", [2, 0.5]), ("u9", [1, 1])]),
                                             regularization: 2, alpha: 0)
        #expect(notes.count == 2)
        let model = try #require(try engine.recommender(.factors) as? FactorsRecommender)
        let scorer = model.makeScorer(history: [WeightedItem(item: 0, weight: 1)])
        var scores: [Float] = []
        scorer.score(into: &scores)
        let expected: [Float] = [0.1875, -0.0625, -0.1875, 0.0625, 0.125, -0.125, 0]
        #expect(maxDifference(scores, expected) < 1e-5, "\(scores)")
        // The session of u1: scores Y·x₀ = a 2, b .5, c −2, d −.5, e 2.5, f −2.5, g 0; unseen top 4 e, b, g, d
        // (the plain fold-in's would be e, d, g, b).
        let session = try engine.makeSession(user: 0, algorithm: .factors, k: 4)
        #expect(session.ranking.map(\.item) == [4, 1, 6, 3])
        #expect(abs(session.score(of: 4) - 2.5) < 1e-5 && abs(session.score(of: 0) - 2) < 1e-5)
        // A click on b (α = 0: A unchanged, b gains y_b): x = x₀ + A⁻¹(0, 1) = (2, .5) + (−2, 6)/32 =
        // (1.9375, 0.6875); e scores 2.625, f −2.625.
        _ = try session.click(item: 1)
        #expect(abs(session.score(of: 4) - 2.625) < 1e-5 && abs(session.score(of: 5) + 2.625) < 1e-5)
        // Explanation: history items by item-factor cosine to e: a and b both 1/√2.
        let explanation = session.explain(item: 4)
        #expect(explanation.algorithm == .factors && explanation.historyMeaning == .similarity)
        #expect(Set(explanation.history.map(\.item)) == [0, 1])
        #expect(explanation.history.allSatisfy { abs($0.value - 1 / Float(2).squareRoot()) < 1e-5 })
        #expect(abs(explanation.score - 2.625) < 1e-5)
        #expect(explanation.summary.contains("this user's exported vector"), "\(explanation.summary)")
        #expect(session.explain(item: 6).summary.contains("no row in the imported item factors"))
        // Similar items by factor cosine: e's neighbours a and b (cos 1/√2), g (no factors) never.
        #expect(model.similarItems(to: 4, k: 2).map(\.item).sorted() == [0, 1])
        #expect(model.similarItems(to: 6, k: 3).isEmpty)
    }

    /// λ = 2, α = 1: A₀ = YᵀY + λI + α·w·y_a·y_aᵀ = [[6 + w, 2], [2, 6]] for u1's history {a: w}. The session
    /// starts at x₀ = (2, 0.5) exactly; a click on b (weight c) solves (A₀ + α·c·y_b·y_bᵀ)·x = A₀·x₀ + (1 + α·c)·y_b,
    /// i.e. [[6 + w, 2], [2, 6 + c]]·x = (13 + 2w, 8 + c), solved here by Cramer's rule in Double.
    /// y_a = (1, 0) and y_b = (0, 1), so the scores of a and b are x itself.
    @Test("a session starts at the exported row; clicks, undo and a rebuilt scorer move it as least squares says")
    func anchoredOnTheExportedRow() throws {
        let engine = Engine(dataset: Self.dataset())
        try engine.attachFactors(directory: try Self.directory(userRows: [("u1", [2, 0.5])]), regularization: 2, alpha: 1)
        let session = try engine.makeSession(user: 0, algorithm: .factors, k: 4)
        func x() -> [Float] { [session.score(of: 0), session.score(of: 1)] }
        #expect(maxDifference(x(), [2, 0.5]) < 1e-5, "\(x())")
        _ = try session.click(item: 1)
        let weights = session.weightedHistory
        #expect(weights.map(\.item) == [0, 1])
        let w = Double(weights[0].weight), c = Double(weights[1].weight)
        let (a11, a12, a22) = (6 + w, 2.0, 6 + c)
        let (r1, r2) = (13 + 2 * w, 8 + c)
        let det = a11 * a22 - a12 * a12
        let clicked = [Float((r1 * a22 - a12 * r2) / det), Float((a11 * r2 - a12 * r1) / det)]
        #expect(maxDifference(x(), clicked) < 1e-5, "\(x()) vs \(clicked) (w \(w), c \(c))")
        // Re-creating the scorer (switching to the same algorithm) anchors on the user's own events only.
        _ = try session.setAlgorithm(.factors)
        #expect(maxDifference(x(), clicked) < 1e-5)
        _ = session.undo()
        #expect(maxDifference(x(), [2, 0.5]) < 1e-5)
        // A new decay re-weights the history; with no clicks the session is still at the exported row.
        _ = session.setDecay(.halfLife(days: 1))
        #expect(maxDifference(x(), [2, 0.5]) < 1e-5)

        // u2 has no exported row: its session is the plain fold-in of its history.
        let other = try engine.makeSession(user: 1, algorithm: .factors, k: 4)
        let model = try #require(try engine.recommender(.factors) as? FactorsRecommender)
        var plain: [Float] = []
        model.makeScorer(history: other.weightedHistory).score(into: &plain)
        #expect(maxDifference((0..<7).map { other.score(of: $0) }, plain) < 1e-6)
        #expect(other.explain(item: 4).summary.contains("no exported vector for this user"))
    }

    @Test("the fold-in's λ and α are checked")
    func foldInParametersAreChecked() throws {
        let engine = Engine(dataset: Self.dataset())
        let directory = try Self.directory()
        for (lambda, alpha) in [(Float(0), Float(1)), (-1, 1), (.nan, 1), (.infinity, 1), (1, -0.5), (1, .nan)] {
            #expect(throws: RecError.self) { try engine.attachFactors(directory: directory, regularization: lambda, alpha: alpha) }
        }
        #expect(throws: RecError("--factors-lambda must be a finite number > 0 (the fold-in's regularisation), got 0.0")) {
            try FactorsRecommender.validateFoldIn(regularization: 0, alpha: 1)
        }
        #expect(throws: Never.self) { try engine.attachFactors(directory: directory, regularization: 0.01, alpha: 0) }
    }

    @Test("an empty history scores every item 0")
    func emptyHistory() throws {
        let model = FactorsRecommender(model: try FactorModel.load(directory: try Self.directory(), dataset: Self.dataset()))
        var scores: [Float] = []
        model.makeScorer(history: []).score(into: &scores)
        #expect(scores == [Float](repeating: 0, count: 7))
    }

    @Test("refusals name the file in one line")
    func refusals() throws {
        let dataset = Self.dataset()
        let missing = try Self.directory(override: [FactorModel.userIDsFile: Data?.none])
        #expect(throws: RecError(file: missing + "/user_ids.csv", "missing file (a --factors directory needs user_factors.npy, item_factors.npy, user_ids.csv, item_ids.csv)")) {
            try FactorModel.load(directory: missing, dataset: dataset)
        }
        let wide = try Self.directory(override: [FactorModel.userFactorsFile: NpyWriter.float16(rows: 3, columns: 3, values: Array(repeating: 1, count: 9))])
        #expect(throws: RecError(file: wide + "/user_factors.npy", "has 3 dimensions but \(wide)/item_factors.npy has 2")) {
            try FactorModel.load(directory: wide, dataset: dataset)
        }
        let short = try Self.directory(override: [FactorModel.itemIDsFile: Data("item\na\nb\n".utf8)])
        #expect(throws: RecError(file: short + "/item_factors.npy", "has 7 rows but \(short)/item_ids.csv lists 2 ids")) {
            try FactorModel.load(directory: short, dataset: dataset)
        }
        let repeated = try Self.directory(override: [FactorModel.userIDsFile: Data("user\nu1\nu1\nu2\n".utf8)])
        #expect(throws: RecError(file: repeated + "/user_ids.csv", line: 3, "duplicate user id 'u1' (first on line 2)")) {
            try FactorModel.load(directory: repeated, dataset: dataset)
        }
        let garbage = try Self.directory(override: [FactorModel.itemFactorsFile: Data("not numpy".utf8)])
        #expect(throws: RecError.self) { try FactorModel.load(directory: garbage, dataset: dataset) }
        let zeroDims = try Self.directory(itemRows: [], userRows: [])
        #expect(throws: RecError.self) { try FactorModel.load(directory: zeroDims, dataset: dataset) }
    }

    @Test("without --factors the algorithm says how to get it")
    func notAttached() throws {
        let engine = Engine(dataset: Self.dataset())
        #expect(throws: RecError.self) { try engine.makeSession(user: 0, algorithm: .factors) }
        #expect(throws: RecError("algorithm 'factors' needs --factors DIR (user_factors.npy, item_factors.npy, user_ids.csv, item_ids.csv; see docs/FACTORS.md)")) {
            try FactorsAlgorithm().build(in: ModelFactory(matrix: engine.collaborativeMatrix, dataset: engine.dataset), progress: { _ in })
        }
    }

    @Test("given factors join the live hybrid at weight 0, and alone they rank as the factors algorithm")
    func factorsJoinTheLiveHybrid() throws {
        let engine = Engine(dataset: Self.dataset())
        let configuration = ModelConfiguration(als: ALSParameters(factors: 2, regularization: 2, alpha: 0, iterations: 3), ease: EASEParameters(lambda: 2),
                                               hybrid: try HybridConfiguration.parse("ease:1,itemknn:0.5"))
        try engine.attachFactors(directory: try Self.directory(), regularization: 2, alpha: 0)
        try engine.fitCollaborativeModels(configuration: configuration, algorithms: [.itemKNN, .ease, .hybrid])
        let hybrid = try engine.makeSession(user: 0, algorithm: .hybrid, k: 4)
        let components = try #require(hybrid.hybridComponents)
        let index = try #require(components.firstIndex(of: .factors))
        #expect(hybrid.hybridWeights?[index] == 0)
        // Without --factors the same recipe has no factors component.
        let plain = Engine(dataset: Self.dataset())
        try plain.fitCollaborativeModels(configuration: configuration, algorithms: [.itemKNN, .ease, .hybrid])
        #expect(try plain.makeSession(user: 0, algorithm: .hybrid, k: 4).hybridComponents?.contains(.factors) == false)
        // Only factors weighted: the hybrid's order is the factors algorithm's (z-scores keep the order).
        var weights = [Float](repeating: 0, count: components.count)
        weights[index] = 1
        try hybrid.setHybridWeights(weights)
        let factors = try engine.makeSession(user: 0, algorithm: .factors, k: 4)
        #expect(hybrid.ranking.map(\.item) == factors.ranking.map(\.item))
        try hybrid.click(item: 4)
        try factors.click(item: 4)
        #expect(hybrid.ranking.map(\.item) == factors.ranking.map(\.item))
    }
}
