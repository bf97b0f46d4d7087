import Foundation

/// How interaction weights are re-weighted before item–item similarities are computed.
public enum InteractionWeighting: String, Sendable, Codable, CaseIterable {
    /// Use the weights as they are.
    case none
    /// TF-IDF: weight ← √weight × log(items / (1 + items of the user)); heavy users count less.
    case tfidf
    /// Okapi BM25 with parameters k1 and b: saturates large weights and normalises by how many users an
    /// item has, times the same per-user IDF as `tfidf`.
    case bm25
}

/// Item-kNN parameters. `tuned` holds the defaults chosen on a validation split (docs/EVAL.md).
public struct ItemKNNParameters: Sendable, Hashable, Codable {
    /// Neighbours kept per item (top-K cut).
    public var neighbours: Int
    /// Shrinkage s in cos(i, j) = ⟨xᵢ, xⱼ⟩ / (‖xᵢ‖·‖xⱼ‖ + s); damps similarities resting on few users.
    public var shrinkage: Float
    public var weighting: InteractionWeighting
    /// BM25 saturation k1 and length normalisation b (used only with `.bm25`).
    public var bm25K1: Float
    public var bm25B: Float

    public init(neighbours: Int = 20, shrinkage: Float = 0, weighting: InteractionWeighting = .none, bm25K1: Float = 1.2, bm25B: Float = 0.75) {
        self.neighbours = neighbours
        self.shrinkage = shrinkage
        self.weighting = weighting
        self.bm25K1 = bm25K1
        self.bm25B = bm25B
    }

    public static let tuned = ItemKNNParameters(neighbours: 10, shrinkage: 25, weighting: .none)

    public var description: String {
        "neighbours=\(neighbours) shrinkage=\(shrinkage) weighting=\(weighting.rawValue)" + (weighting == .bm25 ? " k1=\(bm25K1) b=\(bm25B)" : "")
    }
}

/// Item-based k-nearest-neighbours: item–item cosine over the (re-weighted) interaction matrix's item
/// columns, with shrinkage, keeping each item's top-K neighbours. A history scores item i as
/// Σⱼ wⱼ · sim(j, i) over history items j that have i among their neighbours, so a click adds the
/// clicked item's neighbour row (O(K)).
public final class ItemKNNRecommender: CacheableModel {
    public let algorithm = Algorithm.itemKNN
    public let itemCount: Int
    public let parameters: ItemKNNParameters
    /// Neighbour rows (CSR): item j's neighbours are `neighbourItems[neighbourStart[j]..<neighbourStart[j+1]]`,
    /// best first, with similarities in `neighbourSimilarities`.
    public let neighbourStart: [Int]
    public let neighbourItems: [Int32]
    public let neighbourSimilarities: [Float]

    init(itemCount: Int, parameters: ItemKNNParameters, neighbourStart: [Int], neighbourItems: [Int32], neighbourSimilarities: [Float]) {
        self.itemCount = itemCount
        self.parameters = parameters
        self.neighbourStart = neighbourStart
        self.neighbourItems = neighbourItems
        self.neighbourSimilarities = neighbourSimilarities
    }

    /// Fits on `matrix`. Cost O(Σ_users n_u²) multiply-adds plus O(items × touched × log K) selection,
    /// on all cores (rows handed out in chunks, so a few very popular items do not leave a core idle);
    /// `progress(fraction)` is called on one thread as chunks finish, ending with 1.
    /// SampleData: a few hundred ms in a debug build; 10M events on 2 cores: `recscope bench`.
    public static func fit(_ matrix: InteractionMatrix, parameters: ItemKNNParameters = .tuned,
                           progress: (Double) -> Void = { _ in }) throws -> ItemKNNRecommender {
        guard parameters.neighbours > 0 else { throw RecError("item-kNN neighbours must be positive, got \(parameters.neighbours)") }
        guard parameters.shrinkage >= 0, parameters.shrinkage.isFinite else { throw RecError("item-kNN shrinkage must be ≥ 0, got \(parameters.shrinkage)") }
        let weights = reweighted(matrix, parameters: parameters)
        let n = matrix.itemCount
        // Column norms.
        var norms = [Float](repeating: 0, count: n)
        for user in 0..<matrix.userCount {
            for p in matrix.userStart[user]..<matrix.userStart[user + 1] { norms[matrix.userItems[p]] += weights[p] * weights[p] }
        }
        for i in 0..<n { norms[i] = norms[i].squareRoot() }
        // Position of each CSC entry's weight: CSC entry (item i, user u) → weight of CSR entry (u, i).
        var cscWeight = [Float](repeating: 0, count: matrix.entryCount)
        do {
            var fill = Array(matrix.itemStart.dropLast())
            for user in 0..<matrix.userCount {
                for p in matrix.userStart[user]..<matrix.userStart[user + 1] {
                    let item = matrix.userItems[p]
                    cscWeight[fill[item]] = weights[p]
                    fill[item] += 1
                }
            }
        }
        // Rows are independent: each chunk of items fills its own neighbour lists, concatenated after.
        let chunks = RowChunks(count: n)
        var results = [NeighbourRows](repeating: NeighbourRows(), count: chunks.chunkCount)
        results.withUnsafeMutableBufferPointer { output in
            nonisolated(unsafe) let output = output
            chunks.run(progress: progress) { scratch, rows in
                var result = NeighbourRows()
                for i in rows {
                    neighbours(of: i, matrix: matrix, weights: weights, cscWeight: cscWeight, norms: norms, parameters: parameters,
                               scratch: &scratch, into: &result)
                }
                output[rows.lowerBound / chunks.chunkSize] = result
            }
        }
        var start = [0]
        start.reserveCapacity(n + 1)
        var items: [Int32] = []
        var similarities: [Float] = []
        items.reserveCapacity(results.reduce(0) { $0 + $1.items.count })
        similarities.reserveCapacity(items.capacity)
        for chunk in results {
            for count in chunk.counts { start.append(start[start.count - 1] + count) }
            items += chunk.items
            similarities += chunk.similarities
        }
        return ItemKNNRecommender(itemCount: n, parameters: parameters, neighbourStart: start, neighbourItems: items, neighbourSimilarities: similarities)
    }

