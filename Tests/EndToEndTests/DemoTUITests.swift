import Foundation
import Testing

/// Issue 10's first screen, driven in tmux: the explorer opens on the hybrid once fitted (at once with
/// a warm model cache), draws ASCII under LANG=C, `E` writes the screen to a file, and `--record`
/// records the real terminal output (replayed into a second terminal, it gives the same screen).
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed"))
struct DemoTUITests {

    /// Lines of a capture without trailing spaces (tmux already trims them; the explorer's file too).
    private static func rows(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var row = Substring(line)
            while row.last == " " { row = row.dropLast() }
            return String(row)
        }
    }

    /// On a generated data set small enough to fit in seconds in a debug build (EASE on SampleData's
    /// 9,742 items takes minutes there on a loaded machine), with a model cache of its own.
    @Test func opensOnTheHybridOnceFittedAndAtOnceFromTheCache() throws {
        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.close() }
        let data = tmux.scratch.appendingPathComponent("data").path
        let generated = try BinaryRunner.run(["generate", data, "--items", "1500", "--users", "300", "--events", "20000"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let cacheDirectory = tmux.scratch.appendingPathComponent("cache")
        try FileManager.default.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
        let environment = "RECSCOPE_CACHE_DIR=\(TmuxSession.quote(cacheDirectory.path))"
        let dataOption = "--data \(TmuxSession.quote(data))"
        // An empty model cache: content first (saying so while it lasts), then the hybrid.
        try tmux.type(tmux.explorerCommand(arguments: dataOption, environment: environment))
        let first = try tmux.waitFor("the first frame", timeout: 90) { $0.contains("re-ranked 1,500 items in") }
        #expect(first.contains("Rankings · content · user") || first.contains("Rankings · hybrid · user"))
        #expect(first.contains("content until the hybrid is fitted…") || first.contains("switched to hybrid"))
        let switched = try tmux.waitFor("the switch to the hybrid", timeout: 120) { $0.contains("Rankings · hybrid · user") }
        #expect(switched.contains("switched to hybrid (best NDCG@10 in recscope eval)"))
        try tmux.quitAndCheckTerminal()

        // The models are cached now: the hybrid from the first frame.
        try tmux.type("clear")
        try tmux.type(tmux.explorerCommand(arguments: dataOption, environment: environment))
        let cached = try tmux.waitFor("the first frame", timeout: 90) { $0.contains("re-ranked 1,500 items in") }
        #expect(cached.contains("Rankings · hybrid · user"))
        #expect(cached.contains("hybrid: best NDCG@10 in recscope eval (models from the cache)"))
        try tmux.quitAndCheckTerminal()

        // An algorithm chosen on the command line stays, silently, when the hybrid lands.
        try tmux.type("clear")
        try tmux.type(tmux.explorerCommand(arguments: "\(dataOption) --algorithm popularity", environment: environment))
        try tmux.waitFor("the first frame", timeout: 90) { $0.contains("re-ranked 1,500 items in") }
        try tmux.keys("L")
        let log = try tmux.waitFor("the hybrid in the log", timeout: 60) { $0.contains("ready: hybrid") }
        #expect(!log.contains("switched to"))
        try tmux.keys("L")
        let screen = try tmux.waitFor(text: "Rankings · popularity · user")
        #expect(!screen.contains("until the hybrid"))
        try tmux.quitAndCheckTerminal()
    }

    @Test func lang_C_drawsAnASCIIFrameBarsAndMarkers() throws {
        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.close() }
        try tmux.type(tmux.explorerCommand(arguments: "--algorithm content", environment: "LANG=C LC_ALL=C"))
        let first = try tmux.waitFor("the first frame", timeout: 90) { $0.contains("re-ranked 9,742 items in") }
        let lines = first.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let top = try #require(lines.first { $0.contains("Users (610)") })
        #expect(top.hasPrefix("+ > Users (610) ---"))
        #expect(top.contains("+ Rankings . content . user 1 ---"))
        #expect(lines[1].hasPrefix("|"))
        #expect(lines.contains { $0.hasPrefix("+----") })
        #expect(first.contains("movielens-small | user 1 | content | half-life 90 days"))
        #expect(first.contains("#"), "score and profile bars")
        let strip = try #require(lines.first { $0.contains("384-d ") })
        #expect(!strip.contains("?"), "the Inspector's heat strip has ASCII stand-ins: \(strip)")
        // A click: movement markers ^ / v (or NEW) appear.
        try tmux.keys("l", "j", "j", "Enter")
        let moved = try tmux.waitFor("a ranking change", timeout: 30) { $0.contains("user 1 +1 click") }
        #expect(moved.contains("^") || moved.contains("NEW"))
        for line in (first + moved).split(separator: "\n") {
            #expect(line.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }, "not ASCII: \(line)")
        }
        try tmux.quitAndCheckTerminal()
    }

    @Test func eExportsTheScreenAndABadPlaceIsOneLine() throws {
        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.close() }
        let directory = tmux.scratch.appendingPathComponent("slides")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try tmux.type(tmux.explorerCommand(arguments: "--algorithm content --export-dir \(TmuxSession.quote(directory.path))"))
        let before = try tmux.waitFor("the first frame", timeout: 90) { $0.contains("re-ranked 9,742 items in") }
        try tmux.keys("E")
        _ = try tmux.waitFor(text: "screen saved: \(directory.path)/recscope-scr")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        let name = try #require(files.first)
        #expect(files.count == 1 && name.hasSuffix(".txt"))
        let written = Self.rows(try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
        // Every row as on screen (but the hint line, where background-fit notes come and go).
        let shown = Self.rows(before)
        #expect(written.count == 31 && written.last == "")
        for row in 0..<29 { #expect(written[row] == shown[row], "row \(row)") }
        // :export to a place that cannot be written: one line, and the explorer goes on.
        try tmux.keys(":")
        try tmux.tmux(["send-keys", "-t", "main", "-l", "export /nonexistent-directory/slide.txt"])
        try tmux.keys("Enter")
        _ = try tmux.waitFor(text: "cannot write /nonexistent-directory/slide.txt: No such file or directory")
        try tmux.quitAndCheckTerminal()
    }

    /// `--record` writes what curses wrote to the terminal: the cast holds the terminal's own control
    /// sequences (the alternate screen, the resize), and its output replayed into a second terminal of
    /// the final size shows exactly the screen the explorer showed.
    @Test func recordingIsTheRealTerminalOutput() throws {
        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.close() }
        let cast = tmux.scratch.appendingPathComponent("explore.cast").path
        try tmux.type(tmux.explorerCommand(arguments: "--algorithm content --record \(TmuxSession.quote(cast)) --idle-limit 1"))
        try tmux.waitFor("the first frame", timeout: 90) { $0.contains("re-ranked 9,742 items in") }
        try tmux.resize(width: 120, height: 35)
        // The new size reaches curses through the recording's pseudo-terminal: the hint line's right end moves.
        try tmux.waitFor("the redraw at 120×35", timeout: 30) { screen in
            screen.split(separator: "\n").contains { $0.hasSuffix("? help  q quit") && $0.count > 110 }
        }
        try tmux.keys("l", "j", "Enter")
        _ = try tmux.waitFor(text: "user 1 +1 click")
        usleep(300_000)
        let shown = try tmux.screen()
        try tmux.quitAndCheckTerminal()

        let lines = try String(contentsOfFile: cast, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(header["version"] as? Int == 2)
        #expect(header["width"] as? Int == 100 && header["height"] as? Int == 30)
        #expect((header["timestamp"] as? Int ?? 0) > 1_700_000_000)
        #expect(header["idle_time_limit"] as? Double == 1)
        // The output before the resize event and after it.
        var parts = [""]
        var times: [Double] = []
        var resizes: [String] = []
        for line in lines.dropFirst() {
            let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any])
            #expect(event.count == 3)
            times.append(try #require(event[0] as? Double))
            let kind = try #require(event[1] as? String)
            let data = try #require(event[2] as? String)
            if kind == "o" { parts[parts.count - 1] += data } else { #expect(kind == "r"); resizes.append(data); parts.append("") }
        }
        let output = parts.joined()
        #expect(times == times.sorted())
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 <= 1 + 1e-6 }, "pauses cut to --idle-limit")
        #expect(resizes == ["120x35"])
        #expect(output.contains("\u{1B}[?1049h"), "curses' own smcup: the real bytes, not re-encoded frames")
        // Replayed as asciinema would — the bytes before the resize at 100×30, the window resized, the
        // rest up to the quit (rmcup) — the recording draws the screen that was shown.
        try #require(parts.count == 2)
        let end = try #require(parts[1].range(of: "\u{1B}[?1049l", options: .backwards))
        let first = tmux.scratch.appendingPathComponent("replay-1.bin"), rest = tmux.scratch.appendingPathComponent("replay-2.bin")
        try Data(parts[0].utf8).write(to: first)
        try Data(parts[1][..<end.lowerBound].utf8).write(to: rest)
        let second = try TmuxSession(width: 100, height: 30)
        defer { second.close() }
        try second.type("stty -echo; cat \(TmuxSession.quote(first.path)); read x; cat \(TmuxSession.quote(rest.path)); sleep 60")
        try second.waitFor("the first recorded frame", timeout: 20) { $0.contains("re-ranked 9,742 items in") }
        try second.resize(width: 120, height: 35)
        usleep(300_000)
        try second.keys("Enter")
        try second.waitFor("the replayed frame", timeout: 20) { $0.contains("user 1 +1 click") }
        usleep(300_000)
        #expect(Self.rows(try second.screen()) == Self.rows(shown))
    }
    /// Ctrl-Z while recording: the terminal is given back (alternate screen left, modes restored) before
    /// the process stops, `fg` redraws, and the cast holds both exits from the alternate screen.
    @Test func recordingSurvivesCtrlZ() throws {
        guard FileManager.default.isExecutableFile(atPath: "/bin/bash") else { return }
        let tmux = try TmuxSession(width: 100, height: 30, shell: "bash --norc --noprofile -i")
        defer { tmux.close() }
        let cast = tmux.scratch.appendingPathComponent("suspend.cast").path
        try tmux.suspendResumeAndQuit(arguments: "--record \(TmuxSession.quote(cast))", firstFrameTimeout: 90)
        let text = try String(contentsOfFile: cast, encoding: .utf8)
        var output = ""
        for line in text.split(separator: "\n").dropFirst() {
            let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any])
            if event[1] as? String == "o" { output += event[2] as? String ?? "" }
        }
        #expect(output.components(separatedBy: "\u{1B}[?1049l").count - 1 == 2, "left on Ctrl-Z and on q")
        #expect(output.components(separatedBy: "\u{1B}[?1049h").count - 1 == 2, "entered at start and on fg")
    }
}
