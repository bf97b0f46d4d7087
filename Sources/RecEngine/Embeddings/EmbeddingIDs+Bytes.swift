import Foundation

extension EmbeddingIDs {
    /// `read`'s result for the common file — printable ASCII without quotes, LF line ends, an `item` column
    /// and no `text` column, every id non-empty, without surrounding spaces and unique — read straight from
    /// the mapped bytes: ids hashed as byte slices (`ByteKeyTable`), no `CSVTable` of a `[String]` per
    /// line. nil for any other file: `read` then uses the exact reader, which gives the same ids or its
    /// line-numbered error. Cost: two passes over the file, one hash per id.
    static func readPlain(path: String, displayName: String) -> EmbeddingIDs? {
        guard let file = MappedFile(path: path) else { return nil }
        let base = file.base, end = file.count
        let start = end >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF ? 3 : 0
        let lf = UInt8(ascii: "\n"), comma = UInt8(ascii: ","), space = UInt8(ascii: " "), quote = UInt8(ascii: "\"")
        for p in start..<max(start, end) {
            let byte = base[p]
            if byte == lf { continue }
            if byte < 0x20 || byte >= 0x7F || byte == quote { return nil }
        }
        var itemColumn: Int?
        var table = ByteKeyTable(expectedCount: max(16, end / 4))
        var ids: [String] = [], lines: [Int] = []
        var line = 0, position = start
        while position < end {
            line += 1
            let lineEnd = memchr(base + position, Int32(lf), end - position).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? end
            defer { position = lineEnd + 1 }
            if lineEnd == position { continue }   // a blank line
            guard let column = itemColumn else {
                let names = String(decoding: UnsafeBufferPointer(start: base + position, count: lineEnd - position), as: UTF8.self)
                    .split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmedSpaces.lowercased() }
                guard names != [""], !names.contains("text"), let item = names.firstIndex(of: "item") else { return nil }
                itemColumn = item
                continue
            }
            // Field `column` of this line.
            var fieldStart = position, index = 0
            while index < column {
                guard let next = memchr(base + fieldStart, Int32(comma), lineEnd - fieldStart) else { return nil }
                fieldStart = UnsafeRawPointer(next) - UnsafeRawPointer(base) + 1
                index += 1
            }
            let fieldEnd = memchr(base + fieldStart, Int32(comma), lineEnd - fieldStart).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? lineEnd
            let count = fieldEnd - fieldStart
            guard count > 0, base[fieldStart] != space, base[fieldEnd - 1] != space,
                  table.insert(base + fieldStart, count).inserted else { return nil }
            ids.append(String(decoding: UnsafeBufferPointer(start: base + fieldStart, count: count), as: UTF8.self))
            lines.append(line)
        }
        guard itemColumn != nil else { return nil }
        return EmbeddingIDs(file: displayName, ids: ids, texts: [String](repeating: "", count: ids.count), lines: lines)
    }
}
