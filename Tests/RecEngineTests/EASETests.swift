import Testing
@testable import RecEngine

@Suite struct EASETests {
    /// Two items: G = [a c; c b], so B₀₁ = c / (a + λ) and B₁₀ = c / (b + λ) (from the 2 × 2 inverse).
    @Test func twoItemWeightsByHand() throws {
        // Users {0,1}, {0}, {0,1}: a = 3, b = 2, c = 2; λ = 1 (3 users ≥ 2 items: direct inverse).
        let direct = try EASERecommender.fit(binaryMatrix(itemCount: 2, [[0, 1], [0], [0, 1]]), parameters: EASEParameters(lambda: 1))
        #expect(abs(direct.weights[0, 1] - 0.5) < 1e-6)
        #expect(abs(direct.weights[1, 0] - 2.0 / 3.0) < 1e-6)
        #expect(direct.weights[0, 0] == 0 && direct.weights[1, 1] == 0)
        // One user {0,1} (1 user < 2 items: Woodbury path): a = b = c = 1, λ = 1 → 0.5 both ways.
        let woodbury = try EASERecommender.fit(binaryMatrix(itemCount: 2, [[0, 1]]), parameters: EASEParameters(lambda: 1))
        #expect(abs(woodbury.weights[0, 1] - 0.5) < 1e-6)
        #expect(abs(woodbury.weights[1, 0] - 0.5) < 1e-6)
    }

    /// Optimality of the constrained least squares: (G + λI)·B − G is diagonal, diag(B) = 0. Checked in
    /// Double from the Gram matrix, for a tall fixture (8 users ≥ 7 items: direct inverse) and a wide
    /// one (4 users < 7 items: Woodbury).
    @Test func stationarityConditionHolds() throws {
        let wide = smallUsers.prefix(4).map { $0 }   // 4 users, 7 items → Woodbury
        for users in [smallUsers, wide] {
            let matrix = binaryMatrix(itemCount: 7, users)
            let lambda: Float = 2
            let model = try EASERecommender.fit(matrix, parameters: EASEParameters(lambda: lambda))
            let gram = EASERecommender.gram(matrix)
            for i in 0..<7 {
                #expect(model.weights[i, i] == 0)
                for j in 0..<7 where i != j {
                    var value = 0.0
                    for m in 0..<7 { value += Double(gram[i, m] + (i == m ? lambda : 0)) * Double(model.weights[m, j]) }
                    value -= Double(gram[i, j])
                    #expect(abs(value) < 1e-4, "users \(users.count): (G+λI)B − G at (\(i),\(j)) = \(value)")
                }
            }
        }
    }

    @Test func woodburyAndDirectPathsAgree() throws {
        // Same item Gram from 4 users (Woodbury) and from the same rows plus all-zero users (direct).
        let matrix = binaryMatrix(itemCount: 7, Array(smallUsers.prefix(4)))
        let padded = binaryMatrix(itemCount: 7, Array(smallUsers.prefix(4)) + [[], [], [], []])
        let a = try EASERecommender.fit(matrix, parameters: EASEParameters(lambda: 3))
        let b = try EASERecommender.fit(padded, parameters: EASEParameters(lambda: 3))
        #expect(maxDifference(a.weights.values, b.weights.values) < 1e-5)
    }

    @Test func scorerClickExplanation() throws {
        let model = try EASERecommender.fit(binaryMatrix(itemCount: 7, smallUsers), parameters: EASEParameters(lambda: 2))
        let scorer = model.makeScorer(history: [WeightedItem(item: 0, weight: 1), WeightedItem(item: 3, weight: 0.5)])
        scorer.apply([WeightedItem(item: 5, weight: 2)])
        let s = scores(of: scorer, itemCount: 7)
        for item in 0..<7 {
            let expected = model.weights[0, item] + 0.5 * model.weights[3, item] + 2 * model.weights[5, item]
            #expect(abs(s[item] - expected) < 1e-6)
            let explanation = scorer.explain(item: item)
            #expect(abs(explanation.history.reduce(0) { $0 + $1.value } - s[item]) < 1e-6)
            #expect(abs(explanation.score - s[item]) < 1e-6)
        }
        #expect(throws: RecError.self) { try EASERecommender.fit(binaryMatrix(itemCount: 2, [[0]]), parameters: EASEParameters(lambda: 0)) }
    }
}
