/// One row of a ranking.
public struct RankedItem: Sendable, Equatable, Codable {
    /// 1-based position.
    public var rank: Int
    /// Dense item index.
    public var item: Int
    public var score: Float
    /// Rank before the last action (click, undo, reset, setting change); nil when the item was not in
    /// that top-K or there was no earlier ranking.
    public var previousRank: Int?
    /// score − score before the last action (0 when there was no earlier ranking).
    public var scoreDelta: Float

    /// How the item moved with the last action.
    public var movement: Movement {
        guard let previousRank else { return .new }
        if previousRank > rank { return .up(previousRank - rank) }
        if previousRank < rank { return .down(rank - previousRank) }
        return .unchanged
    }
}

public enum Movement: Sendable, Equatable {
    case new
    case up(Int)
    case down(Int)
    case unchanged
}

/// What happened to one item between two top-K rankings.
public struct RankChange: Sendable, Equatable, Codable {
    public var item: Int
    public var oldRank: Int?
    public var newRank: Int?
    /// New score − old score (both read from the full score arrays, so also for items entering/leaving).
    public var scoreDelta: Float
    /// In the new top-K but not the old.
    public var entered: Bool { oldRank == nil && newRank != nil }
    /// In the old top-K but not the new.
    public var left: Bool { oldRank != nil && newRank == nil }
}

/// The result of an action on a session.
public struct RankingUpdate: Sendable {
    /// The new top-K.
    public var ranking: [RankedItem]
    /// Every item in the old or the new top-K: new ranking order first, then items that left.
    public var changes: [RankChange]
    /// Wall time of the re-rank (profile update, scoring every item, top-K, diff), microseconds.
    public var rerankMicroseconds: Double
    /// How many items were scored.
    public var itemsScored: Int
}

/// Compares two top-K lists. O(K).
public enum RankingDiff {
    public static func compare(old: [ScoredItem], new: [ScoredItem], oldScores: [Float], newScores: [Float]) -> (ranking: [RankedItem], changes: [RankChange]) {
        compare(old: old, new: new,
                oldScore: { $0 < oldScores.count ? oldScores[$0] : .nan },
                newScore: { $0 < newScores.count ? newScores[$0] : .nan })
    }

    /// As above with the scores given by functions (exact scores of sessions that pruned); a
    /// non-finite score on either side gives a zero delta. O(K) calls of each.
    public static func compare(old: [ScoredItem], new: [ScoredItem], oldScore: (Int) -> Float, newScore: (Int) -> Float) -> (ranking: [RankedItem], changes: [RankChange]) {
        var oldRank: [Int: Int] = [:]
        for (i, entry) in old.enumerated() { oldRank[entry.item] = i + 1 }
        var ranking: [RankedItem] = []
        var changes: [RankChange] = []
        var inNew = Set<Int>()
        func delta(_ item: Int) -> Float {
            let before = oldScore(item), after = newScore(item)
            guard before.isFinite, after.isFinite else { return 0 }
            return after - before
        }
        for (i, entry) in new.enumerated() {
            inNew.insert(entry.item)
            let before = oldRank[entry.item]
            ranking.append(RankedItem(rank: i + 1, item: entry.item, score: entry.score, previousRank: before, scoreDelta: delta(entry.item)))
            changes.append(RankChange(item: entry.item, oldRank: before, newRank: i + 1, scoreDelta: delta(entry.item)))
        }
        for (i, entry) in old.enumerated() where !inNew.contains(entry.item) {
            changes.append(RankChange(item: entry.item, oldRank: i + 1, newRank: nil, scoreDelta: delta(entry.item)))
        }
        return (ranking, changes)
    }
}
