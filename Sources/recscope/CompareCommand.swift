import ArgumentParser
import RecEngine

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Several algorithms' top-K for one user side by side, with their overlap and each item's rank under every algorithm.",
        discussion: "Every algorithm sees the same history, clicks and decay. A rank beyond K is the item's place in that algorithm's full ranking (null: the item is excluded because the user has seen it)."
    )

    @Option(name: .long, help: "User id (as in the data).")
    var user: String?

    @Flag(name: .long, help: "Start from a brand-new user with no history (popularity until the first click).")
    var newUser = false

    @Option(name: .long, help: ArgumentHelp("Comma-separated algorithms to compare (2 or more), e.g. content,ease,hybrid.", valueName: "A,B[,C]"))
    var algos: String

    @OptionGroup var count: CountOption

    @Option(name: .long, help: ArgumentHelp("Simulate a click on this item id (repeatable, applied in order, for every algorithm).", valueName: "ITEM"))
    var click: [String] = []

    @OptionGroup var hybridWeights: HybridWeightsOption
    @OptionGroup var decay: DecayOptions
    @OptionGroup var dataOptions: DataOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    /// The algorithms of `--algos`, in order; throws a one-line error naming a bad or repeated name.
    func algorithms() throws -> [Algorithm] {
        let names = algos.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
        var result: [Algorithm] = []
        for name in names {
            let algorithm = try AlgorithmRegistry.parse(name, context: "--algos")
            guard !result.contains(algorithm) else { throw RecError("algorithm '\(name)' is given twice in --algos") }
            result.append(algorithm)
        }
        guard result.count >= 2 else { throw RecError("--algos needs at least two algorithms, got '\(algos)'") }
        return result
    }

    func validate() throws {
        if user == nil && !newUser { throw ValidationError("give --user ID or --new-user") }
        if user != nil && newUser { throw ValidationError("--user and --new-user exclude each other") }
        let algorithms = try algorithms()
        if hybridWeights.weights != nil && !algorithms.contains(.hybrid) { throw ValidationError("--weights applies when --algos includes hybrid") }
    }

    func run() throws {
        let algorithms = try algorithms()
        let engine = try dataOptions.loadEngine(fitting: algorithms, progressBar: !json)
        let describe = Describe(engine: engine)
        let userIndex = try user.map { try describe.user($0) }
        let clickItems = try click.map { try describe.item($0) }
        let weights = algorithms.contains(.hybrid) ? try hybridWeights.resolve(engine: engine) : nil
        let sessions = try algorithms.map { algorithm in
            try engine.makeSession(user: userIndex, algorithm: algorithm, decay: decay.policy, k: count.k,
                                   hybridWeights: algorithm == .hybrid ? weights : nil)
        }
        for session in sessions {
            for item in clickItems { try session.click(item: item) }
        }
        let comparison = RankingComparison(sessions: sessions, k: count.k)
        let hybridSession = sessions.first { $0.algorithm == .hybrid }

        if json {
            var fields: [(String, JSONValue)] = [
                ("user", .optional(user)),
                ("algorithms", .array(algorithms.map { .string($0.rawValue) })),
            ]
            if let hybridSession, let weights = hybridSession.hybridWeightsJSON { fields.append(("weights", weights)) }
            fields += [
                ("k", .int(count.k)),
                ("decay", decay.policy.json),
                ("clicks", .array(click.map { .string($0) })),
                ("cold_start", .bool(sessions[0].isColdStart)),
                ("rankings", .array(algorithms.indices.map { index in
                    .object([
                        ("algorithm", .string(algorithms[index].rawValue)),
                        ("items", .array(comparison.rankings[index].map { entry in
                            .object([("rank", .int(entry.rank)), ("item", .string(describe.itemID(entry.item))),
                                     ("title", .string(describe.title(entry.item))), ("score", .float(entry.score))])
                        })),
                    ])
                })),
                ("overlap", .array(comparison.overlaps.map { overlap in
                    .object([
                        ("algorithms", .array([.string(algorithms[overlap.first].rawValue), .string(algorithms[overlap.second].rawValue)])),
                        ("shared", .int(overlap.shared.count)),
                        ("jaccard", .double((overlap.jaccard * 10_000).rounded() / 10_000)),
                        ("shared_items", .array(overlap.shared.map { .string(describe.itemID($0)) })),
                    ])
                })),
                ("items", .array(comparison.items.map { row in
                    .object([
                        ("item", .string(describe.itemID(row.item))),
                        ("title", .string(describe.title(row.item))),
                        ("ranks", .object(algorithms.indices.map { (algorithms[$0].rawValue, .optional(row.ranks[$0])) })),
                    ])
                })),
            ]
            emit(.object(fields))
            return
        }

        let who = user.map { "user \($0)" } ?? "a new user"
        let names = algorithms.map { algorithm -> String in
            guard algorithm == .hybrid, let text = hybridSession?.hybridWeightsText else { return algorithm.rawValue }
            return "hybrid (\(text))"
        }
        emit("Top \(count.k) for \(who) — \(names.joined(separator: " vs ")), \(decay.policy)\(sessions[0].isColdStart ? " (cold start: popularity)" : "")")
        if !clickItems.isEmpty {
            emit("after clicks on: " + clickItems.map { describe.title($0) }.joined(separator: "; "))
        }
        // Side by side; "*" marks an item that is also in another algorithm's top K.
        let width = 32
        let inOthers = algorithms.indices.map { index in
            Set(algorithms.indices.filter { $0 != index }.flatMap { comparison.rankings[$0].map(\.item) })
        }
        emit(trailingSpacesRemoved(column("rank", 5, alignRight: true) + "  " + algorithms.map { column($0.rawValue, width) }.joined(separator: "  ")))
        for position in 0..<(comparison.rankings.map(\.count).max() ?? 0) {
            let cells = algorithms.indices.map { index -> String in
                guard position < comparison.rankings[index].count else { return column("", width) }
                let item = comparison.rankings[index][position].item
                return column((inOthers[index].contains(item) ? "* " : "  ") + describe.title(item), width)
            }
            emit(trailingSpacesRemoved(column("\(position + 1)", 5, alignRight: true) + "  " + cells.joined(separator: "  ")))
        }
        emit("")
        emit("overlap of the top \(count.k) (* = in another list):")
        for overlap in comparison.overlaps {
            emit("  \(algorithms[overlap.first].rawValue) ∩ \(algorithms[overlap.second].rawValue): \(overlap.shared.count) shared, Jaccard \(fixed(overlap.jaccard, 3))"
                 + (overlap.shared.isEmpty ? "" : " — " + overlap.shared.map { describe.title($0) }.joined(separator: "; ")))
        }
        emit("")
        emit("rank of every listed item under each algorithm (beyond \(count.k): its place in the full ranking):")
        emit(column("item", 8) + algorithms.map { column($0.rawValue, 11, alignRight: true) }.joined() + "  title")
        for row in comparison.items {
            emit(column(describe.itemID(row.item), 8) + row.ranks.map { column($0.map { grouped($0) } ?? "seen", 11, alignRight: true) }.joined()
                 + "  " + describe.title(row.item))
        }
    }
}

private func trailingSpacesRemoved(_ line: String) -> String {
    var text = line
    while text.last == " " { text.removeLast() }
    return text
}
