import Testing
@testable import RecEngine

@Suite struct SessionTests {
    static let sample: Engine = { try! Engine.load(directory: sampleDataDirectory()) }()

    /// Profile from scratch: Σ effective weight × item vector over the whole history.
    func recomputedProfile(_ session: Session) -> [Float] {
        session.engine.contentModel.makeContentScorer(history: session.weightedHistory).profile
    }

    func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    @Test(arguments: [DecayPolicy.halfLife(days: 90), .halfLife(days: 7), .window(events: 20)])
    func incrementalProfileEqualsRecomputed(decay: DecayPolicy) throws {
        let engine = Self.sample
        var rng = SplitMix64(seed: 11)
        for user in [0, 41, 413, 600] {
            let session = try engine.makeSession(user: user, algorithm: .content, decay: decay)
            for step in 0..<40 {
                try session.click(item: Int.random(in: 0..<engine.dataset.catalog.count, using: &rng))
                if step % 10 == 9 { #expect(maxDifference(session.contentProfile, recomputedProfile(session)) < 1e-5) }
            }
            // And the scores match a scorer built from scratch.
            let fresh = engine.contentModel.makeContentScorer(history: session.weightedHistory)
            var freshScores = [Float](repeating: 0, count: engine.dataset.catalog.count)
            fresh.score(into: &freshScores)
            for entry in session.ranking { #expect(abs(entry.score - freshScores[entry.item]) < 1e-5) }
        }
    }

    @Test func diffReportsRanksDeltasEnteredAndLeft() throws {
        let engine = Self.sample
        let session = try engine.makeSession(user: 0, k: 10)
        let before = session.ranking
        #expect(before.allSatisfy { $0.previousRank == $0.rank && $0.scoreDelta == 0 })   // first ranking: unchanged
        var beforeScores: [Int: Float] = [:]
        for entry in before { beforeScores[entry.item] = entry.score }
        // Click a few items of a very different kind so that the top-10 changes.
        let horror = engine.dataset.catalog.index["1997"]!   // The Exorcist
        let first = try session.click(item: horror)
        #expect(first.changes.filter { $0.oldRank != nil }.allSatisfy { change in before.first { $0.item == change.item }?.rank == change.oldRank })
        for _ in 0..<2 { try session.click(item: engine.dataset.catalog.index["1350"]!) }   // The Omen
        // The diff of the last click is against the ranking just before it.
        let beforeLast = session.ranking
        let update = try session.click(item: engine.dataset.catalog.index["1350"]!)
        let oldRank = Dictionary(uniqueKeysWithValues: beforeLast.map { ($0.item, $0.rank) })
        for change in update.changes {
            #expect(change.oldRank == oldRank[change.item])
            if let newRank = change.newRank { #expect(session.ranking[newRank - 1].item == change.item) }
            #expect(change.entered == (change.oldRank == nil))
        }
        // Every old item not in the new ranking is reported as having left; together they cover both lists.
        let newItems = Set(update.ranking.map(\.item))
        #expect(Set(update.changes.map(\.item)) == newItems.union(beforeLast.map(\.item)))
        #expect(update.changes.count == newItems.union(beforeLast.map(\.item)).count)   // each item once
        #expect(update.changes.filter(\.left).map(\.item) == beforeLast.map(\.item).filter { !newItems.contains($0) })
        #expect(!Set(update.ranking.map(\.item)).isSubset(of: before.map(\.item)))   // the horror clicks changed the top-10
        #expect(update.changes.prefix(update.ranking.count).map(\.newRank) == update.ranking.map(\.rank))
        #expect(update.ranking.count == 10)
        #expect(update.itemsScored == engine.dataset.catalog.count)
    }

    @Test func diffAgainstPreviousRankingExactly() {
        let old = [ScoredItem(item: 5, score: 0.9), ScoredItem(item: 7, score: 0.8), ScoredItem(item: 1, score: 0.7)]
        let new = [ScoredItem(item: 7, score: 0.95), ScoredItem(item: 3, score: 0.9), ScoredItem(item: 5, score: 0.85)]
        var oldScores = [Float](repeating: 0, count: 8), newScores = [Float](repeating: 0, count: 8)
        oldScores[5] = 0.9; oldScores[7] = 0.8; oldScores[1] = 0.7; oldScores[3] = 0.5
        newScores[5] = 0.85; newScores[7] = 0.95; newScores[1] = 0.6; newScores[3] = 0.9
        let (ranking, changes) = RankingDiff.compare(old: old, new: new, oldScores: oldScores, newScores: newScores)
        #expect(ranking.map(\.movement) == [.up(1), .new, .down(2)])
        #expect(changes.map(\.item) == [7, 3, 5, 1])
        #expect(changes.map(\.oldRank) == [2, nil, 1, 3])
        #expect(changes.map(\.newRank) == [1, 2, 3, nil])
        #expect(changes.map(\.entered) == [false, true, false, false])
        #expect(changes.map(\.left) == [false, false, false, true])
        #expect(abs(changes[1].scoreDelta - 0.4) < 1e-6)
        #expect(abs(changes[3].scoreDelta - -0.1) < 1e-6)
    }

    @Test func undoAndResetRestoreTheRanking() throws {
        let session = try Self.sample.makeSession(user: 5)
        let original = session.ranking.map(\.item)
        let originalScores = session.ranking.map(\.score)
        try session.click(item: 10)
        let afterOne = session.ranking.map(\.item)
        try session.click(item: 200)
        session.undo()
        #expect(session.ranking.map(\.item) == afterOne)
        try session.click(item: 300)
        session.reset()
        #expect(session.clicks.isEmpty)
        #expect(session.ranking.map(\.item) == original)
        for (a, b) in zip(session.ranking.map(\.score), originalScores) { #expect(abs(a - b) < 1e-5) }
        #expect(session.undo() == nil)
    }

    @Test func clickedAndSeenItemsAreExcluded() throws {
        let engine = Self.sample
        let session = try engine.makeSession(user: 0)
        let top = session.ranking[0].item
        try session.click(item: top)
        #expect(!session.ranking.contains { $0.item == top })
        let seen = Set(engine.dataset.eventsByUser[0].map(\.item))
        #expect(session.ranking.allSatisfy { !seen.contains($0.item) })
        let inclusive = try engine.makeSession(user: 0, excludeSeen: false)
        #expect(inclusive.ranking.contains { seen.contains($0.item) })
    }

    @Test func coldStartUsesPopularityUntilTheFirstClick() throws {
        let engine = Self.sample
        let session = try engine.makeSession(user: nil, algorithm: .content)
        #expect(session.isColdStart)
        let popular = try engine.recommender(.popularity).makeScorer(history: [])
        var popularity = [Float](repeating: 0, count: engine.dataset.catalog.count)
        popular.score(into: &popularity)
        #expect(session.ranking.map(\.item) == TopK.select(popularity, k: 10).map(\.item))
        #expect(session.explain(item: session.ranking[0].item).summary.hasPrefix("cold start"))
        let toyStory = engine.dataset.catalog.index["1"]!
        try session.click(item: toyStory)
        #expect(!session.isColdStart)
        // Now content: Toy Story's genre-mates lead.
        let top = session.ranking[0]
        #expect(top.score > 0.5)
        #expect(session.explain(item: top.item).algorithm == .content)
        #expect(Set(engine.dataset.catalog.genres[top.item]).isSubset(of: engine.dataset.catalog.genres[toyStory]))
    }

    @Test func windowEvictsTheOldestEventOnClick() throws {
        let session = try Self.sample.makeSession(user: 0, decay: .window(events: 3))
        let base = Self.sample.dataset.eventsByUser[0]
        #expect(session.history.filter { $0.decay == 1 }.map(\.event.item) == base.suffix(3).map(\.item))
        try session.click(item: 42)
        #expect(session.history.filter { $0.decay == 1 }.map(\.event.item) == base.suffix(2).map(\.item) + [42])
    }

    @Test func popularityCountsUsers() {
        let model = PopularityRecommender(dataset: tinyDataset())
        #expect(model.popularity == [1, 1, 1, 0])
        let decayed = PopularityRecommender(dataset: tinyDataset(), halfLifeDays: 90)
        #expect(abs(decayed.popularity[1] - 0.5) < 1e-6)   // 90 days older than the newest event
    }

    @Test func similarUsersArePlausible() {
        let engine = Self.sample
        let similar = engine.similarUsers(to: 0, k: 5)
        #expect(similar.count == 5)
        #expect(!similar.contains { $0.item == 0 })
        #expect(similar[0].score <= 1.0001 && similar[0].score >= similar[4].score)
    }

    @Test func topKTiesMaskingAndShortLists() {
        #expect(TopK.select([0.5, 0.9, 0.5, -.infinity, .nan, 0.9], k: 3).map(\.item) == [1, 5, 0])
        #expect(TopK.select([-.infinity, 1], k: 5).map(\.item) == [1])
        #expect(TopK.select([1, 2], k: 0).isEmpty)
    }
}
