import CKernels
import Dispatch
import Foundation

/// Item embeddings read and made ready for the semantic scorer in one go: the rows normalised, by
/// default centred on the catalogue mean and re-normalised (`ItemEmbeddings.centred`), in float32 or —
/// for large catalogues — float16 only.
public struct PreparedEmbeddings: Sendable {
    /// The scoring space (centred when `isCentred`).
    public let space: ItemEmbeddings
    /// Whether `space` is centred.
    public let isCentred: Bool
    /// The mean subtracted before re-normalising (zeros when not centred).
    public let mean: [Float]

    public init(space: ItemEmbeddings, isCentred: Bool, mean: [Float]) {
        self.space = space
        self.isCentred = isCentred
        self.mean = mean
    }
}

extension ItemEmbeddings {
    /// Rows per unit of work in `prepare`'s two passes (handed to the cores as they free up; the mean
    /// is summed per block and the blocks added in order, so it does not depend on the thread count).
    static let preparationBlockRows = 4096

    /// Reads `vectorsPath` (mapped, not copied) and `idsPath`, aligns the rows to `catalog` and prepares
    /// them: normalised, centred and re-normalised when `centred`, held in float16 only when
    /// `halfPrecision` (nil: when items × dimension ≥ `SemanticRecommender.halfPrecisionThreshold`).
    /// The same results as `load` then `centred()` up to the order of a row's sum of squares (a few
    /// float32 roundings), and the same errors, in the same order. Cost: two passes over the file's
    /// values in C over all cores, no float32 copy of the matrix when in float16 (at 1M × 384 the space
    /// is 768 MB).
    public static func prepare(vectorsPath: String, idsPath: String, catalog: Catalog, centred: Bool = true, halfPrecision: Bool? = nil,
                               vectorsDisplayName: String? = nil, idsDisplayName: String? = nil) throws -> PreparedEmbeddings {
        let vectorsName = vectorsDisplayName ?? vectorsPath
        let ids = try EmbeddingIDs.read(path: idsPath, displayName: idsDisplayName ?? idsPath)
        let file = try NpyReader.map(path: vectorsPath, displayName: vectorsName)
        let rows = file.rows, d = file.columns
        let half: Int32 = file.storedType == .float16 ? 1 : 0
        let block = preparationBlockRows, blocks = (rows + block - 1) / block

        // Pass 1: finiteness, inverse norms, and per-block sums of the normalised rows.
        var inverse = [Double](repeating: 0, count: rows)
        var blockSums = [Double](repeating: 0, count: centred ? blocks * d : 0)
        var firstBad = [Int](repeating: -1, count: blocks)
        if rows > 0, d > 0 {
            inverse.withUnsafeMutableBufferPointer { inverse in
                blockSums.withUnsafeMutableBufferPointer { sums in
                    firstBad.withUnsafeMutableBufferPointer { bad in
                        nonisolated(unsafe) let inverse = inverse.baseAddress!, sums = centred ? sums.baseAddress : nil, bad = bad.baseAddress!
                        nonisolated(unsafe) let data = file.data
                        DispatchQueue.concurrentPerform(iterations: blocks) { b in
                            let start = b * block, count = min(block, rows - start)
                            var scratch = [Float](repeating: 0, count: d)
                            let found = scratch.withUnsafeMutableBufferPointer { scratch in
                                rk_embedding_norms(data + start * d * Int(2 + 2 * (1 - half)), half, count, d, scratch.baseAddress!,
                                                   inverse + start, sums.map { $0 + b * d })
                            }
                            if found >= 0 { bad[b] = start * d + Int(found) }
                        }
                    }
                }
            }
        }
        if let bad = firstBad.first(where: { $0 >= 0 }) {
            throw RecError(file: vectorsName, "non-finite value \(file.value(at: bad)) at row \(bad / max(d, 1)), column \(bad % max(d, 1))")
        }
        guard rows == ids.ids.count else {
            throw RecError(file: vectorsName, "has \(rows) rows but \(ids.file) lists \(ids.ids.count) ids")
        }
        guard d > 0 else { throw RecError(file: vectorsName, "vectors have 0 dimensions") }

        // Row → catalogue item; the catalogue's own order needs no hash look-ups.
        var destination = [Int64](repeating: 0, count: rows)
        var index: [String: Int]?
        for (row, id) in ids.ids.enumerated() {
            if row < catalog.count, catalog.ids[row] == id {
                destination[row] = Int64(row)
                continue
            }
            if index == nil { index = catalog.index }
            guard let item = index?[id] else {
                throw RecError(file: ids.file, line: ids.lines[row], "unknown item '\(id)' (not in the catalogue)")
            }
            destination[row] = Int64(item)
        }

        var mean = [Float](repeating: 0, count: d)
        let covered = inverse.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        if centred, covered > 0 {
            var total = [Double](repeating: 0, count: d)
            for b in 0..<blocks {
                for j in 0..<d { total[j] += blockSums[b * d + j] }
            }
            mean = total.map { Float($0 / Double(covered)) }
        }

        // Pass 2: every row to its item, in float16 or float32. Items no row names stay zero.
        let items = catalog.count, values = items * d
        let inHalf = halfPrecision ?? (values >= SemanticRecommender.halfPrecisionThreshold)
        let complete = rows == items
        var halfBits = inHalf ? Self.uninitialised(UInt16.self, count: values, zeroed: !complete) : []
        var floats = inHalf ? [] : Self.uninitialised(Float.self, count: values, zeroed: !complete)
        var has = [UInt8](repeating: 0, count: items)
        halfBits.withUnsafeMutableBufferPointer { halfOut in
            floats.withUnsafeMutableBufferPointer { floatOut in
                has.withUnsafeMutableBufferPointer { hasOut in
                    inverse.withUnsafeBufferPointer { inverse in
                        mean.withUnsafeBufferPointer { meanIn in
                            destination.withUnsafeBufferPointer { destination in
                                // An empty array may still hand out a (non-nil) base address: choose by precision.
                                nonisolated(unsafe) let halfOut = inHalf ? halfOut.baseAddress : nil, floatOut = inHalf ? nil : floatOut.baseAddress, hasOut = hasOut.baseAddress!
                                nonisolated(unsafe) let inverse = inverse.baseAddress!, meanIn = centred ? meanIn.baseAddress : nil
                                nonisolated(unsafe) let destination = destination.baseAddress!
                                nonisolated(unsafe) let data = file.data
                                DispatchQueue.concurrentPerform(iterations: blocks) { b in
                                    let start = b * block, count = min(block, rows - start)
                                    var scratch = [Float](repeating: 0, count: d)
                                    scratch.withUnsafeMutableBufferPointer { scratch in
                                        rk_embedding_rows(data + start * d * Int(2 + 2 * (1 - half)), half, count, d, inverse + start, meanIn,
                                                          destination + start, scratch.baseAddress!, floatOut, halfOut, hasOut)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var texts: [String]
        if complete, destination.indices.allSatisfy({ destination[$0] == Int64($0) }) {
            texts = ids.texts
        } else {
            texts = [String](repeating: "", count: items)
            for (row, item) in destination.enumerated() { texts[Int(item)] = ids.texts[row] }
        }
        let hasVector = has.map { $0 != 0 }
        let space = inHalf
            ? ItemEmbeddings(halfRows: HalfMatrix(rows: items, columns: d, bits: halfBits), hasVector: hasVector, texts: texts)
            : ItemEmbeddings(dimension: d, normalisedVectors: floats, hasVector: hasVector, texts: texts)
        return PreparedEmbeddings(space: space, isCentred: centred, mean: mean)
    }

    /// An array of `count` values, left uninitialised (every value is written later) unless `zeroed`.
    private static func uninitialised<T: BitwiseCopyable>(_ type: T.Type, count: Int, zeroed: Bool) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialised in
            if zeroed, let base = buffer.baseAddress { UnsafeMutableRawPointer(base).initializeMemory(as: UInt8.self, repeating: 0, count: count * MemoryLayout<T>.stride) }
            initialised = count
        }
    }
}
