import Foundation
import Testing
@testable import RecEngine

/// Every metric against a hand-computed example.
/// Ranked [3, 1, 7, 5, 9], held out {1, 5, 8}: hits at 1-based ranks 2 and 4.
@Suite struct MetricsTests {
    let ranked = [3, 1, 7, 5, 9]
    let relevant: Set<Int> = [1, 5, 8]

    @Test func precisionIsHitsOverK() {
        #expect(PrecisionAtK.value(ranked: ranked, relevant: relevant, k: 5) == 0.4)
        #expect(PrecisionAtK.value(ranked: ranked, relevant: relevant, k: 2) == 0.5)
        #expect(PrecisionAtK.value(ranked: ranked, relevant: relevant, k: 1) == 0)
    }

    @Test func recallDividesByMinOfKAndHeldOut() {
        #expect(abs(RecallAtK.value(ranked: ranked, relevant: relevant, k: 5) - 2.0 / 3.0) < 1e-12)
        // min(K = 2, 3 held out) = 2, one hit.
        #expect(RecallAtK.value(ranked: ranked, relevant: relevant, k: 2) == 0.5)
        #expect(RecallAtK.value(ranked: ranked, relevant: [], k: 5) == 0)
    }

    @Test func ndcgUsesBinaryGainsAndIdealOverMinKHeldOut() {
        // DCG = 1/log2(3) + 1/log2(5) = 0.630930 + 0.430677; IDCG = 1 + 0.630930 + 0.5.
        let expected = (0.6309297535714574 + 0.43067655807339306) / (1 + 0.6309297535714574 + 0.5)
        #expect(abs(NDCGAtK.value(ranked: ranked, relevant: relevant, k: 5) - expected) < 1e-12)
        #expect(abs(NDCGAtK.value(ranked: ranked, relevant: relevant, k: 5) - 0.498190) < 1e-6)
        // K = 2: DCG = 1/log2(3); IDCG over min(2, 3) = 2 positions = 1 + 1/log2(3).
        #expect(abs(NDCGAtK.value(ranked: ranked, relevant: relevant, k: 2) - 0.6309297535714574 / 1.6309297535714574) < 1e-12)
        #expect(NDCGAtK.value(ranked: [1, 5, 8], relevant: relevant, k: 3) == 1)
    }

    @Test func hitRateIsOneWithAnyHit() {
        #expect(HitRateAtK.value(ranked: ranked, relevant: relevant, k: 5) == 1)
        #expect(HitRateAtK.value(ranked: ranked, relevant: relevant, k: 1) == 0)
    }

    @Test func averagePrecisionSumsPrecisionAtHits() {
        // (1/2 + 2/4) / min(5, 3) = 1/3.
        #expect(abs(MeanAveragePrecisionAtK.value(ranked: ranked, relevant: relevant, k: 5) - 1.0 / 3.0) < 1e-12)
        // K = 2: (1/2) / min(2, 3) = 0.25.
        #expect(MeanAveragePrecisionAtK.value(ranked: ranked, relevant: relevant, k: 2) == 0.25)
    }

    @Test func coverageCountsDistinctRecommendedItems() {
        #expect(CatalogCoverage.value(lists: [[0, 1], [1, 2]], itemCount: 10) == 0.3)
        #expect(CatalogCoverage.value(lists: [], itemCount: 10) == 0)
    }

    @Test func noveltyIsMeanSelfInformationOfPopularityShare() {
        // Counts 6, 2, 1, 0 of 9 interactions; slots: item 0, item 1, item 3 (unseen → counts as 1).
        let expected = (-log2(6.0 / 9) - log2(2.0 / 9) - log2(1.0 / 9)) / 3
        #expect(abs(Novelty.value(lists: [[0, 1], [3]], interactionCounts: [6, 2, 1, 0]) - expected) < 1e-12)
        #expect(abs(expected - 1.974937) < 1e-6)
    }

    @Test func intraListDiversityIsOneMinusMeanPairwiseSimilarity() {
        let similarities: [Set<Int>: Double] = [[0, 1]: 0.5, [0, 2]: 0, [1, 2]: 1]
        let diversity = IntraListDiversity.value(lists: [[0, 1, 2], [4]]) { similarities[[$0, $1]] ?? 0 }
        // Pairs 0.5, 0, 1 → mean 0.5; the one-item list is skipped.
        #expect(diversity == 0.5)
    }

