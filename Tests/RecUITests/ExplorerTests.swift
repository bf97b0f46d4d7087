import Foundation
import RecEngine
import Testing
@testable import RecUI

@Suite struct ExplorerTests {
    @Test func firstScreenShowsUsersRankingsProfileAndStatus() throws {
        let explorer = try Fixture.explorer()
        let lines = Fixture.render(explorer)
        #expect(lines.count == 30)
        #expect(lines[0].contains("Users (3)"))
        #expect(lines[0].contains("Rankings · content · user u1"))
        #expect(lines[0].contains("Profile · u1"))
        #expect(lines.contains { $0.hasPrefix("│u1 ") && $0.contains("3") })
        #expect(lines.contains { $0.hasPrefix("│u2 ") })
        // u1 liked comedies: the unseen comedy ranks first.
        let first = try #require(Fixture.rankingRow(lines, "  1 "))
        #expect(first.contains("Funny Two") || first.contains("Amélie") || first.contains("Ame\u{301}lie"))
        #expect(lines[28].contains("fixture │ user u1 │ content │ half-life 90 days │ re-ranked 10 items in"))
        #expect(lines[29].contains("Enter open"))
        #expect(lines[29].hasSuffix("? help  q quit "))
    }

    @Test func clickMovesRankingsAndShowsMarkers() throws {
        let explorer = try Fixture.explorer()
        let before = Fixture.render(explorer)
        let scaryTwoBefore = try #require(Fixture.rankingRow(before, "Scary Two"))
        let rankBefore = try #require(Int(scaryTwoBefore.prefix(3).trimmingCharacters(in: .whitespaces)))
        // Focus the Items pane, search "scary one", click it: horror rises.
        explorer.perform(.focusNext)
        #expect(explorer.focus == .items)
        explorer.perform(.startSearch)
        for character in "scary one" { explorer.perform(.searchType(character)) }
        explorer.perform(.searchCommit)
        explorer.perform(.activate)
        let after = Fixture.render(explorer)
        let scaryTwoAfter = try #require(Fixture.rankingRow(after, "Scary Two"))
        let rankAfter = try #require(Int(scaryTwoAfter.prefix(3).trimmingCharacters(in: .whitespaces)))
        #expect(rankAfter < rankBefore)
        #expect(scaryTwoAfter.contains("▲"))
        // Something moved down to make room, with a ▼ marker.
        #expect(after.contains { Fixture.column($0, from: 22, width: 48).contains("▼") })
        // The profile marks the simulated clicks; the status counts them.
        #expect(after.contains { $0.contains("✚ Scary One") })
        #expect(after[28].contains("user u1 +1 click │"))
        // A second click diffs against the first click's ranking: Scary Two has nowhere higher to go.
        explorer.perform(.activate)
        let again = Fixture.render(explorer)
        #expect(again[28].contains("user u1 +2 clicks"))
    }

    @Test func undoAndResetRestoreTheRanking() throws {
        let explorer = try Fixture.explorer()
        let order = { explorer.session.ranking.map(\.item) }
        let original = order()
        explorer.perform(.focusNext)  // Items
        explorer.perform(.moveToBottom)  // Scary Three
        explorer.perform(.activate)
        #expect(order() != original)
        explorer.perform(.undo)
        #expect(order() == original)
        explorer.perform(.activate)
        explorer.perform(.activate)
        explorer.perform(.reset)
        #expect(order() == original)
        #expect(explorer.session.clicks.isEmpty)
        explorer.perform(.undo)
        #expect(Fixture.render(explorer)[29].contains("nothing to undo"))
    }

    @Test func tooSmallTerminalShowsCentredMessageAndResizeRestores() throws {
        let explorer = try Fixture.explorer()
        explorer.perform(.resize(width: 60, height: 20))
        let small = Fixture.render(explorer, width: 60, height: 20)
        let message = "terminal too small: 60×20, need 80×24"
        let row = try #require(small.firstIndex { $0.contains(message) })
        #expect(row == 9)
        let line = small[row]
        let leading = line.prefix { $0 == " " }.count
        #expect(leading == (60 - message.count) / 2)
        #expect(!small.joined().contains("Rankings"))
        #expect(explorer.handle(.character("q")) == false)  // q still quits from here
        explorer.perform(.resize(width: 100, height: 30))
        #expect(Fixture.render(explorer)[0].contains("Rankings"))
        explorer.perform(.resize(width: 79, height: 24))
        #expect(Fixture.render(explorer, width: 79, height: 24).joined().contains("terminal too small: 79×24"))
        explorer.perform(.resize(width: 80, height: 24))
        #expect(Fixture.render(explorer, width: 80, height: 24)[0].contains("Rankings"))
    }

