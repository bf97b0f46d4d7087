@testable import RecEngine

/// Binary interaction matrix from per-user item lists.
func binaryMatrix(itemCount: Int, _ users: [[Int]]) -> InteractionMatrix {
    InteractionMatrix(itemCount: itemCount, histories: users.map { $0.map { WeightedItem(item: $0, weight: 1) } })
}

/// Scores of a scorer as a fresh array.
func scores(of scorer: any SessionScorer, itemCount: Int) -> [Float] {
    var output = [Float](repeating: 0, count: itemCount)
    scorer.score(into: &output)
    return output
}

/// Largest absolute difference of two equally long arrays.
func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
    zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// A small fixture with some structure: 8 users × 7 items.
let smallUsers: [[Int]] = [[0, 1, 2], [0, 1, 3], [1, 2, 3, 4], [2, 4, 5], [0, 5, 6], [3, 4, 6], [1, 5, 6], [0, 2, 4, 6]]
