import ArgumentParser
import RecEngine

struct SimilarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "Nearest neighbours: items like an item, or users like a user.",
        discussion: "Items are compared by content cosine (or another algorithm's item space with --algo); users by the cosine of their content profiles."
    )

    @Option(name: .long, help: "Item id whose neighbours to list.")
    var item: String?

    @Option(name: .long, help: "User id whose most similar users to list.")
    var user: String?

    @Option(name: .long, help: "Item space for --item: content (default) or the algorithm whose similar-items to use.")
    var algo: Algorithm = .content

    @Option(name: .long, help: "Space to compare in: content, semantic (item embeddings; users by semantic profile), or another algorithm's item space. Overrides --algo.")
    var space: Algorithm?

    /// The space asked for: `--space`, else `--algo`.
    var chosenSpace: Algorithm { space ?? algo }

    @OptionGroup var count: CountOption
    @OptionGroup var decay: DecayOptions
    @OptionGroup var dataOptions: DataOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func validate() throws {
        if (item == nil) == (user == nil) { throw ValidationError("give exactly one of --item ID or --user ID") }
    }

    func run() throws {
        let engine = try dataOptions.loadEngine(fitting: [algo], progressBar: !json)
        let describe = Describe(engine: engine)
        if let item {
            let index = try describe.item(item)
            let neighbours = try engine.recommender(chosenSpace).similarItems(to: index, k: count.k)
            if json {
                emit(.object([
                    ("item", .string(item)), ("title", .string(describe.title(index))), ("space", .string(chosenSpace.rawValue)),
                    ("neighbours", .array(neighbours.enumerated().map { rank, n in
                        .object([("rank", .int(rank + 1)), ("item", .string(describe.itemID(n.item))), ("title", .string(describe.title(n.item))), ("similarity", .float(n.score))])
                    })),
                ]))
            } else {
                emit("Items most similar to \(describe.title(index)) [\(item)] — \(chosenSpace.rawValue) space")
                if neighbours.isEmpty { emit("(no neighbours: the item has no features in this space)") }
                for (rank, n) in neighbours.enumerated() {
                    emit(column("\(rank + 1)", 4, alignRight: true) + "  " + column(fixed(n.score, 4), 7) + column(describe.itemID(n.item), 8) + describe.title(n.item))
                }
            }
            return
        }
        let userID = user ?? ""
        let index = try describe.user(userID)
        if chosenSpace == .semantic {
            try SemanticSimilarUsers(engine: engine, user: index, userID: userID, k: count.k, decay: decay.policy, json: json).print()
            return
        }
        let neighbours = engine.similarUsers(to: index, k: count.k, decay: decay.policy)
        if json {
            emit(.object([
                ("user", .string(userID)), ("space", .string("content_profile")),
                ("neighbours", .array(neighbours.enumerated().map { rank, n in
                    .object([("rank", .int(rank + 1)), ("user", .string(engine.dataset.users.ids[n.item])), ("similarity", .float(n.score)),
                             ("events", .int(engine.dataset.eventsByUser[n.item].count))])
                })),
            ]))
        } else {
            emit("Users whose content profiles are most similar to user \(userID)'s (\(decay.policy))")
            for (rank, n) in neighbours.enumerated() {
                emit(column("\(rank + 1)", 4, alignRight: true) + "  " + column(fixed(n.score, 4), 7) + "user " + column(engine.dataset.users.ids[n.item], 8) + "\(engine.dataset.eventsByUser[n.item].count) events")
            }
        }
    }
}
