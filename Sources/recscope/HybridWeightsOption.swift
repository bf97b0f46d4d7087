import ArgumentParser
import RecEngine

/// `--weights ease=1,itemknn=0.2`: the hybrid's component weights for this run (components not named
/// keep their defaults). Checked before any data is loaded against the hybrid recipe the commands fit.
struct HybridWeightsOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Hybrid component weights, e.g. ease=1,itemknn=0.2 (components: \(HybridWeightsOption.recipeComponents.map(\.rawValue).joined(separator: ", ")); unnamed ones keep their default; each ≥ 0).", valueName: "NAME=W,..."))
    var weights: String?

    /// The components of the hybrid the commands fit: the tuned recipe plus every other algorithm at
    /// weight 0 (`Engine.liveHybrid`; semantic only when the data has embeddings and factors only with
    /// `--factors` — checked again once the data is loaded).
    static var recipe: [HybridComponent] { Engine.liveHybrid(ModelConfiguration.tuned.hybrid, semanticAvailable: true, factorsAvailable: true).components }
    static var recipeComponents: [Algorithm] { recipe.map(\.algorithm) }

    /// Throws a one-line `RecError` (exit 1) naming the bad part.
    func validate() throws {
        guard let weights else { return }
        let recipe = HybridWeightsOption.recipe
        _ = try HybridWeights.parse(weights, components: recipe.map(\.algorithm), defaults: recipe.map(\.weight))
    }

    /// The weights for `engine`'s fitted hybrid, or nil when none were given.
    func resolve(engine: Engine) throws -> [Float]? {
        guard let weights else { return nil }
        guard let hybrid = try engine.recommender(.hybrid) as? HybridRecommender else { throw RecError("the hybrid model is not a weighted hybrid") }
        return try HybridWeights.parse(weights, components: hybrid.components.map(\.algorithm), defaults: hybrid.weights)
    }
}

extension Session {
    /// `{"ease": 1, "itemknn": 0.2}`: the weights this session's hybrid uses (nil when there is none).
    var hybridWeightsJSON: JSONValue? {
        guard let components = hybridComponents, let weights = hybridWeights else { return nil }
        return .object(zip(components, weights).map { ($0.rawValue, .float($1)) })
    }

    /// `ease=1,itemknn=0.2`.
    var hybridWeightsText: String? {
        guard let components = hybridComponents, let weights = hybridWeights else { return nil }
        return HybridWeights.describe(weights, components: components)
    }
}
