import CKernels
import Dispatch

/// A row-major matrix stored as IEEE binary16 (float16): half the bytes of `[Float]`, so a scan over
/// every row — the semantic scorer's profile · item for a million items — reads half as much memory.
///
/// `multiplyVector` runs the AVX2 + F16C + FMA kernel of `CKernels` when the CPU has it (checked at run
/// time; `usesVectorKernel`) and a portable C loop otherwise, splitting the rows over the cores when the
/// matrix is large. Values are rounded to nearest even when stored (relative error ≤ 2⁻¹¹, magnitudes
/// above 65504 become infinite, below 6·10⁻⁸ zero); products accumulate in float32.
public struct HalfMatrix: Sendable {
    public let rows: Int
    public let columns: Int
    /// The binary16 bit patterns, `rows × columns`.
    public let bits: [UInt16]

    /// Rounds `values` (row-major `rows × columns`) to float16. Cost O(rows × columns), vectorised.
    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns, "HalfMatrix: \(values.count) values for \(rows) × \(columns)")
        self.rows = rows
        self.columns = columns
        self.bits = [UInt16](unsafeUninitializedCapacity: values.count) { buffer, initialised in
            values.withUnsafeBufferPointer { source in
                if let from = source.baseAddress, let to = buffer.baseAddress { rk_floats_to_halves(from, to, values.count) }
            }
            initialised = values.count
        }
    }

    /// Wraps binary16 bit patterns already computed (row-major `rows × columns`). O(1).
    public init(rows: Int, columns: Int, bits: [UInt16]) {
        precondition(bits.count == rows * columns, "HalfMatrix: \(bits.count) values for \(rows) × \(columns)")
        self.rows = rows
        self.columns = columns
        self.bits = bits
    }

    /// Whether this CPU runs the AVX2/F16C/FMA kernel (false: the portable C loop).
    public static var usesVectorKernel: Bool { rk_has_avx2_f16c() != 0 }

    /// Row `row` widened to float32 (exact). Cost O(columns).
    public func row(_ row: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: columns) { buffer, initialised in
            bits.withUnsafeBufferPointer { p in rk_halves_to_floats(p.baseAddress! + row * columns, buffer.baseAddress!, columns) }
            initialised = columns
        }
    }

    /// Every value widened to float32 (exact). Cost O(rows × columns).
    public var floats: [Float] {
        [Float](unsafeUninitializedCapacity: bits.count) { buffer, initialised in
            bits.withUnsafeBufferPointer { p in
                if let from = p.baseAddress, let to = buffer.baseAddress { rk_halves_to_floats(from, to, bits.count) }
            }
            initialised = bits.count
        }
    }

    /// Rows per thread below which one thread scans alone (a thread hand-off costs more than ~1 MB).
    static let rowsPerThreadMinimum = 4096

    /// `out[r] = scale × (row r · query)` for every row. `query` has `columns` values, `out` at least
    /// `rows`. Cost: one streaming read of `rows × columns × 2` bytes, over `threads` cores (default
    /// all, at most 4, when nil) when there are enough rows.
    public func multiplyVector(_ query: UnsafePointer<Float>, scale: Float = 1, into out: UnsafeMutablePointer<Float>,
                               threads: Int? = nil, portable: Bool = false) {
        guard rows > 0 else { return }
        let blocks = max(1, min(threads ?? RowBlocks.workerCount, rows / HalfMatrix.rowsPerThreadMinimum))
        let columns = self.columns, rows = self.rows
        bits.withUnsafeBufferPointer { p in
            nonisolated(unsafe) let base = p.baseAddress!
            nonisolated(unsafe) let query = query, out = out
            nonisolated(unsafe) let scan = { (block: Int) in
                let start = block * rows / blocks, end = (block + 1) * rows / blocks
                if portable {
                    rk_half_gemv_portable(base + start * columns, end - start, columns, query, scale, out + start)
                } else {
                    rk_half_gemv(base + start * columns, end - start, columns, query, scale, out + start)
                }
            }
            if blocks == 1 { scan(0) } else { DispatchQueue.concurrentPerform(iterations: blocks) { scan($0) } }
        }
    }
}
