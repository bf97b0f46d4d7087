import RecEngine
import Testing
@testable import RecUI

/// `s` sorts every list, `:genre` filters Items, Esc clears; the order and filter are in the pane title.
@Suite struct SortFilterTests {
    @Test func itemsSortByTitlePopularityYearAndFilterByGenre() throws {
        let explorer = try Explorer(engine: HybridFixture.engine(), width: 100, height: 30)
        explorer.perform(.focusNext)  // Items
        let catalog = explorer.engine.dataset.catalog
        let titles = { explorer.itemOrderForTests.map { catalog.titles[$0] } }
        _ = explorer.handle(.character("s"))
        #expect(explorer.itemSort == .title && titles() == titles().sorted())
        _ = explorer.handle(.character("s"))
        #expect(explorer.itemSort == .popularity)
        let counts = explorer.itemPopularity
        let order = explorer.itemOrderForTests
        #expect(zip(order, order.dropFirst()).allSatisfy { counts[$0.0] >= counts[$0.1] })
        _ = explorer.handle(.character("s"))
        #expect(explorer.itemSort == .year && explorer.itemYears[explorer.itemOrderForTests[0]] == 2001)
        let itemsRow = Layout(width: 100, height: 30).items.y
        #expect(Fixture.render(explorer)[itemsRow].contains("Items 10 ↓year"), "\(Fixture.render(explorer)[itemsRow])")
        try explorer.run(.genre("horror"))
        #expect(explorer.genreFilter == "Horror")
        #expect(Set(explorer.itemOrderForTests) == [5, 6, 9])
        let title = Fixture.render(explorer)[itemsRow]
        #expect(title.contains(" Horror ↓year ─"), "\(title)")   // at 22 cells the name and count give way to the filter and order
        #expect(throws: CommandError.self) { try explorer.run(.genre("Opera")) }
        _ = explorer.handle(.escape)
        #expect(explorer.genreFilter == nil && explorer.itemOrderForTests.count == 10)
    }

    @Test func rankingsSortByMovementAndEnterClicksTheRowShown() throws {
        let explorer = try Explorer(engine: HybridFixture.engine(), width: 100, height: 30)
        explorer.perform(.focusRight)
        _ = explorer.handle(.character("j"))
        _ = explorer.handle(.enter)
        _ = explorer.handle(.character("s"))
        #expect(explorer.rankingSort == .movement)
        let rows = explorer.rankingsModel.rows
        func climb(_ m: Movement) -> Int { switch m { case .new: 1000; case .up(let n): n; case .down(let n): -n; case .unchanged: 0 } }
        #expect(zip(rows, rows.dropFirst()).allSatisfy { climb($0.0.movement) >= climb($0.1.movement) })
        #expect(Fixture.render(explorer)[0].contains("by movement"))
        // The cursor is on the first row shown; Enter clicks exactly that item.
        let shown = rows[0].item
        _ = explorer.handle(.enter)
        #expect(explorer.session.clicks.last == shown)
        _ = explorer.handle(.escape)
        #expect(explorer.rankingSort == .rank)
    }

    @Test func hybridRankingsSortByTheSelectedComponentsShare() throws {
        let explorer = try Explorer(engine: HybridFixture.engine(), algorithm: .hybrid, width: 100, height: 30)
        explorer.perform(.focusRight)
        _ = explorer.handle(.character("}"))  // itemknn
        try explorer.run(.sort("share"))
        let rows = explorer.rankingsModel.rows
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.0.components[1] >= $0.1.components[1] })
        let top = Fixture.render(explorer)[0]
        #expect(top.contains("by itemknn share") || top.contains("↓itemknn share"), "\(top)")
        #expect(!top.contains("…"))
    }

    @Test func historySortsByWeight() throws {
        let explorer = try Explorer(engine: Fixture.engine(), width: 100, height: 30)
        explorer.perform(.focusRight)
        explorer.perform(.focusRight)  // Profile
        #expect(explorer.focus == .profile)
        _ = explorer.handle(.character("s"))
        let weights = explorer.profileModel.history.map(\.weight)
        #expect(weights == weights.sorted(by: >))
        #expect(explorer.message == "history sorted by weight")
    }

    @Test func titlesFitTheirPanes() {
        let title = Explorer.fitTitle("Items (9,742)", ["Comedy", "by popularity"], query: "the lord of the rings", width: 22)
        #expect(DisplayWidth.of(title) <= 16, "\(title)")
        #expect(title.hasSuffix("s") && title.contains("/…") && title.hasPrefix("Items 9,742"), "\(title)")
        #expect(Explorer.fitTitle("Items (3)", [], query: "toy", width: 40) == "Items (3) /toy")
    }
}

extension Explorer {
    var itemOrderForTests: [Int] { itemOrder }
}

/// Themes: `t` cycles default → projector → no-colour; `:theme NAME`; what each does to a style.
@Suite struct ThemeTests {
    @Test func themesMapStylesAndCycle() throws {
        let dimGreen = Style(.green, .dim)
        #expect(Theme.standard.apply(dimGreen) == dimGreen)
        #expect(Theme.projector.apply(dimGreen) == Style(.green, .bold))
        #expect(Theme.projector.apply(.reverse) == Style(.normal, [.reverse, .bold]))
        #expect(Theme.mono.apply(Style(.red, .bold)) == Style(.normal, .bold))
        let explorer = try Explorer(engine: Fixture.engine(), width: 100, height: 30)
        #expect(explorer.theme == .standard)
        _ = explorer.handle(.character("t"))
        #expect(explorer.theme == .projector && explorer.message?.hasPrefix("theme projector") == true)
        _ = explorer.handle(.character("t"))
        #expect(explorer.theme == .mono)
        try explorer.run(.theme("default"))
        #expect(explorer.theme == .standard)
        #expect(throws: CommandError.self) { try explorer.run(.theme("neon")) }
        #expect(try CommandParser.parse("theme projector") == .theme("projector"))
    }
}
