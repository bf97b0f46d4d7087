import Foundation

/// NDCG@K with binary gains: DCG = Σ over hits at 0-based rank r < K of 1 / log2(r + 2), divided by
/// the ideal DCG of min(K, held-out) hits at the top. Cost O(K).
public enum NDCGAtK {
    public static func value(ranked: [Int], relevant: Set<Int>, k: Int) -> Double {
        let idealHits = min(k, relevant.count)
        guard idealHits > 0 else { return 0 }
        var dcg = 0.0
        for (rank, item) in ranked.prefix(k).enumerated() where relevant.contains(item) {
            dcg += 1 / log2(Double(rank + 2))
        }
        var ideal = 0.0
        for rank in 0..<idealHits { ideal += 1 / log2(Double(rank + 2)) }
        return dcg / ideal
    }
}
