import Foundation

/// One entry of a session's history, with the numbers behind its weight.
public struct HistoryEntry: Sendable, Equatable {
    public var event: Event
    /// Weight from the event's kind and value (`EventWeighting`), before decay.
    public var eventWeight: Float
    /// Time-decay (or window) factor in [0, 1].
    public var decay: Float
    /// eventWeight × decay: what the event contributes to the profile.
    public var effectiveWeight: Float { eventWeight * decay }
    /// True for a click simulated in this session.
    public var simulated: Bool { event.kind == .click }
}

/// A real-time session for one user (or a brand-new user with no history): their events plus
/// simulated clicks, the scoring state of the chosen algorithm, and the current top-K.
///
/// `click` is incremental: the algorithm's scorer receives only the change (cost proportional to the
/// clicked item, e.g. its non-zero features for content), then every item is re-scored and the top-K
/// compared with the one before. `undo`, `reset` and setting changes rebuild from the history.
/// While the effective history carries no weight (cold start), rankings fall back to popularity.
public final class Session {
    public let engine: Engine
    /// Dense user index, or nil for a new user.
    public let user: Int?
    public private(set) var algorithm: Algorithm
    public private(set) var decay: DecayPolicy
    /// Ranking length.
    public var k: Int
    /// Exclude items already in the history (default true).
    public let excludeSeen: Bool
    /// The reference time for decay: the user's newest event (new user: the data set's newest); clicks
    /// happen at this time.
    public let now: Int64

    private let baseEvents: [Event]
    private let userMean: Float?
    public private(set) var clicks: [Int] = []
    /// Weight of each simulated click under the current decay (`EventWeighting.clickWeight(historyWeight:)`).
    public private(set) var clickWeight: Float = 0
    private var seenCount: [Int32]
    private var scorer: any SessionScorer
    /// Content profile kept alongside any algorithm, for the profile view.
    private var profileScorer: ContentScorer
    /// Free-text intents in this session (see Session+Intent.swift).
    public let intent = IntentStack()
    private var historyWeight: Float = 0
    /// Every item's score after the last action — exact, or first-stage estimates when the scorer
    /// pruned (`currentExact` non-nil; then only the top-K and the rescored candidates are exact).
    private var scores: [Float]
    private var previousScores: [Float]
    /// Exact scores of the last ranking's state when the scorer pruned (`PrunedTopKScorer`), else nil.
    private var currentExact: ((Int) -> Float)?
    /// The same for the ranking before it.
    private var previousExact: ((Int) -> Float)?
    /// Every item's exact score when `currentExact` is set, computed on first need (`fullRank`).
    private var exactFullScores: [Float]?
    public private(set) var ranking: [RankedItem] = []
    private var top: [ScoredItem] = []
    /// The last action's diff and timing.
    public private(set) var lastUpdate: RankingUpdate?
    /// Hybrid component weights chosen for this session (nil: the hybrid model's defaults). Used by the
    /// hybrid scorer whenever the algorithm is (or later becomes) the hybrid.
    public private(set) var hybridWeightOverride: [Float]?

    /// - Parameter hybridWeights: component weights for the hybrid (see `setHybridWeights`); nil keeps
    ///   the model's defaults. Throws when given and invalid for the fitted hybrid.
    /// Cost: O(history) + one full scoring pass.
    public init(engine: Engine, user: Int?, algorithm: Algorithm = .content, decay: DecayPolicy = .standard, k: Int = 10, excludeSeen: Bool = true,
                hybridWeights: [Float]? = nil) throws {
        self.engine = engine
        self.user = user
        self.algorithm = algorithm
        self.decay = decay
        self.k = k
        self.excludeSeen = excludeSeen
        let events = user.map { Array(engine.dataset.eventsByUser[$0]) } ?? []
        self.baseEvents = events
        self.userMean = EventWeighting.meanRating(of: events)
        self.now = events.last?.timestamp ?? engine.dataset.newestTimestamp
        let itemCount = engine.dataset.catalog.count
        self.seenCount = [Int32](repeating: 0, count: itemCount)
        for e in events { seenCount[e.item] += 1 }
        self.scores = [Float](repeating: 0, count: itemCount)
        self.previousScores = scores
        let model = try engine.recommender(algorithm)
        self.profileScorer = engine.contentModel.makeContentScorer(history: [])
        self.scorer = model.makeScorer(history: [])
        if let hybridWeights {
            try Session.validateHybridWeights(hybridWeights, engine: engine)
            hybridWeightOverride = hybridWeights
            (scorer as? HybridScorer)?.weights = hybridWeights
        }
        rebuildAll()
        _ = rerank(started: DispatchTime.now())
    }

