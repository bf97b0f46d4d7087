import Foundation
import RecEngine
import Testing
@testable import RecUI

/// Issue 10's first screen: opening on the hybrid once fitted, the ASCII fallback without a UTF-8
/// locale, and `E` / `:export` writing the screen as text.
@Suite struct OpenOnBestTests {
    /// The hint line (the last row) of a 100×30 render.
    static func hintLine(_ explorer: Explorer) -> String { Fixture.render(explorer)[29] }

    @Test func contentUntilTheHybridIsFittedThenSwitchedAndSaidSo() throws {
        let engine = HybridFixture.unfitted()
        let inbox = BackgroundInbox()
        let explorer = try Explorer(engine: engine, algorithm: .content, inbox: inbox)
        explorer.openOnBest()
        #expect(explorer.waitingForBest && explorer.algorithm == .content)
        inbox.post(.backgroundNote("fitting itemknn…"))
        #expect(explorer.drainBackground())
        #expect(Self.hintLine(explorer).contains(" content until the hybrid is fitted… (fitting itemknn…)"))
        #expect(Fixture.render(explorer)[0].contains("Rankings · content · user u1"))
        try HybridFixture.fit(engine, ready: { inbox.post(.modelReady($0)) })
        inbox.post(.backgroundNote(nil))
        #expect(explorer.drainBackground())
        #expect(explorer.algorithm == .hybrid && !explorer.waitingForBest)
        #expect(explorer.message == "switched to hybrid (best NDCG@10 in recscope eval)")
        let lines = Fixture.render(explorer)
        #expect(lines[0].contains("Rankings · hybrid · user u1"))
        #expect(lines[29].contains(" switched to hybrid (best NDCG@10 in recscope eval)"))
        // The ranking is the hybrid's own, as a fresh hybrid session ranks it.
        let fresh = try engine.makeSession(user: 0, algorithm: .hybrid, k: explorer.rankingLength)
        #expect(explorer.session.ranking.map(\.item) == fresh.ranking.map(\.item))
    }

    @Test func aModelReadyBeforeTheHybridKeepsTheWaitOnTheHintLine() throws {
        let engine = HybridFixture.unfitted()
        let inbox = BackgroundInbox()
        let explorer = try Explorer(engine: engine, algorithm: .content, inbox: inbox)
        explorer.openOnBest()
        inbox.post(.modelReady(.itemKNN))
        _ = explorer.drainBackground()
        #expect(explorer.message == "ready: itemknn (a cycles) · content until the hybrid is fitted…")
        #expect(explorer.algorithm == .content)
    }

    @Test(arguments: ["key", "command"])
    func aChoiceMadeFirstWinsSilently(_ how: String) throws {
        let engine = HybridFixture.unfitted()
        let inbox = BackgroundInbox()
        let explorer = try Explorer(engine: engine, algorithm: .content, inbox: inbox)
        explorer.openOnBest()
        if how == "key" {
            #expect(explorer.handle(.character("a")))   // content → popularity
        } else {
            try explorer.run(.algorithm("popularity"))
        }
        #expect(explorer.algorithm == .popularity && !explorer.waitingForBest)
        inbox.post(.backgroundNote("fitting ease…"))
        _ = explorer.drainBackground()
        #expect(!Self.hintLine(explorer).contains("until the hybrid"))
        try HybridFixture.fit(engine, ready: { inbox.post(.modelReady($0)) })
        inbox.post(.backgroundNote(nil))
        _ = explorer.drainBackground()
        #expect(explorer.algorithm == .popularity)
        #expect(!explorer.log.contains { $0.text.contains("switched to") })
    }

    @Test func aFittedHybridIsTheFirstFrame() throws {
        let engine = try HybridFixture.engine()
        let explorer = try Explorer(engine: engine, algorithm: .content, inbox: BackgroundInbox())
        explorer.openOnBest()
        #expect(explorer.algorithm == .hybrid && !explorer.waitingForBest)
        #expect(explorer.message == "hybrid: best NDCG@10 in recscope eval")
        #expect(Fixture.render(explorer)[0].contains("Rankings · hybrid · user u1"))
    }

    @Test func withoutBackgroundFittingNothingIsPromised() throws {
        let explorer = try Explorer(engine: HybridFixture.unfitted(), algorithm: .content)
        explorer.openOnBest()
        #expect(!explorer.waitingForBest && explorer.algorithm == .content && explorer.message == nil)
    }
}

