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
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if lines.last == "" { lines.removeLast() }
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
        self.longestPiece = pieces.reduce(0) { max($0, $1.decomposedStringWithCanonicalMapping.unicodeScalars.count) }
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
        for segment in splitSpecialTokens(text) {
            switch segment {
            case .special(let id):
                append(id)
            case .text(let part):
                for word in Self.words(of: part) {
                    for id in wordPieces(word) { append(id) }
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
                var part = String.UnicodeScalarView()
                part.append(contentsOf: scalars[start..<end])
                segments.append(.text(String(part)))
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
        // 1 + 2: clean, and isolate CJK ideographs.
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 0 || value == 0xFFFD || isControl(scalar) { continue }
            if isWhitespace(scalar) {
                cleaned.append(" ")
            } else if isCJK(value) {
                cleaned.append(" "); cleaned.append(scalar); cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        // 3 + 4: NFD, drop non-spacing marks, lower-case.
        let decomposed = String(cleaned).decomposedStringWithCanonicalMapping
        var normalised: [Unicode.Scalar] = []
        normalised.reserveCapacity(decomposed.unicodeScalars.count)
        for scalar in decomposed.unicodeScalars where scalar.properties.generalCategory != .nonspacingMark {
            if scalar.isASCII {
                let v = scalar.value
                normalised.append(v >= 65 && v <= 90 ? Unicode.Scalar(v + 32)! : scalar)
            } else if scalar.properties.changesWhenLowercased {
                normalised.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                normalised.append(scalar)
            }
        }
        // 5: split on whitespace and punctuation (each punctuation character is a word).
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in normalised {
            if isWhitespace(scalar) {
                if !current.isEmpty { words.append(current); current = [] }
            } else if isPunctuation(scalar) {
                if !current.isEmpty { words.append(current); current = [] }
                words.append([scalar])
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Step 6 for one normalised word.
    public func wordPieces(_ word: [Unicode.Scalar]) -> [Int32] {
        if word.count > maxCharactersPerWord { return [unknownID] }
        var result: [Int32] = []
        var start = 0
        while start < word.count {
            // A candidate "##" + word[start..<end] longer than the longest piece cannot be in the vocabulary.
            var end = min(word.count, start + longestPiece)
            var found: Int32?
            while start < end {
                var piece = start > 0 ? "##" : ""
                piece.unicodeScalars.append(contentsOf: word[start..<end])
                if let id = vocabulary[piece] { found = id; break }
                end -= 1
            }
            guard let id = found else { return [unknownID] }
            result.append(id)
            start = end
        }
        return result
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
