import Foundation

/// Appends scalars and arrays to a byte buffer, all little-endian whatever the host (the model cache's
/// file format). On a little-endian host arrays are copied in bulk.
public struct BinaryWriter {
    private(set) var data = Data()

    mutating func write(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    mutating func write(_ value: Int) { write(UInt64(bitPattern: Int64(value))) }
    mutating func write(_ value: Float) { write(UInt64(value.bitPattern)) }

    mutating func write(_ values: [Float]) {
        write(values.count)
        #if _endian(big)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        #else
        values.withUnsafeBytes { data.append(contentsOf: $0) }
        #endif
    }

    mutating func write(_ values: [Int32]) {
        write(values.count)
        #if _endian(big)
        for value in values { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        #else
        values.withUnsafeBytes { data.append(contentsOf: $0) }
        #endif
    }

    mutating func write(_ values: [Int]) {
        write(values.count)
        for value in values { write(value) }
    }

    mutating func write(_ string: String) {
        let bytes = Array(string.utf8)
        write(bytes.count)
        data.append(contentsOf: bytes)
    }

    mutating func write(_ matrix: DenseMatrix) {
        write(matrix.rows)
        write(matrix.columns)
        write(matrix.values)
    }
}

/// Reads what `BinaryWriter` wrote; every read checks bounds and throws `RecError` on truncation or
/// implausible sizes, so a corrupted file can never trap.
public struct BinaryReader {
    let data: Data
    private(set) var offset: Int
    let file: String

    init(data: Data, file: String) {
        self.data = data
        self.offset = data.startIndex
        self.file = file
    }

    private func corrupt(_ what: String) -> RecError { RecError(file: file, "corrupted cache file: \(what)") }

    mutating func readUInt64() throws -> UInt64 {
        guard offset + 8 <= data.endIndex else { throw corrupt("truncated") }
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: data[offset..<(offset + 8)]) }
        offset += 8
        return UInt64(littleEndian: value)
    }

    mutating func readInt() throws -> Int { Int(Int64(bitPattern: try readUInt64())) }

    mutating func readFloat() throws -> Float {
        let bits = try readUInt64()
        guard bits <= UInt64(UInt32.max) else { throw corrupt("bad float") }
        return Float(bitPattern: UInt32(bits))
    }

    mutating func readCount(elementSize: Int) throws -> Int {
        let count = try readInt()
        guard count >= 0, count <= (data.endIndex - offset) / max(1, elementSize) else { throw corrupt("bad length \(count)") }
        return count
    }

    mutating func readFloats() throws -> [Float] {
        let count = try readCount(elementSize: 4)
        var values = [Float](repeating: 0, count: count)
        values.withUnsafeMutableBytes { $0.copyBytes(from: data[offset..<(offset + 4 * count)]) }
        offset += 4 * count
        #if _endian(big)
        for i in values.indices { values[i] = Float(bitPattern: UInt32(littleEndian: values[i].bitPattern)) }
        #endif
        return values
    }

    mutating func readInt32s() throws -> [Int32] {
        let count = try readCount(elementSize: 4)
        var values = [Int32](repeating: 0, count: count)
        values.withUnsafeMutableBytes { $0.copyBytes(from: data[offset..<(offset + 4 * count)]) }
        offset += 4 * count
        #if _endian(big)
        for i in values.indices { values[i] = Int32(littleEndian: values[i]) }
        #endif
        return values
    }

    mutating func readInts() throws -> [Int] {
        let count = try readCount(elementSize: 8)
        var values: [Int] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try readInt()) }
        return values
    }

    mutating func readString() throws -> String {
        let count = try readCount(elementSize: 1)
        let string = String(decoding: data[offset..<(offset + count)], as: UTF8.self)
        offset += count
        return string
    }

    mutating func readMatrix() throws -> DenseMatrix {
        let rows = try readInt()
        let columns = try readInt()
        let values = try readFloats()
        guard rows >= 0, columns >= 0, let matrix = DenseMatrix(rows: rows, columns: columns, values: values) else {
            throw corrupt("matrix shape \(rows)x\(columns) does not match \(values.count) values")
        }
        return matrix
    }
}
