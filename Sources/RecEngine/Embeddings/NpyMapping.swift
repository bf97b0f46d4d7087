import Foundation

/// A `.npy` file mapped into memory (read-only), its header validated exactly as `NpyReader.read`
/// does, so a large matrix can be converted straight from the file's bytes without a `Data` copy and
/// a `[Float]` of every value. The values are not checked here (finiteness is the caller's pass over
/// the data); the mapping is released when the object goes.
public final class NpyMappedFile: @unchecked Sendable {
    public let rows: Int
    public let columns: Int
    public let storedType: NpyMatrix.StoredType
    public let version: (major: UInt8, minor: UInt8)
    /// The row-major values as stored (little-endian, possibly unaligned), rows × columns of them.
    public let data: UnsafeRawPointer
    private let mapping: UnsafeMutableRawPointer?
    private let mappedBytes: Int

    fileprivate init(rows: Int, columns: Int, storedType: NpyMatrix.StoredType, version: (major: UInt8, minor: UInt8),
                     data: UnsafeRawPointer, mapping: UnsafeMutableRawPointer?, mappedBytes: Int) {
        self.rows = rows
        self.columns = columns
        self.storedType = storedType
        self.version = version
        self.data = data
        self.mapping = mapping
        self.mappedBytes = mappedBytes
    }

    deinit {
        if let mapping { munmap(mapping, mappedBytes) }
    }

    /// Value `index` (row-major) widened to Float (for messages). O(1).
    public func value(at index: Int) -> Float {
        switch storedType {
        case .float32:
            return Float(bitPattern: UInt32(littleEndian: data.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
        case .float16:
            return Float(Float16(bitPattern: UInt16(littleEndian: data.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self))))
        }
    }
}

extension NpyReader {
    /// Maps `path` and validates its prefix, header and size with the same checks and messages as
    /// `read(path:displayName:)`. Cost: O(header) plus the kernel's mapping of the file (pages are
    /// faulted in ahead, from the page cache when the file was read recently).
    public static func map(path: String, displayName: String? = nil) throws -> NpyMappedFile {
        let name = displayName ?? path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw RecError(file: name, "is a directory, not a .npy file")
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw RecError(file: name, "cannot open file") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw RecError(file: name, "cannot read file (\(String(cString: strerror(errno))))")
        }
        let fileSize = Int(status.st_size)
        guard fileSize >= 10 else { throw RecError(file: name, "not a .npy file (only \(fileSize) bytes; wrong magic)") }
        #if os(Linux)
        let flags = MAP_PRIVATE | MAP_POPULATE
        #else
        let flags = MAP_PRIVATE
        #endif
        guard let mapping = mmap(nil, fileSize, PROT_READ, flags, descriptor, 0), mapping != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw RecError(file: name, "cannot read file (\(String(cString: strerror(errno))))")
        }
        do {
            let bytes = UnsafeRawBufferPointer(start: mapping, count: fileSize)
            let (version, headerLength, prefixLength) = try parsePrefix(Array(bytes[0..<10]), file: name, extra: {
                guard fileSize >= 12 else { throw RecError(file: name, "file ends early (wanted 2 more bytes, got \(fileSize - 10))") }
                return Array(bytes[10..<12])
            })
            let dataOffset = prefixLength + headerLength
            guard dataOffset <= fileSize else {
                throw RecError(file: name, "header length \(headerLength) runs past the end of the file")
            }
            let header = try parseHeader(Array(bytes[prefixLength..<dataOffset]), version: version, file: name)
            _ = try checkedDataSize(header, available: fileSize - dataOffset, file: name)
            return NpyMappedFile(rows: header.rows, columns: header.columns, storedType: header.type, version: version,
                                 data: UnsafeRawPointer(mapping) + dataOffset, mapping: mapping, mappedBytes: fileSize)
        } catch {
            munmap(mapping, fileSize)
            throw error
        }
    }
}
