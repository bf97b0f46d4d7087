import CKernels
import Foundation
import Testing
@testable import RecEngine

/// The exact two-stage top-K: the int8 kernels against naive loops, and every pruned top-K against a
/// full exact scan (random matrices, ties, zero rows, k above the candidates, exclusions).
@Suite struct TwoStageTopKTests {
    func randomValues(_ count: Int, _ generator: inout SplitMix64) -> [Float] {
        (0..<count).map { _ in Float(Int64(bitPattern: generator.next() >> 11) - (1 << 52)) / Float(1 << 52) }
    }

    /// Full-scan reference: sort by (score descending, item ascending), excluded items and −∞/NaN out.
    func reference(_ scores: [Float], k: Int, excluded: (Int) -> Bool = { _ in false }) -> [ScoredItem] {
        let kept = scores.enumerated().filter { $0.element > -.infinity && !excluded($0.offset) }
        return kept.sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
            .prefix(k).map { ScoredItem(item: $0.offset, score: $0.element) }
    }

    @Test func int8EstimatesStayWithinTheirBoundOfADoubleDotProduct() {
        var generator = SplitMix64(seed: 3)
        for dimension in [0, 1, 7, 15, 16, 17, 64, 100, 384] {
            for rows in [0, 1, 2, 3, 33] {
                var values = randomValues(rows * dimension, &generator)
                if rows > 2 { for j in 0..<dimension { values[2 * dimension + j] = 0 } }  // a zero row
                let quantized = values.withUnsafeBufferPointer { QuantizedRows(rows: rows, columns: dimension, values: $0) }
                let query = randomValues(dimension, &generator)
                var fast = [Float](repeating: .nan, count: rows), portable = fast, widened = fast
                let (bound, portableBound) = query.withUnsafeBufferPointer { q -> (QuantizedRows.Bound, QuantizedRows.Bound) in
                    let b = quantized.estimate(q.baseAddress!, scale: 0.5, into: &fast)
                    let p = quantized.estimate(q.baseAddress!, scale: 0.5, into: &portable, portable: true)
                    quantized.codes.withUnsafeBufferPointer { c in
                        quantized.scales.withUnsafeBufferPointer { s in
                            rk_int8_gemv(c.baseAddress, s.baseAddress, rows, dimension, q.baseAddress, 0.5, &widened)
                        }
                    }
                    return (b, p)
                }
                for r in 0..<rows {
                    var exact = 0.0
                    for j in 0..<dimension { exact += Double(values[r * dimension + j]) * Double(query[j]) }
                    exact *= 0.5
                    let allowed = Double(quantized.scales[r] * bound.perScale + quantized.magnitudeScales[r] * bound.perMagnitude)
                    #expect(abs(Double(fast[r]) - exact) <= allowed, "d \(dimension) rows \(rows) row \(r)")
                    #expect(abs(Double(portable[r]) - exact) <= Double(quantized.scales[r] * portableBound.perScale), "d \(dimension) row \(r) portable")
                    #expect(portableBound.perMagnitude == 0)
                    #expect(abs(Double(widened[r]) - Double(portable[r])) <= 1e-5 * (abs(exact) + 1), "d \(dimension) row \(r): vector and portable differ")
                    for j in 0..<dimension {
                        let decoded = quantized.scales[r] * Float(quantized.codes[r * dimension + j])
                        #expect(abs(decoded - values[r * dimension + j]) <= quantized.scales[r] / 2 * 1.0001)
                    }
                }
                if rows > 2, dimension > 0 { #expect(quantized.scales[2] == 0 && fast[2] == 0 && portable[2] == 0) }
            }
        }
    }

    @Test func filtersMatchNaiveLoopsAtEdgeSizes() {
        var generator = SplitMix64(seed: 5)
        for n in [0, 1, 15, 16, 17, 31, 1000] {
            var scores = randomValues(n, &generator)
            if n > 3 { scores[3] = .nan }
            let scales = randomValues(n, &generator).map { abs($0) }
            let threshold: Float = 0.2, bound: Float = 0.3
            let reaching = [UInt32](unsafeUninitializedCapacity: max(n, 1)) { out, count in
                count = rk_rows_reaching(scores, scales, n, bound, threshold, out.baseAddress!)
            }
            let atLeast = [UInt32](unsafeUninitializedCapacity: max(n, 1)) { out, count in
                count = rk_indices_at_least(scores, n, threshold, out.baseAddress!)
            }
            // Away from the threshold by more than rounding, the fused and unfused sums agree.
            let naiveReaching = (0..<n).filter { scores[$0] + scales[$0] * bound >= threshold + 1e-6 }
            let maybeReaching = (0..<n).filter { scores[$0] + scales[$0] * bound >= threshold - 1e-6 }
            #expect(Set(naiveReaching).isSubset(of: Set(reaching.map(Int.init))) && Set(reaching.map(Int.init)).isSubset(of: Set(maybeReaching)), "n \(n)")
            #expect(reaching == reaching.sorted())
            #expect(atLeast.map(Int.init) == (0..<n).filter { scores[$0] >= threshold }, "n \(n)")
        }
    }

    @Test func filteredSelectionEqualsTheFullSelection() {
        var generator = SplitMix64(seed: 11)
        for trial in 0..<40 {
            let n = [4096, 5000, 20_000, 70_001][trial % 4]
            var scores = randomValues(n, &generator)
            if trial % 3 == 0 { scores = scores.map { ($0 * 8).rounded() / 8 } }  // many ties
            if trial % 5 == 0 { for i in stride(from: 0, to: n, by: 97) { scores[i] = [.nan, -.infinity, .infinity][i % 3] } }
            if trial % 7 == 0 { scores = [Float](repeating: 1, count: n) }  // everything tied: falls back
            let k = [1, 10, 100, 3000][trial % 4]
            let excluded = { (i: Int) in i % 13 == 0 }
            let fast = scores.withUnsafeBufferPointer { TopK.selectFiltered($0, k: k, excluded: excluded) }
            #expect(fast == reference(scores, k: k, excluded: excluded), "trial \(trial)")
        }
    }

    func alsModel(items: Int, factors: Int, seed: UInt64, twoStage: Bool, duplicate: Bool = true) -> ALSRecommender {
        var generator = SplitMix64(seed: seed)
        var matrix = DenseMatrix(rows: items, columns: factors)
        matrix.values = randomValues(items * factors, &generator)
        if items > 10 {
            for j in 0..<factors { matrix.values[5 * factors + j] = 0 }  // a zero row
            if duplicate { for j in 0..<factors { matrix.values[7 * factors + j] = matrix.values[3 * factors + j] } }  // an exact tie
        }
        return ALSRecommender(parameters: ALSParameters(factors: factors, regularization: 1, alpha: 2), itemFactors: matrix, twoStage: twoStage)
    }

    @Test func alsPrunedTopEqualsTheFullScan() throws {
        for (trial, (items, factors)) in [(5000, 64), (3000, 7), (4097, 1), (6000, 16)].enumerated() {
            let model = alsModel(items: items, factors: factors, seed: UInt64(trial), twoStage: true)
            var generator = SplitMix64(seed: 99 + UInt64(trial))
            let history = (0..<20).map { _ in WeightedItem(item: Int(generator.next() % UInt64(items)), weight: 1) }
            let scorer = try #require(model.makeScorer(history: history) as? ALSScorer)
            let seen = Set(history.map(\.item))
            for k in [1, 10, 100] {
                let full = scores(of: scorer, itemCount: items)
                var estimates = [Float]()
                guard let pruned = scorer.prunedTop(k: k, excluded: { seen.contains($0) }, estimates: &estimates) else {
                    Issue.record("no pruning at \(items) × \(factors), k \(k)"); continue
                }
                let expected = reference(full, k: k, excluded: { seen.contains($0) })
                #expect(pruned.map(\.item) == expected.map(\.item), "\(items) × \(factors) k \(k)")
                #expect(maxDifference(pruned.map(\.score), expected.map(\.score)) <= 1e-5, "\(items) × \(factors) k \(k)")
                let exact = scorer.exactScores()
                for item in [0, 5, items / 2, items - 1] { #expect(abs(exact(item) - full[item]) <= 1e-5) }
                for entry in pruned { #expect(estimates[entry.item] == entry.score) }
                scorer.apply([WeightedItem(item: Int(generator.next() % UInt64(items)), weight: 1)])
            }
        }
    }

    @Test func alsKAboveTheSampleFallsBackAndSmallModelsDoNotPrune() throws {
        let model = alsModel(items: 500, factors: 8, seed: 1, twoStage: true)
        let scorer = try #require(model.makeScorer(history: [WeightedItem(item: 1, weight: 1)]) as? ALSScorer)
        var estimates = [Float]()
        // k ≥ the items: no pruning possible; the caller scans fully.
        #expect(scorer.prunedTop(k: 600, excluded: { _ in false }, estimates: &estimates) == nil)
        let small = alsModel(items: 500, factors: 8, seed: 1, twoStage: false)
        #expect(small.firstStage == nil)
        let smallScorer = try #require(small.makeScorer(history: [WeightedItem(item: 1, weight: 1)]) as? ALSScorer)
        #expect(smallScorer.prunedTop(k: 10, excluded: { _ in false }, estimates: &estimates) == nil)
    }

    @Test func semanticPrunedTopEqualsTheFloat16FullScan() throws {
        var generator = SplitMix64(seed: 21)
        let items = 6000, dimension = 48
        var rows: [[Float]?] = (0..<items).map { _ in randomValues(dimension, &generator) }
        for i in stride(from: 10, to: items, by: 500) { rows[i] = nil }  // items without a vector score −1
        rows[20] = rows[30]  // a tie
        let model = SemanticRecommender(embeddings: ItemEmbeddings(dimension: dimension, rows: rows), halfPrecision: true, twoStage: true)
        #expect(model.firstStage != nil)
        let history = [WeightedItem(item: 1, weight: 2), WeightedItem(item: 30, weight: 1), WeightedItem(item: 77, weight: 0.5)]
        let scorer = model.makeSemanticScorer(history: history)
        let seen = Set(history.map(\.item))
        for k in [1, 10, 50] {
            let full = scores(of: scorer, itemCount: items)
            var estimates = [Float]()
            let pruned = try #require(scorer.prunedTop(k: k, excluded: { seen.contains($0) }, estimates: &estimates))
            #expect(pruned == reference(full, k: k, excluded: { seen.contains($0) }), "k \(k)")
            let exact = scorer.exactScores()
            for item in [0, 10, 20, 30, items - 1] { #expect(exact(item) == full[item], "item \(item)") }
            scorer.apply([WeightedItem(item: k * 7, weight: 1)])
        }
        // An empty profile does not prune (every score 0): the caller scans.
        var estimates = [Float]()
        #expect(model.makeSemanticScorer(history: []).prunedTop(k: 10, excluded: { _ in false }, estimates: &estimates) == nil)
    }

    @Test func similarItemsArePrunedExactly() {
        let pruned = alsModel(items: 5000, factors: 24, seed: 6, twoStage: true), scanning = alsModel(items: 5000, factors: 24, seed: 6, twoStage: false)
        for item in [0, 3, 5, 7, 4999] {
            for k in [1, 10, 40] {
                let a = pruned.similarItems(to: item, k: k), b = scanning.similarItems(to: item, k: k)
                #expect(a.map(\.item) == b.map(\.item), "item \(item) k \(k)")
                #expect(maxDifference(a.map(\.score), b.map(\.score)) <= 1e-6)
            }
        }
        var generator = SplitMix64(seed: 2)
        let rows: [[Float]?] = (0..<5000).map { $0 % 777 == 5 ? nil : randomValues(32, &generator) }
        let embeddings = ItemEmbeddings(dimension: 32, rows: rows)
        let twoStage = SemanticRecommender(embeddings: embeddings, halfPrecision: true, twoStage: true)
        let full = SemanticRecommender(embeddings: embeddings, halfPrecision: true, twoStage: false)
        for item in [0, 5, 100, 4999] {
            #expect(twoStage.similarItems(to: item, k: 10) == full.similarItems(to: item, k: 10), "semantic item \(item)")
        }
    }

    /// Sessions over a pruning ALS model show the same rankings, deltas, scores and full ranks as over
    /// the same model scanning fully.
    @Test func sessionsArePrunedExactly() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-twostage-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try DatasetGenerator.write(GeneratorSpec(items: 5000, users: 60, events: 3000, seed: 5), to: directory)
        let dataset = try DatasetLoader.load(directory: directory)
        let factors = alsModel(items: dataset.catalog.count, factors: 16, seed: 8, twoStage: false, duplicate: false).itemFactors
        let parameters = ALSParameters(factors: 16, regularization: 1, alpha: 2)
        let pruning = Engine(dataset: dataset, directory: directory), scanning = Engine(dataset: dataset, directory: directory)
        pruning.register(ALSRecommender(parameters: parameters, itemFactors: factors, twoStage: true))
        scanning.register(ALSRecommender(parameters: parameters, itemFactors: factors, twoStage: false))
        for user in [0, 7, 31] {
            let a = try pruning.makeSession(user: user, algorithm: .als, k: 10), b = try scanning.makeSession(user: user, algorithm: .als, k: 10)
            for click in [3, 400, 4999, 1234] {
                let x = try a.click(item: click), y = try b.click(item: click)
                #expect(x.ranking.map(\.item) == y.ranking.map(\.item), "user \(user) click \(click)")
                #expect(x.ranking.map(\.previousRank) == y.ranking.map(\.previousRank))
                #expect(maxDifference(x.ranking.map(\.score), y.ranking.map(\.score)) <= 1e-5)
                #expect(maxDifference(x.changes.map(\.scoreDelta), y.changes.map(\.scoreDelta)) <= 1e-5)
                for item in [0, 17, 2500] {
                    #expect(abs(a.score(of: item) - b.score(of: item)) <= 1e-5)
                    #expect(a.fullRank(of: item) == b.fullRank(of: item))
                }
            }
            let x = try #require(a.undo()), y = try #require(b.undo())
            #expect(x.ranking.map(\.item) == y.ranking.map(\.item))
        }
    }
}
