import Foundation

/// The ids of a `--factors` ids CSV (`user_ids.csv`, `item_ids.csv`) as a `ByteKeyTable`: key r names row
/// r of the factor matrix. Read straight from the file's bytes when it is plain — every id ASCII, not
/// quoted with doubled quotes, no surrounding white space, non-empty and unique — else by the exact
/// reader (`FactorModel.readIDs`), which reads the same ids or throws its line-numbered error.
/// Cost: one pass over the file and one hash per id; no `String` per id on the plain path.
enum FactorIDTable {
    static func read(path: String, column: String) throws -> ByteKeyTable {
        if let table = plain(path: path, column: column) { return table }
        let ids = try FactorModel.readIDs(path: path, column: column)
        var table = ByteKeyTable(expectedCount: ids.count)
        for var id in ids { _ = id.withUTF8 { table.insert($0.baseAddress!, $0.count) } }
        return table
    }

    /// The plain-file path; nil whenever the exact reader must decide.
    static func plain(path: String, column: String) -> ByteKeyTable? {
        guard let file = MappedFile(path: path), let header = try? CSVChunks.header(file) else { return nil }
        let idColumn = header.column(column) ?? 0
        let base = file.base
        var scanner = RecordScanner(base: base, end: file.count, position: header.dataStart)
        // Ids of a few bytes each: a quarter of the file size over-estimates the count, so the table never grows.
        var table = ByteKeyTable(expectedCount: max(16, file.count / 4))
        do {
            while try scanner.next(limit: file.count) {
                guard idColumn < scanner.fields.count else { return nil }
                let field = scanner.fields[idColumn]
                let count = field.end - field.start
                guard count > 0, !field.escaped else { return nil }
                let first = base[field.start], last = base[field.end - 1]
                // Space, tab or a byte of a multi-byte character at either end: maybe white space to trim.
                guard first > 0x20, first < 0x80, last > 0x20, last < 0x80 else { return nil }
                var high: UInt8 = 0
                for i in field.start..<field.end { high |= base[i] }
                guard high < 0x80 else { return nil }
                guard table.insert(base + field.start, count).inserted else { return nil }
            }
        } catch {
            return nil
        }
        return table
    }

    /// Key `row` as a String (for notes). O(its length).
    static func id(_ table: ByteKeyTable, _ row: Int) -> String {
        let start = table.keyStart[row], end = table.keyStart[row + 1]
        return table.arena.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
    }

    /// The row of `ids[index]` in `table`, nil when absent. Ids with bytes ≥ 0x80 are compared as the
    /// `String` they decode to (packed columns may hold invalid UTF-8, repaired on decoding). O(id length).
    static func row(of index: Int, in ids: StringColumn, table: ByteKeyTable) -> Int? {
        ids.withUTF8(index) { bytes -> Int? in
            guard !bytes.isEmpty else { return nil }
            var high: UInt8 = 0
            for byte in bytes { high |= byte }
            if high < 0x80 { return table.find(bytes.baseAddress!, bytes.count) }
            var decoded = String(decoding: bytes, as: UTF8.self)
            return decoded.withUTF8 { table.find($0.baseAddress!, $0.count) }
        }
    }
}
