import Foundation

/// Element-wise kernels of the forward pass (everything that is not a matrix product), written over
/// `SIMD16<Float>` with scalar tails. Each is one or two passes over its rows; all are O(elements).
enum Kernels {
    typealias V = SIMD16<Float>

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> V {
        UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }

    @inline(__always)
    static func store(_ v: V, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
    }

    /// `residual[r] = LayerNorm(x[r] + bias + residual[r]) · weight + shift` for `rows` rows of `width`
    /// (population variance, `epsilon` inside the square root, as PyTorch's LayerNorm).
    static func addLayerNorm(_ x: UnsafePointer<Float>, bias: UnsafePointer<Float>?, residual: UnsafeMutablePointer<Float>,
                             rows: Int, width: Int, weight: UnsafePointer<Float>, shift: UnsafePointer<Float>,
                             epsilon: Float) {
        let vectorWidth = width & ~15
        for r in 0..<rows {
            let row = residual + r * width
            let input = x + r * width
            var sum = V()
            var c = 0
            while c < vectorWidth {
                var v = load(input + c) + load(row + c)
                if let bias { v = v + load(bias + c) }
                store(v, row + c)
                sum = sum + v
                c += 16
            }
            var total = sum.sum()
            while c < width {
                let v = input[c] + row[c] + (bias?[c] ?? 0)
                row[c] = v
                total += v
                c += 1
            }
            normalise(row, width: width, mean: total / Float(width), weight: weight, shift: shift, epsilon: epsilon)
        }
    }

    /// In-place LayerNorm of each row (no addition).
    static func layerNorm(_ rowsPointer: UnsafeMutablePointer<Float>, rows: Int, width: Int,
                          weight: UnsafePointer<Float>, shift: UnsafePointer<Float>, epsilon: Float) {
        for r in 0..<rows {
            let row = rowsPointer + r * width
            var total: Float = 0
            for c in 0..<width { total += row[c] }
            normalise(row, width: width, mean: total / Float(width), weight: weight, shift: shift, epsilon: epsilon)
        }
    }

    @inline(__always)
    private static func normalise(_ row: UnsafeMutablePointer<Float>, width: Int, mean: Float,
                                  weight: UnsafePointer<Float>, shift: UnsafePointer<Float>, epsilon: Float) {
        let vectorWidth = width & ~15
        let m = V(repeating: mean)
        var squares = V()
        var c = 0
        while c < vectorWidth {
            let d = load(row + c) - m
            squares = squares + d * d
            c += 16
        }
        var variance = squares.sum()
        while c < width {
            let d = row[c] - mean
            variance += d * d
            c += 1
        }
        let inverse = 1 / (variance / Float(width) + epsilon).squareRoot()
        let scale = V(repeating: inverse)
        c = 0
        while c < vectorWidth {
            let v = (load(row + c) - m) * scale
            store(v * load(weight + c) + load(shift + c), row + c)
            c += 16
        }
        while c < width {
            row[c] = (row[c] - mean) * inverse * weight[c] + shift[c]
            c += 1
        }
    }

    /// `x = gelu(x + bias)` over `rows` rows of `width`, with GELU(x) = x/2 · (1 + erf(x/√2)).
    static func addBiasGELU(_ x: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>, rows: Int, width: Int) {
        let vectorWidth = width & ~15
        let half = V(repeating: 0.5), one = V(repeating: 1), invSqrt2 = V(repeating: Float(0.5).squareRoot())
        for r in 0..<rows {
            let row = x + r * width
            var c = 0
            while c < vectorWidth {
                let v = load(row + c) + load(bias + c)
                store(half * v * (one + erf(v * invSqrt2)), row + c)
                c += 16
            }
            while c < width {
                let v = row[c] + bias[c]
                row[c] = 0.5 * v * (1 + Foundation.erff(v * Float(0.5).squareRoot()))
                c += 1
            }
        }
    }

    /// erf for 16 lanes: a rational minimax approximation on [-4, 4] (erf(±4) = ±1 in Float32),
    /// accurate to a few units in the last place (checked against `erff` in the tests).
    @inline(__always)
    static func erf(_ a: V) -> V {
        // Clamp through compare-and-blend (SIMD's `clamped` and `pointwiseMin` go lane by lane).
        var x = a
        x.replace(with: 4, where: x .> 4)
        x.replace(with: -4, where: x .< -4)
        let x2 = x * x
        var p = V(repeating: -2.72614225801306e-10)
        p = x2 * p + V(repeating: 2.77068142495902e-08)
        p = x2 * p + V(repeating: -2.10102402082508e-06)
        p = x2 * p + V(repeating: -5.69250639462346e-05)
        p = x2 * p + V(repeating: -7.34990630326855e-04)
        p = x2 * p + V(repeating: -2.95459980854025e-03)
        p = x2 * p + V(repeating: -1.60960333262415e-02)
        p = x * p
        var q = V(repeating: -1.45660718464996e-05)
        q = x2 * q + V(repeating: -2.13374055278905e-04)
        q = x2 * q + V(repeating: -1.68282697438203e-03)
        q = x2 * q + V(repeating: -7.37332916720468e-03)
        q = x2 * q + V(repeating: -1.42647390514189e-02)
        return p / q
    }

    /// Row-wise softmax of an `rows × columns` matrix in place.
    static func softmaxRows(_ s: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        for r in 0..<rows {
            let row = s + r * columns
            var maximum = -Float.infinity
            for c in 0..<columns { maximum = max(maximum, row[c]) }
            var total: Float = 0
            for c in 0..<columns {
                let e = expf(row[c] - maximum)
                row[c] = e
                total += e
            }
            let inverse = 1 / total
            for c in 0..<columns { row[c] *= inverse }
        }
    }
}
