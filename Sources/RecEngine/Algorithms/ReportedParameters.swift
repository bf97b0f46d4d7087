/// A model built outside `ModelFactory` (handed to it as `external`) that states its own parameters,
/// so reports such as `recscope eval`'s parameter lines and its JSON `params` describe it like a fitted one.
public protocol ReportsParameters {
    /// Parameters as name/value text pairs, in report order. Cost: O(1) or one pass over a flag array.
    var reportedParameters: [(String, String)] { get }
}

extension FactorsRecommender: ReportsParameters {
    /// The factor dimension, the fold-in's λ and α (ALS's user half-step over the imported item
    /// factors) and how many of the data set's items and users have a factor row.
    public var reportedParameters: [(String, String)] {
        let itemsWith = model.itemHasFactors.lazy.filter { $0 }.count
        let usersWith = model.userHasFactors.lazy.filter { $0 }.count
        return [("dimension", "\(model.dimension)"),
                ("fold_in_regularization", "\(als.parameters.regularization)"), ("fold_in_alpha", "\(als.parameters.alpha)"),
                ("items_with_factors", "\(itemsWith)/\(model.itemHasFactors.count)"),
                ("users_with_factors", "\(usersWith)/\(model.userHasFactors.count)")]
    }
}

extension SemanticRecommender: ReportsParameters {
    /// The embedding dimension, how many items have a vector, the stored precision and centring.
    public var reportedParameters: [(String, String)] {
        [("dimension", "\(embeddings.dimension)"),
         ("items_with_vectors", "\(embeddings.coveredCount)/\(embeddings.itemCount)"),
         ("vectors", halfVectors == nil ? "float32" : "float16"),
         ("centred", isCentred ? "yes" : "no")]
    }
}