    /// Neighbour lists of a run of items: per item its count, then its neighbours best first.
    struct NeighbourRows { var counts: [Int] = []; var items: [Int32] = []; var similarities: [Float] = [] }

    /// Appends item `i`'s top-K neighbours to `result`: dot products with every item sharing a user
    /// (accumulated in `scratch`, left zeroed), shrunk cosines, top-K. Cost Σ over i's users of their
    /// item counts.
    @inline(__always)
    static func neighbours(of i: Int, matrix: InteractionMatrix, weights: [Float], cscWeight: [Float], norms: [Float],
                           parameters: ItemKNNParameters, scratch: inout RowChunks.Scratch, into result: inout NeighbourRows) {
        var top = TopK(capacity: min(parameters.neighbours, matrix.itemCount))
        scratch.dots.withUnsafeMutableBufferPointer { dots in
            scratch.isTouched.withUnsafeMutableBufferPointer { isTouched in
                for q in matrix.itemStart[i]..<matrix.itemStart[i + 1] {
                    let user = matrix.itemUsers[q]
                    let wi = cscWeight[q]
                    for p in matrix.userStart[user]..<matrix.userStart[user + 1] {
                        let j = matrix.userItems[p]
                        if !isTouched[j] { isTouched[j] = true; scratch.touched.append(j) }
                        dots[j] += wi * weights[p]
                    }
                }
                for j in scratch.touched {
                    if j != i {
                        let denominator = norms[i] * norms[j] + parameters.shrinkage
                        if denominator > 0 && dots[j] > 0 { top.offer(item: j, score: dots[j] / denominator) }
                    }
                    dots[j] = 0
                    isTouched[j] = false
                }
            }
        }
        scratch.touched.removeAll(keepingCapacity: true)
        let kept = top.sorted()
        result.counts.append(kept.count)
        for neighbour in kept {
            result.items.append(Int32(neighbour.item))
            result.similarities.append(neighbour.score)
        }
    }

    /// The matrix's CSR weights after `parameters.weighting`. Cost O(entries).
    static func reweighted(_ matrix: InteractionMatrix, parameters: ItemKNNParameters) -> [Float] {
        let n = Float(max(matrix.itemCount, 1))
        func userIDF(_ user: Int) -> Float {
            let count = Float(matrix.userStart[user + 1] - matrix.userStart[user])
            return log(n / (1 + count))
        }
        switch parameters.weighting {
        case .none:
            return matrix.userWeights
        case .tfidf:
            var weights = matrix.userWeights
            for user in 0..<matrix.userCount {
                let idf = userIDF(user)
                for p in matrix.userStart[user]..<matrix.userStart[user + 1] { weights[p] = weights[p].squareRoot() * idf }
            }
            return weights
        case .bm25:
            // Item "document length" = total weight of its column.
            var lengths = [Float](repeating: 0, count: matrix.itemCount)
            for p in 0..<matrix.entryCount { lengths[matrix.userItems[p]] += matrix.userWeights[p] }
            let nonEmpty = lengths.filter { $0 > 0 }
            let average = nonEmpty.isEmpty ? 1 : nonEmpty.reduce(0, +) / Float(nonEmpty.count)
            let k1 = parameters.bm25K1
            let b = parameters.bm25B
            var weights = matrix.userWeights
            for user in 0..<matrix.userCount {
                let idf = userIDF(user)
                for p in matrix.userStart[user]..<matrix.userStart[user + 1] {
                    let w = weights[p]
                    let lengthNorm = (1 - b) + b * lengths[matrix.userItems[p]] / average
                    weights[p] = w * (k1 + 1) / (k1 * lengthNorm + w) * idf
                }
            }
            return weights
        }
    }

