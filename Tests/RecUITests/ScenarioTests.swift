import Foundation
import RecEngine
import Testing
@testable import RecUI

/// Scenario files: reading (every step, comments, quotes), exact `FILE:LINE: problem` messages, the
/// up-front check against the data set, and playback through the explorer.
@Suite struct ScenarioTests {
    func parse(_ text: String) throws -> Scenario { try Scenario.parse(text, path: "demo.scen") }

    func problem(_ text: String, engine: Engine? = nil, encoder: Bool = false) -> String? {
        do {
            let scenario = try Scenario.parse(text, path: "demo.scen")
            if let engine { try scenario.check(against: engine, hasEncoder: encoder) }
            return nil
        } catch {
            return error.description
        }
    }

    @Test func readsEveryStepWithCommentsAndBlankLines() throws {
        let scenario = try parse("""
        # Two horror clicks for an action fan

        user 1
        new-user
        algorithm hybrid
        caption "User 1 watches action. # not a comment inside quotes"
        wait 2s
        click 1997                 # an item id …
        click "Shining, The (1980)"   # … or an exact title
        undo
        reset
        half-life 7
        window 20
        weights ease=1,itemknn=0.5
        compare content
        compare off
        map on
        inspect 3
        pause                      # wait for a key
        wait 500ms
        intent funny space adventure weight 0.7
        intent "dark comedy" # default weight
        """)
        #expect(scenario.steps.map(\.line) == Array(3...22))
        #expect(scenario.steps.map(\.action) == [
            .command(.user("1")), .command(.newUser), .command(.algorithm("hybrid")),
            .command(.caption("User 1 watches action. # not a comment inside quotes")), .command(.wait(2)),
            .command(.click("1997")), .command(.click("Shining, The (1980)")), .command(.undo), .command(.reset),
            .command(.halfLife(7)), .command(.window(20)), .command(.weights([.init("ease", 1), .init("itemknn", 0.5)])),
            .command(.compare("content")), .command(.compare(nil)), .command(.map(true)), .command(.inspect(3)),
            .command(.pause), .command(.wait(0.5)),
            .intent(text: "funny space adventure", weight: 0.7), .intent(text: "dark comedy", weight: nil),
        ])
        #expect(scenario.steps[5].text == "click 1997")
        #expect(scenario.steps[6].text == "click \"Shining, The (1980)\"")
        #expect(scenario.algorithmsUsed == [.hybrid, .content])
        #expect(scenario.usesIntents)
    }

    @Test func badLinesStopWithFileAndLine() {
        #expect(problem("user 1\nfrobnicate 3\n") == "demo.scen:2: unknown step 'frobnicate' (steps: \(Scenario.stepNames.joined(separator: ", ")))")
        #expect(problem("wait soon") == "demo.scen:1: bad duration 'soon': e.g. 2s or 500ms")
        #expect(problem("\n\nclick \"Shining") == "demo.scen:3: missing closing quote in 'click \"Shining'")
        #expect(problem("half-life -5") == "demo.scen:1: half-life must be a positive number of days, got '-5'")
        #expect(problem("intent") == "demo.scen:1: intent needs words: intent TEXT [weight W], e.g. intent funny space adventure")
        #expect(problem("intent dark weight 3") == "demo.scen:1: intent weight must be in (0, 1], got '3'")
        #expect(problem("intent \"dark\" comedy") == "demo.scen:1: unexpected text after the quoted intent: 'comedy' (intent \"TEXT\" weight W)")
        #expect(problem("") == "demo.scen:1: no steps: the file is empty or only comments (one step a line, e.g. user 1)")
        #expect(problem("# only\n\n# comments\n") == "demo.scen:4: no steps: the file is empty or only comments (one step a line, e.g. user 1)")
    }

    @Test func binaryAndNonUTF8FilesAreRefused() {
        func bytes(_ data: [UInt8]) -> String? {
            do { _ = try Scenario.parse(Data(data), path: "x.scen"); return nil } catch { return error.description }
        }
        #expect(bytes(Array("user 1\nclick 2\n".utf8) + [0, 1, 2]) == "x.scen:3: binary data (a NUL byte): a scenario is a UTF-8 text file")
        #expect(bytes(Array("user 1\n".utf8) + [0xC3, 0x28] + Array("\n".utf8)) == "x.scen:2: not UTF-8 text: a scenario is a UTF-8 text file")
        #expect(bytes(Array("\u{FEFF}user u1\r\nundo\r\n".utf8)) == nil)
    }

    @Test func missingFileIsOneLine() {
        #expect(throws: ScenarioError("no/such.scen", nil, "no such file")) {
            _ = try Scenario.load(path: "no/such.scen")
        }
    }

    @Test func usersItemsAndAlgorithmsAreCheckedBeforeAnythingRuns() {
        let engine = Fixture.engine()
        #expect(problem("user u1\nuser u9\n", engine: engine) == "demo.scen:2: unknown user 'u9' (not in fixture, 3 users)")
        #expect(problem("new-user\nuser new-2\n", engine: engine) == "demo.scen:2: unknown user 'new-2': only 1 new user made by new-user before this line")
        #expect(problem("new-user\nuser new-1\nclick \"Funny Two\"\nclick i4\n", engine: engine) == nil)
        #expect(problem("click \"Funny Four\"", engine: engine) == "demo.scen:1: unknown item 'Funny Four' (an item id or an exact title)")
        #expect(problem("click \"amelie (2001)\"", engine: engine) == nil)   // case and accents folded
        #expect(problem("algorithm bestest", engine: engine)?.hasPrefix("demo.scen:1: unknown algorithm 'bestest' (algorithms: content,") == true)
        #expect(problem("intent cosy", engine: engine) == "demo.scen:1: intent needs the text encoder (all-MiniLM-L6-v2): run `make model`, or --model DIR")
        #expect(problem("intent cosy", engine: engine, encoder: true) == "demo.scen:1: intent needs item vectors and fixture has none (recscope embed, or --item-embeddings FILE)")
    }

    @Test func playsThroughTheExplorerAndGoesBack() throws {
        let engine = Fixture.engine()
        let scenario = try parse("""
        user u1
        caption "Comedy fan"
        click "Scary One"
        click i6
        undo
        half-life 7
        inspect 2
        """)
        try scenario.check(against: engine, hasEncoder: false)
        let player = try ScenarioPlayer(scenario: scenario) { try Explorer(engine: engine) }
        let outcomes = try player.runAll()
        #expect(outcomes.count == 7)
        #expect(player.caption == "Comedy fan")
        #expect(player.explorer.session.clicks == [5])
        #expect(player.explorer.decay == .halfLife(days: 7))
        #expect(outcomes[2].before != outcomes[2].after)   // the click moved the ranking
        // The same state as running the commands by hand.
        let byHand = try Explorer(engine: engine)
        for command in [Command.user("u1"), .click("Scary One"), .click("i6"), .undo, .halfLife(7)] { try byHand.run(command) }
        #expect(byHand.session.ranking == player.explorer.session.ranking)
        // Back to step 3 replays from the start.
        try player.rewind(to: 3)
        #expect(player.position == 3)
        #expect(player.explorer.session.clicks == [5])
        #expect(player.explorer.decay == .halfLife(days: 90))
    }

    @Test func aStepThatCannotRunSaysWhere() throws {
        let engine = Fixture.engine()
        let scenario = try parse("user u1\n\ninspect 99\n")
        let player = try ScenarioPlayer(scenario: scenario) { try Explorer(engine: engine) }
        #expect(throws: ScenarioError("demo.scen", 3, "rank 99 is beyond the ranking (7 items)")) { try player.runAll() }
        let intent = try ScenarioPlayer(scenario: try parse("intent cosy")) { try Explorer(engine: engine) }
        #expect(throws: ScenarioError("demo.scen", 1, "intent needs the text encoder (all-MiniLM-L6-v2): run `make model`")) { try intent.runAll() }
    }

    @Test func savedSessionReplaysToTheSameRanking() throws {
        let engine = Fixture.engine()
        let explorer = try Explorer(engine: engine)
        for command in [Command.user("u2"), .click("Funny One"), .user("u1"), .click("i5"), .click("i7"), .halfLife(30)] {
            try explorer.run(command)
        }
        _ = explorer.perform(.newUser)
        _ = explorer.perform(.newUser)
        try explorer.run(.click("Sad Two"))
        let text = explorer.sessionScenario
        #expect(text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty } == [
            "half-life 30", "user u1", "click i5   # Scary One", "click i7   # 千と千尋の神隠し (2001)",
            "user u2", "click i0   # Funny One", "new-user", "new-user", "user new-2", "click i4   # Sad Two",
        ])
        let scenario = try Scenario.parse(text, path: "saved.scen")
        try scenario.check(against: engine, hasEncoder: false)
        let player = try ScenarioPlayer(scenario: scenario) { try Explorer(engine: engine) }
        try player.runAll()
        #expect(player.explorer.current == .new(2))
        #expect(player.explorer.session.ranking == explorer.session.ranking)
        #expect(player.explorer.sessionScenario == text)   // saving the replay gives the same file
        // S writes it and says where.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-\(UUID().uuidString).scen").path
        explorer.scenarioFile = file
        _ = explorer.handle(.character("S"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == text)
        #expect(explorer.message == "session saved as a scenario: \(file) (recscope replay \(file))")
        try? FileManager.default.removeItem(atPath: file)
        explorer.scenarioFile = "/nonexistent-directory/x.scen"
        _ = explorer.handle(.character("S"))
        #expect(explorer.messageIsError && explorer.message?.hasPrefix("could not save the session to /nonexistent-directory/x.scen") == true)
    }

    @Test func presenterShowsCaptionBarAndSteps() throws {
        let engine = Fixture.engine()
        let scenario = try parse("user u1\ncaption \"A comedy fan\"\nwait 1s\nclick \"Scary One\"\npause\ncaption \"The end\"\n")
        let player = try ScenarioPlayer(scenario: scenario) { try Explorer(engine: engine) }
        let presenter = ScenarioPresenter(player: player)
        _ = presenter.handle(.resize(width: 100, height: 32))
        func lines() -> [String] { var grid = Grid(width: 100, height: 32); presenter.render(into: &grid); return grid.lines }
        #expect(lines()[1].contains("step 0/6 · press → to start"))
        #expect(presenter.handle(.right))
        #expect(presenter.handle(.character(" ")))
        var screen = lines()
        #expect(screen[0].hasPrefix(" A comedy fan"))
        #expect(screen[1].hasPrefix(" step 2/6 · line 2: caption \"A comedy fan\" · "))
        #expect(screen[2].hasPrefix("┌"))   // the explorer below the bar
        #expect(presenter.handle(.right))   // passes over `wait 1s` to the click
        #expect(player.position == 4)
        #expect(player.explorer.session.clicks == [5])
        #expect(presenter.handle(.left))    // back before the click (and its wait)
        #expect(player.position == 2)
        #expect(player.explorer.session.clicks.isEmpty)
        #expect(presenter.handle(.right) && presenter.handle(.right))
        screen = lines()
        #expect(screen[0].hasPrefix(" The end"))
        #expect(screen[1].contains("step 6/6") && screen[1].contains("end of scenario"))
        #expect(!presenter.handle(.character("q")))
    }

    @Test func autoplayFollowsWaitAndPause() throws {
        let engine = Fixture.engine()
        let scenario = try parse("user u1\nwait 10s\nclick i5\npause\nclick i6\n")
        let player = try ScenarioPlayer(scenario: scenario) { try Explorer(engine: engine) }
        var now = 100.0
        let presenter = ScenarioPresenter(player: player, autoplaySeconds: 2)
        presenter.clock = { now }
        presenter.due = now
        #expect(presenter.drainBackground() && player.position == 1)   // user; a wait follows: no delay
        #expect(presenter.drainBackground() && player.position == 2)   // wait 10s starts
        now += 9.9
        _ = presenter.drainBackground()
        #expect(player.position == 2)
        now += 0.2
        _ = presenter.drainBackground()
        #expect(player.position == 3)   // the click, after the wait
        _ = presenter.drainBackground()
        #expect(player.position == 4)   // pause: holds for the autoplay delay
        now += 1.9
        _ = presenter.drainBackground()
        #expect(player.position == 4)
        now += 0.2
        _ = presenter.drainBackground()
        #expect(player.position == 5 && player.isFinished)
        #expect(!presenter.hasBackgroundWork)
        _ = presenter.handle(.character("p"))
        #expect(!presenter.autoplay)
    }
}
