import RecEngine
import Testing
@testable import RecUI

/// The fixture catalogue with eight users whose histories overlap, and item-kNN, EASE and the default
/// hybrid (ease + itemknn, weights 1 and 0.2 — pinned here, independent of the tuned defaults) fitted,
/// so the components disagree and weights matter.
enum HybridFixture {
    static func engine() throws -> Engine {
        let engine = unfitted()
        try fit(engine)
        return engine
    }

    /// The data alone: content and popularity only, the collaborative models not fitted yet.
    static func unfitted() -> Engine {
        let catalog = Catalog(ids: Fixture.titles.indices.map { "i\($0)" }, titles: Fixture.titles, genres: Fixture.genres)
        let histories: [[Int]] = [[0, 3, 2], [5, 6], [0, 1, 2, 8], [1, 2, 4], [5, 6, 9, 7], [0, 8, 4, 1], [3, 4, 9], [7, 9, 6]]
        let events = histories.map { items in
            items.enumerated().map { Event(item: $0.element, value: 1, timestamp: Int64(1000 + $0.offset) * Fixture.day, kind: .implicit) }
        }
        let users = UserTable(ids: histories.indices.map { "u\($0 + 1)" })
        return Engine(dataset: Dataset(name: "fixture", format: .generic, catalog: catalog, users: users, eventsByUser: events))
    }

    /// Fits item-kNN, EASE and the pinned hybrid, telling `ready` as each is registered.
    static func fit(_ engine: Engine, ready: (Algorithm) -> Void = { _ in }) throws {
        let recipe = HybridConfiguration(components: [HybridComponent(algorithm: .ease, weight: 1, recency: RecencyParameters(halfLife: 5, floor: 0.1)),
                                                      HybridComponent(algorithm: .itemKNN, weight: 0.2, recency: RecencyParameters(halfLife: 20, floor: 0.1))])
        try engine.fitCollaborativeModels(configuration: ModelConfiguration(itemKNN: ItemKNNParameters(neighbours: 3, shrinkage: 1), ease: EASEParameters(lambda: 2), hybrid: recipe),
                                          algorithms: [.itemKNN, .ease, .hybrid], ready: ready)
    }

    static func height(for width: Int) -> Int { width == 80 ? 24 : 30 }

    /// The inner lines of the Rankings pane.
    static func rankingsLines(_ explorer: Explorer, width: Int) -> [String] {
        let height = height(for: width)
        let lines = Fixture.render(explorer, width: width, height: height)
        let r = Layout(width: width, height: height).rankings
        return lines[r.y + 1..<r.maxY - 1].map { Fixture.column($0, from: r.x + 1, width: r.width - 2) }
    }

    static func allScores(_ session: Session) -> [Float] { (0..<Fixture.titles.count).map { session.score(of: $0) } }
}

/// Largest absolute difference of two equally long arrays.
func maxDifference(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) } }

