/// A compressed-sparse-row matrix of Float. Row `r`'s non-zeros are
/// `columns[rowStart[r]..<rowStart[r+1]]` with the same positions in `values`; columns ascend in a row.
public struct SparseMatrix: Sendable, Equatable {
    public let rowCount: Int
    public let columnCount: Int
    public let rowStart: [Int]
    public let columns: [Int32]
    public let values: [Float]

    public init(rowCount: Int, columnCount: Int, rowStart: [Int], columns: [Int32], values: [Float]) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.rowStart = rowStart
        self.columns = columns
        self.values = values
    }

    /// Builds a CSR matrix from per-row lists of (column, value); duplicate columns in a row are summed.
    public init(rowCount: Int, columnCount: Int, rows: [[(column: Int, value: Float)]]) {
        var rowStart = [0]
        rowStart.reserveCapacity(rowCount + 1)
        var columns: [Int32] = []
        var values: [Float] = []
        for row in rows {
            let sorted = row.sorted { $0.column < $1.column }
            for entry in sorted {
                if let last = columns.last, columns.count > rowStart.last!, Int(last) == entry.column {
                    values[values.count - 1] += entry.value
                } else {
                    columns.append(Int32(entry.column))
                    values.append(entry.value)
                }
            }
            rowStart.append(columns.count)
        }
        self.init(rowCount: rowCount, columnCount: columnCount, rowStart: rowStart, columns: columns, values: values)
    }

    /// Number of stored non-zeros.
    public var nonZeroCount: Int { values.count }

    /// Positions of row `r`'s entries in `columns`/`values`.
    @inlinable public func range(ofRow r: Int) -> Range<Int> { rowStart[r]..<rowStart[r + 1] }

    /// Row `r` as (column, value) pairs. O(nnz of the row).
    public func row(_ r: Int) -> [(column: Int, value: Float)] {
        range(ofRow: r).map { (Int(columns[$0]), values[$0]) }
    }

    /// Dot product of rows `a` and `b` (both sorted): O(nnz(a) + nnz(b)).
    public func rowDot(_ a: Int, _ b: Int) -> Float {
        var i = rowStart[a], j = rowStart[b]
        let iEnd = rowStart[a + 1], jEnd = rowStart[b + 1]
        var sum: Float = 0
        while i < iEnd && j < jEnd {
            let ci = columns[i], cj = columns[j]
            if ci == cj { sum += values[i] * values[j]; i += 1; j += 1 } else if ci < cj { i += 1 } else { j += 1 }
        }
        return sum
    }

    /// `out[r] = row r · dense` for every row. O(nnz), split over the cores from 65,536 rows (a
    /// million-item catalogue's content scores). `out` must have `rowCount` elements.
    public func multiply(dense: [Float], into out: inout [Float]) {
        let rowCount = self.rowCount
        columns.withUnsafeBufferPointer { columns in
            values.withUnsafeBufferPointer { values in
                dense.withUnsafeBufferPointer { dense in
                    rowStart.withUnsafeBufferPointer { rowStart in
                        out.withUnsafeMutableBufferPointer { out in
                            nonisolated(unsafe) let out = out
                            let rows = { (block: Range<Int>) in
                                for r in block {
                                    var sum: Float = 0
                                    for p in rowStart[r]..<rowStart[r + 1] { sum += values[p] * dense[Int(columns[p])] }
                                    out[r] = sum
                                }
                            }
                            if rowCount < SparseMatrix.parallelRows { rows(0..<rowCount) } else { RowBlocks.forEach(rowCount, rows) }
                        }
                    }
                }
            }
        }
    }

    /// Row count from which `multiply` splits its rows over the cores.
    static let parallelRows = 1 << 16

    /// The transpose, also in CSR form (i.e. this matrix in CSC). O(nnz + rows + columns).
    public func transposed() -> SparseMatrix {
        var counts = [Int](repeating: 0, count: columnCount + 1)
        for c in columns { counts[Int(c) + 1] += 1 }
        for c in 0..<columnCount { counts[c + 1] += counts[c] }
        var next = counts
        var tColumns = [Int32](repeating: 0, count: nonZeroCount)
        var tValues = [Float](repeating: 0, count: nonZeroCount)
        for r in 0..<rowCount {
            for p in range(ofRow: r) {
                let c = Int(columns[p])
                tColumns[next[c]] = Int32(r)
                tValues[next[c]] = values[p]
                next[c] += 1
            }
        }
        return SparseMatrix(rowCount: columnCount, columnCount: rowCount, rowStart: counts, columns: tColumns, values: tValues)
    }
}
