import Foundation

/// Writes a 2-D little-endian float16 `.npy` (format 1.0, C order), the layout `NpyReader` and NumPy read.
public enum NpyWriter {
    /// The bytes of a `rows × columns` float16 array from `values` (row-major Float, rounded to nearest).
    /// Cost: O(rows × columns).
    public static func float16(rows: Int, columns: Int, values: [Float]) -> Data {
        precondition(values.count == rows * columns, "values must hold rows × columns floats")
        var header = "{'descr': '<f2', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
        // magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, then "\n".
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        var payload = [UInt8](repeating: 0, count: values.count * 2)
        for (i, v) in values.enumerated() {
            let bits = Float16(v).bitPattern.littleEndian
            payload[2 * i] = UInt8(bits & 0xFF)
            payload[2 * i + 1] = UInt8(bits >> 8)
        }
        data.append(contentsOf: payload)
        return data
    }
}
