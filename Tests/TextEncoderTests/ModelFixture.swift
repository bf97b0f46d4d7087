import Foundation
import Testing
@testable import TextEncoder

/// The model `make model` fetched (`$RECSCOPE_MODEL_DIR` or ~/.cache/recscope/models/all-MiniLM-L6-v2)
/// and the committed reference (Tools/make_encoder_fixture.py).
///
/// `make test` runs `make model` first, so a missing model is a failure with the fix, not a skip.
enum ModelFixture {
    static let directory = ModelLocation.directory()

    /// The encoder, loaded once for the whole run; a missing model records one failure per test that needs it.
    static let encoder: Result<SentenceEncoder, EncoderError> = {
        do { return .success(try SentenceEncoder(directory: directory)) }
        catch let error as EncoderError { return .failure(error) }
        catch { return .failure(EncoderError(file: directory, "\(error)")) }
    }()

    static func requireEncoder(sourceLocation: SourceLocation = #_sourceLocation) throws -> SentenceEncoder {
        switch encoder {
        case .success(let encoder): return encoder
        case .failure(let error):
            Issue.record("the encoder tests need the model: \(error) (make test runs `make model` first)",
                         sourceLocation: sourceLocation)
            throw error
        }
    }

    /// Encoders on the other small-batch kernels (the default one is `encoder`), loaded once each.
    static let sgemmEncoder: Result<SentenceEncoder, EncoderError> = load(.sgemm)
    static let packedFloat32Encoder: Result<SentenceEncoder, EncoderError> = load(.packedFloat32)
    static let packedFloat16Encoder: Result<SentenceEncoder, EncoderError> = load(.packedFloat16)

    private static func load(_ kernel: SmallBatchKernel) -> Result<SentenceEncoder, EncoderError> {
        if kernel == SmallBatchKernel.default, case .success = encoder { return encoder }
        do { return .success(try SentenceEncoder(directory: directory, smallBatchKernel: kernel)) }
        catch let error as EncoderError { return .failure(error) }
        catch { return .failure(EncoderError(file: directory, "\(error)")) }
    }

    /// The encoder whose short passes run on `kernel` (the packed ones need AVX-512: check
    /// `SmallBatchKernel.packedAvailable`).
    static func requireEncoder(_ kernel: SmallBatchKernel, sourceLocation: SourceLocation = #_sourceLocation) throws -> SentenceEncoder {
        let result: Result<SentenceEncoder, EncoderError>
        switch kernel {
        case .sgemm: result = sgemmEncoder
        case .packedFloat32: result = packedFloat32Encoder
        case .packedFloat16: result = packedFloat16Encoder
        }
        switch result {
        case .success(let encoder): return encoder
        case .failure(let error):
            Issue.record("the encoder tests need the model: \(error) (make test runs `make model` first)",
                         sourceLocation: sourceLocation)
            throw error
        }
    }

    static func requireTokenizer(sourceLocation: SourceLocation = #_sourceLocation) throws -> WordPieceTokenizer {
        let path = directory + "/vocab.txt"
        do { return try WordPieceTokenizer(vocabularyFile: path) }
        catch {
            Issue.record("the tokenizer tests need \(path): run `make model` (\(error))", sourceLocation: sourceLocation)
            throw error
        }
    }

    struct Entry: Decodable {
        let text: String
        let ids: [Int32]
        let truncated: Bool
        let vector: [Float]
    }

    struct Document: Decodable {
        let model: String
        let reference: String
        let max_seq_length: Int
        let texts: [Entry]
    }

    static let reference: Document = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/minilm_reference.json")
        // The fixture is committed; failing to read it is a broken checkout.
        return try! JSONDecoder().decode(Document.self, from: Data(contentsOf: url))
    }()

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        for (x, y) in zip(a, b) { dot += Double(x) * Double(y); na += Double(x * x); nb += Double(y * y) }
        return dot / (na.squareRoot() * nb.squareRoot())
    }
}
