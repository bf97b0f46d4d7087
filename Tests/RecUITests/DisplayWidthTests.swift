import Testing
@testable import RecUI

@Suite struct DisplayWidthTests {
    @Test func asciiIsOneCellPerCharacter() {
        #expect(DisplayWidth.of("Toy Story (1995)") == 16)
    }

    @Test func cjkIsTwoCellsAndCombiningIsZero() {
        #expect(DisplayWidth.of("千と千尋") == 8)
        #expect(DisplayWidth.of("Ame\u{301}lie") == 6)  // e + combining acute
        #expect(DisplayWidth.of("Amélie") == 6)  // precomposed é
        #expect(DisplayWidth.of("한국") == 4)
    }

    @Test func truncationEndsWithEllipsisAndNeverSplitsWideCharacters() {
        #expect(DisplayWidth.truncate("Toy Story (1995)", to: 8) == "Toy Sto…")
        #expect(DisplayWidth.truncate("Toy", to: 8) == "Toy")
        // 千と千尋 is 8 cells: in 6 cells we keep two wide characters (4 cells) and the ellipsis.
        let cut = DisplayWidth.truncate("千と千尋の神隠し", to: 6)
        #expect(cut == "千と…")
        #expect(DisplayWidth.of(cut) == 5)
        #expect(DisplayWidth.truncate("abc", to: 0) == "")
    }

    @Test func padAlignsByDisplayWidth() {
        #expect(DisplayWidth.of(DisplayWidth.pad("千と", to: 7)) == 7)
        #expect(DisplayWidth.pad("ab", to: 4, alignRight: true) == "  ab")
    }
}
