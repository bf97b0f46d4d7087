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
        let (engine, vector) = try modelOption.encodeAgainstData(query, flag: "--query", what: "the query", data: dataOptions)
        let items = try engine.itemsByMeaning(vector, k: count.k)
        let describe = Describe(engine: engine)
        if json {
            emit(.object([("query", .string(query)), ("items", describe.similarItemsJSON(items))]))
            return
        }
        emit("Items closest in meaning to \(query.debugDescription) (\(ModelLocation.modelName), cosine in the semantic space):")
        emit(column("rank", 5, alignRight: true) + "  " + column("item", 8) + column("similarity", 11, alignRight: true) + "  title")
        describe.similarItemLines(items, scoreWidth: 11).forEach { emit($0) }
    }
}
