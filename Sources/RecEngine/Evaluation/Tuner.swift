import Foundation

/// Parameter search on a validation split carved from the training data only: the training part of the
/// temporal split is split again with the same rule (each user's last ceil(holdout × n) training
/// events are the validation items), so the final held-out items are never looked at.
public struct Tuner: Sendable {
    /// The validation protocol (training-of-training vs validation items).
    public let validation: TemporalSplit
    public let k: Int

    /// Carves the validation split from `split`'s training data. Cost O(training events).
    public init(split: TemporalSplit, k: Int) throws {
        self.validation = try TemporalSplit(events: split.trainingEvents, itemCount: split.itemCount, holdout: split.holdout)
        self.k = k
    }

    /// One tried configuration and its validation NDCG@K.
    public struct Trial: Sendable {
        public var algorithm: Algorithm
        public var parameters: String
        public var ndcg: Double
    }

    /// Validation NDCG@K of a fitted model.
    public func ndcg(of model: any Recommender) -> Double {
        let lists = Evaluator.rankings(model: model, split: validation, k: k)
        var sum = 0.0
        var users = 0
        for (user, held) in validation.heldOut.enumerated() where !held.isEmpty {
            sum += NDCGAtK.value(ranked: lists[user], relevant: Set(held), k: k)
            users += 1
        }
        return users > 0 ? sum / Double(users) : 0
    }

    /// Tries every configuration of `grid`, fitting with `fit` on the validation training matrix, and
    /// returns the trials (in grid order) and the best one. `report` sees each trial as it finishes.
    public func search<P: Sendable>(_ algorithm: Algorithm, grid: [P], describe: (P) -> String,
                                    fit: (P, InteractionMatrix) throws -> any Recommender,
                                    report: (Trial) -> Void = { _ in }) throws -> (trials: [Trial], best: P?) {
        let matrix = validation.trainingMatrix
        var trials: [Trial] = []
        var best: (P, Double)?
        for parameters in grid {
            let model = try fit(parameters, matrix)
            let trial = Trial(algorithm: algorithm, parameters: describe(parameters), ndcg: ndcg(of: model))
            trials.append(trial)
            report(trial)
            if best == nil || trial.ndcg > best!.1 { best = (parameters, trial.ndcg) }
        }
        return (trials, best?.0)
    }

    /// A hybrid configuration: per-component weights (same order as the fitted components) and the
    /// normalisation.
    public struct HybridSetting: Sendable, CustomStringConvertible {
        public var weights: [Float]
        public var normalisation: ScoreNormalisation
        public var description: String { "normalisation=\(normalisation.rawValue) weights=\(weights.map { String(format: "%g", $0) }.joined(separator: ","))" }
    }

    /// Searches hybrid weights and normalisations over components already fitted on
    /// `validation.trainingMatrix` (only the weights change, so nothing is refitted).
    public func searchHybrid(components: [any Recommender], grid: [HybridSetting], report: (Trial) -> Void = { _ in }) throws -> (trials: [Trial], best: HybridSetting?) {
        var trials: [Trial] = []
        var best: (HybridSetting, Double)?
        for setting in grid {
            let hybrid = try HybridRecommender(components: components, weights: setting.weights, normalisation: setting.normalisation)
            let trial = Trial(algorithm: .hybrid, parameters: setting.description, ndcg: ndcg(of: hybrid))
            trials.append(trial)
            report(trial)
            if best == nil || trial.ndcg > best!.1 { best = (setting, trial.ndcg) }
        }
        return (trials, best?.0)
    }

    /// The grids recscope's defaults were chosen from (docs/EVAL.md).
    public enum Grids {
        public static let itemKNN: [ItemKNNParameters] = {
            var grid: [ItemKNNParameters] = []
            for weighting in InteractionWeighting.allCases {
                for neighbours in [10, 20, 30, 50, 100] {
                    for shrinkage: Float in [0, 10, 25, 50, 100] {
                        grid.append(ItemKNNParameters(neighbours: neighbours, shrinkage: shrinkage, weighting: weighting))
                    }
                }
            }
            return grid
        }()

        /// Hybrid grid for components in the order (primary, second, third, ...): the first weight is
        /// fixed at 1, every other weight ranges over `levels`.
        public static func hybrid(componentCount: Int, levels: [Float] = [0, 0.1, 0.2, 0.35, 0.5, 0.75]) -> [HybridSetting] {
            var weightSets: [[Float]] = [[1]]
            for _ in 1..<max(componentCount, 1) {
                weightSets = weightSets.flatMap { prefix in levels.map { prefix + [$0] } }
            }
            return ScoreNormalisation.allCases.flatMap { normalisation in weightSets.map { HybridSetting(weights: $0, normalisation: normalisation) } }
        }

        public static let ease: [EASEParameters] = [100, 150, 200, 250, 300, 400, 500, 750].map { EASEParameters(lambda: $0) }

        public static let als: [ALSParameters] = {
            var grid: [ALSParameters] = []
            for regularization: Float in [1, 10, 20, 50, 100, 200] {
                for alpha: Float in [0.25, 0.5, 1, 2, 5] {
                    grid.append(ALSParameters(factors: 64, regularization: regularization, alpha: alpha, iterations: 15))
                }
            }
            return grid
        }()
    }
}
