import Foundation
import Testing
@testable import RecEngine

/// Live hybrid weights through the session, the `COMPONENT=WEIGHT` parser, full ranks and comparisons.
@Suite struct HybridWeightsTests {
    /// 6 users over 8 items; content genres alternate.
    static func engine(weights: [Float] = [1, 0.5, 0.2]) throws -> Engine {
        let ids = (0..<8).map { "i\($0)" }
        let catalog = Catalog(ids: ids, titles: ids, genres: (0..<8).map { [$0 % 2 == 0 ? "Drama" : "Comedy", $0 < 4 ? "Old" : "New"] })
        let histories: [[Int]] = [[0, 1, 2, 3], [0, 1, 4], [1, 2, 4, 5], [2, 3, 6], [0, 5, 6, 7], [1, 3, 5, 7]]
        let events = histories.map { items in items.enumerated().map { Event(item: $0.element, value: 1, timestamp: Int64(1000 + $0.offset), kind: .implicit) } }
        let dataset = Dataset(name: "tiny-hybrid", format: .generic, catalog: catalog, users: UserTable(ids: (0..<6).map { "u\($0)" }), eventsByUser: events)
        let engine = Engine(dataset: dataset)
        let recipe = HybridConfiguration(components: [
            HybridComponent(algorithm: .ease, weight: weights[0], recency: RecencyParameters(halfLife: 2, floor: 0.2)),
            HybridComponent(algorithm: .itemKNN, weight: weights[1]),
            HybridComponent(algorithm: .content, weight: weights[2]),
        ])
        let configuration = ModelConfiguration(itemKNN: ItemKNNParameters(neighbours: 3, shrinkage: 1), als: ALSParameters(factors: 4, regularization: 0.5, alpha: 2, iterations: 5),
                                               ease: EASEParameters(lambda: 2), hybrid: recipe)
        try engine.fitCollaborativeModels(configuration: configuration, algorithms: [.itemKNN, .ease, .hybrid], liveComponents: false)
        return engine
    }

    static func allScores(_ session: Session) -> [Float] { (0..<8).map { session.score(of: $0) } }

    @Test func changingWeightsEqualsAFreshSessionWithThoseWeights() throws {
        let engine = try Self.engine()
        let session = try engine.makeSession(user: 1, algorithm: .hybrid, k: 4)
        try session.click(item: 6)
        try session.click(item: 3)
        #expect(session.hybridComponents == [.ease, .itemKNN, .content])
        #expect(session.hybridWeights == [1, 0.5, 0.2])
        let before = session.ranking
        let target: [Float] = [0.3, 1, 0]
        let update = try #require(try session.setHybridWeights(target))
        #expect(session.hybridWeights == target)
        #expect(session.clicks == [6, 3])
        // The diff is against the previous weights' ranking.
        for entry in update.ranking {
            #expect(entry.previousRank == before.first { $0.item == entry.item }?.rank)
        }

        // Same engine, session started with those weights, same clicks.
        let fresh = try engine.makeSession(user: 1, algorithm: .hybrid, k: 4, hybridWeights: target)
        try fresh.click(item: 6)
        try fresh.click(item: 3)
        // A separately fitted engine whose hybrid has those weights as its defaults.
        let refitted = try Self.engine(weights: target)
        let other = try refitted.makeSession(user: 1, algorithm: .hybrid, k: 4)
        try other.click(item: 6)
        try other.click(item: 3)
        for reference in [fresh, other] {
            #expect(maxDifference(Self.allScores(session), Self.allScores(reference)) < 1e-5)
            #expect(session.ranking.map(\.item) == reference.ranking.map(\.item))
        }
        // Weights are not a no-op: the default weights rank differently for this user.
        let defaults = try engine.makeSession(user: 1, algorithm: .hybrid, k: 4)
        try defaults.click(item: 6)
        try defaults.click(item: 3)
        #expect(maxDifference(Self.allScores(session), Self.allScores(defaults)) > 1e-3)
    }

