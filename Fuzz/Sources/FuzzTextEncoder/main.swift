import Foundation
import FuzzSupport
import TextEncoder

/// The encoder's WordPiece tokenizer (issue 8) on any bytes as text: normalisation (control characters,
/// CJK isolation, NFD accent stripping, lower-casing), punctuation splitting, special tokens written
/// literally, greedy longest-match pieces and truncation. The text is decoded from the bytes as UTF-8 with
/// replacement, as item texts are. Vocabulary: the special tokens, every ASCII letter and digit alone
/// and as a `##` continuation, and a few whole words, so inputs reach every step.
/// Checks: `[CLS]` first, `[SEP]` last, at most `maxTokens` ids, every id in the vocabulary,
/// `truncated` exactly when the pieces did not fit (checked at the model's 256 and at 5).
enum Fixed {
    static let tokenizer: WordPieceTokenizer = {
        var pieces = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
        let characters = Array("abcdefghijklmnopqrstuvwxyz0123456789").map(String.init)
        pieces += characters + characters.map { "##" + $0 }
        pieces += ["the", "un", "##aff", "##able", "toy", "story", "café", "cafe", "e", "##é", "電", "影", ",", ".", "!", "(", ")", "-", "'", "##s", "##ing"]
        return try! WordPieceTokenizer(pieces: pieces, source: "fuzz-vocab.txt")
    }()
}

func fuzzOne(_ input: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = input else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let tokenizer = Fixed.tokenizer
    for maxTokens in [256, 5] {
        let tokens = tokenizer.tokenize(text, maxTokens: maxTokens)
        guard tokens.ids.first == tokenizer.classifierID, tokens.ids.last == tokenizer.separatorID, tokens.ids.count >= 2,
              tokens.ids.count <= max(2, maxTokens) else {
            FuzzInput.violated("\(tokens.ids.count) ids for maxTokens \(maxTokens): \(tokens.ids.prefix(8))")
        }
        guard tokens.ids.allSatisfy({ $0 >= 0 && Int($0) < tokenizer.pieces.count }) else { FuzzInput.violated("id outside the vocabulary") }
        guard tokens.truncated == (tokens.fullPieceCount > maxTokens - 2), tokens.fullPieceCount >= tokens.ids.count - 2 else {
            FuzzInput.violated("truncated \(tokens.truncated) with \(tokens.fullPieceCount) pieces for maxTokens \(maxTokens)")
        }
    }
    return 0
}

FuzzMain.run(fuzzOne)
