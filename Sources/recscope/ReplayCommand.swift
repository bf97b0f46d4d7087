import ArgumentParser
import Foundation
import RecEngine
import RecUI

/// `recscope replay FILE`: a scenario's steps run headless through the explorer's screen model; each
/// step's ranking diff, then the final ranking (which `recommend` reproduces).
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run a scenario file headless: each step's ranking diff and the final ranking.",
        discussion: "A scenario is a text file, one explorer command a line (user, new-user, algorithm, click, undo, reset, half-life, window, weights, compare, map, inspect, caption, wait, pause, intent); see docs/TUI.md. The final ranking equals what `recommend` gives for the same user, algorithm, decay and clicks (the last line prints that command)."
    )

    @Argument(help: ArgumentHelp("Scenario file (e.g. SampleData/scenarios/cold-start.scen).", valueName: "FILE"))
    var file: String

    @OptionGroup var count: CountOption

    @Flag(name: .long, help: "Print JSON: {scenario, steps: [{line, step, items}], final: {user, algorithm, items}}.")
    var json = false

    @OptionGroup var modelOption: ModelOption
    @OptionGroup var dataOptions: DataOptions

    func run() throws {
        let (player, engine) = try ScenarioSetup.prepare(file: file, k: count.k, dataOptions: dataOptions, modelOption: modelOption)
        let describe = Describe(engine: engine)
        let k = count.k
        var steps: [JSONValue] = []
        if !json { emit("Scenario \(file) — \(player.scenario.steps.count) steps on \(engine.dataset.name), top \(k)") }
        while true {
            let outcome: ScenarioPlayer.StepOutcome?
            do { outcome = try player.next() } catch { throw RecError(error.description) }
            guard let outcome else { break }
            let after = Array(outcome.after.prefix(k))
            let before = Array(outcome.before.prefix(k))
            var previous: [Int: Int] = [:]
            for entry in before { previous[entry.item] = entry.rank }
            if json {
                steps.append(.object([
                    ("line", .int(outcome.step.line)),
                    ("step", .string(outcome.step.text)),
                    ("items", .array(after.map { entry in
                        .object([("rank", .int(entry.rank)), ("item", .string(describe.itemID(entry.item))),
                                 ("title", .string(describe.title(entry.item))), ("score", .float(entry.score)),
                                 ("previous_rank", .optional(previous[entry.item]))])
                    })),
                    ("ms", .double((outcome.seconds * 1e5).rounded() / 100)),
                ]))
            } else {
                emit(String(format: "%4d  ", outcome.step.line) + outcome.step.text + "   (" + Format.duration(microseconds: outcome.seconds * 1e6) + ")")
                ScenarioSetup.diffLines(before: before, after: after, describe: describe).forEach(emit)
            }
            if outcome.quit { break }
        }
        let explorer = player.explorer
        let session = explorer.session
        let final = Array(session.ranking.prefix(k))
        let user: String = {
            switch explorer.current {
            case .existing(let index): return engine.dataset.users.ids[index]
            case .new: return explorer.label(of: explorer.current)
            }
        }()
        let reproduce = ScenarioSetup.recommendCommand(explorer, k: k)
        if json {
            var fields: [(String, JSONValue)] = [
                ("user", .string(user)),
                ("new_user", .bool({ if case .new = explorer.current { true } else { false } }())),
                ("algorithm", .string(explorer.algorithm.rawValue)),
            ]
            if explorer.algorithm == .hybrid, let weights = session.hybridWeights, let components = session.hybridComponents {
                fields.append(("weights", .string(HybridWeights.describe(weights, components: components))))
            }
            fields += [
                ("decay", session.decay.json),
                ("clicks", .array(session.clicks.map { .string(describe.itemID($0)) })),
                ("intents", .array(session.intent.entries.map { .object([("text", .string($0.text)), ("weight", .float($0.weight))]) })),
                ("items", .array(final.map { entry in
                    .object([("rank", .int(entry.rank)), ("item", .string(describe.itemID(entry.item))),
                             ("title", .string(describe.title(entry.item))), ("score", .float(entry.score))])
                })),
                ("recommend", .string(reproduce)),
            ]
            emit(.object([("scenario", .string(file)), ("steps", .array(steps)), ("final", .object(fields))]))
            return
        }
        emit("")
        let clicks = session.clicks.isEmpty ? "no clicks" : "clicks " + session.clicks.map { describe.itemID($0) }.joined(separator: ", ")
        emit("Final ranking — user \(user), \(explorer.algorithm.rawValue), \(session.decay), \(clicks)")
        emit(column("rank", 5, alignRight: true) + "  " + column("item", 8) + column("score", 8, alignRight: true) + "  title")
        for entry in final {
            emit(column("\(entry.rank)", 5, alignRight: true) + "  " + column(describe.itemID(entry.item), 8)
                 + column(fixed(entry.score, 4), 8, alignRight: true) + "  " + describe.title(entry.item))
        }
        emit("same as: \(reproduce)")
    }
}

