import Foundation
import RecEngine
import Testing
@testable import RecUI

/// What a pane shows fits it: no heading without a row under it, no pane with a title and nothing
/// inside, the Inspector's lists stacked at 80×24 rather than one row each, the Profile summary whole.
@Suite(.serialized) struct LayoutFitTests {
    /// SampleData with its embeddings: an engine of this suite's own (the explorers here share it).
    static let sample: Result<Engine, RecError> = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        do {
            let engine = try Engine.load(directory: root.appendingPathComponent("SampleData/movielens-small").path)
            guard try engine.attachDefaultSemantic() != nil else { return .failure(RecError("SampleData has no embeddings")) }
            return .success(engine)
        } catch {
            return .failure(RecError("\(error)"))
        }
    }()

    static let sizes = [(80, 24), (100, 30), (120, 36)]

    /// The headings the views draw over rows of their own.
    static let headings = ["because", "features (", "nearest items", "semantic neighbours", "interests", "history", "weight", "decay"]

    /// Problems in `grid`: a pane with no non-blank inner row, a heading (or the Users / Rankings
    /// column header) with a blank cell or the pane's border right under its first character.
    static func problems(_ grid: Grid, _ layout: Layout, _ context: String) -> [String] {
        var found: [String] = []
        func text(_ y: Int, _ from: Int, _ to: Int) -> String {
            var out = ""
            for x in from..<to where !grid[x, y].isContinuation { out.append(grid[x, y].character) }
            return out
        }
        for pane in Pane.allCases {
            let inner = layout.rect(of: pane).inset(1)
            guard !layout.rect(of: pane).isEmpty else { continue }
            guard inner.height > 0, inner.width > 0,
                  (inner.y..<inner.maxY).contains(where: { !text($0, inner.x, inner.maxX).trimmingCharacters(in: .whitespaces).isEmpty }) else {
                found.append("\(context): \(pane.title) has a title and nothing in it")
                continue
            }
            for y in inner.y..<inner.maxY {
                for x in inner.x..<inner.maxX {
                    let rest = text(y, x, inner.maxX)
                    let isHeading = LayoutFitTests.headings.contains { rest.hasPrefix($0) && (x == inner.x || grid[x - 1, y].character == " ") }
                        && grid[x, y].style.attributes.contains(.bold)
                    let isColumnHeader = x == inner.x && y == inner.y && (pane == .users || (pane == .rankings && rest.trimmingCharacters(in: .whitespaces).hasPrefix("#")))
                    guard isHeading || isColumnHeader else { continue }
                    // The first row under a column header may be a legend or notice; a list row must follow somewhere.
                    let below = y + 1 < inner.maxY ? text(y + 1, x, min(inner.maxX, x + 4)) : ""
                    if below.trimmingCharacters(in: .whitespaces).isEmpty {
                        found.append("\(context): \(pane.title) heading '\(rest.prefix(20))' at row \(y - inner.y) has no row under it")
                    }
                }
            }
        }
        return found
    }

    static func render(_ explorer: Explorer, _ width: Int, _ height: Int) -> Grid {
        var grid = Grid(width: width, height: height)
        explorer.perform(.resize(width: width, height: height))
        explorer.render(into: &grid)
        return grid
    }

    /// Every size × every pane focused × plain, hybrid, compare mode, a new user, a click: no empty
    /// heading, no empty pane.
    @Test func noHeadingWithoutRowsAtAnySizeFocusOrMode() throws {
        let engine = try HybridFixture.engine()
        var problems: [String] = []
        for (width, height) in LayoutFitTests.sizes {
            for mode in ["content", "hybrid", "compare", "new user", "clicked"] {
                let explorer = try Explorer(engine: engine, algorithm: mode == "hybrid" || mode == "compare" ? .hybrid : .content, width: width, height: height)
                switch mode {
                case "compare": explorer.perform(.toggleCompare)
                case "new user": explorer.perform(.newUser)
                case "clicked": explorer.click(4); explorer.click(7)
                default: break
                }
                for pane in Pane.allCases {
                    explorer.setFocus(pane)
                    explorer.perform(.moveCursor(0))
                    let grid = LayoutFitTests.render(explorer, width, height)
                    problems += LayoutFitTests.problems(grid, explorer.layout, "\(width)×\(height) \(mode) \(pane.title) focused")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// SampleData (long titles, many features, the semantic space and its map): the same sweep.
    @Test func noHeadingWithoutRowsOnSampleDataWithTheMap() throws {
        let engine = try LayoutFitTests.sample.get()
        var problems: [String] = []
        for (width, height) in LayoutFitTests.sizes {
            for map in [false, true] {
                let explorer = try Explorer(engine: engine, algorithm: .semantic, width: width, height: height)
                if map { explorer.perform(.toggleMap) }
                explorer.click(try engine.dataset.catalog.require("1"))
                for pane in Pane.allCases {
                    explorer.setFocus(pane)
                    let grid = LayoutFitTests.render(explorer, width, height)
                    problems += LayoutFitTests.problems(grid, explorer.layout, "\(width)×\(height) map \(map) \(pane.title) focused")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// At 80×24 the Inspector has 8 rows: rather than a "features" heading over one bar and a
    /// "nearest items" heading over one row, the features go on one line and the list gets the rest.
    @Test(arguments: [false, true]) func inspectorAt80x24StacksFeaturesOntoOneLine(intent: Bool) throws {
        let engine = try LayoutFitTests.sample.get()
        let explorer = try Explorer(engine: engine, width: 80, height: 24)
        explorer.setFocus(.inspector)
        var grid = LayoutFitTests.render(explorer, 80, 24)
        guard var model = explorer.inspectorModel else { Issue.record("no inspector model"); return }
        if intent {
            // The intent's own row (as with `i`): drawn straight from a model that has one.
            model.cosineToIntent = 0.5
            model.intentLabel = "'space'"
            InspectorView.draw(model, cursor: ListCursor(), focused: true, into: &grid, rect: explorer.layout.inspector)
        }
        let r = explorer.layout.inspector.inset(1)
        let lines = (r.y..<r.maxY).map { Fixture.column(grid.line($0), from: r.x, width: r.width) }
        let heading = try #require(lines.firstIndex { $0.hasPrefix("nearest items") }, "\(lines)")
        let rows = lines[(heading + 1)...].filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(rows.count >= 2, "\(lines.joined(separator: "\n"))")
        // The strongest feature is still named, on the one features line; with the intent's row too
        // there is no room for that line, and the features are dropped rather than squeezed.
        let top = try #require(model.features.first)
        #expect(lines.contains { $0.hasPrefix("features") && $0.contains(String(top.name.prefix(8))) } == !intent, "\(lines.joined(separator: "\n"))")
        let geometry = InspectorView.geometry(model, width: r.width, height: r.height)
        #expect(geometry.nearestRows == rows.count)
    }

    /// With the "in their words" line the history starts one row lower: the cursor geometry (j/k,
    /// mouse, Enter) agrees with what is drawn, so the cursor row at the bottom is on screen.
    @Test func profileCursorStaysOnScreenWithOwnWords() throws {
        let engine = try LayoutFitTests.sample.get()
        let user = try #require((0..<engine.dataset.users.count).first { !engine.dataset.users.ownWords(of: $0).isEmpty })
        let explorer = try Explorer(engine: engine, width: 100, height: 30)
        try explorer.run(.user(engine.dataset.users.ids[user]))
        explorer.setFocus(.profile)
        let (top, rows) = explorer.listGeometry(.profile)
        explorer.perform(.moveCursor(rows - 1))  // the last visible row
        let grid = LayoutFitTests.render(explorer, 100, 30)
        let r = explorer.layout.profile.inset(1)
        #expect(Fixture.column(grid.line(r.y + 1), from: r.x, width: r.width).hasPrefix("in their words"))
        let cursorY = top + explorer.cursor(of: .profile).row - explorer.cursor(of: .profile).offset
        #expect(cursorY < r.maxY)
        #expect(grid[r.x + 2, cursorY].style.attributes.contains(.reverse), "cursor row \(cursorY) not drawn")
        #expect(explorer.cursor(of: .profile).offset == 0)
    }

    /// The Profile summary (`233 events · 260 features · 1 click`) is never cut with `…`: it wraps at
    /// its `·` when the pane is narrow, and the history list starts below it (the cursor's geometry
    /// agrees with what is drawn).
    @Test(arguments: [(80, 24), (100, 30), (120, 36), (240, 70)]) func profileSummaryFits(size: (Int, Int)) throws {
        let engine = try LayoutFitTests.sample.get()
        let explorer = try Explorer(engine: engine, width: size.0, height: size.1)
        explorer.click(try engine.dataset.catalog.require("1"))
        let grid = LayoutFitTests.render(explorer, size.0, size.1)
        let r = explorer.layout.profile.inset(1)
        let lines = (r.y..<r.maxY).map { Fixture.column(grid.line($0), from: r.x, width: r.width) }
        let summary = lines.prefix { !$0.hasPrefix("interests") && !$0.hasPrefix("in their words") }.joined(separator: " ")
        #expect(!summary.contains("…"), "\(lines.prefix(3))")
        let history = explorer.session.history.count
        #expect(summary.contains("\(Format.grouped(history)) events") && summary.contains("1 click"), "\(summary)")
        // The first history row drawn is where the cursor geometry says the list starts.
        let top = explorer.listGeometry(.profile).top
        #expect(Fixture.column(grid.line(top), from: r.x, width: r.width).hasPrefix("✚ Toy Story"), "\(lines)")
    }
}

/// Rankings by score, separate from by rank: for the hybrid the selected component's own score (what
/// that algorithm alone thinks, whatever its weight), which differs from its share and from the rank.
@Suite struct RankingScoreOrderTests {
    @Test func hybridSortsByTheSelectedComponentsOwnScore() throws {
        let explorer = try Explorer(engine: HybridFixture.engine(), algorithm: .hybrid, width: 100, height: 30)
        explorer.click(4)
        explorer.perform(.focusRight)
        _ = explorer.handle(.character("}"))  // itemknn
        #expect(explorer.availableRankingSorts == [.rank, .score, .movement, .share])
        _ = explorer.handle(.character("s"))
        #expect(explorer.rankingSort == .score)
        let rows = explorer.rankingsModel.rows
        let own = rows.map { explorer.session.componentScore(1, of: $0.item) }
        #expect(zip(own, own.dropFirst()).allSatisfy { ($0.0 ?? 0) >= ($0.1 ?? 0) })
        // Not the rank order (the fixture's components disagree).
        #expect(rows.map(\.item) != explorer.session.ranking.map(\.item))
        // A weight-0 component still orders by its own score (its share is 0 everywhere).
        try explorer.run(.weights([Command.ComponentWeight("itemknn", 0)]))
        let zeroWeight = explorer.rankingsModel.rows.map { explorer.session.componentScore(1, of: $0.item) ?? 0 }
        #expect(zip(zeroWeight, zeroWeight.dropFirst()).allSatisfy { $0.0 >= $0.1 })
        #expect(Set(zeroWeight).count > 1)
        // The order is in the title, whole, at 100 and at 80 columns.
        for (width, height) in [(100, 30), (80, 24)] {
            explorer.perform(.resize(width: width, height: height))
            let top = Fixture.render(explorer, width: width, height: height)[0]
            #expect(top.contains("itemknn score") && !top.contains("…"), "\(top)")
        }
        // :sort names it; a single algorithm does not offer it (it is the rank order there).
        try explorer.run(.sort("rank"))
        try explorer.run(.sort("score"))
        #expect(explorer.rankingSort == .score)
        explorer.perform(.cycleAlgorithm)
        #expect(explorer.algorithm != .hybrid)
        #expect(explorer.rankingSort == .rank)
        #expect(explorer.availableRankingSorts == [.rank, .movement])
    }

    /// The compare title keeps the two algorithms whole at 80 columns (dropping "Rankings" and the user
    /// first), and `s` in compare mode says why it does not sort.
    @Test func compareTitleIsNotCut() throws {
        let explorer = try Explorer(engine: HybridFixture.engine(), algorithm: .hybrid, width: 80, height: 24)
        explorer.perform(.focusRight)
        explorer.perform(.toggleCompare)
        let top = Fixture.render(explorer, width: 80, height: 24)[0]
        let second = try #require(explorer.compareAlgorithm).rawValue
        #expect(top.contains("hybrid vs \(second)") && !top.contains("…"), "\(top)")
        _ = explorer.handle(.character("s"))
        #expect(explorer.rankingSort == .rank)
        #expect(explorer.message?.contains("compare mode") == true)
    }
}

/// The order and filter in force stay in narrow pane titles (80 columns: 14 cells of title), whole:
/// the count goes first, then the pane's name, never the order or the filter.
@Suite struct NarrowTitleTests {
    @Test func ordersAndFiltersStayInTitlesAt80Columns() throws {
        let explorer = try Explorer(engine: Fixture.engine(), width: 80, height: 24)
        explorer.setFocus(.users)
        explorer.perform(.cycleSort)
        explorer.perform(.cycleSort)  // last activity
        var top = Fixture.render(explorer, width: 80, height: 24)[0]
        #expect(top.contains("Users ↓recent"), "\(top)")
        explorer.setFocus(.items)
        try explorer.run(.genre("Comedy"))
        explorer.perform(.cycleSort)
        explorer.perform(.cycleSort)  // popularity
        let items = explorer.layout.items
        top = Fixture.render(explorer, width: 80, height: 24)[items.y]
        #expect(top.contains("Comedy ↓pop") && !top.contains("…"), "\(top)")
    }

    /// The lines over the Rankings list at 80 columns are whole: the cold-start notice wraps, the
    /// compare header names the algorithms (weights go first) and the overlap summary loses parts, not letters.
    @Test func rankingsHeaderLinesAreWholeAt80Columns() throws {
        for compare in [false, true] {
            let explorer = try Explorer(engine: HybridFixture.engine(), algorithm: .hybrid, width: 80, height: 24)
            explorer.perform(.newUser)
            if compare { explorer.perform(.toggleCompare) }
            let lines = Fixture.render(explorer, width: 80, height: 24)
            let r = explorer.layout.rankings.inset(1)
            let header = explorer.listGeometry(.rankings).top - r.y
            let headerLines = (r.y..<r.y + header).map { Fixture.column(lines[$0], from: r.x, width: r.width) }
            #expect(!headerLines.contains { $0.contains("…") }, "\(headerLines)")
            #expect(headerLines.joined(separator: " ").contains("cold start: popularity until the first click")
                    || headerLines.joined(separator: " ").replacingOccurrences(of: "  ", with: " ").contains("until the first click"), "\(headerLines)")
        }
    }
}

/// Users at 80 columns with a new user (a wider id column): the last activity stays (as a year) and the
/// attributes, less important, do not take its place half-cut.
@Suite struct UsersColumnsTests {
    @Test func lastActivityOutranksAttributesAt80Columns() throws {
        let explorer = try Explorer(engine: Fixture.engine(), width: 80, height: 24)
        explorer.perform(.newUser)
        let lines = Fixture.render(explorer, width: 80, height: 24)
        let r = explorer.layout.users.inset(1)
        let inner = (r.y..<r.maxY).map { Fixture.column(lines[$0], from: r.x, width: r.width) }
        #expect(inner[0].hasPrefix("id") && inner[0].contains("year") && !inner[0].contains("attr"), "\(inner)")
        let u1 = try #require(inner.first { $0.hasPrefix("u1 ") })
        #expect(!u1.contains("…") && !u1.contains("31"), "\(u1)")   // events and year, no half-cut age
        #expect(!inner.contains { $0.contains("…") }, "\(inner)")
    }
}
