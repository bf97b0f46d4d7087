import Foundation

/// Benchmarks of the collaborative models on a loaded engine (call from `recscope bench`; build with
/// -c release for meaningful figures).
public enum CollaborativeBenchmark {
    /// Fit times in milliseconds, `repeats` fits each, always fitted (never from the cache): item-kNN,
    /// ALS (its configured factors and iterations; tuned: 64 × 15) and EASE, on the engine's binary
    /// interaction matrix.
    public static func fitTimes(engine: Engine, configuration: ModelConfiguration = .tuned, repeats: Int = 3) throws -> [(Algorithm, Samples)] {
        let matrix = engine.collaborativeMatrix
        var knn = Samples(), als = Samples(), ease = Samples()
        for _ in 0..<max(1, repeats) {
            _ = try knn.time { try ItemKNNRecommender.fit(matrix, parameters: configuration.itemKNN) }
            _ = try als.time { try ALSRecommender.fit(matrix, parameters: configuration.als) }
            _ = try ease.time { try EASERecommender.fit(matrix, parameters: configuration.ease) }
        }
        // `Samples.time` records microseconds; report milliseconds.
        func ms(_ s: Samples) -> Samples { var out = Samples(); for v in s.values { out.add(v / 1000) }; return out }
        return [(.itemKNN, ms(knn)), (.als, ms(als)), (.ease, ms(ease))]
    }
}
