import Foundation
import Testing
@testable import RecEngine

/// `factors` against a real exporter: an implicit ALS model of SampleData (16 factors, float16), written
/// with implicit's own top-10 by `Tools/make_factors_fixture.py`; and the fold-in against a Double
/// solve written here, independently of `ALSScorer`'s float LAPACK path.
@Suite("Factors against implicit")
struct FactorsReferenceTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/factors-implicit").path
    static let lambda: Float = 0.05, alpha: Float = 1

    static func engine() throws -> (Engine, FactorsRecommender, [String]) {
        let engine = try Engine.load(directory: sampleDataDirectory())
        let notes = try engine.attachFactors(directory: directory, regularization: lambda, alpha: alpha)
        return (engine, try #require(try engine.recommender(.factors) as? FactorsRecommender), notes)
    }

    struct Expected: Decodable { var items: [String]; var scores: [Float] }

    @Test("a session's first ranking is implicit's recommend() for the exported user")
    func firstRankingIsImplicits() throws {
        let (engine, _, notes) = try Self.engine()
        #expect(notes.count == 2 && notes[0].contains("1 item id not in the data set, ignored (first: no-such-item)")
                && notes[1].contains("1 user id not in the data set, ignored (first: no-such-user)"), "\(notes)")
        let expected = try JSONDecoder().decode([String: Expected].self, from: Data(contentsOf: URL(fileURLWithPath: Self.directory + "/expected.json")))
        #expect(expected.count == 5)
        for (user, reference) in expected {
            let index: Int = try #require(engine.dataset.users.index[user])
            let session = try engine.makeSession(user: index, algorithm: .factors, k: 10)
            let ranking = session.ranking
            let ids = ranking.map { engine.dataset.catalog.ids[$0.item] }
            let scores = ranking.map(\.score)
            #expect(maxDifference(scores, reference.scores) < 1e-4, "user \(user): \(scores) vs \(reference.scores)")
            // Items agree wherever the reference's neighbouring scores are not a near-tie.
            for rank in ids.indices where ids[rank] != reference.items[rank] {
                let neighbours = [rank - 1, rank + 1].filter { reference.scores.indices.contains($0) }
                #expect(neighbours.contains { abs(reference.scores[$0] - reference.scores[rank]) < 1e-4 },
                        "user \(user) rank \(rank + 1): \(ids[rank]) vs implicit's \(reference.items[rank])")
            }
        }
    }

    /// x = A⁻¹(b + A₀x₀ − b₀) in Double (A₀, b₀: the events only; x₀ nil: plain fold-in A⁻¹b), then Y·x.
    static func referenceScores(model: FactorsRecommender, history: [WeightedItem], base: [WeightedItem], anchor: [Float]?) -> [Double] {
        let f = model.model.dimension, y = model.model.itemFactors.values.map(Double.init)
        let items = model.itemCount, lambda = Double(lambda), alpha = Double(alpha)
        func system(_ entries: [WeightedItem]) -> (a: [Double], b: [Double]) {
            var a = [Double](repeating: 0, count: f * f), b = [Double](repeating: 0, count: f)
            for i in 0..<items { for r in 0..<f { for c in 0..<f { a[r * f + c] += y[i * f + r] * y[i * f + c] } } }
            for d in 0..<f { a[d * f + d] += lambda }
            var summed: [Int: Double] = [:]
            for entry in entries { summed[entry.item, default: 0] += Double(entry.weight) }
            for (item, weight) in summed where weight > 0 {
                for r in 0..<f {
                    b[r] += (1 + alpha * weight) * y[item * f + r]
                    for c in 0..<f { a[r * f + c] += alpha * weight * y[item * f + r] * y[item * f + c] }
                }
            }
            return (a, b)
        }
        var (a, b) = system(history)
        if let anchor {
            let (a0, b0) = system(base)
            for r in 0..<f { for c in 0..<f { b[r] += a0[r * f + c] * Double(anchor[c]) }; b[r] -= b0[r] }
        }
        // Gaussian elimination with partial pivoting.
        for col in 0..<f {
            let pivot = (col..<f).max { abs(a[$0 * f + col]) < abs(a[$1 * f + col]) }!
            if pivot != col { for c in 0..<f { a.swapAt(col * f + c, pivot * f + c) }; b.swapAt(col, pivot) }
            for row in (col + 1)..<f {
                let m = a[row * f + col] / a[col * f + col]
                for c in col..<f { a[row * f + c] -= m * a[col * f + c] }
                b[row] -= m * b[col]
            }
        }
        var x = [Double](repeating: 0, count: f)
        for row in stride(from: f - 1, through: 0, by: -1) {
            var sum = b[row]
            for c in (row + 1)..<f { sum -= a[row * f + c] * x[c] }
            x[row] = sum / a[row * f + row]
        }
        return (0..<items).map { i in (0..<f).reduce(0) { $0 + y[i * f + $1] * x[$1] } }
    }

    @Test("clicks on an exported user, and users without a row, match a Double least-squares solve")
    func foldInMatchesDoubleSolve() throws {
        let (engine, model, _) = try Self.engine()
        let catalog = engine.dataset.catalog
        // User 1 (exported row) after two clicks; users 9 and 10 (no row) as loaded and after a click.
        let cases: [(user: String, clicks: [String])] = [("1", ["1", "2571"]), ("9", []), ("10", ["260"])]
        for (user, clickIDs) in cases {
            let index = try #require(engine.dataset.users.index[user])
            let session = try engine.makeSession(user: index, algorithm: .factors, k: 10)
            let base = session.weightedHistory
            for id in clickIDs { try session.click(item: try #require(catalog.index[id])) }
            let anchor = model.model.userHasFactors[index] ? model.model.userFactors.row(index) : nil
            #expect((anchor != nil) == (user == "1"))
            let reference = Self.referenceScores(model: model, history: session.weightedHistory, base: base, anchor: anchor)
            let scale = reference.map(abs).max() ?? 1
            let worst = (0..<catalog.count).map { abs(Double(session.score(of: $0)) - reference[$0]) }.max() ?? 0
            #expect(worst <= 1e-4 * max(scale, 1), "user \(user): worst score difference \(worst) (scores up to \(scale))")
            let top = session.ranking.map(\.item)
            let referenceTop = (0..<catalog.count).filter { !session.hasSeen($0) }.sorted { (reference[$0], $1) > (reference[$1], $0) }.prefix(10)
            #expect(abs(reference[top[9]] - reference[referenceTop.last!]) < 1e-4 * max(scale, 1), "user \(user)")
        }
    }
}
