import Foundation
import RecEngine

/// A scenario file: a demo written by hand, one explorer command a line (the `:` command line's
/// language, `CommandParser`), plus `intent TEXT [weight W]`. `#` starts a comment (a whole line, or
/// after a space outside quotes); blank lines are skipped.
///
/// ```
/// user 1
/// algorithm hybrid
/// caption "User 1 watches action. Here is what the hybrid recommends."
/// click "Shining, The (1980)"   # an exact title, or an item id
/// wait 2s
/// ```
/// Reading is O(file size) and knows nothing of the data set; `check(against:)` then resolves every
/// user and item up front, so a bad line is reported before anything is shown.
public struct Scenario: Sendable {
    /// One step: the command and where it came from.
    public struct Step: Sendable, Equatable {
        /// 1-based line number in the file.
        public var line: Int
        /// The line as written, without its comment and surrounding spaces.
        public var text: String
        public var action: Action
    }

    /// What a step does: an explorer command, or an intent (words blended into the ranking).
    public enum Action: Sendable, Equatable {
        case command(Command)
        /// `intent TEXT [weight W]`: W in (0, 1], nil for the session's default.
        case intent(text: String, weight: Float?)
    }

    /// Turns the words of an intent into a vector of the item embeddings' space (the sentence encoder).
    public typealias Encoder = @Sendable (String) throws -> [Float]

    /// The file's path as given (used in every message).
    public var path: String
    public var steps: [Step]

    public init(path: String, steps: [Step]) {
        self.path = path
        self.steps = steps
    }

    /// Longest scenario file read (bytes): a demo is a few hundred lines, not a data set.
    public static let maximumBytes = 16 << 20

    /// Reads and parses the file at `path`. Throws `FILE:LINE: problem` (or `FILE: problem` when the
    /// file cannot be read).
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        let data: Data
        guard FileManager.default.fileExists(atPath: path) else { throw ScenarioError(path, nil, "no such file") }
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if (attributes[.type] as? FileAttributeType) == .typeDirectory { throw ScenarioError(path, nil, "is a directory, not a scenario file") }
            if let size = attributes[.size] as? Int, size > maximumBytes {
                throw ScenarioError(path, nil, "is \(size) bytes; a scenario file is at most \(maximumBytes) bytes")
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as ScenarioError {
            throw error
        } catch {
            throw ScenarioError(path, nil, "cannot be read (\((error as NSError).localizedDescription))")
        }
        return try parse(data, path: path)
    }

    /// Parses the bytes of a scenario file.
    public static func parse(_ data: Data, path: String) throws(ScenarioError) -> Scenario {
        if let zero = data.firstIndex(of: 0) {
            let line = data[..<zero].reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
            throw ScenarioError(path, line, "binary data (a NUL byte): a scenario is a UTF-8 text file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            // Name the first line that is not UTF-8.
            var line = 1
            for chunk in data.split(separator: 10, omittingEmptySubsequences: false) {
                if String(data: Data(chunk), encoding: .utf8) == nil { break }
                line += 1
            }
            throw ScenarioError(path, line, "not UTF-8 text: a scenario is a UTF-8 text file")
        }
        return try parse(text, path: path)
    }

    /// Parses scenario text (lines split on LF, CRLF tolerated, a leading BOM skipped).
    public static func parse(_ text: String, path: String) throws(ScenarioError) -> Scenario {
        var steps: [Step] = []
        var number = 0
        // Split on the scalar LF: a CRLF line end is one Character, which a split on "\n" never matches
        // (a CRLF file was one line; found by the FuzzScenario fuzz target).
        for raw in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if number == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            // Blank and comment-only lines have no step (as parseLine finds, only faster: a 64 KB file of
            // them took over a second under the fuzzer's sanitizer).
            let content = line.drop { $0 == " " || $0 == "\t" }
            if content.isEmpty || content.hasPrefix("#") { continue }
            do {
                if let step = try parseLine(String(line), number: number) { steps.append(step) }
            } catch {
                throw ScenarioError(path, number, error.message)
            }
        }
        guard !steps.isEmpty else { throw ScenarioError(path, max(1, number), "no steps: the file is empty or only comments (one step a line, e.g. user 1)") }
        return Scenario(path: path, steps: steps)
    }

