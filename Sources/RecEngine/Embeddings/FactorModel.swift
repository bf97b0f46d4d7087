import Foundation

/// A factor model trained elsewhere (Spark ALS, implicit, LightFM, a two-tower network), read from a
/// directory holding `user_factors.npy` and `item_factors.npy` (2-D float32/float16, [rows, dims]) and
/// `user_ids.csv` / `item_ids.csv` naming each row (column `user` / `item`, else the first column).
///
/// Item rows are aligned to the catalogue: items of the data set without a factor row get a zero
/// vector, so they score 0 and are never "similar" to anything. Ids the data set does not know are
/// dropped and reported in `notes` (count and the first few), never fatal.
public struct FactorModel: Sendable {
    public static let userFactorsFile = "user_factors.npy"
    public static let itemFactorsFile = "item_factors.npy"
    public static let userIDsFile = "user_ids.csv"
    public static let itemIDsFile = "item_ids.csv"

    /// Latent dimensions (columns of both matrices).
    public let dimension: Int
    /// Item factors aligned to the catalogue: catalogue count × dimension, zero rows for items without one.
    public let itemFactors: DenseMatrix
    /// User factors aligned to the data set's users: users × dimension, zero rows for users without one.
    public let userFactors: DenseMatrix
    /// Whether each catalogue item / data-set user has a factor row.
    public let itemHasFactors: [Bool]
    public let userHasFactors: [Bool]
    /// One-line notes about ids unknown to the data set (empty when every id was known).
    public let notes: [String]

    /// Reads and aligns the four files of `directory`. Throws a one-line `RecError` naming the file when
    /// one is missing or refused by `NpyReader`, the dimensions differ, a row count differs from its ids
    /// count, or an ids file has an empty or repeated id. Cost: one read of each file, O((users + items) × dims).
    public static func load(directory: String, dataset: Dataset) throws -> FactorModel {
        func path(_ name: String) throws -> String {
            let full = (directory as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: full) else {
                throw RecError(file: full, "missing file (a --factors directory needs \(userFactorsFile), \(itemFactorsFile), \(userIDsFile), \(itemIDsFile))")
            }
            return full
        }
        let userMatrixPath = try path(userFactorsFile), itemMatrixPath = try path(itemFactorsFile)
        let userIDsPath = try path(userIDsFile), itemIDsPath = try path(itemIDsFile)
        let itemMatrix = try NpyReader.read(path: itemMatrixPath)
        let userMatrix = try NpyReader.read(path: userMatrixPath)
        guard itemMatrix.columns > 0 else { throw RecError(file: itemMatrixPath, "factors have 0 dimensions") }
        guard userMatrix.columns == itemMatrix.columns else {
            throw RecError(file: userMatrixPath, "has \(userMatrix.columns) dimensions but \(itemMatrixPath) has \(itemMatrix.columns)")
        }
        let itemIDs = try FactorIDTable.read(path: itemIDsPath, column: "item")
        let userIDs = try FactorIDTable.read(path: userIDsPath, column: "user")
        guard itemMatrix.rows == itemIDs.count else {
            throw RecError(file: itemMatrixPath, "has \(itemMatrix.rows) rows but \(itemIDsPath) lists \(itemIDs.count) ids")
        }
        guard userMatrix.rows == userIDs.count else {
            throw RecError(file: userMatrixPath, "has \(userMatrix.rows) rows but \(userIDsPath) lists \(userIDs.count) ids")
        }
        var notes: [String] = []
        let items = align(itemMatrix, table: itemIDs, to: dataset.catalog.ids, kind: "item", file: itemIDsPath, notes: &notes)
        let users = align(userMatrix, table: userIDs, to: dataset.users.ids, kind: "user", file: userIDsPath, notes: &notes)
        return FactorModel(dimension: itemMatrix.columns, itemFactors: items.matrix, userFactors: users.matrix,
                           itemHasFactors: items.has, userHasFactors: users.has, notes: notes)
    }

    public init(dimension: Int, itemFactors: DenseMatrix, userFactors: DenseMatrix, itemHasFactors: [Bool], userHasFactors: [Bool], notes: [String] = []) {
        self.dimension = dimension
        self.itemFactors = itemFactors
        self.userFactors = userFactors
        self.itemHasFactors = itemHasFactors
        self.userHasFactors = userHasFactors
        self.notes = notes
    }

    /// The ids of an ids CSV: column `column` when present, else the first column; ids non-empty and unique.
    static func readIDs(path: String, column: String) throws -> [String] {
        let table = try CSVTable.read(path: path)
        guard !table.header.isEmpty else { throw RecError(file: path, "no header row") }
        let idColumn = table.column(column) ?? 0
        var ids: [String] = []
        var firstLine: [String: Int] = [:]
        for (record, line) in zip(table.records, table.lineNumbers) {
            let id = idColumn < record.count ? record[idColumn].trimmingCharacters(in: .whitespaces) : ""
            guard !id.isEmpty else { throw RecError(file: path, line: line, "empty \(column) id") }
            if let first = firstLine[id] { throw RecError(file: path, line: line, "duplicate \(column) id '\(id)' (first on line \(first))") }
            firstLine[id] = line
            ids.append(id)
        }
        return ids
    }

    /// Copies the factor row of each data-set id (`ids`, by dense index) that `table` names; factor rows no
    /// data-set id named become one note (count and the first five in file order). A data-set id that
    /// repeats takes its row once, at its first index (as the data set's look-ups do).
    /// Cost: one hash per data-set id, one row copy per match.
    private static func align(_ matrix: NpyMatrix, table: ByteKeyTable, to ids: StringColumn, kind: String, file: String,
                              notes: inout [String]) -> (matrix: DenseMatrix, has: [Bool]) {
        let f = matrix.columns
        var aligned = DenseMatrix(rows: ids.count, columns: f)
        var has = [Bool](repeating: false, count: ids.count)
        var used = [Bool](repeating: false, count: table.count)
        matrix.values.withUnsafeBufferPointer { source in
            aligned.values.withUnsafeMutableBufferPointer { target in
                for dense in 0..<ids.count {
                    guard let row = FactorIDTable.row(of: dense, in: ids, table: table), !used[row] else { continue }
                    used[row] = true
                    has[dense] = true
                    (target.baseAddress! + dense * f).update(from: source.baseAddress! + row * f, count: f)
                }
            }
        }
        let unknownRows = used.indices.filter { !used[$0] }
        if !unknownRows.isEmpty {
            let first = unknownRows.prefix(5).map { FactorIDTable.id(table, $0) }
            notes.append("\(file): \(unknownRows.count) \(kind) id\(unknownRows.count == 1 ? "" : "s") not in the data set, ignored (first: \(first.joined(separator: ", ")))")
        }
        return (aligned, has)
    }
}
