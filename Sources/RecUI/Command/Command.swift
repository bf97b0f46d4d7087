/// One explorer command: a line typed after `:` in the explorer, or one step of a scenario file
/// (issue 10) — the same parser and the same set of actions, so a command, a key and a scenario step
/// take one path through the screen model (`Explorer.run(_:)`).
///
/// ```swift
/// let command = try CommandParser.parse("click \"Shining, The (1980)\"")   // .click("Shining, The (1980)")
/// try explorer.run(command!)
/// ```
public enum Command: Sendable, Equatable {
    /// `user ID` (a data-set user id, or `new-N` for a cold-start user made in this session).
    case user(String)
    /// `new-user`: a fresh user with no history.
    case newUser
    /// `item TEXT`: search the Items pane (title, genre, tag); `item` alone clears the search.
    case item(String)
    /// `genre NAME`: show only items of that genre; `genre` alone clears the filter.
    case genre(String?)
    /// `sort ORDER`: the focused list's order (`s` cycles): id, events, activity, catalogue, title,
    /// popularity, year, rank, score, movement, share, newest, weight.
    case sort(String)
    /// `click ITEM`: simulate a click on an item id or an exact title.
    case click(String)
    case undo, reset
    /// `algorithm NAME` (alias `algo`).
    case algorithm(String)
    /// `half-life DAYS` (any positive value), `window N` (N ≥ 1).
    case halfLife(Double)
    case window(Int)
    /// `weight NAME W` or `weights NAME=W,...`: hybrid component weights (others keep theirs).
    case weights([ComponentWeight])
    /// `compare NAME` or `compare off`.
    case compare(String?)
    /// `map on|off`.
    case map(Bool)
    /// `inspect RANK`: put the Rankings cursor on that rank (1-based) and inspect the item.
    case inspect(Int)
    /// `zoom [on|off]`: the focused pane alone on screen (toggles without an argument).
    case zoom(Bool?)
    /// `theme NAME`: default, projector or no-colour.
    case theme(String)
    /// `caption TEXT`: a line of text for the audience (a notice in the explorer).
    case caption(String)
    /// `wait DURATION` (seconds; `2s`, `500ms`) and `pause`: timing of scenario playback; no-ops here.
    case wait(Double)
    case pause
    /// `reproduce`: the `recscope recommend …` command for this session (key `y`).
    case reproduce
    /// `log`: the notices of this session (key `L`).
    case log
    /// `export [FILE]`: write the screen as plain text to FILE (default: a dated file; key `E`).
    case export(String?)
    case help, quit

    /// A hybrid component name and its new weight.
    public struct ComponentWeight: Sendable, Equatable {
        public var component: String
        public var weight: Float
        public init(_ component: String, _ weight: Float) { self.component = component; self.weight = weight }
    }
}

/// A line that is not a command: says what is wrong in one line (the scenario reader prefixes FILE:LINE).
public struct CommandError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Control characters the message echoes from the line (a CR from a CRLF file, say) are written as
    /// `\r`, `\n` or `\u{1B}`, so the message stays one line (found by the FuzzCommand fuzz target).
    public init(_ message: String) {
        self.message = message.escapingControlCharacters()
    }
    public var description: String { message }
}

/// Reads command lines: `VERB [ARGUMENT]`, the argument either the rest of the line or one
/// "double-quoted" string; `#` after a space (or at the start) begins a comment. Verbs are
/// case-insensitive and may be abbreviated to any unambiguous prefix (`alg ease`, `h 45`).
/// Pure and cheap (O(line length)); knows nothing of the data set — ids and names are resolved when
/// the command runs.
public enum CommandParser {
    /// A verb: its name, aliases, argument placeholder and one-line meaning (for `:help` and docs).
    public struct Verb: Sendable {
        public var name: String
        public var aliases: [String]
        public var argument: String
        public var meaning: String
    }

