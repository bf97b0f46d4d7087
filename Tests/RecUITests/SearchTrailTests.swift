import Testing
@testable import RecEngine
@testable import RecUI

/// Backspace in a search returns to a query typed before: its matches come from the index's trail
/// (no scan), and they equal a fresh search.
@Suite struct SearchTrailTests {
    @Test func backspaceReturnsToTheMatchesTypedBefore() {
        let texts = ["Amélie", "Amadeus", "Alien", "Heat", "Up"]
        let index = FoldedIndex(count: texts.count) { texts[$0] }
        var previous: (needle: [UInt8], rows: [Int])?
        for query in ["a", "am", "ame"] {
            let needle = FoldedIndex.needle(query)
            previous = (needle, Explorer.narrow(index, needle, previous: previous))
        }
        #expect(index.trail.entries.map { String(decoding: $0.needle, as: UTF8.self) } == ["a", "am", "ame"])
        // Backspace: "am" again, from the trail; it equals a full scan.
        #expect(index.trail.rows(for: FoldedIndex.needle("am")) == [0, 1])
        #expect(Explorer.narrow(index, FoldedIndex.needle("am"), previous: previous) == index.matching(FoldedIndex.needle("am")))
        // Typing another letter drops what is no longer a prefix ("ame"), keeps "a" and "am".
        _ = Explorer.narrow(index, FoldedIndex.needle("ama"), previous: (FoldedIndex.needle("am"), [0, 1]))
        #expect(index.trail.entries.map { String(decoding: $0.needle, as: UTF8.self) } == ["a", "am", "ama"])
        #expect(index.trail.rows(for: FoldedIndex.needle("ama")) == [1])
        #expect(index.trail.rows(for: FoldedIndex.needle("ame")) == nil)
    }
}
