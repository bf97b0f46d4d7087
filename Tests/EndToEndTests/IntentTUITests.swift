import Foundation
import Testing

/// A typed intent in the real explorer (tmux): `i`, words, Enter → the rankings move at once.
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed"))
struct IntentTUITests {
    /// A 100×30 tmux session, or nil (recorded as a failure) when the model is missing.
    private func sessionWithModel() throws -> TmuxSession? {
        let model = (ProcessInfo.processInfo.environment["RECSCOPE_MODEL_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? NSHomeDirectory() + "/.cache/recscope/models/all-MiniLM-L6-v2")
        guard FileManager.default.fileExists(atPath: model + "/model.safetensors") else {
            Issue.record("this test needs the model at \(model): run `make model` (make test does)")
            return nil
        }
        return try TmuxSession(width: 100, height: 30, shell: "sh")
    }

    @Test func typedIntentMovesTheRankingAndUndoTakesItBack() throws {
        guard let tmux = try sessionWithModel() else { return }
        defer { tmux.close() }
        try drive(tmux)
    }

    @Test func aUsersOwnWordsShowAndBecomeTheIntent() throws {
        guard let tmux = try sessionWithModel() else { return }
        defer { tmux.close() }
        // SampleData's user 2 tagged films "funny", "Highly quotable", "will ferrell", …
        try tmux.type(tmux.explorerCommand(arguments: "--algorithm content --user 2"))
        let first = try tmux.waitFor("the first frame") { $0.contains("re-ranked 9,742 items in") }
        #expect(first.contains("in their words: funny, High"), "the Profile shows the user's tags")
        try tmux.keys("o")
        let screen = try tmux.waitFor("the own-words intent") { $0.split(separator: "\n").contains { $0.contains("✚ “funny, High") && $0.contains("0.50") } }
        #expect(screen.contains("NEW") || screen.contains("▲"))
        try tmux.keys("I")
        try tmux.waitFor("cleared") { !$0.contains("✚ “funny, High") && $0.contains("re-ranked") }
        try tmux.keys("q")
    }

    private func drive(_ tmux: TmuxSession) throws {
        try tmux.type(tmux.explorerCommand(arguments: "--algorithm content"))
        try tmux.waitFor("the first frame") { $0.contains("re-ranked 9,742 items in") }
        try tmux.keys("i")
        try tmux.waitFor(text: "what are you in the mood for?")
        _ = try tmux.tmux(["send-keys", "-t", "main", "-l", "funny space adventure"])  // no Enter yet
        try tmux.waitFor(text: "what are you in the mood for? funny space adventure")
        try tmux.keys("Enter")
        let screen = try tmux.waitFor("the intent") { $0.split(separator: "\n").contains { $0.contains("✚ “funny space") && $0.contains("0.50") } }
        #expect(screen.contains("✚ “funny space"), "the Profile lists the intent")
        #expect(screen.contains("Space"), "space titles move up")
        #expect(screen.contains("NEW") || screen.contains("▲"))
        try tmux.keys(">")
        // The Profile's intent row shows the new weight (the notice itself may give way to "ready: …").
        try tmux.waitFor("weight 0.6") { $0.split(separator: "\n").contains { $0.contains("✚ “funny space") && $0.contains("0.60") } }
        try tmux.keys("u")
        try tmux.waitFor("undo") { !$0.contains("“funny space") && $0.contains("re-ranked") }
        try tmux.keys("q")
    }
}
