import Foundation
import RecEngine
import Testing
@testable import RecUI

/// The `:` command line: the parser (shared with scenario files), completion, history, and every verb
/// run against the explorer.
@Suite struct CommandParserTests {
    @Test func parsesEveryVerbFormAndComment() throws {
        #expect(try CommandParser.parse("user 414") == .user("414"))
        #expect(try CommandParser.parse(":algo ease") == .algorithm("ease"))
        #expect(try CommandParser.parse("algorithm HYBRID") == .algorithm("hybrid"))
        #expect(try CommandParser.parse("click \"Shining, The (1980)\"   # quoted") == .click("Shining, The (1980)"))
        #expect(try CommandParser.parse("click 1997 # an id") == .click("1997"))
        #expect(try CommandParser.parse("item toy story") == .item("toy story"))
        #expect(try CommandParser.parse("item") == .item(""))
        #expect(try CommandParser.parse("half-life 45") == .halfLife(45))
        #expect(try CommandParser.parse("half-life 2.5d") == .halfLife(2.5))
        #expect(try CommandParser.parse("window 20") == .window(20))
        #expect(try CommandParser.parse("weight semantic 0.7") == .weights([.init("semantic", 0.7)]))
        #expect(try CommandParser.parse("weights ease=1, itemknn=0.5") == .weights([.init("ease", 1), .init("itemknn", 0.5)]))
        #expect(try CommandParser.parse("compare als") == .compare("als"))
        #expect(try CommandParser.parse("compare off") == .compare(nil))
        #expect(try CommandParser.parse("map on") == .map(true))
        #expect(try CommandParser.parse("inspect 3") == .inspect(3))
        #expect(try CommandParser.parse("zoom") == .zoom(nil))
        #expect(try CommandParser.parse("wait 500ms") == .wait(0.5))
        #expect(try CommandParser.parse("wait 2s") == .wait(2))
        #expect(try CommandParser.parse("new-user") == .newUser)
        #expect(try CommandParser.parse("  undo  ") == .undo)
        #expect(try CommandParser.parse("alg ease") == .algorithm("ease"))   // unambiguous prefix
        #expect(try CommandParser.parse("") == nil)
        #expect(try CommandParser.parse("   # only a comment") == nil)
    }

    @Test func badLinesSayWhatIsWrongInOneLine() {
        func error(_ line: String) -> String? {
            do { _ = try CommandParser.parse(line); return nil } catch { return error.message }
        }
        #expect(error("frobnicate 3")?.hasPrefix("unknown command 'frobnicate'") == true)
        #expect(error("h 45")?.contains("ambiguous") == true)
        #expect(error("half-life -5") == "half-life must be a positive number of days, got '-5'")
        #expect(error("half-life") == "half-life needs a number of days: half-life DAYS")
        #expect(error("window 0")?.contains("≥ 1") == true)
        #expect(error("weight semantic") == "weight needs a component and a weight, e.g. weight semantic 0.7")
        #expect(error("weight ease -1") == "weight -1 for ease is negative")
        #expect(error("click \"Shining") == "missing closing quote in 'click \"Shining'")
        #expect(error("undo now") == "undo takes no argument, got 'now'")
        #expect(error("map maybe") == "map takes on or off, got 'maybe'")
        #expect(error("wait soon")?.hasPrefix("bad duration 'soon'") == true)
    }

    @Test func completionOffersVerbsThenValues() {
        let values: (String) -> [String] = { $0 == "algorithm" ? ["content", "ease", "hybrid"] : [] }
        #expect(CommandParser.completions("alg", arguments: values) == ["algorithm "])
        #expect(CommandParser.completions("w", arguments: values) == ["window ", "weight ", "weights ", "wait "])
        #expect(CommandParser.completions("algorithm e", arguments: values) == ["algorithm ease"])
        #expect(CommandParser.completions("algo h", arguments: values) == ["algorithm hybrid"])
    }
}

