import Foundation
import FuzzSupport

/// What the program does with a data set once loaded, on fuzzed generic data: a lenient load
/// (`DatasetLoader`), the engine (content features, popularity), then a session for the first user and
/// for a new user — rankings, a click, an undo, explanations, a decay change, a sliding window,
/// popularity, similar users. Reaches the arithmetic the loaders' validation protects (timestamps,
/// ratings, weights), so a value the loader lets through must never trap downstream.
/// Input: `items.csv` ␞ `interactions.csv` ␞ `users.csv` (separator byte 0x1E), as FuzzGeneric.
func fuzzOne(_ input: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = input else { return 0 }
    let files = FuzzInput.named(["items.csv", "interactions.csv", "users.csv"], FuzzInput.files(data, size))
    guard let dataset = try? DatasetLoader.load(DataFiles(name: "fuzz", files: files), options: LoadOptions(lenient: true)),
          dataset.catalog.count > 0 else { return 0 }
    let engine = Engine(dataset: dataset)
    for user in [dataset.users.count > 0 ? 0 : nil, nil] as [Int?] {
        do {
            let session = try engine.makeSession(user: user, algorithm: .content, k: 5)
            let top = session.ranking.map(\.item)
            for item in top.prefix(3) { _ = session.explain(item: item) }
            _ = try session.click(item: top.first ?? 0)
            _ = session.topFeatures(5)
            _ = session.undo()
            _ = session.setDecay(.halfLife(days: 0.5))
            _ = session.setDecay(.window(events: 2))
            _ = try session.setAlgorithm(.popularity)
            _ = try session.click(item: dataset.catalog.count - 1)
            _ = session.explain(item: 0)
            _ = session.fullRank(of: dataset.catalog.count - 1)
            if let user { _ = engine.similarUsers(to: user, k: 3) }
        } catch is RecError {
        } catch {
            FuzzInput.violated("session threw a non-RecError: \(error)")
        }
    }
    return 0
}

FuzzMain.run(fuzzOne)
