import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `.safetensors` file mapped into memory (read-only, `mmap`): an 8-byte little-endian header
/// length N, N bytes of JSON naming each tensor's dtype, shape and `data_offsets` (relative to the
/// byte after the header), then the raw little-endian data.
///
/// Opening validates the whole header before any tensor is touched and refuses, with one
/// `EncoderError` line naming the file: a file too short for the length field, a header length past
/// the end of the file, malformed JSON, an entry without dtype/shape/offsets, an unknown dtype,
/// offsets outside the data or not matching the shape, and overlapping tensors. Cost: one `mmap`
/// and a JSON parse of the header (about 20 KB for all-MiniLM-L6-v2); no tensor data is read.
public final class SafeTensorsFile: @unchecked Sendable {
    /// Element types the format defines, with their sizes in bytes.
    public enum DType: String, Sendable, CaseIterable {
        case bool = "BOOL", u8 = "U8", i8 = "I8", f8e5m2 = "F8_E5M2", f8e4m3 = "F8_E4M3"
        case i16 = "I16", u16 = "U16", f16 = "F16", bf16 = "BF16"
        case i32 = "I32", u32 = "U32", f32 = "F32", f64 = "F64", i64 = "I64", u64 = "U64"

        public var byteCount: Int {
            switch self {
            case .bool, .u8, .i8, .f8e5m2, .f8e4m3: 1
            case .i16, .u16, .f16, .bf16: 2
            case .i32, .u32, .f32: 4
            case .f64, .i64, .u64: 8
            }
        }

        /// The float types the encoder can read (widened to Float32).
        public var isFloat: Bool { self == .f32 || self == .f16 || self == .bf16 }
    }

    /// One entry of the header.
    public struct TensorInfo: Sendable, Equatable {
        public let name: String
        public let dtype: DType
        public let shape: [Int]
        /// Byte range inside the data section.
        public let begin: Int
        public let end: Int
        public var elementCount: Int { shape.reduce(1, *) }
    }

    /// The path, as given, for messages.
    public let path: String
    /// Tensors by name.
    public let tensors: [String: TensorInfo]
    private let base: UnsafeRawPointer
    private let mappedLength: Int
    private let dataStart: Int

