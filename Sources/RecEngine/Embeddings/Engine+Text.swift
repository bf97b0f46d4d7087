/// Questions asked in words, once the words are a vector of the item-embedding space (the sentence
/// encoder runs outside the engine): the catalogue by meaning, and who a not-yet-existing item is for.
extension Engine {
    /// The `k` items whose vectors are closest to `vector` (an encoder output), by cosine in the
    /// semantic model's (centred) space, best first. Throws without item vectors or on a size mismatch.
    /// Cost: one matrix–vector product over the catalogue + top-K.
    public func itemsByMeaning(_ vector: [Float], k: Int) throws -> [ScoredItem] {
        let model = try requireSemantic()
        let q = try direction(of: vector, in: model)
        var cosines = [Float](repeating: 0, count: model.itemCount)
        model.cosinesToAllItems(of: q, scale: 1, into: &cosines)
        for missing in model.itemsWithoutVector { cosines[missing] = -.infinity }
        return TopK.select(cosines, k: k)
    }

    /// The users whose semantic profiles (under `decay`) rank a hypothetical item described by `vector`
    /// highest — cosine of profile and item, best first. Cost: the user space (built once per decay,
    /// then cached) + one matrix–vector product over users.
    public func audience(of vector: [Float], k: Int, decay: DecayPolicy = .standard) throws -> [ScoredUser] {
        let model = try requireSemantic()
        let q = try direction(of: vector, in: model)
        return model.userSpace(decay: decay) { weightedHistories(decay: decay) }.similarUsers(toProfile: q, k: k)
    }

    private func direction(of vector: [Float], in model: SemanticRecommender) throws -> [Float] {
        guard vector.count == model.embeddings.dimension else {
            throw RecError("the text vector has \(vector.count) dimensions; the item embeddings have \(model.embeddings.dimension)")
        }
        guard let q = model.direction(of: vector) else { throw RecError("the text has no direction in the item space") }
        return q
    }
}