@Suite struct CommandLineTests {
    func type(_ explorer: Explorer, _ line: String) {
        _ = explorer.handle(.character(":"))
        _ = explorer.handle(batch: line.map { Key.character($0) })
        _ = explorer.handle(.enter)
    }

    @Test func verbsActOnTheExplorer() throws {
        let engine = try HybridFixture.engine()
        let explorer = try Explorer(engine: engine, width: 100, height: 30)
        type(explorer, "user u3")
        #expect(explorer.current == .existing(2))
        type(explorer, "click i5")
        type(explorer, "click Scary Two")
        #expect(explorer.session.clicks == [5, 6])
        #expect(Fixture.render(explorer)[28].contains("user u3 +2 clicks"))
        type(explorer, "undo")
        #expect(explorer.session.clicks == [5])
        #expect(explorer.message == "undid the click on Scary Two (1 click left)")
        type(explorer, "half-life 45")
        #expect(explorer.decay == .halfLife(days: 45))
        type(explorer, "algorithm hybrid")
        #expect(explorer.algorithm == .hybrid)
        type(explorer, "weight itemknn 0.5")
        let components = try #require(explorer.session.hybridComponents)
        let index = try #require(components.firstIndex(of: .itemKNN))
        #expect(explorer.session.hybridWeights?[index] == 0.5)
        let fresh = try engine.makeSession(user: 2, algorithm: .hybrid, decay: .halfLife(days: 45), k: 50, hybridWeights: explorer.session.hybridWeights)
        _ = try fresh.click(item: 5)
        #expect(explorer.session.ranking.map(\.item) == fresh.ranking.map(\.item))
        type(explorer, "compare ease")
        #expect(explorer.isComparing && explorer.compareAlgorithm == .ease)
        type(explorer, "compare off")
        #expect(!explorer.isComparing)
        type(explorer, "inspect 2")
        #expect(explorer.focus == .rankings && explorer.cursor(of: .rankings).row == 1)
        #expect(explorer.inspectorModel?.item == explorer.session.ranking[1].item)
        type(explorer, "item scary")
        #expect(explorer.itemQuery == "scary")
        type(explorer, "window 5")
        #expect(explorer.decay == .window(events: 5))
        type(explorer, "reset")
        #expect(explorer.session.clicks.isEmpty && explorer.message?.hasPrefix("reset: 1 simulated click removed") == true)
        _ = explorer.handle(.character(":"))
        _ = explorer.handle(batch: "quit".map { Key.character($0) })
        #expect(explorer.handle(.enter) == false)
    }

    @Test func errorsAreShownInRedAndChangeNothing() throws {
        let explorer = try Explorer(engine: HybridFixture.engine(), width: 100, height: 30)
        type(explorer, "user nobody")
        #expect(explorer.message == "unknown user 'nobody'" && explorer.messageIsError)
        #expect(explorer.current == .existing(0))
        type(explorer, "click No Such Film")
        #expect(explorer.message?.hasPrefix("unknown item 'No Such Film'") == true && explorer.session.clicks.isEmpty)
        type(explorer, "algorithm als")
        #expect(explorer.message == "als is not available (available: content, popularity, itemknn, ease, hybrid)", "\(explorer.message ?? "")")
        type(explorer, "weight ease 2")
        #expect(explorer.message == "weights belong to the hybrid: run 'algorithm hybrid' first")
        var grid = Grid(width: 100, height: 30)
        explorer.render(into: &grid)
        #expect(grid[2, 29].style.colour == .red)
    }

