import Testing
@testable import RecEngine

@Suite struct LinearAlgebraTests {
    let a = DenseMatrix(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, 6])!

    @Test func productMatchesHand() {
        // [1 2 3; 4 5 6] · [1 2 3; 4 5 6]ᵀ = [14 32; 32 77].
        #expect(LinearAlgebra.product(a, a, transposeB: true).values == [14, 32, 32, 77])
        // Aᵀ A = [17 22 27; 22 29 36; 27 36 45].
        #expect(LinearAlgebra.gram(a).values == [17, 22, 27, 22, 29, 36, 27, 36, 45])
        #expect(LinearAlgebra.outerGram(a).values == [14, 32, 32, 77])
    }

    @Test func choleskySolveAndInverse() throws {
        // A = [4 2; 2 3]; A⁻¹ = [3 −2; −2 4] / 8; A·x = [2; 1] → x = [0.5; 0].
        var factor = DenseMatrix(rows: 2, columns: 2, values: [4, 2, 2, 3])!
        try LinearAlgebra.choleskyFactor(&factor)
        var rhs: [Float] = [2, 1]
        rhs.withUnsafeMutableBufferPointer { LinearAlgebra.choleskySolve(factor: factor, vector: $0.baseAddress!) }
        #expect(abs(rhs[0] - 0.5) < 1e-6 && abs(rhs[1]) < 1e-6)
        var inverse = DenseMatrix(rows: 2, columns: 2, values: [4, 2, 2, 3])!
        try LinearAlgebra.invertSymmetricPositiveDefinite(&inverse)
        for (value, expected) in zip(inverse.values, [Float(0.375), -0.25, -0.25, 0.5]) { #expect(abs(value - expected) < 1e-6) }
        var indefinite = DenseMatrix(rows: 2, columns: 2, values: [1, 2, 2, 1])!
        #expect(throws: RecError.self) { try LinearAlgebra.choleskyFactor(&indefinite) }
    }

    @Test func interactionMatrixAggregatesAndTransposes() {
        let matrix = InteractionMatrix(itemCount: 4, histories: [
            [WeightedItem(item: 2, weight: 1), WeightedItem(item: 0, weight: 2), WeightedItem(item: 2, weight: 0.5)],
            [WeightedItem(item: 3, weight: 1), WeightedItem(item: 3, weight: -1), WeightedItem(item: 1, weight: 4)],
        ])
        #expect(matrix.userStart == [0, 2, 3])
        #expect(matrix.userItems == [0, 2, 1])
        #expect(matrix.userWeights == [2, 1.5, 4])
        #expect(matrix.itemStart == [0, 1, 2, 3, 3])
        #expect(matrix.itemUsers == [0, 1, 0])
        #expect(matrix.itemWeights == [2, 4, 1.5])
        #expect(matrix.dense().values == [2, 0, 1.5, 0, 0, 4, 0, 0])
        let binary = InteractionMatrix.binary(itemCount: 4, events: [[Event(item: 1, value: 5, timestamp: 0, kind: .rating), Event(item: 1, value: 3, timestamp: 1, kind: .rating)]])
        #expect(binary.userWeights == [1])
        #expect(matrix.fingerprint != binary.fingerprint)
        #expect(matrix.fingerprint == InteractionMatrix(itemCount: 4, histories: [matrix.history(ofUser: 0), matrix.history(ofUser: 1)]).fingerprint)
    }

    /// The sorted, block-parallel `binary` equals the hashing construction on random histories: 1,000 users
    /// (several blocks), repeats, users with no events, and item indices outside the catalogue (dropped).
    @Test func binaryMatrixEqualsTheHashingConstruction() {
        var random = SplitMix64(seed: 11)
        let itemCount = 50
        let events: [[Event]] = (0..<1_000).map { _ in
            (0..<Int(random.next() % 12)).map { t in
                Event(item: Int(random.next() % 54) - 2, value: 1, timestamp: Int64(t), kind: .implicit)
            }
        }
        let reference = InteractionMatrix(itemCount: itemCount, histories: events.map {
            InteractionMatrix.binaryHistory($0.map { WeightedItem(item: $0.item, weight: 1) })
        })
        let fast = InteractionMatrix.binary(itemCount: itemCount, events: events)
        #expect(fast == reference)
        #expect(fast.entryCount > 2_000 && fast.userStart.count == 1_001)
        #expect(InteractionMatrix.binary(itemCount: 3, events: [[Event]]()).userStart == [0])
    }
}
