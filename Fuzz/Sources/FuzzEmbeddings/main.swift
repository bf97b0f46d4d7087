import Foundation
import FuzzSupport

/// The item-embeddings files as `ItemEmbeddings.load` reads them, in memory: the ids CSV
/// (`EmbeddingIDs.from` over `CSVTable.parse`) and the `.npy` (`NpyReader.parse`), aligned to a fixed
/// catalogue of items "1"…"12" by `ItemEmbeddings.align`; the result is then centred and compared.
/// Input: `item_embeddings_ids.csv` ␞ `item_embeddings.npy` (separator byte 0x1E).
/// Checks: a result has one unit (or zero) row per catalogue item.
enum Fixed {
    static let catalog = Catalog(ids: (1...12).map(String.init), titles: (1...12).map { "Item \($0)" })
}

func fuzzOne(_ input: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = input else { return 0 }
    let buffer = UnsafeBufferPointer(start: data, count: size)
    // Split at the first separator only: the .npy part is binary and may hold 0x1E itself.
    guard let cut = buffer.firstIndex(of: FuzzInput.fileSeparator) else { return 0 }
    let idsBytes = Data(buffer[..<cut]), npyBytes = [UInt8](buffer[(cut + 1)...])
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
    } catch is RecError {
    } catch {
        FuzzInput.violated("embeddings load threw a non-RecError: \(error)")
    }
    return 0
}

FuzzMain.run(fuzzOne)
