import Foundation

/// Attaching item embeddings to an engine: loads them, aligns them to the catalogue and registers the
/// `semantic` recommender, after which sessions, `similarItems` and the map can use it.
extension Engine {
    /// Loads `vectorsPath` + `idsPath` (see `ItemEmbeddings.load`) and registers a `SemanticRecommender`.
    /// Cost: `SemanticRecommender.load` (one read of both files, O(items × dimension) over the cores).
    @discardableResult
    public func attachSemantic(vectorsPath: String, idsPath: String) throws -> SemanticRecommender {
        let model = try SemanticRecommender.load(vectorsPath: vectorsPath, idsPath: idsPath, catalog: dataset.catalog)
        register(model)
        return model
    }

    /// Registers the data directory's own `item_embeddings.npy` + `item_embeddings_ids.csv` when both
    /// exist (SampleData ships them); nil when they do not. Bad files still throw.
    @discardableResult
    public func attachDefaultSemantic() throws -> SemanticRecommender? {
        guard !directory.isEmpty, let files = ItemEmbeddings.defaultFiles(in: directory) else { return nil }
        return try attachSemantic(vectorsPath: files.vectors, idsPath: files.ids)
    }

    /// The semantic model, when embeddings are attached.
    public var semantic: SemanticRecommender? {
        (try? recommender(.semantic)) as? SemanticRecommender
    }

    /// The semantic model or an error saying how to get one.
    public func requireSemantic() throws -> SemanticRecommender {
        guard let model = semantic else {
            throw RecError("no item embeddings loaded (give --item-embeddings FILE --item-ids FILE, or put \(ItemEmbeddings.defaultVectorsFile) and \(ItemEmbeddings.defaultIDsFile) in the data directory)")
        }
        return model
    }

    /// Every user's effective history (event weight × decay, reference time = their newest event),
    /// as sessions compute it. Cost O(events).
    public func weightedHistories(decay: DecayPolicy) -> [[WeightedItem]] {
        dataset.eventsByUser.map { events in
            let mean = EventWeighting.meanRating(of: events)
            let factors = decay.factors(for: events, now: events.last?.timestamp ?? 0)
            return events.indices.compactMap { i in
                let w = weighting.weight(of: events[i], userMean: mean) * factors[i]
                return w != 0 ? WeightedItem(item: events[i].item, weight: w) : nil
            }
        }
    }

    /// Users whose semantic profiles (under `decay`) are closest to `user`'s by cosine, best first, the
    /// user excluded. The user space is built once per decay and cached (first call O(events × 384)).
    public func semanticSimilarUsers(to user: Int, k: Int, decay: DecayPolicy = .standard) throws -> [ScoredUser] {
        let model = try requireSemantic()
        return model.userSpace(decay: decay) { weightedHistories(decay: decay) }.similarUsers(to: user, k: k)
    }
}
