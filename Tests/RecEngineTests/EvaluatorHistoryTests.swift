import Foundation
import Testing
@testable import RecEngine

/// `eval --as-recommend`: the histories it scores are the ones sessions score.
@Suite struct EvaluatorHistoryTests {
    /// By hand: ratings 5 (90 days before the newest) and 3 then 4 (newest); mean 4 → weights
    /// max(0, 1 + r − 4) = 2, 0, 1; decay at half-life 90 days: 0.5, 1, 1 → [2·0.5, (dropped), 1].
    @Test func effectiveHistoryByHand() {
        let day: Int64 = 86_400
        let events = [Event(item: 7, value: 5, timestamp: 0, kind: .rating), Event(item: 8, value: 3, timestamp: 90 * day, kind: .rating),
                      Event(item: 9, value: 4, timestamp: 90 * day, kind: .rating)]
        let history = EventWeighting().effectiveHistory(of: events, decay: .standard)
        #expect(history == [WeightedItem(item: 7, weight: 1), WeightedItem(item: 9, weight: 1)])
        #expect(EventWeighting().effectiveHistory(of: events, decay: .window(events: 1)) == [WeightedItem(item: 9, weight: 1)])
    }

    /// The as-recommend ranking of a user's training events equals what a session (= `recommend`)
    /// gives for the same user on the training data.
    @Test func asRecommendRankingsEqualSessions() throws {
        let full = SessionTests.sample.dataset
        let split = try TemporalSplit(events: full.eventsByUser, itemCount: full.catalog.count, holdout: 0.2)
        let engine = Engine(dataset: split.trainingDataset(of: full))
        let histories = Evaluator.asRecommendHistories(split: split)
        let lists = Evaluator.rankings(model: try engine.recommender(.content), split: split, k: 10, histories: histories)
        for user in [0, 13, 413, 600] {
            let session = try engine.makeSession(user: user, algorithm: .content, k: 10)
            #expect(lists[user] == session.ranking.map(\.item), "user \(user)")
        }
        // And differs from the protocol's weight-1 default for at least one of them.
        let unit = Evaluator.rankings(model: try engine.recommender(.content), split: split, k: 10)
        #expect([0, 13, 413, 600].contains { unit[$0] != lists[$0] })
    }
}
