import Testing
@testable import RecEngine

@Suite struct ALSTests {
    let matrix = binaryMatrix(itemCount: 7, smallUsers)
    let parameters = ALSParameters(factors: 3, regularization: 0.1, alpha: 2, iterations: 4, conjugateGradientSteps: 0, seed: 7)

    /// Fold-in for one user = that user's row of a full (exact) user half-step with the same item factors.
    @Test func foldInEqualsTheUsersStepOfAFullIteration() throws {
        let model = try ALSRecommender.fit(matrix, parameters: parameters)
        let users = try ALSRecommender.solveAllUsers(matrix, itemFactors: model.itemFactors, parameters: parameters)
        for user in 0..<matrix.userCount {
            let scorer = try #require(model.makeScorer(history: matrix.history(ofUser: user)) as? ALSScorer)
            #expect(maxDifference(scorer.factors, users.row(user)) < 1e-4, "user \(user)")
        }
    }

    /// The same for a model fitted with conjugate gradient (fold-in is always exact).
    @Test func foldInMatchesFullStepForCGModels() throws {
        var cg = parameters
        cg.conjugateGradientSteps = 3
        let model = try ALSRecommender.fit(matrix, parameters: cg)
        let users = try ALSRecommender.solveAllUsers(matrix, itemFactors: model.itemFactors, parameters: cg)
        let scorer = try #require(model.makeScorer(history: matrix.history(ofUser: 2)) as? ALSScorer)
        #expect(maxDifference(scorer.factors, users.row(2)) < 1e-4)
    }

    /// Conjugate gradient with enough steps reaches the exact solve (f steps suffice in exact arithmetic).
    @Test func conjugateGradientConvergesToCholesky() throws {
        let model = try ALSRecommender.fit(matrix, parameters: parameters)
        let exact = try ALSRecommender.solveAllUsers(matrix, itemFactors: model.itemFactors, parameters: parameters)
        var cg = parameters
        cg.conjugateGradientSteps = 12
        var solved = DenseMatrix(rows: matrix.userCount, columns: 3)
        try ALSRecommender.halfStep(rows: .init(start: matrix.userStart, columns: matrix.userItems, weights: matrix.userWeights),
                                    solving: &solved, fixed: model.itemFactors, parameters: cg)
        #expect(maxDifference(solved.values, exact.values) < 1e-3)
    }

    @Test func incrementalClicksEqualRebuildAndExplanationSums() throws {
        let model = try ALSRecommender.fit(matrix, parameters: parameters)
        let scorer = model.makeScorer(history: [WeightedItem(item: 0, weight: 1), WeightedItem(item: 2, weight: 1)])
        scorer.apply([WeightedItem(item: 4, weight: 0.5), WeightedItem(item: 0, weight: 1)])
        let rebuilt = model.makeScorer(history: [WeightedItem(item: 0, weight: 2), WeightedItem(item: 2, weight: 1), WeightedItem(item: 4, weight: 0.5)])
        let s = scores(of: scorer, itemCount: 7)
        #expect(maxDifference(s, scores(of: rebuilt, itemCount: 7)) < 1e-4)
        for item in 0..<7 {
            let explanation = scorer.explain(item: item)
            #expect(abs(explanation.score - s[item]) < 1e-4)
            #expect(abs(explanation.history.reduce(0) { $0 + $1.value } - s[item]) < 1e-4)
        }
        #expect(scorer.explain(item: 3).history.count == 3)
    }

    @Test func sameSeedSameModelAndSimilarItems() throws {
        let a = try ALSRecommender.fit(matrix, parameters: parameters)
        let b = try ALSRecommender.fit(matrix, parameters: parameters)
        #expect(a.itemFactors == b.itemFactors)
        let similar = a.similarItems(to: 0, k: 3)
        #expect(similar.count == 3 && !similar.contains { $0.item == 0 })
        #expect(similar.allSatisfy { $0.score <= 1.0001 && $0.score >= -1.0001 })
        #expect(throws: RecError.self) { try ALSRecommender.fit(matrix, parameters: ALSParameters(factors: 0)) }
    }
}
