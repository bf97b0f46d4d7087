/// The text each item is embedded from — the one place the template lives (Tools/embed_items.py
/// follows it; `recscope embed` and the semantic features use this):
///
///     "{title}. Year: {year}. Genres: {genre1}, {genre2}. Tags: {tag1}, {tag2}, ... {text}"
///
/// - title: the title without a trailing "(year)" (or "(1995-1999)"), a trailing article moved back
///   to the front ("Shawshank Redemption, The" → "The Shawshank Redemption"); followed by "." unless it
///   already ends in ".", "!" or "?";
/// - year: the 4-digit year from the title, when there is one;
/// - genres: the item's genres ("(no genres listed)" means none);
/// - tags: the `maxTags` most frequent normalised user tags, most frequent first, ties by code point;
/// - text: the generic layout's `text` column, when not empty.
/// Parts with nothing to say are left out; an item with no title and nothing else embeds "" (and
/// `embed` notes it). Cost: O(title + tags) per item.
public enum ItemText {
    /// Tags per item in the text.
    public static let maxTags = 8
    static let articles = ["The", "A", "An", "Les", "La", "Le", "L'", "Il", "El", "Die", "Das", "Der", "Los", "Las"]

    /// The text of catalogue item `item`.
    public static func text(of item: Int, in catalog: Catalog) -> String {
        let (title, year) = displayTitle(catalog.titles[item])
        var parts: [String] = []
        if !title.isEmpty {
            parts.append(title.hasSuffix(".") || title.hasSuffix("!") || title.hasSuffix("?") ? title : title + ".")
        }
        if let year { parts.append("Year: \(year).") }
        let genres = catalog.genres[item]
        if !genres.isEmpty { parts.append("Genres: " + genres.joined(separator: ", ") + ".") }
        let tags = catalog.tags[item].sorted {
            $0.count != $1.count ? $0.count > $1.count
                : $0.tag.unicodeScalars.lexicographicallyPrecedes($1.tag.unicodeScalars) { $0.value < $1.value }
        }.prefix(maxTags)
        if !tags.isEmpty { parts.append("Tags: " + tags.map(\.tag).joined(separator: ", ") + ".") }
        let text = catalog.texts[item].trimmingWhitespace
        if !text.isEmpty { parts.append(text) }
        return parts.joined(separator: " ")
    }

    /// `"Shawshank Redemption, The (1994)"` → `("The Shawshank Redemption", "1994")`.
    public static func displayTitle(_ raw: String) -> (title: String, year: String?) {
        var title = raw.trimmingWhitespace
        var year: String?
        if let (start, found) = trailingYear(title) {
            year = found
            title = String(title.unicodeScalars.prefix(start)).trimmingWhitespace
        }
        for article in articles where title.hasSuffix(", " + article) {
            let head = String(title.dropLast(article.count + 2))
            title = article + (article.hasSuffix("'") ? "" : " ") + head
            break
        }
        return (title, year)
    }

    /// Matches `\s*\((\d{4})(?:[-–]\d{0,4})?\)\s*$`: the scalar offset where the match starts and the year.
    private static func trailingYear(_ title: String) -> (Int, String)? {
        let s = Array(title.unicodeScalars)
        var end = s.count
        while end > 0, s[end - 1].properties.isWhitespace { end -= 1 }
        guard end > 0, s[end - 1] == ")" else { return nil }
        guard let open = s[..<(end - 1)].lastIndex(of: "(") else { return nil }
        let inner = s[(open + 1)..<(end - 1)]
        func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
        guard inner.count >= 4, inner.prefix(4).allSatisfy(isDigit) else { return nil }
        let rest = inner.dropFirst(4)
        if !rest.isEmpty {
            guard rest.first == "-" || rest.first == "–", rest.count <= 5, rest.dropFirst().allSatisfy(isDigit) else { return nil }
        }
        var start = open
        while start > 0, s[start - 1].properties.isWhitespace { start -= 1 }
        return (start, String(String.UnicodeScalarView(inner.prefix(4))))
    }
}

extension String {
    /// Without leading and trailing whitespace (Unicode White_Space), as Python's `str.strip()`.
    var trimmingWhitespace: String {
        let scalars = Array(unicodeScalars)
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
