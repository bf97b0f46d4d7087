import Foundation
import Testing
@testable import RecEngine

/// A component with fixed scores, for checking the hybrid's arithmetic.
final class FixedScores: Recommender, @unchecked Sendable {
    let algorithm: Algorithm
    let values: [Float]
    var itemCount: Int { values.count }
    init(_ algorithm: Algorithm, _ values: [Float]) { self.algorithm = algorithm; self.values = values }
    func makeScorer(history: [WeightedItem]) -> any SessionScorer { FixedScorer(self) }
    func similarItems(to item: Int, k: Int) -> [ScoredItem] { [] }
}

final class FixedScorer: SessionScorer {
    let model: FixedScores
    init(_ model: FixedScores) { self.model = model }
    func apply(_ changes: [WeightedItem]) {}
    func rebuild(history: [WeightedItem]) {}
    func score(into scores: inout [Float]) { for i in model.values.indices { scores[i] = model.values[i] } }
    func explain(item: Int) -> Explanation { Explanation(algorithm: model.algorithm, item: item, score: model.values[item]) }
}

@Suite struct HybridTests {
    // a: mean 2, population sd √2 → z = [−1.41421, −0.70711, 0, 0.70711, 1.41421].
    let a = FixedScores(.ease, [0, 1, 2, 3, 4])
    // b: mean 25, sd √250 → z = [1.26491, 0.63246, 0, −0.63246, −1.26491]... reversed.
    let b = FixedScores(.itemKNN, [50, 40, 30, 20, -15])

