/// Small vector kernels for hot loops where a BLAS call's overhead would dominate (64-element
/// factor vectors, catalogue-length score rows). Eight-lane SIMD with a scalar tail.
enum VectorKernels {
    /// Copies `source` into the front of `target` (min of the two counts). O(n), a memcpy.
    static func copy(_ source: [Float], into target: inout [Float]) {
        target.withUnsafeMutableBufferPointer { out in
            source.withUnsafeBufferPointer { from in
                guard let destination = out.baseAddress, let origin = from.baseAddress else { return }
                destination.update(from: origin, count: min(out.count, from.count))
            }
        }
    }

    /// Σ a[i]·b[i] for i < n. Cost n multiply-adds.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc0 = SIMD8<Float>.zero
        var acc1 = SIMD8<Float>.zero
        var i = 0
        while i + 16 <= n {
            acc0 += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self) * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
            acc1 += UnsafeRawPointer(a + i + 8).loadUnaligned(as: SIMD8<Float>.self) * UnsafeRawPointer(b + i + 8).loadUnaligned(as: SIMD8<Float>.self)
            i += 16
        }
        while i + 8 <= n {
            acc0 += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self) * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var sum = (acc0 + acc1).sum()
        while i < n {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    /// y[i] += alpha · x[i] for i < n. Cost n multiply-adds.
    @inline(__always)
    static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        let a = SIMD8<Float>(repeating: alpha)
        var i = 0
        while i + 8 <= n {
            let xv = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
            let yv = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(y + i).storeBytes(of: yv + a * xv, as: SIMD8<Float>.self)
            i += 8
        }
        while i < n {
            y[i] += alpha * x[i]
            i += 1
        }
    }
}
