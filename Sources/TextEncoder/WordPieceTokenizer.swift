import Foundation

/// BERT's uncased WordPiece tokenizer, as the `tokenizers` library runs it for all-MiniLM-L6-v2
/// (`BertNormalizer` + `BertPreTokenizer` + `WordPiece`), so token ids match the reference exactly:
///
/// 0. the special tokens `[CLS]`, `[SEP]`, `[PAD]`, `[UNK]`, `[MASK]` written literally in the text are
///    matched first, case-sensitively, and kept as those tokens (the tokenizer's "added tokens");
/// 1. clean: drop U+0000, U+FFFD and control/format characters (Unicode category C*, except tab, LF
///    and CR); every whitespace character becomes a space;
/// 2. CJK ideographs get spaces around them, so each is a word of its own;
/// 3. strip accents: canonical decomposition (NFD), then drop non-spacing marks (Mn);
/// 4. lower-case (per scalar, full Unicode mapping);
/// 5. split on whitespace, and around every punctuation character (ASCII punctuation and Unicode P*);
/// 6. each word: `[UNK]` if longer than 100 scalars, else greedy longest-match-first pieces, pieces
///    after the first prefixed `##`; a word with any unmatched rest is one `[UNK]`;
/// 7. `[CLS]` … `[SEP]`, word pieces truncated so the whole fits `maxTokens` (256 for this model).
///
/// Cost: O(characters) for 1–5; WordPiece tries at most n(n+1)/2 dictionary look-ups for a word of n
/// scalars (n ≤ 100), in practice a few per word.
public struct WordPieceTokenizer: Sendable {
    /// Token ids by piece (`##`-prefixed continuation pieces included).
    public let vocabulary: [String: Int32]
    /// Pieces by id, for display.
    public let pieces: [String]
    public let unknownID: Int32
    public let classifierID: Int32
    public let separatorID: Int32
    public let paddingID: Int32
    /// Special tokens matched verbatim in the raw text before normalisation, longest first.
    public let specialTokens: [(text: [Unicode.Scalar], id: Int32)]
    /// Words longer than this many Unicode scalars become `[UNK]`.
    public let maxCharactersPerWord = 100
    /// Scalars in the longest vocabulary piece in canonical decomposition (NFD): look-ups compare
    /// strings by canonical equivalence, and NFD never has fewer scalars than any equivalent form, so no
    /// longer candidate can match and WordPiece never builds one (a 99-letter word otherwise cost ~5,000
    /// look-ups of strings up to 99 long).
    let longestPiece: Int

    /// The tokens of one text.
    public struct Tokens: Sendable, Equatable {
        /// `[CLS]`, the word pieces, `[SEP]`.
        public var ids: [Int32]
        /// Whether word pieces were dropped to fit the maximum length.
        public var truncated: Bool
        /// How many word pieces the text had before truncation (without `[CLS]`/`[SEP]`).
        public var fullPieceCount: Int
    }

