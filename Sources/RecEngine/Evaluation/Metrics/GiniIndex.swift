/// Gini coefficient of how often each catalogue item is recommended (over all users' top K lists),
/// counting items never recommended as 0: 0 = every item recommended equally often, → 1 = all
/// recommendations on one item. With counts sorted ascending x₁ ≤ … ≤ xₙ:
/// G = Σᵢ (2i − n − 1)·xᵢ / (n · Σ x). Cost O(n log n).
public enum GiniIndex {
    public static func value(lists: [[Int]], itemCount: Int) -> Double {
        guard itemCount > 0 else { return 0 }
        var counts = Array(repeating: 0, count: itemCount)
        for list in lists {
            for item in list where item >= 0 && item < itemCount { counts[item] += 1 }
        }
        return value(counts: counts)
    }

    /// The Gini coefficient of non-negative counts.
    public static func value(counts: [Int]) -> Double {
        let sorted = counts.sorted()
        let n = Double(sorted.count)
        let total = Double(sorted.reduce(0, +))
        guard n > 0, total > 0 else { return 0 }
        var weighted = 0.0
        for (index, count) in sorted.enumerated() {
            weighted += (2 * Double(index + 1) - n - 1) * Double(count)
        }
        return weighted / (n * total)
    }
}
