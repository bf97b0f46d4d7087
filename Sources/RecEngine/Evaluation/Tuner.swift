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
            if trial.ndcg > (best?.1 ?? -.infinity) { best = (parameters, trial.ndcg) }
        }
        return (trials, best?.0)
    }

    /// Hybrid search by coordinate ascent over component weights (the first component's weight stays
    /// 1; each other weight in turn tries every level, keeping the best; two rounds), then every
    /// normalisation. Components are fitted once by `factory` (on the validation training data).
    public func searchHybrid(start: HybridConfiguration, factory: ModelFactory, levels: [Float] = [0, 0.05, 0.1, 0.2, 0.35, 0.5, 1],
                             rounds: Int = 2, report: (Trial) -> Void = { _ in }) throws -> (trials: [Trial], best: HybridConfiguration) {
        var trials: [Trial] = []
        var best = start
        var bestScore = -1.0
        func trial(_ recipe: HybridConfiguration) throws -> Double {
            let model = try factory.hybrid(recipe).model
            let result = Trial(algorithm: .hybrid, parameters: recipe.description, ndcg: ndcg(of: model))
            trials.append(result)
            report(result)
            return result.ndcg
        }
        bestScore = try trial(best)
        for _ in 0..<rounds {
            for index in best.components.indices.dropFirst() {
                for level in levels where level != best.components[index].weight {
                    var candidate = best
                    candidate.components[index].weight = level
                    let score = try trial(candidate)
                    if score > bestScore { bestScore = score; best = candidate }
                }
            }
        }
        for normalisation in ScoreNormalisation.allCases where normalisation != best.normalisation {
            var candidate = best
            candidate.normalisation = normalisation
            let score = try trial(candidate)
            if score > bestScore { bestScore = score; best = candidate }
        }
        return (trials, best)
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

        /// Recency emphasis grid (half-life in events × floor).
        public static let recency: [RecencyParameters] = [5.0, 10, 20, 40].flatMap { halfLife in
            [Float(0), 0.1, 0.2, 0.35, 0.5].map { RecencyParameters(halfLife: halfLife, floor: $0) }
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
