import Foundation

/// Fitted models on disk, keyed by the training data's fingerprint and the model's parameters, so a
/// second launch skips training.
///
/// Location: `$RECSCOPE_CACHE_DIR` if set, else `$XDG_CACHE_HOME/recscope`, else
/// `~/.cache/recscope`. One file per model: `<data fingerprint>-<algorithm>-<key>.bin` (16 hex digits
/// each). Writes go to a temporary file that is fsync'ed and then renamed over the old one, so a reader
/// sees the old file or the new one, never a partial one, and a crash leaves at most a stray
/// temporary — removed by the next `loadOrFit` once its writer has exited (`StaleTemporaries`).
/// Reads are memory-mapped. A file that is missing, truncated, from another version or
/// otherwise unreadable is ignored and the model refitted (and the file rewritten); the cache never
/// makes a launch fail.
///
/// Eviction: after each write, the data set's files beyond `maximumFilesPerDataSet`, or beyond
/// `maximumBytesPerDataSet` in all, are removed, least recently used first (a load counts as a use).
/// Other data sets' files are left alone.
///
/// File layout, every number little-endian: magic "RSCACHE2", key (UInt64), parameter string, payload
/// length, payload, FNV-1a checksum of the payload.
public struct ModelCache: Sendable {
    public let directory: String
    /// At most this many model files per data set (fingerprint).
    public let maximumFilesPerDataSet: Int
    /// At most this many bytes of model files per data set.
    public let maximumBytesPerDataSet: Int

    public init(directory: String, maximumFilesPerDataSet: Int = 8, maximumBytesPerDataSet: Int = 1 << 30) {
        self.directory = directory
        self.maximumFilesPerDataSet = max(1, maximumFilesPerDataSet)
        self.maximumBytesPerDataSet = max(0, maximumBytesPerDataSet)
    }

    /// The documented default location for `environment` (normally the process environment).
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["RECSCOPE_CACHE_DIR"], !explicit.isEmpty { return explicit }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return (xdg as NSString).appendingPathComponent("recscope") }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".cache/recscope")
    }

    private static let magic = Array("RSCACHE2".utf8)

    /// Cache key of a fit: FNV-1a over the data fingerprint and the parameter description.
    public static func key(fingerprint: UInt64, parameters: String) -> UInt64 {
        var hash = FNV1a()
        hash.add(fingerprint)
        hash.add(parameters)
        return hash.value
    }

    /// 16 lower-case hex digits.
    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
    }

    /// Path of the file for this data fingerprint, algorithm and key.
    public func path(fingerprint: UInt64, algorithm: Algorithm, key: UInt64) -> String {
        (directory as NSString).appendingPathComponent("\(ModelCache.hex(fingerprint))-\(algorithm.rawValue)-\(ModelCache.hex(key)).bin")
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
        let file = path(fingerprint: fingerprint, algorithm: algorithm, key: key)
        StaleTemporaries.remove(in: directory)
        var outcome = Outcome.fitted
        if FileManager.default.fileExists(atPath: file) {
            if let model = try? load(file: file, key: key, parameters: parameters, decode: decode) {
                _ = utimes(file, nil)  // now the most recently used, for eviction
                return Result(model: model, outcome: .loaded, fitMilliseconds: nil)
            }
            outcome = .refittedCorrupt
        }
        let started = DispatchTime.now().uptimeNanoseconds
        let model = try fit()
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        if (try? store(model, file: file, key: key, parameters: parameters)) != nil {
            evict(fingerprint: fingerprint, keeping: file)
        }
        return Result(model: model, outcome: outcome, fitMilliseconds: milliseconds)
    }

    /// Reads and validates one file. Throws `RecError` naming the file on any mismatch.
    func load<Model>(file: String, key: UInt64, parameters: String, decode: (inout BinaryReader) throws -> Model) throws -> Model {
        // Memory-mapped: only the pages actually read are loaded.
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped) else { throw RecError(file: file, "cannot read cache file") }
        return try ModelCache.load(data: data, file: file, key: key, parameters: parameters, decode: decode)
    }

    /// Validates and decodes the bytes of a cache file (`file` names it in errors): the one decoding path
    /// behind `load(file:…)`, also driven in memory by the fuzz targets.
    static func load<Model>(data: Data, file: String, key: UInt64, parameters: String, decode: (inout BinaryReader) throws -> Model) throws -> Model {
        guard data.count >= ModelCache.magic.count, Array(data.prefix(ModelCache.magic.count)) == ModelCache.magic else {
            throw RecError(file: file, "not a recscope cache file")
        }
        var reader = BinaryReader(data: data.dropFirst(ModelCache.magic.count), file: file)
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

    /// Writes one file: temporary file, fsync, rename over the old one.
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
        // Process id and a random suffix: two writers never share a temporary file, even across
        // process-id namespaces (containers) sharing one cache directory.
        let temporary = file + ".tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw RecError(file: temporary, "cannot write cache file: \(String(cString: strerror(errno)))") }
        var failure: String?
        for chunk in [Data(ModelCache.magic) + header.data, payload.data, trailer.data] where failure == nil {
            chunk.withUnsafeBytes { bytes in
                var written = 0
                while written < bytes.count {
                    let n = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                    if n < 0 { if errno == EINTR { continue }; failure = String(cString: strerror(errno)); return }
                    written += n
                }
            }
        }
        if failure == nil && fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        if close(descriptor) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        // rename(2) replaces the old file atomically: readers see the old file or the new one.
        if failure == nil && rename(temporary, file) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw RecError(file: temporary, "cannot write cache file: \(failure)")
        }
    }

    /// Removes the data set's least recently used files beyond the file and byte limits, never `kept`.
    /// Errors are ignored: eviction only frees space.
    func evict(fingerprint: UInt64, keeping kept: String) {
        let prefix = ModelCache.hex(fingerprint) + "-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        var files: [(path: String, size: Int, used: Date)] = []
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".bin") {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { continue }
            files.append((path, (attributes[.size] as? NSNumber)?.intValue ?? 0, attributes[.modificationDate] as? Date ?? .distantPast))
        }
        // Newest first; the file just written always stays.
        files.sort { ($0.path == kept ? 1 : 0, $0.used) > ($1.path == kept ? 1 : 0, $1.used) }
        var count = 0, bytes = 0
        for file in files {
            count += 1
            bytes += file.size
            if file.path != kept && (count > maximumFilesPerDataSet || bytes > maximumBytesPerDataSet) {
                try? FileManager.default.removeItem(atPath: file.path)
                count -= 1
                bytes -= file.size
            }
        }
    }

    /// True when the cache holds a file of every one of `algorithms` for the data with `fingerprint`
    /// (whatever their parameters): a cheap hint that loading them will not mean fitting them. Cost:
    /// one directory listing.
    public func holdsModels(fingerprint: UInt64, algorithms: [Algorithm]) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return false }
        let prefix = ModelCache.hex(fingerprint) + "-"
        return algorithms.allSatisfy { algorithm in
            names.contains { $0.hasPrefix(prefix + algorithm.rawValue + "-") && $0.hasSuffix(".bin") }
        }
    }
}