    @Test func zScoreNormalisationByHand() throws {
        let hybrid = try HybridRecommender(components: [a, b], weights: [1, 0.5])
        let s = scores(of: hybrid.makeScorer(history: []), itemCount: 5)
        // b: mean 25, variance (625 + 225 + 25 + 25 + 1600)/5 = 500 → sd 22.3607.
        let zb: [Float] = [50, 40, 30, 20, -15].map { ($0 - 25) / 22.36068 }
        let za: [Float] = [0, 1, 2, 3, 4].map { ($0 - 2) / 1.4142136 }
        for i in 0..<5 { #expect(abs(s[i] - (za[i] + 0.5 * zb[i])) < 1e-4) }
    }

    @Test func minMaxAndMaxNormalisationsByHand() throws {
        let minMax = try HybridRecommender(components: [a, b], weights: [1, 1], normalisation: .minMax)
        let s = scores(of: minMax.makeScorer(history: []), itemCount: 5)
        // a → [0, .25, .5, .75, 1]; b → (x + 15)/65.
        for i in 0..<5 { #expect(abs(s[i] - (Float(i) / 4 + (b.values[i] + 15) / 65)) < 1e-5) }
        let maxAbs = try HybridRecommender(components: [a, b], weights: [1, 1], normalisation: .maxAbs)
        let m = scores(of: maxAbs.makeScorer(history: []), itemCount: 5)
        for i in 0..<5 { #expect(abs(m[i] - (Float(i) / 4 + b.values[i] / 50)) < 1e-5) }
        // A constant component contributes nothing.
        let flat = try HybridRecommender(components: [a, FixedScores(.popularity, [3, 3, 3, 3, 3])], weights: [1, 1])
        #expect(maxDifference(scores(of: flat.makeScorer(history: []), itemCount: 5), [0, 1, 2, 3, 4].map { (Float($0) - 2) / 1.4142136 }) < 1e-5)
    }

    @Test func explanationPartsSumToScore() throws {
        let hybrid = try HybridRecommender(components: [a, b], weights: [0.7, 0.3])
        let scorer = hybrid.makeScorer(history: [])
        let s = scores(of: scorer, itemCount: 5)
        for item in 0..<5 {
            let explanation = scorer.explain(item: item)
            #expect(explanation.components.count == 2)
            #expect(abs(explanation.components.reduce(0) { $0 + $1.contribution } - s[item]) < 1e-5)
            #expect(abs(explanation.score - s[item]) < 1e-5)
            #expect(explanation.components[1].breakdown.first?.score == b.values[item])
            #expect(abs(explanation.components[0].contribution - 0.7 * explanation.components[0].normalisedScore) < 1e-6)
        }
    }

    @Test func weightsChangeAtRunTime() throws {
        let hybrid = try HybridRecommender(components: [a, b], weights: [1, 0])
        let scorer = try #require(hybrid.makeScorer(history: []) as? HybridScorer)
        #expect(TopK.select(scores(of: scorer, itemCount: 5), k: 1).first?.item == 4)
        scorer.weights = [0, 1]
        #expect(TopK.select(scores(of: scorer, itemCount: 5), k: 1).first?.item == 0)
        try hybrid.setWeights([0.2, 1])
        #expect(hybrid.weights == [0.2, 1])
        #expect(throws: RecError.self) { try hybrid.setWeights([1]) }
        #expect(throws: RecError.self) { try hybrid.setWeights([1, .nan]) }
        #expect(throws: RecError.self) { try HybridRecommender(components: [a, FixedScores(.als, [1])], weights: [1, 1]) }
    }

    /// Recency emphasis: incremental clicks equal the base scored with explicitly decayed weights.
    @Test func recencyWeightingIsExactAndIncremental() throws {
        let model = try EASERecommender.fit(binaryMatrix(itemCount: 7, smallUsers), parameters: EASEParameters(lambda: 2))
        let parameters = RecencyParameters(halfLife: 2, floor: 0.25)
        let recency = try RecencyWeightedRecommender(base: model, parameters: parameters)
        let history = [0, 3, 5, 1].map { WeightedItem(item: $0, weight: 1) }
        let scorer = recency.makeScorer(history: Array(history.prefix(2)))
        scorer.apply([history[2]])
        scorer.apply([history[3]])
        // Newest has age 0: weight = 0.25 + 0.75 · 0.5^(age / 2).
        let decayed = history.enumerated().map { WeightedItem(item: $0.element.item, weight: 0.25 + 0.75 * Float(pow(0.5, Double(3 - $0.offset) / 2))) }
        let expected = scores(of: model.makeScorer(history: decayed), itemCount: 7)
        let s = scores(of: scorer, itemCount: 7)
        #expect(maxDifference(s, expected) < 1e-5)
        let explanation = scorer.explain(item: 6)
        #expect(abs(explanation.history.reduce(0) { $0 + $1.value } - s[6]) < 1e-5)
        #expect(throws: RecError.self) { try RecencyWeightedRecommender(base: FixedScores(.als, [1]), parameters: parameters) }
    }

    /// A 2,000-event history at half-life 2: the oldest events' recency factor (2^-999) underflows in
    /// Float. Scores must stay finite and equal the base scored with the decayed weights computed in
    /// Double — before the fix a running product from the oldest event made every growth 0 and the
    /// scores NaN, so the hybrid ranked nothing for histories from 737 events on.
    @Test func recencyWeightingSurvivesLongHistories() throws {
        let model = try EASERecommender.fit(binaryMatrix(itemCount: 7, smallUsers), parameters: EASEParameters(lambda: 2))
        let parameters = RecencyParameters(halfLife: 2, floor: 0.1)
        let recency = try RecencyWeightedRecommender(base: model, parameters: parameters)
        let history = (0..<2000).map { WeightedItem(item: ($0 * 5 + $0 / 7) % 7, weight: 1) }
        func expected(_ events: [WeightedItem]) -> [Float] {
            let n = events.count
            let decayed = events.enumerated().map {
                WeightedItem(item: $0.element.item, weight: Float(0.1 + 0.9 * exp2(-Double(n - 1 - $0.offset) / 2)))
            }
            return scores(of: model.makeScorer(history: decayed), itemCount: 7)
        }
        let scorer = recency.makeScorer(history: history)
        let built = scores(of: scorer, itemCount: 7)
        #expect(built.allSatisfy { $0.isFinite })
        let builtScale = built.map(abs).max() ?? 1
        #expect(maxDifference(built, expected(history)) < 1e-3 * builtScale)
        // Clicks on top of the long history (crossing the growth-reset threshold) stay exact.
        var events = history
        for click in 0..<100 {
            let change = WeightedItem(item: click % 7, weight: 1)
            scorer.apply([change])
            events.append(change)
        }
        let clicked = scores(of: scorer, itemCount: 7)
        #expect(clicked.allSatisfy { $0.isFinite })
        let clickedScale = clicked.map(abs).max() ?? 1
        #expect(maxDifference(clicked, expected(events)) < 1e-3 * clickedScale)
    }
}
