import Foundation

/// One vector per catalogue item, aligned to the catalogue's dense item index, every row L2-normalised,
/// so a dot product of two rows is their cosine.
///
/// Items without a vector: an ids file need not cover the whole catalogue, and an all-zero row in the
/// `.npy` cannot be normalised. Such items get an all-zero row and `hasVector[item] == false`. They are
/// excluded explicitly from semantic similarity: they never appear in `similarItems`/neighbour lists,
/// contribute nothing to a semantic profile, and the semantic scorer gives them the floor score −1
/// (see `SemanticRecommender`).
public struct ItemEmbeddings: Sendable {
    /// Vector length (384 for all-MiniLM-L6-v2).
    public let dimension: Int
    /// Catalogue size; `vectors` has `itemCount × dimension` entries.
    public let itemCount: Int
    /// Row-major `itemCount × dimension`, row `i` the unit vector of dense item `i` (zeros when missing).
    public let vectors: [Float]
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

    private init(dimension: Int, normalisedVectors: [Float], hasVector: [Bool], texts: [String]) {
        self.dimension = dimension
        self.itemCount = hasVector.count
        self.vectors = normalisedVectors
        self.hasVector = hasVector
        self.coveredCount = hasVector.reduce(0) { $0 + ($1 ? 1 : 0) }
        self.texts = texts
    }

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

    /// Mean of the vectors of the items that have one (zeros when none). Cost O(items × dimension).
    public var meanVector: [Float] {
        var sum = [Double](repeating: 0, count: dimension)
        for item in 0..<itemCount where hasVector[item] {
            let base = item * dimension
            for j in 0..<dimension { sum[j] += Double(vectors[base + j]) }
        }
        return sum.map { coveredCount > 0 ? Float($0 / Double(coveredCount)) : 0 }
    }

    /// The same items with the catalogue mean subtracted from every vector, then re-normalised.
    ///
    /// Sentence-encoder vectors share a large common component (on SampleData the mean of the unit
    /// vectors has length 0.65), so raw cosines crowd together near the top and weighted means of many
    /// items all point at that common direction. Centring removes it: cosines then measure what is
    /// specific to an item or a taste. An item whose centred vector is zero loses its vector.
    /// Cost O(items × dimension).
    public func centred() -> ItemEmbeddings {
        let mean = meanVector
        var flat = [Float](repeating: 0, count: vectors.count)
        var has = hasVector
        var row = [Float](repeating: 0, count: dimension)
        for item in 0..<itemCount where hasVector[item] {
            let base = item * dimension
            for j in 0..<dimension { row[j] = vectors[base + j] - mean[j] }
            has[item] = Self.writeNormalised(row[...], into: &flat, row: item, dimension: dimension)
        }
        return ItemEmbeddings(dimension: dimension, normalisedVectors: flat, hasVector: has, texts: texts)
    }

    /// The unit vector of `item` (zeros when it has none). Cost O(dimension).
    public func vector(of item: Int) -> ArraySlice<Float> {
        vectors[(item * dimension)..<((item + 1) * dimension)]
    }

    /// Cosine of two items' vectors (0 when either has none). Cost O(dimension).
    public func cosine(_ a: Int, _ b: Int) -> Float {
        guard hasVector[a], hasVector[b] else { return 0 }
        return vectors.withUnsafeBufferPointer { base in
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
    /// Cost: one read of each file, O(items × dimension).
    public static func load(vectorsPath: String, idsPath: String, catalog: Catalog,
                            vectorsDisplayName: String? = nil, idsDisplayName: String? = nil) throws -> ItemEmbeddings {
        let vectorsName = vectorsDisplayName ?? vectorsPath
        let idsName = idsDisplayName ?? idsPath
        let ids = try EmbeddingIDs.read(path: idsPath, displayName: idsName)
        let matrix = try NpyReader.read(path: vectorsPath, displayName: vectorsName)
        return try align(matrix: matrix, ids: ids, catalog: catalog, vectorsName: vectorsName)
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

    /// Reads and validates the ids file: `item` column present, ids non-empty and unique.
    /// Cost O(file size).
    public static func read(path: String, displayName: String? = nil) throws -> EmbeddingIDs {
        let table = try CSVTable.read(path: path, displayName: displayName ?? path)
        return try from(table)
    }

    public static func from(_ table: CSVTable) throws -> EmbeddingIDs {
        let itemColumn = try table.requireColumn("item")
        let textColumn = table.column("text")
        var ids: [String] = [], texts: [String] = []
        var firstLine: [String: Int] = [:]
        for (record, line) in zip(table.records, table.lineNumbers) {
            guard itemColumn < record.count else {
                throw RecError(file: table.file, line: line, "missing 'item' field")
            }
            let id = record[itemColumn].trimmingCharacters(in: .whitespaces)
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
}