    /// Reads `vocab.txt` (one piece per line; the line number is the id). Refuses a file without
    /// `[UNK]`, `[CLS]`, `[SEP]` or `[PAD]`, naming it.
    public init(vocabularyFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EncoderError(file: path, "cannot read vocabulary")
        }
        // Lines split on the byte LF (a CRLF line end is one Character, which a split on "\n" never
        // matches: a Windows vocab.txt would be one line), then a trailing CR dropped.
        var lines: [String] = []
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            for k in 0...bytes.count where k == bytes.count || bytes[k] == 10 {
                if k == bytes.count && start == k { break }   // a final line end adds no empty line
                var end = k
                if end > start && bytes[end - 1] == 13 { end -= 1 }
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                start = k + 1
            }
        }
        try self.init(pieces: lines, source: path)
    }

    /// A tokenizer over `pieces` (index = id). `source` names the vocabulary in errors.
    public init(pieces: [String], source: String = "vocab.txt") throws {
        var vocabulary: [String: Int32] = [:]
        vocabulary.reserveCapacity(pieces.count)
        for (id, piece) in pieces.enumerated() where vocabulary[piece] == nil {
            vocabulary[piece] = Int32(id)
        }
        func special(_ name: String) throws -> Int32 {
            guard let id = vocabulary[name] else { throw EncoderError(file: source, "vocabulary has no \(name) token") }
            return id
        }
        self.vocabulary = vocabulary
        self.pieces = pieces
        // ASCII is its own NFD: only other pieces need Foundation's decomposition (most of a 30,522-piece
        // vocabulary is ASCII; decomposing every piece cost ~150 ms a load).
        self.longestPiece = pieces.reduce(0) { longest, piece in
            let ascii = piece.utf8.allSatisfy { $0 < 0x80 }
            return max(longest, ascii ? piece.utf8.count : piece.decomposedStringWithCanonicalMapping.unicodeScalars.count)
        }
        self.unknownID = try special("[UNK]")
        self.classifierID = try special("[CLS]")
        self.separatorID = try special("[SEP]")
        self.paddingID = try special("[PAD]")
        self.specialTokens = ["[MASK]", "[CLS]", "[SEP]", "[PAD]", "[UNK]"].compactMap { name in
            vocabulary[name].map { (Array(name.unicodeScalars), $0) }
        }
    }

    /// `[CLS] pieces [SEP]`, at most `maxTokens` ids in all (≥ 2).
    public func tokenize(_ text: String, maxTokens: Int) -> Tokens {
        var ids: [Int32] = [classifierID]
        var count = 0
        let limit = max(0, maxTokens - 2)
        func append(_ id: Int32) {
            if count < limit { ids.append(id) }
            count += 1
        }
        // One set of buffers for every word of the text (allocations were most of the cost per word).
        var scratch = PieceScratch()
        var pieces: [Int32] = []
        for segment in splitSpecialTokens(text) {
            switch segment {
            case .special(let id):
                append(id)
            case .text(let part):
                let (scalars, words) = Self.wordRanges(of: part)
                for word in words {
                    pieces.removeAll(keepingCapacity: true)
                    appendPieces(scalars[word], to: &pieces, scratch: &scratch)
                    for id in pieces { append(id) }
                }
            }
        }
        ids.append(separatorID)
        return Tokens(ids: ids, truncated: count > limit, fullPieceCount: count)
    }

    enum Segment: Equatable {
        case text(String)
        case special(Int32)
    }

    /// Step 0: the text cut around literal special tokens (leftmost match, longest first).
    func splitSpecialTokens(_ text: String) -> [Segment] {
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains("[") else { return [.text(text)] }
        var segments: [Segment] = []
        var start = 0
        var index = 0
        func flush(_ end: Int) {
            if end > start {
                var utf8: [UInt8] = []
                utf8.reserveCapacity((end - start) * 2)
                for scalar in scalars[start..<end] { UTF8.encode(scalar) { utf8.append($0) } }
                segments.append(.text(String(decoding: utf8, as: UTF8.self)))
            }
        }
        outer: while index < scalars.count {
            if scalars[index] == "[" {
                for special in specialTokens where scalars[index...].starts(with: special.text) {
                    flush(index)
                    segments.append(.special(special.id))
                    index += special.text.count
                    start = index
                    continue outer
                }
            }
            index += 1
        }
        flush(scalars.count)
        return segments
    }

    /// Steps 1–5: the normalised words of `text`, each as Unicode scalars.
    public static func words(of text: String) -> [[Unicode.Scalar]] {
        let (scalars, words) = wordRanges(of: text)
        return words.map { Array(scalars[$0]) }
    }

    /// Steps 1–5: the normalised text as scalars and the range of each word in it (one array for all
    /// words). Text that is ASCII after cleaning skips the Unicode property look-ups and Foundation's
    /// NFD, which leave ASCII unchanged.
    static func wordRanges(of text: String) -> (scalars: [Unicode.Scalar], words: [Range<Int>]) {
        // 1 + 2: clean, and isolate CJK ideographs.
        var cleaned: [Unicode.Scalar] = []
        cleaned.reserveCapacity(text.utf8.count)
        var ascii = true
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 128 {
                if value < 32 && value != 9 && value != 10 && value != 13 || value == 127 { continue }   // Cc
                cleaned.append(value == 9 || value == 10 || value == 13 ? " " : scalar)
                continue
            }
            if value == 0xFFFD || isControl(scalar) { continue }
            if isWhitespace(scalar) {
                cleaned.append(" ")
            } else if isCJK(value) {
                cleaned.append(" "); cleaned.append(scalar); cleaned.append(" ")
                ascii = false
            } else {
                cleaned.append(scalar)
                ascii = false
            }
        }
        // 3 + 4: NFD, drop non-spacing marks, lower-case.
        var normalised: [Unicode.Scalar] = []
        if ascii {
            normalised = cleaned
            for k in normalised.indices where normalised[k].value >= 65 && normalised[k].value <= 90 {
                normalised[k] = Unicode.Scalar(normalised[k].value + 32)!
            }
        } else {
            var utf8: [UInt8] = []
            utf8.reserveCapacity(cleaned.count * 2)
            for scalar in cleaned { UTF8.encode(scalar) { utf8.append($0) } }
            let decomposed = String(decoding: utf8, as: UTF8.self).decomposedStringWithCanonicalMapping
            normalised.reserveCapacity(cleaned.count + cleaned.count / 4)
            for scalar in decomposed.unicodeScalars {
                if scalar.isASCII {
                    let v = scalar.value
                    normalised.append(v >= 65 && v <= 90 ? Unicode.Scalar(v + 32)! : scalar)
                } else if scalar.properties.generalCategory == .nonspacingMark {
                    continue
                } else if scalar.properties.changesWhenLowercased {
                    normalised.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                } else {
                    normalised.append(scalar)
                }
            }
        }
        // 5: split on whitespace and punctuation (each punctuation character is a word).
        var words: [Range<Int>] = []
        var start = 0
        for (k, scalar) in normalised.enumerated() {
            if isWhitespace(scalar) {
                if k > start { words.append(start..<k) }
                start = k + 1
            } else if isPunctuation(scalar) {
                if k > start { words.append(start..<k) }
                words.append(k..<(k + 1))
                start = k + 1
            }
        }
        if normalised.count > start { words.append(start..<normalised.count) }
        return (normalised, words)
    }

    /// Step 6 for one normalised word.
    public func wordPieces(_ word: [Unicode.Scalar]) -> [Int32] {
        var scratch = PieceScratch()
        var result: [Int32] = []
        appendPieces(word[...], to: &result, scratch: &scratch)
        return result
    }

    /// Buffers `appendPieces` reuses from word to word.
    struct PieceScratch {
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        var candidate: [UInt8] = []
    }

    /// Step 6: appends the pieces of one normalised word to `result` (one `[UNK]` when the word is too
    /// long or has an unmatched rest). The word is transcoded to UTF-8 once and every candidate piece is
    /// made from a byte range (short pieces are small strings, without allocation): building each
    /// candidate by appending scalars one by one cost ~3 µs a look-up, most of the tokenizer's time.
    func appendPieces(_ word: ArraySlice<Unicode.Scalar>, to result: inout [Int32], scratch: inout PieceScratch) {
        if word.count > maxCharactersPerWord { result.append(unknownID); return }
        let first = result.count
        // "##", then the word's bytes; offsets[k] is where the word's k-th scalar starts, offsets[count] the end.
        scratch.bytes.removeAll(keepingCapacity: true)
        scratch.bytes.append(0x23); scratch.bytes.append(0x23)
        scratch.offsets.removeAll(keepingCapacity: true)
        for scalar in word {
            scratch.offsets.append(scratch.bytes.count)
            UTF8.encode(scalar) { scratch.bytes.append($0) }
        }
        scratch.offsets.append(scratch.bytes.count)
        let count = word.count
        var start = 0
        while start < count {
            // A candidate longer than the longest piece (in scalars, "##" included) cannot be in the vocabulary.
            var end = min(count, start + (start > 0 ? longestPiece - 2 : longestPiece))
            var found: Int32?
            while start < end {
                let piece: String
                if start == 0 {
                    piece = String(decoding: scratch.bytes[scratch.offsets[0]..<scratch.offsets[end]], as: UTF8.self)
                } else {
                    scratch.candidate.removeAll(keepingCapacity: true)
                    scratch.candidate.append(0x23); scratch.candidate.append(0x23)
                    scratch.candidate.append(contentsOf: scratch.bytes[scratch.offsets[start]..<scratch.offsets[end]])
                    piece = String(decoding: scratch.candidate, as: UTF8.self)
                }
                if let id = vocabulary[piece] { found = id; break }
                end -= 1
            }
            guard let id = found else {
                result.removeSubrange(first...)
                result.append(unknownID)
                return
            }
            result.append(id)
            start = end
        }
    }

    /// Tab, LF and CR are whitespace, not control; otherwise Unicode categories Cc, Cf, Cs, Co, Cn.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 9, 10, 13: return false
        default: break
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    /// Tab, LF, CR and every scalar with the Unicode White_Space property.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 9, 10, 13, 32: return true
        default: return scalar.value > 127 && scalar.properties.isWhitespace
        }
    }

    /// ASCII punctuation (33–47, 58–64, 91–96, 123–126, symbols included) and Unicode categories P*.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) {
            return true
        }
        if v < 128 { return false }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// The CJK Unified Ideograph blocks BERT treats as single words.
    static func isCJK(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || (0x2A700...0x2B73F).contains(v) || (0x2B740...0x2B81F).contains(v) || (0x2B820...0x2CEAF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
    }
}
