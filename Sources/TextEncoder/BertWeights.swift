/// The tensors of a BERT encoder as Float32 pointers, read from a memory-mapped safetensors file.
///
/// F32 tensors whose data is 4-byte aligned are used in place (no copy: pages are read on first use);
/// F16/BF16 tensors are widened into owned buffers. Each layer's query, key and value projections are
/// fused into one [3·hidden, hidden] matrix (and one bias) so a layer starts with a single GEMM.
/// Linear weights are [out, in] as PyTorch stores them: y = x·Wᵀ + b. Cost of loading: validation plus
/// copies of the fused QKV (≈ 1.8 MB per layer for all-MiniLM-L6-v2).
final class BertWeights: @unchecked Sendable {
    struct Layer {
        var qkvWeight: UnsafePointer<Float>      // [3H, H]
        var qkvBias: UnsafePointer<Float>        // [3H]
        var attentionOutWeight: UnsafePointer<Float>  // [H, H]
        var attentionOutBias: UnsafePointer<Float>
        var attentionNormWeight: UnsafePointer<Float>
        var attentionNormBias: UnsafePointer<Float>
        var intermediateWeight: UnsafePointer<Float>  // [I, H]
        var intermediateBias: UnsafePointer<Float>
        var outputWeight: UnsafePointer<Float>        // [H, I]
        var outputBias: UnsafePointer<Float>
        var outputNormWeight: UnsafePointer<Float>
        var outputNormBias: UnsafePointer<Float>
    }

    let configuration: BertConfiguration
    let wordEmbeddings: UnsafePointer<Float>      // [V, H]
    let positionEmbeddings: UnsafePointer<Float>  // [P, H]
    let tokenTypeEmbeddings: UnsafePointer<Float> // [T, H]
    let embeddingNormWeight: UnsafePointer<Float>
    let embeddingNormBias: UnsafePointer<Float>
    let layers: [Layer]

    private let file: SafeTensorsFile
    private var owned: [UnsafeMutablePointer<Float>] = []

    /// Loads every tensor the forward pass needs from `file`, checking dtype and shape against
    /// `configuration` (read from `configSource`, named in shape errors).
    init(file: SafeTensorsFile, configuration c: BertConfiguration, configSource: String) throws {
        self.file = file
        self.configuration = c
        let h = c.hiddenSize, i = c.intermediateSize
        var owned: [UnsafeMutablePointer<Float>] = []

        func pointer(_ name: String, _ shape: [Int]) throws -> UnsafePointer<Float> {
            // Tensors are looked up with and without the "bert." prefix some exports carry.
            let key = file.tensors[name] != nil || file.tensors["bert." + name] == nil ? name : "bert." + name
            if let tensor = file.tensors[key], tensor.dtype == .f32, tensor.shape == shape {
                let bytes = file.bytes(of: tensor)
                if let base = bytes.baseAddress, Int(bitPattern: base) % MemoryLayout<Float>.alignment == 0 {
                    return base.assumingMemoryBound(to: Float.self)
                }
            }
            let values = try file.floats(key, shape: shape, shapeSource: configSource)
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(values.count, 1))
            values.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: values.count) }
            owned.append(buffer)
            return UnsafePointer(buffer)
        }

        func concatenated(_ names: [String], _ shape: [Int]) throws -> UnsafePointer<Float> {
            let count = shape.reduce(1, *)
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: count * names.count)
            owned.append(buffer)
            for (index, name) in names.enumerated() {
                let source = try pointer(name, shape)
                (buffer + index * count).update(from: source, count: count)
            }
            return UnsafePointer(buffer)
        }

        do {
            wordEmbeddings = try pointer("embeddings.word_embeddings.weight", [c.vocabularySize, h])
            positionEmbeddings = try pointer("embeddings.position_embeddings.weight", [c.maxPositions, h])
            tokenTypeEmbeddings = try pointer("embeddings.token_type_embeddings.weight", [c.typeVocabularySize, h])
            embeddingNormWeight = try pointer("embeddings.LayerNorm.weight", [h])
            embeddingNormBias = try pointer("embeddings.LayerNorm.bias", [h])
            var layers: [Layer] = []
            for l in 0..<c.layerCount {
                let p = "encoder.layer.\(l)."
                let qkv = ["query", "key", "value"].map { p + "attention.self.\($0)" }
                layers.append(Layer(
                    qkvWeight: try concatenated(qkv.map { $0 + ".weight" }, [h, h]),
                    qkvBias: try concatenated(qkv.map { $0 + ".bias" }, [h]),
                    attentionOutWeight: try pointer(p + "attention.output.dense.weight", [h, h]),
                    attentionOutBias: try pointer(p + "attention.output.dense.bias", [h]),
                    attentionNormWeight: try pointer(p + "attention.output.LayerNorm.weight", [h]),
                    attentionNormBias: try pointer(p + "attention.output.LayerNorm.bias", [h]),
                    intermediateWeight: try pointer(p + "intermediate.dense.weight", [i, h]),
                    intermediateBias: try pointer(p + "intermediate.dense.bias", [i]),
                    outputWeight: try pointer(p + "output.dense.weight", [h, i]),
                    outputBias: try pointer(p + "output.dense.bias", [h]),
                    outputNormWeight: try pointer(p + "output.LayerNorm.weight", [h]),
                    outputNormBias: try pointer(p + "output.LayerNorm.bias", [h])))
            }
            self.layers = layers
        } catch {
            for buffer in owned { buffer.deallocate() }
            throw error
        }
        self.owned = owned
    }

    deinit { for buffer in owned { buffer.deallocate() } }
}
