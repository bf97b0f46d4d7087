/// Case- and accent-insensitive substring search over items' titles, genres and tags.
public enum ItemSearch {
    /// Items whose title, a genre or a tag contains `query`, in catalogue order. O(catalogue text).
    public static func matching(_ query: String, in catalog: Catalog) -> [Int] {
        let needle = fold(query)
        guard !needle.isEmpty else { return Array(0..<catalog.count) }
        return (0..<catalog.count).filter { i in
            fold(catalog.titles[i]).contains(needle)
                || catalog.genres[i].contains { fold($0).contains(needle) }
                || catalog.tags[i].contains { $0.tag.contains(needle) }
        }
    }

    /// Lower-cased, diacritics removed: "Amélie" → "amelie".
    public static func fold(_ text: String) -> String {
        String(String.UnicodeScalarView(text.lowercased().decomposedStringWithCanonicalMappingScalars.filter { !(0x300...0x36F).contains($0.value) }))
    }
}

import Foundation

private extension String {
    var decomposedStringWithCanonicalMappingScalars: String.UnicodeScalarView {
        (self as NSString).decomposedStringWithCanonicalMapping.unicodeScalars
    }
}
