import Foundation
import FuzzSupport
import TextEncoder

/// The encoder's `vocab.txt` reader (`WordPieceTokenizer(vocabularyFile:)`, what `SentenceEncoder`
/// calls on a model directory) on any bytes, written to a file as the loader reads it: UTF-8 with
/// replacement, LF and CRLF lines, the special tokens, duplicate pieces, the longest piece. An accepted
/// vocabulary then tokenizes a fixed text that reaches every step of the tokenizer.
/// Checks: only `EncoderError`, one line naming the file; one piece per line (a final line end adds
/// none); the special ids are the first line holding each special token; every token id is inside the
/// vocabulary, `[CLS]` first and `[SEP]` last.
let path = scratchPath("vocab.txt")
let sample = "Toy Story (1995) — a café's \"un-affable\" [MASK] toys!\t電影 naïve ÉCOLE x##y [UNK]" + String(repeating: "abcdefghij", count: 12)

func fuzzOne(_ input: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let input else { return 0 }
    let bytes = UnsafeBufferPointer(start: input, count: size)
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { FuzzInput.violated("cannot write \(path)") }
    do {
        let tokenizer = try WordPieceTokenizer(vocabularyFile: path)
        let lineEnds = bytes.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        let expected = bytes.last == 10 ? lineEnds : lineEnds + 1
        guard tokenizer.pieces.count == expected else { FuzzInput.violated("\(tokenizer.pieces.count) pieces from \(expected) lines") }
        guard tokenizer.pieces.allSatisfy({ !$0.utf8.contains(10) }) else { FuzzInput.violated("a piece holds a line end") }
        for (name, id) in [("[UNK]", tokenizer.unknownID), ("[CLS]", tokenizer.classifierID), ("[SEP]", tokenizer.separatorID), ("[PAD]", tokenizer.paddingID)] {
            guard tokenizer.pieces.firstIndex(of: name) == Int(id) else { FuzzInput.violated("\(name) has id \(id), first at \(tokenizer.pieces.firstIndex(of: name) ?? -1)") }
        }
        for maxTokens in [256, 7] {
            let tokens = tokenizer.tokenize(sample, maxTokens: maxTokens)
            guard tokens.ids.first == tokenizer.classifierID, tokens.ids.last == tokenizer.separatorID, tokens.ids.count <= maxTokens,
                  tokens.ids.allSatisfy({ $0 >= 0 && Int($0) < tokenizer.pieces.count }) else {
                FuzzInput.violated("bad ids \(tokens.ids.prefix(10)) for maxTokens \(maxTokens)")
            }
        }
    } catch let error as EncoderError {
        let text = "\(error)"
        guard text.hasPrefix(path), !text.contains(where: \.isNewline) else { FuzzInput.violated("error not one line naming the file: \(text.debugDescription)") }
    } catch {
        FuzzInput.violated("threw a non-EncoderError: \(error)")
    }
    return 0
}

FuzzMain.run(fuzzOne)
