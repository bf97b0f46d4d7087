import Foundation

/// Benchmarks of the semantic space, for `recscope bench`. Samples are microseconds.
public enum SemanticBenchmark {
    public struct Result: Sendable {
        /// Reading + validating + aligning the vectors and ids files (`ItemEmbeddings.load`) and
        /// building the centred space (`SemanticRecommender.init`): everything attaching costs.
        public var load: Samples
        /// One `score(into:)` (sgemv over items × dimension) plus top-10 selection — or the exact
        /// two-stage top-K (`prunedTop`) when the model has int8 codes — after a click folded into the
        /// profile: the semantic part of a click, without the session's diff.
        public var clickTop10: Samples
        /// `similarItems(to:k: 10)`.
        public var similarItems: Samples
        /// Fitting the PCA plane and projecting every item (`SemanticMap`).
        public var map: Samples
        public var items: Int
        public var dimension: Int
        /// Whether the scans ran in float16 (`SemanticRecommender.halfVectors`), with the AVX2/F16C
        /// kernel (else the portable loop), and on how many threads.
        public var halfPrecision: Bool
        public var vectorKernel: Bool
        /// Whether clicks ran the exact two-stage top-K (int8 first stage; `SemanticRecommender.firstStage`).
        public var twoStage: Bool
        /// Whether a 4-bit stage runs in front of the int8 one (`NibbleRows`).
        public var fourBitStage: Bool
        public var threads: Int
        /// Data a click streams (`ClickBandwidth.scorerBytes` + the top-K scan).
        public var bytesPerClick: Int
    }

    /// Runs every semantic benchmark on `engine` with the embeddings in `vectorsPath`/`idsPath`.
    /// `loads` and `maps` repetitions; `clicks` random clicks spread over `users` users' sessions.
    public static func run(engine: Engine, vectorsPath: String, idsPath: String, loads: Int = 7, maps: Int = 3,
                           users: Int = 60, clicks: Int = 20, seed: UInt64 = 42) throws -> Result {
        var load = Samples()
        var loaded: SemanticRecommender?
        for _ in 0..<max(1, loads) {
            loaded = try load.time {
                try SemanticRecommender.load(vectorsPath: vectorsPath, idsPath: idsPath, catalog: engine.dataset.catalog)
            }
        }
        guard let model = loaded else { throw RecError("no embeddings loaded") }
        let embeddings = model.embeddings

        var generator = SplitMix64(seed: seed)
        let histories = engine.weightedHistories(decay: .standard)
        let itemCount = embeddings.itemCount
        var clickTop10 = Samples(), similar = Samples()
        var scores = [Float](repeating: 0, count: itemCount)
        let userCount = histories.count
        for n in 0..<min(users, userCount) {
            let history = histories[n * userCount / min(users, userCount)]
            let scorer = model.makeSemanticScorer(history: history)
            let clickWeight = engine.weighting.clickWeight(historyWeight: history.reduce(0) { $0 + $1.weight })
            for _ in 0..<clicks {
                let item = Int.random(in: 0..<itemCount, using: &generator)
                _ = clickTop10.time { () -> [ScoredItem] in
                    scorer.apply([WeightedItem(item: item, weight: clickWeight)])
                    // As a session does it: the exact two-stage top-K when the model has int8 codes.
                    if let top = scorer.prunedTop(k: 10, excluded: { _ in false }, estimates: &scores) { return top }
                    scorer.score(into: &scores)
                    return TopK.select(scores, k: 10)
                }
                _ = similar.time { model.similarItems(to: item, k: 10) }
            }
        }
        var map = Samples()
        for _ in 0..<max(1, maps) { _ = try map.time { try SemanticMap(embeddings: embeddings) } }
        return Result(load: load, clickTop10: clickTop10, similarItems: similar, map: map, items: itemCount, dimension: embeddings.dimension,
                      halfPrecision: model.halfVectors != nil, vectorKernel: HalfMatrix.usesVectorKernel, twoStage: model.firstStage != nil, fourBitStage: model.coarseStage != nil, threads: RowBlocks.workerCount,
                      bytesPerClick: ClickBandwidth.bytesPerClick(model))
    }
}
