import Testing
@testable import RecEngine

/// The search the CLI and the explorer share.
@Suite struct ItemSearchTests {
    var catalog: Catalog {
        var catalog = Catalog(ids: ["1", "2", "3"], titles: ["Amélie (2001)", "Heat (1995)", "Up (2009)"], genres: [["Romance"], ["Crime"], ["Animation"]])
        catalog.tags = [[TagCount(tag: "café", count: 2)], [TagCount(tag: "heist", count: 1)], []]
        return catalog
    }

    /// Accented tags used to match no query at all in the CLI (tags were not folded).
    @Test func accentedTagsMatchWithAndWithoutAccents() {
        for query in ["cafe", "café", "CAFÉ", "Cafe\u{301}"] {
            #expect(ItemSearch.matching(query, in: catalog) == [0], "\(query)")
        }
    }

    @Test func titlesGenresAndTagsAreSearchedButNeverAcrossFields() {
        #expect(ItemSearch.matching("AMELIE", in: catalog) == [0])
        #expect(ItemSearch.matching("crime", in: catalog) == [1])
        #expect(ItemSearch.matching("heist", in: catalog) == [1])
        #expect(ItemSearch.matching("", in: catalog) == [0, 1, 2])
        #expect(ItemSearch.matching("1995)crime", in: catalog) == [])
        #expect(ItemSearch.matching("1995)\u{1F}crime", in: catalog) == [])   // the separator is folded away
    }

    @Test func narrowingAmongPreviousMatchesEqualsAFullSearch() {
        let haystacks = (0..<catalog.count).map { ItemSearch.haystack(of: $0, in: catalog) }
        let first = ItemSearch.matching("a", haystacks: haystacks)
        #expect(first == [0, 1, 2])
        #expect(ItemSearch.matching("an", haystacks: haystacks, among: first) == ItemSearch.matching("an", in: catalog))
    }

    /// The bulk builder (byte-by-byte ASCII fold, interned names folded once, rows split over cores)
    /// gives exactly the bytes of folding each item's haystack as a String — for ASCII rows, accented
    /// ones, control characters, DEL and upper case — whether genres and tags are interned or not.
    @Test func bulkFoldedHaystacksEqualFoldingEachItem() throws {
        let titles = ["Amélie (2001)", "HEAT\u{7F} (1995)", "Up\u{1}\u{1F}x", "Ça Ira", "plain title"]
        let genres = [["Romance"], ["Crime", "Thriller"], [], ["Drama"], ["Sci-Fi", "Crime"]]
        var catalog = Catalog(ids: (0..<25_000).map { "i\($0)" }, titles: (0..<25_000).map { titles[$0 % 5] + " \($0)" },
                              genres: (0..<25_000).map { genres[$0 % 5] })
        catalog.tags = ListColumn((0..<25_000).map { $0 % 3 == 0 ? [TagCount(tag: "café", count: 2)] : $0 % 3 == 1 ? [TagCount(tag: "Heist", count: 1)] : [] })
        func expected(_ catalog: Catalog) -> [UInt8] {
            (0..<catalog.count).flatMap { Array(ItemSearch.fold(ItemSearch.haystack(of: $0, in: catalog)).utf8).filter { $0 != 0 } + [0] }
        }
        let plain = ItemSearch.foldedHaystacks(of: catalog)
        #expect(plain.bytes == expected(catalog))
        #expect(plain.starts.count == catalog.count + 1 && plain.starts.last == plain.bytes.count)
        catalog.interned = InternedContent(catalog: catalog)
        #expect(ItemSearch.foldedHaystacks(of: catalog).bytes == plain.bytes)
        let users = UserTable(ids: (0..<25_000).map { "U\($0)" }, attributeNames: ["country"], attributes: (0..<25_000).map { [$0 % 2 == 0 ? "FR" : "Österreich"] })
        let userBytes: [UInt8] = (0..<users.count).flatMap { user -> [UInt8] in
            let text: String = ([users.ids[user]] + users.attributes[user]).joined(separator: "\u{1F}")
            return Array(ItemSearch.fold(text).utf8) + [0]
        }
        #expect(ItemSearch.foldedUserTexts(of: users).bytes == userBytes)
    }
}