    // MARK: History

    /// Every event, oldest first, with its weights; simulated clicks last.
    public var history: [HistoryEntry] {
        let events = baseEvents + clicks.map { Event(item: $0, value: 1, timestamp: now, kind: .click) }
        let factors = decay.factors(for: events, now: now)
        return events.indices.map {
            HistoryEntry(event: events[$0], eventWeight: engine.weighting.weight(of: events[$0], userMean: userMean, click: clickWeight), decay: factors[$0])
        }
    }

    /// The effective history scorers receive.
    public var weightedHistory: [WeightedItem] { Session.weighted(history) }

    /// The entries with a non-zero effective weight, as scorers receive them.
    private static func weighted(_ entries: some Collection<HistoryEntry>) -> [WeightedItem] {
        entries.compactMap { $0.effectiveWeight != 0 ? WeightedItem(item: $0.event.item, weight: $0.effectiveWeight) : nil }
    }

    /// True while rankings come from popularity because the history carries no weight.
    public var isColdStart: Bool { historyWeight <= 1e-6 }

    /// Whether `item` is in the history (and so excluded from rankings).
    public func hasSeen(_ item: Int) -> Bool { seenCount[item] > 0 }

    /// The content profile's strongest named features (unit profile weights).
    public func topFeatures(_ n: Int) -> [FeatureContribution] { profileScorer.topFeatures(n) }

    /// The content profile (Σ effective weight × item vector), by feature dimension.
    public var contentProfile: [Float] { profileScorer.profile }

    /// Score of `item` under the current algorithm (masked items report their raw score); always exact,
    /// also after a pruned re-rank (then O(dimension) for an item outside the top-K).
    public func score(of item: Int) -> Float { currentExact?(item) ?? scores[item] }

    // MARK: Actions

    /// Simulates a click on `item` now. Throws for an index outside the catalogue.
    @discardableResult
    public func click(item: Int) throws -> RankingUpdate {
        guard item >= 0 && item < engine.dataset.catalog.count else { throw RecError("unknown item index \(item)") }
        let started = DispatchTime.now()
        let changes = clickChanges(item)
        clicks.append(item)
        seenCount[item] += 1
        for change in changes { historyWeight += change.weight }
        scorer.apply(changes)
        if scorer !== profileScorer { profileScorer.apply(changes) }
        return rerank(started: started)
    }

    /// Takes back the last simulated click; nil when there is none. O(history).
    @discardableResult
    public func undo() -> RankingUpdate? {
        if intent.entries.last?.afterClicks == clicks.count, !intent.entries.isEmpty {
            let started = DispatchTime.now()
            intent.removeLast()
            return rerank(started: started)
        }
        guard let item = clicks.popLast() else { return nil }
        let started = DispatchTime.now()
        seenCount[item] -= 1
        // What `click` applied — the click's weight, and under a window the eviction it caused — is
        // taken back: linear scorers subtract it, the others rebuild from the history without it.
        let changes = clickChanges(item)
        for change in changes { historyWeight -= change.weight }
        if abs(historyWeight) <= 1e-6 { historyWeight = 0 }
        scorer.retract(changes, history: { self.weightedHistory })
        if scorer !== profileScorer { profileScorer.retract(changes, history: { self.weightedHistory }) }
        return rerank(started: started)
    }

    /// The weight changes a click on `item` makes with the current clicks (before it is appended): its
    /// weight, and under a sliding window the eviction of the event that falls out.
    private func clickChanges(_ item: Int) -> [WeightedItem] {
        var changes = [WeightedItem(item: item, weight: clickWeight)]
        if case .window(let n) = decay {
            let eventCount = baseEvents.count + clicks.count
            let evicted = eventCount - n
            if evicted >= 0 {
                let event = evicted < baseEvents.count ? baseEvents[evicted] : Event(item: clicks[evicted - baseEvents.count], value: 1, timestamp: now, kind: .click)
                let weight = engine.weighting.weight(of: event, userMean: userMean, click: clickWeight)
                if weight != 0 { changes.append(WeightedItem(item: event.item, weight: -weight)) }
            }
        }
        return changes
    }

