import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Thrown inside the fast loader when the input needs the exact sequential path (`CSVTable` +
/// `RowReader`): malformed CSV, a bad value, anything unusual. The caller then loads the slow, exact
/// way, which produces the same data — or the same line-numbered error — as before. Never escapes.
struct FastPathUnavailable: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// One field of the record being scanned: content bytes `start..<end` of the buffer (surrounding quotes
/// excluded); `escaped` when it holds doubled quotes that decoding must collapse.
struct FieldSlice {
    var start: Int
    var end: Int
    var escaped: Bool
}

/// Scans RFC 4180 records over raw bytes with the same grammar as `CSVTable.Parser` — quoted fields
/// with commas, doubled quotes and newlines; LF, CRLF or lone CR line ends; blank lines skipped — but
/// without decoding anything: each record is a list of byte ranges, reused from record to record (no
/// allocation per field). Anything `CSVTable` would reject throws `FastPathUnavailable`.
struct RecordScanner {
    let base: UnsafePointer<UInt8>
    let end: Int
    var position: Int
    private(set) var fields: [FieldSlice] = []

    static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    init(base: UnsafePointer<UInt8>, end: Int, position: Int) {
        self.base = base
        self.end = end
        self.position = position
        fields.reserveCapacity(16)
    }

    /// Skips blank lines, then scans one record if it starts before `limit`. False at the end (or limit).
    @inline(__always)
    mutating func next(limit: Int) throws -> Bool {
        while position < end, base[position] == Self.lf || base[position] == Self.cr { position += 1 }
        guard position < end, position < limit else { return false }
        fields.removeAll(keepingCapacity: true)
        while true {
            if position < end, base[position] == Self.quote {
                var p = position + 1
                var escaped = false
                while true {
                    guard let found = memchr(base + p, Int32(Self.quote), end - p) else {
                        throw FastPathUnavailable("unterminated quoted field")
                    }
                    let q = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                    if q + 1 < end, base[q + 1] == Self.quote { escaped = true; p = q + 2; continue }
                    fields.append(FieldSlice(start: position + 1, end: q, escaped: escaped))
                    p = q + 1
                    break
                }
                position = p
                if position < end {
                    let b = base[position]
                    if b != Self.comma && b != Self.lf && b != Self.cr { throw FastPathUnavailable("character after closing quote") }
                }
            } else {
                let start = position
                var p = position
                while p < end {
                    let b = base[p]
                    // Every special byte is ≤ ','; ids, digits and letters are above it.
                    if b <= Self.comma {
                        if b == Self.comma || b == Self.lf || b == Self.cr { break }
                        if b == Self.quote { throw FastPathUnavailable("quote inside an unquoted field") }
                    }
                    p += 1
                }
                fields.append(FieldSlice(start: start, end: p, escaped: false))
                position = p
            }
            if position >= end { break }
            let b = base[position]
            position += 1
            if b == Self.comma { continue }
            if b == Self.cr, position < end, base[position] == Self.lf { position += 1 }
            break
        }
        return true
    }
}

/// What one chunk's parse left: its consumer, where its last record ended, and whether it failed.
final class ChunkOutcome<Consumer> {
    var consumer: Consumer
    var lastEnd: Int
    var failed: FastPathUnavailable?
    init(consumer: Consumer, lastEnd: Int) { self.consumer = consumer; self.lastEnd = lastEnd }
}

/// Runs `body(k)` for k in 0..<count on all cores and returns when all are done. `body` need not be
/// `Sendable`: callers guarantee that iterations touch disjoint state (each writes its own slot).
func parallelFor(_ count: Int, parallel: Bool = true, _ body: (Int) -> Void) {
    guard parallel, count > 1 else {
        for k in 0..<count { body(k) }
        return
    }
    withoutActuallyEscaping(body) { body in
        let box = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: count) { box.value($0) }
    }
}

/// Wraps a value to cross into concurrently executed code; see `parallelFor`.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// A per-chunk record handler for `CSVChunks.parse`. A value type, kept in a local variable while its
/// chunk is parsed, so its appends need no dynamic exclusivity checks.
protocol ChunkConsumer {
    mutating func consume(_ fields: [FieldSlice], base: UnsafePointer<UInt8>) throws
    /// Called once after the chunk's last record (to finish batched work).
    mutating func finish(base: UnsafePointer<UInt8>) throws
    /// Optionally reads records of a form it knows straight from the bytes, from `position` (a record
    /// start) while records start before `limit`, and returns where it stopped: the start of the
    /// first record it left to `RecordScanner` + `consume`. It must give exactly what they would give.
    mutating func scanPlainRows(_ base: UnsafePointer<UInt8>, from position: Int, limit: Int, end: Int) throws -> Int
}

extension ChunkConsumer {
    mutating func finish(base: UnsafePointer<UInt8>) throws {}
    mutating func scanPlainRows(_ base: UnsafePointer<UInt8>, from position: Int, limit: Int, end: Int) throws -> Int { position }
}

/// Parses the data records of a CSV buffer in chunks, in parallel, in file order.
///
/// The bytes after the header are cut into `chunkCount` pieces; each piece after the first is assumed
/// to start just after the first line end at or past its cut. That guess is wrong only when the cut
/// falls inside a quoted field holding a line break: a chunk knows where its own last record really
/// ended, and when that is past the next chunk's guessed start, the next chunk is parsed again from
/// there (sequentially, rarely). A chunk's failure counts only once its start is known to be right.
enum CSVChunks {
    /// Result of the header: its fields decoded and trimmed, and where the data starts.
    struct Header {
        var names: [String]
        var dataStart: Int
        /// Index of `name` compared case-insensitively, first match (as `CSVTable.column`).
        func column(_ name: String) -> Int? {
            let wanted = name.lowercased()
            return names.firstIndex { $0.lowercased() == wanted }
        }
    }

