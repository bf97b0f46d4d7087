import Foundation
import RecEngine

/// State of the `:` command line: the line being typed, the history of lines run, and where ↑/↓ is.
struct CommandLineState {
    var text: String?
    var history: [String] = []
    /// Index into `history` while browsing it with ↑/↓ (nil: editing a new line).
    var browsing: Int?
    var draft = ""
}

/// The `:` command line and the commands behind it (`Command`, shared with scenario files): typing,
/// Tab completion, ↑/↓ history, and running a command against the explorer's state.
extension Explorer {
    /// The line being typed after `:`, nil when the command line is closed.
    public var commandText: String? { commandLine.text }

    func startCommand() {
        commandLine.text = ""
        commandLine.browsing = nil
    }

    func insertIntoCommand(_ text: String) {
        guard var line = commandLine.text else { return }
        line += text
        if line.count > Explorer.maximumQueryLength { line = String(line.prefix(Explorer.maximumQueryLength)) }
        commandLine.text = line
    }

    func eraseInCommand() {
        guard let line = commandLine.text else { return }
        if line.isEmpty { commandLine.text = nil } else { commandLine.text = String(line.dropLast()) }
    }

    func browseHistory(_ direction: Int) {
        guard commandLine.text != nil, !commandLine.history.isEmpty else { return }
        let count = commandLine.history.count
        if commandLine.browsing == nil {
            guard direction < 0 else { return }
            commandLine.draft = commandLine.text ?? ""
            commandLine.browsing = count - 1
        } else if let index = commandLine.browsing {
            let next = index + direction
            if next >= count { commandLine.browsing = nil; commandLine.text = commandLine.draft; return }
            commandLine.browsing = max(0, next)
        }
        commandLine.text = commandLine.history[commandLine.browsing!]
    }

    /// Tab: the only completion replaces the line; several complete to their common prefix and are listed.
    func completeCommand() {
        guard let line = commandLine.text else { return }
        let options = CommandParser.completions(line, arguments: completionValues)
        guard !options.isEmpty else { message = "no completion for '\(line)'"; return }
        if options.count == 1 { commandLine.text = options[0]; return }
        var prefix = options[0]
        for option in options.dropFirst() { while !option.hasPrefix(prefix) { prefix.removeLast() } }
        if prefix.count > line.count { commandLine.text = prefix }
        let shown = options.prefix(12).map { $0.split(separator: " ").last.map(String.init) ?? $0 }
        message = shown.joined(separator: "  ") + (options.count > 12 ? "  … (\(options.count))" : "")
    }

    /// Values Tab offers after a verb.
    func completionValues(_ verb: String) -> [String] {
        switch verb {
        case "algorithm": return engine.algorithms.map(\.rawValue)
        case "compare": return engine.algorithms.filter { $0 != algorithm }.map(\.rawValue) + ["off"]
        case "weight": return (session.hybridComponents ?? []).map(\.rawValue)
        case "map", "zoom": return ["on", "off"]
        case "genre": return allGenres
        case "theme": return Theme.allCases.map(\.rawValue)
        case "sort": return sortNames(for: focus)
        case "user": return newUsers.map { "new-\($0)" } + engine.dataset.users.ids
        case "half-life": return Explorer.halfLifeSteps.map { Explorer.plainNumber($0) }
        case "window": return Explorer.windowSteps.map(String.init)
        default: return []
        }
    }

