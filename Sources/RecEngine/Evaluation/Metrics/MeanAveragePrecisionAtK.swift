/// Average precision@K of one list (MAP@K is its mean over users): the sum, over hits at 1-based rank
/// r ≤ K, of precision@r, divided by min(K, held-out). Cost O(K).
public enum MeanAveragePrecisionAtK {
    public static func value(ranked: [Int], relevant: Set<Int>, k: Int) -> Double {
        let denominator = min(k, relevant.count)
        guard denominator > 0 else { return 0 }
        var hits = 0
        var sum = 0.0
        for (rank, item) in ranked.prefix(k).enumerated() where relevant.contains(item) {
            hits += 1
            sum += Double(hits) / Double(rank + 1)
        }
        return sum / Double(denominator)
    }
}
