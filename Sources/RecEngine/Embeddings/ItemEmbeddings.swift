import CKernels
import CLinearAlgebra
import Foundation

/// One vector per catalogue item, aligned to the catalogue's dense item index, every row L2-normalised,
/// so a dot product of two rows is their cosine.
///
/// The rows are held in float32, or — for large catalogues prepared by `ItemEmbeddings.prepare` /
/// `SemanticRecommender.load` — in float16 only (`halfRows`, half the memory: 768 MB at 1M × 384
/// instead of 1.5 GB); every accessor below widens float16 rows exactly.
///
/// Items without a vector: an ids file need not cover the whole catalogue, and an all-zero row in the
/// `.npy` cannot be normalised. Such items get an all-zero row and `hasVector[item] == false`. They are
/// excluded explicitly from semantic similarity: they never appear in `similarItems`/neighbour lists,
/// contribute nothing to a semantic profile, and the semantic scorer gives them the floor score −1
/// (see `SemanticRecommender`).
public struct ItemEmbeddings: Sendable {
    /// Vector length (384 for all-MiniLM-L6-v2).
    public let dimension: Int
    /// Catalogue size.
    public let itemCount: Int
    /// Row-major `itemCount × dimension` float32 rows; empty when the rows are held in `halfRows`.
    let floatRows: [Float]
    /// The rows in float16 when they are held that way (nil: float32 in `floatRows`).
    public let halfRows: HalfMatrix?
    /// Whether dense item `i` has a (non-zero) vector.
    public let hasVector: [Bool]
    /// Number of items with a vector.
    public let coveredCount: Int
    /// The text that was embedded for item `i`, when the ids file has a `text` column ("" otherwise).
    public let texts: [String]

    /// Builds from raw per-item rows (any scale; normalised here). `rows[i] == nil` means no vector.
    /// Cost O(itemCount × dimension).
    public init(dimension: Int, rows: [[Float]?], texts: [String]? = nil) {
        var flat = [Float](repeating: 0, count: rows.count * dimension)
        var has = [Bool](repeating: false, count: rows.count)
        for (item, row) in rows.enumerated() {
            guard let row, row.count == dimension else { continue }
            has[item] = Self.writeNormalised(row[...], into: &flat, row: item, dimension: dimension)
        }
        self.init(dimension: dimension, normalisedVectors: flat, hasVector: has, texts: texts ?? Array(repeating: "", count: rows.count))
    }

    init(dimension: Int, normalisedVectors: [Float], hasVector: [Bool], texts: [String]) {
        self.dimension = dimension
        self.itemCount = hasVector.count
        self.floatRows = normalisedVectors
        self.halfRows = nil
        self.hasVector = hasVector
        self.coveredCount = hasVector.reduce(0) { $0 + ($1 ? 1 : 0) }
        self.texts = texts
    }

    /// Rows held in float16 (`rows.rows == hasVector.count`).
    init(halfRows rows: HalfMatrix, hasVector: [Bool], texts: [String]) {
        self.dimension = rows.columns
        self.itemCount = rows.rows
        self.floatRows = []
        self.halfRows = rows
        self.hasVector = hasVector
        self.coveredCount = hasVector.reduce(0) { $0 + ($1 ? 1 : 0) }
        self.texts = texts
    }

    /// Row-major `itemCount × dimension`, row `i` the unit vector of dense item `i` (zeros when missing).
    /// The stored array when the rows are float32 (O(1)); a widened copy when they are float16
    /// (O(items × dimension) time and 4 bytes per value — avoid at a million items).
    public var vectors: [Float] { halfRows?.floats ?? floatRows }

    /// Whether the rows are held in float16 only.
    public var isHalfPrecision: Bool { halfRows != nil }

    /// Copies `source` into row `row` of `flat` scaled to unit length; false (row stays zero) when the
    /// source is all zeros.
    private static func writeNormalised(_ source: ArraySlice<Float>, into flat: inout [Float], row: Int, dimension: Int) -> Bool {
        var squares: Double = 0
        for v in source { squares += Double(v) * Double(v) }
        guard squares > 0 else { return false }
        // Scaled in Double: for a row of tiny (subnormal) values the scale overflows Float to +inf,
        // and 0 × inf made the row NaN.
        let scale = 1 / squares.squareRoot()
        let base = row * dimension
        var j = base
        for v in source {
            flat[j] = Float(Double(v) * scale)
            j += 1
        }
        return true
    }

