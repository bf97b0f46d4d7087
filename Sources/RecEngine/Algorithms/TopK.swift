/// Partial selection of the best-scoring items: the one top-K of the engine (sessions, evaluation,
/// neighbours, the hybrid).
///
/// Rules, the same for every caller: higher score first; ties go to the lower item index, so results
/// are deterministic; NaN and −∞ are never selected (−∞ masks an item); +∞ is a score like any other
/// and ranks first. Cost O(n log k) worst case whatever the input order (a size-k min-heap: ascending
/// input costs the same as random), O(n) when few items beat the k-th best.
public struct TopK {
    public let capacity: Int
    /// A min-heap on (score, −item): the root is the worst kept item.
    private(set) var heap: [ScoredItem] = []

    public init(capacity: Int) {
        self.capacity = max(0, capacity)
        heap.reserveCapacity(min(self.capacity, 1 << 16))
    }

    /// True when `a` ranks below `b` (lower score, or equal score and higher item index).
    @inline(__always)
    private static func ranksBelow(_ a: ScoredItem, _ b: ScoredItem) -> Bool {
        a.score < b.score || (a.score == b.score && a.item > b.item)
    }

    /// Considers one item. NaN and −∞ are ignored. Cost O(log k) when kept, O(1) otherwise.
    @inline(__always)
    public mutating func offer(item: Int, score: Float) {
        guard capacity > 0, score > -.infinity else { return }  // false for NaN and −∞
        let candidate = ScoredItem(item: item, score: score)
        if heap.count < capacity {
            heap.append(candidate)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                if TopK.ranksBelow(heap[child], heap[parent]) { heap.swapAt(child, parent); child = parent } else { break }
            }
        } else if TopK.ranksBelow(heap[0], candidate) {
            heap[0] = candidate
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count && TopK.ranksBelow(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count && TopK.ranksBelow(heap[right], heap[smallest]) { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
    }

    /// The kept items, best first. Cost O(k log k).
    public func sorted() -> [ScoredItem] {
        heap.sorted { TopK.ranksBelow($1, $0) }
    }

    /// The top `k` of `scores`, skipping items where `excluded` is true, best first.
    public static func select(_ scores: UnsafeBufferPointer<Float>, k: Int, excluded: (Int) -> Bool = { _ in false }) -> [ScoredItem] {
        var top = TopK(capacity: k)
        for item in 0..<scores.count where !excluded(item) {
            top.offer(item: item, score: scores[item])
        }
        return top.sorted()
    }

    /// The top `k` of `scores`, best first.
    public static func select(_ scores: [Float], k: Int) -> [ScoredItem] {
        scores.withUnsafeBufferPointer { select($0, k: k) }
    }
}
