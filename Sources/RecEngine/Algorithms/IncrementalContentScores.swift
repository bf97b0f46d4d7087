/// Unnormalised content scores (item · profile) kept across clicks: a click changes the profile in the
/// clicked item's few features, so only the items sharing one of them (`ContentFeatures.byFeature`)
/// change score. Changes are recorded at `apply` and folded in when scores are next needed, so a
/// profile kept only for display costs nothing per click.
///
/// The kept scores equal a full product up to float rounding; a full product replaces them after
/// `refreshEvery` incremental updates (rounding never accumulates further), after a rebuild, or when
/// the changed features' item lists together exceed a third of the matrix.
struct IncrementalContentScores {
    /// Full products after this many folded-in changes.
    static let refreshEvery = 64

    private(set) var dots: [Float]?
    private var pending: [WeightedItem] = []
    private var updatesSinceFull = 0

    /// Forgets the kept scores (the next `upToDate` computes a full product).
    mutating func invalidate() {
        dots = nil
        pending.removeAll(keepingCapacity: true)
    }

    /// Records changes already applied to the profile. O(changes).
    mutating func record(_ changes: [WeightedItem]) {
        guard dots != nil else { return }
        pending.append(contentsOf: changes)
        if pending.count > IncrementalContentScores.refreshEvery { invalidate() }
    }

    /// item · `profile` for every item. Cost: Σ over the pending changes' features of their item-list
    /// lengths, or O(nnz) for a full product.
    mutating func upToDate(profile: [Float], items: SparseMatrix, byFeature: SparseMatrix) -> [Float] {
        if var dots, updatesSinceFull + pending.count <= IncrementalContentScores.refreshEvery {
            var work = 0
            for change in pending {
                for p in items.range(ofRow: change.item) { work += byFeature.range(ofRow: Int(items.columns[p])).count }
            }
            if work <= items.nonZeroCount / 3 {
                self.dots = nil  // keep one reference to the array: updated in place
                byFeature.columns.withUnsafeBufferPointer { itemIds in
                    byFeature.values.withUnsafeBufferPointer { weights in
                        dots.withUnsafeMutableBufferPointer { out in
                            for change in pending where change.weight != 0 {
                                for p in items.range(ofRow: change.item) {
                                    let coefficient = change.weight * items.values[p]
                                    for q in byFeature.range(ofRow: Int(items.columns[p])) {
                                        out[Int(itemIds[q])] += coefficient * weights[q]
                                    }
                                }
                            }
                        }
                    }
                }
                updatesSinceFull += pending.count
                pending.removeAll(keepingCapacity: true)
                self.dots = dots
                return dots
            }
        }
        var full = [Float](repeating: 0, count: items.rowCount)
        items.multiply(dense: profile, into: &full)
        dots = full
        pending.removeAll(keepingCapacity: true)
        updatesSinceFull = 0
        return full
    }
}