    /// Calls `body` with rows `rows` as row-major float32 (a pointer into the stored rows, or a widened
    /// copy of them when they are float16). Cost O(rows × dimension) for float16, O(1) otherwise.
    public func withFloatRows<R>(_ rows: Range<Int>, _ body: (UnsafePointer<Float>) throws -> R) rethrows -> R {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= itemCount, "ItemEmbeddings: rows \(rows) of \(itemCount)")
        if let halfRows {
            var widened = [Float](unsafeUninitializedCapacity: max(1, rows.count * dimension)) { buffer, initialised in
                initialised = max(1, rows.count * dimension)
            }
            widened.withUnsafeMutableBufferPointer { w in
                halfRows.bits.withUnsafeBufferPointer { h in
                    if rows.count > 0 { rk_halves_to_floats(h.baseAddress! + rows.lowerBound * dimension, w.baseAddress!, rows.count * dimension) }
                }
            }
            return try widened.withUnsafeBufferPointer { try body($0.baseAddress!) }
        }
        return try floatRows.withUnsafeBufferPointer { try body($0.baseAddress! + rows.lowerBound * dimension) }
    }

    /// Mean of the vectors of the items that have one (zeros when none). Cost O(items × dimension).
    public var meanVector: [Float] {
        var sum = [Double](repeating: 0, count: dimension)
        forEachVector { _, vector in
            for j in 0..<dimension { sum[j] += Double(vector[j]) }
        }
        return sum.map { coveredCount > 0 ? Float($0 / Double(coveredCount)) : 0 }
    }

    /// Calls `body` with every item that has a vector and that vector in float32 (float16 rows widened
    /// 4,096 at a time), in item order. Cost O(items × dimension).
    func forEachVector(_ body: (_ item: Int, _ vector: UnsafePointer<Float>) -> Void) {
        let block = 4096
        for start in stride(from: 0, to: itemCount, by: block) {
            let end = min(itemCount, start + block)
            withFloatRows(start..<end) { rows in
                for item in start..<end where hasVector[item] { body(item, rows + (item - start) * dimension) }
            }
        }
    }

    /// The same items with the catalogue mean subtracted from every vector, then re-normalised, held in
    /// the same precision as these rows.
    ///
    /// Sentence-encoder vectors share a large common component (on SampleData the mean of the unit
    /// vectors has length 0.65), so raw cosines crowd together near the top and weighted means of many
    /// items all point at that common direction. Centring removes it: cosines then measure what is
    /// specific to an item or a taste. An item whose centred vector is zero loses its vector.
    /// Cost O(items × dimension).
    public func centred() -> ItemEmbeddings {
        let mean = meanVector
        var flat = [Float](repeating: 0, count: itemCount * dimension)
        var has = hasVector
        var row = [Float](repeating: 0, count: dimension)
        forEachVector { item, vector in
            for j in 0..<dimension { row[j] = vector[j] - mean[j] }
            has[item] = Self.writeNormalised(row[...], into: &flat, row: item, dimension: dimension)
        }
        if halfRows != nil {
            return ItemEmbeddings(halfRows: HalfMatrix(rows: itemCount, columns: dimension, values: flat), hasVector: has, texts: texts)
        }
        return ItemEmbeddings(dimension: dimension, normalisedVectors: flat, hasVector: has, texts: texts)
    }

    /// The unit vector of `item` (zeros when it has none). Cost O(dimension).
    public func vector(of item: Int) -> [Float] {
        if let halfRows { return halfRows.row(item) }
        return Array(floatRows[(item * dimension)..<((item + 1) * dimension)])
    }

    /// `sum += weight × vector(of: item)` (one saxpy; a float16 row is widened first). Cost O(dimension).
    func addVector(of item: Int, times weight: Float, to sum: UnsafeMutablePointer<Float>) {
        if let halfRows {
            let row = halfRows.row(item)
            for j in 0..<dimension { sum[j] += weight * row[j] }
            return
        }
        floatRows.withUnsafeBufferPointer { matrix in
            cblas_saxpy(Int32(dimension), weight, matrix.baseAddress! + item * dimension, 1, sum, 1)
        }
    }

    /// Cosine of two items' vectors (0 when either has none). Cost O(dimension).
    public func cosine(_ a: Int, _ b: Int) -> Float {
        guard hasVector[a], hasVector[b] else { return 0 }
        if let halfRows {
            let ra = halfRows.row(a), rb = halfRows.row(b)
            var sum: Float = 0
            for j in 0..<dimension { sum += ra[j] * rb[j] }
            return sum
        }
        return floatRows.withUnsafeBufferPointer { base in
            var sum: Float = 0
            let pa = base.baseAddress! + a * dimension, pb = base.baseAddress! + b * dimension
            for j in 0..<dimension { sum += pa[j] * pb[j] }
            return sum
        }
    }

    // MARK: - Loading

    /// File names of the vectors recscope generates for a data directory (see Tools/embed_items.py).
    public static let defaultVectorsFile = "item_embeddings.npy"
    public static let defaultIDsFile = "item_embeddings_ids.csv"

    /// Loads `vectorsPath` (.npy, 2-D `<f4`/`<f2`) and `idsPath` (CSV with an `item` column of external
    /// item ids, one row per vector in the same order, and an optional `text` column), and aligns the
    /// rows to `catalog`. Throws a `RecError` naming the file when the row counts differ, an id is unknown
    /// to the catalogue or repeated, or the `.npy` is refused by `NpyReader`.
    /// The rows stay float32 and uncentred (`prepare` centres and picks the precision).
    /// Cost: one read of each file, O(items × dimension) in C over the cores (`prepare`).
    public static func load(vectorsPath: String, idsPath: String, catalog: Catalog,
                            vectorsDisplayName: String? = nil, idsDisplayName: String? = nil) throws -> ItemEmbeddings {
        try prepare(vectorsPath: vectorsPath, idsPath: idsPath, catalog: catalog, centred: false, halfPrecision: false,
                    vectorsDisplayName: vectorsDisplayName, idsDisplayName: idsDisplayName).space
    }

    /// Aligns an already-read matrix and ids list to the catalogue (see `load`).
    public static func align(matrix: NpyMatrix, ids: EmbeddingIDs, catalog: Catalog, vectorsName: String) throws -> ItemEmbeddings {
        guard matrix.rows == ids.ids.count else {
            throw RecError(file: vectorsName, "has \(matrix.rows) rows but \(ids.file) lists \(ids.ids.count) ids")
        }
        guard matrix.columns > 0 else { throw RecError(file: vectorsName, "vectors have 0 dimensions") }
        let dimension = matrix.columns
        var flat = [Float](repeating: 0, count: catalog.count * dimension)
        var has = [Bool](repeating: false, count: catalog.count)
        var texts = [String](repeating: "", count: catalog.count)
        for (row, id) in ids.ids.enumerated() {
            guard let item = catalog.index[id] else {
                throw RecError(file: ids.file, line: ids.lines[row], "unknown item '\(id)' (not in the catalogue)")
            }
            let start = row * dimension
            has[item] = writeNormalised(matrix.values[start..<(start + dimension)], into: &flat, row: item, dimension: dimension)
            texts[item] = ids.texts[row]
        }
        return ItemEmbeddings(dimension: dimension, normalisedVectors: flat, hasVector: has, texts: texts)
    }

    /// The default vector files inside a data directory, when both exist.
    public static func defaultFiles(in directory: String) -> (vectors: String, ids: String)? {
        let vectors = (directory as NSString).appendingPathComponent(defaultVectorsFile)
        let ids = (directory as NSString).appendingPathComponent(defaultIDsFile)
        let fm = FileManager.default
        return fm.fileExists(atPath: vectors) && fm.fileExists(atPath: ids) ? (vectors, ids) : nil
    }
}

