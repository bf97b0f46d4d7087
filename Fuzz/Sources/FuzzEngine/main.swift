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
    exerciseEngine(Engine(dataset: dataset))
    return 0
}

FuzzMain.run(fuzzOne)
