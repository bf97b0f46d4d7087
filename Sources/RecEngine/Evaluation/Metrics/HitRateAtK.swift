/// Hit rate@K: 1 when at least one of the top K is a held-out item, else 0 (averaged over users).
/// Cost O(K).
public enum HitRateAtK {
    public static func value(ranked: [Int], relevant: Set<Int>, k: Int) -> Double {
        RankingHits.count(ranked: ranked, relevant: relevant, k: k) > 0 ? 1 : 0
    }
}
