/// Partial selection of the best-scoring items.
public enum TopK {
    /// The `k` highest finite scores, best first; ties go to the lower item index, so results are
    /// deterministic. Scores of −∞ or NaN are never selected (use −∞ to mask an item).
    /// Cost: O(n · log k) worst case, O(n) typical (one comparison per item once the buffer is full).
    public static func select(_ scores: [Float], k: Int) -> [ScoredItem] {
        guard k > 0 else { return [] }
        var best: [ScoredItem] = []
        best.reserveCapacity(k + 1)
        scores.withUnsafeBufferPointer { scores in
            var threshold = -Float.infinity
            for i in 0..<scores.count {
                let s = scores[i]
                // `s > threshold` is false for NaN and for −∞ once the threshold is −∞.
                guard s > threshold || (best.count < k && s > -.infinity) else { continue }
                var position = best.count
                while position > 0 && best[position - 1].score < s { position -= 1 }
                best.insert(ScoredItem(item: i, score: s), at: position)
                if best.count > k { best.removeLast() }
                if best.count == k { threshold = best[k - 1].score }
            }
        }
        return best
    }
}
