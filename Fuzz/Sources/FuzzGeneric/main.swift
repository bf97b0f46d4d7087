import Foundation
import FuzzSupport

/// The generic loader's column handling on one data directory, three ways: strict and lenient in
/// memory (the sequential reader), and strict from files on disk — the program's default, which tries
/// the parallel byte-level `FastGenericLoader` first and falls back to the sequential reader for
/// anything it cannot read exactly. The disk load must give the same data set or the same error as the
/// in-memory strict load. Input: `items.csv` ␞ `interactions.csv` ␞ `users.csv` (later ones optional),
/// separated by 0x1E; the disk copy lives in /dev/shm when present.
enum Scratch {
    static let directory: String = {
        let path = scratchPath("generic")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()
}

let names = ["items.csv", "interactions.csv", "users.csv"]

func same(_ a: Dataset, _ b: Dataset) -> Bool {
    a.name == b.name && a.catalog.ids == b.catalog.ids && a.catalog.titles == b.catalog.titles && a.catalog.genres == b.catalog.genres
        && a.catalog.tags == b.catalog.tags && a.catalog.texts == b.catalog.texts && a.users.ids == b.users.ids
        && a.users.attributeNames == b.users.attributeNames && a.users.attributes == b.users.attributes && a.eventsByUser == b.eventsByUser
}

func fuzzOne(_ input: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = input else { return 0 }
    let files = FuzzInput.named(names, FuzzInput.files(data, size))
    checkLoad(DataFiles(name: "fuzz", files: files))

    for name in names {
        let path = (Scratch.directory as NSString).appendingPathComponent(name)
        if let contents = files[name] {
            guard FileManager.default.createFile(atPath: path, contents: contents) else { FuzzInput.violated("cannot write \(path)") }
        } else {
            unlink(path)
        }
    }
    let memory: Result<Dataset, RecError>, disk: Result<Dataset, RecError>
    do { memory = .success(try DatasetLoader.load(DataFiles(name: Scratch.directory, files: files))) } catch let error as RecError { memory = .failure(error) } catch {
        FuzzInput.violated("in-memory load threw a non-RecError: \(error)")
    }
    do { disk = .success(try DatasetLoader.load(directory: Scratch.directory)) } catch let error as RecError { disk = .failure(error) } catch {
        FuzzInput.violated("disk load threw a non-RecError: \(error)")
    }
    switch (memory, disk) {
    case (.success(let a), .success(let b)):
        guard same(a, b) else { FuzzInput.violated("disk (\(b.loadPath)) and in-memory loads give different data sets") }
    case (.failure(let a), .failure(let b)):
        guard a == b else { FuzzInput.violated("disk and in-memory loads fail differently: '\(b)' vs '\(a)'") }
    case (.success, .failure(let error)):
        FuzzInput.violated("the disk load refuses what the in-memory load accepts: \(error)")
    case (.failure(let error), .success(let b)):
        FuzzInput.violated("the disk load (\(b.loadPath)) accepts what the in-memory load refuses: \(error)")
    }
    return 0
}

FuzzMain.run(fuzzOne)