/// The ids file that goes with an embeddings `.npy`: RFC 4180 CSV, header row, column `item` (external
/// item id; row `i` names the item of vector row `i`) and optional column `text` (what was embedded).
public struct EmbeddingIDs: Sendable {
    public let file: String
    public let ids: [String]
    public let texts: [String]
    /// 1-based physical line of each row, for error messages.
    public let lines: [Int]

    /// Reads and validates the ids file: `item` column present, ids non-empty and unique (a plain file
    /// from its bytes: `readPlain`). Cost O(file size).
    public static func read(path: String, displayName: String? = nil) throws -> EmbeddingIDs {
        if let plain = readPlain(path: path, displayName: displayName ?? path) { return plain }
        let table = try CSVTable.read(path: path, displayName: displayName ?? path)
        return try from(table)
    }

    public static func from(_ table: CSVTable) throws -> EmbeddingIDs {
        let itemColumn = try table.requireColumn("item")
        let textColumn = table.column("text")
        var ids: [String] = [], texts: [String] = []
        var firstLine: [String: Int] = [:]
        ids.reserveCapacity(table.records.count)
        texts.reserveCapacity(table.records.count)
        firstLine.reserveCapacity(table.records.count)
        for (record, line) in zip(table.records, table.lineNumbers) {
            guard itemColumn < record.count else {
                throw RecError(file: table.file, line: line, "missing 'item' field")
            }
            let id = trimmedID(record[itemColumn])
            guard !id.isEmpty else { throw RecError(file: table.file, line: line, "empty item id") }
            if let first = firstLine[id] {
                throw RecError(file: table.file, line: line, "duplicate item id '\(id)' (first on line \(first))")
            }
            firstLine[id] = line
            ids.append(id)
            texts.append(textColumn.flatMap { $0 < record.count ? record[$0] : nil } ?? "")
        }
        return EmbeddingIDs(file: table.file, ids: ids, texts: texts, lines: table.lineNumbers)
    }

    /// `field` without leading and trailing `.whitespaces`; the field itself, without a Foundation call
    /// (about a microsecond each, a second per million ids), when it neither starts nor ends with one.
    private static func trimmedID(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, let last = field.unicodeScalars.last else { return field }
        guard mayBeWhitespace(first) || mayBeWhitespace(last) else { return field }
        return field.trimmingCharacters(in: .whitespaces)
    }

    /// False only for scalars that are surely not in `CharacterSet.whitespaces` (Unicode Zs and tab):
    /// printable ASCII other than the space.
    private static func mayBeWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        !(scalar.value > 0x20 && scalar.value < 0x7F)
    }
}
