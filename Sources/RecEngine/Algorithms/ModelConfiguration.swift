import Foundation

/// One hybrid component: which fitted algorithm, its weight, and optional recency emphasis.
public struct HybridComponent: Sendable, Hashable, Codable {
    public var algorithm: Algorithm
    public var weight: Float
    /// When set, the component is wrapped in `RecencyWeightedRecommender` (item-kNN and EASE only).
    public var recency: RecencyParameters?

    public init(algorithm: Algorithm, weight: Float, recency: RecencyParameters? = nil) {
        self.algorithm = algorithm
        self.weight = weight
        self.recency = recency
    }

    public var description: String {
        "\(algorithm.rawValue)\(recency.map { "[recency \($0.halfLife)/\($0.floor)]" } ?? "")×\(weight)"
    }
}

/// The hybrid's recipe.
public struct HybridConfiguration: Sendable, Hashable, Codable {
    public var components: [HybridComponent]
    public var normalisation: ScoreNormalisation

    public init(components: [HybridComponent], normalisation: ScoreNormalisation = .zScore) {
        self.components = components
        self.normalisation = normalisation
    }

    public var description: String {
        "normalisation=\(normalisation.rawValue) components=" + components.map(\.description).joined(separator: "+")
    }
}

extension HybridConfiguration {
    /// Parses a recipe such as `ease:1@5/0.1,itemknn:0.2@20/0.1,als:0.1` — comma-separated
    /// `ALGORITHM:WEIGHT`, optionally `@HALF_LIFE_EVENTS/FLOOR` for recency emphasis.
    /// Throws a one-line `RecError` naming the bad part.
    public static func parse(_ text: String, normalisation: ScoreNormalisation = .zScore) throws -> HybridConfiguration {
        var components: [HybridComponent] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            let recencySplit = part.split(separator: "@", maxSplits: 1).map(String.init)
            let fields = recencySplit[0].split(separator: ":").map(String.init)
            guard fields.count == 2, let algorithm = Algorithm(rawValue: fields[0].lowercased()), let weight = Float(fields[1]), weight.isFinite else {
                throw RecError("bad hybrid component '\(part)': expected ALGORITHM:WEIGHT[@HALF_LIFE/FLOOR], e.g. ease:1@5/0.1")
            }
            guard algorithm != .hybrid else { throw RecError("bad hybrid component '\(part)': a hybrid cannot contain a hybrid") }
            var recency: RecencyParameters?
            if recencySplit.count == 2 {
                let numbers = recencySplit[1].split(separator: "/").map(String.init)
                guard numbers.count == 2, let halfLife = Double(numbers[0]), let floor = Float(numbers[1]) else {
                    throw RecError("bad recency '@\(recencySplit[1])' in hybrid component '\(part)': expected @HALF_LIFE/FLOOR, e.g. @5/0.1")
                }
                recency = RecencyParameters(halfLife: halfLife, floor: floor)
            }
            components.append(HybridComponent(algorithm: algorithm, weight: weight, recency: recency))
        }
        guard !components.isEmpty else { throw RecError("empty hybrid recipe '\(text)'") }
        return HybridConfiguration(components: components, normalisation: normalisation)
    }
}

/// Parameters of every fitted algorithm. `tuned` holds the defaults chosen on the validation split
/// (docs/EVAL.md, `recscope eval --tune`).
public struct ModelConfiguration: Sendable, Hashable, Codable {
    public var itemKNN: ItemKNNParameters
    public var als: ALSParameters
    public var ease: EASEParameters
    public var hybrid: HybridConfiguration

    public init(itemKNN: ItemKNNParameters = .tuned, als: ALSParameters = .tuned, ease: EASEParameters = .tuned, hybrid: HybridConfiguration = .tuned) {
        self.itemKNN = itemKNN
        self.als = als
        self.ease = ease
        self.hybrid = hybrid
    }

    public static let tuned = ModelConfiguration()
}

extension HybridConfiguration {
    /// Chosen on the validation split (docs/EVAL.md, `eval --tune`, re-run after the recency fix): the
    /// cheapest recipe within 0.003 validation NDCG of the best one. The best
    /// (+ popularity ×0.05 + content ×0.2, 0.1653) adds a content profile update and scoring pass to
    /// every click for +0.0028 over this one (0.1625).
    public static let tuned = HybridConfiguration(components: [
        HybridComponent(algorithm: .ease, weight: 1, recency: RecencyParameters(halfLife: 5, floor: 0.1)),
        HybridComponent(algorithm: .itemKNN, weight: 0.1, recency: RecencyParameters(halfLife: 5, floor: 0.1)),
    ], normalisation: .zScore)
}

/// Fits (or restores from the cache) the models of one interaction matrix, each at most once, and
/// builds hybrids over them. Popularity and content come from the `Dataset` given (for evaluation:
/// the training part only).
public final class ModelFactory {
    public let matrix: InteractionMatrix
    public let dataset: Dataset
    public let configuration: ModelConfiguration
    public let cache: ModelCache?
    /// Models built elsewhere (the engine's content and popularity, `semantic` from its own module):
    /// used as they are instead of being built here, also as hybrid components.
    public var external: [Algorithm: any Recommender] = [:]
    private var fitted: [Algorithm: FittedModel] = [:]
    private var features: ContentFeatures?
    /// `matrix.fingerprint`, computed on first use and kept: every cached model of this factory is
    /// keyed by it (one O(entries) pass instead of one per model).
    private lazy var fingerprint: UInt64 = matrix.fingerprint
    /// Receives how far each fit has got (see `FitProgress`), on the fitting thread.
    public var onProgress: ((FitProgress) -> Void)?

