import Foundation
import Testing

/// A typed intent in the real explorer (tmux): `i`, words, Enter → the rankings move at once.
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed"))
struct IntentTUITests {
    @Test func typedIntentMovesTheRankingAndUndoTakesItBack() throws {
        let model = (ProcessInfo.processInfo.environment["RECSCOPE_MODEL_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? NSHomeDirectory() + "/.cache/recscope/models/all-MiniLM-L6-v2")
        guard FileManager.default.fileExists(atPath: model + "/model.safetensors") else {
            Issue.record("this test needs the model at \(model): run `make model` (make test does)")
            return
        }
        let tmux = try TmuxSession(width: 100, height: 30, shell: "sh")
        defer { tmux.close() }
        try drive(tmux)
    }

    private func drive(_ tmux: TmuxSession) throws {
        try tmux.type(tmux.explorerCommand())
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
