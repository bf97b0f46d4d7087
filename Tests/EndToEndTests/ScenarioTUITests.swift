import Foundation
import Testing

/// `recscope present` and the explorer's `S`, driven in a real pty (tmux).
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed"))
struct ScenarioTUITests {

    @Test func presentPlaysStepsWithCaptionsAndLatency() throws {
        let tmux = try TmuxSession(width: 100, height: 32)
        defer { tmux.close() }
        try tmux.type(tmux.explorerCommand(arguments: "present SampleData/scenarios/cold-start.scen"))
        try tmux.waitFor("the first frame", timeout: 90) { $0.contains("step 0/") && $0.contains("press → to start") }
        try tmux.keys("Right")   // new-user
        try tmux.waitFor(text: "line 7: new-user")
        try tmux.keys("Space", "Right")   // algorithm hybrid, then the caption
        var screen = try tmux.waitFor(text: "A new visitor: no history yet")
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0].hasPrefix(" A new visitor"), "the caption bar is the top line")
        #expect(lines[1].contains("step 3/") && lines[1].contains("line 9: caption"))
        #expect(screen.contains("Rankings · hybrid · user new-1"))
        try tmux.keys("Right")   // passes over `pause` to the click on Star Wars
        screen = try tmux.waitFor(text: "click \"Star Wars: Episode IV")
        let progress = screen.split(separator: "\n")[1]
        #expect(progress.contains("µs") || progress.contains("ms"), "the step's latency is shown: \(progress)")
        #expect(screen.contains("new-1 +1 click"))
        try tmux.keys("Left")    // back before the click, replayed from the start
        screen = try tmux.waitFor(text: "line 9: caption")
        #expect(!screen.contains("+1 click"))
        try tmux.keys("p")       // autoplay (3 s a step by default) takes it from here
        try tmux.waitFor("autoplay to run the click", timeout: 15) { $0.contains("new-1 +1 click") }
        try tmux.quitAndCheckTerminal()
    }

    @Test func presentRefusesABadScenarioBeforeTheScreenOpens() throws {
        let directory = try BinaryRunner.dataDirectory(["bad.scen": "user 1\nclick \"Nope (1900)\"\n"])
        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.close() }
        try tmux.type(tmux.explorerCommand(arguments: "present \(directory)/bad.scen"))
        let screen = try tmux.waitFor(text: "EXIT=1")
        #expect(screen.contains("\(directory)/bad.scen:2: unknown item 'Nope (1900)'"))
    }

    @Test func savedSessionReplaysToWhatTheExplorerShowed() throws {
        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.close() }
        let file = tmux.scratch.appendingPathComponent("saved.scen").path
        try tmux.type(tmux.explorerCommand(arguments: "--algorithm content --scenario-file \(TmuxSession.quote(file))"))
        try tmux.waitFor("the first frame") { $0.contains("re-ranked 9,742 items in") }
        try tmux.keys(":")
        try tmux.type("user 7")
        try tmux.waitFor(text: "│ user 7 │")
        try tmux.keys(":")
        try tmux.type("click 1997")
        try tmux.waitFor(text: "user 7 +1 click")
        try tmux.keys(":")
        try tmux.type("half-life 30")
        try tmux.waitFor(text: "half-life 30 days")
        try tmux.keys("S")
        try tmux.waitFor(text: "session saved as a scenario")
        try tmux.quitAndCheckTerminal()
        let result = try BinaryRunner.run(["replay", file, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let final = try #require(try BinaryRunner.json(result)["final"] as? [String: Any])
        #expect(final["user"] as? String == "7")
        #expect(final["clicks"] as? [String] == ["1997"])
        #expect((final["decay"] as? [String: Any])?["days"] as? Double == 30)
        // The explorer opens on the hybrid once it is fitted (else content); the scenario records which.
        let algorithm = try #require(final["algorithm"] as? String)
        let recommended = try BinaryRunner.json(try BinaryRunner.run(["recommend", "--user", "7", "--click", "1997", "--half-life", "30",
                                                                      "--algo", algorithm, "--json"]))
        let expected = (recommended["items"] as? [[String: Any]] ?? []).compactMap { $0["item"] as? String }
        #expect((final["items"] as? [[String: Any]] ?? []).compactMap { $0["item"] as? String } == expected)
    }

    @Test func recordWritesAPlayableAsciicast() throws {
        let tmux = try TmuxSession(width: 100, height: 32)
        defer { tmux.close() }
        let cast = tmux.scratch.appendingPathComponent("demo.cast").path
        try tmux.type(tmux.explorerCommand(arguments: "present SampleData/scenarios/cold-start.scen --record \(TmuxSession.quote(cast)) --idle-limit 0.5"))
        try tmux.waitFor("the first frame", timeout: 90) { $0.contains("press → to start") }
        try tmux.keys("Right", "Right", "Right")
        try tmux.waitFor(text: "A new visitor: no history yet")
        usleep(1_200_000)   // an idle pause the recording cuts to 0.5 s
        try tmux.keys("Right")
        try tmux.waitFor(text: "new-1 +1 click")
        try tmux.quitAndCheckTerminal()
        let lines = try String(contentsOfFile: cast, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(header["version"] as? Int == 2)
        #expect(header["width"] as? Int == 100 && header["height"] as? Int == 32)
        #expect((header["timestamp"] as? Int ?? 0) > 1_700_000_000)
        #expect(header["idle_time_limit"] as? Double == 0.5)
        var times: [Double] = []
        var output = ""
        for line in lines.dropFirst() {
            let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any])
            #expect(event.count == 3 && event[1] as? String == "o")
            times.append(try #require(event[0] as? Double))
            output += event[2] as? String ?? ""
        }
        #expect(times.count >= 3)
        #expect(times == times.sorted())
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 <= 0.5 + 1e-6 }, "pauses cut to --idle-limit")
        #expect(output.contains("A new visitor: no history yet") && output.contains("hybrid") && output.contains("Star Wars"))
    }

    @Test func anUnwritableRecordingIsRefusedBeforeTheScreenOpens() throws {
        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.close() }
        try tmux.type(tmux.explorerCommand(arguments: "--record /nonexistent-directory/x.cast"))
        let screen = try tmux.waitFor(text: "EXIT=1")
        #expect(screen.contains("recscope: cannot write the recording /nonexistent-directory/x.cast"))
        #expect(!screen.contains("Rankings ·"))
    }
}