    @Test func tabCompletesAndArrowsBrowseHistory() throws {
        let explorer = try Explorer(engine: HybridFixture.engine(), width: 100, height: 30)
        _ = explorer.handle(.character(":"))
        _ = explorer.handle(batch: "alg".map { Key.character($0) })
        _ = explorer.handle(.tab)
        #expect(explorer.commandText == "algorithm ")
        _ = explorer.handle(.character("h"))
        _ = explorer.handle(.tab)
        #expect(explorer.commandText == "algorithm hybrid")
        #expect(Fixture.render(explorer)[29].contains(":algorithm hybrid▏"))
        _ = explorer.handle(.enter)
        type(explorer, "user u2")
        _ = explorer.handle(.character(":"))
        _ = explorer.handle(.up)
        #expect(explorer.commandText == "user u2")
        _ = explorer.handle(.up)
        #expect(explorer.commandText == "algorithm hybrid")
        _ = explorer.handle(.down)
        _ = explorer.handle(.down)
        #expect(explorer.commandText == "")
        _ = explorer.handle(.paste("user u4"))
        _ = explorer.handle(.enter)
        #expect(explorer.current == .existing(3))
        _ = explorer.handle(.character(":"))
        _ = explorer.handle(.escape)
        #expect(explorer.commandText == nil)
    }

    @Test func reproduceCommandMatchesTheSession() throws {
        let explorer = try Explorer(engine: Fixture.engine(), width: 100, height: 30)
        type(explorer, "user u2")
        type(explorer, "click i1")
        type(explorer, "click i7")
        type(explorer, "half-life 30")
        #expect(explorer.reproduceCommand == "recscope recommend --data fixture --user u2 --half-life 30 --click i1 --click i7 -k 10")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-reproduce-\(UUID()).sh").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        explorer.reproduceFile = file
        _ = explorer.handle(.character("y"))
        #expect(explorer.message == explorer.reproduceCommand + "   (written to \(file))")
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains(explorer.reproduceCommand))
        #expect(Explorer.shellQuote("Shining, The (1980)") == "'Shining, The (1980)'")
    }

    @Test func zoomGivesTheFocusedPaneTheScreen() throws {
        let explorer = try Explorer(engine: Fixture.engine(), width: 100, height: 30)
        explorer.perform(.focusRight)
        _ = explorer.handle(.character("z"))
        #expect(explorer.layout.rankings == Rect(x: 0, y: 0, width: 100, height: 28))
        let lines = Fixture.render(explorer)
        #expect(lines[0].hasPrefix("┌ ▸ Rankings · content · user u1"))
        #expect(!lines.joined().contains("Users (") && !lines.joined().contains("Profile ·"))
        #expect(lines[29].hasSuffix("? help  q quit ") && lines[29].contains("z restores"))
        explorer.message = nil
        #expect(Fixture.render(explorer)[29].contains("z unzoom"))
        _ = explorer.handle(.character("l"))   // focus moves: the zoom follows
        #expect(explorer.focus == .profile && explorer.layout.profile.width == 100)
        _ = explorer.handle(.character("z"))
        #expect(explorer.zoomed == nil && explorer.layout == Layout(width: 100, height: 30))
        #expect(Fixture.render(explorer)[0].contains("Users (3)"))
    }

    @Test func noticesStayForSecondsAndTheLogKeepsThem() throws {
        let explorer = try Explorer(engine: Fixture.engine(), width: 100, height: 30)
        var now = 1000.0
        explorer.clock = { now }
        explorer.perform(.focusRight)
        _ = explorer.handle(.enter)
        let clicked = try #require(explorer.message)
        #expect(clicked.hasPrefix("clicked "))
        _ = explorer.handle(.character("j"))     // moving on does not wipe the notice
        #expect(explorer.message == clicked)
        now += 3
        #expect(!explorer.drainBackground())
        now += 3
        #expect(explorer.drainBackground())
        #expect(explorer.message == nil)
        _ = explorer.handle(.character("u"))
        _ = explorer.handle(.character("L"))
        let lines = Fixture.render(explorer).joined(separator: "\n")
        #expect(lines.contains("Log (2 notices)"))
        #expect(lines.contains(clicked) && lines.contains("undid the click on"))
        _ = explorer.handle(.escape)
        #expect(!explorer.logShown)
    }

    @Test func inspectorShowsTheItemId() throws {
        let explorer = try Explorer(engine: Fixture.engine(), width: 100, height: 30)
        explorer.perform(.focusNext)
        #expect(Fixture.render(explorer).contains { $0.contains("id i0 · cos to profile") })
    }
}
