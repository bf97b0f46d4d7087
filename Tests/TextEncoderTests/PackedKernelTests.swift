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

    /// GELU (erf form) in Double.
    static func gelu(_ x: Double) -> Double { 0.5 * x * (1 + Foundation.erf(x / 2.0.squareRoot())) }

    /// `x` laid out step-major by `rs_step_major`.
    static func stepMajor(_ x: [Float], rows: Int, inner: Int) -> [Float] {
        var tiles = [Float](repeating: .nan, count: max(1, rs_step_major_count(Int32(rows), Int32(inner))))
        rs_step_major(x, Int32(rows), Int32(inner), Int32(inner), &tiles)
        return tiles
    }

    @Test("step-major tiles: near-equal blocks of ≤ 16 rows, step j holding each row's column j, unused lanes 0",
          arguments: [0, 1, 5, 16, 17, 32])
    func stepMajorLayout(rows: Int) {
        let inner = 7
        let x = (0..<(rows * inner)).map { Float($0) + 1 }
        let tiles = Self.stepMajor(x, rows: rows, inner: inner)
        let blocks = Int(rs_step_blocks(Int32(rows)))
        #expect(blocks == (rows + 15) / 16)
        var row = 0
        for block in 0..<blocks {
            // Near-equal split: 17 rows = 9 + 8.
            let count = rows / blocks + (block < rows % blocks ? 1 : 0)
            for step in 0..<inner {
                for lane in 0..<Int(RS_STEP_ROWS) {
                    let value = tiles[(block * inner + step) * Int(RS_STEP_STRIDE) + lane]
                    #expect(value == (lane < count ? x[(row + lane) * inner + step] : 0), "block \(block) step \(step) lane \(lane)")
                }
            }
            row += count
        }
        #expect(row == rows)
    }

    /// Runs `rs_step_gemm_f32` or `_f16` on `x` (rows × inner) against `w` (columns × inner), the panels
    /// split in two calls, into rows of stride columns + 3 (whose margin must stay untouched).
    static func stepProduct(_ x: [Float], _ w: [Float], bias: [Float]?, gelu: Bool, half: Bool,
                            rows: Int, columns: Int, inner: Int) -> [Float] {
        let tiles = stepMajor(x, rows: rows, inner: inner)
        let panels = (columns + Int(RS_PANEL_WIDTH) - 1) / Int(RS_PANEL_WIDTH), split = panels / 2
        let stride = columns + 3
        var out = [Float](repeating: -7, count: rows * stride)
        let count = Int(rs_packed_count(Int32(columns), Int32(inner)))
        for range in [0..<split, split..<panels] {
            if half {
                var packed = [UInt16](repeating: 0xFFFF, count: count)
                rs_pack_f16(w, Int32(columns), Int32(inner), &packed)
                rs_step_gemm_f16(tiles, Int32(rows), Int32(inner), packed, Int32(columns), bias, gelu ? 1 : 0, &out,
                                 Int32(stride), Int32(range.lowerBound), Int32(range.upperBound))
            } else {
                var packed = [Float](repeating: .nan, count: count)
                rs_pack_f32(w, Int32(columns), Int32(inner), &packed)
                rs_step_gemm_f32(tiles, Int32(rows), Int32(inner), packed, Int32(columns), bias, gelu ? 1 : 0, &out,
                                 Int32(stride), Int32(range.lowerBound), Int32(range.upperBound))
            }
        }
        for r in 0..<rows {
            for c in columns..<stride { #expect(out[r * stride + c] == -7, "row \(r) column \(c) written past the product") }
        }
        return (0..<rows).flatMap { r in out[(r * stride)..<(r * stride + columns)] }
    }

    @Test("float32 step-major product = x·wᵀ + b (GELU or not) for 0-32 rows (both block kinds) and ragged widths",
          arguments: [(0, 45, 7), (1, 45, 7), (3, 17, 1), (5, 16, 33), (11, 70, 384), (12, 33, 20), (16, 100, 384), (17, 45, 13),
                     (32, 64, 1536)])
    func float32StepMatchesDefinition(rows: Int, columns: Int, inner: Int) {
        var seed = UInt64(rows * 1000 + columns)
        let x = Self.random(rows * inner, seed: &seed), w = Self.random(columns * inner, seed: &seed)
        let bias = Self.random(columns, seed: &seed)
        let tolerance = 1e-4 * Double(inner).squareRoot()
        for useBias in [true, false] {
            let expected = Self.reference(x, w, bias: useBias ? bias : nil, rows: rows, columns: columns, inner: inner)
            let plain = Self.stepProduct(x, w, bias: useBias ? bias : nil, gelu: false, half: false, rows: rows, columns: columns, inner: inner)
            let worst = zip(plain, expected).map { abs(Double($0) - $1) }.max() ?? 0
            #expect(worst < tolerance, "bias \(useBias): worst |step − x·wᵀ| = \(worst)")
            let activated = Self.stepProduct(x, w, bias: useBias ? bias : nil, gelu: true, half: false, rows: rows, columns: columns, inner: inner)
            let worstGELU = zip(activated, expected).map { abs(Double($0) - Self.gelu($1)) }.max() ?? 0
            #expect(worstGELU < tolerance, "bias \(useBias): worst |step GELU − GELU(x·wᵀ)| = \(worstGELU)")
        }
    }

    @Test("float16 step-major product = x·ŵᵀ + b with ŵ the weights rounded to Float16",
          arguments: [(1, 30, 9), (5, 384, 384), (9, 45, 20), (16, 1536, 384), (17, 384, 1536), (24, 50, 17)])
    func float16StepMatchesRoundedDefinition(rows: Int, columns: Int, inner: Int) {
        var seed = UInt64(99 + rows)
        let x = Self.random(rows * inner, seed: &seed)
        // Weights of BERT's magnitude, some below Float16's normal range.
        let w = Self.random(columns * inner, seed: &seed).enumerated().map { $0.offset % 97 == 0 ? $0.element * 1e-6 : $0.element * 0.1 }
        let bias = Self.random(columns, seed: &seed)
        let rounded = w.map { Float(Float16($0)) }
        let expected = Self.reference(x, rounded, bias: bias, rows: rows, columns: columns, inner: inner)
        let out = Self.stepProduct(x, w, bias: bias, gelu: false, half: true, rows: rows, columns: columns, inner: inner)
        let worst = zip(out, expected).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(worst < 1e-5 * Double(inner).squareRoot(), "worst |step f16 − x·ŵᵀ| = \(worst)")
        let activated = Self.stepProduct(x, w, bias: bias, gelu: true, half: true, rows: rows, columns: columns, inner: inner)
        let worstGELU = zip(activated, expected).map { abs(Double($0) - Self.gelu($1)) }.max() ?? 0
        #expect(worstGELU < 1e-5 * Double(inner).squareRoot(), "worst |step f16 GELU − GELU(x·ŵᵀ)| = \(worstGELU)")
        // And the rounding is really there: against the unrounded weights the difference is larger.
        let exact = Self.reference(x, w, bias: bias, rows: rows, columns: columns, inner: inner)
        let rounding = zip(out, exact).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(rounding > worst)
    }

    @Test("attention of one sequence = softmax(scale·QKᵀ)·V per head, in Double, for 0-33 tokens and head sizes not a multiple of 16",
          arguments: [(0, 32), (1, 32), (5, 32), (16, 32), (17, 20), (33, 7)])
    func attentionMatchesDefinition(tokens n: Int, headSize d: Int) {
        let heads = 3, hidden = heads * d
        var seed = UInt64(n * 31 + d)
        // Scores up to ±6 after scaling: a softmax far from uniform.
        let qkv = Self.random(n * 3 * hidden, seed: &seed).map { $0 * 2 }
        let scale = 1 / Float(d).squareRoot()
        let ldc = hidden + 2
        var context = [Float](repeating: -7, count: n * ldc)
        var scratch = [Float](repeating: .nan, count: rs_attention_scratch_count(Int32(n), Int32(d)))
        rs_attention(qkv, Int32(n), Int32(heads), Int32(d), scale, &context, Int32(ldc), &scratch)
        var worst = 0.0
        for head in 0..<heads {
            for i in 0..<n {
                var s = [Double](repeating: 0, count: n)
                for j in 0..<n {
                    for c in 0..<d {
                        s[j] += Double(qkv[i * 3 * hidden + head * d + c]) * Double(qkv[j * 3 * hidden + hidden + head * d + c])
                    }
                    s[j] *= Double(scale)
                }
                let top = s.max() ?? 0
                let e = s.map { Foundation.exp($0 - top) }
                let total = e.reduce(0, +)
                for c in 0..<d {
                    var value = 0.0
                    for j in 0..<n { value += e[j] / total * Double(qkv[j * 3 * hidden + 2 * hidden + head * d + c]) }
                    worst = max(worst, abs(Double(context[i * ldc + head * d + c]) - value))
                }
            }
        }
        #expect(worst < 2e-6, "worst |attention − softmax(QKᵀ)V| = \(worst)")
        for i in 0..<n { #expect(context[(i * ldc + hidden)..<(i * ldc + ldc)].allSatisfy { $0 == -7 }, "row \(i) margin written") }
    }

    @Test("residual + LayerNorm in C = LayerNorm(x + b + residual)·γ + β in Double, for widths not a multiple of 16",
          arguments: [(0, 5), (1, 1), (5, 5), (16, 17), (17, 384)])
    func layerNormMatchesDefinition(rows: Int, width: Int) {
        var seed = UInt64(rows * 7 + width)
        // An offset mean (as hidden states have) so a one-pass variance would lose digits.
        let x = Self.random(rows * width, seed: &seed).map { $0 + 3 }
        let start = Self.random(rows * width, seed: &seed)
        let bias = Self.random(width, seed: &seed), weight = Self.random(width, seed: &seed), shift = Self.random(width, seed: &seed)
        for useBias in [true, false] {
            var residual = start
            rs_add_layer_norm(x, useBias ? bias : nil, &residual, Int32(rows), Int32(width), weight, shift, 1e-12)
            var worst = 0.0
            for r in 0..<rows {
                let v = (0..<width).map { Double(x[r * width + $0]) + Double(start[r * width + $0]) + (useBias ? Double(bias[$0]) : 0) }
                let mean = v.reduce(0, +) / Double(width)
                let variance = v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(width)
                for c in 0..<width {
                    let expected = (v[c] - mean) / (variance + 1e-12).squareRoot() * Double(weight[c]) + Double(shift[c])
                    // Width 1: the row is its mean, (v − mean) = 0 exactly, so the output is β.
                    worst = max(worst, abs(Double(residual[r * width + c]) - expected))
                }
            }
            #expect(worst < 2e-5, "bias \(useBias): worst |LayerNorm − definition| = \(worst)")
        }
    }

    @Test("vectorised GELU within 1e-6·max(1, |x|) of x/2·(1 + erf(x/√2)) in Double, for 0, 1, 17 and 4,001 values",
          arguments: [0, 1, 17, 4001])
    func geluMatchesDefinition(count: Int) {
        let x = (0..<count).map { Float(-10 + 20 * Double($0) / Double(max(1, count - 1))) }
        var y = x
        rs_gelu(&y, y.count)
        for (input, output) in zip(x, y) {
            let expected = Self.gelu(Double(input))
            #expect(abs(Double(output) - expected) <= 1e-6 * max(1, abs(Double(input))), "GELU(\(input)) = \(output), expected \(expected)")
        }
    }

    @Test("vectorised e^x within relative 2e-7 of exp in Double on [-87, 0] (sizes not a multiple of 16)", arguments: [0, 1, 17, 10_007])
    func expMatchesDefinition(count: Int) {
        let x = (0..<count).map { Float(-87 * Double($0) / Double(max(1, count - 1))) }
        var y = x
        rs_exp_nonpositive(&y, y.count)
        var worst = 0.0
        for (input, output) in zip(x, y) {
            let expected = Foundation.exp(Double(input))
            worst = max(worst, abs(Double(output) - expected) / expected)
        }
        #expect(worst < 2e-7, "worst relative error \(worst)")
        var below: [Float] = [-100, -1e30]
        rs_exp_nonpositive(&below, 2)
        #expect(below.allSatisfy { $0 >= 0 && $0 < 1e-37 })
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
