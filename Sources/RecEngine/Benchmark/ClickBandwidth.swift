/// How close a click is to the memory-bandwidth limit: the bytes a click has to move at the least
/// (every pass over catalogue-sized data), to be divided by its median time and compared with the
/// streaming read measured on the same run (`StreamingRead`). Used by `recscope bench`.
///
/// The counts are the data each pass streams, not cache-line traffic: a scorer's pass over its model
/// (content: the item×feature CSR values, columns and row starts; ALS: items × f float32 factors;
/// semantic: items × d float16 or float32 vectors; popularity, item-kNN, EASE: the score row kept per
/// session, copied out) writing a 4-byte score per item, plus the session's own passes over the score
/// row (the filtered top-K's read: 4 bytes per item). ALS and semantic sessions at large catalogues
/// prune instead (`PrunedTopKScorer`): the int8 codes (items × dimension bytes), the estimates written
/// and the filter's read of estimates, scales and magnitudes (16 bytes per item); their candidates'
/// exact rescoring is left out (a few hundred rows). Content at large catalogues keeps its products
/// across clicks: the kept row read and the scores written (8 bytes per item), the clicked features'
/// item lists left out.
public enum ClickBandwidth {
    /// Bytes moved per click → new top-K through a session of `model` (see the type's comment).
    public static func bytesPerClick(_ model: any Recommender) -> Int {
        if let coarse = (model as? SemanticRecommender)?.coarseStage {
            return coarse.packed.count + 16 * model.itemCount  // 4-bit codes, then as below (survivors left out)
        }
        if let factors = model as? FactorsRecommender { return bytesPerClick(factors.als) }
        if let stage = (model as? ALSRecommender)?.firstStage ?? (model as? SemanticRecommender)?.firstStage {
            return stage.codes.count + 16 * model.itemCount
        }
        return scorerBytes(model) + 4 * model.itemCount
    }

    /// Bytes a full exact scan of `model` would stream per click (no pruning, no kept scores), for
    /// comparison: the scorer's full pass plus the top-K read.
    public static func fullScanBytes(_ model: any Recommender) -> Int {
        if let content = model as? ContentRecommender {
            let items = content.features.items
            return items.nonZeroCount * 8 + (items.rowCount + 1) * 8 + content.itemCount * 12
        }
        return scorerBytes(model) + 4 * model.itemCount
    }

    /// Bytes one `score(into:)` of a scorer of `model` streams.
    public static func scorerBytes(_ model: any Recommender) -> Int {
        let n = model.itemCount
        switch model {
        case let content as ContentRecommender:
            let items = content.features.items
            if n >= content.incrementalFromItems { return n * 8 }
            return items.nonZeroCount * 8 + (items.rowCount + 1) * 8 + n * 4 + n * 8
        case let factors as FactorsRecommender:
            return scorerBytes(factors.als)
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
