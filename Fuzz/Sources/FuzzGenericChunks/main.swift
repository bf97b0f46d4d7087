import Foundation
import FuzzSupport
@testable import RecEngine

/// The parallel generic loader's chunk boundaries. `FastGenericLoader` cuts files past 64 KB into chunks
/// parsed on every core, guessing each chunk's start at the first line end past its cut and re-parsing a
/// chunk whose guess fell inside a quoted field. Fuzz inputs (≤ 64 KB) never split with the program's
/// chunking, so here the loader is called with tiny chunks — 2 to 17 per file, from 1 byte — and events
/// appended by all cores from the first user: every line end, quoted line break and CRLF of a small
/// input can fall on a boundary.
/// Input: as `FuzzGeneric` (`items.csv` ␞ `interactions.csv` ␞ `users.csv`), written to disk.
/// Checks: when the fast path reads the files, the data set equals the sequential in-memory strict load
/// (which must then succeed); when it declines (`FastPathUnavailable`), the program falls back to that
/// load, so nothing to compare. Only `FastPathUnavailable` is thrown.
enum Scratch {
    static let directory: String = {
        let path = scratchPath("generic-chunks")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()
}

let names = ["items.csv", "interactions.csv", "users.csv"]

func same(_ a: Dataset, _ b: Dataset) -> Bool {
    a.catalog.ids == b.catalog.ids && a.catalog.titles == b.catalog.titles && a.catalog.genres == b.catalog.genres
        && a.catalog.tags == b.catalog.tags && a.catalog.texts == b.catalog.texts && a.users.ids == b.users.ids
        && a.users.attributeNames == b.users.attributeNames && a.users.attributes == b.users.attributes && a.eventsByUser == b.eventsByUser
}

func fuzzOne(_ input: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = input else { return 0 }
    let files = FuzzInput.named(names, FuzzInput.files(data, size))
    guard files["interactions.csv"] != nil else { return 0 }
    for name in names {
        let path = (Scratch.directory as NSString).appendingPathComponent(name)
        if let contents = files[name] {
            guard FileManager.default.createFile(atPath: path, contents: contents) else { FuzzInput.violated("cannot write \(path)") }
        } else {
            unlink(path)
        }
    }
    let chunking = FastGenericLoader.Chunking(count: 2 + size % 16, minimumBytes: 1, parallelUsers: 1)
    let fast: Dataset
    do {
        fast = try FastGenericLoader.load(directory: Scratch.directory, chunking: chunking)
    } catch is FastPathUnavailable {
        return 0
    } catch {
        FuzzInput.violated("fast loader threw \(type(of: error)): \(error)")
    }
    let sequential: Dataset
    do {
        sequential = try DatasetLoader.load(DataFiles(name: Scratch.directory, files: files))
    } catch {
        FuzzInput.violated("the fast loader (\(chunking.count) chunks) accepts what the sequential load refuses: \(error)")
    }
    guard same(fast, sequential) else { FuzzInput.violated("the fast loader (\(chunking.count) chunks) and the sequential load give different data sets") }
    return 0
}

FuzzMain.run(fuzzOne)
