import Foundation
import FuzzSupport

/// The item-embeddings files as `ItemEmbeddings.load` reads them, in memory: the ids CSV
/// (`EmbeddingIDs.from` over `CSVTable.parse`) and the `.npy` (`NpyReader.parse`), aligned to a fixed
/// catalogue of items "1"…"12" by `ItemEmbeddings.align`; the result is then centred and compared.
/// Input: `item_embeddings_ids.csv` ␞ `item_embeddings.npy` (separator byte 0x1E).
/// Checks: a result has one unit (or zero) row per catalogue item. The same two files written to disk go
/// through `ItemEmbeddings.prepare` (what the program runs: the `.npy` mapped, two C passes), in float32
/// and in float16: it must fail with the in-memory path's message, or succeed with the same rows
/// (centred, within float32 / float16 rounding).
enum Fixed {
    static let catalog = Catalog(ids: (1...12).map(String.init), titles: (1...12).map { "Item \($0)" })
    static let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    static let idsPath = (directory as NSString).appendingPathComponent("recscope-fuzz-emb-\(getpid()).csv")
    static let vectorsPath = (directory as NSString).appendingPathComponent("recscope-fuzz-emb-\(getpid()).npy")
}

/// `prepare` over the files, against the in-memory outcome (`expected`: centred rows or the error).
func checkPrepared(_ expected: Result<ItemEmbeddings, RecError>) {
    for half in [false, true] {
        let prepared: Result<ItemEmbeddings, RecError>
        do {
            prepared = .success(try ItemEmbeddings.prepare(vectorsPath: Fixed.vectorsPath, idsPath: Fixed.idsPath, catalog: Fixed.catalog,
                                                           centred: true, halfPrecision: half, vectorsDisplayName: "item_embeddings.npy",
                                                           idsDisplayName: "item_embeddings_ids.csv").space)
        } catch let error as RecError {
            prepared = .failure(error)
        } catch {
            FuzzInput.violated("prepare threw a non-RecError: \(error)")
        }
        switch (expected, prepared) {
        case (.failure(let a), .failure(let b)):
            guard a == b else { FuzzInput.violated("in memory '\(a)' but prepare '\(b)'") }
        case (.failure(let a), .success):
            FuzzInput.violated("prepare accepts what the in-memory path refuses: \(a)")
        case (.success, .failure(let b)):
            FuzzInput.violated("prepare refuses what the in-memory path accepts: \(b)")
        case (.success(let want), .success(let got)):
            guard got.hasVector == want.hasVector, got.dimension == want.dimension else { FuzzInput.violated("prepare covers other items") }
            let tolerance: Float = half ? 2.0 / 1024 : 1e-4
            for item in 0..<want.itemCount {
                let a = want.vector(of: item), b = got.vector(of: item)
                for (x, y) in zip(a, b) where !(abs(x - y) <= tolerance) {
                    FuzzInput.violated("item \(item): in memory \(x), prepare \(y) (float16 \(half))")
                }
            }
        }
    }
}

func fuzzOne(_ input: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = input else { return 0 }
    let buffer = UnsafeBufferPointer(start: data, count: size)
    // Split at the first separator only: the .npy part is binary and may hold 0x1E itself.
    guard let cut = buffer.firstIndex(of: FuzzInput.fileSeparator) else { return 0 }
    let idsBytes = Data(buffer[..<cut]), npyBytes = [UInt8](buffer[(cut + 1)...])
    guard FileManager.default.createFile(atPath: Fixed.idsPath, contents: idsBytes),
          FileManager.default.createFile(atPath: Fixed.vectorsPath, contents: Data(npyBytes)) else { FuzzInput.violated("cannot write \(Fixed.directory)") }
    defer { unlink(Fixed.idsPath); unlink(Fixed.vectorsPath) }
    var expected: Result<ItemEmbeddings, RecError>
    do {
        let ids = try EmbeddingIDs.from(CSVTable.parse(idsBytes, file: "item_embeddings_ids.csv"))
        let matrix = try NpyReader.parse(npyBytes, file: "item_embeddings.npy")
        let embeddings = try ItemEmbeddings.align(matrix: matrix, ids: ids, catalog: Fixed.catalog, vectorsName: "item_embeddings.npy")
        guard embeddings.itemCount == Fixed.catalog.count, embeddings.vectors.count == embeddings.itemCount * embeddings.dimension else {
            FuzzInput.violated("embeddings of \(embeddings.itemCount) items × \(embeddings.dimension) with \(embeddings.vectors.count) values")
        }
        for item in 0..<embeddings.itemCount where embeddings.hasVector[item] {
            let norm = embeddings.vector(of: item).reduce(Float(0)) { $0 + $1 * $1 }
            // Rows are normalised in Double then scaled; a row whose squares overflow Float can still
            // lose precision, but its length must be 1 or the row is absent.
            guard abs(norm - 1) < 1e-3 else { FuzzInput.violated("row \(item) has squared length \(norm)") }
        }
        let centred = embeddings.centred()
        _ = centred.cosine(0, Fixed.catalog.count - 1)
        _ = embeddings.meanVector
        expected = .success(centred)
    } catch let error as RecError {
        expected = .failure(error)
    } catch {
        FuzzInput.violated("embeddings load threw a non-RecError: \(error)")
    }
    checkPrepared(expected)
    return 0
}

FuzzMain.run(fuzzOne)
