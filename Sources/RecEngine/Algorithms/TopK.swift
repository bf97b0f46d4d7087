import CKernels

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

    /// The same result as `select(_:k:excluded:)`, faster on large arrays: the k-th best of a strided
    /// sample (about n/16 items) bounds the k-th best from below, a vectorised filter keeps the items
    /// at or above it, and only those are offered. Falls back to `select` for small arrays, when the
    /// sample has fewer than k selectable items, or when more than a quarter of the items pass (ties).
    /// Cost: one read of n × 4 bytes plus O(n/16 + candidates × log k).
    public static func selectFiltered(_ scores: UnsafeBufferPointer<Float>, k: Int, excluded: (Int) -> Bool = { _ in false }) -> [ScoredItem] {
        let n = scores.count
        guard n >= 4096, k > 0, let base = scores.baseAddress else { return select(scores, k: k, excluded: excluded) }
        let sampleCount = min(n, max(64 * k, n / 16))
        let stride = max(1, n / sampleCount)
        var sample = TopK(capacity: k)
        var r = 0
        while r < n {
            if !excluded(r) { sample.offer(item: r, score: base[r]) }
            r += stride
        }
        guard sample.heap.count == k else { return select(scores, k: k, excluded: excluded) }
        let threshold = sample.heap[0].score
        let candidates = [UInt32](unsafeUninitializedCapacity: n) { out, initialised in
            initialised = rk_indices_at_least(base, n, threshold, out.baseAddress!)
        }
        guard candidates.count <= n / 4 else { return select(scores, k: k, excluded: excluded) }
        var top = TopK(capacity: k)
        for candidate in candidates {
            let item = Int(candidate)
            if !excluded(item) { top.offer(item: item, score: base[item]) }
        }
        return top.sorted()
    }

    /// The top `k` of `scores`, best first.
    public static func select(_ scores: [Float], k: Int) -> [ScoredItem] {
        scores.withUnsafeBufferPointer { select($0, k: k) }
    }
}
