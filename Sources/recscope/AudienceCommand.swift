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
        let (engine, vector) = try modelOption.encodeAgainstData(text, flag: "--text", what: "the text", data: dataOptions)
        let users = try engine.audience(of: vector, k: count.k, decay: decay.policy)
        let items = try engine.itemsByMeaning(vector, k: count.k)
        let describe = Describe(engine: engine)
        if json {
            emit(.object([
                ("text", .string(text)),
                ("users", .array(users.enumerated().map { rank, scored in
                    .object([("rank", .int(rank + 1)), ("user", .string(engine.dataset.users.ids[scored.user])), ("score", .float(scored.score))])
                })),
                ("similar_items", describe.similarItemsJSON(items)),
            ]))
            return
        }
        emit("Audience for a new item: \(text.debugDescription)")
        emit("users whose semantic profiles rank it highest (\(decay.policy)):")
        for (rank, scored) in users.enumerated() {
            let events = engine.dataset.eventsByUser[scored.user].count
            emit(column("\(rank + 1)", 5, alignRight: true) + "  user " + column(engine.dataset.users.ids[scored.user], 8)
                 + column(fixed(scored.score, 3), 7, alignRight: true) + "  (\(events) events)")
        }
        emit("nearest existing items:")
        describe.similarItemLines(items, scoreWidth: 7).forEach { emit($0) }
    }
}
