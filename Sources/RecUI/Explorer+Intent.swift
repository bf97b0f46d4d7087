import Foundation
import RecEngine

/// Free text from the keyboard into the session: `i` opens a one-line prompt at the bottom
/// ("what are you in the mood for?"), Enter embeds the words (through `intentEncoder`, set by the
/// command that owns the sentence encoder) and the rankings re-rank in the same frame with movement
/// markers. The intent is a session entry like a click: listed in the Profile with its weight, undone
/// by `u`, cleared by `I`, its weight changed live with `<` / `>` (0.1 a step, 0.1…1).
public typealias IntentEncoding = @Sendable (String) throws -> [Float]

extension Explorer {
    /// The prompt's question.
    public static let intentQuestion = "what are you in the mood for? "
    static let intentWeightStep: Float = 0.1

    /// True when intents can run here (an encoder and item vectors); otherwise says what is missing.
    func intentsAvailable() -> Bool {
        guard intentEncoder != nil else {
            message = "no text encoder here: run `make model` (all-MiniLM-L6-v2) and restart"
            return false
        }
        guard engine.semantic != nil else {
            message = "intents need item vectors: run `recscope embed --data DIR` first"
            return false
        }
        return true
    }

    func startIntent() {
        guard intentsAvailable() else { return }
        intentPrompt = ""
    }

    /// Keys while the prompt is open: typing edits it, Enter commits, Esc cancels. Returns nil for
    /// actions the prompt does not take (resize, quit), which then run as usual.
    func performIntentPrompt(_ action: Action) -> Bool? {
        switch action {
        case .searchType(let character):
            intentPrompt?.append(character)
        case .searchInsert(let text):
            intentPrompt?.append(contentsOf: text.filter { !$0.isNewline })
        case .searchErase:
            if intentPrompt?.isEmpty == false { intentPrompt?.removeLast() }
        case .searchCancel:
            intentPrompt = nil
            message = "intent cancelled: nothing changed"
        case .searchCommit:
            commitIntent()
        case .resize, .quit:
            return nil
        default:
            break
        }
        return true
    }

    private func commitIntent() {
        let text = (intentPrompt ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        intentPrompt = nil
        guard !text.isEmpty else { message = "the intent is empty: nothing changed"; return }
        addIntent(text)
    }

    /// The session user's own words (tags they wrote, their users.csv `text`), joined with ", ";
    /// nil for a new user or one who wrote nothing.
    var ownWords: String? {
        guard let user = session.user else { return nil }
        let words = engine.dataset.users.ownWords(of: user)
        return words.isEmpty ? nil : words.joined(separator: ", ")
    }

    /// `o`: the user's own words become the session's intent (the encoder truncates past 256 tokens).
    func useOwnWords() {
        guard let words = ownWords else {
            message = session.user == nil ? "a new user has no words of their own: i types an intent"
                : "user \(engine.dataset.users.ids[session.user!]) wrote no tags or text of their own: i types an intent"
            return
        }
        guard intentsAvailable() else { return }
        addIntent(words)
    }

    private func addIntent(_ text: String) {
        guard let encode = intentEncoder else { return }
        do {
            let vector = try encode(text)
            applied(try session.addIntent(text: text, vector: vector))
            message = "intent '\(text)' at weight \(Format.fixed(session.intent.weight, decimals: 1)): < > weight, I clear, u undo"
        } catch {
            message = "\(error)"
        }
    }

    func clearIntent() {
        if let update = session.clearIntents() {
            applied(update)
            message = "intent cleared"
        } else {
            message = "no intent to clear (i types one)"
        }
    }

    func changeIntentWeight(by steps: Int) {
        guard let last = session.intent.entries.last else { message = "no intent yet: i types one"; return }
        let old = last.weight
        let new = min(1, max(Explorer.intentWeightStep, ((old / Explorer.intentWeightStep).rounded() + Float(steps)) * Explorer.intentWeightStep))
        guard abs(new - old) > 1e-6 else {
            message = "intent weight stays \(Format.fixed(old, decimals: 1)) (between 0.1 and 1)"
            return
        }
        do {
            if let update = try session.setIntentWeight(new) { applied(update) }
            message = "intent '\(last.text)' weight \(Format.fixed(old, decimals: 1)) → \(Format.fixed(new, decimals: 1))"
        } catch {
            message = "\(error)"
        }
    }

    /// The prompt as the status bar shows it, while open.
    var intentPromptLine: String? { intentPrompt.map { Explorer.intentQuestion + $0 } }

    /// Profile rows for the session's intents, newest first (item −1: not an item, Enter ignores them).
    var intentRows: [HistoryRow] {
        session.intent.entries.reversed().map {
            HistoryRow(item: -1, title: "“\($0.text)”", weight: $0.weight, decay: 1, isSimulatedClick: true)
        }
    }
}