    /// Drops every simulated click. O(history).
    @discardableResult
    public func reset() -> RankingUpdate {
        let started = DispatchTime.now()
        for item in clicks { seenCount[item] -= 1 }
        clicks.removeAll()
        intent.removeAll()
        rebuildAll()
        return rerank(started: started)
    }

    /// Switches algorithm; the diff compares with the previous algorithm's ranking.
    @discardableResult
    public func setAlgorithm(_ algorithm: Algorithm) throws -> RankingUpdate {
        let started = DispatchTime.now()
        let model = try engine.recommender(algorithm)
        self.algorithm = algorithm
        scorer = algorithm == .content ? profileScorer : model.makeScorer(history: [])
        if let hybridWeightOverride { (scorer as? HybridScorer)?.weights = hybridWeightOverride }
        rebuildAll()
        return rerank(started: started)
    }

    /// Changes the decay policy (half-life or window) and re-ranks.
    @discardableResult
    public func setDecay(_ decay: DecayPolicy) -> RankingUpdate {
        let started = DispatchTime.now()
        self.decay = decay
        rebuildAll()
        return rerank(started: started)
    }

    // MARK: Hybrid weights

    /// The fitted hybrid's components in weight order (nil when no hybrid is fitted).
    public var hybridComponents: [Algorithm]? {
        guard let model = try? engine.recommender(.hybrid), let hybrid = model as? HybridRecommender else { return nil }
        return hybrid.components.map(\.algorithm)
    }

    /// The weights the hybrid uses in this session, one per `hybridComponents` entry (nil when no
    /// hybrid is fitted).
    public var hybridWeights: [Float]? {
        if let hybrid = scorer as? HybridScorer { return hybrid.weights }
        if let hybridWeightOverride { return hybridWeightOverride }
        guard let model = try? engine.recommender(.hybrid), let hybrid = model as? HybridRecommender else { return nil }
        return hybrid.weights
    }

    /// Sets this session's hybrid component weights (one per `hybridComponents` entry, finite, ≥ 0).
    /// While the algorithm is the hybrid it re-ranks at once with the scorer's existing component
    /// scorers — no refit, no history rebuild: cost one hybrid scoring pass + top-K — and returns the
    /// diff against the previous weights' ranking. Otherwise the weights are kept for when the session
    /// switches to the hybrid, and the result is nil. Throws when no hybrid is fitted, on a count
    /// mismatch, or on a negative or non-finite weight.
    @discardableResult
    public func setHybridWeights(_ weights: [Float]) throws -> RankingUpdate? {
        try Session.validateHybridWeights(weights, engine: engine)
        hybridWeightOverride = weights
        guard let hybrid = scorer as? HybridScorer else { return nil }
        let started = DispatchTime.now()
        hybrid.weights = weights
        return rerank(started: started)
    }

    static func validateHybridWeights(_ weights: [Float], engine: Engine) throws {
        guard let model = try engine.recommender(.hybrid) as? HybridRecommender else {
            throw RecError("the hybrid model is not a weighted hybrid")
        }
        try HybridRecommender.validate(weights, count: model.components.count)
        if let negative = weights.firstIndex(where: { $0 < 0 }) {
            throw RecError("hybrid weight \(weights[negative]) for \(model.components[negative].algorithm.rawValue) is negative")
        }
    }

    /// Where `item` would rank in this session's full ranking under the current algorithm (1-based,
    /// same order as the top-K: higher score first, ties to the lower item index), or nil when the item
    /// is excluded (already seen) or has no finite score. Cost O(items).
    /// After a pruned re-rank the first call scores every item exactly once (cached until the next
    /// action), so ranks never come from estimates.
    public func fullRank(of item: Int) -> Int? {
        guard item >= 0, item < scores.count else { return nil }
        if excludeSeen && hasSeen(item) { return nil }
        if let entry = ranking.first(where: { $0.item == item }) { return entry.rank }
        if currentExact != nil, exactFullScores == nil {
            var exact = [Float](repeating: 0, count: scores.count)
            scorer.score(into: &exact)
            exactFullScores = exact
        }
        let all = exactFullScores ?? scores
        let own = all[item]
        guard own.isFinite else { return nil }
        var better = 0
        all.withUnsafeBufferPointer { all in
            for i in 0..<all.count where i != item && !(excludeSeen && seenCount[i] > 0) {
                let s = all[i]
                if s > own || (s == own && i < item) { better += 1 }
            }
        }
        return better + 1
    }

