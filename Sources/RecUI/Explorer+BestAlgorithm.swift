import RecEngine

/// A first screen worth showing: the explorer opens on the algorithm `recscope eval` measures best
/// (the hybrid), as soon as it is fitted; until then it shows content and says so on the hint line.
/// A choice the user makes first (`a`, `:algorithm`, `--algorithm`, a scenario step) wins, silently.
extension Explorer {
    /// The algorithm with the best NDCG@10 in `recscope eval` on SampleData (docs/EVAL.md), which the
    /// explorer and `recscope demo` open on when it is available.
    public static let bestAlgorithm: Algorithm = .hybrid

    /// Why `bestAlgorithm` is the one opened on, in a few words (the hint line and `demo` say it).
    public static let bestReason = "best NDCG@10 in recscope eval"

    /// Opens on `bestAlgorithm`: now when the engine already has it (a model from the cache), else as
    /// soon as the background fit registers it, staying on the current algorithm meanwhile. Does nothing
    /// when it cannot arrive (no background fit, or the data set cannot serve it). Cost: one re-rank
    /// when it switches now, nothing otherwise.
    public func openOnBest() {
        let best = Explorer.bestAlgorithm
        guard algorithm != best else { return }
        if engine.algorithms.contains(best) {
            switchAlgorithm(to: best)
            if algorithm == best { message = "\(best.rawValue): \(Explorer.bestReason)" }
            return
        }
        guard inbox != nil, Explorer.fittedInBackground.contains(best),
              AlgorithmRegistry.descriptor(best).unavailableReason(for: engine.dataset) == nil else { return }
        preferredAlgorithm = best
        opensOnBest = true
    }

    /// True while the explorer waits for `bestAlgorithm` to be fitted (and the user has not chosen).
    public var waitingForBest: Bool {
        opensOnBest && preferredAlgorithm == Explorer.bestAlgorithm && algorithm != Explorer.bestAlgorithm
    }

    /// "content until the hybrid is fitted…"
    var bestWaitNote: String { "\(algorithm.rawValue) until the \(Explorer.bestAlgorithm.rawValue) is fitted…" }

    /// What the hint line shows for background work: the fit's own note, led by the wait note while
    /// the explorer waits for the best algorithm.
    var backgroundLine: String? {
        guard let note = lastBackgroundNote else { return nil }
        return waitingForBest ? "\(bestWaitNote) (\(note))" : note
    }

    /// The notice when the best algorithm was there before the first frame (models from the cache).
    public func saidBestFromStart() {
        if algorithm == Explorer.bestAlgorithm { message = "\(algorithm.rawValue): \(Explorer.bestReason) (models from the cache)" }
    }

    /// Said once when the best algorithm has just been switched to.
    func announceBest() {
        opensOnBest = false
        if algorithm == Explorer.bestAlgorithm { message = "switched to \(algorithm.rawValue) (\(Explorer.bestReason))" }
    }
}
