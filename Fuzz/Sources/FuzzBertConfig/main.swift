import Foundation
import FuzzSupport
import TextEncoder

/// The encoder's `config.json` reader (`BertConfiguration(file:)`, the first file `SentenceEncoder`
/// reads from a model directory) on any bytes, written to a file as the loader reads it: Foundation's
/// JSONDecoder, the model-type/activation/position checks, the size checks.
/// Checks: only `EncoderError`, one line naming the file; an accepted configuration has every size in
/// 1..<2^24, a hidden size divisible by the head count, and a positive, finite layer-norm epsilon (the
/// forward pass divides by sqrt(variance + epsilon)).
let path = scratchPath("config.json")

func fuzzOne(_ input: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let input else { return 0 }
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes: input, count: size)) else { FuzzInput.violated("cannot write \(path)") }
    do {
        let c = try BertConfiguration(file: path)
        let sizes = [c.hiddenSize, c.layerCount, c.headCount, c.intermediateSize, c.maxPositions, c.typeVocabularySize, c.vocabularySize]
        guard sizes.allSatisfy({ $0 > 0 && $0 < 1 << 24 }), c.hiddenSize % c.headCount == 0, c.headSize > 0 else {
            FuzzInput.violated("accepted sizes \(sizes)")
        }
        guard c.layerNormEpsilon.isFinite, c.layerNormEpsilon > 0 else { FuzzInput.violated("accepted layer_norm_eps \(c.layerNormEpsilon)") }
    } catch let error as EncoderError {
        let text = "\(error)"
        guard text.hasPrefix(path), !text.contains(where: \.isNewline) else { FuzzInput.violated("error not one line naming the file: \(text.debugDescription)") }
    } catch {
        FuzzInput.violated("threw a non-EncoderError: \(error)")
    }
    return 0
}

FuzzMain.run(fuzzOne)
