import CLinearAlgebra

/// A dense row-major `Float` matrix: element (r, c) lives at `values[r * columns + c]`.
/// Memory: rows × columns × 4 bytes.
public struct DenseMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var values: [Float]

    /// A rows × columns matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        self.rows = rows
        self.columns = columns
        self.values = Array(repeating: value, count: rows * columns)
    }

    /// Wraps `values` (row-major, count rows × columns); returns nil when the count does not match.
    public init?(rows: Int, columns: Int, values: [Float]) {
        let (size, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard rows >= 0, columns >= 0, !overflow, values.count == size else { return nil }
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// The n × n identity matrix scaled by `scale`.
    public static func identity(_ n: Int, scale: Float = 1) -> DenseMatrix {
        var matrix = DenseMatrix(rows: n, columns: n)
        for i in 0..<n { matrix.values[i * n + i] = scale }
        return matrix
    }

    public subscript(row: Int, column: Int) -> Float {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// A copy of one row. Cost O(columns).
    public func row(_ row: Int) -> [Float] {
        Array(values[(row * columns)..<((row + 1) * columns)])
    }

    /// The transpose. Cost O(rows × columns).
    public var transposed: DenseMatrix {
        var result = DenseMatrix(rows: columns, columns: rows)
        for r in 0..<rows {
            for c in 0..<columns { result.values[c * rows + r] = values[r * columns + c] }
        }
        return result
    }
}
