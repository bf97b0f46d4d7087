import Foundation

/// Case- and accent-insensitive substring search over items' titles, genres and tags — the one search
/// the CLI (`items --search`) and the explorer's Items pane share.
public enum ItemSearch {
    /// Field separator inside a haystack: a control character that `fold` removes from queries, so a
    /// match never spans two fields.
    static let separator: Character = "\u{1F}"

    /// The folded text `item` is searched in: its title, genres and tags, each folded, joined by
    /// `separator`. Cost O(the item's text).
    public static func haystack(of item: Int, in catalog: Catalog) -> String {
        ([catalog.titles[item]] + catalog.genres[item] + catalog.tags[item].map(\.tag)).map(fold).joined(separator: String(separator))
    }

    /// Items whose title, a genre or a tag contains `query`, in catalogue order. O(catalogue text).
    public static func matching(_ query: String, in catalog: Catalog) -> [Int] {
        matching(query, haystacks: (0..<catalog.count).map { haystack(of: $0, in: catalog) })
    }

    /// Indices into `haystacks` (from `haystack(of:in:)`) whose text contains `query`, in order,
    /// looking only at `candidates` when given — the previous matches of a shorter query, so typing
    /// narrows instead of rescanning. An empty query matches everything. Cost O(candidates' text).
    public static func matching(_ query: String, haystacks: [String], among candidates: [Int]? = nil) -> [Int] {
        let needle = self.needle(query)
        guard !needle.isEmpty else { return candidates ?? Array(haystacks.indices) }
        return (candidates ?? Array(haystacks.indices)).filter { haystacks[$0].contains(needle) }
    }

    /// Lower-cased, diacritics and control characters (but the field separator U+001F) removed:
    /// "Amélie" → "amelie", "CAFÉ" → "cafe".
    public static func fold(_ text: String) -> String {
        let decomposed = (text.lowercased() as NSString).decomposedStringWithCanonicalMapping.unicodeScalars
        return String(String.UnicodeScalarView(decomposed.filter {
            !(0x300...0x36F).contains($0.value) && ($0.value == 0x1F || $0.properties.generalCategory != .control)
        }))
    }

    /// `fold(text)`'s UTF-8 bytes appended to `bytes`, NUL bytes left out. ASCII text is folded byte by
    /// byte (lower-cased, control characters but U+001F dropped: exactly what `fold` does to ASCII);
    /// anything else goes through `fold`. O(text).
    public static func appendFolded(_ text: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        var high: UInt8 = 0
        for b in text { high |= b }
        guard high >= 0x80 else {
            for b in text where b >= 0x20 || b == 0x1F {
                if b == 0x7F { continue }
                bytes.append(b >= 65 && b <= 90 ? b + 32 : b)
            }
            return
        }
        for b in fold(String(decoding: text, as: UTF8.self)).utf8 where b != 0 { bytes.append(b) }
    }

    /// `appendFolded` for a `String`.
    public static func appendFolded(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendFolded($0, to: &bytes) }
    }

    /// Every item's folded haystack (`fold(haystack(of:in:))`, NUL bytes dropped) in one buffer, each
    /// followed by a NUL: item i is `bytes[starts[i] ..< starts[i + 1] - 1]`. Genre and tag names are
    /// folded once each, titles byte by byte when ASCII; both cores. About 0.1 s per million items.
    public static func foldedHaystacks(of catalog: Catalog) -> (bytes: [UInt8], starts: [Int]) {
        let count = catalog.count
        let interned = catalog.interned.flatMap { $0.itemGenreStart.count == count + 1 && $0.itemTagStart.count == count + 1 ? $0 : nil }
        func folded(_ names: [String]) -> [[UInt8]] { names.map { name in var b: [UInt8] = []; appendFolded(name, to: &b); return b } }
        func ascii(_ names: [String]) -> [Bool] { names.map { $0.utf8.allSatisfy { $0 < 0x80 } } }
        let genreNames = folded(interned?.genreNames ?? []), tagNames = folded(interned?.tagNames ?? [])
        let asciiGenres = ascii(interned?.genreNames ?? []), asciiTags = ascii(interned?.tagNames ?? [])
        return foldedRows(count: count) { item, bytes in
            guard let interned else {
                appendFolded(haystack(of: item, in: catalog), to: &bytes)
                return
            }
            let genres = Int(interned.itemGenreStart[item])..<Int(interned.itemGenreStart[item + 1])
            let tags = Int(interned.itemTagStart[item])..<Int(interned.itemTagStart[item + 1])
            let ascii = catalog.titles.withUTF8(item) { title in title.allSatisfy { $0 < 0x80 } }
                && genres.allSatisfy { asciiGenres[Int(interned.itemGenres[$0])] } && tags.allSatisfy { asciiTags[Int(interned.itemTags[$0])] }
            guard ascii else {
                // The exact String path: fold each piece, join, fold again (as `FoldedIndex` always did).
                appendFolded(haystack(of: item, in: catalog), to: &bytes)
                return
            }
            catalog.titles.withUTF8(item) { appendFolded($0, to: &bytes) }
            for k in genres { bytes.append(0x1F); bytes.append(contentsOf: genreNames[Int(interned.itemGenres[k])]) }
            for k in tags { bytes.append(0x1F); bytes.append(contentsOf: tagNames[Int(interned.itemTags[k])]) }
        }
    }

    /// Every user's folded search text — id and attribute values joined by U+001F, folded — in the
    /// layout of `foldedHaystacks`. Both cores.
    public static func foldedUserTexts(of users: UserTable) -> (bytes: [UInt8], starts: [Int]) {
        foldedRows(count: users.count) { user, bytes in
            appendFolded(([users.ids[user]] + users.attributes[user]).joined(separator: String(separator)), to: &bytes)
        }
    }

    /// `fill(row, &bytes)` for every row, rows split over the cores, each row then a NUL.
    static func foldedRows(count: Int, _ fill: (Int, inout [UInt8]) -> Void) -> (bytes: [UInt8], starts: [Int]) {
        let parts = count < 20_000 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        var pieces = [(bytes: [UInt8], ends: [Int])](repeating: ([], []), count: parts)
        pieces.withUnsafeMutableBufferPointer { pieces in
            parallelFor(parts) { part in
                let rows = (count * part / parts)..<(count * (part + 1) / parts)
                var bytes: [UInt8] = [], ends: [Int] = []
                bytes.reserveCapacity(rows.count * 48)
                ends.reserveCapacity(rows.count)
                for row in rows {
                    fill(row, &bytes)
                    bytes.append(0)
                    ends.append(bytes.count)
                }
                pieces[part] = (bytes, ends)
            }
        }
        var bytes: [UInt8] = [], starts: [Int] = [0]
        bytes.reserveCapacity(pieces.reduce(0) { $0 + $1.bytes.count })
        starts.reserveCapacity(count + 1)
        for piece in pieces {
            let base = bytes.count
            bytes.append(contentsOf: piece.bytes)
            starts.append(contentsOf: piece.ends.map { $0 + base })
        }
        return (bytes, starts)
    }

    /// A query as searched for: folded, without the field separator (so a match never spans fields).
    public static func needle(_ query: String) -> String {
        fold(query).replacingOccurrences(of: String(separator), with: "")
    }
}
