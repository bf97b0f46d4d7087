import Foundation

/// A CSV table read per RFC 4180: quoted fields may hold commas, doubled quotes and newlines; records end
/// in LF or CRLF; a UTF-8 byte-order mark and a trailing empty line are accepted.
///
/// Hand-written (rather than a general CSV package) because the engine needs, for every record, the
/// physical line it started on — so errors can say `ratings.csv:1042: ...` even after multi-line quoted
/// fields — and because it runs over the 100k-row SampleData on every launch. Cost: one pass over the
/// bytes, O(file size); every field is decoded to a `String` as the file is read.
public struct CSVTable: Sendable {
    /// File name used in error messages.
    public let file: String
    /// Header names, trimmed of surrounding spaces, in column order.
    public let header: [String]
    /// Every data record (header excluded), each a list of fields.
    public let records: [[String]]
    /// Physical 1-based line on which each record starts (parallel to `records`).
    public let lineNumbers: [Int]

    /// Index of a header column by case-insensitive name, or nil.
    public func column(_ name: String) -> Int? {
        let wanted = name.lowercased()
        return header.firstIndex { $0.lowercased() == wanted }
    }

    /// Index of a column the file must have; throws naming the file and the missing column.
    public func requireColumn(_ name: String) throws -> Int {
        guard let index = column(name) else {
            throw RecError(file: file, line: 1, "missing column '\(name)' (header has: \(header.joined(separator: ", ")))")
        }
        return index
    }

    /// Reads and parses the file at `path`. `displayName` is what error messages call it.
    public static func read(path: String, displayName: String? = nil) throws -> CSVTable {
        let name = displayName ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RecError(file: name, "cannot read file")
        }
        return try parse(data, file: name)
    }

    /// Parses CSV bytes. Throws on an empty file (no header), an unterminated quote, or a stray quote
    /// inside an unquoted field. Records may have fewer or more fields than the header: checking that is
    /// the loader's job, which knows which columns it needs.
    public static func parse(_ data: Data, file: String) throws -> CSVTable {
        var header: [String] = []
        var records: [[String]] = []
        var lineNumbers: [Int] = []
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var parser = Parser(bytes: bytes, file: file)
            var first = true
            while let (fields, line) = try parser.nextRecord() {
                if first {
                    header = fields.map { $0.trimmedSpaces }
                    first = false
                } else {
                    records.append(fields)
                    lineNumbers.append(line)
                }
            }
        }
        if header.isEmpty || header == [""] {
            throw RecError(file: file, "empty file (no header line)")
        }
        return CSVTable(file: file, header: header, records: records, lineNumbers: lineNumbers)
    }

    /// Byte-level state machine. Skips blank lines between records (an empty trailing line included).
    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        let file: String
        var position = 0
        var line = 1

        init(bytes: UnsafeBufferPointer<UInt8>, file: String) {
            self.bytes = bytes
            self.file = file
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        }

        private static let quote = UInt8(ascii: "\"")
        private static let comma = UInt8(ascii: ",")
        private static let cr = UInt8(ascii: "\r")
        private static let lf = UInt8(ascii: "\n")

        /// Consumes one line ending (LF, CRLF or a lone CR) at `position`, if present.
        private mutating func consumeLineEnd() -> Bool {
            guard position < bytes.count else { return false }
            if bytes[position] == Self.lf { position += 1; line += 1; return true }
            if bytes[position] == Self.cr {
                position += 1
                if position < bytes.count, bytes[position] == Self.lf { position += 1 }
                line += 1
                return true
            }
            return false
        }

        mutating func nextRecord() throws -> ([String], Int)? {
            // Skip blank lines.
            while position < bytes.count, consumeLineEnd() {}
            guard position < bytes.count else { return nil }
            let startLine = line
            var fields: [String] = []
            while true {
                fields.append(try nextField(recordLine: startLine))
                if position >= bytes.count { break }
                if bytes[position] == Self.comma { position += 1; continue }
                if consumeLineEnd() { break }
                // nextField stops only at comma, line end or EOF.
                break
            }
            return (fields, startLine)
        }

        private mutating func nextField(recordLine: Int) throws -> String {
            if position < bytes.count, bytes[position] == Self.quote {
                let openLine = line
                position += 1
                var content: [UInt8] = []
                while true {
                    guard position < bytes.count else {
                        throw RecError(file: file, line: openLine, "unterminated quoted field")
                    }
                    let byte = bytes[position]
                    if byte == Self.quote {
                        if position + 1 < bytes.count, bytes[position + 1] == Self.quote {
                            content.append(Self.quote)
                            position += 2
                            continue
                        }
                        position += 1
                        break
                    }
                    if byte == Self.lf || (byte == Self.cr && !(position + 1 < bytes.count && bytes[position + 1] == Self.lf)) {
                        line += 1
                    }
                    content.append(byte)
                    position += 1
                }
                // After the closing quote only a separator, a line end or EOF may follow.
                if position < bytes.count {
                    let next = bytes[position]
                    if next != Self.comma && next != Self.lf && next != Self.cr {
                        throw RecError(file: file, line: line, "unexpected character after closing quote")
                    }
                }
                return String(decoding: content, as: UTF8.self)
            }
            let start = position
            while position < bytes.count {
                let byte = bytes[position]
                if byte == Self.comma || byte == Self.lf || byte == Self.cr { break }
                if byte == Self.quote {
                    throw RecError(file: file, line: line, "quote inside an unquoted field (quote the whole field and double the quote)")
                }
                position += 1
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs. Returns the string unchanged (no copy of its
    /// characters) in the common case where neither end is blank — far cheaper than Foundation's
    /// `trimmingCharacters(in:)`, which dominated load time.
    var trimmedSpaces: String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return "" }
        func blank(_ b: UInt8) -> Bool { b == 32 || b == 9 }
        if !blank(first) && !blank(last) { return String(self) }
        let trimmed = self.drop(while: { $0 == " " || $0 == "\t" })
        var end = trimmed.endIndex
        while end > trimmed.startIndex {
            let previous = trimmed.index(before: end)
            guard trimmed[previous] == " " || trimmed[previous] == "\t" else { break }
            end = previous
        }
        return String(trimmed[trimmed.startIndex..<end])
    }
}
