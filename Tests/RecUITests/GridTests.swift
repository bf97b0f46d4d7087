import Testing
@testable import RecUI

@Suite struct GridTests {
    @Test func wideCharactersTakeTwoCellsAndLinesSkipContinuations() {
        var grid = Grid(width: 10, height: 1)
        let written = grid.put("千と|x", x: 0, y: 0)
        #expect(written == 6)
        #expect(grid[0, 0].width == 2)
        #expect(grid[1, 0].isContinuation)
        #expect(grid.line(0) == "千と|x    ")
    }

    @Test func putTruncatesWithEllipsisToMaxWidth() {
        var grid = Grid(width: 12, height: 1)
        grid.put("Toy Story (1995)", x: 1, y: 0, maxWidth: 8)
        #expect(grid.line(0) == " Toy Sto…   ")
        var clipped = Grid(width: 6, height: 1)
        clipped.put("abcdefgh", x: 2, y: 0)
        #expect(clipped.line(0) == "  abc…")
    }

    @Test func paddedPutAlignsByDisplayWidth() {
        var grid = Grid(width: 12, height: 2)
        grid.put("千と", x: 0, y: 0, width: 6)
        grid.put("|", x: 6, y: 0)
        grid.put("abcd", x: 0, y: 1, width: 6)
        grid.put("|", x: 6, y: 1)
        #expect(grid.line(0).hasPrefix("千と  |"))
        #expect(grid.line(1).hasPrefix("abcd  |"))
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var grid = Grid(width: 4, height: 1)
        grid.put("千", x: 0, y: 0)
        grid.put("x", x: 1, y: 0)
        #expect(grid[0, 0] == Cell(" "))
        #expect(grid.line(0) == " x  ")
        grid.put("千", x: 3, y: 0)  // does not fit in the last cell: truncated, never half a character
        #expect(grid.line(0) == " x …")
        var edge = Grid(width: 3, height: 1)
        edge.put("ab千", x: 0, y: 0, maxWidth: 4)  // asked for more than the grid has: clipped to the edge
        #expect(edge.line(0) == "ab…")
    }

    @Test func combiningMarksStayInTheirBaseCell() {
        var grid = Grid(width: 8, height: 1)
        grid.put("Ame\u{301}lie", x: 0, y: 0)
        #expect(grid[2, 0].character == "e\u{301}")
        #expect(grid.line(0) == "Ame\u{301}lie  ")
    }

    @Test func controlCharactersNeverReachTheScreen() {
        var grid = Grid(width: 8, height: 1)
        grid.put("a\tb\u{1B}[c", x: 0, y: 0)
        #expect(grid.line(0) == "a b [c  ")
    }

    @Test func boxDrawsBordersAndTitle() {
        var grid = Grid(width: 10, height: 3)
        grid.box(Rect(x: 0, y: 0, width: 10, height: 3), title: "Hi")
        #expect(grid.lines == ["┌ Hi ────┐", "│        │", "└────────┘"])
    }

    @Test func barsUseEighthBlocks() {
        #expect(Format.bar(1, maximum: 1, width: 4) == "████")
        #expect(Format.bar(0.5, maximum: 1, width: 4) == "██  ")
        #expect(Format.bar(0.53, maximum: 1, width: 4) == "██▏ ")
        #expect(Format.bar(-1, maximum: 1, width: 3) == "   ")
    }

    @Test func formattersGroupDigitsAndDates() {
        #expect(Format.grouped(9742) == "9,742")
        #expect(Format.grouped(100_836) == "100,836")
        #expect(Format.duration(microseconds: 84.2) == "84 µs")
        #expect(Format.duration(microseconds: 1234) == "1.2 ms")
        #expect(Format.date(1_537_799_250) == "2018-09-24")
        #expect(Format.date(0) == "1970-01-01")
        #expect(Format.score(0.76612) == "0.766")
        #expect(Format.score(-0.5) == "-0.500")
    }
}
