import Foundation
import Testing
@testable import RecEngine

/// The collaborative models inside the engine: fitted, registered, and driving real sessions.
@Suite struct CollaborativeEngineTests {
    /// 6 users over 8 generic items with timestamps in order.
    func engine() -> Engine {
        let ids = (0..<8).map { "i\($0)" }
        let catalog = Catalog(ids: ids, titles: ids, genres: (0..<8).map { [$0 % 2 == 0 ? "Drama" : "Comedy"] })
        let histories: [[Int]] = [[0, 1, 2, 3], [0, 1, 4], [1, 2, 4, 5], [2, 3, 6], [0, 5, 6, 7], [1, 3, 5, 7]]
        let events = histories.map { items in items.enumerated().map { Event(item: $0.element, value: 1, timestamp: Int64(1000 + $0.offset), kind: .implicit) } }
        let dataset = Dataset(name: "tiny-collab", format: .generic, catalog: catalog, users: UserTable(ids: (0..<6).map { "u\($0)" }), eventsByUser: events)
        return Engine(dataset: dataset)
    }

    func configuration() -> ModelConfiguration {
        ModelConfiguration(itemKNN: ItemKNNParameters(neighbours: 3, shrinkage: 1), als: ALSParameters(factors: 4, regularization: 0.5, alpha: 2, iterations: 5),
                           ease: EASEParameters(lambda: 2),
                           hybrid: HybridConfiguration(components: [HybridComponent(algorithm: .ease, weight: 1, recency: RecencyParameters(halfLife: 2, floor: 0.2)),
                                                                    HybridComponent(algorithm: .als, weight: 0.5), HybridComponent(algorithm: .content, weight: 0.2)]))
    }

