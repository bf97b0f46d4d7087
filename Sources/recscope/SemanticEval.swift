import RecEngine

extension EmbeddingOptions {
    /// Item embeddings for `catalog`, from the flags or the data directory's default files; nil when
    /// there are none. The semantic space depends only on item texts, never on interactions, so the
    /// same model serves a training split.
    func semanticModel(catalog: Catalog, directory: String) throws -> SemanticRecommender? {
        let files: (vectors: String, ids: String)
        if let itemEmbeddings, let itemIds {
            files = (itemEmbeddings, itemIds)
        } else if let found = ItemEmbeddings.defaultFiles(in: directory) {
            files = found
        } else {
            return nil
        }
        return try SemanticRecommender.load(vectorsPath: files.vectors, idsPath: files.ids, catalog: catalog)
    }

    /// Offers the semantic model to an evaluation's model factory (as a model and a hybrid component).
    /// Returns whether embeddings were found.
    @discardableResult
    func offerSemantic(to factory: ModelFactory, catalog: Catalog, directory: String) throws -> Bool {
        guard let model = try semanticModel(catalog: catalog, directory: directory) else { return false }
        factory.external[.semantic] = model
        return true
    }
}
