import CEncoderKernels
import CLinearAlgebra
import Dispatch

/// The BERT forward pass over a packed batch: the sequences' tokens are laid end to end (no padding
/// at all, so no work is spent on pad tokens), every dense product is one `cblas_sgemm` over all the
/// batch's tokens, and attention runs per sequence and head over that sequence's own tokens only —
/// exactly what the attention mask does for a padded batch. Then mean pooling over each sequence's
/// tokens and L2 normalisation, as sentence-transformers' Pooling and Normalize modules.
///
/// Cost for a batch of T tokens, hidden H, intermediate I, L layers: L · (2·T·H·(4H + 2I) + 4·Σn²·H)
/// flops (n = each sequence's length), ≈ 21.2 MFLOP per token for all-MiniLM-L6-v2.
///
/// A pass of at most `packedRowLimit` tokens (a query) runs its four products per layer on `packed`
/// weights when there are some (see `SmallBatchKernel`), split by output columns over `threads`
/// threads; larger passes always use sgemm.
struct BertForward {
    let weights: BertWeights
    var packed: PackedWeights? = nil
    /// Threads for the packed products of one pass (1 or 2 on this machine); sgemm's are OpenBLAS's.
    var threads: Int = 1
    var profile: EncoderProfile? = nil

    /// Most token rows a pass may have to use the packed kernels (a query; real batches are far longer and
    /// stay on sgemm). CPU time of the 24 products of a pass on the model's shapes, against sgemm: packed
    /// float32 3.0× faster at 9 rows, 1.7× at 16, 1.5× at 32, 1.3× at 48; packed float16 5.9×, 3.0×, 1.8×, 1.5×.
    static let packedRowLimit = 32

    /// Multiply-adds ×2 per token through the linear layers (attention scores excluded).
    static func linearFlopsPerToken(_ c: BertConfiguration) -> Double {
        Double(c.layerCount) * 2 * Double(c.hiddenSize) * Double(4 * c.hiddenSize + 2 * c.intermediateSize)
    }

    /// Flops for one sequence of `n` tokens (linear layers plus attention scores and context).
    static func flops(tokens n: Int, _ c: BertConfiguration) -> Double {
        Double(n) * linearFlopsPerToken(c) + Double(c.layerCount) * 4 * Double(n * n) * Double(c.hiddenSize)
    }

    /// One L2-normalised vector per sequence, written row after row into `output`
    /// (`sequences.count × hidden`). Every sequence must be non-empty and at most `maxPositions` long.
    func encode(_ sequences: [[Int32]], into output: UnsafeMutablePointer<Float>) {
        let c = weights.configuration
        let h = c.hiddenSize, i = c.intermediateSize, heads = c.headCount, d = c.headSize
        let total = sequences.reduce(0) { $0 + $1.count }
        let longest = sequences.map(\.count).max() ?? 0
        guard total > 0 else { return }

        // 64-byte aligned: with these widths (multiples of 16 floats) every row starts on a cache line, so
        // no 16-float load or store of the C kernels splits a line (a split costs attention 1.8×: measured).
        let hidden = Self.allocateLines(total * h)
        let qkv = Self.allocateLines(total * 3 * h)
        let context = Self.allocateLines(total * h)
        let projected = Self.allocateLines(total * h)
        let intermediate = Self.allocateLines(total * i)
        let scores = Self.allocateLines(longest * longest)
        defer {
            hidden.deallocate(); qkv.deallocate(); context.deallocate(); projected.deallocate()
            intermediate.deallocate(); scores.deallocate()
        }

        let packedLayers = total <= Self.packedRowLimit ? packed?.layers : nil
        let profile = self.profile

        // Embeddings: word + position + token type 0, then LayerNorm.
        profile.time(.embeddings) {
            var row = 0
            for sequence in sequences {
                for (position, id) in sequence.enumerated() {
                    let out = hidden + row * h
                    let word = weights.wordEmbeddings + Int(id) * h
                    let pos = weights.positionEmbeddings + position * h
                    let type = weights.tokenTypeEmbeddings
                    for k in 0..<h { out[k] = word[k] + pos[k] + type[k] }
                    row += 1
                }
            }
            Kernels.layerNorm(hidden, rows: total, width: h, weight: weights.embeddingNormWeight,
                              shift: weights.embeddingNormBias, epsilon: c.layerNormEpsilon)
        }

        let scale = 1 / Float(d).squareRoot()
        if let packedLayers {
            encodeLayers(packedLayers, sequences, total: total, hidden: hidden, qkv: qkv, context: context,
                         projected: projected, intermediate: intermediate, longest: longest)
        }
        for layer in weights.layers where packedLayers == nil {
            // Q, K, V for every token at once: qkv = hidden · Wqkvᵀ + b.
            profile.time(.qkv) {
                product(hidden, rows: total, inner: h, weight: layer.qkvWeight,
                        bias: layer.qkvBias, out: qkv, columns: 3 * h)
            }

            // Attention per sequence and head, over that sequence's tokens only.
            profile.time(.attention) {
                var offset = 0
                for sequence in sequences {
                    let n = sequence.count
                    for head in 0..<heads {
                        let q = qkv + offset * 3 * h + head * d
                        let k = q + h
                        let v = q + 2 * h
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(n), Int32(d), scale,
                                    q, Int32(3 * h), k, Int32(3 * h), 0, scores, Int32(n))
                        Kernels.softmaxRows(scores, rows: n, columns: n)
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(d), Int32(n), 1,
                                    scores, Int32(n), v, Int32(3 * h), 0, context + offset * h + head * d, Int32(h))
                    }
                    offset += n
                }
            }

