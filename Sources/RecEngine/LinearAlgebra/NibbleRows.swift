import CKernels
import Dispatch

/// A row-major matrix stored as 4-bit codes (two per byte) with one float32 scale per row: value ≈
/// scale × code, code in −7...7 (stored as code + 8, so AVX-512 VNNI `vpdpbusd` takes the codes as its
/// unsigned operand and the int8 query as the signed one; the offset costs one correction 8 × Σ query per
/// query). An eighth of the bytes of float32: the coarse first stage of the exact cascade in
/// `TwoStageTopK`, in front of the int8 codes of `QuantizedRows`.
///
/// Each row keeps an upper bound of its quantisation residual's norm ‖v − s·c‖₂ and of s·‖c‖₂, so an
/// estimate's error is bounded by Cauchy–Schwarz (`Bound`), about 1.4× tighter than the ½·‖q‖₁ bound
/// for these coarse codes.
public struct NibbleRows: Sendable {
    public let rows: Int
    public let columns: Int
    /// Bytes per packed row (`rk_nibble_row_bytes`: 64 per 128 values).
    public let rowBytes: Int
    /// rows × rowBytes packed codes (layout in `rk_nibble_row_bytes`).
    public let packed: [UInt8]
    /// max |value| / 7 per row (0 for a zero row).
    public let scales: [Float]
    /// Upper bound of ‖row − scale × codes‖₂ per row.
    let residuals: [Float]
    /// Upper bound of scale × ‖codes‖₂ per row (≥ 7 × scale for a non-zero row).
    let magnitudes: [Float]

    /// Row r's estimate is within residuals[r] × perResidual + magnitudes[r] × perMagnitude of the exact
    /// scale × (row r · query), float32 rounding of the exact scan included.
    public struct Bound: Sendable {
        public var perResidual: Float
        public var perMagnitude: Float
    }

    /// Quantises the float16 values of `half` (widened exactly, a block of rows at a time). Cost
    /// O(rows × columns) over the cores; memory rows × (rowBytes + 12) bytes.
    public init(half: HalfMatrix) {
        let rows = half.rows, columns = half.columns, rowBytes = rk_nibble_row_bytes(columns)
        self.rows = rows
        self.columns = columns
        self.rowBytes = rowBytes
        var packed = [UInt8](repeating: 0x88, count: rows * rowBytes)
        var scales = [Float](repeating: 0, count: rows), residuals = scales, magnitudes = scales
        if rows > 0, columns > 0 {
            half.bits.withUnsafeBufferPointer { h in
                packed.withUnsafeMutableBufferPointer { p in
                    scales.withUnsafeMutableBufferPointer { s in
                        residuals.withUnsafeMutableBufferPointer { e in
                            magnitudes.withUnsafeMutableBufferPointer { m in
                                nonisolated(unsafe) let h = h.baseAddress!, p = p.baseAddress!, s = s.baseAddress!, e = e.baseAddress!, m = m.baseAddress!
                                RowBlocks.forEach(rows) { block in
                                    let chunk = 1024
                                    var widened = [Float](repeating: 0, count: chunk * columns)
                                    var start = block.lowerBound
                                    while start < block.upperBound {
                                        let count = min(chunk, block.upperBound - start)
                                        widened.withUnsafeMutableBufferPointer { w in
                                            rk_halves_to_floats(h + start * columns, w.baseAddress!, count * columns)
                                            rk_quantize_rows_nibble(w.baseAddress!, count, columns, p + start * rowBytes, s + start, e + start, m + start)
                                        }
                                        start += count
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        self.packed = packed
        self.scales = scales
        self.residuals = residuals
        self.magnitudes = magnitudes
    }

    /// Bytes held (codes and the three per-row floats).
    public var byteCount: Int { packed.count + 12 * rows }

    /// Estimates of `scale × (row r · query)` for every row into `out` (the query rounded to int8, exact
    /// int32 products), and their error bound. VNNI when the CPU has it (unless `portable`), else a
    /// portable loop. Cost: one streaming read of rows × rowBytes bytes over all cores (large matrices).
    @discardableResult
    public func estimate(_ query: UnsafePointer<Float>, scale: Float, into out: UnsafeMutablePointer<Float>, portable: Bool = false) -> Bound {
        let columns = self.columns, padded = max(rowBytes * 2, 128)
        var rounded = [Int8](repeating: 0, count: padded)
        var querySum: Int32 = 0, queryResidual: Float = 0
        let step = rounded.withUnsafeMutableBufferPointer { rk_quantize_query_s8(query, columns, padded, $0.baseAddress!, &querySum, &queryResidual) }
        var norm1 = 0.0, norm2 = 0.0
        for j in 0..<columns { norm1 += Double(abs(query[j])); norm2 += Double(query[j]) * Double(query[j]) }
        // Float32 rounding of both the estimate and the exact scan: ≤ (columns + 16)·2⁻¹⁷ × scale × ‖q‖₁,
        // which is ≤ magnitude × the same / 7 (a non-zero row has ‖codes‖₂ ≥ 7).
        let rounding = norm1 * Double(columns + 16) / 131072 / 7
        let bound = Bound(perResidual: Float(Double(abs(scale)) * norm2.squareRoot() * 1.001),
                          perMagnitude: Float(Double(abs(scale)) * (Double(queryResidual) + rounding) * 1.001))
        guard rows > 0 else { return bound }
        let blocks = max(1, min(RowBlocks.workerCount, rows / HalfMatrix.rowsPerThreadMinimum))
        let rows = self.rows, rowBytes = self.rowBytes
        rounded.withUnsafeBufferPointer { q in
            packed.withUnsafeBufferPointer { p in
                scales.withUnsafeBufferPointer { s in
                    nonisolated(unsafe) let q = q.baseAddress!, p = p.baseAddress!, s = s.baseAddress!, out = out
                    nonisolated(unsafe) let scan = { (block: Int) in
                        let start = block * rows / blocks, end = (block + 1) * rows / blocks
                        if portable {
                            rk_nibble_gemv_portable(p + start * rowBytes, s + start, end - start, columns, q, querySum, step, scale, out + start)
                        } else {
                            rk_nibble_gemv(p + start * rowBytes, s + start, end - start, columns, q, querySum, step, scale, out + start)
                        }
                    }
                    if blocks == 1 { scan(0) } else { DispatchQueue.concurrentPerform(iterations: blocks) { scan($0) } }
                }
            }
        }
        return bound
    }

    /// Row r's value j decoded (scale × code), for tests. O(1).
    func decoded(row r: Int, column j: Int) -> Float {
        let byte = packed[r * rowBytes + j / 128 * 64 + j % 64]
        let nibble = j % 128 < 64 ? byte & 15 : byte >> 4
        return scales[r] * Float(Int(nibble) - 8)
    }
}
