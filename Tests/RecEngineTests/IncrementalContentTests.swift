import Foundation
import Testing
@testable import RecEngine

/// Content scores kept across clicks (only the clicked features' items updated) equal a fresh full
/// product, through clicks, negative changes (undo, window evictions), rebuilds and refreshes.
@Suite struct IncrementalContentTests {
    @Test func keptScoresEqualAFullProductAndTheSameTopK() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-content-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try DatasetGenerator.write(GeneratorSpec(items: 3000, users: 20, events: 500, seed: 9), to: directory)
        let dataset = try DatasetLoader.load(directory: directory)
        let features = ContentFeatures(catalog: dataset.catalog)
        let incremental = ContentRecommender(features: features, incrementalFromItems: 0)
        let full = ContentRecommender(features: features, incrementalFromItems: .max)
        let n = dataset.catalog.count
        let history = [WeightedItem(item: 1, weight: 1), WeightedItem(item: 50, weight: 0.5)]
        let a = incremental.makeContentScorer(history: history), b = full.makeContentScorer(history: history)
        #expect(a.keepsScores && !b.keepsScores)
        var generator = SplitMix64(seed: 4)
        for step in 0..<150 {
            var changes = [WeightedItem(item: Int(generator.next() % UInt64(n)), weight: Float(generator.next() % 4 + 1) / 2)]
            if step % 9 == 4 { changes.append(WeightedItem(item: 1, weight: -0.25)) }  // an eviction
            a.apply(changes)
            b.apply(changes)
            if step % 40 == 39 {  // a rebuild (undo, reset, new decay)
                a.rebuild(history: history)
                b.rebuild(history: history)
            }
            if step % 17 == 3 { a.retract(changes, history: { history }); b.retract(changes, history: { history }) }
            if step % 3 == 0 || step > 140 {
                let x = scores(of: a, itemCount: n), y = scores(of: b, itemCount: n)
                #expect(maxDifference(x, y) <= 1e-5, "step \(step)")
                let topX = TopK.select(x, k: 10), topY = TopK.select(y, k: 10)
                #expect(maxDifference(topX.map(\.score), topY.map(\.score)) <= 1e-5, "step \(step)")
            }
        }
        // An empty catalogue row set and an empty profile stay all zero.
        let empty = incremental.makeContentScorer(history: [])
        #expect(scores(of: empty, itemCount: n).allSatisfy { $0 == 0 })
    }
}
