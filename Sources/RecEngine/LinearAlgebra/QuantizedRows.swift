import CKernels
import Dispatch

/// A row-major matrix stored as int8 codes with one float32 scale per row (symmetric, per-row
/// quantisation: value ≈ scale × code, |value − scale × code| ≤ scale / 2). A quarter of the bytes of
/// float32 (half of float16): the first stage of an exact two-stage top-K reads it to estimate every
/// row's dot product with a query, with a bound on each estimate's error (`errorBound`).
public struct QuantizedRows: Sendable {
    public let rows: Int
    public let columns: Int
    /// rows × columns codes in −127...127.
    public let codes: [Int8]
    /// max |value| / 127 per row (0 for a zero row).
    public let scales: [Float]
    /// Σⱼ codes[r][j] per row (the VNNI kernel's offset correction).
    let sums: [Int32]
    /// scales[r] × Σⱼ |codes[r][j]| per row: how far the query's own rounding (VNNI path) can move row
    /// r's estimate, per unit of query step.
    let magnitudeScales: [Float]

    /// Whether the first stage runs the AVX-512 VNNI kernel (query rounded to 8 bits too, 64 products
    /// per instruction); otherwise the codes are widened to float32 (AVX-512 or portable).
    public static var usesVNNI: Bool { rk_has_avx512_vnni() != 0 }

    /// The error bound of one estimate pass: row r's estimate is within
    /// scales[r] × perScale + magnitudeScales[r] × perMagnitude of the exact scale × (row r · query).
    public struct Bound: Sendable {
        public var perScale: Float
        public var perMagnitude: Float
    }

    /// Quantises `values` (row-major rows × columns float32, finite). Cost O(rows × columns), over the
    /// cores for large matrices.
    public init(rows: Int, columns: Int, values: UnsafeBufferPointer<Float>) {
        precondition(values.count == rows * columns, "QuantizedRows: \(values.count) values for \(rows) × \(columns)")
        self.rows = rows
        self.columns = columns
        var codes = [Int8](repeating: 0, count: rows * columns)
        var scales = [Float](repeating: 0, count: rows)
        if rows > 0, columns > 0, let source = values.baseAddress {
            codes.withUnsafeMutableBufferPointer { c in
                scales.withUnsafeMutableBufferPointer { s in
                    nonisolated(unsafe) let c = c.baseAddress!, s = s.baseAddress!, source = source
                    RowBlocks.forEach(rows) { block in
                        rk_quantize_rows_int8(source + block.lowerBound * columns, block.count, columns,
                                              c + block.lowerBound * columns, s + block.lowerBound)
                    }
                }
            }
        }
        self.codes = codes
        self.scales = scales
        (self.sums, self.magnitudeScales) = QuantizedRows.rowSums(codes: codes, scales: scales, rows: rows, columns: columns)
    }

    /// Per-row Σ codes and scale × Σ |codes| (`sums`, `magnitudeScales`). Cost O(rows × columns).
    private static func rowSums(codes: [Int8], scales: [Float], rows: Int, columns: Int) -> ([Int32], [Float]) {
        var sums = [Int32](repeating: 0, count: rows), magnitudes = [Int32](repeating: 0, count: rows)
        if rows > 0 {
            codes.withUnsafeBufferPointer { c in
                sums.withUnsafeMutableBufferPointer { s in
                    magnitudes.withUnsafeMutableBufferPointer { m in
                        nonisolated(unsafe) let c = c.baseAddress!, s = s.baseAddress!, m = m.baseAddress!
                        RowBlocks.forEach(rows) { block in
                            rk_int8_row_sums(c + block.lowerBound * columns, block.count, columns, s + block.lowerBound, m + block.lowerBound)
                        }
                    }
                }
            }
        }
        return (sums, (0..<rows).map { scales[$0] * Float(magnitudes[$0]) })
    }