    /// A fitted model with how long it took and whether it came from the cache.
    public struct FittedModel {
        public var model: any Recommender
        /// Wall-clock fit (or cache load) time in milliseconds; for the hybrid, the sum of its
        /// components' times.
        public var milliseconds: Double
        public var fromCache: Bool
        /// Parameters as name/value text pairs, for reports.
        public var parameters: [(String, String)]
    }

    /// `fingerprint`: `matrix.fingerprint` when the caller has already computed it (nil: computed on
    /// first use).
    public init(matrix: InteractionMatrix, dataset: Dataset, configuration: ModelConfiguration = .tuned, cache: ModelCache? = nil,
                fingerprint: UInt64? = nil) {
        self.matrix = matrix
        self.dataset = dataset
        self.configuration = configuration
        self.cache = cache
        if let fingerprint { self.fingerprint = fingerprint }
    }

    /// The model for `algorithm`, fitting it on first use. `progress` receives short status lines.
    public func model(_ algorithm: Algorithm, progress: (String) -> Void = { _ in }) throws -> FittedModel {
        if let done = fitted[algorithm] { return done }
        if let given = external[algorithm] {
            let result = FittedModel(model: given, milliseconds: 0, fromCache: false, parameters: (given as? ReportsParameters)?.reportedParameters ?? [])
            fitted[algorithm] = result
            return result
        }
        let descriptor = AlgorithmRegistry.descriptor(algorithm)
        if let reason = descriptor.unavailableReason(for: dataset) {
            throw RecError("algorithm '\(algorithm.rawValue)' is not available: \(reason)")
        }
        let started = DispatchTime.now().uptimeNanoseconds
        var result = try descriptor.build(in: self, progress: progress)
        if result.milliseconds == 0 && !result.fromCache { result.milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6 }
        fitted[algorithm] = result
        return result
    }

    /// A model restored from the cache or fitted on `matrix`, with how long that took.
    public struct Built<Model: Recommender> {
        public var model: Model
        public var fromCache: Bool
        /// Fit (or cache read) time, milliseconds.
        public var milliseconds: Double

        public func fitted(parameters: [(String, String)]) -> FittedModel {
            FittedModel(model: model, milliseconds: milliseconds, fromCache: fromCache, parameters: parameters)
        }
    }

    /// `fit(matrix)`, or the model the cache holds for this matrix and `parameters` (written there after
    /// a fit). Without a cache, always fits. Cost: the fit, or a cache read.
    public func loadOrFit<Model: CacheableModel>(_ type: Model.Type, algorithm: Algorithm, parameters: String,
                                                 decode: (inout BinaryReader) throws -> Model,
                                                 fit: (InteractionMatrix) throws -> Model) throws -> Built<Model> {
        let started = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6 }
        let matrix = self.matrix
        guard let cache else { return Built(model: try fit(matrix), fromCache: false, milliseconds: elapsed()) }
        let result = try cache.loadOrFit(type, algorithm: algorithm, fingerprint: fingerprint, parameters: parameters,
                                         decode: decode, fit: { try fit(matrix) })
        return Built(model: result.model, fromCache: result.outcome == .loaded, milliseconds: result.fitMilliseconds ?? elapsed())
    }

    /// One-line notes about algorithms left out because they cannot serve this data set (see
    /// `AlgorithmDescriptor.unavailableReason`), in the order they arose.
    public private(set) var notes: [String] = []

    /// A hybrid over this factory's models (fitting components as needed). Components that cannot serve
    /// the data set are left out with a note in `notes`.
    public func hybrid(_ recipe: HybridConfiguration, progress: (String) -> Void = { _ in }) throws -> FittedModel {
        var components: [any Recommender] = []
        var weights: [Float] = []
        var milliseconds = 0.0
        var allCached = true
        var recipe = recipe
        recipe.components = recipe.components.filter { component in
            guard let reason = AlgorithmRegistry.descriptor(component.algorithm).unavailableReason(for: dataset) else { return true }
            let note = "hybrid component \(component.algorithm.rawValue) left out: \(reason)"
            if !notes.contains(note) { notes.append(note); progress(note) }
            return false
        }
        guard !recipe.components.isEmpty else { throw RecError("the hybrid has no component that can serve this data set") }
        for component in recipe.components {
            guard component.algorithm != .hybrid else { throw RecError("a hybrid cannot contain the default hybrid itself") }
            let fitted = try model(component.algorithm, progress: progress)
            milliseconds += fitted.milliseconds
            // Models that are never fitted (content, popularity, semantic: built with the engine) do not
            // make a hybrid of cached components "fitted".
            allCached = allCached && (fitted.fromCache || !AlgorithmRegistry.descriptor(component.algorithm).isFitted)
            if let recency = component.recency {
                components.append(try RecencyWeightedRecommender(base: fitted.model, parameters: recency))
            } else {
                components.append(fitted.model)
            }
            weights.append(component.weight)
        }
        let model = try HybridRecommender(components: components, weights: weights, normalisation: recipe.normalisation)
        return FittedModel(model: model, milliseconds: milliseconds, fromCache: allCached,
                           parameters: [("normalisation", recipe.normalisation.rawValue)] + recipe.components.map { ($0.algorithm.rawValue + ($0.recency != nil ? "_recency" : ""), $0.description) })
    }

    /// The content feature space of this factory's catalogue (built once).
    public func contentFeatures() -> ContentFeatures {
        if let features { return features }
        let built = ContentFeatures(catalog: dataset.catalog)
        features = built
        return built
    }
}
