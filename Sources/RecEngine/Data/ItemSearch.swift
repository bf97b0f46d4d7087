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

    /// A query as searched for: folded, without the field separator (so a match never spans fields).
    public static func needle(_ query: String) -> String {
        fold(query).replacingOccurrences(of: String(separator), with: "")
    }
}
