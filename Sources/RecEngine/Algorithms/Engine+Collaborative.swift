import Foundation
import Synchronization

extension Engine {
    /// The interaction matrix the collaborative models are fitted on: every user–item interaction
    /// once, weight 1 — the setting their parameters were tuned for (docs/EVAL.md). Sessions still
    /// score with effective (rated, decayed) history weights.
    /// Each read builds it afresh: O(events · log(events per user)), seconds at 10M events.
    public var collaborativeMatrix: InteractionMatrix {
        matrixBuilds.add(1, ordering: .relaxed)
        return InteractionMatrix.binary(itemCount: dataset.catalog.count, events: dataset.eventsByUser)
    }

    /// How many times `collaborativeMatrix` has been built on this engine (start-up should build it once).
    public var collaborativeMatrixBuilds: Int { matrixBuilds.load(ordering: .relaxed) }

    /// Fits item-kNN, ALS and EASE on the whole data set (or restores them from `cache`) and builds
    /// the hybrid over them and the engine's content and popularity models (with `liveComponents`, every
    /// other algorithm joins the hybrid at weight 0: see `liveHybrid`), registering each model
    /// as soon as it is ready (and telling `ready`) — so it can run on a background thread while content
    /// and popularity already serve sessions. `progress` receives short status lines. Returns what was fitted, with
    /// times. `fraction` receives how far each fit has got (`FitProgress`, for a progress bar).
    /// `cacheChecked`, when given, is told before anything is fitted or loaded whether `cache` holds a
    /// file of every model to fit (false without a cache; see `ModelCache.holdsModels`), checked against
    /// the same matrix and fingerprint the fits use: the interaction matrix is built once.
    /// Cost on SampleData (release): under a second from the cache, a few seconds fitted.
    @discardableResult
    public func fitCollaborativeModels(configuration: ModelConfiguration = .tuned, cache: ModelCache? = nil,
                                       algorithms: [Algorithm] = Engine.fittedAlgorithms,
                                       liveComponents: Bool = true,
                                       progress: (String) -> Void = { _ in },
                                       fraction: ((FitProgress) -> Void)? = nil,
                                       cacheChecked: ((Bool) -> Void)? = nil,
                                       ready: (Algorithm) -> Void = { _ in }) throws -> [(Algorithm, ModelFactory.FittedModel)] {
        var live = configuration
        let registered = Set(self.algorithms)
        if liveComponents {
            live.hybrid = Engine.liveHybrid(configuration.hybrid) { algorithm in
                AlgorithmRegistry.descriptor(algorithm).isFitted || registered.contains(algorithm)
            }
        }
        let matrix = collaborativeMatrix
        // The cache key's fingerprint, computed once for the check and every fit (O(entries)).
        let fingerprint = cache.map { _ in matrix.fingerprint }
        let factory = ModelFactory(matrix: matrix, dataset: dataset, configuration: live, cache: cache, fingerprint: fingerprint)
        factory.onProgress = fraction
        for algorithm in registered where !AlgorithmRegistry.descriptor(algorithm).isFitted {
            if let model = try? recommender(algorithm) { factory.external[algorithm] = model }
        }
        let (usable, notes) = AlgorithmRegistry.servable(algorithms, for: dataset)
        if let cacheChecked {
            // The files a fit writes: every usable fitted model but the hybrid (built from the others).
            let files = usable.filter { $0 != .hybrid && AlgorithmRegistry.descriptor($0).isFitted }
            cacheChecked(cache.map { $0.holdsModels(fingerprint: fingerprint ?? matrix.fingerprint, algorithms: files) } ?? false)
        }
        notes.forEach(progress)
        var fitted: [(Algorithm, ModelFactory.FittedModel)] = []
        for algorithm in usable {
            progress("fitting \(algorithm.rawValue)")
            let result = try factory.model(algorithm, progress: progress)
            register(result.model)
            ready(algorithm)
            fitted.append((algorithm, result))
            progress("\(algorithm.rawValue) ready (\(result.fromCache ? "from cache" : String(format: "%.0f ms", result.milliseconds)))")
        }
        return fitted
    }

    /// The hybrid sessions use: `recipe` plus, at weight 0, every other algorithm that can be a
    /// component (ALS, item-kNN, EASE, content, popularity, semantic when the data set has embeddings,
    /// and imported factors when given). Weight-0 components change no score — rankings are exactly the recipe's — and cost
    /// nothing per click (`HybridScorer` brings one up to date only when its weight is raised), but they
    /// let a person blend any algorithm in live (`{ } - +` in the explorer, `--weights` on the CLI).
    public static func liveHybrid(_ recipe: HybridConfiguration, isAvailable: (Algorithm) -> Bool) -> HybridConfiguration {
        var live = recipe
        let present = Set(recipe.components.map(\.algorithm))
        let candidates = AlgorithmRegistry.all.compactMap { descriptor in descriptor.hybridOrder.map { (descriptor.algorithm, $0) } }
            .sorted { $0.1 < $1.1 }.map(\.0)
        for algorithm in candidates where !present.contains(algorithm) && isAvailable(algorithm) {
            live.components.append(HybridComponent(algorithm: algorithm, weight: 0))
        }
        return live
    }

    /// `liveHybrid` where every component but semantic and factors is available (semantic when the data
    /// has embeddings, factors when `--factors` gave them).
    public static func liveHybrid(_ recipe: HybridConfiguration, semanticAvailable: Bool, factorsAvailable: Bool = false) -> HybridConfiguration {
        liveHybrid(recipe) { algorithm in
            switch algorithm {
            case .semantic: semanticAvailable
            case .factors: factorsAvailable
            default: true
            }
        }
    }

    /// The algorithms fitted on the interaction matrix (item-kNN, ALS, EASE, the hybrid), registry order.
    public static var fittedAlgorithms: [Algorithm] { AlgorithmRegistry.all.filter(\.isFitted).map(\.algorithm) }
}