    /// Similarity of `neighbour` in `item`'s neighbour row, or 0 when it was cut. Cost O(K).
    public func similarity(from item: Int, to neighbour: Int) -> Float {
        guard item >= 0, item < itemCount else { return 0 }
        for p in neighbourStart[item]..<neighbourStart[item + 1] where Int(neighbourItems[p]) == neighbour {
            return neighbourSimilarities[p]
        }
        return 0
    }

    public func makeScorer(history: [WeightedItem]) -> any SessionScorer {
        ItemRowScorer(model: self, history: history)
    }

    /// The item's neighbour row (at most K items). Cost O(K).
    public func similarItems(to item: Int, k: Int) -> [ScoredItem] {
        guard item >= 0, item < itemCount else { return [] }
        return (neighbourStart[item]..<neighbourStart[item + 1]).prefix(max(0, k)).map {
            ScoredItem(item: Int(neighbourItems[$0]), score: neighbourSimilarities[$0])
        }
    }

    public static func cacheParameters(_ parameters: ItemKNNParameters) -> String {
        "itemknn v1 neighbours=\(parameters.neighbours) shrinkage=\(parameters.shrinkage) weighting=\(parameters.weighting.rawValue) k1=\(parameters.bm25K1) b=\(parameters.bm25B)"
    }

    public func encode(into writer: inout BinaryWriter) {
        writer.write(itemCount)
        writer.write(neighbourStart)
        writer.write(neighbourItems)
        writer.write(neighbourSimilarities)
    }

    public static func decode(from reader: inout BinaryReader, parameters: ItemKNNParameters) throws -> ItemKNNRecommender {
        let itemCount = try reader.readInt()
        let start = try reader.readInts()
        let items = try reader.readInt32s()
        let similarities = try reader.readFloats()
        guard itemCount >= 0, start.count - 1 == itemCount, start.first == 0, start.last == items.count,
              items.count == similarities.count, zip(start, start.dropFirst()).allSatisfy({ $0 <= $1 }),
              items.allSatisfy({ $0 >= 0 && Int($0) < itemCount }),
              // Cosines (shrunk towards 0), with slack for rounding: a similarity of 4e37 made scores infinite.
              similarities.allSatisfy({ $0.isFinite && $0.magnitude <= 1.001 }) else {
            throw RecError(file: reader.file, "corrupted cache file: inconsistent item-kNN rows")
        }
        return ItemKNNRecommender(itemCount: itemCount, parameters: parameters, neighbourStart: start, neighbourItems: items, neighbourSimilarities: similarities)
    }
}

extension ItemKNNRecommender: ItemRowModel {
    /// factor × the item's neighbour row (at most K entries).
    func addRow(of item: Int, times factor: Float, into scores: UnsafeMutableBufferPointer<Float>) {
        for p in neighbourStart[item]..<neighbourStart[item + 1] {
            scores[Int(neighbourItems[p])] += factor * neighbourSimilarities[p]
        }
    }

    func rowValue(from item: Int, to target: Int) -> Float { similarity(from: item, to: target) }

    func explanationSummary(parts: [HistoryContribution], total: Float) -> String {
        guard let largest = parts.first else {
            return "no history item has this item among its \(parameters.neighbours) nearest neighbours"
        }
        // Contributions of opposite sign can cancel to a tiny total: a share past Int's range would trap.
        let ratio = total > 0 ? (Double(largest.value) / Double(total) * 100).rounded() : 0
        let share = ratio.isFinite && ratio.magnitude < 1e12 ? Int(ratio) : 0
        return "sum of weight × cosine over \(parts.count) history item\(parts.count == 1 ? "" : "s"); \(share)% from the largest"
    }
}

extension Algorithm {
    /// Item–item cosine with shrinkage, top-K neighbours.
    public static let itemKNN = Algorithm(named: "itemknn")
}

/// Item-kNN: fitted on the interaction matrix, cached.
public struct ItemKNNAlgorithm: AlgorithmDescriptor {
    public var algorithm: Algorithm { .itemKNN }
    public var summary: String { "item–item cosine with shrinkage, top-K neighbours" }
    public var isFitted: Bool { true }
    public var hybridOrder: Int? { 1 }
    public func build(in factory: ModelFactory, progress: (String) -> Void) throws -> ModelFactory.FittedModel {
        let p = factory.configuration.itemKNN
        let result = try factory.loadOrFit(ItemKNNRecommender.self, algorithm: algorithm, parameters: ItemKNNRecommender.cacheParameters(p),
                                           decode: { try ItemKNNRecommender.decode(from: &$0, parameters: p) },
                                           fit: { try ItemKNNRecommender.fit($0, parameters: p, progress: { factory.report(algorithm, $0) }) })
        var parameters = [("neighbours", "\(p.neighbours)"), ("shrinkage", "\(p.shrinkage)"), ("weighting", p.weighting.rawValue)]
        if p.weighting == .bm25 { parameters += [("bm25_k1", "\(p.bm25K1)"), ("bm25_b", "\(p.bm25B)")] }
        return result.fitted(parameters: parameters)
    }
}
