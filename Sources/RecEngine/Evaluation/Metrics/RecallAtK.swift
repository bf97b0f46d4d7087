/// Recall@K as the protocol defines it: hits / min(K, number of held-out items), so a user with more
/// held-out items than K can still reach 1. Cost O(K).
public enum RecallAtK {
    public static func value(ranked: [Int], relevant: Set<Int>, k: Int) -> Double {
        let denominator = min(k, relevant.count)
        guard denominator > 0 else { return 0 }
        return Double(RankingHits.count(ranked: ranked, relevant: relevant, k: k)) / Double(denominator)
    }
}