            // Attention output projection, residual, LayerNorm.
            profile.time(.attentionOut) {
                product(context, rows: total, inner: h, weight: layer.attentionOutWeight,
                        bias: nil, out: projected, columns: h)
            }
            profile.time(.attentionNorm) {
                Kernels.addLayerNorm(projected, bias: layer.attentionOutBias, residual: hidden, rows: total, width: h,
                                     weight: layer.attentionNormWeight, shift: layer.attentionNormBias, epsilon: c.layerNormEpsilon)
            }

            // Feed-forward: GELU(hidden · W1ᵀ + b1) · W2ᵀ + b2, residual, LayerNorm.
            profile.time(.intermediate) {
                product(hidden, rows: total, inner: h, weight: layer.intermediateWeight,
                        bias: nil, out: intermediate, columns: i)
            }
            profile.time(.gelu) { Kernels.addBiasGELU(intermediate, bias: layer.intermediateBias, rows: total, width: i) }
            profile.time(.output) {
                product(intermediate, rows: total, inner: i, weight: layer.outputWeight,
                        bias: nil, out: projected, columns: h)
            }
            profile.time(.outputNorm) {
                Kernels.addLayerNorm(projected, bias: layer.outputBias, residual: hidden, rows: total, width: h,
                                     weight: layer.outputNormWeight, shift: layer.outputNormBias, epsilon: c.layerNormEpsilon)
            }
        }

        // Mean pooling over each sequence's tokens, then L2 normalisation.
        profile.time(.pooling) {
            var offset = 0
            for (index, sequence) in sequences.enumerated() {
                let out = output + index * h
                out.initialize(repeating: 0, count: h)
                for r in offset..<(offset + sequence.count) {
                    cblas_saxpy(Int32(h), 1, hidden + r * h, 1, out, 1)
                }
                let norm = cblas_snrm2(Int32(h), out, 1)
                if norm > 0 { cblas_sscal(Int32(h), 1 / norm, out, 1) }
                offset += sequence.count
            }
        }
    }

    /// `count` floats (at least one) starting on a 64-byte cache line; release with `deallocate()`.
    private static func allocateLines(_ count: Int) -> UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * MemoryLayout<Float>.stride, alignment: 64)
            .bindMemory(to: Float.self, capacity: max(1, count))
    }

    /// The layers of a short pass (a query) on the packed weights: every product reads its input laid out
    /// step-major (`rs_step_major`, up to 16 token rows per register block) and adds its bias in its
    /// epilogue, the first feed-forward product applies GELU there too, attention is one C call per
    /// sequence (`rs_attention`) and residual + LayerNorm one more (`rs_add_layer_norm`). Requires
    /// `SmallBatchKernel.packedAvailable`.
    private func encodeLayers(_ packedLayers: [PackedWeights.Layer], _ sequences: [[Int32]], total: Int,
                              hidden: UnsafeMutablePointer<Float>, qkv: UnsafeMutablePointer<Float>,
                              context: UnsafeMutablePointer<Float>, projected: UnsafeMutablePointer<Float>,
                              intermediate: UnsafeMutablePointer<Float>, longest: Int) {
        let c = weights.configuration
        let h = c.hiddenSize, i = c.intermediateSize
        // 64-byte aligned: with a stride of 16 floats every step of a tile is one cache line.
        let tiles = Self.allocateLines(rs_step_major_count(Int32(total), Int32(max(h, i))))
        let scratch = Self.allocateLines(rs_attention_scratch_count(Int32(longest), Int32(c.headSize)))
        defer { tiles.deallocate(); scratch.deallocate() }
        let scale = 1 / Float(c.headSize).squareRoot()
        let profile = self.profile
        for (layer, packedLayer) in zip(weights.layers, packedLayers) {
            profile.time(.qkv) {
                rs_step_major(hidden, Int32(total), Int32(h), Int32(h), tiles)
                product(tiles, rows: total, packed: packedLayer.qkv, bias: layer.qkvBias, gelu: false, out: qkv)
            }
            profile.time(.attention) {
                var offset = 0
                for sequence in sequences {
                    rs_attention(qkv + offset * 3 * h, Int32(sequence.count), Int32(c.headCount), Int32(c.headSize), scale,
                                 context + offset * h, Int32(h), scratch)
                    offset += sequence.count
                }
            }
            profile.time(.attentionOut) {
                rs_step_major(context, Int32(total), Int32(h), Int32(h), tiles)
                product(tiles, rows: total, packed: packedLayer.attentionOut, bias: layer.attentionOutBias, gelu: false, out: projected)
            }
            profile.time(.attentionNorm) {
                rs_add_layer_norm(projected, nil, hidden, Int32(total), Int32(h), layer.attentionNormWeight,
                                  layer.attentionNormBias, c.layerNormEpsilon)
            }
            profile.time(.intermediate) {
                rs_step_major(hidden, Int32(total), Int32(h), Int32(h), tiles)
                product(tiles, rows: total, packed: packedLayer.intermediate, bias: layer.intermediateBias, gelu: true,
                        out: intermediate)
            }
            profile.time(.output) {
                rs_step_major(intermediate, Int32(total), Int32(i), Int32(i), tiles)
                product(tiles, rows: total, packed: packedLayer.output, bias: layer.outputBias, gelu: false, out: projected)
            }
            profile.time(.outputNorm) {
                rs_add_layer_norm(projected, nil, hidden, Int32(total), Int32(h), layer.outputNormWeight,
                                  layer.outputNormBias, c.layerNormEpsilon)
            }
        }
    }

    /// `out[rows × packed.columns] = f(input · weightᵀ + bias)` on the packed copy, the input given as
    /// step-major `tiles`, split by panels over `threads`.
    @inline(__always)
    private func product(_ tiles: UnsafePointer<Float>, rows: Int, packed: PackedWeights.Matrix, bias: UnsafePointer<Float>?,
                         gelu: Bool, out: UnsafeMutablePointer<Float>) {
        let panels = packed.panels, columns = packed.columns
        let parts = max(1, min(threads, panels))
        if parts == 1 {
            packed.multiply(tiles: tiles, rows: rows, bias: bias, gelu: gelu, out: out, stride: columns, panelRange: 0..<panels)
            return
        }
        let shared = ProductArguments(input: tiles, bias: bias, out: out)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            packed.multiply(tiles: shared.input, rows: rows, bias: shared.bias, gelu: gelu, out: shared.out, stride: columns,
                            panelRange: (part * panels / parts)..<((part + 1) * panels / parts))
        }
    }

    /// `out[rows × columns] = input[rows × inner] · weightᵀ (+ bias)` with `weight` stored [columns, inner]:
    /// one `cblas_sgemm` (the bias copied into `out` first and added through beta = 1).
    @inline(__always)
    private func product(_ input: UnsafePointer<Float>, rows: Int, inner: Int, weight: UnsafePointer<Float>,
                         bias: UnsafePointer<Float>?, out: UnsafeMutablePointer<Float>, columns: Int) {
        if let bias { for r in 0..<rows { (out + r * columns).update(from: bias, count: columns) } }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(columns), Int32(inner), 1,
                    input, Int32(inner), weight, Int32(inner), bias == nil ? 0 : 1, out, Int32(columns))
    }
}

/// Pointers handed to the threads of one packed product, which write disjoint columns of `out`.
private struct ProductArguments: @unchecked Sendable {
    let input: UnsafePointer<Float>
    let bias: UnsafePointer<Float>?
    let out: UnsafeMutablePointer<Float>
}
