import ArgumentParser
import RecEngine

struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "A user's history with decay weights and the features that dominate their profile."
    )

    @Option(name: .long, help: "User id.")
    var user: String

    @Option(name: .long, help: ArgumentHelp("Simulate a click on this item id first (repeatable).", valueName: "ITEM"))
    var click: [String] = []

    @Option(name: .long, help: "How many of the most recent events to list (0 = all).")
    var history: Int = 15

    @Option(name: .long, help: "How many top features to list.")
    var features: Int = 10

    @OptionGroup var decay: DecayOptions
    @OptionGroup var dataOptions: DataOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func validate() throws {
        guard history >= 0 else { throw ValidationError("--history must be 0 or more, got \(history)") }
        guard features >= 1 else { throw ValidationError("--features must be at least 1, got \(features)") }
    }

    func run() throws {
        let engine = try dataOptions.loadEngine()
        let describe = Describe(engine: engine)
        let index = try describe.user(user)
        let session = try engine.makeSession(user: index, decay: decay.policy, k: 1)
        for id in click { try session.click(item: try describe.item(id)) }
        let entries = session.history
        let shown = history == 0 ? entries[...] : entries.suffix(history)
        let top = session.topFeatures(features)
        let profileSize = session.contentProfile.filter { $0 != 0 }.count
        let mean = EventWeighting.meanRating(of: engine.dataset.eventsByUser[index])

        if json {
            emit(.object([
                ("user", .string(user)),
                ("events", .int(entries.count)),
                ("simulated_clicks", .int(session.clicks.count)),
                ("mean_rating", mean.map { .float($0) } ?? .null),
                ("decay", session.decay.json),
                ("profile_size", .int(profileSize)),
                ("top_features", .array(top.map { .object([("feature", .string($0.feature)), ("weight", .float($0.value))]) })),
                ("history", .array(shown.reversed().map { entry in
                    .object([
                        ("item", .string(describe.itemID(entry.event.item))),
                        ("title", .string(describe.title(entry.event.item))),
                        ("timestamp", .int(Int(entry.event.timestamp))),
                        ("kind", .string(String(describe: entry.event.kind))),
                        ("value", .float(entry.event.value)),
                        ("event_weight", .float(entry.eventWeight)),
                        ("decay", .float(entry.decay)),
                        ("weight", .float(entry.effectiveWeight)),
                        ("simulated", .bool(entry.simulated)),
                    ])
                })),
            ]))
            return
        }
        emit("User \(user): \(entries.count) events\(session.clicks.isEmpty ? "" : " (\(session.clicks.count) simulated)"), mean rating \(mean.map { fixed($0, 2) } ?? "–"), \(session.decay), profile over \(profileSize) features")
        emit("")
        emit("Top interest features")
        let widest = top.map(\.value).max() ?? 1
        for feature in top {
            let bar = String(repeating: "█", count: max(1, Int((feature.value / widest * 30).rounded())))
            emit("  " + column(feature.feature, 28) + column(fixed(feature.value, 3), 7) + bar)
        }
        emit("")
        emit("Most recent events (newest first)")
        emit("  " + column("date", 12) + column("value", 7) + column("weight", 8) + column("decay", 7) + column("eff.", 7) + "title")
        for entry in shown.reversed() {
            let date = entry.simulated ? "click" : dateString(entry.event.timestamp)
            emit("  " + column(date, 12) + column(entry.simulated ? "–" : fixed(entry.event.value, 1), 7) + column(fixed(entry.eventWeight, 2), 8)
                 + column(fixed(entry.decay, 3), 7) + column(fixed(entry.effectiveWeight, 3), 7) + describe.title(entry.event.item))
        }
    }
}

extension String {
    init(describe kind: EventKind) {
        switch kind {
        case .rating: self = "rating"
        case .implicit: self = "implicit"
        case .click: self = "click"
        }
    }
}
