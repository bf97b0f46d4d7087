import Foundation

/// The fields of a BERT `config.json` the encoder needs, checked for consistency.
public struct BertConfiguration: Sendable, Equatable {
    public var hiddenSize: Int
    public var layerCount: Int
    public var headCount: Int
    public var intermediateSize: Int
    public var layerNormEpsilon: Float
    public var maxPositions: Int
    public var typeVocabularySize: Int
    public var vocabularySize: Int

    public var headSize: Int { hiddenSize / headCount }

    /// all-MiniLM-L6-v2's configuration.
    public static let miniLML6 = BertConfiguration(hiddenSize: 384, layerCount: 6, headCount: 12, intermediateSize: 1536,
                                                   layerNormEpsilon: 1e-12, maxPositions: 512, typeVocabularySize: 2,
                                                   vocabularySize: 30522)

    public init(hiddenSize: Int, layerCount: Int, headCount: Int, intermediateSize: Int, layerNormEpsilon: Float,
                maxPositions: Int, typeVocabularySize: Int, vocabularySize: Int) {
        self.hiddenSize = hiddenSize
        self.layerCount = layerCount
        self.headCount = headCount
        self.intermediateSize = intermediateSize
        self.layerNormEpsilon = layerNormEpsilon
        self.maxPositions = maxPositions
        self.typeVocabularySize = typeVocabularySize
        self.vocabularySize = vocabularySize
    }

    private struct File: Decodable {
        let model_type: String?
        let hidden_size: Int
        let num_hidden_layers: Int
        let num_attention_heads: Int
        let intermediate_size: Int
        let hidden_act: String?
        let layer_norm_eps: Double?
        let max_position_embeddings: Int
        let type_vocab_size: Int?
        let vocab_size: Int
        let position_embedding_type: String?
    }

    /// Reads `config.json`; refuses (naming the file) malformed JSON, a model that is not a BERT with
    /// GELU activation and absolute positions, and sizes that do not fit together.
    public init(file path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EncoderError(file: path, "cannot read")
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw EncoderError(file: path, "not a BERT config.json (\(Self.reason(error)))")
        }
        if let type = file.model_type, type != "bert" {
            throw EncoderError(file: path, "model_type is \(type), not bert: this is another model")
        }
        if let act = file.hidden_act, act != "gelu" {
            throw EncoderError(file: path, "hidden_act is \(act); only gelu (erf) is supported")
        }
        if let position = file.position_embedding_type, position != "absolute" {
            throw EncoderError(file: path, "position_embedding_type is \(position); only absolute is supported")
        }
        self.init(hiddenSize: file.hidden_size, layerCount: file.num_hidden_layers, headCount: file.num_attention_heads,
                  intermediateSize: file.intermediate_size, layerNormEpsilon: Float(file.layer_norm_eps ?? 1e-12),
                  maxPositions: file.max_position_embeddings, typeVocabularySize: file.type_vocab_size ?? 2,
                  vocabularySize: file.vocab_size)
        let sizes = [hiddenSize, layerCount, headCount, intermediateSize, maxPositions, typeVocabularySize, vocabularySize]
        guard sizes.allSatisfy({ $0 > 0 && $0 < 1 << 24 }), hiddenSize % headCount == 0 else {
            throw EncoderError(file: path, "sizes do not fit together (hidden_size \(hiddenSize), heads \(headCount))")
        }
        // Layer norm divides by sqrt(variance + epsilon): a negative, zero, infinite or NaN epsilon (or one
        // past Float's range) gives NaN vectors (found by the FuzzBertConfig fuzz target).
        guard layerNormEpsilon.isFinite, layerNormEpsilon > 0, layerNormEpsilon < 1 else {
            throw EncoderError(file: path, "layer_norm_eps \(file.layer_norm_eps ?? 0) is not a small positive number")
        }
    }

    private static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "bad \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: return "malformed JSON"
        }
    }
}
