import Foundation
import Testing
@testable import RecEngine

/// The content space from interned ids is built on all cores past 65,536 items (item ranges joined in
/// order); it must equal the one built from the strings, bit for bit.
@Suite struct ContentFeaturesPartsTests {
    @Test func partsJoinedInOrderEqualTheStringPath() {
        let genreNames = ["Drama", "Comedy", "Action", "Sci-Fi", "Horror"]
        let tagNames = ["dark", "funny", "slow burn", "twist", "zombies", "space", "romantic"]
        let count = 70_001
        var ids: [String] = [], genres: [[String]] = [], tags: [[TagCount]] = []
        for i in 0..<count {
            ids.append("i\(i)")
            // Some items with none, repeated genres (deduplicated), tags applied 1–3 times.
            genres.append(i % 11 == 0 ? [] : [genreNames[i % 5], genreNames[(i / 5) % 5], genreNames[i % 5]])
            tags.append(i % 7 == 0 ? [] : [TagCount(tag: tagNames[i % 7], count: 1 + i % 3), TagCount(tag: tagNames[(i / 7) % 7 == i % 7 ? (i + 1) % 7 : (i / 7) % 7], count: 1)])
        }
        var catalog = Catalog(ids: ids, titles: ids, genres: genres, tags: tags, texts: Array(repeating: "", count: count))
        let plain = catalog
        catalog.interned = InternedContent(catalog: catalog)
        let parts = ContentFeatures(catalog: catalog), reference = ContentFeatures(catalog: plain)
        #expect(parts.featureNames == reference.featureNames)
        #expect(parts.idf == reference.idf)
        #expect(parts.items == reference.items)
        #expect(parts.byFeature == reference.byFeature)
    }
}
