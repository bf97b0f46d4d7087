import Foundation
import Synchronization

/// The loaded data set with its feature spaces and fitted models: what every session and command
/// works on. Content and popularity are ready at once; other algorithms are `register`ed when fitted
/// (possibly from a background thread), so the registry is behind a `Mutex`.
public final class Engine: Sendable {
    public let dataset: Dataset
    /// Directory the data came from.
    public let directory: String
    public let content: ContentFeatures
    public let contentModel: ContentRecommender
    public let weighting: EventWeighting
    private let models = Mutex<[Algorithm: any Recommender]>([:])
    /// How many times `collaborativeMatrix` has been built on this engine (see `collaborativeMatrixBuilds`).
    let matrixBuilds = Atomic<Int>(0)

    /// Builds the content space and the popularity model. Cost: O(data); tens of ms on SampleData.
    /// `content` is the data set's content space when already built (from a snapshot).
    /// `popularity` likewise (the plain-count model, from a snapshot).
    public init(dataset: Dataset, directory: String = "", weighting: EventWeighting = EventWeighting(), content: ContentFeatures? = nil,
                popularity: PopularityRecommender? = nil) {
        self.dataset = dataset
        self.directory = directory
        self.weighting = weighting
        self.content = content ?? ContentFeatures(catalog: dataset.catalog)
        self.contentModel = ContentRecommender(features: self.content)
        register(contentModel)
        register(popularity ?? PopularityRecommender(dataset: dataset))
    }

    /// Loads `directory` (see `DatasetLoader`) and builds the engine.
    public static func load(directory: String, options: LoadOptions = LoadOptions()) throws -> Engine {
        Engine(dataset: try DatasetLoader.load(directory: directory, options: options), directory: directory)
    }

    /// Adds or replaces the model for its algorithm. Thread-safe.
    public func register(_ model: any Recommender) {
        models.withLock { $0[model.algorithm] = model }
    }

    /// Algorithms with a model ready, in `Algorithm.allCases` order. Thread-safe.
    public var algorithms: [Algorithm] {
        let ready = models.withLock { Set($0.keys) }
        return Algorithm.allCases.filter { ready.contains($0) }
    }

    /// The model for `algorithm`, or an error naming it and listing what is available. Thread-safe.
    public func recommender(_ algorithm: Algorithm) throws -> any Recommender {
        guard let model = models.withLock({ $0[algorithm] }) else {
            let hint = AlgorithmRegistry.descriptor(algorithm).howToProvide.map { "; \($0)" } ?? ""
            throw RecError("algorithm '\(algorithm.rawValue)' is not available (available: \(algorithms.map(\.rawValue).joined(separator: ", "))\(hint))")
        }
        return model
    }

    /// A session for `user` (nil: a new user with no history); `hybridWeights` as in
    /// `Session.setHybridWeights` (nil: the hybrid's defaults).
    public func makeSession(user: Int?, algorithm: Algorithm = .content, decay: DecayPolicy = .standard, k: Int = 10, excludeSeen: Bool = true,
                            hybridWeights: [Float]? = nil) throws -> Session {
        try Session(engine: self, user: user, algorithm: algorithm, decay: decay, k: k, excludeSeen: excludeSeen, hybridWeights: hybridWeights)
    }

    /// Number of events of each user, and their newest timestamp (nil when none).
    public func activity(of user: Int) -> (events: Int, lastActive: Int64?) {
        let events = dataset.eventsByUser[user]
        return (events.count, events.last?.timestamp)
    }

    /// Users whose content profiles (under `decay`) are most cosine-similar to `user`'s, best first,
    /// the user excluded. Cost: O(all events' feature non-zeros + users × dimensions), ~ms on SampleData.
    public func similarUsers(to user: Int, k: Int, decay: DecayPolicy = .standard) -> [ScoredItem] {
        let profiles = dataset.eventsByUser.map { unitContentProfile(of: Array($0), decay: decay) }
        let target = profiles[user]
        var scores = [Float](repeating: -.infinity, count: profiles.count)
        for (other, profile) in profiles.enumerated() where other != user {
            var dot: Float = 0
            for d in profile.indices { dot += profile[d] * target[d] }
            scores[other] = dot
        }
        return TopK.select(scores, k: k)
    }

    /// The L2-normalised content profile of an event list (zero vector when it carries no weight).
    public func unitContentProfile(of events: [Event], decay: DecayPolicy) -> [Float] {
        let mean = EventWeighting.meanRating(of: events)
        let factors = decay.factors(for: events, now: events.last?.timestamp ?? 0)
        let scorer = contentModel.makeContentScorer(history: events.indices.map {
            WeightedItem(item: events[$0].item, weight: weighting.weight(of: events[$0], userMean: mean) * factors[$0])
        })
        let norm = scorer.profileNorm
        return norm > 0 ? scorer.profile.map { $0 / norm } : scorer.profile
    }
}
