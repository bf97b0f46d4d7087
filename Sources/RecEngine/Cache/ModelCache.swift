import Foundation

/// Fitted models on disk, keyed by the training data's fingerprint and the model's parameters, so a
/// second launch skips training.
///
/// Location: `$RECSCOPE_CACHE_DIR` if set, else `$XDG_CACHE_HOME/recscope`, else
/// `~/.cache/recscope`. One file per model: `<algorithm>-<16 hex digits of the key>.bin`, written
/// atomically (temporary file + rename). A file that is missing, truncated, from another version or
/// otherwise unreadable is ignored and the model refitted (and the file rewritten); the cache never
/// makes a launch fail.
///
/// File layout: magic "RSCACHE1", key (UInt64), parameter string, payload length, payload, FNV-1a
/// checksum of the payload.
public struct ModelCache: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// The documented default location for `environment` (normally the process environment).
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["RECSCOPE_CACHE_DIR"], !explicit.isEmpty { return explicit }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return (xdg as NSString).appendingPathComponent("recscope") }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".cache/recscope")
    }

    private static let magic = Array("RSCACHE1".utf8)

    /// Cache key of a fit: FNV-1a over the data fingerprint and the parameter description.
    public static func key(fingerprint: UInt64, parameters: String) -> UInt64 {
        var hash = FNV1a()
        hash.add(fingerprint)
        hash.add(parameters)
        return hash.value
    }

    /// Path of the file for this algorithm and key.
    public func path(algorithm: Algorithm, key: UInt64) -> String {
        let hex = String(key, radix: 16)
        let padded = String(repeating: "0", count: max(0, 16 - hex.count)) + hex
        return (directory as NSString).appendingPathComponent("\(algorithm.rawValue)-\(padded).bin")
    }

    /// What `loadOrFit` did.
    public enum Outcome: String, Sendable {
        case loaded, fitted, refittedCorrupt = "refitted (cache file unreadable)"
    }

    /// A model from `loadOrFit`: how it was obtained and, when fitted, how long the fit alone took (ms,
    /// excluding the cache write).
    public struct Result<Model>: Sendable where Model: Sendable {
        public var model: Model
        public var outcome: Outcome
        public var fitMilliseconds: Double?
    }

    /// The cached model for (`fingerprint`, `parameters`) if a valid file exists, else `fit()` —
    /// whose result is then stored (a failed write is ignored). Cost: file read, or the fit + a write.
    public func loadOrFit<Model: CacheableModel>(_ type: Model.Type, algorithm: Algorithm, fingerprint: UInt64, parameters: String,
                                                 decode: (inout BinaryReader) throws -> Model,
                                                 fit: () throws -> Model) throws -> Result<Model> {
        let key = ModelCache.key(fingerprint: fingerprint, parameters: parameters)
        let file = path(algorithm: algorithm, key: key)
        var outcome = Outcome.fitted
        if FileManager.default.fileExists(atPath: file) {
            if let model = try? load(file: file, key: key, parameters: parameters, decode: decode) {
                return Result(model: model, outcome: .loaded, fitMilliseconds: nil)
            }
            outcome = .refittedCorrupt
        }
        let started = DispatchTime.now().uptimeNanoseconds
        let model = try fit()
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        try? store(model, file: file, key: key, parameters: parameters)
        return Result(model: model, outcome: outcome, fitMilliseconds: milliseconds)
    }

    /// Reads and validates one file. Throws `RecError` naming the file on any mismatch.
    func load<Model>(file: String, key: UInt64, parameters: String, decode: (inout BinaryReader) throws -> Model) throws -> Model {
        // Memory-mapped: only the pages actually read are loaded.
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped) else { throw RecError(file: file, "cannot read cache file") }
        var reader = BinaryReader(data: data, file: file)
        guard data.count >= ModelCache.magic.count, Array(data.prefix(ModelCache.magic.count)) == ModelCache.magic else {
            throw RecError(file: file, "not a recscope cache file")
        }
        reader = BinaryReader(data: data.dropFirst(ModelCache.magic.count), file: file)
        guard try reader.readUInt64() == key, try reader.readString() == parameters else { throw RecError(file: file, "cache key mismatch") }
        let payloadLength = try reader.readCount(elementSize: 1)
        let payloadStart = reader.offset
        let payload = data[payloadStart..<(payloadStart + payloadLength)]
        var checksumReader = BinaryReader(data: data[(payloadStart + payloadLength)...], file: file)
        guard try checksumReader.readUInt64() == ModelCache.checksum(payload) else { throw RecError(file: file, "cache checksum mismatch") }
        var payloadReader = BinaryReader(data: payload, file: file)
        return try decode(&payloadReader)
    }

    /// Checksum of a payload (word-wise FNV-1a).
    static func checksum(_ payload: Data) -> UInt64 {
        var hash = FNV1a()
        payload.withUnsafeBytes { hash.addWords($0) }
        return hash.value
    }

    /// Writes one file atomically.
    func store<Model: CacheableModel>(_ model: Model, file: String, key: UInt64, parameters: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var payload = BinaryWriter()
        model.encode(into: &payload)
        var header = BinaryWriter()
        header.write(key)
        header.write(parameters)
        header.write(payload.data.count)
        var trailer = BinaryWriter()
        trailer.write(ModelCache.checksum(payload.data))
        let temporary = file + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw RecError(file: temporary, "cannot write cache file")
        }
        do {
            try handle.write(contentsOf: Data(ModelCache.magic) + header.data)
            try handle.write(contentsOf: payload.data)
            try handle.write(contentsOf: trailer.data)
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw RecError(file: temporary, "cannot write cache file: \(error.localizedDescription)")
        }
        _ = try? FileManager.default.removeItem(atPath: file)
        try FileManager.default.moveItem(atPath: temporary, toPath: file)
    }
}
