import Foundation

/// Strings of one chunk of a CSV file packed as UTF-8 bytes with end offsets, so a million titles
/// become two allocations instead of a million (`StringColumn` decodes them when read).
struct PackedStringsBuilder {
    var bytes: [UInt8] = []
    /// End offset of each string in `bytes`.
    var ends: [Int64] = []

    /// A field as `CSVChunks.string` reads it (decoded, trimmed of spaces and tabs). Plain fields are
    /// copied as bytes: decoding them later gives the same `String`.
    @inline(__always)
    mutating func append(_ base: UnsafePointer<UInt8>, _ field: FieldSlice) {
        if !field.escaped, field.end > field.start {
            let first = base[field.start], last = base[field.end - 1]
            if first != 32, first != 9, last != 32, last != 9 {
                bytes.append(contentsOf: UnsafeBufferPointer(start: base + field.start, count: field.end - field.start))
                ends.append(Int64(bytes.count))
                return
            }
        }
        bytes.append(contentsOf: CSVChunks.string(base, field).utf8)
        ends.append(Int64(bytes.count))
    }

    /// The chunks' strings, in order, as one column. O(total bytes).
    static func column(_ parts: [PackedStringsBuilder]) -> StringColumn {
        let count = parts.reduce(0) { $0 + $1.ends.count }, total = parts.reduce(0) { $0 + $1.bytes.count }
        let offsets = ColumnBuffer<Int64>(capacity: count + 1), blob = ColumnBuffer<UInt8>(capacity: total)
        offsets.pointer[0] = 0
        var k = 1, base: Int64 = 0
        for part in parts {
            part.bytes.withUnsafeBufferPointer { bytes in
                if let from = bytes.baseAddress { (blob.pointer + Int(base)).initialize(from: from, count: bytes.count) }
            }
            for end in part.ends { offsets.pointer[k] = base + end; k += 1 }
            base += Int64(part.bytes.count)
        }
        return StringColumn(offsets: Column(adopting: offsets, count: count + 1), bytes: Column(adopting: blob, count: total))
    }
}

extension PackedStringsBuilder {
    /// The byte ranges `keys` of `base` (ASCII ids), in order, as one column. O(total bytes).
    static func column(keys: [(start: Int, count: Int)], in base: UnsafePointer<UInt8>) -> StringColumn {
        let total = keys.reduce(0) { $0 + $1.count }
        let offsets = ColumnBuffer<Int64>(capacity: keys.count + 1), blob = ColumnBuffer<UInt8>(capacity: total)
        offsets.pointer[0] = 0
        var end = 0
        for (k, key) in keys.enumerated() {
            (blob.pointer + end).initialize(from: base + key.start, count: key.count)
            end += key.count
            offsets.pointer[k + 1] = Int64(end)
        }
        return StringColumn(offsets: Column(adopting: offsets, count: keys.count + 1), bytes: Column(adopting: blob, count: total))
    }
}
