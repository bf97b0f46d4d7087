import CKernels
import CLinearAlgebra
import Foundation
import Synchronization

/// Semantic scorer: items are the unit vectors of their text embedded by a sentence encoder
/// (`ItemEmbeddings`, e.g. all-MiniLM-L6-v2, 384-d), by default centred on the catalogue mean and
/// re-normalised (`ItemEmbeddings.centred`); a user's profile is the weighted mean of the
/// vectors of their history items (weights already carry event strength × decay); an item's score is
/// the cosine between the profile and the item's vector.
///
/// Items without a vector (see `ItemEmbeddings`) add nothing to a profile, never appear as neighbours,
/// and score −1, the floor of the cosine range, so they rank last without stretching a hybrid's
/// min–max normalisation.
///
/// Derived views that are costly to build — the PCA map and the per-decay user space — are computed
/// on first use and cached in memory (behind a `Mutex`, so sessions on several threads may share them).
public final class SemanticRecommender: Recommender, Sendable {
    public let algorithm = Algorithm.semantic
    public let embeddings: ItemEmbeddings
    public var itemCount: Int { embeddings.itemCount }
    /// Dense indices of items without a vector (scored −1).
    let itemsWithoutVector: [Int]

    /// The PCA map and the user spaces (by `DecayPolicy.description`), built on first use.
    private let derived = Mutex<(map: SemanticMap?, userSpaces: [String: SemanticUserSpace])>((nil, [:]))

    /// Whether the space is the centred one (see `ItemEmbeddings.centred`).
    public let isCentred: Bool
    /// The catalogue mean subtracted before centring (zeros when not centred); free text encoded by
    /// the same model is moved into this space with `direction(of:)`.
    public let mean: [Float]

    /// The vectors in float16 for the full-catalogue scans (`score`, `similarItems`) when the catalogue
    /// is large (see `halfPrecisionThreshold`); nil: those scans use the float32 vectors through BLAS.
    public let halfVectors: HalfMatrix?

    /// The float16 vectors quantised to int8 for the first stage of the exact two-stage top-K of
    /// sessions (`SemanticSessionScorer.prunedTop`): half the bytes of the float16 scan. Nil unless the
    /// vectors are in float16 and the catalogue has at least `TwoStageTopK.minimumRows` items (or forced).
    public let firstStage: QuantizedRows?

    /// The same vectors in 4 bits (192 MB at 1M × 384), scanned before the int8 codes
    /// (`TwoStageTopK.cascade`): nil without `firstStage` or when switched off (`fourBitStage`).
    public let coarseStage: NibbleRows?

    /// Catalogues of at least this many values (items × dimension; 2²³ ≈ 21,800 items at 384-d) are
    /// scanned in float16: one scan of a million 384-d items reads 768 MB instead of 1.5 GB. Scores then
    /// differ from the float32 ones by at most 2⁻¹¹ × Σⱼ|vⱼ·qⱼ| (≤ 0.0005 for a cosine) plus float32
    /// rounding. Smaller catalogues stay in float32 (their scan is fast either way).
    public static let halfPrecisionThreshold = 1 << 23

    /// `centred` (default true) scores in the mean-centred space, which on SampleData lifts the
    /// leave-last-20%-out hit rate of the pure semantic ranking about fivefold (docs/SEMANTIC.md).
    /// `halfPrecision` forces the float16 scans on (true) or off (false); nil decides by
    /// `halfPrecisionThreshold`. Cost O(items × dimension) when centring or converting, O(items) otherwise.
    /// `twoStage` forces the int8 first stage on or off when the vectors are in float16 (nil: by size);
    /// `fourBitStage` adds the 4-bit stage in front of it (nil: on unless the environment variable
    /// RECSCOPE_SEMANTIC_4BIT is 0, for A/B measurements).
    public convenience init(embeddings: ItemEmbeddings, centred: Bool = true, halfPrecision: Bool? = nil, twoStage: Bool? = nil, fourBitStage: Bool? = nil) {
        let prepared = PreparedEmbeddings(space: centred ? embeddings.centred() : embeddings, isCentred: centred,
                                          mean: centred ? embeddings.meanVector : [Float](repeating: 0, count: embeddings.dimension))
        self.init(prepared: prepared, halfPrecision: halfPrecision, twoStage: twoStage, fourBitStage: fourBitStage)
    }