    /// Verbs a scenario accepts: the command line's, plus `intent`.
    public static var stepNames: [String] { CommandParser.verbs.map(\.name) + ["intent"] }

    static func parseLine(_ line: String, number: Int) throws(CommandError) -> Step? {
        let (word, argument) = try intentSplit(line)
        if let word, word.lowercased() == "intent" {
            let (text, weight) = try intentArgument(argument)
            return Step(line: number, text: weight.map { "intent \"\(text)\" weight \(Format.fixed($0, decimals: 2))" } ?? "intent \"\(text)\"",
                        action: .intent(text: text, weight: weight))
        }
        let command: Command?
        do {
            command = try CommandParser.parse(line)
        } catch {
            if error.message.hasPrefix("unknown command ") {
                let word = line.drop { $0 == " " || $0 == "\t" }.prefix { $0 != " " && $0 != "\t" }
                throw CommandError("unknown step '\(word)' (steps: \(stepNames.joined(separator: ", ")))")
            }
            throw error
        }
        guard let command else { return nil }
        return Step(line: number, text: Scenario.display(line), action: .command(command))
    }

    /// The verb word and the raw rest of an `intent` line (comment removed); (nil, nil) for other lines
    /// is never returned: for a non-intent line the word is whatever comes first.
    static func intentSplit(_ line: String) throws(CommandError) -> (String?, String?) {
        let text = line.drop { $0 == " " || $0 == "\t" }
        let word = text.prefix { $0 != " " && $0 != "\t" }
        guard word.lowercased() == "intent" else { return (String(word), nil) }
        let rest = text.dropFirst(word.count).drop { $0 == " " || $0 == "\t" }
        return ("intent", String(rest))
    }

