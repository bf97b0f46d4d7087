import Foundation
import CLibFuzzer
@_exported import RecEngine

/// Helpers shared by the fuzz targets.
public enum FuzzInput {
    /// Byte that separates the files of a multi-file input (ASCII "record separator", 0x1E): a seed
    /// is `file1 ␞ file2 ␞ file3`, each part the raw bytes of one file of the data directory.
    public static let fileSeparator: UInt8 = 0x1E

    /// The input split on `fileSeparator` (empty parts kept, so the file order is stable).
    public static func files(_ data: UnsafePointer<UInt8>, _ size: Int) -> [Data] {
        let buffer = UnsafeBufferPointer(start: data, count: size)
        return buffer.split(separator: fileSeparator, omittingEmptySubsequences: false).map { Data($0) }
    }

    /// `names[i]` ↦ `parts[i]` for the parts present (later names missing when the input has fewer parts).
    public static func named(_ names: [String], _ parts: [Data]) -> [String: Data] {
        var files: [String: Data] = [:]
        for (name, part) in zip(names, parts) { files[name] = part }
        return files
    }

    /// Stops the process the way libFuzzer records as a crash when an invariant the target checks fails.
    public static func violated(_ what: String) -> Never {
        FileHandle.standardError.write(Data("fuzz invariant violated: \(what)\n".utf8))
        abort()
    }
}

/// Loads `files` strictly and leniently and checks the two agree: whatever a strict load accepts, a
/// lenient load accepts identically with nothing skipped; every event names a catalogue item and a
/// user; the per-user event lists are sorted. Any `RecError` is a correct refusal.
public func checkLoad(_ files: DataFiles) {
    var strict: Dataset?
    do { strict = try DatasetLoader.load(files, options: LoadOptions(lenient: false)) } catch is RecError {} catch {
        FuzzInput.violated("strict load threw a non-RecError: \(error)")
    }
    var lenient: Dataset?
    do { lenient = try DatasetLoader.load(files, options: LoadOptions(lenient: true)) } catch is RecError {} catch {
        FuzzInput.violated("lenient load threw a non-RecError: \(error)")
    }
    if let strict {
        guard let lenient else { FuzzInput.violated("strict load succeeded, lenient failed") }
        guard lenient.skipped.count == 0, strict.skipped.count == 0 else { FuzzInput.violated("skipped rows in a load strict accepted") }
        guard lenient.eventCount == strict.eventCount, lenient.catalog.ids == strict.catalog.ids, lenient.users.ids == strict.users.ids else {
            FuzzInput.violated("strict and lenient loads differ")
        }
    }
    for dataset in [strict, lenient].compactMap({ $0 }) {
        let items = dataset.catalog.count
        guard dataset.catalog.titles.count == items, dataset.catalog.genres.count == items, dataset.catalog.tags.count == items,
              dataset.catalog.texts.count == items else { FuzzInput.violated("catalogue arrays of different lengths") }
        guard dataset.eventsByUser.count == dataset.users.count, dataset.users.attributes.count == dataset.users.count else {
            FuzzInput.violated("user arrays of different lengths")
        }
        for row in dataset.users.attributes where row.count != dataset.users.attributeNames.count {
            FuzzInput.violated("user attribute row of \(row.count) values for \(dataset.users.attributeNames.count) names")
        }
        for events in dataset.eventsByUser {
            var previous: Event?
            for event in events {
                guard event.item >= 0, event.item < items else { FuzzInput.violated("event item \(event.item) outside 0..<\(items)") }
                guard event.value.isFinite, event.value >= 0 else { FuzzInput.violated("event value \(event.value)") }
                if let previous, (previous.timestamp, previous.item) > (event.timestamp, event.item) { FuzzInput.violated("events not sorted") }
                previous = event
            }
        }
    }
}

/// Starts libFuzzer on a target's one-input function (called from each target's `main.swift`).
public enum FuzzMain {
    public static func run(_ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
        exit(recscope_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv, body))
    }
}

/// Uses an engine as the program does after loading: sessions for the first user and for a new user —
/// rankings, explanations, a click, undo, decay and window changes, popularity, similar users.
public func exerciseEngine(_ engine: Engine) {
    let dataset = engine.dataset
    guard dataset.catalog.count > 0 else { return }
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
}

/// A per-process scratch path on a RAM disk when there is one (for targets that must go through a file).
public func scratchPath(_ name: String) -> String {
    let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    return (directory as NSString).appendingPathComponent("recscope-fuzz-\(getpid())-\(name)")
}
