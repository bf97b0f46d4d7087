/// Bounded selection of the `k` highest scores (a size-k min-heap). Ties go to the lower item index,
/// so results are deterministic. Cost O(n log k) for n offers.
struct TopScores {
    let capacity: Int
    private(set) var heap: [ScoredItem] = []

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        heap.reserveCapacity(min(self.capacity, 1 << 16))
    }

    /// True when `a` ranks below `b` (lower score, or equal score and higher item index).
    @inline(__always)
    private static func ranksBelow(_ a: ScoredItem, _ b: ScoredItem) -> Bool {
        a.score < b.score || (a.score == b.score && a.item > b.item)
    }

    @inline(__always)
    mutating func offer(item: Int, score: Float) {
        guard capacity > 0 else { return }
        let candidate = ScoredItem(item: item, score: score)
        if heap.count < capacity {
            heap.append(candidate)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                if TopScores.ranksBelow(heap[child], heap[parent]) { heap.swapAt(child, parent); child = parent } else { break }
            }
        } else if TopScores.ranksBelow(heap[0], candidate) {
            heap[0] = candidate
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count && TopScores.ranksBelow(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count && TopScores.ranksBelow(heap[right], heap[smallest]) { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
    }

    /// The kept items, best first.
    func sorted() -> [ScoredItem] {
        heap.sorted { TopScores.ranksBelow($1, $0) }
    }

    /// The top `k` of `scores`, skipping items where `excluded` is true, best first. Non-finite scores
    /// are skipped.
    static func select(_ scores: UnsafeBufferPointer<Float>, k: Int, excluded: (Int) -> Bool = { _ in false }) -> [ScoredItem] {
        var top = TopScores(capacity: k)
        for item in 0..<scores.count where scores[item].isFinite && !excluded(item) {
            top.offer(item: item, score: scores[item])
        }
        return top.sorted()
    }
}
