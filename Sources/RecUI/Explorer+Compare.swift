import RecEngine

/// State of the Rankings pane's compare mode.
struct CompareState {
    var enabled = false
    /// The second algorithm picked with `C` (nil: the one after the current algorithm).
    var chosen: Algorithm?
    /// The second algorithm's session for `user`, kept in step with the main session's clicks.
    var session: Session?
    var user: UserRef?
}

/// Compare mode: `c` shows the current algorithm's ranking beside a second algorithm's for the same
/// user, clicks and decay; `C` changes the second algorithm. The second session follows the main one
/// lazily: new clicks are applied to it incrementally, anything else (undo, reset, decay, user,
/// weights) rebuilds it from the history.
extension Explorer {
    /// Length of the lists the overlap summary compares first (the CLI's default -k).
    static let compareTopK = 10

    /// The compared algorithm: the one picked with `C`, else the next available after the current
    /// one; nil while no other algorithm is ready.
    public var compareAlgorithm: Algorithm? {
        let available = engine.algorithms
        let others = available.filter { $0 != algorithm }
        if let chosen = compare.chosen, others.contains(chosen) { return chosen }
        guard !others.isEmpty else { return nil }
        let start = available.firstIndex(of: algorithm) ?? -1
        return (1...available.count).lazy.map { available[(start + $0) % available.count] }.first { $0 != self.algorithm }
    }

    /// True while the Rankings pane compares two algorithms.
    public var isComparing: Bool { compare.enabled }

    func toggleCompare() {
        if compare.enabled {
            compare.enabled = false
            compare.session = nil
            message = "compare off"
        } else {
            guard let second = compareAlgorithm else {
                message = "compare needs a second algorithm" + (hasBackgroundWork ? " (still fitting)" : "")
                return
            }
            compare.enabled = true
            message = "comparing \(algorithm.rawValue) with \(second.rawValue): number = rank in the other list; C changes it, c closes"
        }
        rankingsCache = nil
        clampAll()
    }

    func cycleCompareAlgorithm() {
        let available = engine.algorithms
        let others = available.filter { $0 != algorithm }
        guard let current = compareAlgorithm, !others.isEmpty else {
            message = "compare needs a second algorithm" + (hasBackgroundWork ? " (still fitting)" : "")
            return
        }
        // Next in the cycle order after the compared one, skipping the current algorithm.
        let start = available.firstIndex(of: current) ?? 0
        let next = (1...available.count).lazy.map { available[(start + $0) % available.count] }.first { $0 != self.algorithm } ?? current
        compare.chosen = next
        compare.enabled = true
        compare.session = nil
        message = "comparing \(algorithm.rawValue) with \(next.rawValue)" + (others.count == 1 ? " (the only other one ready)" : "")
        clampAll()
    }

    /// The compared algorithm's session for the current user, brought in step with the main session.
    func comparedSession() -> Session? {
        guard compare.enabled, let second = compareAlgorithm else { return nil }
        let weights = second == .hybrid ? hybridWeights : nil
        if let existing = compare.session, compare.user == current, existing.algorithm == second, existing.decay == decay,
           weights == nil || existing.hybridWeightOverride == weights {
            // Undo in the main session is an undo here (incremental, as a click is); clicks since are
            // applied one by one; only a history that differs otherwise is rebuilt.
            let shared = zip(existing.clicks, session.clicks).prefix { $0 == $1 }.count
            if existing.clicks.count - shared <= 8 {
                while existing.clicks.count > shared { existing.undo() }
                for item in session.clicks.dropFirst(shared) { _ = try? existing.click(item: item) }
                return existing
            }
        }
        do {
            let fresh = try Explorer.makeSession(engine, current, second, decay, rankingLength, hybridWeights: weights)
            for item in session.clicks { try fresh.click(item: item) }
            compare.session = fresh
            compare.user = current
            return fresh
        } catch {
            compare.session = nil
            return nil
        }
    }

    /// The compare pane's rows and overlap summary; nil when compare mode is off (or has no second
    /// algorithm). Cost O(ranking length) plus bringing the second session in step.
    public var compareModel: ComparePaneModel? {
        guard let other = comparedSession() else { return nil }
        let catalog = engine.dataset.catalog
        let left = session.ranking
        let right = other.ranking
        var leftRank: [Int: Int] = [:]
        var rightRank: [Int: Int] = [:]
        for entry in left { leftRank[entry.item] = entry.rank }
        for entry in right { rightRank[entry.item] = entry.rank }
        let rows = (0..<max(left.count, right.count)).map { index in
            CompareRow(
                rank: index + 1,
                left: index < left.count
                    ? CompareCell(item: left[index].item, title: catalog.titles[left[index].item], score: left[index].score,
                                  otherRank: rightRank[left[index].item], movement: left[index].movement)
                    : nil,
                right: index < right.count
                    ? CompareCell(item: right[index].item, title: catalog.titles[right[index].item], score: right[index].score,
                                  otherRank: leftRank[right[index].item], movement: nil)
                    : nil)
        }
        let k = min(Explorer.compareTopK, max(left.count, right.count))
        let topLeft = Set(left.prefix(k).map(\.item))
        let topRight = Set(right.prefix(k).map(\.item))
        let union = topLeft.union(topRight).count
        let jaccard = union == 0 ? 0 : Float(topLeft.intersection(topRight).count) / Float(union)
        var summary = "top \(k): \(topLeft.intersection(topRight).count) shared · Jaccard \(Format.fixed(jaccard, decimals: 2))"
        if max(left.count, right.count) > k {
            summary += " · top \(max(left.count, right.count)): \(left.filter { rightRank[$0.item] != nil }.count) shared"
        }
        var notice: String?
        if session.isColdStart || other.isColdStart { notice = "cold start: popularity until the first click" }
        return ComparePaneModel(leftAlgorithm: displayName(of: session), rightAlgorithm: displayName(of: other), rows: rows, summary: summary, notice: notice)
    }

    /// The algorithm's name; for the hybrid with its weights (`hybrid ease=1,itemknn=0.2`).
    private func displayName(of other: Session) -> String {
        guard other.algorithm == .hybrid, let weights = other.hybridWeights, let components = other.hybridComponents else { return other.algorithm.rawValue }
        return "hybrid " + HybridWeights.describe(weights, components: components)
    }
}
