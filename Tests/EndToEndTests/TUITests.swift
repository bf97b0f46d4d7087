import Foundation
import Testing

/// The explorer driven in a real terminal (tmux) exactly as a person would: keys in, screen out.
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed"))
struct TUITests {
    /// Starts the explorer in a fresh 100×30 tmux window and waits for the first frame. On content
    /// (chosen, so it stays: without a choice the explorer moves to the hybrid once fitted).
    private func launch(arguments: String = "--algorithm content", environment: String = "", shell: String = "sh") throws -> TmuxSession {
        let tmux = try TmuxSession(width: 100, height: 30, shell: shell)
        try tmux.type(tmux.explorerCommand(arguments: arguments, environment: environment))
        try tmux.waitFor("the first frame") { $0.contains("re-ranked 9,742 items in") }
        return tmux
    }

    /// Rows of the Rankings pane's text (cells 23–68 of the first 16 lines at 100×30).
    private func rankingsText(_ screen: String) -> String {
        screen.split(separator: "\n", omittingEmptySubsequences: false).prefix(16).map { line in
            String(line.dropFirst(22).prefix(48))
        }.joined(separator: "\n")
    }


    @Test func firstScreenShowsUsersAndRankings() throws {
        let tmux = try launch()
        defer { tmux.close() }
        let screen = try tmux.screen()
        #expect(screen.contains("Users (610)"))
        #expect(screen.contains("Rankings · content · user 1"))
        #expect(screen.contains("Profile · 1"))
        #expect(screen.contains("Inspector"))
        #expect(screen.contains("movielens-small │ user 1 │ content │ half-life 90 days"))
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.contains { $0.hasPrefix("│1 ") && $0.contains("232") })
        #expect(lines.contains { $0.contains("  1      ") })  // rank 1, no movement yet
        try tmux.quitAndCheckTerminal()
    }

    @Test func clickChangesRankingsAndShowsMarkers() throws {
        let tmux = try launch()
        defer { tmux.close() }
        let before = rankingsText(try tmux.screen())
        try tmux.keys("l")  // Users → Rankings
        try tmux.waitFor(text: "▸ Rankings")
        try tmux.keys("j", "Enter")  // click the item ranked 2nd
        let after = try tmux.waitFor("a click") { $0.contains("user 1 +1 click") }
        let rankings = rankingsText(after)
        #expect(rankings != before)
        #expect(rankings.contains("▲") || rankings.contains("▼") || rankings.contains("NEW"), "\(rankings)")
        #expect(after.contains("✚ "), "the profile marks the simulated click")
        try tmux.keys("u")
        try tmux.waitFor("undo") { !$0.contains("+1 click") && $0.contains("re-ranked") }
        try tmux.quitAndCheckTerminal()
    }

    @Test func resizeBelowMinimumShowsMessageAndBackRestores() throws {
        let tmux = try launch()
        defer { tmux.close() }
        try tmux.resize(width: 60, height: 20)
        let small = try tmux.waitFor(text: "terminal too small: 60×20, need 80×24")
        #expect(!small.contains("Rankings ·"))
        try tmux.resize(width: 100, height: 30)
        try tmux.waitFor("the panes again") { $0.contains("Rankings · content") && !$0.contains("too small") }
        try tmux.resize(width: 60, height: 20)
        try tmux.waitFor(text: "terminal too small")
        try tmux.quitAndCheckTerminal()  // q still quits from the too-small screen
    }

    @Test func ctrlCQuitsAndRestoresTheTerminal() throws {
        let tmux = try launch()
        defer { tmux.close() }
        try tmux.quitAndCheckTerminal(key: "C-c")
    }

    /// SIGTERM, SIGHUP, SIGQUIT and crash signals: the terminal is restored, then the process dies of
    /// the signal (the shell sees 128 + n). For a crash signal the handler chains to Swift's
    /// backtracer, which must still print its report (it did not while the handler reset to SIG_DFL).
    /// Issue 11, defect 8: USR1, USR2, ALRM, PIPE, SYS, XCPU, PROF, VTALRM and XFSZ left the terminal
    /// as kill -9 does; every signal whose default action ends the process now restores it.
    @Test(arguments: [SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGABRT, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE, SIGSYS, SIGXCPU, SIGPROF, SIGVTALRM, SIGXFSZ])
    func fatalSignalsRestoreTheTerminal(signal: Int32) throws {
        let tmux = try launch(environment: "SWIFT_BACKTRACE=enable=yes,interactive=no,threads=crashed,registers=none,images=none,limit=4")
        defer { tmux.close() }
        let pid = try #require(try tmux.childPid())
        kill(pid, signal)
        let screen = try tmux.waitFor(text: "EXIT=\(128 + signal)", timeout: 60)
        #expect(!screen.contains("Rankings ·"))
        if signal == SIGSEGV || signal == SIGABRT {
            #expect(screen.contains("Program crashed"), "Swift's backtrace is missing:\n\(screen)")
        }
        let stty = try tmux.sttySnapshots()
        #expect(stty.before == stty.after)
    }

    @Test func ctrlZSuspendsAndFgRedraws() throws {
        // Job control needs an interactive bash, and the explorer as a job of its own (not in a list).
        guard FileManager.default.isExecutableFile(atPath: "/bin/bash") else { return }
        let tmux = try TmuxSession(width: 100, height: 30, shell: "bash --norc --noprofile -i")
        defer { tmux.close() }
        try tmux.suspendResumeAndQuit(arguments: "")
    }

    @Test func helpOverlayOpensAndCloses() throws {
        let tmux = try launch()
        defer { tmux.close() }
        try tmux.keys("?")
        let help = try tmux.waitFor(text: "any other key closes")
        #expect(help.contains("simulate a click on the highlighted item"))
        try tmux.keys("Escape")
        try tmux.waitFor("the overlay to close") { !$0.contains("any other key closes") }
        try tmux.quitAndCheckTerminal()
    }

    @Test func noColorDropsColourButKeepsMarkers() throws {
        let tmux = try launch(environment: "NO_COLOR=1")
        defer { tmux.close() }
        try tmux.keys("l", "j", "Enter")
        let screen = try tmux.waitFor("a click", escapes: true) { $0.contains("+1 click") }
        let colourCodes = ["\u{1B}[31m", "\u{1B}[32m", "\u{1B}[33m", "\u{1B}[35m", "\u{1B}[36m"]
        #expect(!colourCodes.contains { screen.contains($0) }, "colour escapes with NO_COLOR set")
        #expect(screen.contains("▲") || screen.contains("▼") || screen.contains("NEW"))
        try tmux.quitAndCheckTerminal()
    }

    /// Issue 11, defect 2: TERM=dumb ran blind (blank lines, exit 0). A terminal without cursor
    /// addressing is refused like an unknown one: one line, exit 2.
    @Test func dumbTerminalExitsTwoWithOneLine() throws {
        let tmux = try TmuxSession(width: 300, height: 30)
        defer { tmux.close() }
        try tmux.type(tmux.explorerCommand(environment: "TERM=dumb"))
        let screen = try tmux.waitFor("the exit status") { $0.split(separator: "\n").contains { $0.hasPrefix("EXIT=") } }
        let lines = screen.split(separator: "\n").map(String.init)
        let exit = try #require(lines.firstIndex { $0.hasPrefix("EXIT=") })
        #expect(lines[exit] == "EXIT=2")
        #expect(lines[exit - 1].hasPrefix("recscope: terminal type 'dumb' cannot move the cursor (no terminfo cup)"), "\(screen)")
        #expect(lines[exit - 2].contains("TERM=dumb"), "more than one line of output:\n\(screen)")
    }

    /// Issue 11, defect 3: with bracketed paste a paste outside a search is never run as keys (pasting
    /// "hello" ran h e l l o), and inside a search it is one edit.
    @Test func bracketedPasteIsOneEditNeverCommands() throws {
        let tmux = try launch()
        defer { tmux.close() }
        try tmux.tmux(["set-buffer", "-b", "p", "hello"])
        try tmux.tmux(["paste-buffer", "-p", "-b", "p", "-t", "main"])
        let ignored = try tmux.waitFor(text: "paste of 5 characters ignored")
        #expect(ignored.contains("▸ Users"), "focus moved: the paste ran as keys")
        #expect(ignored.contains("Rankings · content · user 1"))
        try tmux.keys("Tab", "/")
        try tmux.waitFor(text: "search items:")
        try tmux.tmux(["set-buffer", "-b", "q", "toy story"])
        try tmux.tmux(["paste-buffer", "-p", "-b", "q", "-t", "main"])
        let searched = try tmux.waitFor(text: "search items: toy story▏")
        #expect(searched.contains("Items 3 /… story"), "\(searched)")   // the query keeps its end
        try tmux.keys("Enter")
        try tmux.waitFor("the search kept") { !$0.contains("search items:") && $0.contains("Toy Story 2") }
        try tmux.quitAndCheckTerminal()
    }

    /// Start where you mean to (`tui --user ID --click ITEM`), then the `:` command line.
    @Test func startOptionsAndCommandLine() throws {
        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.close() }
        try tmux.type(tmux.explorerCommand(arguments: "tui --algorithm content --user 2 --click 1 --click 'Heat (1995)' --half-life 45 --reproduce-file \(TmuxSession.quote(tmux.scratch.appendingPathComponent("repro.sh").path))"))
        try tmux.waitFor(text: "user 2 +2 clicks │ content │ half-life 45 days")
        try tmux.keys(":")
        try tmux.tmux(["send-keys", "-t", "main", "-l", "algorithm popularity"])
        try tmux.keys("Enter")
        try tmux.waitFor("popularity") { $0.contains("user 2 +2 clicks") && $0.contains("Rankings · popularity · user 2") }
        try tmux.keys("y")
        try tmux.waitFor(text: "recscope recommend")
        let written = try String(contentsOf: tmux.scratch.appendingPathComponent("repro.sh"), encoding: .utf8)
        #expect(written.contains("--user 2 --algo popularity --half-life 45 --click 1 --click 6 -k 10"), "\(written)")
        try tmux.quitAndCheckTerminal()
    }

    @Test func badStartOptionExitsOneBeforeTheScreen() throws {
        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.close() }
        try tmux.type(tmux.explorerCommand(arguments: "tui --user nobody"))
        let screen = try tmux.waitFor("the exit status") { $0.split(separator: "\n").contains { $0.hasPrefix("EXIT=") } }
        #expect(screen.contains("recscope: unknown user 'nobody'"))
        #expect(screen.contains("EXIT=1"))
    }

    /// The config file ($XDG_CONFIG_HOME/recscope/config.toml) sets the start algorithm, decay and theme.
    @Test func configFileSetsTheDefaults() throws {
        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.close() }
        let directory = tmux.scratch.appendingPathComponent("recscope")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "algorithm = \"popularity\"\nhalf-life = 45\ntheme = \"projector\"\n".write(to: directory.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        try tmux.type(tmux.explorerCommand(environment: "XDG_CONFIG_HOME=\(TmuxSession.quote(tmux.scratch.path))"))
        let screen = try tmux.waitFor("the configured start") { $0.contains("Rankings · popularity · user 1") }
        #expect(screen.contains("half-life 45 days") || screen.contains("hl 45d"), "\(screen)")
        try tmux.keys("t")
        try tmux.waitFor(text: "theme no-colour")
        try tmux.quitAndCheckTerminal()
    }

    @Test func unknownTermExitsTwoWithOneLine() throws {
        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.close() }
        try tmux.type(tmux.explorerCommand(environment: "TERM=no-such-terminal"))
        let screen = try tmux.waitFor(text: "EXIT=2")
        #expect(screen.contains("recscope: terminal type 'no-such-terminal' is unknown to terminfo"))
        #expect(screen.contains("headless commands"))
    }
}

/// Without a terminal the explorer refuses at once, in one line, with exit status 2.
@Suite struct TUIWithoutTerminalTests {
    @Test func noTerminalExitsTwoPointingAtHeadlessCommands() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TmuxSession.binary)
        process.arguments = []
        process.currentDirectoryURL = TmuxSession.packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(stdout.isEmpty)
        #expect(stderr.split(separator: "\n").count == 1)
        #expect(stderr.contains("not a terminal") && stderr.contains("recscope recommend"))
    }
}