@Suite struct ASCIIFallbackTests {
    @Test func symbolsBecomeASCIIOfTheSameWidth() {
        #expect(ASCIIFallback.text("┌─ Amélie ▲3 ██▌") == "+- Amelie ^3 ###")
        #expect(ASCIIFallback.text("│▼12│ NEW · ✚ ×0.5 …") == "|v12| NEW . + x0.5 ~")
        #expect(ASCIIFallback.text("Ame\u{301}lie") == "Amelie")
        #expect(ASCIIFallback.text("千と (2001)") == "???? (2001)")
        #expect(ASCIIFallback.text("⣿⠁⠃⠇⠀⡇") == ":... :")
        #expect(ASCIIFallback.text("Ærø Łódź ß") == "Aro Lodz s")
        #expect(ASCIIFallback.text("█▓▒░▚≡") == "#%:./=")   // the hybrid's six fills stay distinct
        #expect(ASCIIFallback.text("☃") == "?")
        #expect(ASCIIFallback.text(" ▁▂▃▄▅▆▇█") == " _.:-=+*#")   // the heat strip's ramp
        #expect(ASCIIFallback.text("plain text") == "plain text")
        for sample in ["┌─ Amélie ▲3 ██▌", "千と千尋の神隠し (2001)", "Ame\u{301}lie", "⣿⠁ • · → µs"] {
            #expect(DisplayWidth.of(ASCIIFallback.text(sample)) == DisplayWidth.of(sample), "\(sample)")
        }
    }

    @Test func gridWritesOnlyASCIIWhenAsked() {
        var grid = Grid(width: 20, height: 4)
        grid.asciiOnly = true
        grid.box(Rect(x: 0, y: 0, width: 20, height: 4), title: "Amélie ▲")
        grid.put("千と千尋の神隠し (2001)", x: 1, y: 1, maxWidth: 18)
        grid.fill(Rect(x: 1, y: 2, width: 5, height: 1), "█")
        #expect(grid.lines == ["+ Amelie ^ --------+",
                               "|???????????????? ~|",
                               "|#####             |",
                               "+------------------+"])
    }

    /// The explorer under LANG=C: every cell ASCII, the frames `+-|`, bars `#`, movement `^`/`v`,
    /// accented and CJK titles transliterated — and the same layout as with UTF-8.
    @Test func explorerFrameBarsAndMarkersInASCII() throws {
        let explorer = try Fixture.explorer()
        explorer.asciiOnly = true
        explorer.click(1)   // Funny Two: rankings move
        let lines = Fixture.render(explorer)
        let unicode: [String] = {
            explorer.asciiOnly = false
            defer { explorer.asciiOnly = true }
            return Fixture.render(explorer)
        }()
        for line in lines {
            #expect(line.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }, "not ASCII: \(line)")
            #expect(line.count == 100)
        }
        #expect(lines[0].hasPrefix("+ > Users (3) "))
        #expect(lines[0].contains("+ Rankings . content . user u1 "))
        #expect(lines[1].hasPrefix("|"))
        #expect(lines.contains { $0.contains("Amelie") })
        #expect(lines.contains { $0.contains("????????") })
        // Bars in the Profile / Rankings panes, and movement markers after the click.
        #expect(lines.joined().contains("###"))
        #expect(lines.contains { $0.contains("^") || $0.contains("NEW") })
        #expect(unicode.joined().contains("█") && !lines.joined().contains("█"))
        // Same layout: each frame corner where the Unicode screen has one.
        for (ascii, wide) in zip(lines, unicode) {
            let corners = Array(wide).enumerated().filter { "┌┐└┘".contains($0.element) }.map(\.offset)
            let plus = Array(ascii).enumerated().filter { $0.element == "+" }.map(\.offset)
            #expect(Set(corners).isSubset(of: Set(plus)), "\(ascii)")
        }
    }

    @Test func helpOverlayInASCII() throws {
        let explorer = try Fixture.explorer()
        explorer.asciiOnly = true
        explorer.perform(.toggleHelp)
        let text = Fixture.render(explorer).joined(separator: "\n")
        #expect(text.unicodeScalars.allSatisfy { $0.value == 0x0A || ($0.value >= 0x20 && $0.value < 0x7F) })
        #expect(text.contains("^v / j k"))
    }
}

