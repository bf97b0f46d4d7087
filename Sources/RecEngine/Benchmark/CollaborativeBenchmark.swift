import Foundation

/// Benchmarks of the collaborative models on a loaded engine (call from `recscope bench`; build with
/// -c release for meaningful figures).
public enum CollaborativeBenchmark {
    /// Fit times in milliseconds, `repeats` fits each, always fitted (never from the cache): item-kNN,
    /// ALS (its configured factors and iterations; tuned: 64 × 15) and EASE — those that can serve the
    /// data set (EASE is left out above its item limit) — on the engine's binary interaction matrix.
    public static func fitTimes(engine: Engine, configuration: ModelConfiguration = .tuned, repeats: Int = 3) throws -> [(Algorithm, Samples)] {
        let matrix = engine.collaborativeMatrix
        let (usable, _) = AlgorithmRegistry.servable([.itemKNN, .als, .ease], for: engine.dataset)
        var knn = Samples(), als = Samples(), ease = Samples()
        for _ in 0..<max(1, repeats) {
            if usable.contains(.itemKNN) { _ = try knn.time { try ItemKNNRecommender.fit(matrix, parameters: configuration.itemKNN) } }
            if usable.contains(.als) { _ = try als.time { try ALSRecommender.fit(matrix, parameters: configuration.als) } }
            if usable.contains(.ease) { _ = try ease.time { try EASERecommender.fit(matrix, parameters: configuration.ease) } }
        }
        // `Samples.time` records microseconds; report milliseconds.
        func ms(_ s: Samples) -> Samples { var out = Samples(); for v in s.values { out.add(v / 1000) }; return out }
        return [(.itemKNN, ms(knn)), (.als, ms(als)), (.ease, ms(ease))].filter { usable.contains($0.0) }
    }
}

extension CollaborativeBenchmark {
    /// Microseconds of one click (apply + full `score`) on a bare scorer of each registered model,
    /// without the session's masking, top-K and diff: where a click's time goes.
    public static func scorerLatency(engine: Engine, users: Int = 30, clicksPerUser: Int = 20, seed: UInt64 = 7) throws -> [(Algorithm, Samples)] {
        var rows: [(Algorithm, Samples)] = []
        let itemCount = engine.dataset.catalog.count
        let userCount = engine.dataset.users.count
        guard itemCount > 0, userCount > 0 else { return [] }
        for algorithm in engine.algorithms {
            let model = try engine.recommender(algorithm)
            var generator = SplitMix64(seed: seed)
            var samples = Samples()
            var scores = [Float](repeating: 0, count: itemCount)
            for n in 0..<min(users, userCount) {
                let user = n * userCount / min(users, userCount)
                let history = engine.dataset.eventsByUser[user].map { WeightedItem(item: $0.item, weight: 1) }
                let scorer = model.makeScorer(history: history)
                for _ in 0..<clicksPerUser {
                    let item = Int.random(in: 0..<itemCount, using: &generator)
                    samples.time {
                        scorer.apply([WeightedItem(item: item, weight: 1)])
                        scorer.score(into: &scores)
                    }
                }
            }
            rows.append((algorithm, samples))
        }
        return rows
    }
}
