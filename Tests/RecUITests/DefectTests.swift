import Foundation
import RecEngine
import Testing
@testable import RecUI

/// The defects found by trying the explorer as a demanding new user (issue 11), one test each.
@Suite struct DefectTests {
    /// Defect 1: at 60×20 `l` Enter `n` `a` and mouse events acted invisibly. Only q and resizes may act.
    @Test func tooSmallIgnoresEveryKeyButQuitAndResize() throws {
        let explorer = try HybridFixture.explorer()
        _ = explorer.handle(.resize(width: 60, height: 20))
        let keys: [Key] = [.character("l"), .enter, .character("n"), .character("a"), .character("j"), .character("/"),
                           .mouse(MouseEvent(x: 30, y: 5, kind: .doubleClick)), .mouse(MouseEvent(x: 2, y: 3, kind: .wheelDown)),
                           .paste("hello"), .character("?"), .character("m"), .character("c")]
        for key in keys { #expect(explorer.handle(key)) }
        #expect(explorer.handle(batch: keys))
        _ = explorer.handle(.resize(width: 100, height: 30))
        #expect(explorer.focus == .users)
        #expect(explorer.session.clicks.isEmpty)
        #expect(explorer.current == .existing(0))
        #expect(explorer.algorithm == .content)
        #expect(!explorer.helpShown && !explorer.isComparing && explorer.searching == nil && !explorer.map.isShown)
        #expect(!Fixture.render(explorer).joined().contains("new-1"))
        _ = explorer.handle(.resize(width: 60, height: 20))
        #expect(explorer.handle(.character("q")) == false)
    }

    /// Defect 3: a paste outside a search ran as commands (h, e, l, l, o); inside one it is one edit.
    @Test func pasteIsOneSearchEditAndNeverCommands() throws {
        let explorer = try Fixture.explorer()
        #expect(explorer.handle(.paste("hello")))
        #expect(explorer.focus == .users)   // `l` would have moved it
        #expect(explorer.message?.contains("paste of 5 characters ignored") == true)
        explorer.perform(.focusNext)
        _ = explorer.handle(.character("/"))
        _ = explorer.handle(.paste("scary"))
        #expect(explorer.itemQuery == "scary")
        #expect(explorer.cursor(of: .items).row == 0)
        let lines = Fixture.render(explorer)
        #expect(lines[Layout(width: 100, height: 30).items.y].contains("Items (3) /scary"))
        // Typed-ahead keys arrive as a batch: one edit, same result as one by one.
        _ = explorer.handle(.enter)
        _ = explorer.handle(.character("/"))
        #expect(explorer.handle(batch: " two".map { Key.character($0) } + [.enter]))
        #expect(explorer.itemQuery == "scary two" && explorer.searching == nil)
        // A 10,000-character paste is cut to the cap, with a notice.
        _ = explorer.handle(.character("/"))
        _ = explorer.handle(.paste(String(repeating: "x", count: 10_000)))
        #expect(explorer.itemQuery.count == Explorer.maximumQueryLength)
        #expect(explorer.message?.contains("limited to \(Explorer.maximumQueryLength) characters") == true)
    }

    /// Defect 3: the incremental search (narrowing the previous matches) equals a full search, for
    /// random queries typed, extended and erased over the fixture's titles, genres and accents.
    @Test func incrementalSearchEqualsFullSearch() throws {
        let texts = Fixture.titles.enumerated().map { "\($0.element)\u{1F}" + Fixture.genres[$0.offset].joined(separator: "\u{1F}") }
        let index = FoldedIndex(count: texts.count) { texts[$0] }
        let reference = { (query: String) -> [Int] in
            let needle = ItemSearch.fold(query)
            return texts.indices.filter { needle.isEmpty || ItemSearch.fold(texts[$0]).contains(needle) }
        }
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aeilnorstuyAÉé 1(")
        for _ in 0..<300 {
            var query = ""
            var previous: (needle: [UInt8], rows: [Int])?
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                if Bool.random(using: &generator) || query.isEmpty { query.append(alphabet.randomElement(using: &generator)!) } else { query.removeLast() }
                let needle = FoldedIndex.needle(query)
                let rows = Explorer.narrow(index, needle, previous: previous)
                #expect(rows == reference(query), "query '\(query)'")
                previous = (needle, rows)
            }
        }
        #expect(index.matching(FoldedIndex.needle("amelie")) == [8])
        #expect(index.matching(FoldedIndex.needle("千と")) == [7])
    }

    /// Defect 4: the wheel over Users moved the highlight without switching the user, and the next
    /// `j` jumped from there. Wheel, click and keys now agree.
    @Test func wheelOverUsersSwitchesTheUserLikeKeys() throws {
        let explorer = try Explorer(engine: Fixture.manyUsersEngine(40), width: 100, height: 30)
        let users = Layout(width: 100, height: 30).users
        for _ in 0..<4 { explorer.perform(.scroll(x: users.x + 2, y: users.y + 3, rows: 3)) }
        let row = explorer.cursor(of: .users).row
        #expect(row >= 12)
        #expect(explorer.current == .existing(row))
        #expect(Fixture.render(explorer)[0].contains("Rankings · content · user u\(row + 1)"))
        _ = explorer.handle(.character("j"))
        #expect(explorer.current == .existing(row + 1))
    }

    /// Holding `j` in Users: the keys that queued up while a frame was made switch the user once.
    @Test func queuedUserMovesSwitchOnce() throws {
        let explorer = try Explorer(engine: Fixture.manyUsersEngine(40), width: 100, height: 30)
        let before = explorer.sessionsCreated
        #expect(explorer.handle(batch: Array(repeating: Key.character("j"), count: 25) + [.character("k")]))
        #expect(explorer.current == .existing(24))
        #expect(explorer.sessionsCreated == before + 1)
    }

    /// Defect 6: every hybrid component has its own colour and pattern; the legend wraps and always
    /// shows the selected component; rows have a segmented bar even at 80×24.
    @Test(arguments: [80, 160]) func hybridBreakdownIsLegible(width: Int) throws {
        let engine = try HybridFixture.engine()
        let height = width == 80 ? 24 : 48
        let explorer = try Explorer(engine: engine, algorithm: .hybrid, width: width, height: height, rankingLength: 8)
        explorer.perform(.focusRight)
        let components = try #require(explorer.session.hybridComponents)
        #expect(components.count >= 4)
        // Select the last component (weight 0): the legend must still show it.
        for _ in 0..<(components.count - 1) { _ = explorer.handle(.character("}")) }
        var grid = Grid(width: width, height: height)
        explorer.render(into: &grid)
        let rankings = Layout(width: width, height: height).rankings.inset(1)
        let paneLines = (rankings.y..<rankings.maxY).map { Fixture.column(grid.line($0), from: rankings.x, width: rankings.width) }
        let legend = paneLines.dropFirst().prefix { !$0.contains("  1 ") }.joined(separator: " ")
        #expect(legend.contains("[\(RankingsView.fill(components.count - 1)) \(components.last!.rawValue) ×0]"), "\(legend)")
        #expect(!legend.contains("…"), "the legend is cut: \(legend)")
        // Bars: every cell of a component segment has that component's colour and pattern.
        var colours: [Character: Colour] = [:]
        var barRows = 0
        let listTop = rankings.y + RankingsView.headerRows(explorer.rankingsModel, width: rankings.width)
        for y in listTop..<rankings.maxY {
            var found = false
            for x in rankings.x..<rankings.maxX {
                let cell = grid[x, y]
                guard let index = RankingsView.segmentFills.firstIndex(of: cell.character), x > rankings.x + 20 else { continue }
                found = true
                #expect(cell.style.colour == RankingsView.colour(index))
                colours[cell.character] = cell.style.colour
            }
            if found { barRows += 1 }
        }
        // Rows with positive parts get bars (z-normalised parts can all be negative, then no bar).
        let visibleRows = explorer.rankingsModel.rows.prefix(max(0, rankings.maxY - listTop))
        let positive = visibleRows.filter { $0.components.contains { $0 > 0 } }.count
        #expect(positive >= 1 && barRows >= 1 && barRows <= positive, "hybrid rows without a bar at \(width) columns: \(barRows) of \(positive)")
        #expect(RankingsView.Columns(width: rankings.width, segmented: true).bar > 0)
        #expect(Set(RankingsView.segmentFills).count == 7 && Set(RankingsView.segmentColours).count == 7)   // one per component
        #expect(Set(colours.values).count == colours.count)
        #expect(RankingsView.segmentedBar([1, 0.01, 0], maximum: 1.01, width: 6).contains("▓"), "a small part still gets a cell")
    }

    /// Defect 7: `? help  q quit` stays at the end of the hint line at 80 and 100 columns, with a
    /// message too; the hints follow the pane and mode.
    @Test(arguments: [80, 100]) func hintLineKeepsHelpAndQuitAndFollowsTheMode(width: Int) throws {
        let height = width == 80 ? 24 : 30
        let explorer = try Explorer(engine: HybridFixture.engine(), width: width, height: height)
        var last = { Fixture.render(explorer, width: width, height: height)[height - 1] }
        #expect(last().hasSuffix("? help  q quit "), "\(last())")
        explorer.message = String(repeating: "a long message ", count: 20)
        #expect(last().hasSuffix("? help  q quit "))
        explorer.perform(.focusRight)
        while explorer.algorithm != .hybrid { explorer.perform(.cycleAlgorithm) }
        explorer.message = nil
        #expect(last().contains("{ } component") && last().contains("- + weight"), "\(last())")
        explorer.perform(.toggleCompare)
        explorer.message = nil
        #expect(last().contains("C 2nd algorithm"), "\(last())")
        explorer.perform(.focusLeft)
        _ = explorer.handle(.character("/"))
        last = { Fixture.render(explorer, width: width, height: height)[height - 1] }
        #expect(last().contains("search users: ") && last().hasSuffix("Enter keep  Esc cancel "), "\(last())")
    }

    /// Defect 9: `--algorithm semantic` on data without embeddings stayed on content silently.
    @Test func unavailableStartAlgorithmSaysWhy() throws {
        let explorer = try Explorer(engine: Fixture.engine(), algorithm: .content, preferredAlgorithm: .semantic)
        _ = explorer.handle(.resize(width: 100, height: 30))
        let line = Fixture.render(explorer)[29]
        #expect(line.contains("semantic needs item embeddings and fixture has none"), "\(line)")
        #expect(explorer.algorithm == .content)
    }

    /// Defect 10: the history labels sit over their columns at every width and are never cut.
    @Test(arguments: [(100, 30), (160, 48), (240, 70)]) func profileLabelsSitOverTheirColumns(size: (Int, Int)) throws {
        let (width, height) = size
        let explorer = try Explorer(engine: Fixture.engine(), width: width, height: height)
        let lines = Fixture.render(explorer, width: width, height: height)
        let profile = Layout(width: width, height: height).profile.inset(1)
        let inner = lines.map { Fixture.column($0, from: profile.x, width: profile.width) }
        let heading = try #require(inner.first { $0.contains("weight") })
        #expect(!heading.contains("…"))
        let hasDecay = heading.hasSuffix("weight  decay")
        #expect(hasDecay || (profile.width < 30 && heading.hasSuffix(" weight")), "\(heading)")
        // A history row ends with its numbers, right under the labels.
        let row = try #require(inner.first { $0.hasPrefix("  ") && $0.last?.isNumber == true })
        let weightEnd = heading.count - (hasDecay ? "  decay".count : 0)
        let weightValue = String(row.prefix(weightEnd).split(separator: " ").last ?? "")
        #expect(Float(weightValue) != nil, "'\(weightValue)' under weight in '\(row)'")
        if hasDecay { #expect(row.split(separator: " ").last?.hasPrefix("×") == true, "\(row)") }
    }

    /// Defect 10: small things — the too-small message wraps below 40 columns; counts of one are
    /// singular; `[` at the shortest half-life says so without re-ranking; small scores keep digits;
    /// an explanation prints its score at the precision of the score column.
    @Test func smallThings() throws {
        var grid = Grid(width: 30, height: 10)
        TooSmallView.draw(into: &grid)
        let text = grid.lines.joined(separator: " ")
        for word in ["terminal", "small:", "30×10,", "need", "80×24", "press", "quit"] { #expect(text.contains(word), "\(word) in \(grid.lines)") }
        #expect(!text.contains("…"))

        #expect(DecayPolicy.halfLife(days: 1).description == "half-life 1 day")
        #expect(DecayPolicy.window(events: 1).description == "window of last 1 event")
        #expect(Format.count(1, "event") == "1 event" && Format.count(9742, "item") == "9,742 items")
        let one = try Explorer(engine: Fixture.manyUsersEngine(2), width: 100, height: 30)
        #expect(Fixture.render(one).joined().contains("1 event · 1 feature"))

        let explorer = try Explorer(engine: Fixture.engine(), decay: .halfLife(days: 1))
        let update = explorer.session.lastUpdate?.rerankMicroseconds
        _ = explorer.handle(.character("["))
        #expect(explorer.message == "already at the shortest half-life (1 day)")
        #expect(explorer.session.lastUpdate?.rerankMicroseconds == update)
        explorer.perform(.toggleDecayMode)
        for _ in 0..<20 { explorer.perform(.halfLifeLonger) }
        #expect(explorer.message == "already at the longest window (1,000 events)")

        #expect(Format.score(0.00042) == "4.2e-4" && Format.score(0.0042) == "0.0042" && Format.score(0) == "0.000")
        #expect(Format.score(-0.00042) == "-4e-4" && Format.score(0.29) == "0.290")
        #expect(Format.score(0.00042) != Format.score(0.00031))

        let content = try Fixture.engine().makeSession(user: 0)
        for row in content.ranking.prefix(5) {
            let why = content.explain(item: row.item)
            #expect(why.summary.hasPrefix("cosine \(Format.score(why.score)) "), "\(why.summary)")
        }
    }
}

extension HybridFixture {
    static func explorer() throws -> Explorer { try Explorer(engine: engine(), width: 100, height: 30) }
}

extension Fixture {
    /// The fixture catalogue with `count` users, user n having rated item n % 10 once.
    static func manyUsersEngine(_ count: Int) -> Engine {
        let catalog = Catalog(ids: titles.indices.map { "i\($0)" }, titles: titles, genres: genres)
        let users = UserTable(ids: (1...count).map { "u\($0)" })
        let events = (0..<count).map { [Event(item: $0 % titles.count, value: 4, timestamp: Int64(100 + $0) * day, kind: .rating)] }
        return Engine(dataset: Dataset(name: "fixture", format: .generic, catalog: catalog, users: users, eventsByUser: events), directory: "fixture")
    }
}