    @Test func giniOfRecommendationCounts() {
        // Counts over 4 items: 0, 0, 1, 3 → Σ(2i − n − 1)xᵢ / (n Σx) = (1·1 + 3·3) / 16 = 0.625.
        #expect(GiniIndex.value(lists: [[3, 2], [3], [3]], itemCount: 4) == 0.625)
        #expect(GiniIndex.value(counts: [2, 2, 2]) == 0)
        #expect(GiniIndex.value(counts: [0, 0, 0]) == 0)
    }

    @Test func temporalSplitHoldsOutNewestByTimestampThenItem() throws {
        func e(_ item: Int, _ t: Int64) -> Event { Event(item: item, value: 4, timestamp: t, kind: .rating) }
        let events: [[Event]] = [
            // Ties at t = 5 break by item id: 2 before 7, so 7 is the newest.
            [e(7, 5), e(1, 1), e(2, 5), e(4, 3), e(3, 2)],
            // ceil(0.2 × 3) = 1.
            [e(0, 1), e(1, 2), e(2, 3)],
            // ceil(0.2 × 1) = 1: everything held out.
            [e(5, 9)],
            [],
        ]
        let split = try TemporalSplit(events: events, itemCount: 8, holdout: 0.2)
        #expect(split.training[0] == [1, 3, 4, 2])
        #expect(split.heldOut[0] == [7])
        #expect(split.training[1] == [0, 1])
        #expect(split.heldOut[1] == [2])
        #expect(split.training[2].isEmpty && split.heldOut[2] == [5])
        #expect(split.training[3].isEmpty && split.heldOut[3].isEmpty)
        // ceil(0.25 × 10) = 3.
        let ten = try TemporalSplit(events: [(0..<10).map { e($0, Int64($0)) }], itemCount: 10, holdout: 0.25)
        #expect(ten.heldOut[0] == [7, 8, 9])
        #expect(throws: RecError.self) { try TemporalSplit(events: events, itemCount: 8, holdout: 0) }
        #expect(throws: RecError.self) { try TemporalSplit(events: events, itemCount: 8, holdout: 1.5) }
    }

    @Test func validationSplitNeverSeesFinalHeldOutItems() throws {
        var events: [[Event]] = []
        for user in 0..<5 {
            events.append((0..<12).map { Event(item: (user * 3 + $0 * 5) % 20, value: 1, timestamp: Int64($0), kind: .implicit) })
        }
        let split = try TemporalSplit(events: events, itemCount: 20, holdout: 0.2)
        let tuner = try Tuner(split: split, k: 5)
        for user in 0..<5 {
            let outer = Set(split.training[user])
            #expect(Set(tuner.validation.training[user]).union(tuner.validation.heldOut[user]).isSubset(of: outer))
            #expect(Set(tuner.validation.heldOut[user]).isDisjoint(with: split.heldOut[user]))
        }
    }

    @Test func evaluatorRanksUnseenItemsOnly() throws {
        // Item-kNN on a tiny split: training items never appear in a user's list.
        var events: [[Event]] = []
        for user in 0..<6 {
            events.append((0..<6).map { Event(item: (user + $0 * 2) % 9, value: 1, timestamp: Int64($0), kind: .implicit) })
        }
        let split = try TemporalSplit(events: events, itemCount: 9, holdout: 0.34)
        let model = try ItemKNNRecommender.fit(split.trainingMatrix, parameters: ItemKNNParameters(neighbours: 5))
        let lists = Evaluator.rankings(model: model, split: split, k: 3)
        for user in 0..<6 {
            #expect(lists[user].count == 3)
            #expect(Set(lists[user]).isDisjoint(with: split.training[user]))
        }
        let metrics = Evaluator.metrics(rankings: lists, split: split, k: 3, similarity: { _, _ in 0 })
        #expect(metrics.users == 6)
        #expect(metrics.diversity == 1)
        #expect(metrics.ndcg >= 0 && metrics.ndcg <= 1)
    }
}