    /// The hybrid's component contributions to `item`'s score, in `hybridComponents` order (nil unless
    /// the algorithm is the hybrid and the user is past cold start). Cheap: no component explanations.
    public func componentContributions(of item: Int) -> [Float]? {
        guard !isColdStart, let hybrid = scorer as? HybridScorer else { return nil }
        return hybrid.contributions(item: item)
    }

    /// The hybrid component `index`'s own normalised score of `item` (before its weight), nil unless
    /// the algorithm is the hybrid and the user is past cold start. O(1) once the component is scored.
    public func componentScore(_ index: Int, of item: Int) -> Float? {
        guard !isColdStart, let hybrid = scorer as? HybridScorer else { return nil }
        return hybrid.componentScore(index, item: item)
    }

    /// Why `item` scores what it does now.
    public func explain(item: Int) -> Explanation {
        if isColdStart, !intent.isEmpty {
            return withIntentNote(Explanation(algorithm: .semantic, item: item, score: score(of: item), summary: "no history yet: words alone"))
        }
        if isColdStart, let popularity = try? engine.recommender(.popularity) {
            var explanation = popularity.makeScorer(history: []).explain(item: item)
            explanation.summary = "cold start (no history yet): " + explanation.summary
            return explanation
        }
        return withIntentNote(scorer.explain(item: item))
    }

    // MARK: Internals

    private func rebuildAll() {
        let factors = decay.factors(for: baseEvents, now: now)
        var baseWeight: Float = 0
        for (event, factor) in zip(baseEvents, factors) { baseWeight += engine.weighting.weight(of: event, userMean: userMean) * factor }
        clickWeight = engine.weighting.clickWeight(historyWeight: baseWeight)
        let entries = history
        let weighted = Session.weighted(entries)
        historyWeight = weighted.reduce(0) { $0 + $1.weight }
        if let anchored = scorer as? UserAnchoredScorer {
            anchored.anchor(user: user, baseHistory: Session.weighted(entries.prefix(baseEvents.count)))
        }
        if algorithm == .content, let content = scorer as? ContentScorer {
            profileScorer = content
            content.rebuild(history: weighted)
        } else {
            scorer.rebuild(history: weighted)
            profileScorer.rebuild(history: weighted)
        }
    }

    func rerank(started: DispatchTime) -> RankingUpdate {
        swap(&scores, &previousScores)
        previousExact = currentExact
        currentExact = nil
        exactFullScores = nil
        let seen = seenCount, excludeSeen = self.excludeSeen
        let isExcluded = { (item: Int) in excludeSeen && seen[item] > 0 }
        var prunedTop: [ScoredItem]?
        if !isColdStart, intent.isEmpty, let pruned = scorer as? PrunedTopKScorer,
           let top = pruned.prunedTop(k: k, excluded: isExcluded, estimates: &scores) {
            prunedTop = top
            currentExact = pruned.exactScores()
        } else if isColdStart, !intent.isEmpty {
            intentOnlyScores(into: &scores)
        } else if isColdStart, algorithm != .popularity, let popularity = try? engine.recommender(.popularity) {
            popularity.makeScorer(history: []).score(into: &scores)
        } else {
            let hybridTookIntent = routeIntentThroughHybrid(scorer)
            scorer.score(into: &scores)
            if !intent.isEmpty, !hybridTookIntent { blendIntent(into: &scores, scorer: scorer) }
        }
        let newTop = prunedTop ?? scores.withUnsafeBufferPointer { TopK.selectFiltered($0, k: k, excluded: isExcluded) }
        let hadRanking = !top.isEmpty || lastUpdate != nil
        // The first ranking compares with itself: everything "unchanged", no deltas. Scores for the
        // deltas are exact: from the pruned scorers' exact functions where they pruned.
        let scores = self.scores, previousScores = self.previousScores
        let newScore: (Int) -> Float = currentExact ?? { scores[$0] }
        let oldScore: (Int) -> Float = hadRanking ? (previousExact ?? { previousScores[$0] }) : newScore
        let (ranking, changes) = RankingDiff.compare(old: hadRanking ? top : newTop, new: newTop, oldScore: oldScore, newScore: newScore)
        top = newTop
        self.ranking = ranking
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1000
        let update = RankingUpdate(ranking: ranking, changes: changes, rerankMicroseconds: elapsed, itemsScored: scores.count)
        lastUpdate = update
        return update
    }
}