    /// Enter: parses and runs the line, keeps it in the history; an error is shown and the line stays
    /// closed (↑ brings it back to fix). Returns false when the command was `quit`.
    func runCommandLine() -> Bool {
        guard let line = commandLine.text else { return true }
        commandLine.text = nil
        commandLine.browsing = nil
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return true }
        if commandLine.history.last != line { commandLine.history.append(line) }
        do {
            guard let command = try CommandParser.parse(line) else { return true }
            return try run(command)
        } catch {
            fail(error.message)
            return true
        }
    }

    /// Shows `text` as an error notice (red, and in the log).
    func fail(_ text: String) {
        message = text
        messageIsError = true
    }

    /// Runs one command (from the command line, a start option or a scenario step). Throws a
    /// one-line `CommandError` for what cannot be done (unknown user, item or algorithm, …); returns
    /// false for `quit`. Cost: that of the action (a user switch or click: one re-rank).
    @discardableResult
    public func run(_ command: Command) throws(CommandError) -> Bool {
        switch command {
        case .user(let id):
            try openUser(id)
        case .newUser:
            perform(.newUser)
        case .item(let text):
            let pane = focus
            if pane != .items { setFocus(.items) }
            searching = .items
            prepareIndex(for: .items)
            setQuery(String(text.prefix(Explorer.maximumQueryLength)))
            searching = nil
            message = text.isEmpty ? "item search cleared" : "\(Format.count(itemOrder.count, "item")) match '\(text)'"
        case .genre(let name):
            if focus != .items { setFocus(.items) }
            try setGenre(name)
        case .sort(let order):
            try setSort(order)
        case .click(let text):
            let item = try resolveItem(text)
            click(item)
            if session.clicks.last != item { throw CommandError(message ?? "could not click \(text)") }
        case .undo:
            perform(.undo)
        case .reset:
            perform(.reset)
        case .algorithm(let name):
            let wanted = try resolveAlgorithm(name)
            preferredAlgorithm = nil
            if wanted != algorithm { switchAlgorithm(to: wanted) }
            if algorithm != wanted { throw CommandError(message ?? "could not switch to \(name)") }
            message = "algorithm \(wanted.rawValue)"
        case .halfLife(let days):
            halfLifeDays = days
            setDecay(.halfLife(days: days))
        case .window(let events):
            windowEvents = events
            setDecay(.window(events: events))
        case .weights(let pairs):
            try setWeights(pairs)
        case .compare(let name):
            if let name {
                let second = try resolveAlgorithm(name)
                guard second != algorithm else { throw CommandError("compare needs another algorithm than \(algorithm.rawValue)") }
                compare.chosen = second
                compare.session = nil
                if !compare.enabled { toggleCompare() } else { rankingsCache = nil }
                message = "comparing \(algorithm.rawValue) with \(second.rawValue)"
            } else if compare.enabled {
                toggleCompare()
            } else {
                message = "compare is already off"
            }
        case .map(let on):
            if on != map.isShown { perform(.toggleMap) } else { message = "map is already \(on ? "on" : "off")" }
        case .inspect(let rank):
            guard rank <= session.ranking.count else { throw CommandError("rank \(rank) is beyond the ranking (\(session.ranking.count) items)") }
            setFocus(.rankings)
            cursors[.rankings] = ListCursor(row: rank - 1, offset: cursors[.rankings, default: ListCursor()].offset)
            clampAll()
            rankingsCache = nil
            updateInspected()
            message = "inspecting #\(rank): \(title(of: session.ranking[rank - 1].item))"
        case .zoom(let on):
            setZoom(on ?? (zoomed == nil))
        case .theme(let name):
            guard let chosen = Theme(rawValue: name) ?? Theme.allCases.first(where: { $0.rawValue.hasPrefix(name) }) else {
                throw CommandError("unknown theme '\(name)' (themes: \(Theme.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            theme = chosen
            message = "theme \(chosen.rawValue)"
        case .caption(let text):
            message = text
        case .wait, .pause:
            break
        case .reproduce:
            perform(.reproduce)
        case .log:
            perform(.toggleLog)
        case .export(let file):
            exportScreen(to: file)
            if messageIsError { throw CommandError(message ?? "could not export the screen") }
        case .help:
            if !helpShown { perform(.toggleHelp) }
        case .quit:
            return false
        }
        updateInspected()
        return true
    }

    /// Opens user `id` (data-set id or new-N), clearing a users search that hides them.
    func openUser(_ id: String) throws(CommandError) {
        let target: UserRef
        if id.hasPrefix("new-"), let number = Int(id.dropFirst(4)), newUsers.contains(number) {
            target = .new(number)
        } else if let index = userIndexById[id] {
            target = .existing(index)
        } else {
            throw CommandError("unknown user '\(id)'")
        }
        if !userOrder.contains(target) {
            userQuery = ""
            userMatches = nil
            rebuildUserOrder()
        }
        if let row = userOrder.firstIndex(of: target) { cursors[.users] = ListCursor(row: row) }
        switchUser(to: target)
        clampAll()
        if current != target { throw CommandError(message ?? "could not open user \(id)") }
        message = "user \(id)"
    }

    /// Data-set user id → index (built once).
    var userIndexById: [String: Int] {
        if let cached = userIds { return cached }
        var map: [String: Int] = [:]
        for (index, id) in engine.dataset.users.ids.enumerated() where map[id] == nil { map[id] = index }
        userIds = map
        return map
    }

    /// An item by id, else by exact title (then case- and accent-insensitive exact title).
    func resolveItem(_ text: String) throws(CommandError) -> Int {
        let catalog = engine.dataset.catalog
        if itemIds == nil {
            var map: [String: Int] = [:]
            for (index, id) in catalog.ids.enumerated() where map[id] == nil { map[id] = index }
            itemIds = map
        }
        if let index = itemIds?[text] { return index }
        if let index = catalog.titles.firstIndex(of: text) { return index }
        let folded = ItemSearch.fold(text)
        if let index = catalog.titles.firstIndex(where: { ItemSearch.fold($0) == folded }) { return index }
        throw CommandError("unknown item '\(text)' (an item id or an exact title; :item TEXT searches)")
    }

    func resolveAlgorithm(_ name: String) throws(CommandError) -> Algorithm {
        let known = Algorithm.allCases.map(\.rawValue)
        guard let wanted = Algorithm(rawValue: name.lowercased()) else {
            throw CommandError("unknown algorithm '\(name)' (algorithms: \(known.joined(separator: ", ")))")
        }
        guard engine.algorithms.contains(wanted) else {
            if Explorer.fittedInBackground.contains(wanted) && hasBackgroundWork {
                throw CommandError("\(wanted.rawValue) is still being fitted (\(lastBackgroundNote ?? "…")); try again when it is ready")
            }
            throw CommandError(Explorer.unavailableReason(wanted, engine: engine))
        }
        return wanted
    }

    func setWeights(_ pairs: [Command.ComponentWeight]) throws(CommandError) {
        guard algorithm == .hybrid, let components = session.hybridComponents, var weights = session.hybridWeights,
              weights.count == components.count else {
            throw CommandError("weights belong to the hybrid: run 'algorithm hybrid' first")
        }
        for pair in pairs {
            guard let index = components.firstIndex(where: { $0.rawValue == pair.component }) else {
                throw CommandError("unknown hybrid component '\(pair.component)' (components: \(components.map(\.rawValue).joined(separator: ", ")))")
            }
            weights[index] = min(Explorer.maximumWeight, pair.weight)
        }
        guard weights.contains(where: { $0 > 0 }) else { throw CommandError("every hybrid weight would be 0: nothing would be scored") }
        do {
            if let update = try session.setHybridWeights(weights) { applied(update) }
        } catch {
            throw CommandError("\(error)")
        }
        hybridWeights = weights
        message = "hybrid weights " + HybridWeights.describe(weights, components: components)
    }
}

/// `y`: the headless command that reproduces what the explorer shows, so anything seen can be scripted.
extension Explorer {
    /// `recscope recommend …` for the current user, algorithm, hybrid weights, decay and clicks.
    public var reproduceCommand: String {
        var parts = ["recscope", "recommend"]
        if !engine.directory.isEmpty { parts += ["--data", Explorer.shellQuote(engine.directory)] }
        switch current {
        case .existing(let index): parts += ["--user", Explorer.shellQuote(engine.dataset.users.ids[index])]
        case .new: parts.append("--new-user")
        }
        if algorithm != .content { parts += ["--algo", algorithm.rawValue] }
        if algorithm == .hybrid, hybridWeights != nil, let weights = session.hybridWeights, let components = session.hybridComponents {
            parts += ["--weights", HybridWeights.describe(weights, components: components)]
        }
        switch decay {
        case .halfLife(let days) where days != DecayPolicy.standardHalfLifeDays: parts += ["--half-life", Explorer.plainNumber(days)]
        case .window(let events): parts += ["--window", String(events)]
        default: break
        }
        for item in session.clicks { parts += ["--click", Explorer.shellQuote(engine.dataset.catalog.ids[item])] }
        parts += ["-k", "10"]
        return parts.joined(separator: " ")
    }

    func reproduce() {
        let command = reproduceCommand
        guard let file = reproduceFile else { message = command; return }
        do {
            try ("#!/bin/sh\n# the explorer session as a headless command (recscope tui, key y)\n" + command + "\n")
                .write(toFile: file, atomically: true, encoding: .utf8)
            message = command + "   (written to \(file))"
        } catch {
            message = command
            fail(command + "   (could not write \(file): \(error.localizedDescription))")
        }
    }

    /// `text` as one shell word: unchanged when it is plain, else in single quotes.
    static func shellQuote(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            (scalar.value < 128) && (CharacterSet.alphanumerics.contains(scalar) || "._/-=,:+@%".unicodeScalars.contains(scalar))
        }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

extension DecayPolicy {
    /// The half-life the command line uses when none is given (`--half-life` default).
    static let standardHalfLifeDays: Double = 90
}

extension Explorer {
    /// Order names the focused pane accepts (`:sort NAME`).
    func sortNames(for pane: Pane) -> [String] {
        switch pane {
        case .users: ["id", "events", "activity"]
        case .items: ItemSort.allCases.map(\.rawValue)
        case .rankings: availableRankingSorts.map { $0 == .score ? "score" : $0 == .share ? "share" : $0.rawValue }
        case .profile: ["newest", "weight"]
        case .inspector: []
        }
    }

    /// `:sort NAME` on the focused pane.
    func setSort(_ name: String) throws(CommandError) {
        let names = sortNames(for: focus)
        guard let index = names.firstIndex(where: { $0.hasPrefix(name) }) else {
            throw CommandError(names.isEmpty ? "the \(focus.title) pane has no orders" : "the \(focus.title) pane sorts by \(names.joined(separator: ", ")), not '\(name)'")
        }
        switch focus {
        case .users: userSort = UserSort.allCases[index]; rebuildUserOrder()
        case .items: itemSort = ItemSort.allCases[index]; rebuildItemOrder()
        case .rankings: rankingSort = availableRankingSorts[index]; rankingsCache = nil
        case .profile: historySort = index == 0 ? .date : .weight; profileCache = nil
        case .inspector: break
        }
        cursors[focus] = ListCursor()
        clampAll()
        message = "\(focus.title) sorted by \(names[index])"
    }
}