    /// A model over an already prepared space (`ItemEmbeddings.prepare`). A space held in float16 is
    /// scanned as it is (no copy); a float32 one gets a float16 copy when `halfPrecision` says so (nil:
    /// by `halfPrecisionThreshold`). `twoStage`/`fourBitStage` as in `init(embeddings:…)`. Cost
    /// O(items × dimension) for the float16 copy and the int8/4-bit codes (over the cores).
    public init(prepared: PreparedEmbeddings, halfPrecision: Bool? = nil, twoStage: Bool? = nil, fourBitStage: Bool? = nil) {
        let space = prepared.space
        self.embeddings = space
        self.isCentred = prepared.isCentred
        self.mean = prepared.mean
        self.itemsWithoutVector = space.hasVector.indices.filter { !space.hasVector[$0] }
        let halfVectors: HalfMatrix?
        if let stored = space.halfRows {
            halfVectors = stored
        } else if halfPrecision ?? (space.itemCount * space.dimension >= SemanticRecommender.halfPrecisionThreshold) {
            halfVectors = HalfMatrix(rows: space.itemCount, columns: space.dimension, values: space.vectors)
        } else {
            halfVectors = nil
        }
        self.halfVectors = halfVectors
        if let halfVectors, twoStage ?? (space.itemCount >= TwoStageTopK.minimumRows) {
            self.firstStage = QuantizedRows(half: halfVectors)
            let fourBit = fourBitStage ?? (ProcessInfo.processInfo.environment["RECSCOPE_SEMANTIC_4BIT"] != "0")
            self.coarseStage = fourBit ? NibbleRows(half: halfVectors) : nil
        } else {
            self.firstStage = nil
            self.coarseStage = nil
        }
    }

    /// Reads, aligns and prepares the vectors (`ItemEmbeddings.prepare`: centred, float16 only for large
    /// catalogues) and builds the model. Throws what `ItemEmbeddings.load` throws. Cost: see `prepare`
    /// and `init(prepared:…)`; at 1M × 384 see docs/SEMANTIC.md.
    public static func load(vectorsPath: String, idsPath: String, catalog: Catalog, centred: Bool = true,
                            vectorsDisplayName: String? = nil, idsDisplayName: String? = nil) throws -> SemanticRecommender {
        let prepared = try ItemEmbeddings.prepare(vectorsPath: vectorsPath, idsPath: idsPath, catalog: catalog, centred: centred,
                                                  vectorsDisplayName: vectorsDisplayName, idsDisplayName: idsDisplayName)
        return SemanticRecommender(prepared: prepared)
    }

    /// The catalogue on the PCA plane, fitted on first use and then cached. Cost of the first call:
    /// `PlanarProjection.fit` (tens of ms on SampleData, see docs/SEMANTIC.md); later calls O(1).
    public func map() throws -> SemanticMap {
        if let cached = derived.withLock({ $0.map }) { return cached }
        let map = try SemanticMap(embeddings: embeddings)
        return derived.withLock { state in
            if state.map == nil { state.map = map }
            return state.map ?? map
        }
    }

    /// Every user's semantic profile under `decay`, built by `histories` on first use for that decay
    /// and cached. Cost of a first call: O(events × dimension); later calls O(1).
    public func userSpace(decay: DecayPolicy, histories: () -> [[WeightedItem]]) -> SemanticUserSpace {
        let key = decay.description
        if let cached = derived.withLock({ $0.userSpaces[key] }) { return cached }
        let space = SemanticUserSpace(embeddings: embeddings, histories: histories())
        derived.withLock { $0.userSpaces[key] = space }
        return space
    }

    /// Cost O(history × dimension).
    public func makeScorer(history: [WeightedItem]) -> any SessionScorer {
        makeSemanticScorer(history: history)
    }

    /// Same as `makeScorer`, typed, for callers that want the profile vector (the map).
    public func makeSemanticScorer(history: [WeightedItem]) -> SemanticSessionScorer {
        let scorer = SemanticSessionScorer(model: self)
        scorer.rebuild(history: history)
        return scorer
    }

    /// The `k` items whose vectors have the highest cosine with `item`'s, best first; `item` itself and
    /// items without a vector excluded (empty when `item` has none). Cost: one sgemv over
    /// items × dimension plus O(items × log k).
    public func similarItems(to item: Int, k: Int) -> [ScoredItem] {
        guard item >= 0, item < itemCount, embeddings.hasVector[item], k > 0 else { return [] }
        var cosines = [Float](repeating: 0, count: itemCount)
        let query = embeddings.vector(of: item)
        if let firstStage, let halfVectors {
            // The exact two-stage top-K (int8 first stage, float16 rescoring as the full scan does it).
            let d = embeddings.dimension, hasVector = embeddings.hasVector
            let pruned = query.withUnsafeBufferPointer { x in
                halfVectors.bits.withUnsafeBufferPointer { bits in
                    TwoStageTopK.select(k: k, rows: firstStage, coarse: coarseStage, query: x.baseAddress!, scale: 1, excluded: { $0 == item || !hasVector[$0] },
                                        exact: { other in
                                            var out: Float = 0
                                            rk_half_gemv(bits.baseAddress! + other * d, 1, d, x.baseAddress!, 1, &out)
                                            return out
                                        }, estimates: &cosines)?.top
                }
            }
            if let pruned { return pruned }
        }
        cosinesToAllItems(of: query, scale: 1, into: &cosines)
        cosines[item] = -.infinity
        for missing in itemsWithoutVector { cosines[missing] = -.infinity }
        return TopK.select(cosines, k: k)
    }

