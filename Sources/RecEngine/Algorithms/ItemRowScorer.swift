/// A model whose score for a history is Σⱼ wⱼ · rowⱼ: one row per history item, added up. Item-kNN's
/// rows are its sparse neighbour lists, EASE's the dense rows of B.
protocol ItemRowModel: Recommender {
    /// Adds `factor` × `item`'s row into `scores` (count == itemCount). Cost: the row's length.
    func addRow(of item: Int, times factor: Float, into scores: UnsafeMutableBufferPointer<Float>)
    /// `item`'s row entry for `target` (0 when absent).
    func rowValue(from item: Int, to target: Int) -> Float
    /// The explanation's sentence for these parts (largest first) summing to `total`.
    func explanationSummary(parts: [HistoryContribution], total: Float) -> String
}

/// The session state item-kNN and EASE share: each history item's accumulated weight and the score
/// row Σⱼ max(wⱼ, 0) · rowⱼ, kept up to date by adding one row per changed item (a negative total
/// counts as 0, as in `InteractionMatrix.aggregate`). Cost of a click: one row; of scoring: a copy.
final class ItemRowScorer<Model: ItemRowModel>: SessionScorer {
    let model: Model
    private var weights: [Int: Float] = [:]
    private var scores: [Float]

    init(model: Model, history: [WeightedItem]) {
        self.model = model
        self.scores = [Float](repeating: 0, count: model.itemCount)
        rebuild(history: history)
    }

    func apply(_ changes: [WeightedItem]) {
        scores.withUnsafeMutableBufferPointer { s in
            for change in changes where change.item >= 0 && change.item < model.itemCount {
                let old = weights[change.item] ?? 0
                let new = old + change.weight
                weights[change.item] = new
                let delta = max(new, 0) - max(old, 0)
                guard delta != 0 else { continue }
                model.addRow(of: change.item, times: delta, into: s)
            }
        }
    }

    /// Undo is the negated changes: the state is a sum over the history. Cost as `apply`.
    func retract(_ changes: [WeightedItem], history: () -> [WeightedItem]) {
        apply(Self.negated(changes))
    }

    func rebuild(history: [WeightedItem]) {
        weights = [:]
        for i in scores.indices { scores[i] = 0 }
        apply(history)
    }

    func score(into output: inout [Float]) { VectorKernels.copy(scores, into: &output) }

    /// Each history item j contributes wⱼ · rowⱼ[item]; the parts sum to the score. Cost O(history ×
    /// row look-up).
    func explain(item: Int) -> Explanation {
        guard item >= 0, item < model.itemCount else { return Explanation(algorithm: model.algorithm, item: item, score: 0, historyMeaning: .contribution) }
        var parts: [HistoryContribution] = []
        var total: Float = 0
        for (historyItem, weight) in weights where weight > 0 {
            let value = weight * model.rowValue(from: historyItem, to: item)
            if value != 0 { parts.append(HistoryContribution(item: historyItem, value: value)) }
            total += value
        }
        parts.sort { (abs($0.value), $1.item) > (abs($1.value), $0.item) }
        return Explanation(algorithm: model.algorithm, item: item, score: total, history: parts, historyMeaning: .contribution,
                           summary: model.explanationSummary(parts: parts, total: total))
    }
}
