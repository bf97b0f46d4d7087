/// How close a click is to the memory-bandwidth limit: the bytes a click has to move at the least
/// (every pass over catalogue-sized data), to be divided by its median time. Used by `recscope bench`.
///
/// The counts are the data each pass streams, not cache-line traffic: a scorer's pass over its model
/// (content: the item×feature CSR values, columns and row starts; ALS: items × f float32 factors;
/// semantic: items × d float16 or float32 vectors; popularity, item-kNN, EASE: the score row kept per
/// session, copied out) writing a 4-byte score per item, plus the session's own passes over the score
/// row (copy for masking, top-K scan, and the score row kept for the next diff: 12 bytes per item).
public enum ClickBandwidth {
    /// Single-core streaming read bandwidth of the machines this was measured on (ENGINEERING.md).
    public static let singleCoreBytesPerSecond = 33e9

    /// Bytes moved per click → new top-K through a session of `model` (see the type's comment).
    public static func bytesPerClick(_ model: any Recommender) -> Int {
        scorerBytes(model) + 12 * model.itemCount
    }

    /// Bytes one `score(into:)` of a scorer of `model` streams.
    public static func scorerBytes(_ model: any Recommender) -> Int {
        let n = model.itemCount
        switch model {
        case let content as ContentRecommender:
            let items = content.features.items
            return items.nonZeroCount * 8 + (items.rowCount + 1) * 8 + n * 4 + n * 8
        case let als as ALSRecommender:
            return als.itemFactors.values.count * 4 + n * 4
        case let semantic as SemanticRecommender:
            let values = semantic.embeddings.itemCount * semantic.embeddings.dimension
            return values * (semantic.halfVectors == nil ? 4 : 2) + n * 4
        case let recency as RecencyWeightedRecommender:
            // Two base rows (whole history, recent part) combined into one.
            return 2 * scorerBytes(recency.base) + 12 * n
        case let hybrid as HybridRecommender:
            // Each weighted component's row, its normalisation pass (read) and the weighted sum (read
            // row and output, write output); the output cleared first.
            let weights = hybrid.weights
            var bytes = n * 4
            for (component, weight) in zip(hybrid.components, weights) where weight != 0 {
                bytes += scorerBytes(component) + n * 4 + n * 12
            }
            return bytes
        default:
            // A score row kept by the scorer and copied out (popularity, item-kNN, EASE).
            return n * 8
        }
    }
}
