import CEncoderKernels

/// How the encoder multiplies a few token rows (a single query) by the layer weights.
///
/// `cblas_sgemm` packs its weight operand on every call, so for a handful of rows it re-reads and
/// re-packs ≈ 42 MB of layer weights per query and runs at a fraction of the core's rate. The packed
/// kernels keep the weights packed once, at load time, in the layout a small-row product streams
/// (`CEncoderKernels`), and read them exactly once per product. Batches of more than
/// `SentenceEncoder.packedRowLimit` token rows always run on sgemm.
public enum SmallBatchKernel: String, Sendable, CaseIterable {
    /// `cblas_sgemm`, as the batch path.
    case sgemm
    /// Weights pre-packed in float32: the same products as sgemm up to summation order (+42 MB at load).
    case packedFloat32 = "packed-f32"
    /// Weights pre-packed rounded to float16, widened to float32 in registers: half the bytes to stream
    /// (+21 MB at load). Arithmetic stays float32; the rounding moves vectors by cosine ≈ 1e-5.
    case packedFloat16 = "packed-f16"

    /// Whether this CPU runs the packed kernels (AVX-512F, F16C, FMA); without them every product is sgemm.
    public static let packedAvailable: Bool = rs_packed_kernels_available() != 0

    /// The kernel a new encoder uses: float16 packed where the CPU has AVX-512, sgemm elsewhere.
    public static var `default`: SmallBatchKernel { packedAvailable ? .packedFloat16 : .sgemm }
}

/// The four dense weights of every layer, packed for `rs_step_gemm_*`. Owns its memory.
final class PackedWeights: @unchecked Sendable {
    /// One packed [columns, inner] weight (PyTorch's [out, in]).
    struct Matrix: @unchecked Sendable {
        let base: UnsafeMutableRawPointer
        let columns: Int
        let inner: Int
        let half: Bool
        var panels: Int { (columns + Int(RS_PANEL_WIDTH) - 1) / Int(RS_PANEL_WIDTH) }
        var bytes: Int { Int(rs_packed_count(Int32(columns), Int32(inner))) * (half ? 2 : 4) }

        /// `out[r, c] = f(input[r, :] · weight[c, :] + bias[c])` (f = GELU when `gelu`, else identity) for `rows`
        /// rows given step-major in `tiles` (`rs_step_major`) and the columns of `panelRange`; rows of `out`
        /// `stride` apart. Up to 16 rows in one register block. 2·rows·inner·(columns) flops.
        @inline(__always)
        func multiply(tiles: UnsafePointer<Float>, rows: Int, bias: UnsafePointer<Float>?, gelu: Bool,
                      out: UnsafeMutablePointer<Float>, stride: Int, panelRange: Range<Int>) {
            if half {
                rs_step_gemm_f16(tiles, Int32(rows), Int32(inner), base.assumingMemoryBound(to: UInt16.self), Int32(columns),
                                 bias, gelu ? 1 : 0, out, Int32(stride), Int32(panelRange.lowerBound), Int32(panelRange.upperBound))
            } else {
                rs_step_gemm_f32(tiles, Int32(rows), Int32(inner), base.assumingMemoryBound(to: Float.self), Int32(columns),
                                 bias, gelu ? 1 : 0, out, Int32(stride), Int32(panelRange.lowerBound), Int32(panelRange.upperBound))
            }
        }
    }

    struct Layer {
        let qkv: Matrix
        let attentionOut: Matrix
        let intermediate: Matrix
        let output: Matrix
    }

    let layers: [Layer]
    /// Bytes of packed weights one query streams (all layers).
    let bytes: Int

    /// Packs every layer of `weights` in float16 (`half`) or float32. O(weights); requires
    /// `SmallBatchKernel.packedAvailable`.
    init(_ weights: BertWeights, half: Bool) {
        let c = weights.configuration
        let h = c.hiddenSize, i = c.intermediateSize
        func pack(_ source: UnsafePointer<Float>, columns: Int, inner: Int) -> Matrix {
            let count = Int(rs_packed_count(Int32(columns), Int32(inner)))
            let base = UnsafeMutableRawPointer.allocate(byteCount: count * (half ? 2 : 4), alignment: 64)
            if half {
                rs_pack_f16(source, Int32(columns), Int32(inner), base.assumingMemoryBound(to: UInt16.self))
            } else {
                rs_pack_f32(source, Int32(columns), Int32(inner), base.assumingMemoryBound(to: Float.self))
            }
            return Matrix(base: base, columns: columns, inner: inner, half: half)
        }
        layers = weights.layers.map { layer in
            Layer(qkv: pack(layer.qkvWeight, columns: 3 * h, inner: h),
                  attentionOut: pack(layer.attentionOutWeight, columns: h, inner: h),
                  intermediate: pack(layer.intermediateWeight, columns: i, inner: h),
                  output: pack(layer.outputWeight, columns: h, inner: i))
        }
        bytes = layers.reduce(0) { $0 + $1.qkv.bytes + $1.attentionOut.bytes + $1.intermediate.bytes + $1.output.bytes }
    }

    deinit {
        for layer in layers {
            for matrix in [layer.qkv, layer.attentionOut, layer.intermediate, layer.output] { matrix.base.deallocate() }
        }
    }
}
