import Foundation

/// A 2-D matrix of 32-bit floats read from a NumPy `.npy` file, row-major (C order).
public struct NpyMatrix: Sendable, Equatable {
    /// Element type the file stored (`<f4` or `<f2`); values are always returned as `Float`.
    public enum StoredType: String, Sendable, Equatable {
        case float32 = "<f4"
        case float16 = "<f2"

        var byteCount: Int { self == .float32 ? 4 : 2 }
    }

    public var rows: Int
    public var columns: Int
    /// `rows × columns` values, row after row.
    public var values: [Float]
    /// How the file stored the numbers (float16 values are widened exactly to Float).
    public var storedType: StoredType
    /// `.npy` format version of the header, e.g. (1, 0).
    public var version: (major: UInt8, minor: UInt8)

    public init(rows: Int, columns: Int, values: [Float], storedType: StoredType, version: (major: UInt8, minor: UInt8)) {
        self.rows = rows
        self.columns = columns
        self.values = values
        self.storedType = storedType
        self.version = version
    }

    public static func == (a: NpyMatrix, b: NpyMatrix) -> Bool {
        a.rows == b.rows && a.columns == b.columns && a.values == b.values && a.storedType == b.storedType
            && a.version == b.version
    }
}

/// Reads NumPy `.npy` files holding a 2-D little-endian float32 or float16 array in C order
/// (header versions 1.0, 2.0 and 3.0). Anything else is refused with a `RecError` naming the file and
/// the reason; pickled (object) arrays are never unpickled.
///
/// The header is parsed as the small Python dict literal NumPy writes
/// (`{'descr': '<f4', 'fortran_order': False, 'shape': (9742, 384), }`) by a strict hand parser; the
/// data size implied by the shape is checked against the file size before any array is allocated.
public enum NpyReader {
    /// Headers longer than this are refused (NumPy writes about 128 bytes for a 2-D array).
    public static let maximumHeaderBytes = 10 * 1024

    private static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY

    /// Reads and validates `path`. `displayName` is used in error messages (default: `path`).
    /// Cost: one read of the file plus O(rows × columns) conversion and finiteness check.
    public static func read(path: String, displayName: String? = nil) throws -> NpyMatrix {
        let name = displayName ?? path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw RecError(file: name, "is a directory, not a .npy file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw RecError(file: name, "cannot open file")
        }
        defer { try? handle.close() }
        let fileSize: Int
        do {
            let end = try handle.seekToEnd()
            try handle.seek(toOffset: 0)
            guard end <= UInt64(Int.max) else { throw RecError(file: name, "file too large") }
            fileSize = Int(end)
        } catch let error as RecError {
            throw error
        } catch {
            throw RecError(file: name, "cannot read file (\(error.localizedDescription))")
        }

        func readBytes(_ count: Int) throws -> Data {
            do {
                let data = try handle.read(upToCount: count) ?? Data()
                guard data.count == count else {
                    throw RecError(file: name, "file ends early (wanted \(count) more bytes, got \(data.count))")
                }
                return data
            } catch let error as RecError {
                throw error
            } catch {
                throw RecError(file: name, "cannot read file (\(error.localizedDescription))")
            }
        }

        // Fixed prefix: magic (6), version (2), header length (2 or 4).
        guard fileSize >= 10 else { throw RecError(file: name, "not a .npy file (only \(fileSize) bytes; wrong magic)") }
        let prefix = [UInt8](try readBytes(10))
        let (version, headerLength, prefixLength) = try parsePrefix(prefix, file: name, extra: {
            [UInt8](try readBytes(2))
        })
        let dataOffset = prefixLength + headerLength
        guard dataOffset <= fileSize else {
            throw RecError(file: name, "header length \(headerLength) runs past the end of the file")
        }
        let headerBytes = [UInt8](try readBytes(headerLength))
        let header = try parseHeader(headerBytes, version: version, file: name)
        let dataBytes = try checkedDataSize(header, available: fileSize - dataOffset, file: name)
        // Only now, with the size proven consistent, is the data read and the matrix allocated.
        let data = try readBytes(dataBytes)
        let values = try convert(data, count: header.rows * header.columns, type: header.type, columns: header.columns, file: name)
        return NpyMatrix(rows: header.rows, columns: header.columns, values: values, storedType: header.type, version: version)
    }