    /// The hybrid over cached components is itself "from cache" on the second run, although its live
    /// recipe carries content and popularity (never fitted): `recommend --algo hybrid` used to say
    /// "fitted hybrid in … ms" on every run.
    @Test func hybridOfCachedComponentsComesFromTheCache() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-cache-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try engine().fitCollaborativeModels(configuration: configuration(), cache: ModelCache(directory: directory), algorithms: [.hybrid])
        #expect(first.map(\.0) == [.hybrid] && first.allSatisfy { !$0.1.fromCache })
        let second = try engine().fitCollaborativeModels(configuration: configuration(), cache: ModelCache(directory: directory), algorithms: [.hybrid])
        #expect(second.map(\.0) == [.hybrid] && second.allSatisfy { $0.1.fromCache })
    }

    @Test func fittedModelsAreRegisteredAndSessionsExplainEveryAlgorithm() throws {
        let engine = engine()
        let fitted = try engine.fitCollaborativeModels(configuration: configuration())
        #expect(fitted.map(\.0) == [.itemKNN, .als, .ease, .hybrid])
        for algorithm in [Algorithm.itemKNN, .als, .ease, .hybrid] {
            #expect(engine.algorithms.contains(algorithm))
            let session = try engine.makeSession(user: 1, algorithm: algorithm, k: 3)
            let update = try session.click(item: 6)
            #expect(update.ranking.count == 3)
            #expect(!update.ranking.contains { $0.item == 6 || $0.item == 0 })
            for entry in update.ranking {
                let explanation = session.explain(item: entry.item)
                #expect(explanation.algorithm == algorithm)
                #expect(abs(explanation.score - session.score(of: entry.item)) < 1e-4, "\(algorithm) item \(entry.item)")
                if algorithm == .hybrid {
                    // The recipe's 3 components carry weight; the other algorithms sit in the live hybrid at 0.
                    #expect(explanation.components.filter { $0.weight != 0 }.count == 3)
                    #expect(explanation.components.count == session.hybridComponents?.count)
                    #expect(explanation.components.filter { $0.weight == 0 }.allSatisfy { $0.contribution == 0 && $0.breakdown.isEmpty })
                    #expect(abs(explanation.components.reduce(0) { $0 + $1.contribution } - explanation.score) < 1e-4)
                } else {
                    #expect(abs(explanation.history.reduce(0) { $0 + $1.value } - explanation.score) < 1e-4)
                }
            }
            // Undo rebuilds the scorer from the history: same scores as before the click.
            let fresh = try engine.makeSession(user: 1, algorithm: algorithm, k: 3)
            session.undo()
            for item in 0..<8 { #expect(abs(session.score(of: item) - fresh.score(of: item)) < 1e-4) }
        }
    }

    /// Undo takes back exactly what the click applied (negated changes in the linear scorers, not a
    /// rebuild): after clicks and undos every score equals a fresh session's with the remaining clicks
    /// — under half-life decay and under a window whose clicks evicted events — for every algorithm,
    /// and a hybrid component raised from 0 afterwards catches up to the same history.
    @Test(arguments: [DecayPolicy.halfLife(days: 30), .window(events: 3)])
    func undoEqualsAFreshSessionWithoutTheClick(decay: DecayPolicy) throws {
        let engine = engine()
        _ = try engine.fitCollaborativeModels(configuration: configuration())
        for algorithm in [Algorithm.content, .popularity, .itemKNN, .als, .ease, .hybrid] {
            for user in [Int?]([1, 3, nil]) {
                let session = try engine.makeSession(user: user, algorithm: algorithm, decay: decay, k: 3)
                try session.click(item: 7)
                try session.click(item: 2)
                try session.click(item: 6)
                session.undo()
                session.undo()
                let fresh = try engine.makeSession(user: user, algorithm: algorithm, decay: decay, k: 3)
                try fresh.click(item: 7)
                for item in 0..<8 {
                    #expect(abs(session.score(of: item) - fresh.score(of: item)) < 1e-4, "\(algorithm) \(decay) user \(user) item \(item)")
                }
                #expect(session.ranking.map(\.item) == fresh.ranking.map(\.item))
                #expect(maxDifference(session.contentProfile, fresh.contentProfile) < 1e-5)
                #expect(session.isColdStart == fresh.isColdStart)
                if algorithm == .hybrid, let weights = session.hybridWeights {
                    // Content sat at 0.2, the others at their recipe weights; raise every one to 1.
                    let raised = weights.map { _ in Float(1) }
                    try session.setHybridWeights(raised)
                    try fresh.setHybridWeights(raised)
                    for item in 0..<8 { #expect(abs(session.score(of: item) - fresh.score(of: item)) < 1e-4, "raised hybrid item \(item)") }
                }
                // The last undo of a new user's only click is a cold start again.
                session.undo()
                #expect(session.isColdStart == (user == nil))
            }
        }
    }

    /// A user with a 2,000-event history gets a full top-10 from the tuned hybrid (its EASE component
    /// has recency half-life 5 events, whose factor for the oldest events underflows in Float).
    @Test func tunedHybridRanksAUserWithA2000EventHistory() throws {
        let itemCount = 60
        let ids = (0..<itemCount).map { "i\($0)" }
        let catalog = Catalog(ids: ids, titles: ids, genres: (0..<itemCount).map { [$0 % 3 == 0 ? "Drama" : "Comedy"] })
        var histories: [[Int]] = (0..<20).map { user in (0..<12).map { (user * 7 + $0 * 5) % itemCount } }
        histories.append((0..<2000).map { ($0 * 13 + $0 / 50) % 40 })  // the long history: items 0–39 only
        let events = histories.map { items in items.enumerated().map { Event(item: $0.element, value: 1, timestamp: Int64(1000 + $0.offset), kind: .implicit) } }
        let dataset = Dataset(name: "long-history", format: .generic, catalog: catalog, users: UserTable(ids: histories.indices.map { "u\($0)" }), eventsByUser: events)
        let engine = Engine(dataset: dataset)
        try engine.fitCollaborativeModels(configuration: ModelConfiguration(itemKNN: .tuned, als: ALSParameters(factors: 4, iterations: 3), ease: .tuned, hybrid: .tuned),
                                          algorithms: [.itemKNN, .ease, .hybrid])
        let session = try engine.makeSession(user: 20, algorithm: .hybrid, k: 10)
        #expect(session.ranking.count == 10)
        #expect(session.ranking.allSatisfy { $0.item >= 40 && $0.score.isFinite })
        try session.click(item: 45)
        #expect(session.ranking.count == 10)
        #expect(session.ranking.allSatisfy { $0.score.isFinite })
    }

    @Test func hybridRecipesParse() throws {
        let recipe = try HybridConfiguration.parse("ease:1@5/0.1, itemknn:0.2, als:0.1", normalisation: .minMax)
        #expect(recipe.components == [HybridComponent(algorithm: .ease, weight: 1, recency: RecencyParameters(halfLife: 5, floor: 0.1)),
                                       HybridComponent(algorithm: .itemKNN, weight: 0.2), HybridComponent(algorithm: .als, weight: 0.1)])
        #expect(recipe.normalisation == .minMax)
        for bad in ["", "ease", "ease:x", "nope:1", "ease:1@5", "ease:1@a/b", "hybrid:1"] {
            #expect(throws: RecError.self) { try HybridConfiguration.parse(bad) }
        }
    }

    @Test func factoryFitsEachModelOnceAndReportsParameters() throws {
        let engine = engine()
        let factory = ModelFactory(matrix: engine.collaborativeMatrix, dataset: engine.dataset, configuration: configuration())
        let first = try factory.model(.ease)
        let second = try factory.model(.ease)
        #expect(first.model === second.model)
        #expect(first.parameters.map(\.0) == ["lambda"])
        let hybrid = try factory.model(.hybrid)
        #expect((hybrid.model as? HybridRecommender)?.components.count == 3)
        #expect(throws: RecError.self) { try factory.model(.semantic) }
    }
}
