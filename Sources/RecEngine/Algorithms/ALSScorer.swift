import CKernels
import CLinearAlgebra
import Foundation

/// ALS session state: the history's weights, the user's normal equations A·x = b (kept up to date by
/// rank-one updates per click) and the folded-in factors x (solved lazily).
public final class ALSScorer: PrunedTopKScorer {
    let model: ALSRecommender
    /// Each history item's summed weight (what A and b were built from).
    private(set) var weights: [Int: Float] = [:]
    /// A (upper triangle valid), f × f.
    private var system: DenseMatrix
    private var rhs: [Float]
    /// Cholesky factor of A and the solution x, valid when `solved`.
    private var factor: DenseMatrix
    private var userFactors: [Float]
    private var solved = false
    /// Added to b before solving (nil: none): an anchored fold-in's A₀·x₀ − b₀ (see `FactorsScorer.anchor`).
    private var offset: [Float]?

    init(model: ALSRecommender, history: [WeightedItem]) {
        self.model = model
        let f = model.parameters.factors
        self.system = model.regularizedGram
        self.rhs = [Float](repeating: 0, count: f)
        self.factor = model.regularizedGram
        self.userFactors = [Float](repeating: 0, count: f)
        rebuild(history: history)
    }

    /// The folded-in user factors for the current history (solving if needed). Cost f³/3 + 2f² flops.
    public var factors: [Float] {
        solveIfNeeded()
        return userFactors
    }

    /// Updates A and b by the changed items' rank-one terms. Cost f² per change; the solve happens at
    /// the next `score`/`explain`.
    public func apply(_ changes: [WeightedItem]) {
        let f = model.parameters.factors
        let alpha = model.parameters.alpha
        model.itemFactors.values.withUnsafeBufferPointer { y in
            system.values.withUnsafeMutableBufferPointer { a in
                rhs.withUnsafeMutableBufferPointer { b in
                    for change in changes where change.item >= 0 && change.item < model.itemCount {
                        let old = max(weights[change.item] ?? 0, 0)
                        let newTotal = (weights[change.item] ?? 0) + change.weight
                        weights[change.item] = newTotal
                        let new = max(newTotal, 0)
                        guard old != new else { continue }
                        let yi = y.baseAddress! + change.item * f
                        cblas_ssyr(CblasRowMajor, CblasUpper, Int32(f), alpha * (new - old), yi, 1, a.baseAddress, Int32(f))
                        let oldConfidence: Float = old > 0 ? 1 + alpha * old : 0
                        let newConfidence: Float = new > 0 ? 1 + alpha * new : 0
                        VectorKernels.axpy(newConfidence - oldConfidence, yi, b.baseAddress!, f)
                    }
                }
            }
        }
        solved = false
    }

    /// Undo is the negated changes: the state is a sum over the history. Cost as `apply`.
    public func retract(_ changes: [WeightedItem], history: () -> [WeightedItem]) {
        apply(Self.negated(changes))
    }

    public func rebuild(history: [WeightedItem]) {
        weights = [:]
        system.values = model.regularizedGram.values
        for d in rhs.indices { rhs[d] = 0 }
        apply(history)
    }

    /// A·x − b for the current history's system (the residual of `x` in the fold-in's normal equations).
    /// Cost 2f² flops.
    func residual(at x: [Float]) -> [Float] {
        let f = model.parameters.factors
        precondition(x.count == f, "residual needs a vector of \(f) factors")
        var out = rhs
        x.withUnsafeBufferPointer { xs in
            system.values.withUnsafeBufferPointer { a in
                out.withUnsafeMutableBufferPointer { o in
                    cblas_ssymv(CblasRowMajor, CblasUpper, Int32(f), 1, a.baseAddress, Int32(f), xs.baseAddress, 1, -1, o.baseAddress, 1)
                }
            }
        }
        return out
    }

    /// Sets the vector added to b before every solve (nil: none). O(f).
    func setOffset(_ offset: [Float]?) {
        precondition(offset == nil || offset!.count == model.parameters.factors)
        self.offset = offset
        solved = false
    }