    public static let verbs: [Verb] = [
        Verb(name: "user", aliases: [], argument: "ID", meaning: "open a user (data-set id, or new-N)"),
        Verb(name: "new-user", aliases: [], argument: "", meaning: "a new user with no history (cold start)"),
        Verb(name: "item", aliases: ["search"], argument: "TEXT", meaning: "search items by title, genre, tag (no text: clear)"),
        Verb(name: "genre", aliases: [], argument: "[NAME]", meaning: "show only items of a genre (no name: all)"),
        Verb(name: "sort", aliases: [], argument: "ORDER", meaning: "order the focused list (s cycles)"),
        Verb(name: "click", aliases: [], argument: "ITEM", meaning: "simulate a click on an item id or exact title"),
        Verb(name: "undo", aliases: [], argument: "", meaning: "undo the last click"),
        Verb(name: "reset", aliases: [], argument: "", meaning: "back to the user's real history"),
        Verb(name: "algorithm", aliases: ["algo"], argument: "NAME", meaning: "switch the algorithm"),
        Verb(name: "half-life", aliases: ["halflife"], argument: "DAYS", meaning: "time decay with this half-life (any value)"),
        Verb(name: "window", aliases: [], argument: "N", meaning: "count only the last N events"),
        Verb(name: "weight", aliases: [], argument: "NAME W", meaning: "set one hybrid component's weight"),
        Verb(name: "weights", aliases: [], argument: "NAME=W,...", meaning: "set hybrid weights (others unchanged)"),
        Verb(name: "compare", aliases: [], argument: "NAME|off", meaning: "compare with a second algorithm, or stop"),
        Verb(name: "map", aliases: [], argument: "on|off", meaning: "semantic map instead of the profile"),
        Verb(name: "inspect", aliases: [], argument: "RANK", meaning: "inspect the item at this rank"),
        Verb(name: "zoom", aliases: [], argument: "[on|off]", meaning: "the focused pane alone on screen"),
        Verb(name: "theme", aliases: [], argument: "NAME", meaning: "colour theme: default, projector, no-colour"),
        Verb(name: "caption", aliases: [], argument: "TEXT", meaning: "show a line of text"),
        Verb(name: "wait", aliases: [], argument: "DURATION", meaning: "scenarios: wait (2s, 500ms)"),
        Verb(name: "pause", aliases: [], argument: "", meaning: "scenarios: wait for a key"),
        Verb(name: "reproduce", aliases: ["yank"], argument: "", meaning: "the recscope command for this session"),
        Verb(name: "log", aliases: [], argument: "", meaning: "this session's notices"),
        Verb(name: "export", aliases: [], argument: "[FILE]", meaning: "write the screen to a text file (E)"),
        Verb(name: "help", aliases: [], argument: "", meaning: "every key and command"),
        Verb(name: "quit", aliases: ["q", "exit"], argument: "", meaning: "leave the explorer"),
    ]

    /// The command on `line`, nil for a blank or comment-only line.
    public static func parse(_ line: String) throws(CommandError) -> Command? {
        let (word, argument) = try split(line)
        guard let word else { return nil }
        let verb = try resolve(word)
        func need(_ what: String) throws(CommandError) -> String {
            guard let argument, !argument.isEmpty else { throw CommandError("\(verb.name) needs \(what): \(usage(verb))") }
            return argument
        }
        func none() throws(CommandError) {
            if let argument, !argument.isEmpty { throw CommandError("\(verb.name) takes no argument, got '\(argument)'") }
        }
        switch verb.name {
        case "user": return .user(try need("an id"))
        case "new-user": try none(); return .newUser
        case "item": return .item(argument ?? "")
        case "click": return .click(try need("an item id or title"))
        case "genre": return .genre(argument.flatMap { $0.isEmpty ? nil : $0 })
        case "sort": return .sort(try need("an order").lowercased())
        case "undo": try none(); return .undo
        case "reset": try none(); return .reset
        case "algorithm": return .algorithm(try need("a name").lowercased())
        case "half-life":
            let text = try need("a number of days")
            let days = Double(text.hasSuffix("d") ? String(text.dropLast()) : text)
            guard let days, days.isFinite, days > 0 else { throw CommandError("half-life must be a positive number of days, got '\(text)'") }
            return .halfLife(days)
        case "window":
            let text = try need("a number of events")
            guard let n = Int(text), n >= 1 else { throw CommandError("window must be a whole number of events ≥ 1, got '\(text)'") }
            return .window(n)
        case "weight":
            let fields = try need("a component and a weight").split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 2 else { throw CommandError("weight needs a component and a weight, e.g. weight semantic 0.7") }
            return .weights([try componentWeight(String(fields[0]), String(fields[1]))])
        case "weights":
            var pairs: [Command.ComponentWeight] = []
            for part in try need("NAME=W pairs").split(separator: ",") {
                let fields = part.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard fields.count == 2 else { throw CommandError("bad weight '\(part)': expected NAME=W, e.g. ease=1") }
                pairs.append(try componentWeight(fields[0], fields[1]))
            }
            return .weights(pairs)
        case "compare":
            let name = try need("an algorithm or off").lowercased()
            return .compare(name == "off" ? nil : name)
        case "map": return .map(try onOff(try need("on or off"), verb))
        case "inspect":
            let text = try need("a rank")
            guard let rank = Int(text), rank >= 1 else { throw CommandError("inspect needs a rank ≥ 1, got '\(text)'") }
            return .inspect(rank)
        case "zoom":
            guard let argument, !argument.isEmpty else { return .zoom(nil) }
            return .zoom(try onOff(argument, verb))
        case "caption": return .caption(try need("text"))
        case "theme": return .theme(try need("a theme").lowercased())
        case "wait": return .wait(try duration(try need("a duration")))
        case "pause": try none(); return .pause
        case "reproduce": try none(); return .reproduce
        case "log": try none(); return .log
        case "export": return .export(argument.flatMap { $0.isEmpty ? nil : $0 })
        case "help": return .help
        default: try none(); return .quit
        }
    }

