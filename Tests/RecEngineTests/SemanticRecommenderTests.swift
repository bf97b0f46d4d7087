import Foundation
import Testing
@testable import RecEngine

@Suite("SemanticRecommender")
struct SemanticRecommenderTests {
    /// Four items in 3-D: e0 = (1,0,0), e1 = (0,1,0), e2 = (1,1,0)/√2, e3 = (3,4,0)/5 = (0.6,0.8,0);
    /// item 4 has no vector.
    static func tinyModel() -> SemanticRecommender {
        let rows: [[Float]?] = [[1, 0, 0], [0, 1, 0], [1, 1, 0], [3, 4, 0], nil]
        return SemanticRecommender(embeddings: ItemEmbeddings(dimension: 3, rows: rows), centred: false)
    }

    @Test("cosine scores of a weighted-mean profile, by hand")
    func cosinesByHand() {
        let model = Self.tinyModel()
        let scorer = model.makeSemanticScorer(history: [WeightedItem(item: 0, weight: 1), WeightedItem(item: 1, weight: 3)])
        // Profile = (1·e0 + 3·e1) / 4 = (0.25, 0.75, 0); |profile| = √10 / 4.
        #expect(scorer.profile == [0.25, 0.75, 0])
        var scores: [Float] = []
        scorer.score(into: &scores)
        let expected: [Float] = [1 / Float(10).squareRoot(),   // e0·p/|p| = 0.25 / (√10/4)
                                 3 / Float(10).squareRoot(),   // 0.75 / (√10/4)
                                 4 / Float(20).squareRoot(),   // (1+3)/(√2·√10)
                                 3 / Float(10).squareRoot(),   // (0.6 + 2.4)/√10
                                 -1]                           // no vector: floor score
        for (got, want) in zip(scores, expected) { #expect(abs(got - want) < 1e-6, "\(scores)") }
        #expect(abs(scorer.score(of: 2) - expected[2]) < 1e-6)
    }

    @Test("empty profile scores 0 everywhere except items without a vector")
    func emptyProfile() {
        let model = Self.tinyModel()
        let scorer = model.makeSemanticScorer(history: [WeightedItem(item: 4, weight: 2)])
        var scores = [Float](repeating: 9, count: 5)
        scorer.score(into: &scores)
        #expect(scores == [0, 0, 0, 0, -1])
        #expect(scorer.explain(item: 2).summary == "no history with semantic vectors; no preference")
    }

    @Test("explanation lists history items closest to the item, by cosine")
    func explanation() {
        let model = Self.tinyModel()
        let scorer = model.makeSemanticScorer(history: [WeightedItem(item: 0, weight: 1), WeightedItem(item: 1, weight: 3)])
        let why = scorer.explain(item: 3)
        #expect(why.algorithm == .semantic)
        #expect(why.historyMeaning == .similarity)
        #expect(why.history.map(\.item) == [1, 0])
        #expect(abs(why.history[0].value - 0.8) < 1e-6)
        #expect(abs(why.history[1].value - 0.6) < 1e-6)
        #expect(abs(why.score - 3 / Float(10).squareRoot()) < 1e-6)
        #expect(why.summary == "cosine 0.949 of semantic profile and item; nearest history item at cosine 0.800")
    }

    @Test("similar items: cosine order, self and vector-less items excluded")
    func similarItems() {
        let model = Self.tinyModel()
        let near = model.similarItems(to: 3, k: 10)
        #expect(near.map(\.item) == [2, 1, 0])
        #expect(abs(near[0].score - 1.4 / Float(2).squareRoot()) < 1e-6)
        #expect(model.similarItems(to: 4, k: 3).isEmpty)
        #expect(model.similarItems(to: 0, k: 1).map(\.item) == [2])
    }

    @Test("incremental profile after clicks and evictions equals the profile rebuilt from scratch")
    func incrementalEqualsRecomputed() {
        var generator = SplitMix(seed: 42)
        let items = 300, dimension = 32
        let rows: [[Float]?] = (0..<items).map { i in
            i % 37 == 5 ? nil : (0..<dimension).map { _ in generator.nextFloat() * 2 - 1 }
        }
        let model = SemanticRecommender(embeddings: ItemEmbeddings(dimension: dimension, rows: rows))
        var history = (0..<20).map { _ in WeightedItem(item: generator.nextInt(items), weight: generator.nextFloat() * 3) }
        let scorer = model.makeSemanticScorer(history: history)
        for step in 0..<200 {
            var changes = [WeightedItem(item: generator.nextInt(items), weight: 2)]
            if step % 3 == 0, !history.isEmpty {  // a sliding window evicts the oldest event
                let oldest = history.removeFirst()
                changes.append(WeightedItem(item: oldest.item, weight: -oldest.weight))
            }
            history.append(changes[0])
            scorer.apply(changes)
        }
        let fresh = model.makeSemanticScorer(history: history)
        var incremental: [Float] = [], recomputed: [Float] = []
        scorer.score(into: &incremental)
        fresh.score(into: &recomputed)
        let worst = zip(incremental, recomputed).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= 1e-5, "max difference \(worst)")
        let profileDifference = zip(scorer.profile, fresh.profile).map { abs($0 - $1) }.max() ?? 0
        #expect(profileDifference <= 1e-5)
    }

    @Test("Toy Story's semantic neighbours on SampleData include Toy Story 2 and 3 near the top")
    func toyStoryNeighbours() throws {
        let data = try SampleDataFixture.dataset()
        let model = SemanticRecommender(embeddings: try SampleDataFixture.embeddings())
        let toyStory = try data.catalog.require("1")
        let top = model.similarItems(to: toyStory, k: 5).map { data.catalog.titles[$0.item] }
        #expect(top.contains("Toy Story 2 (1999)"), "\(top)")
        #expect(top.contains("Toy Story 3 (2010)"), "\(top)")
    }

    @Test("similar users: cosine of profile directions, self and profile-less users excluded")
    func similarUsers() {
        let model = Self.tinyModel()
        let histories: [[WeightedItem]] = [
            [WeightedItem(item: 0, weight: 1)],                                   // (1,0,0)
            [WeightedItem(item: 0, weight: 1), WeightedItem(item: 1, weight: 1)], // (1,1,0)/√2
            [WeightedItem(item: 1, weight: 5)],                                   // (0,1,0)
            [WeightedItem(item: 4, weight: 1)],                                   // nothing with a vector
        ]
        let space = SemanticUserSpace(embeddings: model.embeddings, histories: histories)
        #expect(space.hasProfile == [true, true, true, false])
        let near = space.similarUsers(to: 0, k: 5)
        #expect(near.map(\.user) == [1, 2])
        #expect(abs(near[0].score - 1 / Float(2).squareRoot()) < 1e-6)
        #expect(abs(near[1].score) < 1e-6)
        #expect(space.similarUsers(to: 3, k: 5).isEmpty)
    }
}

/// Small deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func nextFloat() -> Float { Float(next() >> 40) / Float(1 << 24) }
    mutating func nextInt(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
