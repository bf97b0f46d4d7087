import ArgumentParser
import RecEngine

struct RecommendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Top-K recommendations for a user, optionally after simulated clicks.",
        discussion: "previous_rank is each item's rank before the clicks were applied (null when it was not in that top-K)."
    )

    @Option(name: .long, help: "User id (as in the data).")
    var user: String?

    @Flag(name: .long, help: "Start from a brand-new user with no history (popularity until the first click).")
    var newUser = false

    @OptionGroup var count: CountOption

    @Option(name: .long, help: "Algorithm: content, popularity, or any other fitted one.")
    var algo: Algorithm = .content

    @Option(name: .long, help: ArgumentHelp("Simulate a click on this item id (repeatable, applied in order).", valueName: "ITEM"))
    var click: [String] = []

    @Flag(name: .long, help: "Explain every score.")
    var explain = false

    @Flag(name: .long, help: "Keep items the user already interacted with.")
    var includeSeen = false

    @OptionGroup var decay: DecayOptions
    @OptionGroup var dataOptions: DataOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func validate() throws {
        if user == nil && !newUser { throw ValidationError("give --user ID or --new-user") }
        if user != nil && newUser { throw ValidationError("--user and --new-user exclude each other") }
    }

    func run() throws {
        let engine = try dataOptions.loadEngine(fitting: [algo])
        let describe = Describe(engine: engine)
        let userIndex = try user.map { try describe.user($0) }
        let clickItems = try click.map { try describe.item($0) }
        let session = try engine.makeSession(user: userIndex, algorithm: algo, decay: decay.policy, k: count.k, excludeSeen: !includeSeen)
        let before = session.ranking
        var lastRerank: Double? = nil
        for item in clickItems { lastRerank = try session.click(item: item).rerankMicroseconds }
        var previousRank: [Int: Int] = [:]
        for entry in before { previousRank[entry.item] = entry.rank }
        let ranking = session.ranking

        if json {
            var items: [JSONValue] = []
            for entry in ranking {
                var fields: [(String, JSONValue)] = [
                    ("rank", .int(entry.rank)),
                    ("item", .string(describe.itemID(entry.item))),
                    ("title", .string(describe.title(entry.item))),
                    ("score", .float(entry.score)),
                    ("previous_rank", .optional(previousRank[entry.item])),
                ]
                if explain { fields.append(("explanation", describe.json(session.explain(item: entry.item)))) }
                items.append(.object(fields))
            }
            emit(.object([
                ("user", .optional(user)),
                ("algorithm", .string(algo.rawValue)),
                ("k", .int(count.k)),
                ("decay", session.decay.json),
                ("clicks", .array(click.map { .string($0) })),
                ("cold_start", .bool(session.isColdStart)),
                ("items", .array(items)),
                ("timing_us", .object([("rerank", lastRerank.map { .double(($0 * 10).rounded() / 10) } ?? .null)])),
            ]))
            return
        }

        let who = user.map { "user \($0)" } ?? "a new user"
        emit("Top \(count.k) for \(who) — \(algo.rawValue), \(session.decay)\(session.isColdStart ? " (cold start: popularity)" : "")")
        if !clickItems.isEmpty {
            emit("after clicks on: " + clickItems.map { describe.title($0) }.joined(separator: "; "))
        }
        emit(column("rank", 5, alignRight: true) + "  " + column("move", 5) + column("item", 8) + column("score", 8, alignRight: true) + "  title")
        for entry in ranking {
            let move = clickItems.isEmpty ? "" : Describe.marker(previous: previousRank[entry.item], now: entry.rank)
            emit(column("\(entry.rank)", 5, alignRight: true) + "  " + column(move, 5) + column(describe.itemID(entry.item), 8)
                 + column(fixed(entry.score, 4), 8, alignRight: true) + "  " + describe.title(entry.item))
            if explain { describe.lines(session.explain(item: entry.item)).forEach(emit) }
        }
        if let lastRerank {
            emit("re-ranked \(grouped(engine.dataset.catalog.count)) items in \(Int(lastRerank.rounded())) µs after the last click")
        }
    }
}