    /// Maps and validates `path`. Throws `EncoderError` (naming `path`) on any refusal listed above.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw EncoderError(file: path, "cannot open (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw EncoderError(file: path, "cannot stat") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw EncoderError(file: path, "not a regular file") }
        let size = Int(info.st_size)
        guard size >= 8 else {
            throw EncoderError(file: path, "file of \(size) bytes is too short for the 8-byte header length")
        }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw EncoderError(file: path, "cannot map into memory (\(String(cString: strerror(errno))))")
        }
        let raw = UnsafeRawPointer(mapped)
        do {
            let headerLength = raw.loadUnaligned(as: UInt64.self).littleEndian
            guard headerLength <= UInt64(size - 8) else {
                throw EncoderError(file: path, "header length \(headerLength) runs past the end of the file (\(size) bytes)")
            }
            let dataStart = 8 + Int(headerLength)
            let header = Data(bytes: raw + 8, count: Int(headerLength))
            self.tensors = try Self.parseHeader(header, dataLength: size - dataStart, path: path)
            self.dataStart = dataStart
        } catch {
            munmap(mapped, size)
            throw error
        }
        self.base = raw
        self.mappedLength = size
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), mappedLength) }

    /// The tensor's bytes inside the mapping (valid while `self` lives).
    public func bytes(of tensor: TensorInfo) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + dataStart + tensor.begin, count: tensor.end - tensor.begin)
    }

    /// The named float tensor widened to Float32, checked against `shape`. Refuses a missing tensor,
    /// a non-float dtype and a shape mismatch, naming `shapeSource` (e.g. "config.json").
    /// Cost: one copy of the tensor (F32) or one conversion pass (F16/BF16).
    public func floats(_ name: String, shape: [Int], shapeSource: String) throws -> [Float] {
        guard let tensor = tensors[name] else { throw EncoderError(file: path, "missing tensor \(name)") }
        guard tensor.dtype.isFloat else {
            throw EncoderError(file: path, "tensor \(name) has dtype \(tensor.dtype.rawValue); only F32, F16 and BF16 are read")
        }
        guard tensor.shape == shape else {
            throw EncoderError(file: path, "tensor \(name) has shape \(tensor.shape), \(shapeSource) implies \(shape)")
        }
        let source = bytes(of: tensor)
        let count = tensor.elementCount
        switch tensor.dtype {
        case .f32:
            return [Float](unsafeUninitializedCapacity: count) { buffer, initialised in
                memcpy(buffer.baseAddress!, source.baseAddress!, count * 4)
                initialised = count
            }
        case .f16:
            return [Float](unsafeUninitializedCapacity: count) { buffer, initialised in
                for i in 0..<count {
                    let bits = source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self).littleEndian
                    buffer[i] = Float(Float16(bitPattern: bits))
                }
                initialised = count
            }
        case .bf16:
            return [Float](unsafeUninitializedCapacity: count) { buffer, initialised in
                for i in 0..<count {
                    let bits = source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self).littleEndian
                    buffer[i] = Float(bitPattern: UInt32(bits) << 16)
                }
                initialised = count
            }
        default:
            fatalError("unreachable: dtype checked above")
        }
    }

    /// One header entry as JSON; every field optional so `__metadata__` decodes too.
    private struct Entry: Decodable {
        let dtype: String?
        let shape: [Int]?
        let data_offsets: [Int]?
    }

    static func parseHeader(_ header: Data, dataLength: Int, path: String) throws -> [String: TensorInfo] {
        let entries: [String: Entry]
        do {
            entries = try JSONDecoder().decode([String: Entry].self, from: header)
        } catch {
            throw EncoderError(file: path, "malformed JSON header (\(header.count) bytes)")
        }
        var tensors: [String: TensorInfo] = [:]
        for (name, entry) in entries where name != "__metadata__" {
            guard let dtypeName = entry.dtype else {
                throw EncoderError(file: path, "tensor \(name) has no dtype")
            }
            guard let dtype = DType(rawValue: dtypeName) else {
                throw EncoderError(file: path, "tensor \(name) has unknown dtype \(dtypeName); only F32, F16 and BF16 are read")
            }
            guard let shape = entry.shape, shape.allSatisfy({ $0 >= 0 }) else {
                throw EncoderError(file: path, "tensor \(name) has no valid shape")
            }
            guard let offsets = entry.data_offsets, offsets.count == 2 else {
                throw EncoderError(file: path, "tensor \(name) has no valid data_offsets")
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end, end <= dataLength else {
                throw EncoderError(file: path, "tensor \(name) has data_offsets [\(begin), \(end)] outside the data (\(dataLength) bytes)")
            }
            var bytes = dtype.byteCount
            var overflow = false
            for dimension in shape {
                let (product, o) = bytes.multipliedReportingOverflow(by: dimension)
                bytes = product
                overflow = overflow || o
            }
            guard !overflow, bytes == end - begin else {
                throw EncoderError(file: path, "tensor \(name) has data_offsets [\(begin), \(end)] (\(end - begin) bytes), but \(dtypeName) \(shape) needs \(overflow ? "more" : String(bytes))")
            }
            tensors[name] = TensorInfo(name: name, dtype: dtype, shape: shape, begin: begin, end: end)
        }
        let ordered = tensors.values.filter { $0.end > $0.begin }.sorted { ($0.begin, $0.name) < ($1.begin, $1.name) }
        for (previous, next) in zip(ordered, ordered.dropFirst()) where next.begin < previous.end {
            throw EncoderError(file: path, "tensors \(previous.name) and \(next.name) overlap (bytes \(next.begin)..<\(previous.end))")
        }
        return tensors
    }
}
