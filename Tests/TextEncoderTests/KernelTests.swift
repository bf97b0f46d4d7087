import Foundation
import Testing
@testable import TextEncoder

@Suite("forward-pass kernels")
struct KernelTests {
    @Test("the vectorised erf agrees with erff within 5e-7 (a few units in the last place near ±1) on [-6, 6]")
    func erfMatchesLibm() {
        var worst: Float = 0
        var x: Float = -6
        while x < 6 {
            var lanes = SIMD16<Float>()
            for k in 0..<16 { lanes[k] = x + Float(k) * 1e-4 }
            let y = Kernels.erf(lanes)
            for k in 0..<16 { worst = max(worst, abs(y[k] - erff(lanes[k]))) }
            x += 0.0016
        }
        #expect(worst < 5e-7, "worst |erf - erff| = \(worst)")
    }

    @Test("LayerNorm of a row matches the hand computation")
    func layerNorm() {
        var row: [Float] = [1, 2, 3, 4]
        let weight: [Float] = [1, 1, 2, 2], shift: [Float] = [0, 0, 0, 1]
        row.withUnsafeMutableBufferPointer { r in
            Kernels.layerNorm(r.baseAddress!, rows: 1, width: 4, weight: weight, shift: shift, epsilon: 1e-12)
        }
        // mean 2.5, population variance 1.25.
        let s = Float(1.25).squareRoot()
        let expected: [Float] = [-1.5 / s, -0.5 / s, 2 * 0.5 / s, 2 * 1.5 / s + 1]
        for (a, b) in zip(row, expected) { #expect(abs(a - b) < 1e-6) }
    }

    @Test("softmax rows sum to one and keep order")
    func softmax() {
        var s: [Float] = [0, 1, 2, 1000, 1000, 1000]
        s.withUnsafeMutableBufferPointer { Kernels.softmaxRows($0.baseAddress!, rows: 2, columns: 3) }
        let e = [Float(1), expf(1), expf(2)]
        let total = e.reduce(0, +)
        for k in 0..<3 { #expect(abs(s[k] - e[k] / total) < 1e-6) }
        for k in 3..<6 { #expect(abs(s[k] - 1 / 3) < 1e-6) }
    }
}
