import CKernels

extension TwoStageTopK {
    /// The three-stage cascade: a 4-bit estimate of every row (`NibbleRows`, half the bytes of the int8
    /// scan), a threshold T ≤ the k-th best exact score (the larger of the k-th lower bound in a strided
    /// sample and the k-th exact score of the sample's 4k best estimates), the rows whose 4-bit upper
    /// bound reaches T estimated again with the int8 codes (T raised to their k-th int8 lower bound),
    /// and the rows whose int8 upper bound still reaches it rescored exactly. Every row left out has an
    /// upper bound below a score k selectable rows reach, so the result is the full scan's top-K.
    /// Nil (the caller runs the int8 scan of every row) when the sample is short of k rows or more than
    /// half of the rows pass the 4-bit stage. Cost: rows × rowBytes bytes, 12 bytes per row for the
    /// filter, columns bytes per 4-bit survivor, `exact` per final candidate and per 4k sampled rows.
    static func cascade(k: Int, coarse: NibbleRows, rows: QuantizedRows, query: UnsafePointer<Float>, scale: Float, fixed: [Int], fixedScore: Float,
                        excluded: (Int) -> Bool, exact: (Int) -> Float, estimates: inout [Float]) -> (top: [ScoredItem], candidates: Int)? {
        let n = rows.rows
        if estimates.count != n { estimates = [Float](repeating: 0, count: n) }
        let bound = estimates.withUnsafeMutableBufferPointer { coarse.estimate(query, scale: scale, into: $0.baseAddress!) }
        guard bound.perResidual.isFinite, bound.perMagnitude.isFinite else { return nil }
        let fixedRows = Set(fixed.filter { $0 >= 0 && $0 < n })
        for r in fixedRows { estimates[r] = fixedScore }
        // T from a strided sample: the k-th lower bound, and the k-th exact score of the 4k best estimates.
        let sampleCount = min(n, max(64 * k, n / 16))
        let stride = max(1, n / sampleCount)
        var lowerBounds = TopK(capacity: k), best = TopK(capacity: 4 * k)
        coarse.residuals.withUnsafeBufferPointer { residuals in
            coarse.magnitudes.withUnsafeBufferPointer { magnitudes in
                estimates.withUnsafeBufferPointer { e in
                    var r = 0
                    while r < n {
                        if !excluded(r) {
                            lowerBounds.offer(item: r, score: e[r] - residuals[r] * bound.perResidual - magnitudes[r] * bound.perMagnitude)
                            best.offer(item: r, score: e[r])
                        }
                        r += stride
                    }
                }
            }
        }
        guard lowerBounds.heap.count == k else { return nil }
        var threshold = lowerBounds.heap[0].score
        var sampled = TopK(capacity: k)
        for entry in best.heap { sampled.offer(item: entry.item, score: fixedRows.contains(entry.item) ? fixedScore : exact(entry.item)) }
        if sampled.heap.count == k { threshold = max(threshold, sampled.heap[0].score) }
        // Stage 1 filter: rows whose 4-bit upper bound reaches T.
        let survivors = coarse.residuals.withUnsafeBufferPointer { residuals in
            estimates.withUnsafeBufferPointer { e in
                coarse.magnitudes.withUnsafeBufferPointer { magnitudes in
                    [UInt32](unsafeUninitializedCapacity: n) { out, initialised in
                        initialised = rk_rows_reaching2(e.baseAddress!, residuals.baseAddress!, magnitudes.baseAddress!, n, bound.perResidual,
                                                        bound.perMagnitude, threshold, out.baseAddress!)
                    }
                }
            }
        }
        guard survivors.count <= n / 2 else { counters.withLock { $0.coarseFellBack += 1 }; return nil }
        // Stage 2: the survivors' int8 estimates; T raised to their k-th lower bound.
        var middle = [Float](repeating: 0, count: survivors.count)
        let middleBound = survivors.withUnsafeBufferPointer { indices in
            middle.withUnsafeMutableBufferPointer { rows.estimate(query, scale: scale, rowsAt: indices, into: $0.baseAddress!) }
        }
        guard middleBound.perScale.isFinite, middleBound.perMagnitude.isFinite else { return nil }
        var middleLower = TopK(capacity: k)
        var upper = [Float](repeating: 0, count: survivors.count)
        rows.scales.withUnsafeBufferPointer { scales in
            rows.magnitudeScales.withUnsafeBufferPointer { magnitudes in
                for (i, index) in survivors.enumerated() {
                    let r = Int(index)
                    if fixedRows.contains(r) { middle[i] = fixedScore }
                    let margin = scales[r] * middleBound.perScale + magnitudes[r] * middleBound.perMagnitude
                    upper[i] = middle[i] + margin
                    estimates[r] = middle[i]
                    if !excluded(r) { middleLower.offer(item: r, score: middle[i] - margin) }
                }
            }
        }
        if middleLower.heap.count == k { threshold = max(threshold, middleLower.heap[0].score) }
        // Stage 3: exact scores of the rows whose int8 upper bound reaches T.
        var top = TopK(capacity: k)
        var candidates = 0
        for (i, index) in survivors.enumerated() where upper[i] >= threshold {
            let r = Int(index)
            candidates += 1
            guard !excluded(r) else { continue }
            let score = exact(r)
            estimates[r] = score
            top.offer(item: r, score: score)
        }
        counters.withLock { $0.pruned += 1; $0.candidates += candidates; $0.cascaded += 1; $0.coarseSurvivors += survivors.count }
        return (top.sorted(), candidates)
    }
}
