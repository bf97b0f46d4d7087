import ArgumentParser
import RecEngine

struct ItemsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "items", abstract: "List or search items (title, genre and tag).")

    @Option(name: .long, help: "Case-insensitive text to find in the title, a genre or a tag.")
    var search: String?

    @OptionGroup var limitOption: LimitOption
    var limit: Int { limitOption.limit }

    @OptionGroup var dataOptions: DataOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() throws {
        let engine = try dataOptions.loadEngine()
        let catalog = engine.dataset.catalog
        var matches = Array(0..<catalog.count)
        if let search, !search.isEmpty { matches = ItemSearch.matching(search, in: catalog) }
        let total = matches.count
        if limit > 0 { matches = Array(matches.prefix(limit)) }
        var interactions = [Int](repeating: 0, count: catalog.count)
        for events in engine.dataset.eventsByUser { for e in events { interactions[e.item] += 1 } }
        if json {
            emit(.object([
                ("total", .int(total)),
                ("items", .array(matches.map { i in
                    .object([
                        ("item", .string(catalog.ids[i])), ("title", .string(catalog.titles[i])),
                        ("genres", .array(catalog.genres[i].map { .string($0) })),
                        ("tags", .array(catalog.tags[i].map { .string($0.tag) })),
                        ("interactions", .int(interactions[i])),
                    ])
                })),
            ]))
            return
        }
        emit(column("item", 8) + column("events", 7, alignRight: true) + "  " + column("title", 50) + "genres")
        for i in matches {
            emit(column(catalog.ids[i], 8) + column("\(interactions[i])", 7, alignRight: true) + "  " + column(catalog.titles[i], 50) + catalog.genres[i].joined(separator: "|"))
        }
        emit("\(grouped(matches.count)) of \(grouped(total)) matching items")
    }
}
