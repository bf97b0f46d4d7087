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
}
