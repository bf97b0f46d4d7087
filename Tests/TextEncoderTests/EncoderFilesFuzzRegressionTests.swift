import Foundation
import Testing
@testable import TextEncoder

/// Inputs the FuzzVocabulary and FuzzBertConfig targets (Fuzz/, docs/FUZZING.md) stopped on, committed
/// under Fixtures/fuzz/<target>/ and read through the same file readers the model loader calls.
@Suite struct EncoderFilesFuzzRegressionTests {
    static func fixture(_ target: String, _ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz/\(target)/\(name)").path
    }

    /// `[PAD] [UNK] [CLS] [SEP] a` CRLF `b`: lines were split on the Character "\n", which a CRLF line end
    /// (one Character) never matches, so "a\r\nb" was one piece and every later id shifted by one — a
    /// vocab.txt saved with Windows line ends gave wrong ids, or no [UNK] at all. Lines are split on bytes.
    @Test func crlfLineEndsGiveOnePieceALine() throws {
        let tokenizer = try WordPieceTokenizer(vocabularyFile: Self.fixture("FuzzVocabulary", "crlf-line"))
        #expect(tokenizer.pieces == ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "a", "b"])
        #expect(tokenizer.tokenize("a b", maxTokens: 8).ids == [2, 4, 5, 3])
        // A whole CRLF file reads as the LF file does.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-vocab-\(UUID().uuidString).txt").path
        try Data("[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\n##x\r\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try WordPieceTokenizer(vocabularyFile: path).pieces == ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "##x"])
    }

    /// Lines: a final line end adds no piece; an empty line is a piece (its id is taken).
    @Test func lineCountingIsByLineEnds() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-vocab-\(UUID().uuidString).txt").path
        try Data("[PAD]\n[UNK]\n\n[CLS]\n[SEP]".utf8).write(to: URL(fileURLWithPath: path))
        let tokenizer = try WordPieceTokenizer(vocabularyFile: path)
        #expect(tokenizer.pieces == ["[PAD]", "[UNK]", "", "[CLS]", "[SEP]"])
        #expect(tokenizer.classifierID == 3)
    }

    /// `"layer_norm_eps": -1` was accepted: layer norm divides by sqrt(variance + epsilon), NaN vectors.
    @Test func aNonPositiveLayerNormEpsilonIsRefused() {
        let path = Self.fixture("FuzzBertConfig", "negative-layer-norm-eps")
        #expect(throws: EncoderError(file: path, "layer_norm_eps -1.0 is not a small positive number")) { try BertConfiguration(file: path) }
    }

    /// A model_type holding a line break was quoted raw: an error message of two lines. Control
    /// characters in any encoder message are now written as escapes.
    @Test func messagesQuotingTheFileStayOneLine() {
        let path = Self.fixture("FuzzBertConfig", "model-type-line-break")
        do {
            _ = try BertConfiguration(file: path)
            Issue.record("accepted a model_type that is not bert")
        } catch {
            #expect("\(error)" == "\(path): model_type is a\\nb, not bert: this is another model")
        }
        #expect(EncoderError(file: "f", "tab\there\r\u{1B}[2J\u{2028}").message == "tab\there\\r\\u{1B}[2J\\u{2028}")
    }
}
