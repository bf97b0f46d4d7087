import ArgumentParser
import Foundation
import RecEngine
import RecUI

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "A short guided run: a user's recommendations, one simulated click, and how the ranking moved.",
        discussion: "Runs on the best algorithm in `recscope eval` (the hybrid; fitted once, then read from the model cache) unless --algorithm says otherwise."
    )

    @Option(name: .long, help: "Algorithm (default: the hybrid, best NDCG@10 in eval; content when it cannot be fitted).")
    var algorithm: Algorithm?

    @Option(name: .long, help: "User id (default: the first user).")
    var user: String?

    @OptionGroup var dataOptions: DataOptions

    func run() throws {
        let wanted = algorithm ?? Explorer.bestAlgorithm
        let engine = try dataOptions.loadEngine(fitting: [wanted])
        let describe = Describe(engine: engine)
        guard engine.dataset.users.count > 0 else { throw RecError(file: engine.directory, "the data set has no users") }
        let userIndex = try user.map { try describe.user($0) } ?? 0
        let userID = engine.dataset.users.ids[userIndex]
        var algo = wanted
        if !engine.algorithms.contains(wanted) {
            FileHandle.standardError.write(Data("recscope: note: \(wanted.rawValue) is not available on \(engine.dataset.name); showing content\n".utf8))
            algo = .content
        }
        let session = try engine.makeSession(user: userIndex, algorithm: algo)
        emit("recscope — \(engine.dataset.name): \(grouped(engine.dataset.catalog.count)) items, \(grouped(engine.dataset.users.count)) users, \(grouped(engine.dataset.eventCount)) events")
        emit("")
        emit("User \(userID) (\(engine.dataset.eventsByUser[userIndex].count) events) — strongest interests: "
             + session.topFeatures(5).map { "\($0.feature) \(fixed($0.value, 2))" }.joined(separator: ", "))
        emit("")
        let why = algo == Explorer.bestAlgorithm && algorithm == nil ? "\(Explorer.bestReason); " : ""
        emit("\(algo.rawValue.prefix(1).uppercased() + algo.rawValue.dropFirst()) recommendations (\(why)\(session.decay)):")
        printRanking(session.ranking, describe: describe, moved: false)

        // Click the most popular unseen item that is not already recommended: a visible change.
        let popularity = try engine.recommender(.popularity).makeScorer(history: [])
        var popular = [Float](repeating: 0, count: engine.dataset.catalog.count)
        popularity.score(into: &popular)
        let shown = Set(session.ranking.map(\.item))
        for i in popular.indices where session.hasSeen(i) || shown.contains(i) { popular[i] = -.infinity }
        guard let target = TopK.select(popular, k: 1).first else { return }
        let update = try session.click(item: target.item)
        emit("")
        emit("Simulated click on \(describe.title(target.item)) [\(describe.itemID(target.item))] — re-ranked \(grouped(update.itemsScored)) items in \(Int(update.rerankMicroseconds.rounded())) µs:")
        printRanking(update.ranking, describe: describe, moved: true)
        if let top = update.ranking.first {
            emit("")
            emit("Why #1? " + session.explain(item: top.item).summary)
        }
        emit("")
        emit("Next: recscope recommend --user \(userID)\(algo == .content ? "" : " --algo \(algo.rawValue)") --click ITEM --explain · recscope profile --user \(userID) · recscope --help")
    }

    private func printRanking(_ ranking: [RankedItem], describe: Describe, moved: Bool) {
        for entry in ranking {
            let marker = moved ? column(Describe.marker(previous: entry.previousRank, now: entry.rank), 5) : ""
            emit(column("\(entry.rank)", 4, alignRight: true) + "  " + marker + column(fixed(entry.score, 3), 7) + describe.title(entry.item))
        }
    }
}