/// What `replay` and `present` share: reading and checking the scenario, loading the engine with the
/// models the scenario uses, and the ranking diff.
enum ScenarioSetup {
    /// Reads FILE (stopping on the first bad line), loads the data, fits the algorithms the steps use,
    /// loads the encoder when a step has an intent, checks users and items, then runs every step once
    /// headless — all before anything is printed or shown.
    static func prepare(file: String, k: Int, dataOptions: DataOptions, modelOption: ModelOption,
                        width: Int = 100, height: Int = 30) throws -> (ScenarioPlayer, Engine) {
        let scenario: Scenario
        do { scenario = try Scenario.load(path: file) } catch { throw RecError(error.description) }
        let engine = try dataOptions.loadEngine(fitting: scenario.algorithmsUsed)
        var encoder: Scenario.Encoder?
        if scenario.usesIntents, let loaded = try? modelOption.load() {
            encoder = { text in loaded.encode(text).vector }
        }
        do { try scenario.check(against: engine, hasEncoder: encoder != nil) } catch { throw RecError(error.description) }
        let player = try ScenarioPlayer(scenario: scenario, encoder: encoder) {
            try Explorer(engine: engine, width: width, height: height, rankingLength: max(50, k))
        }
        // A dry run finds what only running can (an algorithm without its model, a rank past the
        // end) before anything is printed or shown; sessions are incremental, so it is cheap.
        do {
            try player.runAll()
            try player.rewind(to: 0)
        } catch {
            throw RecError(error.description)
        }
        return (player, engine)
    }

    /// The items that entered, moved or left the top-K with one step, one line each.
    static func diffLines(before: [RankedItem], after: [RankedItem], describe: Describe) -> [String] {
        var previous: [Int: Int] = [:]
        for entry in before { previous[entry.item] = entry.rank }
        let now = Set(after.map(\.item))
        var lines: [String] = []
        for entry in after {
            let marker: String
            if let was = previous[entry.item] {
                guard was != entry.rank else { continue }
                marker = was > entry.rank ? "▲\(was - entry.rank)" : "▼\(entry.rank - was)"
            } else {
                marker = "NEW"
            }
            lines.append("      " + column(marker, 5) + column("#\(entry.rank)", 5) + describe.title(entry.item))
        }
        for entry in before where !now.contains(entry.item) {
            lines.append("      " + column("OUT", 5) + column("was #\(entry.rank)", 10) + describe.title(entry.item))
        }
        return lines
    }

    /// `recscope recommend …` for the explorer's state with `-k k`.
    static func recommendCommand(_ explorer: Explorer, k: Int) -> String {
        var command = explorer.reproduceCommand
        if command.hasSuffix(" -k 10") { command.removeLast(" -k 10".count) }
        // recommend takes one intent, applied after the clicks.
        if let intent = explorer.session.intent.entries.last, explorer.session.intent.entries.count == 1 {
            command += " --intent \(shellWord(intent.text)) --intent-weight \(intent.weight)"
        }
        return command + " -k \(k)"
    }

    static func shellWord(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
