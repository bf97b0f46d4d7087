import ArgumentParser
import RecEngine
import TextEncoder

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the catalogue by meaning: the items whose embeddings are closest to a query in words.",
        discussion: "The query is embedded in process with all-MiniLM-L6-v2 (`make model`) and compared by cosine in the semantic space (centred, as the semantic algorithm)."
    )

    @Option(name: .long, help: ArgumentHelp("What to look for, in words.", valueName: "TEXT"))
    var query: String

    @OptionGroup var count: CountOption
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var modelOption: ModelOption

    @Flag(name: .long, help: "Print JSON: {\"query\", \"items\": [{\"rank\", \"item\", \"title\", \"similarity\"}]}.")
    var json = false

    func run() throws {
        let text = try requireText(query, flag: "--query")
        let encoder = try modelOption.load()
        let engine = try dataOptions.loadEngine()
        let encoding = encoder.encode(text)
        if let note = truncationNote(encoding, maxTokens: encoder.maxTokens, what: "the query") { warn(note) }
        let items = try engine.itemsByMeaning(encoding.vector, k: count.k)
        let describe = Describe(engine: engine)
        if json {
            emit(.object([
                ("query", .string(text)),
                ("items", .array(items.enumerated().map { rank, scored in
                    .object([("rank", .int(rank + 1)), ("item", .string(describe.itemID(scored.item))),
                             ("title", .string(describe.title(scored.item))), ("similarity", .float(scored.score))])
                })),
            ]))
            return
        }
        emit("Items closest in meaning to \(text.debugDescription) (\(ModelLocation.modelName), cosine in the semantic space):")
        emit(column("rank", 5, alignRight: true) + "  " + column("item", 8) + column("similarity", 11, alignRight: true) + "  title")
        for (rank, scored) in items.enumerated() {
            emit(column("\(rank + 1)", 5, alignRight: true) + "  " + column(describe.itemID(scored.item), 8)
                 + column(fixed(scored.score, 3), 11, alignRight: true) + "  " + describe.title(scored.item))
        }
    }
}
