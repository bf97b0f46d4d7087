import Foundation
import Synchronization

/// Free text ("funny space adventure") as part of a session, like a click: the words are encoded by
/// the sentence encoder (outside the engine) into a vector of the item-embedding space, and that
/// vector moves the ranking under every algorithm.
public struct SessionIntent: Sendable, Equatable {
    /// The words, as typed.
    public var text: String
    /// The encoder's unit vector for `text` (same model as the item embeddings).
    public var vector: [Float]
    /// α in (0, 1]: how far the intent pulls the ranking.
    public var weight: Float
    /// Clicks in the session when the intent was added (so `undo` takes back whichever came last).
    public var afterClicks: Int
}

/// The intents of one session and what is derived from them, cached until they change:
/// q = normalise(Σ wᵢ · dᵢ) with dᵢ each intent's direction in the centred semantic space, the combined
/// weight α = min(1, Σ wᵢ), and every item's cosine to q. Not thread-safe; one per session.
public final class IntentStack: @unchecked Sendable {
    public private(set) var entries: [SessionIntent] = []
    private var cachedDirection: [Float]?
    private var cachedCosines: [Float]?

    public var isEmpty: Bool { entries.isEmpty }
    /// α: the combined weight, at most 1.
    public var weight: Float { min(1, entries.reduce(0) { $0 + $1.weight }) }

    func append(_ entry: SessionIntent) { entries.append(entry); invalidate() }
    func removeLast() { _ = entries.popLast(); invalidate() }
    func removeAll() { entries.removeAll(); invalidate() }
    func setWeight(_ weight: Float, at index: Int) { entries[index].weight = weight; invalidate() }
    private func invalidate() { cachedDirection = nil; cachedCosines = nil }

    /// q in the model's space (nil when no intent or it has no direction there). Cost O(intents × d).
    func direction(in model: SemanticRecommender) -> [Float]? {
        if let cachedDirection { return cachedDirection }
        guard !entries.isEmpty else { return nil }
        var sum = [Float](repeating: 0, count: model.embeddings.dimension)
        for entry in entries {
            guard let d = model.direction(of: entry.vector) else { continue }
            for j in sum.indices { sum[j] += entry.weight * d[j] }
        }
        let direction = SemanticRecommender.normalised(sum)
        cachedDirection = direction
        return direction
    }

    /// Every item's cosine to q (items without a vector: 0). Cost one matrix–vector product, then cached.
    func cosines(in model: SemanticRecommender) -> [Float]? {
        if let cachedCosines { return cachedCosines }
        guard let q = direction(in: model) else { return nil }
        var cosines = [Float](repeating: 0, count: model.itemCount)
        model.cosinesToAllItems(of: q, scale: 1, into: &cosines)
        for missing in model.itemsWithoutVector { cosines[missing] = 0 }
        cachedCosines = cosines
        return cosines
    }
}

extension SemanticRecommender {
    /// `vector` (an encoder output in the item embeddings' original space) moved into this model's
    /// space: minus the catalogue mean when centred, then unit length. Nil for a zero or mis-sized vector.
    public func direction(of vector: [Float]) -> [Float]? {
        guard vector.count == embeddings.dimension else { return nil }
        return Self.normalised(zip(vector, mean).map { $0 - $1 })
    }

    static func normalised(_ v: [Float]) -> [Float]? {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0, norm.isFinite else { return nil }
        return v.map { $0 / norm }
    }
}

extension Session {
    /// The default α of a new intent.
    public static let defaultIntentWeight: Float = 0.5

    /// Adds free text to the session and re-ranks. `vector` is the text's encoder output (384-d for
    /// all-MiniLM-L6-v2). Throws on empty text, a weight outside (0, 1], a data set without item
    /// vectors, or a vector of the wrong size. Cost: one pass over the catalogue's vectors + a re-rank.
    @discardableResult
    public func addIntent(text: String, vector: [Float], weight: Float = Session.defaultIntentWeight) throws -> RankingUpdate {
        let words = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !words.isEmpty else { throw RecError("the intent is empty: type a few words, e.g. 'funny space adventure'") }
        try Session.validateIntentWeight(weight)
        let model = try engine.requireSemantic()
        guard vector.count == model.embeddings.dimension else {
            throw RecError("the intent vector has \(vector.count) dimensions; the item embeddings have \(model.embeddings.dimension)")
        }
        guard model.direction(of: vector) != nil else { throw RecError("the intent '\(words)' has no direction in the item space") }
        let started = DispatchTime.now()
        intent.append(SessionIntent(text: words, vector: vector, weight: weight, afterClicks: clicks.count))
        return rerank(started: started)
    }

    /// Removes every intent (clicks stay); nil when there was none.
    @discardableResult
    public func clearIntents() -> RankingUpdate? {
        guard !intent.isEmpty else { return nil }
        let started = DispatchTime.now()
        intent.removeAll()
        return rerank(started: started)
    }

    /// Sets the weight of the newest intent (0 < weight ≤ 1) and re-ranks; nil when there is none.
    @discardableResult
    public func setIntentWeight(_ weight: Float) throws -> RankingUpdate? {
        try Session.validateIntentWeight(weight)
        guard !intent.isEmpty else { return nil }
        let started = DispatchTime.now()
        intent.setWeight(weight, at: intent.entries.count - 1)
        return rerank(started: started)
    }