    /// `"dark comedy" weight 0.8`, `dark comedy weight 0.8`, `dark comedy  # comment` → text and weight.
    static func intentArgument(_ rest: String?) throws(CommandError) -> (String, Float?) {
        var rest = Substring(rest ?? "")
        var text: String
        if rest.hasPrefix("\"") {
            rest = rest.dropFirst()
            guard let close = rest.firstIndex(of: "\"") else { throw CommandError("missing closing quote in the intent") }
            text = String(rest[..<close])
            rest = rest[rest.index(after: close)...]
        } else {
            text = ""
        }
        // What follows (or the whole unquoted argument): words up to a comment.
        var words: [Substring] = []
        for word in rest.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            if word.hasPrefix("#") { break }
            words.append(word)
        }
        var weight: Float?
        if words.count >= 2, words[words.count - 2].lowercased() == "weight" {
            let value = words[words.count - 1]
            guard let w = Float(value), w > 0, w <= 1 else { throw CommandError("intent weight must be in (0, 1], got '\(value)'") }
            weight = w
            words.removeLast(2)
        }
        if text.isEmpty {
            text = words.joined(separator: " ")
        } else if !words.isEmpty {
            throw CommandError("unexpected text after the quoted intent: '\(words.joined(separator: " "))' (intent \"TEXT\" weight W)")
        }
        text = text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw CommandError("intent needs words: intent TEXT [weight W], e.g. intent funny space adventure") }
        return (text, weight)
    }

    /// A line without its comment and outer spaces, for listings.
    static func display(_ line: String) -> String {
        var out = ""
        var quoted = false
        var previous: Character = " "
        for character in line {
            if character == "\"" { quoted.toggle() }
            if character == "#" && !quoted && (previous == " " || previous == "\t") { break }
            out.append(character)
            previous = character
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    /// Checks every step against the data set before anything runs: users (data-set ids, or `new-N`
    /// made by an earlier `new-user`), items (id or exact title), algorithm names, and that intents
    /// have an encoder and item vectors. Cost O(steps + catalogue) once.
    public func check(against engine: Engine, hasEncoder: Bool) throws(ScenarioError) {
        let dataset = engine.dataset
        var userIds = Set<String>()
        userIds.reserveCapacity(dataset.users.count)
        for id in dataset.users.ids { userIds.insert(id) }
        var newUsers = dataset.users.count == 0 ? 1 : 0
        var resolver: ItemResolver?
        for step in steps {
            func fail(_ message: String) -> ScenarioError { ScenarioError(path, step.line, message) }
            switch step.action {
            case .command(.user(let id)):
                if userIds.contains(id) { continue }
                if id.hasPrefix("new-"), let n = Int(id.dropFirst(4)), n >= 1, n <= newUsers { continue }
                throw fail(id.hasPrefix("new-") ? "unknown user '\(id)': only \(newUsers) new user\(newUsers == 1 ? "" : "s") made by new-user before this line"
                           : "unknown user '\(id)' (not in \(dataset.name), \(dataset.users.count) users)")
            case .command(.newUser):
                newUsers += 1
            case .command(.click(let text)):
                if resolver == nil { resolver = ItemResolver(engine.dataset.catalog) }
                if resolver?.resolve(text) == nil { throw fail("unknown item '\(text)' (an item id or an exact title)") }
            case .command(.algorithm(let name)), .command(.compare(let name?)):
                if Algorithm(rawValue: name) == nil {
                    throw fail("unknown algorithm '\(name)' (algorithms: \(Algorithm.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
            case .intent:
                if !hasEncoder { throw fail("intent needs the text encoder (all-MiniLM-L6-v2): run `make model`, or --model DIR") }
                if engine.semantic == nil { throw fail("intent needs item vectors and \(dataset.name) has none (recscope embed, or --item-embeddings FILE)") }
            default:
                continue
            }
        }
    }

    /// Algorithms the steps switch to or compare with (so a headless run can fit them first).
    public var algorithmsUsed: [Algorithm] {
        var out: [Algorithm] = []
        for step in steps {
            switch step.action {
            case .command(.algorithm(let name)), .command(.compare(let name?)):
                if let algorithm = Algorithm(rawValue: name), !out.contains(algorithm) { out.append(algorithm) }
            default: continue
            }
        }
        return out
    }

    /// True when a step needs the sentence encoder.
    public var usesIntents: Bool { steps.contains { if case .intent = $0.action { true } else { false } } }
}

/// A bad scenario: `FILE:LINE: problem` (or `FILE: problem` without a line).
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String
    public init(_ file: String, _ line: Int?, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }
    public var description: String { line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)" }
}

/// Item id → index, else exact title, else case- and accent-insensitive title (as the explorer's
/// `click` resolves them). Built in O(catalogue) once.
struct ItemResolver {
    let catalog: Catalog
    var ids: [String: Int] = [:]
    var titles: [String: Int] = [:]
    var folded: [String: Int]?

    init(_ catalog: Catalog) {
        self.catalog = catalog
        for (index, id) in catalog.ids.enumerated() where ids[id] == nil { ids[id] = index }
        for (index, title) in catalog.titles.enumerated() where titles[title] == nil { titles[title] = index }
    }

    mutating func resolve(_ text: String) -> Int? {
        if let index = ids[text] ?? titles[text] { return index }
        if folded == nil {
            var map: [String: Int] = [:]
            for (index, title) in catalog.titles.enumerated() { let key = ItemSearch.fold(title); if map[key] == nil { map[key] = index } }
            folded = map
        }
        return folded?[ItemSearch.fold(text)]
    }
}

extension Explorer {
    /// A number as a command line reads it back: `3650`, `2.5` (never grouped like `3,650`).
    static func plainNumber(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