@Suite struct HybridWeightKeysTests {
    @Test(arguments: [80, 100]) func weightsAreShownAndChangeTheRankingLive(width: Int) throws {
        let engine = try HybridFixture.engine()
        let explorer = try Explorer(engine: engine, algorithm: .hybrid, width: width, height: HybridFixture.height(for: width), rankingLength: 5)
        var lines = HybridFixture.rankingsLines(explorer, width: width)
        // The tuned recipe's item-kNN weight (0.1 since the recency re-tune), read rather than assumed.
        let start = try #require(explorer.session.hybridWeights?[1])
        let shown = HybridWeights.format(start), raised = HybridWeights.format(Explorer.stepWeight(start, by: 3))
        #expect(lines[1].hasPrefix("[█ ease ×1]"), "\(lines[1])")
        #expect(lines[1].contains(" ▓ itemknn ×\(shown)"), "\(lines[1])")

        #expect(explorer.handle(.character("}")))
        lines = HybridFixture.rankingsLines(explorer, width: width)
        #expect(lines[1].contains("[▓ itemknn ×\(shown)]"), "\(lines[1])")
        #expect(explorer.message?.contains("itemknn selected") == true)

        for _ in 0..<3 { #expect(explorer.handle(.character("+"))) }
        let weights = try #require(explorer.session.hybridWeights)
        #expect(abs(weights[0] - 1) < 1e-6 && abs(weights[1] - Explorer.stepWeight(start, by: 3)) < 1e-6)
        #expect(explorer.hybridWeights == weights)
        lines = HybridFixture.rankingsLines(explorer, width: width)
        #expect(lines[1].contains("[▓ itemknn ×\(raised)]"), "\(lines[1])")
        #expect(explorer.message?.contains("→ \(raised)") == true, "\(explorer.message ?? "")")
        // Same scores as a session started with those weights.
        let fresh = try engine.makeSession(user: 0, algorithm: .hybrid, k: 5, hybridWeights: weights)
        #expect(maxDifference(HybridFixture.allScores(explorer.session), HybridFixture.allScores(fresh)) < 1e-5)
        #expect(explorer.session.ranking.map(\.item) == fresh.ranking.map(\.item))

        // Ease down to 0: item-kNN alone decides; the rows show how items moved.
        let before = explorer.session.ranking
        #expect(explorer.handle(.character("{")))
        for _ in 0..<10 { _ = explorer.handle(.character("-")) }
        #expect(explorer.session.hybridWeights?[0] == 0)
        let itemKNN = try engine.makeSession(user: 0, algorithm: .itemKNN, k: 5)
        #expect(explorer.session.ranking.map(\.item) == itemKNN.ranking.map(\.item))
        #expect(explorer.session.ranking != before)
        #expect(explorer.session.ranking.contains { $0.movement != .unchanged })
        lines = HybridFixture.rankingsLines(explorer, width: width)
        #expect(lines[1].contains("[█ ease ×0]"), "\(lines[1])")
        for entry in explorer.session.ranking {
            let row = try #require(lines.first { $0.hasPrefix(String(repeating: " ", count: 3 - String(entry.rank).count) + "\(entry.rank) ") }, "rank \(entry.rank)")
            #expect(String(row.dropFirst(4).prefix(4).filter { $0 != " " }) == entry.movement.marker, "\(row)")
        }
        _ = explorer.handle(.character("-"))
        #expect(explorer.message?.contains("stays 0") == true)

        // Every weight 0: all items tie, and the pane says so.
        _ = explorer.handle(.character("}"))
        for _ in 0..<5 { _ = explorer.handle(.character("-")) }
        #expect(HybridFixture.rankingsLines(explorer, width: width).contains { $0.contains("every weight is 0") })
    }

    @Test func weightsFollowTheExplorerAcrossUsers() throws {
        let engine = try HybridFixture.engine()
        let explorer = try Explorer(engine: engine, algorithm: .hybrid, rankingLength: 5)
        explorer.perform(.focusRight)
        explorer.perform(.activate)                       // a click: u1's session is kept
        explorer.perform(.focusLeft)
        explorer.perform(.moveCursor(1))                  // to u2
        #expect(explorer.session.user == 1)
        explorer.perform(.selectHybridComponent(1))
        explorer.perform(.changeHybridWeight(1))
        let chosen = try #require(explorer.hybridWeights)
        #expect(explorer.session.hybridWeights == chosen)
        explorer.perform(.moveCursor(1))                  // u3: a new session starts with them
        #expect(explorer.session.hybridWeights == chosen)
        explorer.perform(.moveCursor(-2))                 // back to u1: the kept session takes them too
        #expect(explorer.session.user == 0)
        #expect(explorer.session.clicks.count == 1)
        #expect(explorer.session.hybridWeights == chosen)
        // Away from the hybrid and back: still the chosen weights.
        for _ in 0..<5 { explorer.perform(.cycleAlgorithm) }
        #expect(explorer.algorithm == .hybrid)
        #expect(explorer.session.hybridWeights == chosen)
    }

    @Test func weightKeysOutsideTheHybridSayWhy() throws {
        let explorer = try Explorer(engine: try HybridFixture.engine(), algorithm: .content)
        _ = explorer.handle(.character("+"))
        #expect(explorer.message?.contains("weights belong to the hybrid") == true)
        #expect(explorer.hybridWeights == nil)
        let plain = try Fixture.explorer()
        _ = plain.handle(.character("}"))
        #expect(plain.message?.contains("no hybrid yet") == true)
    }

    @Test func weightStepsStayOnTheTenthsGridAndInRange() {
        #expect(Explorer.stepWeight(0.2, by: 1) == 0.3)
        #expect(Explorer.stepWeight(0.35, by: 1) == 0.4)
        #expect(Explorer.stepWeight(0.35, by: -1) == 0.3)
        #expect(Explorer.stepWeight(1, by: -1) == 0.9)
        #expect(Explorer.stepWeight(0, by: -1) == 0)
        #expect(Explorer.stepWeight(9.95, by: 1) == 10)
        #expect(Explorer.stepWeight(10, by: 1) == 10)
    }

    @Test func newKeysAreMappedAndListedInTheHelp() {
        let expected: [Character: Action] = ["{": .selectHybridComponent(-1), "}": .selectHybridComponent(1), "-": .changeHybridWeight(-1),
                                             "+": .changeHybridWeight(1), "=": .changeHybridWeight(1), "c": .toggleCompare, "C": .cycleCompareAlgorithm]
        for (character, action) in expected {
            #expect(KeyMap.action(for: .character(character), searching: false, helpShown: false) == action)
            if character != "=" { #expect(KeyMap.bindings.contains { $0.keys.contains(character) }, "\(character) missing from the help") }
        }
        // While searching they are typed.
        #expect(KeyMap.action(for: .character("c"), searching: true, helpShown: false) == .searchType("c"))
    }
}

@Suite struct CompareModeTests {
    /// Left and right halves of a compare row (split at the first "│" after the rank).
    static func halves(_ line: String) -> (left: String, right: String) {
        let parts = line.split(separator: "│", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        return (parts[0], parts.count > 1 ? parts[1] : "")
    }

    /// The start of a title that fits in 8 cells.
    static func visiblePrefix(_ title: String) -> String { String(DisplayWidth.truncate(title, to: 9).filter { $0 != "…" }) }

    static func expectRows(_ lines: [String], left: [RankedItem], right: [RankedItem], width: Int) {
        let leftRank = Dictionary(uniqueKeysWithValues: left.map { ($0.item, $0.rank) })
        let rightRank = Dictionary(uniqueKeysWithValues: right.map { ($0.item, $0.rank) })
        for index in 0..<max(left.count, right.count) {
            let (l, r) = halves(lines[2 + index])
            #expect(l.hasPrefix(String(repeating: " ", count: 2 - String(index + 1).count) + "\(index + 1) "), "\(lines[2 + index])")
            // Titles keep at least 8 cells even at 80×24; the number after a title is its rank on the other side.
            let leftTitle = Fixture.titles[left[index].item]
            #expect(l.contains(visiblePrefix(leftTitle)), "\(l) vs \(leftTitle)")
            let leftMark = l.split(separator: " ").last.map(String.init) ?? ""
            #expect(Int(leftMark) == rightRank[left[index].item], "\(l)")
            let rightTitle = Fixture.titles[right[index].item]
            #expect(r.contains(visiblePrefix(rightTitle)), "\(r) vs \(rightTitle)")
            let rightMark = r.split(separator: " ").last.map(String.init) ?? ""
            #expect(Int(rightMark) == leftRank[right[index].item], "\(r)")
        }
    }

    @Test(arguments: [80, 100]) func twoRankingsSideBySideWithSharedItemsMarked(width: Int) throws {
        let engine = try HybridFixture.engine()
        let explorer = try Explorer(engine: engine, algorithm: .content, width: width, height: HybridFixture.height(for: width), rankingLength: 5)
        explorer.perform(.focusRight)
        #expect(explorer.handle(.character("c")))
        #expect(explorer.isComparing)
        #expect(explorer.compareAlgorithm == .popularity)
        var lines = HybridFixture.rankingsLines(explorer, width: width)
        #expect(lines[0].contains("content") && lines[0].contains("popularity (C)"), "\(lines[0])")
        var right = try engine.makeSession(user: 0, algorithm: .popularity, k: 5).ranking
        var left = explorer.session.ranking
        var shared = Set(left.map(\.item)).intersection(right.map(\.item)).count
        #expect(lines[1].hasPrefix("top 5: \(shared) shared · Jaccard \(Format.fixed(Float(shared) / Float(10 - shared), decimals: 2))"), "\(lines[1])")
        Self.expectRows(lines, left: left, right: right, width: width)

        // C: item-kNN on the right; Enter clicks the left list's highlighted item and both sides follow.
        #expect(explorer.handle(.character("C")))
        #expect(explorer.compareAlgorithm == .itemKNN)
        _ = explorer.handle(.down)
        let clicked = explorer.session.ranking[1].item
        _ = explorer.handle(.enter)
        #expect(explorer.session.clicks == [clicked])
        let itemKNN = try engine.makeSession(user: 0, algorithm: .itemKNN, k: 5)
        try itemKNN.click(item: clicked)
        right = itemKNN.ranking
        left = explorer.session.ranking
        lines = HybridFixture.rankingsLines(explorer, width: width)
        #expect(lines[0].contains("itemknn (C)"), "\(lines[0])")
        #expect(explorer.compareModel?.rows.map { $0.right?.item } == right.map(\.item))
        shared = Set(left.map(\.item)).intersection(right.map(\.item)).count
        #expect(lines[1].hasPrefix("top 5: \(shared) shared"), "\(lines[1])")
        Self.expectRows(lines, left: left, right: right, width: width)
        #expect(!lines.joined().contains(String(Fixture.titles[clicked].prefix(8))))

        // Undo rebuilds the right side without the click.
        _ = explorer.handle(.character("u"))
        let unclicked = try engine.makeSession(user: 0, algorithm: .itemKNN, k: 5).ranking
        #expect(explorer.compareModel?.rows.map { $0.right?.item } == unclicked.map(\.item))

        // Switching the current algorithm to the compared one moves the right side on.
        _ = explorer.handle(.character("a"))              // popularity
        _ = explorer.handle(.character("a"))              // itemknn
        #expect(explorer.algorithm == .itemKNN)
        #expect(explorer.compareAlgorithm == .ease)
        #expect(HybridFixture.rankingsLines(explorer, width: width)[0].contains("ease (C)"))

        _ = explorer.handle(.character("c"))
        #expect(!explorer.isComparing)
        #expect(HybridFixture.rankingsLines(explorer, width: width)[0].contains("move"))
    }

    @Test func mouseAndCursorStayOnTheLeftList() throws {
        let explorer = try Explorer(engine: try HybridFixture.engine(), algorithm: .ease, rankingLength: 5)
        _ = explorer.handle(.character("c"))
        let rankings = explorer.layout.rankings
        // First list row is below the column names and the summary.
        explorer.perform(.select(x: rankings.x + 4, y: rankings.y + 1 + 2 + 2))
        #expect(explorer.focus == .rankings)
        #expect(explorer.cursor(of: .rankings).row == 2)
        let item = explorer.session.ranking[2].item
        explorer.perform(.activate)
        #expect(explorer.session.clicks == [item])
        #expect(explorer.compareModel?.rows.contains { $0.right?.item == item } == false)
    }
}

@Suite struct HelpAtMinimumSizeTests {
    /// Issue 11, defect 10: at 80×24 the overlay cut three descriptions and covered the status line.
    /// Now every description is whole (wrapped, scrolled to with j) and the status line stays.
    @Test func helpOverlayListsEveryKeyAt80x24() throws {
        let explorer = try Fixture.explorer(width: 80, height: 24)
        _ = explorer.handle(.character("?"))
        var seen = ""
        var previous: [String] = []
        for _ in 0..<40 {
            let lines = Fixture.render(explorer, width: 80, height: 24)
            #expect(lines[22].contains("fixture │ user u1"), "the status line is covered: \(lines[22])")
            #expect(!lines.prefix(22).joined().contains("…"), "a description is cut:\n\(lines.joined(separator: "\n"))")
            seen += lines.joined(separator: "\n")
            if lines == previous { break }
            previous = lines
            _ = explorer.handle(.character("j"))
        }
        for binding in KeyMap.bindings {
            #expect(seen.contains(binding.keys), "missing \(binding.keys)")
            // Each description's first and last words are on screen at some scroll position.
            let words = binding.meaning.split(separator: " ")
            #expect(seen.contains(String(words.last!)), "missing the end of '\(binding.meaning)'")
        }
        #expect(explorer.helpShown)
        _ = explorer.handle(.escape)
        #expect(!explorer.helpShown)
    }
}
