import RecEngine

/// Live hybrid weights: `{` / `}` select a component, `-` / `+` lower / raise its weight by 0.1 (never
/// below 0). The session's hybrid scorer re-ranks at once with its existing component scorers (no refit,
/// no history rebuild), so the movement markers show what the change did. The weights stay in force
/// for every user visited afterwards and for the compare pane's hybrid.
extension Explorer {
    static let weightStepsPerUnit: Float = 10
    static let maximumWeight: Float = 10

    func selectHybridComponent(by direction: Int) {
        guard let components = hybridComponentsForKeys() else { return }
        selectedComponent = ((selectedComponent + direction) % components.count + components.count) % components.count
        rankingsCache = nil
        let weight = session.hybridWeights?[selectedComponent] ?? 0
        message = "\(components[selectedComponent].rawValue) selected (weight \(HybridWeights.format(weight))): - / + change it"
    }

    func changeHybridWeight(by steps: Int) {
        guard let components = hybridComponentsForKeys(), var weights = session.hybridWeights, weights.count == components.count else { return }
        let index = selectedComponent
        let old = weights[index]
        let new = Explorer.stepWeight(old, by: steps)
        let name = components[index].rawValue
        guard new != old else {
            message = "\(name) weight stays \(HybridWeights.format(old)) (between 0 and \(HybridWeights.format(Explorer.maximumWeight)))"
            return
        }
        weights[index] = new
        do {
            if let update = try session.setHybridWeights(weights) { applied(update) }
            hybridWeights = weights
            message = "\(name) weight \(HybridWeights.format(old)) → \(HybridWeights.format(new)) (\(HybridWeights.describe(weights, components: components)))"
        } catch {
            message = "\(error)"
        }
    }

    /// `weight` moved by `steps` tenths onto the 0.1 grid (0.35 + 1 step → 0.4), clamped to 0…10.
    static func stepWeight(_ weight: Float, by steps: Int) -> Float {
        let units = weight * weightStepsPerUnit
        let grid = steps > 0 ? (units + 1e-3).rounded(.down) : (units - 1e-3).rounded(.up)
        let moved = (grid + Float(steps)) / weightStepsPerUnit
        return min(maximumWeight, max(0, moved))
    }

    /// The hybrid's components when the current algorithm is the hybrid; otherwise says why not.
    private func hybridComponentsForKeys() -> [Algorithm]? {
        guard algorithm == .hybrid, let components = session.hybridComponents, !components.isEmpty else {
            message = engine.algorithms.contains(.hybrid)
                ? "weights belong to the hybrid: press a until the algorithm is hybrid"
                : "no hybrid yet" + (hasBackgroundWork ? " (still fitting)" : "")
            return nil
        }
        if selectedComponent >= components.count { selectedComponent = 0 }
        return components
    }

    /// Puts the session's hybrid weights and the selected component into the Rankings model.
    func addHybridWeights(to model: inout RankingsPaneModel) {
        guard algorithm == .hybrid, let components = session.hybridComponents, let weights = session.hybridWeights,
              weights.count == components.count else { return }
        if model.componentNames.isEmpty { model.componentNames = components.map(\.rawValue) }
        guard model.componentNames.count == weights.count else { return }
        model.componentWeights = weights
        model.selectedComponent = min(selectedComponent, weights.count - 1)
        if !weights.contains(where: { $0 > 0 }) { model.notice = "every weight is 0: all items tie (+ raises one)" }
    }
}