@Suite struct ExportScreenTests {
    static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func eWritesTheScreenAsTrimmedTextAndSaysWhere() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let explorer = try Fixture.explorer()
        explorer.exportDirectory = directory.path
        let shown = Fixture.render(explorer)
        #expect(KeyMap.action(for: .character("E"), mode: .normal) == .exportScreen)
        #expect(explorer.handle(.character("E")))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(files.count == 1)
        let name = try #require(files.first)
        #expect(name.range(of: #"^recscope-screen-\d{8}-\d{6}\.txt$"#, options: .regularExpression) != nil)
        let path = directory.appendingPathComponent(name).path
        #expect(explorer.message == "screen saved: \(path)" && !explorer.messageIsError)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows.count == 31 && rows.last == "")   // 30 rows and a final newline
        for (row, line) in zip(rows, shown) {
            #expect(!row.hasSuffix(" "))
            var trimmed = Substring(line)
            while trimmed.last == " " { trimmed = trimmed.dropLast() }
            #expect(row == trimmed)
        }
        #expect(text.contains("Rankings · content · user u1"))
        // A second export in the same second gets its own file.
        explorer.perform(.exportScreen)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 2)
    }

    @Test func exportCommandWritesToTheFileGiven() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try CommandParser.parse("export") == .export(nil))
        #expect(try CommandParser.parse("export \"my slide.txt\"") == .export("my slide.txt"))
        let explorer = try Fixture.explorer()
        explorer.asciiOnly = true
        let path = directory.appendingPathComponent("slide.txt").path
        try explorer.run(.export(path))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("+ > Users (3) "))
        #expect(text.utf8.allSatisfy { $0 == 0x0A || ($0 >= 0x20 && $0 < 0x7F) })
    }

    @Test func anUnwritablePlaceIsOneLineNeverACrash() throws {
        let explorer = try Fixture.explorer()
        #expect(throws: CommandError("cannot write /nonexistent-directory/x.txt: No such file or directory")) {
            try explorer.run(.export("/nonexistent-directory/x.txt"))
        }
        explorer.exportDirectory = "/nonexistent-directory"
        explorer.perform(.exportScreen)
        #expect(explorer.messageIsError)
        #expect(explorer.message?.hasPrefix("cannot write /nonexistent-directory/recscope-screen-") == true)
        #expect(explorer.message?.hasSuffix(": No such file or directory") == true)
        #expect(Fixture.render(explorer)[29].contains(" cannot write /nonexistent-directory/recscope-screen-"))
    }
}

@Suite struct PresenterPolishTests {
    /// In `present`, `E` exports the whole screen (caption bar included), and ASCII mode reaches the
    /// fresh explorer that going back (←) makes.
    @Test func presenterExportsTheWholeScreenAndKeepsASCIIAfterGoingBack() throws {
        let directory = try ExportScreenTests.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let engine = Fixture.engine()
        let scenario = try Scenario.parse("user u1\ncaption \"A comedy fan\"\nclick \"Scary One\"\n", path: "demo.scen")
        let player = try ScenarioPlayer(scenario: scenario) { try Explorer(engine: engine) }
        let presenter = ScenarioPresenter(player: player)
        presenter.asciiOnly = true
        presenter.exportDirectory = directory.path
        _ = presenter.handle(.resize(width: 100, height: 32))
        func lines() -> [String] { var grid = Grid(width: 100, height: 32); presenter.render(into: &grid); return grid.lines }
        #expect(presenter.handle(.right) && presenter.handle(.right) && presenter.handle(.right))
        #expect(presenter.handle(.left))   // a fresh explorer replays the first two steps
        let screen = lines()
        #expect(screen[2].hasPrefix("+"))
        #expect(screen.allSatisfy { $0.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F } })
        #expect(presenter.handle(.character("E")))
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: directory.path).first)
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows.count == 33)
        #expect(rows[0] == " A comedy fan")
        #expect(rows[1].hasPrefix(" step 2/3 . line 2: caption \"A comedy fan\" . "))
        #expect(rows[2].hasPrefix("+ "))
        #expect(player.explorer.message?.hasPrefix("screen saved: \(directory.path)/recscope-screen-") == true)
    }
}
