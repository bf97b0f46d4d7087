/// Several algorithms' rankings for the same user (same history, clicks and decay) side by side: each
/// top-K, the overlap of every pair, and every listed item's rank under each algorithm.
public struct RankingComparison: Sendable {
    /// Overlap of two algorithms' top-K lists.
    public struct Overlap: Sendable, Equatable {
        /// Indices into `algorithms`.
        public var first: Int
        public var second: Int
        /// Items in both top-K lists, in the first list's order.
        public var shared: [Int]
        /// |A ∩ B| / |A ∪ B| of the two top-K sets (0 when both are empty).
        public var jaccard: Double
    }

    /// One item of the union of the top-K lists with its rank under each algorithm.
    public struct ItemRanks: Sendable, Equatable {
        public var item: Int
        /// Full-catalogue rank under each algorithm, parallel to `algorithms` (nil when excluded: seen).
        public var ranks: [Int?]
    }

    public let algorithms: [Algorithm]
    public let k: Int
    /// Each algorithm's top-K, parallel to `algorithms`.
    public let rankings: [[RankedItem]]
    /// Every pair (i < j), in order.
    public let overlaps: [Overlap]
    /// The union of the top-K lists: first algorithm's list first, then items only the later ones have.
    public let items: [ItemRanks]

    /// Compares the sessions' current rankings (each cut to `k`). Items outside a session's top-K get
    /// their full rank from `Session.fullRank(of:)`. Cost O(algorithms² · k + union · algorithms · items).
    public init(sessions: [Session], k: Int) {
        algorithms = sessions.map(\.algorithm)
        self.k = k
        let lists = sessions.map { Array($0.ranking.prefix(k)) }
        rankings = lists
        let sets = lists.map { Set($0.map(\.item)) }
        var overlaps: [Overlap] = []
        for i in sessions.indices {
            for j in sessions.indices where j > i {
                let shared = lists[i].map(\.item).filter { sets[j].contains($0) }
                let union = sets[i].union(sets[j]).count
                overlaps.append(Overlap(first: i, second: j, shared: shared, jaccard: union == 0 ? 0 : Double(shared.count) / Double(union)))
            }
        }
        self.overlaps = overlaps
        var seen = Set<Int>()
        var items: [ItemRanks] = []
        for list in lists {
            for entry in list where seen.insert(entry.item).inserted {
                items.append(ItemRanks(item: entry.item, ranks: sessions.map { $0.fullRank(of: entry.item) }))
            }
        }
        self.items = items
    }
}