    /// `scores[i] = scale × (vector(i) · query)` for every item: the float16 kernel over all cores
    /// (`halfVectors`), else one cblas_sgemv. Cost O(items × dimension) (9,742 × 384 ≈ 3.7 M
    /// multiply-adds); memory-bound at a million items (768 MB read in float16).
    func cosinesToAllItems(of query: [Float], scale: Float, into scores: inout [Float]) {
        if let halfVectors {
            query.withUnsafeBufferPointer { x in
                scores.withUnsafeMutableBufferPointer { y in halfVectors.multiplyVector(x.baseAddress!, scale: scale, into: y.baseAddress!) }
            }
            return
        }
        let n = Int32(itemCount), d = Int32(embeddings.dimension)
        embeddings.floatRows.withUnsafeBufferPointer { matrix in
            query.withUnsafeBufferPointer { x in
                scores.withUnsafeMutableBufferPointer { y in
                    cblas_sgemv(CblasRowMajor, CblasNoTrans, n, d, scale, matrix.baseAddress, d, x.baseAddress, 1, 0, y.baseAddress, 1)
                }
            }
        }
    }
}

/// One session's semantic profile, kept as the weighted sum of history vectors and the total weight,
/// so a click is one axpy (O(dimension)) and scoring is one sgemv.
public final class SemanticSessionScorer: PrunedTopKScorer {
    let model: SemanticRecommender
    /// Σ weight × vector over history items that have a vector.
    public private(set) var weightedSum: [Float]
    /// Σ weight over the same items.
    public private(set) var totalWeight: Double = 0
    /// Net weight per history item (items without a vector included, for explanation only).
    public private(set) var historyWeights: [Int: Float] = [:]

    init(model: SemanticRecommender) {
        self.model = model
        self.weightedSum = [Float](repeating: 0, count: model.embeddings.dimension)
    }

    /// The profile: the weighted mean of the history vectors (zeros when the history has none).
    /// Cost O(dimension).
    public var profile: [Float] {
        guard totalWeight > 0 else { return [Float](repeating: 0, count: weightedSum.count) }
        let inverse = Float(1 / totalWeight)
        return weightedSum.map { $0 * inverse }
    }

    /// Cost O(changes × dimension).
    public func apply(_ changes: [WeightedItem]) {
        let embeddings = model.embeddings
        for change in changes where change.item >= 0 && change.item < embeddings.itemCount {
            let net = historyWeights[change.item, default: 0] + change.weight
            // A window eviction brings an item back to (about) zero: forget it.
            historyWeights[change.item] = abs(net) <= 1e-6 ? nil : net
            guard embeddings.hasVector[change.item], change.weight != 0 else { continue }
            totalWeight += Double(change.weight)
            weightedSum.withUnsafeMutableBufferPointer { sum in embeddings.addVector(of: change.item, times: change.weight, to: sum.baseAddress!) }
        }
        if abs(totalWeight) <= 1e-9 { totalWeight = 0 }
    }

    /// Undo is the negated changes: the state is a sum over the history. Cost as `apply`.
    public func retract(_ changes: [WeightedItem], history: () -> [WeightedItem]) {
        apply(Self.negated(changes))
    }

    /// Cost O(history × dimension).
    public func rebuild(history: [WeightedItem]) {
        for j in weightedSum.indices { weightedSum[j] = 0 }
        totalWeight = 0
        historyWeights = [:]
        apply(history)
    }

    /// Cosine of profile and every item; −1 for items without a vector; all 0 (no preference) when the
    /// profile is empty. Cost: one sgemv over items × dimension.
    public func score(into scores: inout [Float]) {
        if scores.count != model.itemCount { scores = [Float](repeating: 0, count: model.itemCount) }
        let norm = profileNorm
        if totalWeight > 0, norm > 0 {
            model.cosinesToAllItems(of: weightedSum, scale: 1 / norm, into: &scores)
        } else {
            for i in scores.indices { scores[i] = 0 }
        }
        for missing in model.itemsWithoutVector { scores[missing] = -1 }
    }

