import Foundation
import Testing
@testable import TextEncoder

/// Found by FuzzTextEncoder (Fuzz/, docs/FUZZING.md): a text of a 120-letter and a 99-letter word took
/// 3.9 s to tokenize six times under the fuzzer — WordPiece tried every candidate length up to the whole
/// word (~5,000 look-ups of strings up to 99 scalars for a 99-letter word), past the 1 s hang limit.
/// Candidates are now capped at the longest vocabulary piece; these tests pin that the pieces are exactly
/// those of the uncapped search. The input is Fixtures/fuzz/long-words.
@Suite struct WordPieceFuzzRegressionTests {
    static let specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

    @Test func longWordsGiveTheUncappedPieces() throws {
        let tokenizer = try WordPieceTokenizer(pieces: Self.specials + ["b", "##b", "##bbb", "a"])
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz/long-words")
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        let tokens = tokenizer.tokenize(text, maxTokens: 256)
        // 120 a's: longer than 100 scalars, one [UNK]. 99 b's: "b", then greedy "##bbb" ×32, then "##b" ×2.
        let b = tokenizer.vocabulary["b"]!, bbb = tokenizer.vocabulary["##bbb"]!, cb = tokenizer.vocabulary["##b"]!
        #expect(tokens.ids == [tokenizer.classifierID, tokenizer.unknownID, b] + Array(repeating: bbb, count: 32) + [cb, cb, tokenizer.separatorID])
        #expect(tokenizer.longestPiece == 6)  // "[MASK]"
    }

    /// Look-ups compare by canonical equivalence: a precomposed vocabulary piece ("한국", 2 scalars)
    /// matches the normalised (NFD) word, 6 jamo scalars. The cap counts pieces in NFD, so it still does.
    @Test func capCountsPiecesInCanonicalDecomposition() throws {
        let tokenizer = try WordPieceTokenizer(pieces: Self.specials + ["\u{D55C}\u{AD6D}"])
        #expect(tokenizer.longestPiece == 6)
        let tokens = tokenizer.tokenize("\u{D55C}\u{AD6D}", maxTokens: 16)
        #expect(tokens.ids == [tokenizer.classifierID, tokenizer.vocabulary["\u{D55C}\u{AD6D}"]!, tokenizer.separatorID])
    }
}
