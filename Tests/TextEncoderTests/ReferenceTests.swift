import Foundation
import Testing
@testable import TextEncoder

/// The committed reference: token ids and vectors from sentence-transformers on the same model files.
@Suite("all-MiniLM-L6-v2 against sentence-transformers")
struct ReferenceTests {
    @Test("the fixture covers what the issue asks for")
    func fixtureCoverage() {
        let texts = ModelFixture.reference.texts
        #expect(texts.count >= 40)
        #expect(texts.contains { $0.text.isEmpty })
        #expect(texts.contains { !$0.text.isEmpty && $0.text.allSatisfy(\.isWhitespace) })
        #expect(texts.contains { $0.truncated && $0.ids.count == 256 })
        #expect(texts.contains { $0.text.unicodeScalars.contains { WordPieceTokenizer.isCJK($0.value) } })
        #expect(texts.contains { $0.text.unicodeScalars.contains { $0.properties.isEmojiPresentation } })
        #expect(ModelFixture.reference.max_seq_length == 256)
    }

    @Test("token ids are identical to the reference tokenizer's for every text")
    func tokenIDs() throws {
        let tokenizer = try ModelFixture.requireTokenizer()
        for entry in ModelFixture.reference.texts {
            let tokens = tokenizer.tokenize(entry.text, maxTokens: ModelFixture.reference.max_seq_length)
            #expect(tokens.ids == entry.ids, "text \(entry.text.debugDescription)")
            #expect(tokens.truncated == entry.truncated, "text \(entry.text.debugDescription)")
        }
    }

    @Test("vectors have cosine ≥ 0.9995 with the reference for every text, one text at a time")
    func vectorsOneByOne() throws {
        let encoder = try ModelFixture.requireEncoder()
        for entry in ModelFixture.reference.texts {
            let encoding = encoder.encode(entry.text)
            #expect(encoding.vector.count == 384)
            #expect(encoding.tokenCount == entry.ids.count)
            let cosine = ModelFixture.cosine(encoding.vector, entry.vector)
            #expect(cosine >= 0.9995, "text \(entry.text.debugDescription): cosine \(cosine)")
        }
    }

    @Test("a packed batch over two workers gives the same vectors as one text at a time (all on sgemm)")
    func batchesMatchSingles() throws {
        // sgemm for the short passes too, so batch and single run the same arithmetic; the packed kernels
        // are held to the same vectors in PackedKernelTests.
        let encoder = try ModelFixture.requireEncoder(.sgemm)
        let texts = ModelFixture.reference.texts.map(\.text)
        let batched = encoder.encode(texts, threads: 2, batchTokens: 300)
        for (entry, encoding) in zip(ModelFixture.reference.texts, batched) {
            let cosine = ModelFixture.cosine(encoding.vector, entry.vector)
            #expect(cosine >= 0.9995, "text \(entry.text.debugDescription): cosine \(cosine)")
            let single = encoder.encode(entry.text).vector
            let difference = zip(single, encoding.vector).map { abs($0 - $1) }.max() ?? 0
            #expect(difference < 1e-4, "text \(entry.text.debugDescription)")
        }
        #expect(batched.map(\.truncated) == ModelFixture.reference.texts.map(\.truncated))
    }
}