    /// Quantises the float16 values of `half` (widened exactly, a block of rows at a time).
    /// Cost O(rows × columns).
    public init(half: HalfMatrix) {
        let rows = half.rows, columns = half.columns
        self.rows = rows
        self.columns = columns
        var codes = [Int8](repeating: 0, count: rows * columns)
        var scales = [Float](repeating: 0, count: rows)
        if rows > 0, columns > 0 {
            half.bits.withUnsafeBufferPointer { h in
                codes.withUnsafeMutableBufferPointer { c in
                    scales.withUnsafeMutableBufferPointer { s in
                        nonisolated(unsafe) let h = h.baseAddress!, c = c.baseAddress!, s = s.baseAddress!
                        RowBlocks.forEach(rows) { block in
                            let chunk = 1024
                            var widened = [Float](repeating: 0, count: chunk * columns)
                            var start = block.lowerBound
                            while start < block.upperBound {
                                let count = min(chunk, block.upperBound - start)
                                widened.withUnsafeMutableBufferPointer { w in
                                    rk_halves_to_floats(h + start * columns, w.baseAddress!, count * columns)
                                    rk_quantize_rows_int8(w.baseAddress!, count, columns, c + start * columns, s + start)
                                }
                                start += count
                            }
                        }
                    }
                }
            }
        }
        self.codes = codes
        self.scales = scales
        (self.sums, self.magnitudeScales) = QuantizedRows.rowSums(codes: codes, scales: scales, rows: rows, columns: columns)
    }

    private init(rows: Int, columns: Int, codes: [Int8], scales: [Float], sums: [Int32], magnitudeScales: [Float]) {
        self.rows = rows
        self.columns = columns
        self.codes = codes
        self.scales = scales
        self.sums = sums
        self.magnitudeScales = magnitudeScales
    }

    /// The same codes (shared, not copied) with row r's scale divided by `divisors[r]` (0 where the
    /// divisor is 0): estimates of row r · query / divisors[r], e.g. cosines with divisors the row
    /// norms. The error bound divides alike. Cost O(rows).
    public func rescaled(dividingBy divisors: [Float]) -> QuantizedRows {
        precondition(divisors.count == rows, "QuantizedRows.rescaled: \(divisors.count) divisors for \(rows) rows")
        let scaled = (0..<rows).map { divisors[$0] > 0 ? scales[$0] / divisors[$0] : 0 }
        let magnitudes = (0..<rows).map { divisors[$0] > 0 ? magnitudeScales[$0] / divisors[$0] : 0 }
        return QuantizedRows(rows: rows, columns: columns, codes: codes, scales: scaled, sums: sums, magnitudeScales: magnitudes)
    }

    /// Whether this CPU runs the AVX-512 first-stage kernel (false: the portable C loop).
    public static var usesVectorKernel: Bool { rk_has_avx512() != 0 }

    /// Estimates of `scale × (row r · query)` for every row into `out`, and their error bound. With
    /// VNNI (`usesVNNI`, unless `portable`) the query is rounded to 8 bits as well and the products are
    /// exact integers; otherwise the codes are widened to float32 (`out[r] = scale × scales[r] ×
    /// (codes[r] · query)`). Cost: one streaming read of rows × columns bytes over all cores (large
    /// matrices).
    @discardableResult
    public func estimate(_ query: UnsafePointer<Float>, scale: Float, into out: UnsafeMutablePointer<Float>, portable: Bool = false) -> Bound {
        let rowBound = errorBound(query: query, scale: scale)
        guard rows > 0, columns > 0 else {
            for r in 0..<rows { out[r] = 0 }
            return Bound(perScale: rowBound, perMagnitude: 0)
        }
        let blocks = max(1, min(RowBlocks.workerCount, rows / HalfMatrix.rowsPerThreadMinimum))
        let rows = self.rows
        let perMagnitude = withRowKernel(query, scale: scale, portable: portable) { kernel in
            QuantizedRows.run(blocks: blocks) { block in
                let start = block * rows / blocks, end = (block + 1) * rows / blocks
                kernel(start, end - start, out + start)
            }
        }
        return Bound(perScale: rowBound, perMagnitude: perMagnitude)
    }