    /// `usage` line of a verb: `weight NAME W`.
    public static func usage(_ verb: Verb) -> String { verb.argument.isEmpty ? verb.name : "\(verb.name) \(verb.argument)" }

    /// The verb a word names: exact name or alias, else the only verb it is a prefix of.
    static func resolve(_ word: String) throws(CommandError) -> Verb {
        let word = word.lowercased()
        if let exact = verbs.first(where: { $0.name == word || $0.aliases.contains(word) }) { return exact }
        let candidates = verbs.filter { $0.name.hasPrefix(word) }
        if candidates.count == 1 { return candidates[0] }
        if candidates.isEmpty { throw CommandError("unknown command '\(word)' (commands: \(verbs.map(\.name).joined(separator: ", ")))") }
        throw CommandError("'\(word)' is ambiguous: \(candidates.map(\.name).joined(separator: ", "))")
    }

    /// The verb word and the argument (unquoted, comment removed, trimmed; nil when absent).
    static func split(_ line: String) throws(CommandError) -> (String?, String?) {
        var text = Substring(line).drop { $0 == " " || $0 == "\t" }
        if text.hasPrefix(":") { text = text.dropFirst() }
        let word = text.prefix { $0 != " " && $0 != "\t" }
        if word.isEmpty || word.hasPrefix("#") { return (nil, nil) }
        var rest = text.dropFirst(word.count).drop { $0 == " " || $0 == "\t" }
        if rest.hasPrefix("\"") {
            rest = rest.dropFirst()
            guard let close = rest.firstIndex(of: "\"") else { throw CommandError("missing closing quote in '\(line)'") }
            let after = rest[rest.index(after: close)...].drop { $0 == " " || $0 == "\t" }
            guard after.isEmpty || after.hasPrefix("#") else { throw CommandError("unexpected text after the quoted argument: '\(after)'") }
            return (String(word), String(rest[..<close]))
        }
        // A comment starts at a # that begins a word.
        var argument = ""
        var previous: Character = " "
        for character in rest {
            if character == "#" && (previous == " " || previous == "\t") { break }
            argument.append(character)
            previous = character
        }
        let trimmed = argument.trimmingTrailingSpaces()
        return (String(word), trimmed.isEmpty ? nil : trimmed)
    }

    static func onOff(_ text: String, _ verb: Verb) throws(CommandError) -> Bool {
        switch text.lowercased() {
        case "on", "yes", "true", "1": return true
        case "off", "no", "false", "0": return false
        default: throw CommandError("\(verb.name) takes on or off, got '\(text)'")
        }
    }

    static func componentWeight(_ name: String, _ value: String) throws(CommandError) -> Command.ComponentWeight {
        guard let weight = Float(value), weight.isFinite else { throw CommandError("weight '\(value)' for \(name) is not a number") }
        guard weight >= 0 else { throw CommandError("weight \(value) for \(name) is negative") }
        return Command.ComponentWeight(name.lowercased(), weight)
    }

    /// `2s`, `1.5s`, `500ms`, `2` (seconds) → seconds.
    static func duration(_ text: String) throws(CommandError) -> Double {
        let lower = text.lowercased()
        let (number, scale): (Substring, Double) = lower.hasSuffix("ms") ? (lower.dropLast(2), 0.001)
            : (lower.hasSuffix("s") ? (lower.dropLast(), 1) : (Substring(lower), 1))
        guard let value = Double(number), value.isFinite, value >= 0 else { throw CommandError("bad duration '\(text)': e.g. 2s or 500ms") }
        return value * scale
    }

    /// Completions of a partly typed line: verb names while the first word is typed, else the
    /// argument values `arguments(verb)` offers that start with the typed argument. Each is a whole line.
    public static func completions(_ line: String, arguments: (String) -> [String]) -> [String] {
        let text = line.drop { $0 == " " }
        guard let space = text.firstIndex(of: " ") else {
            let word = text.lowercased()
            return verbs.map(\.name).filter { $0.hasPrefix(word) }.map { $0 + " " }
        }
        let word = String(text[..<space])
        guard let verb = try? resolve(word) else { return [] }
        let typed = text[text.index(after: space)...].drop { $0 == " " }.lowercased()
        // `weight NAME W`: complete the component name only.
        return arguments(verb.name).filter { $0.lowercased().hasPrefix(typed) }.map { "\(verb.name) \($0)" }
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}
