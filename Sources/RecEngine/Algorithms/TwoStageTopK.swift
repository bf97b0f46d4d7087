import CKernels
import Synchronization

/// A session scorer that can return its exact top-K without scoring every item exactly (ALS and
/// semantic at large catalogues: an int8 first stage, then the few candidates rescored exactly).
///
/// The caller (`Session`) then holds estimates, not exact scores, for most items; it must ask
/// `exactScores()` for any score it shows or compares.
public protocol PrunedTopKScorer: SessionScorer {
    /// The exact top `k` of the current history, items where `excluded` is true left out, best first
    /// with the `TopK` rules; `estimates` receives every item's first-stage estimate (exact for the
    /// rescored candidates). Nil when this scorer does not prune (small catalogue, nothing to prune):
    /// the caller then scores every item with `score(into:)`.
    func prunedTop(k: Int, excluded: (Int) -> Bool, estimates: inout [Float]) -> [ScoredItem]?
    /// The exact score of any item for the current history, as `score(into:)` would write it; the
    /// function keeps a copy of the state (O(dimension)), so it stays valid after later clicks.
    func exactScores() -> (Int) -> Float
}

/// The exact two-stage top-K over rows quantised to int8 (`QuantizedRows`).
///
/// Stage 1 estimates every row's score `scale × (row · query)` from the codes, each within a bound
/// `scales[r] × B` (plus a term for the query's rounding on the VNNI path). The k-th largest lower
/// bound among a sample of non-excluded rows, T, is at most the k-th best exact score; any row whose
/// upper bound is below T is provably out. Stage 2 rescores the remaining candidates exactly
/// (`exact`) and selects among them. The result is the full scan's top-K (same items, same scores)
/// whatever the data; only the work depends on how tight the bound is.
public enum TwoStageTopK {
    /// Minimum catalogue size for the two-stage path (below it a full exact scan is as fast).
    static let minimumRows = 1 << 16

    /// Counts since the process started, for `recscope bench`: calls that pruned, candidates they
    /// rescored, and calls that fell back to a full scan.
    /// `cascaded` of the pruned calls ran the 4-bit stage first, `coarseSurvivors` rows passed it in
    /// total (then estimated with the int8 codes); `coarseFellBack` calls had too many survivors and ran
    /// the int8 scan of every row instead.
    public struct Statistics: Sendable { public var pruned = 0, candidates = 0, fellBack = 0, cascaded = 0, coarseSurvivors = 0, coarseFellBack = 0 }
    static let counters = Mutex(Statistics())
    /// The counters so far.
    public static var statistics: Statistics { counters.withLock { $0 } }

    /// Runs both stages. `fixed` lists rows whose score is `fixedScore` whatever the query (items
    /// without a vector); `exact(r)` is the exact score of row r. Returns nil when pruning does not
    /// pay (fewer than k rows in the sample, or more than a quarter of the rows survive): the caller
    /// scans fully. Cost: one read of rows × columns bytes, 12 bytes per row for the filter, and
    /// `exact` per candidate.
    /// With `coarse` (the same rows in 4 bits) the cascade runs first (`cascade`), falling back to the
    /// int8 scan of every row when the 4-bit bound leaves more than half of the rows.
    static func select(k: Int, rows: QuantizedRows, coarse: NibbleRows? = nil, query: UnsafePointer<Float>, scale: Float, fixed: [Int] = [],
                       fixedScore: Float = 0, excluded: (Int) -> Bool, exact: (Int) -> Float,
                       estimates: inout [Float]) -> (top: [ScoredItem], candidates: Int)? {
        let n = rows.rows
        guard k > 0, n > 0 else { return nil }
        if let coarse, coarse.rows == n,
           let result = cascade(k: k, coarse: coarse, rows: rows, query: query, scale: scale, fixed: fixed, fixedScore: fixedScore,
                                excluded: excluded, exact: exact, estimates: &estimates) {
            return result
        }
        if estimates.count != n { estimates = [Float](repeating: 0, count: n) }
        let bound = estimates.withUnsafeMutableBufferPointer { rows.estimate(query, scale: scale, into: $0.baseAddress!) }
        for r in fixed where r >= 0 && r < n { estimates[r] = fixedScore }
        guard bound.perScale.isFinite, bound.perMagnitude.isFinite else { return nil }
        // T: the k-th largest lower bound among a strided sample of the rows that may be selected.
        let sampleCount = min(n, max(64 * k, n / 16))
        let stride = max(1, n / sampleCount)
        var sample = TopK(capacity: k)
        let threshold: Float = rows.scales.withUnsafeBufferPointer { scales in
            estimates.withUnsafeBufferPointer { e in
                var r = 0
                while r < n {
                    if !excluded(r) { sample.offer(item: r, score: e[r] - scales[r] * bound.perScale - rows.magnitudeScales[r] * bound.perMagnitude) }
                    r += stride
                }
                return sample.heap.count == k ? sample.heap[0].score : -.infinity
            }
        }
        guard threshold > -.infinity else { counters.withLock { $0.fellBack += 1 }; return nil }
        let candidates = rows.scales.withUnsafeBufferPointer { scales in
            estimates.withUnsafeBufferPointer { e in
                rows.magnitudeScales.withUnsafeBufferPointer { magnitudes in
                    [UInt32](unsafeUninitializedCapacity: n) { out, initialised in
                        initialised = bound.perMagnitude == 0
                            ? rk_rows_reaching(e.baseAddress!, scales.baseAddress!, n, bound.perScale, threshold, out.baseAddress!)
                            : rk_rows_reaching2(e.baseAddress!, scales.baseAddress!, magnitudes.baseAddress!, n, bound.perScale, bound.perMagnitude,
                                                threshold, out.baseAddress!)
                    }
                }
            }
        }
        let count = candidates.count
        guard count <= n / 4 else { counters.withLock { $0.fellBack += 1 }; return nil }
        counters.withLock { $0.pruned += 1; $0.candidates += count }
        var top = TopK(capacity: k)
        for index in 0..<count {
            let r = Int(candidates[index])
            guard !excluded(r) else { continue }
            let score = exact(r)
            estimates[r] = score
            top.offer(item: r, score: score)
        }
        return (top.sorted(), count)
    }
}
