import ArgumentParser
import RecEngine

struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "users", abstract: "List users with their attributes, event counts and last activity.")

    enum Sort: String, ExpressibleByArgument, CaseIterable { case id, events, recent }

    @Option(name: .long, help: "Order: id, events (most first) or recent (latest activity first).")
    var sort: Sort = .id

    @OptionGroup var limitOption: LimitOption
    var limit: Int { limitOption.limit }

    @OptionGroup var dataOptions: DataOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() throws {
        let engine = try dataOptions.loadEngine()
        let users = engine.dataset.users
        var order = Array(0..<users.count)
        switch sort {
        case .id: break
        case .events: order.sort { engine.dataset.eventsByUser[$0].count > engine.dataset.eventsByUser[$1].count }
        case .recent: order.sort { (engine.activity(of: $0).lastActive ?? .min) > (engine.activity(of: $1).lastActive ?? .min) }
        }
        if limit > 0 { order = Array(order.prefix(limit)) }
        if json {
            emit(.object([
                ("total", .int(users.count)),
                ("users", .array(order.map { u in
                    let activity = engine.activity(of: u)
                    return .object([
                        ("user", .string(users.ids[u])),
                        ("attributes", .object(users.attributeNames.enumerated().map { ($1, .string(users.attributes[u][$0])) })),
                        ("events", .int(activity.events)),
                        ("last_active", activity.lastActive.map { .int(Int($0)) } ?? .null),
                    ])
                })),
            ]))
            return
        }
        emit(column("user", 8) + users.attributeNames.map { column($0, 12) }.joined() + column("events", 8, alignRight: true) + "  last active")
        for u in order {
            let activity = engine.activity(of: u)
            emit(column(users.ids[u], 8) + users.attributes[u].map { column($0, 12) }.joined() + column("\(activity.events)", 8, alignRight: true)
                 + "  " + (activity.lastActive.map(dateString) ?? "–"))
        }
        emit("\(grouped(order.count)) of \(grouped(users.count)) users")
    }
}