    /// The exact top-K by the two-stage path (`TwoStageTopK`) over the model's int8 vectors; nil without
    /// them or with an empty profile. Exact scores come from the float16 kernel, row by row, exactly as
    /// `score(into:)` computes them. Cost: items·dimension bytes read + 8 bytes per item + one float16
    /// row per candidate.
    public func prunedTop(k: Int, excluded: (Int) -> Bool, estimates: inout [Float]) -> [ScoredItem]? {
        guard let firstStage = model.firstStage, model.halfVectors != nil else { return nil }
        let norm = profileNorm
        guard totalWeight > 0, norm > 0 else { return nil }
        let exact = exactScores()
        return weightedSum.withUnsafeBufferPointer { x in
            TwoStageTopK.select(k: k, rows: firstStage, coarse: model.coarseStage, query: x.baseAddress!, scale: 1 / norm, fixed: model.itemsWithoutVector, fixedScore: -1,
                                excluded: excluded, exact: exact, estimates: &estimates)?.top
        }
    }

    /// Exact score of any item for the current profile (a copy of it), as `score(into:)` writes it.
    /// O(dimension) per call.
    public func exactScores() -> (Int) -> Float {
        let query = weightedSum, norm = profileNorm, positive = totalWeight > 0 && norm > 0
        let model = self.model, d = model.embeddings.dimension
        return { item in
            guard item >= 0, item < model.itemCount else { return 0 }
            guard model.embeddings.hasVector[item] else { return -1 }
            guard positive else { return 0 }
            var out: Float = 0
            query.withUnsafeBufferPointer { x in
                if let half = model.halfVectors {
                    half.bits.withUnsafeBufferPointer { rk_half_gemv($0.baseAddress! + item * d, 1, d, x.baseAddress!, 1 / norm, &out) }
                } else {
                    model.embeddings.floatRows.withUnsafeBufferPointer { out = VectorKernels.dot($0.baseAddress! + item * d, x.baseAddress!, d) / norm }
                }
            }
            return out
        }
    }

    /// Euclidean length of the weighted sum (the mean's direction is what the cosine uses).
    private var profileNorm: Float {
        var squares: Float = 0
        for v in weightedSum { squares += v * v }
        return squares.squareRoot()
    }

    /// Cosine of the profile with one item (−1 without a vector, 0 with an empty profile).
    /// Cost O(dimension).
    public func score(of item: Int) -> Float {
        let embeddings = model.embeddings
        guard item >= 0, item < embeddings.itemCount else { return 0 }
        guard embeddings.hasVector[item] else { return -1 }
        let norm = profileNorm
        guard totalWeight > 0, norm > 0 else { return 0 }
        let v = embeddings.vector(of: item)
        var dot: Float = 0
        for (s, value) in zip(weightedSum, v) { dot += s * value }
        return dot / norm
    }

    /// The history items closest to `item` in the semantic space (cosine, largest first, at most 10),
    /// with the profile cosine as the score. Cost O(history × dimension).
    public func explain(item: Int) -> Explanation {
        let embeddings = model.embeddings
        let score = score(of: item)
        var history: [HistoryContribution] = []
        if item >= 0, item < embeddings.itemCount, embeddings.hasVector[item] {
            for (h, weight) in historyWeights where weight > 0 && embeddings.hasVector[h] && h != item {
                history.append(HistoryContribution(item: h, value: embeddings.cosine(h, item)))
            }
            history.sort { $0.value != $1.value ? $0.value > $1.value : $0.item < $1.item }
            if history.count > 10 { history.removeSubrange(10...) }
        }
        let summary: String
        if item < 0 || item >= embeddings.itemCount || !embeddings.hasVector[item] {
            summary = "item has no semantic vector"
        } else if totalWeight <= 0 {
            summary = "no history with semantic vectors; no preference"
        } else if let nearest = history.first {
            summary = "cosine \(formatted(score)) of semantic profile and item; nearest history item at cosine \(formatted(nearest.value))"
        } else {
            summary = "cosine \(formatted(score)) of semantic profile and item"
        }
        return Explanation(algorithm: .semantic, item: item, score: score, history: history, historyMeaning: .similarity, summary: summary)
    }

    private func formatted(_ value: Float) -> String { value.fixed(places: 3) }
}

extension Algorithm {
    /// Cosine in the sentence-embedding space.
    public static let semantic = Algorithm(named: "semantic")
}

/// Semantic: built from the item embeddings that come with the data (the engine registers it when
/// they are found; `ModelFactory.external` offers it to evaluation and the hybrid).
public struct SemanticAlgorithm: AlgorithmDescriptor {
    public var algorithm: Algorithm { .semantic }
    public var summary: String { "cosine in the sentence-embedding space (all-MiniLM-L6-v2, 384-d)" }
    public var isFitted: Bool { false }
    public var hybridOrder: Int? { 4 }
    public func build(in factory: ModelFactory, progress: (String) -> Void) throws -> ModelFactory.FittedModel {
        throw RecError("algorithm 'semantic' needs item embeddings: item_embeddings.npy + item_embeddings_ids.csv beside the data, or --item-embeddings FILE --item-ids FILE")
    }
}
