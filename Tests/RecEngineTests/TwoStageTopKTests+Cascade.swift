import CKernels
import Testing
@testable import RecEngine

/// The 4-bit stage of the cascade: its kernels against a Double reference, its bound, the int8 estimate
/// of listed rows, and the cascade's top-K against a full float16 scan.
extension TwoStageTopKTests {
    @Test func nibbleEstimatesStayWithinTheirBoundOfADoubleDotProduct() {
        var generator = SplitMix64(seed: 13)
        for dimension in [0, 1, 7, 15, 16, 17, 64, 100, 128, 129, 384] {
            for rows in 0...33 {
                var values = randomValues(rows * dimension, &generator)
                if rows > 2 { for j in 0..<dimension { values[2 * dimension + j] = 0 } }  // a zero row
                let half = HalfMatrix(rows: rows, columns: dimension, values: values)
                let widened = half.bits.map { bits in var out: Float = 0; withUnsafePointer(to: bits) { rk_halves_to_floats($0, &out, 1) }; return out }
                let coarse = NibbleRows(half: half)
                #expect(coarse.rowBytes == (dimension + 127) / 128 * 64)
                let query = randomValues(dimension, &generator)
                var fast = [Float](repeating: .nan, count: rows), portable = fast
                let (bound, portableBound) = query.withUnsafeBufferPointer { q in
                    (coarse.estimate(q.baseAddress!, scale: -0.5, into: &fast), coarse.estimate(q.baseAddress!, scale: -0.5, into: &portable, portable: true))
                }
                #expect(bound.perResidual == portableBound.perResidual && bound.perMagnitude == portableBound.perMagnitude)
                for r in 0..<rows {
                    var exact = 0.0, residual = 0.0, codeNorm = 0.0
                    for j in 0..<dimension {
                        let value = Double(widened[r * dimension + j])
                        exact += value * Double(query[j])
                        let byte = coarse.packed[r * coarse.rowBytes + j / 128 * 64 + j % 64]
                        let code = Double(Int(j % 128 < 64 ? byte & 15 : byte >> 4) - 8)
                        codeNorm += code * code
                        let decoded = Double(coarse.scales[r]) * code  // the real product the bound's proof uses
                        residual += (value - decoded) * (value - decoded)
                        #expect(abs(code) <= 7 && coarse.decoded(row: r, column: j) == coarse.scales[r] * Float(code))
                    }
                    exact *= -0.5
                    #expect(residual.squareRoot() <= Double(coarse.residuals[r]), "d \(dimension) row \(r): residual norm")
                    #expect(Double(coarse.scales[r]) * codeNorm.squareRoot() <= Double(coarse.magnitudes[r]))
                    let allowed = Double(coarse.residuals[r] * bound.perResidual + coarse.magnitudes[r] * bound.perMagnitude)
                    #expect(abs(Double(fast[r]) - exact) <= allowed, "d \(dimension) rows \(rows) row \(r)")
                    #expect(fast[r] == portable[r], "d \(dimension) row \(r): VNNI and portable differ")
                }
                if rows > 2, dimension > 0 { #expect(coarse.scales[2] == 0 && fast[2] == 0 && coarse.residuals[2] == 0 && coarse.magnitudes[2] == 0) }
            }
        }
    }

    @Test func int8EstimatesOfListedRowsEqualTheFullPass() {
        var generator = SplitMix64(seed: 17)
        for dimension in [0, 1, 17, 64, 100] {
            for rows in [0, 1, 5, 33] {
                let values = randomValues(rows * dimension, &generator)
                let quantized = values.withUnsafeBufferPointer { QuantizedRows(rows: rows, columns: dimension, values: $0) }
                let query = randomValues(dimension, &generator)
                var all = [Float](repeating: .nan, count: rows)
                let listed: [UInt32] = (0..<rows).filter { $0 % 3 != 1 }.map { UInt32($0) }.reversed()
                var some = [Float](repeating: .nan, count: listed.count)
                let (full, partial) = query.withUnsafeBufferPointer { q in
                    listed.withUnsafeBufferPointer { l in
                        (quantized.estimate(q.baseAddress!, scale: 2, into: &all), quantized.estimate(q.baseAddress!, scale: 2, rowsAt: l, into: &some))
                    }
                }
                #expect(full.perScale == partial.perScale && full.perMagnitude == partial.perMagnitude)
                for (i, r) in listed.enumerated() { #expect(some[i] == all[Int(r)], "d \(dimension) row \(r)") }
            }
        }
    }

    /// Rows clustered around a few directions (so the 4-bit bound prunes), with duplicates (ties), zero
    /// rows and rows standing for items without a vector.
    func clusteredHalf(items: Int, dimension: Int, seed: UInt64) -> HalfMatrix {
        var generator = SplitMix64(seed: seed)
        let centres = (0..<4).map { _ in randomValues(dimension, &generator) }
        var values = [Float](repeating: 0, count: items * dimension)
        for i in 0..<items {
            let noise = randomValues(dimension, &generator), centre = centres[((i &* 40503) >> 5) % 4], weight: Float = i % 7 == 0 ? 0.2 : 1.5
            for j in 0..<dimension { values[i * dimension + j] = weight * centre[j] * (i % 11 == 0 ? 2 : 0.3) + noise[j] }
        }
        for i in stride(from: 50, to: items, by: 997) { for j in 0..<dimension { values[i * dimension + j] = 0 } }
        for (a, b) in [(21, 33), (44, 77), (88, 33)] where b < items { for j in 0..<dimension { values[a * dimension + j] = values[b * dimension + j] } }
        return HalfMatrix(rows: items, columns: dimension, values: values)
    }

    @Test func cascadeEqualsTheFullScan() throws {
        for (items, dimension, seed) in [(6000, 48, UInt64(1)), (3000, 100, 2), (5000, 384, 3), (4000, 17, 4)] {
            let half = clusteredHalf(items: items, dimension: dimension, seed: seed)
            let widened = [Float](unsafeUninitializedCapacity: items * dimension) { out, count in
                half.bits.withUnsafeBufferPointer { rk_halves_to_floats($0.baseAddress!, out.baseAddress!, items * dimension) }
                count = items * dimension
            }
            let rows = widened.withUnsafeBufferPointer { QuantizedRows(rows: items, columns: dimension, values: $0) }
            let coarse = NibbleRows(half: half)
            var generator = SplitMix64(seed: seed + 100)
            let fixed = Array(stride(from: 50, to: items, by: 997))  // the zero rows: items without a vector
            let fixedSet = Set(fixed)
            for (queryIndex, query) in [Array(widened[(11 * dimension)..<(12 * dimension)]), Array(widened[(33 * dimension)..<(34 * dimension)]),
                                        randomValues(dimension, &generator)].enumerated() {
                let exactScore = { (r: Int) -> Float in
                    if fixedSet.contains(r) { return -1 }
                    var out: Float = 0
                    half.bits.withUnsafeBufferPointer { b in query.withUnsafeBufferPointer { rk_half_gemv(b.baseAddress! + r * dimension, 1, dimension, $0.baseAddress!, 0.25, &out) } }
                    return out
                }
                let full = (0..<items).map(exactScore)
                for k in [1, 3, 10, 40] {
                    for excludedSet in [Set<Int>(), Set([11, 21, 33, 0, items - 1])] {
                        var estimates = [Float]()
                        let result = query.withUnsafeBufferPointer { q in
                            TwoStageTopK.cascade(k: k, coarse: coarse, rows: rows, query: q.baseAddress!, scale: 0.25, fixed: fixed, fixedScore: -1,
                                                 excluded: { excludedSet.contains($0) }, exact: exactScore, estimates: &estimates)
                        }
                        let expected = reference(full, k: k, excluded: { excludedSet.contains($0) })
                        if queryIndex < 2 { _ = try #require(result, "items \(items) d \(dimension) query \(queryIndex) k \(k): the clustered rows should prune") }
                        if let result {
                            #expect(result.top == expected, "items \(items) d \(dimension) query \(queryIndex) k \(k)")
                            #expect(result.candidates < items / 2)
                        }
                        // Through `select`: with or without the 4-bit stage the same top-K.
                        let selected = query.withUnsafeBufferPointer { q in
                            TwoStageTopK.select(k: k, rows: rows, coarse: coarse, query: q.baseAddress!, scale: 0.25, fixed: fixed, fixedScore: -1,
                                                excluded: { excludedSet.contains($0) }, exact: exactScore, estimates: &estimates)
                        }
                        if let selected { #expect(selected.top == expected) }
                    }
                }
            }
            // k above the sample: no cascade (the caller scans).
            var estimates = [Float]()
            let query = Array(widened[0..<dimension])
            let none = query.withUnsafeBufferPointer { q in
                TwoStageTopK.cascade(k: items, coarse: coarse, rows: rows, query: q.baseAddress!, scale: 1, fixed: [], fixedScore: 0,
                                     excluded: { $0 == 5 }, exact: { _ in 0 }, estimates: &estimates)
            }
            #expect(none == nil)
        }
    }

    @Test func semanticCascadeEqualsTheFloat16FullScan() throws {
        var generator = SplitMix64(seed: 23)
        let items = 5000, dimension = 40
        let centre = randomValues(dimension, &generator)
        var rows: [[Float]?] = (0..<items).map { i in
            let noise = randomValues(dimension, &generator)
            return (0..<dimension).map { noise[$0] + (i % 3 == 0 ? 2 * centre[$0] : 0) }
        }
        for i in stride(from: 10, to: items, by: 500) { rows[i] = nil }
        rows[21] = rows[30]
        let embeddings = ItemEmbeddings(dimension: dimension, rows: rows)
        let cascading = SemanticRecommender(embeddings: embeddings, centred: false, halfPrecision: true, twoStage: true, fourBitStage: true)
        let int8Only = SemanticRecommender(embeddings: embeddings, centred: false, halfPrecision: true, twoStage: true, fourBitStage: false)
        #expect(cascading.coarseStage != nil && int8Only.coarseStage == nil)
        let history = [WeightedItem(item: 3, weight: 2), WeightedItem(item: 30, weight: 1)]
        let a = cascading.makeSemanticScorer(history: history), b = int8Only.makeSemanticScorer(history: history)
        let seen = Set(history.map(\.item))
        for k in [1, 10, 50] {
            let full = scores(of: b, itemCount: items)
            var ea = [Float](), eb = [Float]()
            let x = try #require(a.prunedTop(k: k, excluded: { seen.contains($0) }, estimates: &ea))
            let y = try #require(b.prunedTop(k: k, excluded: { seen.contains($0) }, estimates: &eb))
            #expect(x == y && x == reference(full, k: k, excluded: { seen.contains($0) }), "k \(k)")
            a.apply([WeightedItem(item: k * 3, weight: 1)])
            b.apply([WeightedItem(item: k * 3, weight: 1)])
        }
        for item in [0, 3, 21, 4999] { #expect(cascading.similarItems(to: item, k: 10) == int8Only.similarItems(to: item, k: 10), "item \(item)") }
    }
}