    /// Parses an in-memory `.npy` image (tests, or files already read). Same checks as `read`.
    public static func parse(_ bytes: [UInt8], file name: String) throws -> NpyMatrix {
        guard bytes.count >= 10 else { throw RecError(file: name, "not a .npy file (only \(bytes.count) bytes; wrong magic)") }
        let (version, headerLength, prefixLength) = try parsePrefix(Array(bytes[0..<10]), file: name, extra: {
            guard bytes.count >= 12 else { throw RecError(file: name, "file ends early (wanted 2 more bytes, got \(bytes.count - 10))") }
            return Array(bytes[10..<12])
        })
        let dataOffset = prefixLength + headerLength
        guard dataOffset <= bytes.count else {
            throw RecError(file: name, "header length \(headerLength) runs past the end of the file")
        }
        let header = try parseHeader(Array(bytes[prefixLength..<dataOffset]), version: version, file: name)
        let dataBytes = try checkedDataSize(header, available: bytes.count - dataOffset, file: name)
        let data = Data(bytes[dataOffset..<(dataOffset + dataBytes)])
        let values = try convert(data, count: header.rows * header.columns, type: header.type, columns: header.columns, file: name)
        return NpyMatrix(rows: header.rows, columns: header.columns, values: values, storedType: header.type, version: version)
    }

    // MARK: - Prefix and header

    struct Header {
        var type: NpyMatrix.StoredType
        var rows: Int
        var columns: Int
    }

    /// Returns (version, header length, bytes before the header). `extra` supplies bytes 10–11 for v2/v3.
    static func parsePrefix(_ prefix: [UInt8], file: String, extra: () throws -> [UInt8]) throws -> ((major: UInt8, minor: UInt8), Int, Int) {
        guard Array(prefix[0..<6]) == magic else {
            throw RecError(file: file, "not a .npy file (wrong magic: expected \\x93NUMPY)")
        }
        let major = prefix[6], minor = prefix[7]
        switch (major, minor) {
        case (1, 0):
            let length = Int(prefix[8]) | Int(prefix[9]) << 8
            guard length <= maximumHeaderBytes else { throw headerTooLong(length, file: file) }
            return ((major, minor), length, 10)
        case (2, 0), (3, 0):
            let high = try extra()
            let length = Int(prefix[8]) | Int(prefix[9]) << 8 | Int(high[0]) << 16 | Int(high[1]) << 24
            guard length <= maximumHeaderBytes else { throw headerTooLong(length, file: file) }
            return ((major, minor), length, 12)
        default:
            throw RecError(file: file, "unsupported .npy version \(major).\(minor) (supported: 1.0, 2.0, 3.0)")
        }
    }

    private static func headerTooLong(_ length: Int, file: String) -> RecError {
        RecError(file: file, ".npy header of \(length) bytes is over the \(maximumHeaderBytes)-byte limit")
    }

