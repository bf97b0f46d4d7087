import ArgumentParser
import RecEngine

/// `recscope map`: the catalogue on the semantic PCA plane as Braille density, with a user's history,
/// profile, top-K and — after clicks — the profile's trail. The TUI's Map view draws the same frame.
struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "The semantic map: items on the first two principal components, with a user's profile and top-K.",
        discussion: "Markers: @ profile, 1-9 and 0 the top-10 (+ beyond), • history items, · where the profile was before each click. Braille dots show item density."
    )

    @Option(name: .long, help: "User id (as in the data).")
    var user: String?

    @Flag(name: .long, help: "Start from a brand-new user with no history.")
    var newUser = false

    @Option(name: .long, help: "Algorithm whose top-K is marked (default semantic).")
    var algo: Algorithm = .semantic

    @Option(name: .long, help: ArgumentHelp("Simulate a click on this item id (repeatable, applied in order).", valueName: "ITEM"))
    var click: [String] = []

    @Option(name: .long, help: "Map width in characters.")
    var width: Int = 78

    @Option(name: .long, help: "Map height in characters.")
    var height: Int = 20

    @OptionGroup var count: CountOption
    @OptionGroup var decay: DecayOptions
    @OptionGroup var dataOptions: DataOptions

    @Flag(name: .long, help: "Print JSON (plane coordinates instead of the drawing).")
    var json = false

    func validate() throws {
        if user == nil && !newUser { throw ValidationError("give --user ID or --new-user") }
        if user != nil && newUser { throw ValidationError("--user and --new-user exclude each other") }
        guard (10...1000).contains(width), (4...500).contains(height) else {
            throw ValidationError("--width must be 10...1000 and --height 4...500, got \(width)×\(height)")
        }
    }

    func run() throws {
        let engine = try dataOptions.loadEngine()
        let model = try engine.requireSemantic()
        let describe = Describe(engine: engine)
        let userIndex = try user.map { try describe.user($0) }
        let clickItems = try click.map { try describe.item($0) }
        let session = try engine.makeSession(user: userIndex, algorithm: algo, decay: decay.policy, k: count.k)
        let track = try SemanticMapTrack(model: model, history: session.weightedHistory)
        for item in clickItems {
            try session.click(item: item)
            track.update(history: session.weightedHistory)
        }
        let historyItems = session.history.map(\.event.item)
        let recommendations = session.ranking.map(\.item)
        let map = track.map
        let variance = map.projection.variances
        let share = map.projection.totalVariance > 0 ? (variance[0] + variance[1]) / map.projection.totalVariance : 0

        if json {
            func point(_ p: PlanePoint) -> JSONValue { .object([("x", .float(p.x)), ("y", .float(p.y))]) }
            func items(_ list: [Int]) -> JSONValue {
                .array(list.filter { map.hasPoint[$0] }.map {
                    .object([("item", .string(describe.itemID($0))), ("title", .string(describe.title($0))), ("x", .float(map.points[$0].x)), ("y", .float(map.points[$0].y))])
                })
            }
            emit(.object([
                ("user", .optional(user)), ("algorithm", .string(algo.rawValue)),
                ("clicks", .array(click.map { .string($0) })),
                ("explained_variance", .float(share)),
                ("profile", track.profilePoint.map(point) ?? .null),
                ("trail", .array(track.trail.map(point))),
                ("recommendations", items(recommendations)),
                ("history", items(Array(Set(historyItems)).sorted())),
            ]))
            return
        }
        let who = user.map { "user \($0)" } ?? "a new user"
        emit("Semantic map — \(who), top \(count.k) by \(algo.rawValue); PCA plane shows \(fixed(share * 100, 1))% of the variance")
        if !clickItems.isEmpty { emit("after clicks on: " + clickItems.map { describe.title($0) }.joined(separator: "; ")) }
        let frame = track.frame(columns: width, rows: height, history: historyItems, recommendations: recommendations)
        frame.lines().forEach(emit)
        emit("@ profile  1-9,0 top-10  • history  · earlier profile  ⣿ item density")
        for (rank, item) in recommendations.prefix(10).enumerated() {
            emit(column("\(MapMarker.recommendation(rank: rank + 1).glyph)", 3, alignRight: true) + "  " + describe.title(item))
        }
    }
}