    static func validateIntentWeight(_ weight: Float) throws {
        guard weight.isFinite, weight > 0, weight <= 1 else {
            throw RecError("intent weight must be in (0, 1], got \(weight)")
        }
    }

    /// `item`'s cosine to the session's intent in the semantic space; nil without an intent or vectors.
    public func intentSimilarity(of item: Int) -> Float? {
        guard let model = engine.semantic, let cosines = intent.cosines(in: model), item >= 0, item < cosines.count else { return nil }
        return cosines[item]
    }

    /// The intent's unit direction q in the semantic model's space (what items are compared with);
    /// nil without an intent or item vectors. Cached; O(intents × dimension) after a change.
    public var intentDirection: [Float]? {
        engine.semantic.flatMap { intent.direction(in: $0) }
    }

    /// The intent's quoted text, e.g. `'funny space adventure'` (several joined with " + ").
    public var intentLabel: String? {
        intent.isEmpty ? nil : intent.entries.map { "'\($0.text)'" }.joined(separator: " + ")
    }

    /// Cold start with an intent: words alone — every item's cosine to the intent.
    func intentOnlyScores(into scores: inout [Float]) {
        guard let model = engine.semantic, let cosines = intent.cosines(in: model) else { return }
        scores = cosines
        for missing in model.itemsWithoutVector { scores[missing] = -1 }
    }

    /// Before a scoring pass: when `scorer` is a hybrid with a semantic component and the session has an
    /// intent, the intent enters through that component — its profile becomes normalise((1 − α)·p̂ + α·q)
    /// (q alone when it has no history vector) and its weight is raised to α when it sat at 0; otherwise
    /// the hybrid's override is cleared. Returns true when the hybrid took the intent (so the generic
    /// blend must not be applied on top). Cost: one matrix–vector product over the item vectors.
    func routeIntentThroughHybrid(_ scorer: any SessionScorer) -> Bool {
        guard let hybrid = scorer as? HybridScorer else { return false }
        guard !intent.isEmpty, let model = engine.semantic, let q = intent.direction(in: model),
              let index = hybrid.scorers.firstIndex(where: { $0 is SemanticSessionScorer }) else {
            hybrid.override = nil
            return false
        }
        let alpha = intent.weight
        let own = index < hybrid.weights.count ? hybrid.weights[index] : 0
        guard let semantic = hybrid.upToDateScorer(index) as? SemanticSessionScorer else { hybrid.override = nil; return false }
        hybrid.override = .init(index: index, weight: own == 0 ? alpha : own, row: intentMixedCosines(semantic, model: model, q: q, alpha: alpha))
        return true
    }

    /// Every item's cosine to normalise((1 − α)·p̂ + α·q), p̂ the semantic profile's direction (q alone
    /// without one); −1 for items without a vector. Cost: one matrix–vector product.
    func intentMixedCosines(_ semantic: SemanticSessionScorer, model: SemanticRecommender, q: [Float], alpha: Float) -> [Float] {
        var scores = [Float](repeating: 0, count: model.itemCount)
        let profile = semantic.totalWeight > 0 ? SemanticRecommender.normalised(semantic.weightedSum) : nil
        let mixed = profile.flatMap { p in SemanticRecommender.normalised(zip(p, q).map { (1 - alpha) * $0 + alpha * $1 }) } ?? q
        model.cosinesToAllItems(of: mixed, scale: 1, into: &scores)
        for missing in model.itemsWithoutVector { scores[missing] = -1 }
        return scores
    }

    /// The intent's pull on a scored row, at weight α:
    /// - semantic: the profile becomes normalise((1 − α)·p̂ + α·q) and every item is re-scored by cosine;
    /// - the hybrid with a semantic component: nothing here (see `routeIntentThroughHybrid`);
    /// - any other algorithm, and a hybrid without a semantic component: (1 − α)·z(score) + α·z(cosine
    ///   to q), z being the hybrid's z-score normalisation over the catalogue.
    /// Cost: O(items) (+ one matrix–vector product for semantic).
    func blendIntent(into scores: inout [Float], scorer: any SessionScorer) {
        guard let model = engine.semantic, let q = intent.direction(in: model), let cosines = intent.cosines(in: model) else { return }
        let alpha = intent.weight
        if let semantic = scorer as? SemanticSessionScorer {
            scores = intentMixedCosines(semantic, model: model, q: q, alpha: alpha)
            return
        }
        let own = scores.withUnsafeBufferPointer { ScoreNormalisation.zScore.transform(of: $0) }
        let theirs = cosines.withUnsafeBufferPointer { ScoreNormalisation.zScore.transform(of: $0) }
        for i in scores.indices {
            scores[i] = (1 - alpha) * (scores[i] * own.scale + own.shift) + alpha * (cosines[i] * theirs.scale + theirs.shift)
        }
    }

    /// `explanation` with the intent named in its summary ("matches 'funny space adventure' 0.61").
    func withIntentNote(_ explanation: Explanation) -> Explanation {
        guard let label = intentLabel, let similarity = intentSimilarity(of: explanation.item) else { return explanation }
        var explained = explanation
        let note = "matches \(label) \(String(format: "%.2f", Double(similarity))) (intent weight \(String(format: "%.2f", Double(intent.weight))))"
        explained.summary = explained.summary.isEmpty ? note : note + "; " + explained.summary
        return explained
    }
}
