import CEncoderKernels
import Foundation
import Testing
@testable import TextEncoder

/// The packed small-batch products (CEncoderKernels) against the hand-written definition, and the whole
/// encoder on each kernel against the committed reference and against sgemm.
@Suite("packed small-batch kernels", .enabled(if: SmallBatchKernel.packedAvailable, "needs AVX-512F (the packed kernels' only target)"))
struct PackedKernelTests {
    /// out[r, c] = Σ x[r, j]·w[c, j] + bias[c], in Double.
    static func reference(_ x: [Float], _ w: [Float], bias: [Float]?, rows: Int, columns: Int, inner: Int) -> [Double] {
        var out = [Double](repeating: 0, count: rows * columns)
        for r in 0..<rows {
            for c in 0..<columns {
                var sum = Double(bias?[c] ?? 0)
                for j in 0..<inner { sum += Double(x[r * inner + j]) * Double(w[c * inner + j]) }
                out[r * columns + c] = sum
            }
        }
        return out
    }

    static func random(_ count: Int, seed: inout UInt64) -> [Float] {
        (0..<count).map { _ in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int(seed >> 40) % 2001 - 1000) / 1000
        }
    }

    @Test("float32 panels give x·wᵀ + b for ragged shapes (rows past 12, columns past whole panels), split or not",
          arguments: [(1, 45, 7), (9, 32, 384), (13, 70, 33), (24, 100, 5)])
    func float32MatchesDefinition(rows: Int, columns: Int, inner: Int) {
        var seed: UInt64 = UInt64(rows * 1000 + columns)
        let x = Self.random(rows * inner, seed: &seed), w = Self.random(columns * inner, seed: &seed)
        let bias = Self.random(columns, seed: &seed)
        let expected = Self.reference(x, w, bias: bias, rows: rows, columns: columns, inner: inner)
        var packed = [Float](repeating: .nan, count: Int(rs_packed_count(Int32(columns), Int32(inner))))
        rs_pack_f32(w, Int32(columns), Int32(inner), &packed)
        let panels = (columns + 31) / 32
        // Output rows wider than the product (stride columns + 3), the margin must stay untouched.
        let stride = columns + 3
        var out = [Float](repeating: -7, count: rows * stride)
        let split = panels / 2
        rs_packed_gemm_f32(x, Int32(rows), Int32(inner), packed, Int32(columns), bias, &out, Int32(stride), 0, Int32(split))
        rs_packed_gemm_f32(x, Int32(rows), Int32(inner), packed, Int32(columns), bias, &out, Int32(stride), Int32(split), Int32(panels))
        var worst = 0.0
        for r in 0..<rows {
            for c in 0..<columns { worst = max(worst, abs(Double(out[r * stride + c]) - expected[r * columns + c])) }
            for c in columns..<stride { #expect(out[r * stride + c] == -7, "row \(r) column \(c) written past the product") }
        }
        #expect(worst < 1e-4 * Double(inner).squareRoot(), "worst |packed − x·wᵀ| = \(worst)")

        var noBias = [Float](repeating: 0, count: rows * columns)
        rs_packed_gemm_f32(x, Int32(rows), Int32(inner), packed, Int32(columns), nil, &noBias, Int32(columns), 0, Int32(panels))
        let unbiased = Self.reference(x, w, bias: nil, rows: rows, columns: columns, inner: inner)
        #expect(zip(noBias, unbiased).allSatisfy { abs(Double($0) - $1) < 1e-4 * Double(inner).squareRoot() })
    }

    @Test("float16 panels give x·ŵᵀ + b with ŵ the weights rounded to Float16", arguments: [(9, 384, 384), (17, 45, 20)])
    func float16MatchesRoundedDefinition(rows: Int, columns: Int, inner: Int) {
        var seed: UInt64 = 99
        let x = Self.random(rows * inner, seed: &seed)
        // Weights of BERT's magnitude, some below Float16's normal range.
        let w = Self.random(columns * inner, seed: &seed).enumerated().map { $0.offset % 97 == 0 ? $0.element * 1e-6 : $0.element * 0.1 }
        let bias = Self.random(columns, seed: &seed)
        let rounded = w.map { Float(Float16($0)) }
        let expected = Self.reference(x, rounded, bias: bias, rows: rows, columns: columns, inner: inner)
        var packed = [UInt16](repeating: 0xFFFF, count: Int(rs_packed_count(Int32(columns), Int32(inner))))
        rs_pack_f16(w, Int32(columns), Int32(inner), &packed)
        var out = [Float](repeating: 0, count: rows * columns)
        rs_packed_gemm_f16(x, Int32(rows), Int32(inner), packed, Int32(columns), bias, &out, Int32(columns), 0, Int32((columns + 31) / 32))
        let worst = zip(out, expected).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(worst < 1e-5 * Double(inner).squareRoot(), "worst |packed f16 − x·ŵᵀ| = \(worst)")
        // And the rounding is really there: against the unrounded weights the difference is larger.
        let exact = Self.reference(x, w, bias: bias, rows: rows, columns: columns, inner: inner)
        let rounding = zip(out, exact).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(rounding > worst)
    }

    @Test("every kernel meets the reference (cosine ≥ 0.9995) one text at a time; the fixture has short texts for the packed path",
          arguments: [SmallBatchKernel.packedFloat32, .packedFloat16])
    func referenceOnEachKernel(kernel: SmallBatchKernel) throws {
        let encoder = try ModelFixture.requireEncoder(kernel)
        #expect(encoder.smallBatchKernel == kernel)
        let short = ModelFixture.reference.texts.filter { $0.ids.count <= SentenceEncoder.packedRowLimit }
        #expect(short.count >= 20, "only \(short.count) fixture texts take the packed path")
        var worst = 1.0
        for entry in ModelFixture.reference.texts {
            let cosine = ModelFixture.cosine(encoder.encode(entry.text).vector, entry.vector)
            worst = min(worst, cosine)
            #expect(cosine >= 0.9995, "\(kernel.rawValue), text \(entry.text.debugDescription): cosine \(cosine)")
        }
        print("\(kernel.rawValue): worst cosine to the reference \(worst)")
    }

    @Test("packed float32 equals sgemm up to summation order, float16 within cosine 0.99995; two threads equal one")
    func packedAgainstSgemm() throws {
        let sgemm = try ModelFixture.requireEncoder(.sgemm)
        let f32 = try ModelFixture.requireEncoder(.packedFloat32)
        let f16 = try ModelFixture.requireEncoder(.packedFloat16)
        for entry in ModelFixture.reference.texts where entry.ids.count <= SentenceEncoder.packedRowLimit {
            let base = sgemm.encode(entry.text).vector
            let a = f32.encode(entry.text).vector
            let difference = zip(base, a).map { abs($0 - $1) }.max() ?? 0
            #expect(difference < 2e-5, "text \(entry.text.debugDescription): max |Δ| \(difference)")
            let b = f16.encode(entry.text).vector
            #expect(ModelFixture.cosine(base, b) >= 0.99995, "text \(entry.text.debugDescription)")
            #expect(b != base, "float16 weights should change the vector a little")
            #expect(f16.encode(entry.text, threads: 2).vector == b)
            #expect(f32.encode(entry.text, threads: 2).vector == a)
        }
    }
}