    @Test func weightsSurviveUndoAndAlgorithmSwitches() throws {
        let engine = try Self.engine()
        let session = try engine.makeSession(user: 2, algorithm: .hybrid, k: 4)
        let target: [Float] = [0, 0, 1]
        try session.setHybridWeights(target)
        let scores = Self.allScores(session)
        try session.click(item: 0)
        session.undo()
        #expect(maxDifference(Self.allScores(session), scores) < 1e-5)
        try session.setAlgorithm(.ease)
        #expect(session.hybridWeights == target)
        try session.setAlgorithm(.hybrid)
        #expect(session.hybridWeights == target)
        #expect(maxDifference(Self.allScores(session), scores) < 1e-5)
        // Set while another algorithm is current: kept for later, no re-rank.
        try session.setAlgorithm(.content)
        let contentRanking = session.ranking
        #expect(try session.setHybridWeights([1, 0, 0]) == nil)
        #expect(session.ranking == contentRanking)
        try session.setAlgorithm(.hybrid)
        #expect(session.hybridWeights == [1, 0, 0])
        // Content weight alone ranks like content (z-scoring is a monotone map).
        try session.setHybridWeights([0, 0, 1])
        let content = try engine.makeSession(user: 2, algorithm: .content, k: 4)
        #expect(session.ranking.map(\.item) == content.ranking.map(\.item))
    }

    @Test func invalidWeightsAreRejected() throws {
        let engine = try Self.engine()
        let session = try engine.makeSession(user: 1, algorithm: .hybrid)
        #expect(throws: RecError.self) { try session.setHybridWeights([1, 1]) }
        #expect(throws: RecError.self) { try session.setHybridWeights([1, -0.1, 0]) }
        #expect(throws: RecError.self) { try session.setHybridWeights([1, .nan, 0]) }
        #expect(throws: RecError.self) { try engine.makeSession(user: 1, algorithm: .hybrid, hybridWeights: [1]) }
        #expect(session.hybridWeights == [1, 0.5, 0.2])
        // No hybrid fitted: nothing to weigh.
        let plain = Engine(dataset: engine.dataset)
        let contentSession = try plain.makeSession(user: 1)
        #expect(contentSession.hybridComponents == nil)
        #expect(contentSession.hybridWeights == nil)
        #expect(throws: RecError.self) { try contentSession.setHybridWeights([1, 1, 1]) }
    }

    @Test func weightsParseByComponentName() throws {
        let components: [Algorithm] = [.ease, .itemKNN]
        #expect(try HybridWeights.parse("ease=1,itemknn=0.2", components: components, defaults: [5, 5]) == [1, 0.2])
        #expect(try HybridWeights.parse(" itemknn = 0.5 ", components: components, defaults: [1, 0.2]) == [1, 0.5])
        #expect(try HybridWeights.parse("EASE=0", components: components, defaults: [1, 0.2]) == [0, 0.2])
        func message(_ text: String) -> String {
            do { _ = try HybridWeights.parse(text, components: components, defaults: [1, 0.2]); return "" } catch { return "\(error)" }
        }
        #expect(message("als=1").contains("unknown hybrid component 'als'"))
        #expect(message("als=1").contains("ease, itemknn"))
        #expect(message("ease=-1").contains("-1"))
        #expect(message("ease=-1").contains("negative"))
        #expect(message("ease=abc").contains("'abc'"))
        #expect(message("ease=inf").contains("not a number"))
        #expect(message("ease").contains("'ease'"))
        #expect(message("ease=1,").contains("COMPONENT=WEIGHT"))
        #expect(message("ease=1,ease=2").contains("twice"))
        #expect(message("ease=0,itemknn=0").contains("every hybrid weight is 0"))
        #expect(!message("als=1").contains("\n"))
        #expect(HybridWeights.describe([1, 0.2], components: components) == "ease=1,itemknn=0.2")
        #expect(HybridWeights.format(0.35) == "0.35")
        #expect(HybridWeights.format(0) == "0")
    }

