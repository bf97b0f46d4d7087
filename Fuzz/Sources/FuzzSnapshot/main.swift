import Foundation
import FuzzSupport
@testable import RecEngine

/// The data-set snapshot decoder (`DatasetSnapshot.read(file:key:)`, what a launch on a large data
/// directory reads instead of the CSV files), on any snapshot body: the target wraps the input in a valid
/// envelope (magic, key, length, checksum — which a mutated body would otherwise never pass) and writes
/// it to a file, as the program reads it. A decoded data set then becomes an engine, used as in
/// FuzzEngine. Checks: only the decoder's corrupt/stale refusals (or `RecError`) are thrown, and nothing
/// traps downstream.
///
/// `RECSCOPE_FUZZ_WRITE_SEED=FILE FuzzSnapshot` writes the body of a real snapshot (a small generic data
/// set) to FILE and exits: that is how the committed seed was made.
let key: UInt64 = 0x5EED

func envelope(_ body: UnsafeRawBufferPointer) -> Data {
    var out = SnapshotWriter()
    out.raw(DatasetSnapshot.magic)
    out.value(key)
    out.value(UInt64(body.count))
    out.value(DatasetSnapshot.checksum(body))
    out.raw(Array(body))
    return Data(out.bytes)
}

func fuzzOne(_ input: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = input else { return 0 }
    let path = scratchPath("snapshot.bin")
    guard FileManager.default.createFile(atPath: path, contents: envelope(UnsafeRawBufferPointer(start: data, count: size))) else {
        FuzzInput.violated("cannot write \(path)")
    }
    defer { unlink(path) }
    let decoded: (Dataset, ContentFeatures, [Float]?)
    do { decoded = try DatasetSnapshot.read(file: path, key: key) } catch is DatasetSnapshot.Corrupt { return 0 } catch is RecError { return 0 } catch {
        FuzzInput.violated("snapshot read threw \(error)")
    }
    exerciseEngine(Engine(dataset: decoded.0, content: decoded.1, popularity: decoded.2.map { PopularityRecommender(counts: $0) }))
    return 0
}

if let seedPath = ProcessInfo.processInfo.environment["RECSCOPE_FUZZ_WRITE_SEED"] {
    let files: [String: Data] = [
        "items.csv": Data("item,title,genres,tags,text\na1,Alpha,Comedy|Drama,funny|dark,An alpha\nb1,Beta,,,\nc1,Gamma,Drama,funny,x\n".utf8),
        "interactions.csv": Data("user,item,rating,timestamp\nu1,a1,5,2018-09-24\nu1,b1,3,1537797900\nu2,c1,4,1537797900\n".utf8),
        "users.csv": Data("user,age\nu1,31\nu2,40\n".utf8),
    ]
    let engine = Engine(dataset: try! DatasetLoader.load(DataFiles(name: "seed", files: files)))
    var body = SnapshotWriter()
    DatasetSnapshot.encode(engine.dataset, engine.content, into: &body)
    FileManager.default.createFile(atPath: seedPath, contents: Data(body.bytes))
    exit(0)
}
FuzzMain.run(fuzzOne)
