import CKernels
import Foundation
import Testing
@testable import RecEngine

/// The float16 kernels (CKernels) against Swift's own Float16 and the float32 (BLAS) path, on random data.
///
/// Tolerances, stated once:
/// - conversion float32 → float16 is exact: the same bits as Swift's `Float16(x)` (round to nearest even),
///   on the F16C path and the portable path alike;
/// - a float16 row · float32 query, vector kernel vs portable loop over the same float16 values: both sum
///   in float32, in different orders, so they agree within d · 2⁻²³ · Σⱼ|vⱼ·qⱼ| (d = dimension);
/// - float16 scan vs the float32 scan of the unrounded vectors (the Float path): rounding each value moves
///   it by at most 2⁻¹¹ of itself, so the scores agree within 2⁻¹¹ · Σⱼ|vⱼ·qⱼ| plus the summation term.
@Suite struct HalfMatrixTests {
    static func randomFloats(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in (Float(generator.next() >> 40) / Float(1 << 24) * 2 - 1) * scale }
    }

    @Test func conversionMatchesSwiftFloat16BitForBit() {
        var values = Self.randomFloats(10_000, seed: 1, scale: 4)
        values += Self.randomFloats(1_000, seed: 2, scale: 1e-5)          // float16 subnormals
        values += [0, -0.0, 1, -1, 65504, 65519.99, 65520, -70000, 1e-8, 3e-8, 5.96e-8, 6.1e-5, 6.09e-5,
                   .infinity, -.infinity, .ulpOfOne, 2049, 2051, 0.1, 1.0 / 3]
        var vector = [UInt16](repeating: 0, count: values.count)
        var portable = [UInt16](repeating: 0, count: values.count)
        rk_floats_to_halves(values, &vector, values.count)
        for (i, v) in values.enumerated() {
            // The portable path, one value at a time (fewer than 8 never reach the vector loop).
            var one: UInt16 = 0
            rk_floats_to_halves([v], &one, 1)
            portable[i] = one
        }
        let expected = values.map { Float16($0).bitPattern }
        #expect(vector == expected)
        #expect(portable == expected)
        // NaN stays NaN.
        var nan: UInt16 = 0
        rk_floats_to_halves([Float.nan], &nan, 1)
        #expect(Float16(bitPattern: nan).isNaN)
        // Widening is exact.
        let matrix = HalfMatrix(rows: 1, columns: values.count, values: values)
        let widened = matrix.floats
        for (i, bits) in expected.enumerated() where !Float16(bitPattern: bits).isNaN {
            #expect(widened[i] == Float(Float16(bitPattern: bits)), "value \(values[i])")
        }
    }

    /// Scores of `rows × dimension` random vectors through the vector kernel, the portable loop, several
    /// threads, and sgemv over the float32 values, checked against the bounds above.
    @Test(arguments: [(1, 384), (7, 37), (5_000, 384), (9_001, 64), (3, 16), (2, 1)])
    func kernelMatchesPortableAndFloatPath(rows: Int, dimension: Int) {
        let values = Self.randomFloats(rows * dimension, seed: UInt64(rows * 1000 + dimension))
        let query = Self.randomFloats(dimension, seed: 99)
        let matrix = HalfMatrix(rows: rows, columns: dimension, values: values)
        let rounded = matrix.floats
        var kernel = [Float](repeating: .nan, count: rows), portable = kernel, threaded = kernel, single = kernel
        matrix.multiplyVector(query, scale: 0.5, into: &kernel, threads: 1)
        matrix.multiplyVector(query, scale: 0.5, into: &portable, threads: 1, portable: true)
        matrix.multiplyVector(query, scale: 0.5, into: &threaded, threads: 4)
        let floatPath = DenseMatrix(rows: rows, columns: dimension, values: values)!
        LinearAlgebra.multiplyVector(floatPath, query, alpha: 0.5, into: &single)
        // Rows are independent and each is summed the same way whatever the thread: bit-identical.
        #expect(threaded == kernel)
        let summation = Float(dimension) * pow(2, -23)
        for r in 0..<rows {
            var magnitude: Float = 0, exact: Double = 0
            for j in 0..<dimension {
                magnitude += abs(rounded[r * dimension + j] * query[j])
                exact += Double(rounded[r * dimension + j]) * Double(query[j])
            }
            magnitude *= 0.5
            #expect(abs(kernel[r] - portable[r]) <= 2 * summation * magnitude + 1e-30, "row \(r)")
            #expect(abs(Double(kernel[r]) - 0.5 * exact) <= Double(summation * magnitude) + 1e-30, "row \(r)")
            #expect(abs(kernel[r] - single[r]) <= (pow(2, -11) + 2 * summation) * magnitude * 1.001 + 1e-30, "row \(r)")
        }
    }

    @Test func semanticScoresInHalfPrecisionStayWithinTheBoundOfTheFloatPath() throws {
        let items = 3_000, dimension = 48
        let raw = Self.randomFloats(items * dimension, seed: 5)
        var rows: [[Float]?] = (0..<items).map { Array(raw[($0 * dimension)..<(($0 + 1) * dimension)]) }
        rows[17] = nil
        let embeddings = ItemEmbeddings(dimension: dimension, rows: rows)
        let single = SemanticRecommender(embeddings: embeddings, halfPrecision: false)
        let half = SemanticRecommender(embeddings: embeddings, halfPrecision: true)
        #expect(single.halfVectors == nil && half.halfVectors != nil)
        let history = [WeightedItem(item: 3, weight: 2), WeightedItem(item: 400, weight: 1), WeightedItem(item: 17, weight: 1)]
        var a: [Float] = [], b: [Float] = []
        single.makeScorer(history: history).score(into: &a)
        half.makeScorer(history: history).score(into: &b)
        // Cosines of unit vectors: Σ|vⱼ·qⱼ| ≤ 1, so the bound is 2⁻¹¹ plus summation.
        #expect(maxDifference(a, b) <= pow(2, -11) + Float(dimension) * pow(2, -22))
        #expect(b[17] == -1)
        // The same top items, the same neighbours (random vectors have no near-ties at the top here).
        #expect(TopK.select(a, k: 5).map(\.item) == TopK.select(b, k: 5).map(\.item))
        #expect(single.similarItems(to: 3, k: 5).map(\.item) == half.similarItems(to: 3, k: 5).map(\.item))
        // Catalogues below the threshold stay in float32 unless asked.
        #expect(SemanticRecommender(embeddings: embeddings).halfVectors == nil)
    }
}
