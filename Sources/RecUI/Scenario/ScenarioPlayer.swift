import Foundation
import RecEngine

/// Plays a scenario through the explorer's screen model: every step is one `Explorer.run(_:)` (or,
/// for `intent`, the words embedded and added to the session), so a scenario, the `:` command line
/// and the keys share one path. Used headless by `recscope replay` and on screen by `present`.
///
/// ```swift
/// let player = try ScenarioPlayer(scenario: scenario) { try Explorer(engine: engine) }
/// while let outcome = try player.next() { print(outcome.step.text, outcome.after.prefix(10)) }
/// ```
public final class ScenarioPlayer {
    public let scenario: Scenario
    /// Embeds intents (nil: a scenario with `intent` steps fails at that step).
    public let encoder: Scenario.Encoder?
    let makeExplorer: () throws -> Explorer
    /// The explorer the steps act on (replaced by a fresh one when playback goes back).
    public private(set) var explorer: Explorer
    /// Steps applied so far (0…steps.count).
    public private(set) var position = 0
    /// The last `caption` step's text, for the caption bar.
    public private(set) var caption: String?
    /// The last step's outcome.
    public private(set) var last: StepOutcome?

    /// What one step did: the ranking before and after it and how long it took.
    public struct StepOutcome: Sendable {
        public var step: Scenario.Step
        public var before: [RankedItem]
        public var after: [RankedItem]
        /// Wall-clock seconds the step took (a click or switch: its re-rank).
        public var seconds: Double
        /// The step was `quit`.
        public var quit: Bool
    }

    /// - Parameter makeExplorer: a fresh explorer at the scenario's start (called again to go back).
    public init(scenario: Scenario, encoder: Scenario.Encoder? = nil, makeExplorer: @escaping () throws -> Explorer) throws {
        self.scenario = scenario
        self.encoder = encoder
        self.makeExplorer = makeExplorer
        explorer = try makeExplorer()
    }

    public var isFinished: Bool { position >= scenario.steps.count }

    /// The next step to run, if any.
    public var upcoming: Scenario.Step? { isFinished ? nil : scenario.steps[position] }

    /// Runs the next step; nil when the scenario is over. Throws `FILE:LINE: problem` when the step
    /// cannot be done (an algorithm not fitted, a rank beyond the ranking, …).
    @discardableResult
    public func next() throws(ScenarioError) -> StepOutcome? {
        guard let step = upcoming else { return nil }
        let before = explorer.session.ranking
        let start = Explorer.monotonicSeconds()
        var keepGoing = true
        do {
            switch step.action {
            case .command(let command):
                keepGoing = try explorer.run(command)
                if case .caption(let text) = command { caption = text }
            case .intent(let text, let weight):
                try addIntent(text, weight: weight)
            }
        } catch {
            throw ScenarioError(scenario.path, step.line, error.message)
        }
        let outcome = StepOutcome(step: step, before: before, after: explorer.session.ranking,
                                  seconds: Explorer.monotonicSeconds() - start, quit: !keepGoing)
        position += 1
        last = outcome
        return outcome
    }

    /// Runs every remaining step; returns their outcomes (stops after `quit`).
    @discardableResult
    public func runAll() throws(ScenarioError) -> [StepOutcome] {
        var outcomes: [StepOutcome] = []
        while let outcome = try next() {
            outcomes.append(outcome)
            if outcome.quit { break }
        }
        return outcomes
    }

    /// Starts again from a fresh explorer and replays the first `target` steps (how `present` goes
    /// back a step: sessions are incremental, so this costs one re-rank per step).
    public func rewind(to target: Int) throws(ScenarioError) {
        do {
            explorer = try makeExplorer()
        } catch {
            throw ScenarioError(scenario.path, nil, "cannot restart: \(error)")
        }
        position = 0
        caption = nil
        last = nil
        let end = max(0, min(target, scenario.steps.count))
        while position < end { try next() }
    }

    func addIntent(_ text: String, weight: Float?) throws(CommandError) {
        guard let encoder else { throw CommandError("intent needs the text encoder (all-MiniLM-L6-v2): run `make model`") }
        do {
            let vector = try encoder(text)
            let update = try explorer.session.addIntent(text: text, vector: vector, weight: weight ?? Session.defaultIntentWeight)
            explorer.applied(update)
            explorer.message = "intent '\(text)' at weight \(Format.fixed(weight ?? Session.defaultIntentWeight, decimals: 2))"
            explorer.updateInspected()
        } catch {
            throw CommandError("\(error)")
        }
    }
}