    /// Reads the header line (after a UTF-8 BOM). Throws `FastPathUnavailable` for an empty file.
    static func header(_ file: MappedFile) throws -> Header {
        var start = 0
        if file.count >= 3, file.base[0] == 0xEF, file.base[1] == 0xBB, file.base[2] == 0xBF { start = 3 }
        var scanner = RecordScanner(base: file.base, end: file.count, position: start)
        guard try scanner.next(limit: file.count) else { throw FastPathUnavailable("empty file") }
        let names = scanner.fields.map { decodeString(file.base, $0).trimmedSpaces }
        if names.isEmpty || names == [""] { throw FastPathUnavailable("empty header") }
        return Header(names: names, dataStart: scanner.position)
    }

    /// Parses `dataStart..<file.count` with one consumer per chunk (made by `make`), returned in file order.
    /// Chunks are at least `minimumChunkBytes` long (tests make it tiny to force many boundaries).
    static func parse<Consumer: ChunkConsumer>(_ file: MappedFile, from dataStart: Int, chunkCount requested: Int, minimumChunkBytes: Int = 1 << 16,
                                               make: (Int) -> Consumer) throws -> [Consumer] {
        let base = file.base, end = file.count
        let length = end - dataStart
        let chunkCount = max(1, min(requested, length / max(1, minimumChunkBytes) + 1))
        var starts = [dataStart]
        for k in 1..<max(chunkCount, 1) {
            var p = max(dataStart + length / chunkCount * k, starts[k - 1])
            while p < end, base[p] != RecordScanner.lf, base[p] != RecordScanner.cr { p += 1 }
            if p < end {
                if base[p] == RecordScanner.cr, p + 1 < end, base[p + 1] == RecordScanner.lf { p += 2 } else { p += 1 }
            }
            starts.append(p)
        }
        starts.append(end)

        typealias Outcome = ChunkOutcome<Consumer>
        func run(_ k: Int, from start: Int) -> Outcome {
            var consumer = make(k)
            var lastEnd = start
            var failed: FastPathUnavailable?
            var scanner = RecordScanner(base: base, end: end, position: start)
            do {
                while true {
                    let plainEnd = try consumer.scanPlainRows(base, from: scanner.position, limit: starts[k + 1], end: end)
                    if plainEnd != scanner.position { lastEnd = plainEnd; scanner.position = plainEnd }
                    guard try scanner.next(limit: starts[k + 1]) else { break }
                    try consumer.consume(scanner.fields, base: base)
                    lastEnd = scanner.position
                }
                try consumer.finish(base: base)
            } catch let error as FastPathUnavailable {
                failed = error
            } catch {
                failed = FastPathUnavailable("\(error)")
            }
            let outcome = Outcome(consumer: consumer, lastEnd: lastEnd)
            outcome.failed = failed
            return outcome
        }
        let outcomes = UnsafeMutableBufferPointer<Outcome?>.allocate(capacity: chunkCount)
        outcomes.initialize(repeating: nil)
        defer { outcomes.deinitialize(); outcomes.deallocate() }
        parallelFor(chunkCount) { k in outcomes[k] = run(k, from: starts[k]) }

        var result: [Consumer] = []
        var previousEnd = dataStart
        for k in 0..<chunkCount {
            var outcome = outcomes[k]!
            if previousEnd > starts[k] { outcome = run(k, from: previousEnd) }   // the guess fell inside a quoted field
            if let failed = outcome.failed { throw failed }
            previousEnd = max(outcome.lastEnd, previousEnd)
            result.append(outcome.consumer)
        }
        return result
    }

    /// The field's text as `CSVTable` would give it (doubled quotes collapsed), not trimmed.
    static func decodeString(_ base: UnsafePointer<UInt8>, _ field: FieldSlice) -> String {
        let raw = UnsafeBufferPointer(start: base + field.start, count: field.end - field.start)
        guard field.escaped else { return String(decoding: raw, as: UTF8.self) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            bytes.append(raw[i])
            i += raw[i] == RecordScanner.quote ? 2 : 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The field as `RowReader.field` returns it: decoded, then trimmed of spaces and tabs.
    @inline(__always)
    static func string(_ base: UnsafePointer<UInt8>, _ field: FieldSlice) -> String {
        if !field.escaped, field.end > field.start {
            let first = base[field.start], last = base[field.end - 1]
            if first != 32, first != 9, last != 32, last != 9 {
                return String(decoding: UnsafeBufferPointer(start: base + field.start, count: field.end - field.start), as: UTF8.self)
            }
        }
        return decodeString(base, field).trimmedSpaces
    }

    /// The field's bytes trimmed of spaces and tabs, when it is plain ASCII and unescaped (so byte
    /// equality is String equality); nil otherwise.
    @inline(__always)
    static func asciiKey(_ base: UnsafePointer<UInt8>, _ field: FieldSlice) -> (start: Int, count: Int)? {
        guard !field.escaped else { return nil }
        var s = field.start, e = field.end
        while s < e, base[s] == 32 || base[s] == 9 { s += 1 }
        while e > s, base[e - 1] == 32 || base[e - 1] == 9 { e -= 1 }
        var high: UInt8 = 0
        for p in s..<e { high |= base[p] }
        return high < 0x80 ? (s, e - s) : nil
    }
}
