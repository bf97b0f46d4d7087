import Testing
@testable import RecEngine

@Suite struct ProfileTests {
    @Test func halfLifeDecay() {
        let decay = DecayPolicy.halfLife(days: 90)
        let now: Int64 = 1_000_000_000
        #expect(decay.factor(timestamp: now, now: now) == 1)
        #expect(abs(decay.factor(timestamp: now - 90 * 86_400, now: now) - 0.5) < 1e-6)
        #expect(abs(decay.factor(timestamp: now - 180 * 86_400, now: now) - 0.25) < 1e-6)
        #expect(abs(decay.factor(timestamp: now - 45 * 86_400, now: now) - 0.70710678) < 1e-6)
        #expect(decay.factor(timestamp: now + 86_400, now: now) == 1)   // the future counts fully
    }

    @Test func slidingWindow() {
        let events = (0..<5).map { Event(item: $0, value: 1, timestamp: Int64($0), kind: .implicit) }
        #expect(DecayPolicy.window(events: 2).factors(for: events, now: 4) == [0, 0, 0, 1, 1])
        #expect(DecayPolicy.window(events: 9).factors(for: events, now: 4) == [1, 1, 1, 1, 1])
    }

    @Test func ratingWeightsAreCentredOnTheUsersMean() {
        let weighting = EventWeighting()
        let events = [4, 5, 3, 2].enumerated().map { Event(item: $0, value: Float($1), timestamp: 0, kind: .rating) }
        let mean = EventWeighting.meanRating(of: events)
        #expect(mean == 3.5)
        #expect(events.map { weighting.weight(of: $0, userMean: mean) } == [1.5, 2.5, 0.5, 0])
        #expect(weighting.weight(of: Event(item: 0, value: 7, timestamp: 0, kind: .implicit), userMean: mean) == 7)
        #expect(weighting.weight(of: Event(item: 0, value: 1, timestamp: 0, kind: .click), userMean: mean) == 2)
    }

    /// Content scores checked by hand: profile = 2·A + 1·B (see ContentFeaturesTests for A, B, C, D)
    /// = (Comedy 1.4919825, Drama 0.7772212, funny 1.8043430), norm 2.4669289;
    /// cos(profile, C) = (0.7772212·0.7071068 + 1.8043430·0.7071068) / 2.4669289 = 0.7399652;
    /// cos(profile, D) = 1.4919825 / 2.4669289 = 0.6047935.
    @Test func contentScoresAndExplanationByHand() {
        let model = ContentRecommender(features: ContentFeatures(catalog: tinyCatalog()))
        let scorer = model.makeContentScorer(history: [WeightedItem(item: 0, weight: 2), WeightedItem(item: 1, weight: 1)])
        var scores = [Float](repeating: 0, count: 4)
        scorer.score(into: &scores)
        #expect(abs(scores[2] - 0.7399652) < 1e-6)
        #expect(abs(scores[3] - 0.6047935) < 1e-6)
        let explanation = scorer.explain(item: 2)
        #expect(abs(explanation.features.reduce(0) { $0 + $1.value } - scores[2]) < 1e-6)
        #expect(explanation.features.map(\.feature) == ["tag:funny", "genre:Drama"])
        #expect(explanation.history.map(\.item) == [0, 1])   // cos 0.638 then 0.550
        #expect(abs(explanation.history[0].value - 0.6379316) < 1e-6)
    }
}

@Suite struct ClickWeightTests {
    @Test func clickWeightIsAShareOfTheHistoryWithAFloor() {
        let weighting = EventWeighting()
        #expect(weighting.clickWeight(historyWeight: 0) == 2)
        #expect(weighting.clickWeight(historyWeight: 15) == 2)
        #expect(weighting.clickWeight(historyWeight: 180) == 18)
    }

    @Test func sessionClickWeightFollowsTheDecayedHistory() throws {
        // u1: A rated 5 (weight 2, newest), B rated 3 (weight 0) → history weight 2 → click weight 2.
        let engine = Engine(dataset: tinyDataset())
        let session = try engine.makeSession(user: 0)
        #expect(session.clickWeight == 2)
        try session.click(item: 2)
        #expect(session.history.last?.eventWeight == 2)
        #expect(session.history.last?.simulated == true)
    }
}
