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

    /// A value computed by hand. Y = [[1,0],[0,1],[1,1]], λ = 1, α = 1, history {item 0: 1, item 2: 2}:
    /// A = YᵀY + λI + Σ α·r·yyᵀ = [[2,1],[1,2]] + I + [[1,0],[0,0]] + 2·[[1,1],[1,1]] = [[6,3],[3,5]];
    /// b = Σ (1 + α·r)·y = 2·[1,0] + 3·[1,1] = [5,3]; x = A⁻¹b = [16/21, 3/21];
    /// scores Y·x = [16/21, 3/21, 19/21].
    @Test func foldInByHandOnATinyModel() throws {
        let factors = try #require(DenseMatrix(rows: 3, columns: 2, values: [1, 0, 0, 1, 1, 1]))
        let model = ALSRecommender(parameters: ALSParameters(factors: 2, regularization: 1, alpha: 1, iterations: 1, conjugateGradientSteps: 0), itemFactors: factors)
        let scorer = model.makeScorer(history: [WeightedItem(item: 0, weight: 1), WeightedItem(item: 2, weight: 2)])
        #expect(maxDifference(scores(of: scorer, itemCount: 3), [16.0 / 21, 3.0 / 21, 19.0 / 21]) < 1e-5)
        let als = try #require(scorer as? ALSScorer)
        #expect(maxDifference(als.factors, [16.0 / 21, 3.0 / 21]) < 1e-5)
    }

    /// The fitted model's fold-in satisfies Hu, Koren & Volinsky's normal equation, checked by separate
    /// code in Double: (YᵀY + λI + Σᵢ α·rᵢ·yᵢyᵢᵀ)·x = Σᵢ (1 + α·rᵢ)·yᵢ. Dropping λ (or α) from the
    /// solver leaves a residual of λ·x, far above the tolerance.
    @Test func foldInSatisfiesTheNormalEquation() throws {
        let p = ALSParameters(factors: 3, regularization: 0.7, alpha: 3, iterations: 4, conjugateGradientSteps: 3, seed: 11)
        let model = try ALSRecommender.fit(matrix, parameters: p)
        let y = model.itemFactors
        let f = y.columns
        for user in 0..<matrix.userCount {
            let history = matrix.history(ofUser: user).map { WeightedItem(item: $0.item, weight: $0.weight * Float(1 + user % 3)) }
            let x = try #require(model.makeScorer(history: history) as? ALSScorer).factors.map(Double.init)
            var a = [[Double]](repeating: [Double](repeating: 0, count: f), count: f)
            var b = [Double](repeating: 0, count: f)
            for item in 0..<y.rows {
                let row = y.row(item).map(Double.init)
                for r in 0..<f { for c in 0..<f { a[r][c] += row[r] * row[c] } }
            }
            for r in 0..<f { a[r][r] += Double(p.regularization) }
            for entry in history {
                let row = y.row(entry.item).map(Double.init)
                let r_ = Double(entry.weight), alpha = Double(p.alpha)
                for r in 0..<f {
                    b[r] += (1 + alpha * r_) * row[r]
                    for c in 0..<f { a[r][c] += alpha * r_ * row[r] * row[c] }
                }
            }
            let residual = (0..<f).map { r in abs((0..<f).reduce(0.0) { $0 + a[r][$1] * x[$1] } - b[r]) }.max() ?? 0
            let scale = b.map(abs).max() ?? 1
            #expect(residual < 1e-4 * scale, "user \(user): residual \(residual)")
        }
    }
}
