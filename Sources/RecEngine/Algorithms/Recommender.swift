/// An item of a user's effective history as scorers see it: the dense item index and its effective
/// weight (event weight × time decay, see `EventWeighting` and `DecayPolicy`). A negative weight in a
/// change list removes weight that was added before (a sliding window evicting an old event).
public struct WeightedItem: Sendable, Equatable, Codable {
    public var item: Int
    public var weight: Float
    public init(item: Int, weight: Float) { self.item = item; self.weight = weight }
}

/// An item with a score, as returned by rankings and neighbour look-ups.
public struct ScoredItem: Sendable, Equatable, Codable {
    public var item: Int
    public var score: Float
    public init(item: Int, score: Float) { self.item = item; self.score = score }
}


/// A fitted model of one algorithm, shared read-only by every session (fit once, score many).
///
/// Real time means: a session never refits. It asks the model for a `SessionScorer` built from the
/// user's effective history, then feeds it each click as a change list.
public protocol Recommender: AnyObject, Sendable {
    var algorithm: Algorithm { get }
    /// Number of items the model scores (the catalogue size).
    var itemCount: Int { get }
    /// Per-session scoring state for this history. Cost: O(history) plus the algorithm's own set-up.
    func makeScorer(history: [WeightedItem]) -> any SessionScorer
    /// The `k` items most similar to `item` in this model's space, best first, `item` itself excluded.
    func similarItems(to item: Int, k: Int) -> [ScoredItem]
}

/// Per-session scoring state of one algorithm. Not thread-safe; one per session.
public protocol SessionScorer: AnyObject {
    /// Folds in weight changes: a click is `[+w for its item]`; a sliding window that evicts an event
    /// adds `[-w for that item]`. Cost proportional to the changed items (ALS: one fold-in solve).
    func apply(_ changes: [WeightedItem])
    /// Replaces the whole history (undo, reset, a new decay setting). Cost O(history).
    func rebuild(history: [WeightedItem])
    /// Takes back `changes`, the list last passed to `apply` (undo of a click); `history` gives the
    /// whole history without them. Linear scorers apply the negated changes — cost as `apply`; the
    /// default rebuilds from `history()` — O(history).
    func retract(_ changes: [WeightedItem], history: () -> [WeightedItem])
    /// Writes every item's score into `scores` (count == itemCount); higher is better. The caller masks
    /// excluded (already seen) items afterwards.
    func score(into scores: inout [Float])
    /// Why `item` scores what it does for the current history.
    func explain(item: Int) -> Explanation
}

/// A scorer that can start from a stored vector of a known user (imported factors: `FactorsScorer`)
/// instead of folding the user in from the history alone. Sessions call `anchor` before every
/// `rebuild`, with the user's own events at their current weights (no simulated clicks).
public protocol UserAnchoredScorer: AnyObject {
    /// Makes the fold-in of `baseHistory` give exactly `user`'s stored vector; changes beyond it (clicks,
    /// a window's evictions) move the vector as the plain fold-in would. nil, or a user without a stored
    /// vector: the plain fold-in. Takes effect at the next `rebuild`. Cost: history·f² + f³ flops.
    func anchor(user: Int?, baseHistory: [WeightedItem])
}

extension SessionScorer {
    /// Rebuilds from the history without the changes (exact for every scorer). O(history).
    public func retract(_ changes: [WeightedItem], history: () -> [WeightedItem]) {
        rebuild(history: history())
    }

    /// `changes` with every weight negated, in reverse order (what undoes an `apply`).
    static func negated(_ changes: [WeightedItem]) -> [WeightedItem] {
        changes.reversed().map { WeightedItem(item: $0.item, weight: -$0.weight) }
    }
}

/// A named feature's share of a score (content: profile weight × item weight).
public struct FeatureContribution: Sendable, Equatable, Codable {
    public var feature: String
    public var value: Float
    public init(feature: String, value: Float) { self.feature = feature; self.value = value }
}

/// A history item's part in a score. `value` is a contribution to the score (item-kNN, EASE, ALS) or a
/// similarity to the explained item (content, semantic); `Explanation.historyMeaning` says which.
public struct HistoryContribution: Sendable, Equatable, Codable {
    public var item: Int
    public var value: Float
    public init(item: Int, value: Float) { self.item = item; self.value = value }
}

/// A hybrid component's part: its weight, its normalised score, and weight × normalised score.
public struct ComponentContribution: Sendable, Equatable, Codable {
    public var algorithm: Algorithm
    public var weight: Float
    public var normalisedScore: Float
    public var contribution: Float
    /// The component's own explanation (exactly one element; an array only to allow the recursion).
    public var breakdown: [Explanation]
    public init(algorithm: Algorithm, weight: Float, normalisedScore: Float, contribution: Float, breakdown: [Explanation]) {
        self.algorithm = algorithm
        self.weight = weight
        self.normalisedScore = normalisedScore
        self.contribution = contribution
        self.breakdown = breakdown
    }
}

/// Why an item scores what it does for one session. Every algorithm fills the parts that apply.
public struct Explanation: Sendable, Equatable, Codable {
    public enum HistoryMeaning: String, Sendable, Codable {
        /// `value` is the item's additive contribution; the values sum to the score (or to `score` minus
        /// a stated remainder in `summary`).
        case contribution
        /// `value` is the cosine similarity between the history item and the explained item.
        case similarity
    }

    public var algorithm: Algorithm
    public var item: Int
    public var score: Float
    /// Named features, largest first (content: they sum to the cosine score).
    public var features: [FeatureContribution]
    /// History items behind the score, largest first.
    public var history: [HistoryContribution]
    public var historyMeaning: HistoryMeaning
    /// Hybrid only: each component's weighted, normalised part.
    public var components: [ComponentContribution]
    /// One sentence for people, e.g. "cosine 0.83 of profile and item; 61% from genre:Drama".
    public var summary: String

    public init(algorithm: Algorithm, item: Int, score: Float, features: [FeatureContribution] = [], history: [HistoryContribution] = [], historyMeaning: HistoryMeaning = .similarity, components: [ComponentContribution] = [], summary: String = "") {
        self.algorithm = algorithm
        self.item = item
        self.score = score
        self.features = features
        self.history = history
        self.historyMeaning = historyMeaning
        self.components = components
        self.summary = summary
    }
}