    static func parseHeader(_ bytes: [UInt8], version: (major: UInt8, minor: UInt8), file: String) throws -> Header {
        // v1/v2 headers are latin-1 (in practice ASCII); v3 is UTF-8. Keys and values we accept are ASCII.
        guard let text = String(bytes: bytes, encoding: version.major == 3 ? .utf8 : .isoLatin1) else {
            throw RecError(file: file, ".npy header is not valid text")
        }
        var parser = HeaderParser(text: text, file: file)
        let dict = try parser.parseDict()
        guard let descr = dict["descr"] else { throw RecError(file: file, ".npy header has no 'descr'") }
        guard let fortran = dict["fortran_order"] else { throw RecError(file: file, ".npy header has no 'fortran_order'") }
        guard let shape = dict["shape"] else { throw RecError(file: file, ".npy header has no 'shape'") }

        let type: NpyMatrix.StoredType
        switch descr {
        case .string(let code):
            type = try storedType(code, file: file)
        default:
            throw RecError(file: file, "structured dtype \(descr) is not supported (need '<f4' or '<f2')")
        }
        switch fortran {
        case .bool(false): break
        case .bool(true): throw RecError(file: file, "Fortran-order array is not supported (save it with np.ascontiguousarray)")
        default: throw RecError(file: file, ".npy header 'fortran_order' is \(fortran), not True/False")
        }
        guard case .tuple(let dims) = shape else {
            throw RecError(file: file, ".npy header 'shape' is \(shape), not a tuple")
        }
        guard dims.count == 2 else {
            throw RecError(file: file, "array has \(dims.count) dimension\(dims.count == 1 ? "" : "s") \(shape), need 2 (items × dimensions)")
        }
        return Header(type: type, rows: dims[0], columns: dims[1])
    }

    private static func storedType(_ code: String, file: String) throws -> NpyMatrix.StoredType {
        if let type = NpyMatrix.StoredType(rawValue: code) { return type }
        if code == ">f4" || code == ">f2" {
            throw RecError(file: file, "big-endian dtype '\(code)' is not supported (save with .astype('<\(code.dropFirst())'))")
        }
        if code.dropFirst().hasPrefix("O") || code.hasPrefix("O") {
            throw RecError(file: file, "object dtype '\(code)' is refused (pickled data is never loaded)")
        }
        throw RecError(file: file, "dtype '\(code)' is not supported (need float32 '<f4' or float16 '<f2')")
    }

    /// Bytes the shape needs; throws unless they equal the bytes the file holds after the header.
    static func checkedDataSize(_ header: Header, available: Int, file: String) throws -> Int {
        let (cells, overflow1) = header.rows.multipliedReportingOverflow(by: header.columns)
        let (bytes, overflow2) = cells.multipliedReportingOverflow(by: header.type.byteCount)
        guard !overflow1, !overflow2, bytes == available else {
            let wanted = overflow1 || overflow2 ? "more than \(Int.max)" : "\(bytes)"
            throw RecError(file: file, "shape (\(header.rows), \(header.columns)) of \(header.type.rawValue) needs \(wanted) data bytes but the file holds \(available)")
        }
        return bytes
    }

    // MARK: - Data

    /// Every float16 bit pattern widened to Float: one table look-up per value instead of a software
    /// conversion call (256 KB, built on first use).
    private static let float16Table: [Float] = (0...UInt16.max).map { Float(Float16(bitPattern: $0)) }

    private static func convert(_ data: Data, count: Int, type: NpyMatrix.StoredType, columns: Int, file: String) throws -> [Float] {
        var firstBad = -1
        let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialised in
            data.withUnsafeBytes { raw in
                switch type {
                case .float32:
                    for i in 0..<count {
                        buffer[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
                    }
                case .float16:
                    float16Table.withUnsafeBufferPointer { table in
                        for i in 0..<count {
                            buffer[i] = table[Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)))]
                        }
                    }
                }
            }
            initialised = count
            for i in 0..<count where !buffer[i].isFinite {
                firstBad = i
                break
            }
        }
        if firstBad >= 0 {
            let row = firstBad / max(columns, 1), column = firstBad % max(columns, 1)
            throw RecError(file: file, "non-finite value \(values[firstBad]) at row \(row), column \(column)")
        }
        return values
    }
}

/// Strict parser for the Python dict literal in a `.npy` header: string keys; values are strings,
/// True/False, or tuples of non-negative integers (a list value, as structured dtypes use, is kept
/// as `.other` so it can be refused by name).
private struct HeaderParser {
    enum Value: CustomStringConvertible {
        case string(String)
        case bool(Bool)
        case tuple([Int])
        case other(String)

