import Foundation

extension Engine {
    /// The interaction matrix the collaborative models are fitted on: every user–item interaction
    /// once, weight 1 — the setting their parameters were tuned for (docs/EVAL.md). Sessions still
    /// score with effective (rated, decayed) history weights.
    public var collaborativeMatrix: InteractionMatrix {
        InteractionMatrix.binary(itemCount: dataset.catalog.count, events: dataset.eventsByUser)
    }

    /// Fits item-kNN, ALS and EASE on the whole data set (or restores them from `cache`) and builds
    /// the hybrid over them and the engine's content and popularity models, registering each model
    /// as soon as it is ready — so it can run on a background thread while content and popularity
    /// already serve sessions. `progress` receives short status lines. Returns what was fitted, with
    /// times. Cost on SampleData (release): under a second from the cache, a few seconds fitted.
    @discardableResult
    public func fitCollaborativeModels(configuration: ModelConfiguration = .tuned, cache: ModelCache? = nil,
                                       algorithms: [Algorithm] = [.itemKNN, .als, .ease, .hybrid],
                                       progress: (String) -> Void = { _ in }) throws -> [(Algorithm, ModelFactory.FittedModel)] {
        let factory = ModelFactory(matrix: collaborativeMatrix, dataset: dataset, configuration: configuration, cache: cache)
        for algorithm in [Algorithm.content, .popularity, .semantic] {
            if let model = try? recommender(algorithm) { factory.external[algorithm] = model }
        }
        var fitted: [(Algorithm, ModelFactory.FittedModel)] = []
        for algorithm in algorithms {
            progress("fitting \(algorithm.rawValue)")
            let result = try factory.model(algorithm, progress: progress)
            register(result.model)
            fitted.append((algorithm, result))
            progress("\(algorithm.rawValue) ready (\(result.fromCache ? "from cache" : String(format: "%.0f ms", result.milliseconds)))")
        }
        return fitted
    }
}
