import ArgumentParser
import RecEngine
import TextEncoder

struct AudienceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audience",
        abstract: "Who is a new item for? Describe an item that does not exist yet; get the users whose profiles rank it highest and its nearest existing items.",
        discussion: "The description is embedded in process with all-MiniLM-L6-v2 (`make model`); users are ranked by the cosine of their semantic profile (decayed, as in sessions) and the item."
    )

    @Option(name: .long, help: ArgumentHelp("The new item, in words (e.g. its title, genres and a line about it).", valueName: "TEXT"))
    var text: String

    @OptionGroup var count: CountOption
    @OptionGroup var decay: DecayOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var modelOption: ModelOption

    @Flag(name: .long, help: "Print JSON: {\"text\", \"users\": [{\"rank\", \"user\", \"score\"}], \"similar_items\": [{\"rank\", \"item\", \"title\", \"similarity\"}]}.")
    var json = false

    func run() throws {
        let words = try requireText(text, flag: "--text")
        let encoder = try modelOption.load()
        let engine = try dataOptions.loadEngine()
        let encoding = encoder.encode(words)
        if let note = truncationNote(encoding, maxTokens: encoder.maxTokens, what: "the text") { warn(note) }
        let users = try engine.audience(of: encoding.vector, k: count.k, decay: decay.policy)
        let items = try engine.itemsByMeaning(encoding.vector, k: count.k)
        let describe = Describe(engine: engine)
        if json {
            emit(.object([
                ("text", .string(words)),
                ("users", .array(users.enumerated().map { rank, scored in
                    .object([("rank", .int(rank + 1)), ("user", .string(engine.dataset.users.ids[scored.user])), ("score", .float(scored.score))])
                })),
                ("similar_items", .array(items.enumerated().map { rank, scored in
                    .object([("rank", .int(rank + 1)), ("item", .string(describe.itemID(scored.item))),
                             ("title", .string(describe.title(scored.item))), ("similarity", .float(scored.score))])
                })),
            ]))
            return
        }
        emit("Audience for a new item: \(words.debugDescription)")
        emit("users whose semantic profiles rank it highest (\(decay.policy)):")
        for (rank, scored) in users.enumerated() {
            let events = engine.dataset.eventsByUser[scored.user].count
            emit(column("\(rank + 1)", 5, alignRight: true) + "  user " + column(engine.dataset.users.ids[scored.user], 8)
                 + column(fixed(scored.score, 3), 7, alignRight: true) + "  (\(events) events)")
        }
        emit("nearest existing items:")
        for (rank, scored) in items.enumerated() {
            emit(column("\(rank + 1)", 5, alignRight: true) + "  " + column(describe.itemID(scored.item), 8)
                 + column(fixed(scored.score, 3), 7, alignRight: true) + "  " + describe.title(scored.item))
        }
    }
}