    /// Estimates of `scale × (row · query)` for the rows listed in `indices` only: out[i] for row
    /// indices[i], with the same arithmetic and bound as `estimate(_:scale:into:)` (the middle stage of
    /// the cascade in `TwoStageTopK`). Cost: columns bytes per listed row, over the cores for long lists.
    @discardableResult
    func estimate(_ query: UnsafePointer<Float>, scale: Float, rowsAt indices: UnsafeBufferPointer<UInt32>, into out: UnsafeMutablePointer<Float>) -> Bound {
        let rowBound = errorBound(query: query, scale: scale)
        let count = indices.count, columns = self.columns
        guard count > 0 else { return Bound(perScale: rowBound, perMagnitude: 0) }
        guard columns > 0 else {
            for i in 0..<count { out[i] = 0 }
            return Bound(perScale: rowBound, perMagnitude: 0)
        }
        let blocks = count >= 8192 ? RowBlocks.workerCount : 1
        nonisolated(unsafe) let indices = indices.baseAddress!
        let perMagnitude = withRowKernel(query, scale: scale, portable: false) { kernel in
            QuantizedRows.run(blocks: blocks) { block in
                for i in (block * count / blocks)..<((block + 1) * count / blocks) { kernel(Int(indices[i]), 1, out + i) }
            }
        }
        return Bound(perScale: rowBound, perMagnitude: perMagnitude)
    }

    /// Estimates `n` consecutive rows from `row` into `out` (`scale × (row · query)`): the kernel both
    /// `estimate` forms share, valid inside `withRowKernel`'s body only.
    private typealias RowKernel = (_ row: Int, _ n: Int, _ out: UnsafeMutablePointer<Float>) -> Void

    /// Prepares the query for the first-stage kernel — rounded to 8 bits for VNNI (`usesVNNI`, unless
    /// `portable`), else used as float32 against widened codes — and hands `body` the row kernel.
    /// Returns the bound's per-magnitude term: how far the query's own rounding can move an estimate
    /// (0 without VNNI). Cost O(columns) plus what `body` runs.
    private func withRowKernel(_ query: UnsafePointer<Float>, scale: Float, portable: Bool, _ body: (RowKernel) -> Void) -> Float {
        let columns = self.columns
        if QuantizedRows.usesVNNI && !portable {
            var offset = [UInt8](repeating: 128, count: columns)
            let step = offset.withUnsafeMutableBufferPointer { rk_quantize_query_u8(query, columns, $0.baseAddress!) }
            offset.withUnsafeBufferPointer { u in
                codes.withUnsafeBufferPointer { c in
                    scales.withUnsafeBufferPointer { s in
                        sums.withUnsafeBufferPointer { sums in
                            let u = u.baseAddress!, c = c.baseAddress!, s = s.baseAddress!, sums = sums.baseAddress!
                            body { r, n, out in rk_int8_gemv_vnni(c + r * columns, s + r, sums + r, n, columns, u, step, scale, out) }
                        }
                    }
                }
            }
            return abs(scale) * step * 0.5 * 1.001
        }
        codes.withUnsafeBufferPointer { c in
            scales.withUnsafeBufferPointer { s in
                let c = c.baseAddress!, s = s.baseAddress!
                body { r, n, out in
                    if portable {
                        rk_int8_gemv_portable(c + r * columns, s + r, n, columns, query, scale, out)
                    } else {
                        rk_int8_gemv(c + r * columns, s + r, n, columns, query, scale, out)
                    }
                }
            }
        }
        return 0
    }

    /// `scan(block)` for every block: on the calling thread when there is one, else over the cores.
    private static func run(blocks: Int, _ scan: (Int) -> Void) {
        guard blocks > 1 else { return scan(0) }
        withoutActuallyEscaping(scan) { scan in
            nonisolated(unsafe) let scan = scan
            DispatchQueue.concurrentPerform(iterations: blocks) { scan($0) }
        }
    }

    /// The factor B such that |scale × (row r · query) − s × (codes[r] · query)| ≤ scales[r] × B for every row: the
    /// rounding of the codes (½ per value, times ‖query‖₁) plus a generous allowance for float32
    /// rounding in both the estimate and the exact dot product (columns × 2⁻¹⁴ of the same). Cost
    /// O(columns).
    func errorBound(query: UnsafePointer<Float>, scale: Float) -> Float {
        var norm1: Float = 0
        for j in 0..<columns { norm1 += abs(query[j]) }
        return abs(scale) * norm1 * (0.5 + Float(columns + 16) / 16384) * 1.001
    }
}
