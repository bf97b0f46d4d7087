import ArgumentParser
import RecEngine
import TextEncoder

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

    @Option(name: .long, help: ArgumentHelp("What the user is in the mood for, in words: embedded in process (`make model`) and blended into the ranking after the clicks.", valueName: "TEXT"))
    var intent: String?

    @Option(name: .long, help: ArgumentHelp("How far --intent pulls the ranking, 0 < W ≤ 1.", valueName: "W"))
    var intentWeight: Float = Session.defaultIntentWeight

    @OptionGroup var modelOption: ModelOption
    @OptionGroup var hybridWeights: HybridWeightsOption
    @OptionGroup var decay: DecayOptions
    @OptionGroup var dataOptions: DataOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func validate() throws {
        if user == nil && !newUser { throw ValidationError("give --user ID or --new-user") }
        if user != nil && newUser { throw ValidationError("--user and --new-user exclude each other") }
        if !(intentWeight > 0 && intentWeight <= 1) { throw ValidationError("--intent-weight must be in (0, 1], got \(intentWeight)") }
        if let intent { _ = try requireText(intent, flag: "--intent") }
        if hybridWeights.weights != nil && algo != .hybrid { throw ValidationError("--weights applies to --algo hybrid, not \(algo.rawValue)") }
    }

    func run() throws {
        let encoder = try intent.map { _ in try modelOption.load() }
        let engine = try dataOptions.loadEngine(fitting: [algo], progressBar: !json)
        let describe = Describe(engine: engine)
        let userIndex = try user.map { try describe.user($0) }
        let clickItems = try click.map { try describe.item($0) }
        let session = try engine.makeSession(user: userIndex, algorithm: algo, decay: decay.policy, k: count.k, excludeSeen: !includeSeen,
                                             hybridWeights: try hybridWeights.resolve(engine: engine))
        let weightsUsed = algo == .hybrid ? session.hybridWeightsJSON : nil
        let before = session.ranking
        var lastRerank: Double? = nil
        for item in clickItems { lastRerank = try session.click(item: item).rerankMicroseconds }
        if let intent, let encoder {
            let encoding = encoder.encode(intent)
            if let note = truncationNote(encoding, maxTokens: encoder.maxTokens, what: "the intent") { warn(note) }
            lastRerank = try session.addIntent(text: intent, vector: encoding.vector, weight: intentWeight).rerankMicroseconds
        }
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
                if intent != nil { fields.append(("intent_similarity", session.intentSimilarity(of: entry.item).map { .float($0) } ?? .null)) }
                if explain { fields.append(("explanation", describe.json(session.explain(item: entry.item)))) }
                items.append(.object(fields))
            }
            var fields: [(String, JSONValue)] = [("user", .optional(user)), ("algorithm", .string(algo.rawValue))]
            if let weightsUsed { fields.append(("weights", weightsUsed)) }
            fields += [("k", .int(count.k)), ("decay", session.decay.json), ("clicks", .array(click.map { .string($0) }))]
            if let intent { fields.append(("intent", .object([("text", .string(intent)), ("weight", .float(intentWeight))]))) }
            fields += [
                ("cold_start", .bool(session.isColdStart)),
                ("items", .array(items)),
                ("timing_us", .object([("rerank", lastRerank.map { .double(($0 * 10).rounded() / 10) } ?? .null)])),
            ]
            emit(.object(fields))
            return
        }

        let who = user.map { "user \($0)" } ?? "a new user"
        let recipe = algo == .hybrid ? session.hybridWeightsText.map { " (\($0))" } ?? "" : ""
        let coldStart = session.isColdStart ? (intent == nil ? " (cold start: popularity)" : " (no history: words alone)") : ""
        emit("Top \(count.k) for \(who) — \(algo.rawValue)\(recipe), \(session.decay)\(coldStart)")
        if let label = session.intentLabel { emit("intent: \(label) at weight \(fixed(intentWeight, 2)); last column: cosine to it") }
        if !clickItems.isEmpty {
            emit("after clicks on: " + clickItems.map { describe.title($0) }.joined(separator: "; "))
        }
        emit(column("rank", 5, alignRight: true) + "  " + column("move", 5) + column("item", 8) + column("score", 8, alignRight: true) + "  title")
        for entry in ranking {
            let move = clickItems.isEmpty && intent == nil ? "" : Describe.marker(previous: previousRank[entry.item], now: entry.rank)
            let similarity = session.intentSimilarity(of: entry.item).map { "  " + fixed($0, 2) } ?? ""
            emit(column("\(entry.rank)", 5, alignRight: true) + "  " + column(move, 5) + column(describe.itemID(entry.item), 8)
                 + column(fixed(entry.score, 4), 8, alignRight: true) + "  " + describe.title(entry.item) + similarity)
            if explain { describe.lines(session.explain(item: entry.item)).forEach(emit) }
        }
        if let lastRerank {
            emit("re-ranked \(grouped(engine.dataset.catalog.count)) items in \(Int(lastRerank.rounded())) µs after the last \(intent == nil ? "click" : "change")")
        }
    }
}