        var description: String {
            switch self {
            case .string(let s): return "'\(s)'"
            case .bool(let b): return b ? "True" : "False"
            case .tuple(let dims): return dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.map(String.init).joined(separator: ", ") + ")"
            case .other(let s): return s
            }
        }
    }

    let chars: [Character]
    let file: String
    var position = 0

    init(text: String, file: String) {
        self.chars = Array(text)
        self.file = file
    }

    private func fail(_ what: String) -> RecError {
        RecError(file: file, "malformed .npy header (\(what) at character \(position + 1))")
    }

    private mutating func skipSpace() {
        while position < chars.count, chars[position].isWhitespace { position += 1 }
    }

    private mutating func expect(_ c: Character) throws {
        skipSpace()
        guard position < chars.count, chars[position] == c else { throw fail("expected '\(c)'") }
        position += 1
    }

    private mutating func peek() -> Character? {
        skipSpace()
        return position < chars.count ? chars[position] : nil
    }

    mutating func parseDict() throws -> [String: Value] {
        try expect("{")
        var result: [String: Value] = [:]
        while true {
            if peek() == "}" { position += 1; break }
            let key = try parseString()
            try expect(":")
            let value = try parseValue()
            if result[key] != nil { throw fail("duplicate key '\(key)'") }
            result[key] = value
            guard let next = peek() else { throw fail("unterminated dict") }
            if next == "," { position += 1; continue }
            if next == "}" { position += 1; break }
            throw fail("expected ',' or '}'")
        }
        // Only padding spaces and the final newline may follow.
        skipSpace()
        guard position == chars.count else { throw fail("trailing text") }
        return result
    }

    private mutating func parseString() throws -> String {
        guard let quote = peek(), quote == "'" || quote == "\"" else { throw fail("expected a quoted string") }
        position += 1
        var out = ""
        while position < chars.count, chars[position] != quote {
            if chars[position] == "\\" { throw fail("escape sequence in string") }
            out.append(chars[position])
            position += 1
        }
        guard position < chars.count else { throw fail("unterminated string") }
        position += 1
        return out
    }

    private mutating func parseValue() throws -> Value {
        guard let c = peek() else { throw fail("missing value") }
        switch c {
        case "'", "\"":
            return .string(try parseString())
        case "(":
            return .tuple(try parseTuple())
        case "[":
            // Structured dtype: a list of fields. Capture it verbatim (balanced brackets) to name it.
            let start = position
            var depth = 0
            while position < chars.count {
                if chars[position] == "[" { depth += 1 }
                if chars[position] == "]" { depth -= 1; if depth == 0 { position += 1; break } }
                position += 1
            }
            guard depth == 0 else { throw fail("unterminated list") }
            return .other(String(chars[start..<position]))
        default:
            let start = position
            while position < chars.count, chars[position].isLetter { position += 1 }
            let word = String(chars[start..<position])
            if word == "True" { return .bool(true) }
            if word == "False" { return .bool(false) }
            throw fail("unexpected value '\(word.isEmpty ? String(c) : word)'")
        }
    }

    private mutating func parseTuple() throws -> [Int] {
        try expect("(")
        var dims: [Int] = []
        while true {
            if peek() == ")" { position += 1; return dims }
            let start = position
            while position < chars.count, chars[position].isASCII, chars[position].isNumber { position += 1 }
            // Python 2 era headers may write `3L`; accept and drop the suffix.
            let digits = String(chars[start..<position])
            if position < chars.count, chars[position] == "L" { position += 1 }
            guard !digits.isEmpty, let value = Int(digits) else { throw fail("expected a non-negative integer in shape") }
            dims.append(value)
            guard let next = peek() else { throw fail("unterminated tuple") }
            if next == "," { position += 1; continue }
            if next == ")" { position += 1; return dims }
            throw fail("expected ',' or ')' in shape")
        }
    }
}