    @Test func helpOverlayListsEveryKeyAndAnyKeyClosesIt() throws {
        let explorer = try Fixture.explorer()
        #expect(explorer.handle(.character("?")))
        var text = Fixture.render(explorer).joined(separator: "\n")
        #expect(text.contains(" Keys "))
        for _ in 0..<30 { _ = explorer.handle(.character("j")); text += Fixture.render(explorer).joined(separator: "\n") }
        for binding in KeyMap.bindings {
            #expect(text.contains(binding.keys), "missing \(binding.keys)")
        }
        #expect(text.contains("any other key closes") || text.contains("press any key to close"))
        _ = explorer.handle(.character("x"))
        #expect(!explorer.helpShown)
        // Issue 10: the overlay says "any other key closes", so `q` closes it instead of quitting.
        #expect(explorer.handle(.character("?")) && explorer.helpShown)
        #expect(explorer.handle(.character("q")))
        #expect(!explorer.helpShown)
    }

    @Test func cjkAndCombiningTitlesAlignTheScoreColumn() throws {
        let explorer = try Fixture.explorer()
        var grid = Grid(width: 100, height: 30)
        explorer.render(into: &grid)
        let rankings = explorer.layout.rankings
        let columns = RankingsView.Columns(width: rankings.width - 2)
        let scoreX = rankings.x + 1 + 3 + 1 + 4 + 1 + columns.title + 1
        func scoreField(_ title: String) throws -> (Float, String) {
            let y = try #require((0..<grid.height).first { grid.line($0).contains(title) && $0 < rankings.maxY })
            let field = String((scoreX..<scoreX + 6).map { grid[$0, y].character })
            return (try #require(Float(field.trimmingCharacters(in: .whitespaces)), "score field '\(field)'"), grid.line(y))
        }
        for title in ["千と千尋の神隠し (2001)", "Ame\u{301}lie (2001)", "Funny Two"] {
            let (score, line) = try scoreField(title)
            let item = try #require(Fixture.titles.firstIndex(of: title))
            let ranked = try #require(explorer.session.ranking.first { $0.item == item })
            #expect(abs(score - ranked.score) < 0.001, "\(line)")
        }
    }

    @Test func searchFiltersItemsByTitleAndGenreAndEscapeRestores() throws {
        let explorer = try Fixture.explorer()
        explorer.perform(.focusNext)
        explorer.perform(.startSearch)
        for character in "horror" { explorer.perform(.searchType(character)) }
        var lines = Fixture.render(explorer)
        #expect(lines.contains { $0.contains("Items (3)") || $0.contains("Items 3 /") })
        #expect(lines[29].contains("search items: horror"))
        explorer.perform(.searchCancel)
        lines = Fixture.render(explorer)
        #expect(lines.contains { $0.contains("Items (10)") })
        explorer.perform(.startSearch)
        for character in "amelie" { explorer.perform(.searchType(character)) }  // accent-insensitive
        explorer.perform(.searchCommit)
        #expect(Fixture.render(explorer).contains { $0.contains("Items (1)") || $0.contains("Items 1 /") })
    }

    @Test func usersListSelectsUserAndSorts() throws {
        let explorer = try Fixture.explorer()
        explorer.perform(.moveCursor(1))
        #expect(explorer.current == .existing(1))
        #expect(Fixture.render(explorer)[0].contains("Profile · u2"))
        explorer.perform(.cycleSort)  // by #events: u1 (3), u2 (2), u3 (0)
        #expect(explorer.cursor(of: .users).row == 1)
        explorer.perform(.startSearch)
        for character in "45" { explorer.perform(.searchType(character)) }  // attribute search
        explorer.perform(.searchCommit)
        #expect(Fixture.render(explorer).contains { $0.contains("Users 1 ↓#ev /45") })
    }

    @Test func newUserIsColdStartAndFirstClickPersonalises() throws {
        let explorer = try Fixture.explorer()
        explorer.perform(.newUser)
        #expect(explorer.current == .new(1))
        var lines = Fixture.render(explorer)
        #expect(lines.contains { $0.contains("cold start: popularity until the first click") })
        #expect(lines.contains { $0.hasPrefix("│new-1") })
        explorer.perform(.focusRight)  // Rankings
        explorer.perform(.activate)
        lines = Fixture.render(explorer)
        #expect(!lines.contains { $0.contains("cold start: popularity") })
        #expect(lines.contains { $0.contains("✚ ") })
    }

    @Test func algorithmCyclesOverWhatTheEngineOffers() throws {
        let explorer = try Fixture.explorer()
        let offered = explorer.engine.algorithms
        #expect(offered.count >= 2)
        var seen = [explorer.algorithm]
        for _ in 0..<offered.count {
            explorer.perform(.cycleAlgorithm)
            seen.append(explorer.algorithm)
        }
        #expect(Set(seen) == Set(offered))
        #expect(seen.last == seen.first)
        explorer.perform(.cycleAlgorithm)
        #expect(Fixture.render(explorer)[0].contains("Rankings · \(explorer.algorithm.rawValue)"))
    }

    @Test func decayKeysStepHalfLifeAndToggleWindow() throws {
        let explorer = try Fixture.explorer()
        explorer.perform(.halfLifeShorter)
        #expect(explorer.decay == .halfLife(days: 60))
        explorer.perform(.halfLifeLonger)
        explorer.perform(.halfLifeLonger)
        #expect(explorer.decay == .halfLife(days: 180))
        explorer.perform(.toggleDecayMode)
        #expect(explorer.decay == .window(events: 20))
        explorer.perform(.halfLifeShorter)
        #expect(explorer.decay == .window(events: 10))
        #expect(Fixture.render(explorer)[28].contains("window of last 10 events"))
        explorer.perform(.toggleDecayMode)
        #expect(explorer.decay == .halfLife(days: 180))
    }

    @Test func mouseClickSelectsRowsAndDoubleClickSimulatesAClick() throws {
        let explorer = try Fixture.explorer()
        let layout = explorer.layout
        // Users pane: border row, header row, then u1, u2, u3.
        _ = explorer.handle(.mouse(MouseEvent(x: 3, y: layout.users.y + 3, kind: .click)))
        #expect(explorer.focus == .users)
        #expect(explorer.current == .existing(1))
        // Rankings pane: border, header, then rank 1.
        let firstItem = explorer.session.ranking[0].item
        _ = explorer.handle(.mouse(MouseEvent(x: layout.rankings.x + 10, y: layout.rankings.y + 2, kind: .doubleClick)))
        #expect(explorer.focus == .rankings)
        #expect(explorer.session.clicks == [firstItem])
        // Wheel over the Items pane scrolls it (80×24: 9 of the 10 items fit).
        explorer.perform(.resize(width: 80, height: 24))
        let items = explorer.layout.items
        _ = explorer.handle(.mouse(MouseEvent(x: items.x + 2, y: items.y + 3, kind: .wheelDown)))
        #expect(explorer.cursor(of: .items).offset == 1)
    }

    @Test func tabCyclesEveryPaneAndArrowsMoveBetweenColumns() throws {
        let explorer = try Fixture.explorer()
        var visited: [Pane] = []
        for _ in Pane.allCases {
            visited.append(explorer.focus)
            explorer.perform(.focusNext)
        }
        #expect(Set(visited) == Set(Pane.allCases))
        #expect(explorer.focus == .users)
        explorer.perform(.focusPrevious)
        #expect(explorer.focus == .profile)
        explorer.perform(.focusLeft)
        #expect(explorer.focus == .rankings)
        explorer.perform(.focusLeft)
        #expect(explorer.focus == .users)
    }

    @Test func inspectorExplainsTheHighlightedItem() throws {
        let explorer = try Fixture.explorer()
        explorer.perform(.focusRight)  // Rankings
        let item = explorer.session.ranking[0].item
        let model = try #require(explorer.inspectorModel)
        #expect(model.item == item)
        #expect(model.features.first?.name.hasPrefix("genre:") == true)
        #expect(model.cosineToProfile != nil)
        #expect(model.explanation.contains("content score"))
        let lines = Fixture.render(explorer)
        #expect(lines.contains { $0.contains("cos to profile ") })
        #expect(lines.contains { $0.contains("nearest items") })
    }
}

@Suite struct KeyMapTests {
    @Test func everyDocumentedSingleKeyMapsToAnAction() {
        let singles = ["u", "r", "n", "a", "[", "]", "w", "/", "s", "?", "q", "j", "k", "h", "l", "g", "G"]
        for key in singles {
            let character = Character(key)
            #expect(KeyMap.action(for: .character(character), searching: false, helpShown: false) != nil, "\(key)")
            #expect(KeyMap.bindings.contains { $0.keys.contains(key) }, "\(key) missing from the help")
        }
        #expect(KeyMap.action(for: .enter, searching: false, helpShown: false) == .activate)
        #expect(KeyMap.action(for: .backTab, searching: false, helpShown: false) == .focusPrevious)
        // While searching, letters are typed, not commands.
        #expect(KeyMap.action(for: .character("q"), searching: true, helpShown: false) == .searchType("q"))
        // Undocumented keys do nothing.
        #expect(KeyMap.action(for: .character("Z"), searching: false, helpShown: false) == nil)
    }

    @Test func decayStepsClampAtTheEnds() {
        #expect(Explorer.step(90.0, in: Explorer.halfLifeSteps, direction: 1) == 180)
        #expect(Explorer.step(100.0, in: Explorer.halfLifeSteps, direction: -1) == 90)
        #expect(Explorer.step(1.0, in: Explorer.halfLifeSteps, direction: -1) == 1)
        #expect(Explorer.step(3650.0, in: Explorer.halfLifeSteps, direction: 1) == 3650)
    }
}
