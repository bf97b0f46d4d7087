/// Precision@K: the share of the top K recommendations that are held-out items (hits / K).
/// Cost O(K).
public enum PrecisionAtK {
    /// `ranked`: recommendations best first (only the first `k` are used); `relevant`: held-out items.
    public static func value(ranked: [Int], relevant: Set<Int>, k: Int) -> Double {
        guard k > 0 else { return 0 }
        return Double(RankingHits.count(ranked: ranked, relevant: relevant, k: k)) / Double(k)
    }
}

/// Shared counting of hits in a top-K list.
enum RankingHits {
    static func count(ranked: [Int], relevant: Set<Int>, k: Int) -> Int {
        ranked.prefix(k).reduce(0) { $0 + (relevant.contains($1) ? 1 : 0) }
    }
}
