import Foundation
import Testing
@testable import RecEngine

/// Users: u0 {0,1}, u1 {0,1,2}, u2 {1,2}, u3 {0}. Columns: ‖x₀‖ = ‖x₁‖ = √3, ‖x₂‖ = √2;
/// ⟨x₀,x₁⟩ = 2, ⟨x₀,x₂⟩ = 1, ⟨x₁,x₂⟩ = 2. With shrinkage 1: sim(0,1) = 2/(3+1) = 0.5,
/// sim(0,2) = 1/(√6+1) = 0.289898, sim(1,2) = 2/(√6+1) = 0.579796.
@Suite struct ItemKNNTests {
    let matrix = binaryMatrix(itemCount: 3, [[0, 1], [0, 1, 2], [1, 2], [0]])

    @Test func similaritiesWithShrinkageByHand() throws {
        let model = try ItemKNNRecommender.fit(matrix, parameters: ItemKNNParameters(neighbours: 5, shrinkage: 1))
        #expect(abs(model.similarity(from: 0, to: 1) - 0.5) < 1e-6)
        #expect(abs(model.similarity(from: 0, to: 2) - 0.289898) < 1e-6)
        #expect(abs(model.similarity(from: 2, to: 1) - 0.579796) < 1e-6)
        #expect(model.similarity(from: 1, to: 1) == 0)
        // Without shrinkage: plain cosine 2/3.
        let plain = try ItemKNNRecommender.fit(matrix, parameters: ItemKNNParameters(neighbours: 5, shrinkage: 0))
        #expect(abs(plain.similarity(from: 0, to: 1) - 2.0 / 3.0) < 1e-6)
    }

    @Test func topKCutKeepsTheBestNeighbours() throws {
        let model = try ItemKNNRecommender.fit(matrix, parameters: ItemKNNParameters(neighbours: 1, shrinkage: 1))
        #expect(model.similarItems(to: 0, k: 5).map(\.item) == [1])
        #expect(model.similarItems(to: 1, k: 5).map(\.item) == [2])
        #expect(model.similarity(from: 0, to: 2) == 0)
    }

    @Test func scoresExplanationAndIncrementalClicks() throws {
        let model = try ItemKNNRecommender.fit(matrix, parameters: ItemKNNParameters(neighbours: 5, shrinkage: 1))
        let scorer = model.makeScorer(history: [WeightedItem(item: 0, weight: 1), WeightedItem(item: 2, weight: 2)])
        let s = scores(of: scorer, itemCount: 3)
        // score(1) = 1·0.5 + 2·0.579796.
        #expect(abs(s[1] - 1.659592) < 1e-5)
        let explanation = scorer.explain(item: 1)
        #expect(explanation.historyMeaning == .contribution)
        #expect(abs(explanation.history.reduce(0) { $0 + $1.value } - s[1]) < 1e-5)
        #expect(explanation.history.first?.item == 2)
        // A click (incremental) equals a rebuild with the longer history; a removal undoes it.
        scorer.apply([WeightedItem(item: 1, weight: 1)])
        let rebuilt = model.makeScorer(history: [WeightedItem(item: 0, weight: 1), WeightedItem(item: 2, weight: 2), WeightedItem(item: 1, weight: 1)])
        #expect(maxDifference(scores(of: scorer, itemCount: 3), scores(of: rebuilt, itemCount: 3)) < 1e-6)
        scorer.apply([WeightedItem(item: 1, weight: -1)])
        #expect(maxDifference(scores(of: scorer, itemCount: 3), s) < 1e-6)
    }

    @Test func tfidfAndBM25WeightingsByHand() {
        // TF-IDF: √1 × log(3 / (1 + items of the user)).
        let tfidf = ItemKNNRecommender.reweighted(matrix, parameters: ItemKNNParameters(weighting: .tfidf))
        #expect(abs(tfidf[0] - log(3.0 / 3.0)) < 1e-6)
        #expect(abs(tfidf[2] - Float(log(3.0 / 4.0))) < 1e-6)
        // BM25 (k1 = 1.2, b = 0.75): item lengths 3, 3, 2 (average 8/3); user u3's item 0:
        // 1 · 2.2 / (1.2 · (0.25 + 0.75 · 3 / (8/3)) + 1) × log(3 / 2).
        let bm25 = ItemKNNRecommender.reweighted(matrix, parameters: ItemKNNParameters(weighting: .bm25))
        let expected = Float(2.2 / (1.2 * (0.25 + 0.75 * 3 / (8.0 / 3)) + 1) * log(1.5))
        #expect(abs(bm25[7] - expected) < 1e-6)
    }

    @Test func badParametersThrow() {
        #expect(throws: RecError.self) { try ItemKNNRecommender.fit(matrix, parameters: ItemKNNParameters(neighbours: 0)) }
        #expect(throws: RecError.self) { try ItemKNNRecommender.fit(matrix, parameters: ItemKNNParameters(shrinkage: -1)) }
    }
}