    @Test func fullRankAgreesWithALongerRanking() throws {
        let engine = try Self.engine()
        for algorithm in [Algorithm.hybrid, .ease, .content] {
            let short = try engine.makeSession(user: 3, algorithm: algorithm, k: 2)
            let long = try engine.makeSession(user: 3, algorithm: algorithm, k: 8)
            for entry in long.ranking { #expect(short.fullRank(of: entry.item) == entry.rank, "\(algorithm) item \(entry.item)") }
            for seen in [2, 3, 6] { #expect(short.fullRank(of: seen) == nil) }
            #expect(short.fullRank(of: 99) == nil)
        }
    }

    @Test func comparisonOverlapsAndRanks() throws {
        let engine = try Self.engine()
        let sessions = try [Algorithm.hybrid, .ease, .content].map { try engine.makeSession(user: 0, algorithm: $0, k: 3) }
        for session in sessions { try session.click(item: 7) }
        let comparison = RankingComparison(sessions: sessions, k: 3)
        #expect(comparison.algorithms == [.hybrid, .ease, .content])
        #expect(comparison.overlaps.map { [$0.first, $0.second] } == [[0, 1], [0, 2], [1, 2]])
        for overlap in comparison.overlaps {
            let a = Set(sessions[overlap.first].ranking.map(\.item))
            let b = Set(sessions[overlap.second].ranking.map(\.item))
            #expect(Set(overlap.shared) == a.intersection(b))
            #expect(abs(overlap.jaccard - Double(a.intersection(b).count) / Double(a.union(b).count)) < 1e-12)
        }
        let union = Set(sessions.flatMap { $0.ranking.map(\.item) })
        #expect(Set(comparison.items.map(\.item)) == union)
        #expect(comparison.items.prefix(sessions[0].ranking.count).map(\.item) == sessions[0].ranking.map(\.item))
        for row in comparison.items {
            for (index, session) in sessions.enumerated() {
                #expect(row.ranks[index] == session.fullRank(of: row.item))
                if let inList = session.ranking.first(where: { $0.item == row.item }) { #expect(row.ranks[index] == inList.rank) }
                else { #expect((row.ranks[index] ?? 0) > 3) }
            }
        }
    }
}

/// The live hybrid: every other algorithm joins at weight 0 so it can be blended in without a refit.
@Suite(.serialized) struct LiveHybridTests {
    @Test func zeroWeightComponentsChangeNothingAndCatchUpWhenRaised() throws {
        let recipeOnly = try HybridWeightsTests.engine()   // fitted without live components
        let live = Engine(dataset: recipeOnly.dataset)
        let configuration = ModelConfiguration(itemKNN: ItemKNNParameters(neighbours: 3, shrinkage: 1), als: ALSParameters(factors: 4, regularization: 0.5, alpha: 2, iterations: 5),
                                               ease: EASEParameters(lambda: 2), hybrid: try HybridConfiguration.parse("ease:1@2/0.2,itemknn:0.5,content:0.2"))
        try live.fitCollaborativeModels(configuration: configuration, algorithms: [.itemKNN, .als, .ease, .hybrid])
        let liveSession = try live.makeSession(user: 1, algorithm: .hybrid, k: 4)
        let plain = try recipeOnly.makeSession(user: 1, algorithm: .hybrid, k: 4)
        #expect(liveSession.hybridComponents == [.ease, .itemKNN, .content, .als, .popularity])
        #expect(liveSession.hybridWeights == [1, 0.5, 0.2, 0, 0])
        for session in [liveSession, plain] { try session.click(item: 6); try session.click(item: 3) }
        // Weight-0 components change no score.
        #expect(maxDifference(HybridWeightsTests.allScores(liveSession), HybridWeightsTests.allScores(plain)) < 1e-5)
        // Raising ALS after the clicks (it missed them) equals a session that had ALS weighted from the start.
        try liveSession.setHybridWeights([1, 0.5, 0.2, 0.7, 0])
        let fresh = try live.makeSession(user: 1, algorithm: .hybrid, k: 4, hybridWeights: [1, 0.5, 0.2, 0.7, 0])
        try fresh.click(item: 6); try fresh.click(item: 3)
        #expect(maxDifference(HybridWeightsTests.allScores(liveSession), HybridWeightsTests.allScores(fresh)) < 1e-5)
        #expect(liveSession.explain(item: liveSession.ranking[0].item).components[3].weight == 0.7)
    }

    @Test func liveRecipeAddsTheMissingAlgorithms() throws {
        let recipe = try HybridConfiguration.parse("ease:1,itemknn:0.2")
        #expect(Engine.liveHybrid(recipe, semanticAvailable: true).components.map(\.algorithm) == [.ease, .itemKNN, .als, .content, .semantic, .popularity])
        #expect(Engine.liveHybrid(recipe, semanticAvailable: false).components.map(\.algorithm) == [.ease, .itemKNN, .als, .content, .popularity])
        #expect(Engine.liveHybrid(recipe, semanticAvailable: false).components.dropFirst(2).allSatisfy { $0.weight == 0 })
    }
}