    private func solveIfNeeded() {
        guard !solved else { return }
        factor.values = system.values
        do {
            try LinearAlgebra.choleskyFactor(&factor)
            userFactors = rhs
            if let offset { for d in userFactors.indices { userFactors[d] += offset[d] } }
            userFactors.withUnsafeMutableBufferPointer { LinearAlgebra.choleskySolve(factor: factor, vector: $0.baseAddress!) }
        } catch {
            // Only reachable with λ = 0 and a degenerate history: score nothing rather than trap.
            for d in userFactors.indices { userFactors[d] = 0 }
            factor = DenseMatrix.identity(model.parameters.factors)
        }
        solved = true
    }

    /// Scores = Y·x (`LinearAlgebra.multiplyRows`: all cores from 65,536 items). Cost f³/3 (solve, after
    /// a change) + 2·items·f flops; memory-bound at a million items (256 MB of 64-d factors).
    public func score(into output: inout [Float]) {
        solveIfNeeded()
        if output.count != model.itemCount { output = [Float](repeating: 0, count: model.itemCount) }
        guard model.itemCount > 0 else { return }
        userFactors.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { out in
                LinearAlgebra.multiplyRows(model.itemFactors, x.baseAddress!, into: out.baseAddress!)
            }
        }
    }

    /// The exact top-K by the two-stage path (`TwoStageTopK`) over the model's int8 item factors; nil
    /// without them. Exact scores are `VectorKernels.dot(yᵢ, x)`, as `score(into:)` computes them at
    /// this size. Cost: items·f bytes read + 8 bytes per item + f flops per candidate.
    public func prunedTop(k: Int, excluded: (Int) -> Bool, estimates: inout [Float]) -> [ScoredItem]? {
        guard let firstStage = model.firstStage else { return nil }
        solveIfNeeded()
        let exact = exactScores()
        return userFactors.withUnsafeBufferPointer { x in
            TwoStageTopK.select(k: k, rows: firstStage, query: x.baseAddress!, scale: 1, excluded: excluded, exact: exact, estimates: &estimates)?.top
        }
    }

    /// Exact score of any item for the current user factors (a copy of them). O(f) per call.
    public func exactScores() -> (Int) -> Float {
        solveIfNeeded()
        let x = userFactors, f = model.parameters.factors, factors = model.itemFactors
        return { item in
            factors.values.withUnsafeBufferPointer { y in
                x.withUnsafeBufferPointer { VectorKernels.dot(y.baseAddress! + item * f, $0.baseAddress!, f) }
            }
        }
    }

    /// implicit's `explain`: score = yᵢᵀA⁻¹b = Σⱼ cⱼ·(yᵢᵀA⁻¹yⱼ), so history item j contributes
    /// cⱼ·zᵢ·zⱼ with z = U⁻ᵀy (A = UᵀU). The parts sum to the score. Cost history·f² flops.
    public func explain(item: Int) -> Explanation {
        solveIfNeeded()
        let f = model.parameters.factors
        let alpha = model.parameters.alpha
        guard item >= 0, item < model.itemCount else { return Explanation(algorithm: .als, item: item, score: 0, historyMeaning: .contribution) }
        var target = model.itemFactors.row(item)
        target.withUnsafeMutableBufferPointer { LinearAlgebra.choleskyHalfSolve(factor: factor, vector: $0.baseAddress!) }
        var parts: [HistoryContribution] = []
        var total: Float = 0
        for (historyItem, weight) in weights where weight > 0 {
            var z = model.itemFactors.row(historyItem)
            z.withUnsafeMutableBufferPointer { LinearAlgebra.choleskyHalfSolve(factor: factor, vector: $0.baseAddress!) }
            let value = (1 + alpha * weight) * VectorKernels.dot(z, target, f)
            parts.append(HistoryContribution(item: historyItem, value: value))
            total += value
        }
        parts.sort { ($0.value, $1.item) > ($1.value, $0.item) }
        let score = model.itemFactors.values.withUnsafeBufferPointer { y in
            VectorKernels.dot(y.baseAddress! + item * f, userFactors, f)
        }
        let summary = parts.isEmpty
            ? "empty history: the folded-in user vector is zero"
            : "user folded in from \(parts.count) history item\(parts.count == 1 ? "" : "s"); parts are confidence × yᵢᵀA⁻¹yⱼ and sum to \(String(format: "%.4f", total))"
        return Explanation(algorithm: .als, item: item, score: score, history: parts, historyMeaning: .contribution, summary: summary)
    }
}
