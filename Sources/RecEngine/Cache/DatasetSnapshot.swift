import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A binary copy of a loaded data set and its content space, so the next launch skips parsing.
///
/// One file per data directory in the cache (`dataset-<hash of the directory path>.snap`), keyed by
/// every input file's name, size, modification time and a sampled content hash (64 KB at each end
/// and 256 blocks of 4 KB spread between): a changed file changes the key and the snapshot is
/// rebuilt. The file is memory-mapped on reading; columns are copied out in bulk. Nothing in it is
/// trusted: every length, offset and index is checked against its bounds, and a snapshot that is
/// truncated, from another version or inconsistent anywhere is ignored (and rewritten) — a damaged
/// snapshot costs one slow load, never wrong data or a failed command. Written to a temporary file,
/// flushed, then renamed.
///
/// Layout: magic `RSSNAP03`, key (UInt64), then sections, each a UInt64 byte length followed by the
/// bytes padded to 8; little-endian throughout.
public struct DatasetSnapshot: Sendable {
    public let directory: String
    /// Inputs smaller than this (bytes, all files together) are not worth a snapshot.
    public var minimumInputBytes: Int

    public init(directory: String, minimumInputBytes: Int = 16 << 20) {
        self.directory = directory
        self.minimumInputBytes = minimumInputBytes
    }

    static let magic = Array("RSSNAP03".utf8)
    /// Files any loader reads; those present form the key.
    static let inputNames = ["items.csv", "users.csv", "interactions.csv", "movies.csv", "ratings.csv", "tags.csv", "u.data", "u.item", "u.genre", "u.user"]

    /// The snapshot's path for a data directory.
    public func path(forData dataDirectory: String) -> String {
        let absolute = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path
        var hash = FNV1a()
        hash.add(absolute)
        let hex = String(hash.value, radix: 16)
        return (directory as NSString).appendingPathComponent("dataset-" + String(repeating: "0", count: max(0, 16 - hex.count)) + hex + ".snap")
    }

    /// Key of the directory's current inputs and their total size; nil when there are none.
    static func inputKey(_ dataDirectory: String) -> (key: UInt64, bytes: Int)? {
        var hash = FNV1a()
        hash.add(magic.reduce(0) { $0 << 8 | UInt64($1) })
        var total = 0, found = 0
        for name in inputNames {
            let path = DatasetLoader.path(dataDirectory, name)
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            guard let file = MappedFile(path: path) else { return nil }
            found += 1
            total += file.count
            hash.add(name)
            hash.add(UInt64(file.count))
            hash.add(UInt64(bitPattern: Int64(info.st_mtim.tv_sec)))
            hash.add(UInt64(bitPattern: Int64(info.st_mtim.tv_nsec)))
            let bytes = UnsafeRawBufferPointer(start: file.base, count: file.count)
            let edge = 64 << 10, block = 4 << 10
            if file.count <= 2 * edge + 256 * block {
                hash.addWords(bytes)
            } else {
                hash.addWords(UnsafeRawBufferPointer(rebasing: bytes[0..<edge]))
                hash.addWords(UnsafeRawBufferPointer(rebasing: bytes[(file.count - edge)...]))
                for k in 0..<256 {
                    let start = edge + (file.count - 2 * edge - block) / 255 * k
                    hash.addWords(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + block)]))
                }
            }
        }
        return found > 0 ? (hash.value, total) : nil
    }

    /// What `load` did, for messages and `bench --load`.
    public enum Outcome: String, Sendable {
        case loaded = "snapshot"
        case written = "parsed, snapshot written"
        case rebuilt = "parsed (snapshot unreadable), snapshot rewritten"
        case refreshed = "parsed (input changed), snapshot rewritten"
        case skipped = "parsed"
    }

    /// The engine for `dataDirectory`: from a valid snapshot, else loaded from its files (and, when the
    /// input is large enough, a snapshot written for next time; a failed write is ignored).
    public func loadEngine(dataDirectory: String, options: LoadOptions) throws -> (engine: Engine, outcome: Outcome) {
        guard !options.lenient, let (key, bytes) = Self.inputKey(dataDirectory), bytes >= minimumInputBytes else {
            return (try Engine.load(directory: dataDirectory, options: options), .skipped)
        }
        let file = path(forData: dataDirectory)
        var outcome = Outcome.written
        if FileManager.default.fileExists(atPath: file) {
            do {
                let (dataset, content) = try Self.read(file: file, key: key)
                return (Engine(dataset: dataset, directory: dataDirectory, content: content), .loaded)
            } catch is Stale {
                outcome = .refreshed
            } catch {
                outcome = .rebuilt
            }
        }
        let engine = try Engine.load(directory: dataDirectory, options: options)
        do { try write(engine, key: key, file: file) } catch { outcome = .skipped }
        return (engine, outcome)
    }

    // MARK: - Writing

    func write(_ engine: Engine, key: UInt64, file: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var payload = SnapshotWriter()
        // Reserve an over-estimate up front: growing by doubling would copy hundreds of megabytes and
        // briefly hold two copies; capacity never written is never resident.
        let nonZeros = engine.content.items.nonZeroCount
        payload.bytes.reserveCapacity(engine.dataset.eventCount * 17 + nonZeros * 17 + engine.dataset.catalog.count * 256
                                      + engine.dataset.users.count * 128 + (1 << 20))
        Self.encode(engine.dataset, engine.content, into: &payload)
        var header = SnapshotWriter()
        header.raw(Self.magic)
        header.value(key)
        header.value(UInt64(payload.bytes.count))
        header.value(payload.bytes.withUnsafeBytes { Self.checksum($0) })
        let temporary = file + ".tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw RecError(file: temporary, "cannot write snapshot") }
        func writeAll(_ bytes: [UInt8]) -> Bool {
            bytes.withUnsafeBytes { raw -> Bool in
                var offset = 0
                while offset < raw.count {
                    let n = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                    if n <= 0 { return false }
                    offset += n
                }
                return true
            }
        }
        let written = writeAll(header.bytes) && writeAll(payload.bytes)
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written, synced, rename(temporary, file) == 0 else {
            unlink(temporary)
            throw RecError(file: file, "cannot write snapshot")
        }
    }

    static func encode(_ dataset: Dataset, _ content: ContentFeatures, into out: inout SnapshotWriter) {
        let catalog = dataset.catalog
        out.strings([dataset.name, dataset.format.rawValue])
        out.strings(catalog.ids)
        out.strings(catalog.titles)
        out.strings(catalog.texts)
        let interned = catalog.interned ?? InternedContent(catalog: catalog)
        out.strings(interned.genreNames)
        out.array(interned.itemGenreStart)
        out.array(interned.itemGenres)
        out.strings(interned.tagNames)
        out.array(interned.itemTagStart)
        out.array(interned.itemTags)
        out.array(catalog.tags.flatMap { $0.map { Int32(clamping: $0.count) } })
        out.strings(dataset.users.ids)
        out.strings(dataset.users.attributeNames)
        out.strings(dataset.users.attributes.flatMap { row in (0..<dataset.users.attributeNames.count).map { $0 < row.count ? row[$0] : "" } })
        var userStart: [Int64] = [0]
        userStart.reserveCapacity(dataset.users.count + 1)
        for events in dataset.eventsByUser { userStart.append(userStart.last! + Int64(events.count)) }
        out.array(userStart)
        let total = dataset.eventCount
        out.column(Int32.self, count: total, dataset.eventsByUser) { Int32($0.item) }
        out.column(Float.self, count: total, dataset.eventsByUser) { $0.value }
        out.column(Int64.self, count: total, dataset.eventsByUser) { $0.timestamp }
        out.column(UInt8.self, count: total, dataset.eventsByUser) { $0.kind.rawValue }
        out.strings(content.featureNames)
        out.array(content.idf)
        for matrix in [content.items, content.byFeature] {
            out.array([Int64(matrix.rowCount), Int64(matrix.columnCount)])
            out.array(matrix.rowStart.map(Int64.init))
            out.array(matrix.columns)
            out.array(matrix.values)
        }
        // Last and optional on reading (a body without it has no user words): each user's own words.
        var wordStart: [Int64] = [0]
        for words in dataset.users.words { wordStart.append(wordStart.last! + Int64(words.count)) }
        out.array(wordStart)
        out.strings(Array(dataset.users.words.joined()))
    }

    // MARK: - Reading

    struct Corrupt: Error {}
    /// A readable snapshot of other inputs (a file changed since).
    struct Stale: Error {}

    static func read(file: String, key: UInt64) throws -> (Dataset, ContentFeatures) {
        guard let mapped = MappedFile(path: file) else { throw Corrupt() }
        var header = SnapshotReader(base: mapped.base, count: mapped.count)
        guard try header.raw(magic.count) == magic else { throw Corrupt() }
        guard try header.value(UInt64.self) == key else { throw Stale() }
        let length = try header.value(UInt64.self), sum = try header.value(UInt64.self)
        guard length == UInt64(header.remaining),
              checksum(UnsafeRawBufferPointer(start: mapped.base + header.offset, count: header.remaining)) == sum else { throw Corrupt() }
        var input = SnapshotReader(base: mapped.base + header.offset, count: header.remaining)
        let meta = try input.strings()
        guard meta.count == 2, let format = DatasetFormat(rawValue: meta[1]) else { throw Corrupt() }
        let ids = try input.strings(), titles = try input.strings(), texts = try input.strings()
        let n = ids.count
        guard titles.count == n, texts.count == n else { throw Corrupt() }
        let genreNames = try input.strings()
        let genreStart: [Int32] = try input.array(), genreIDs: [Int32] = try input.array()
        let tagNames = try input.strings()
        let tagStart: [Int32] = try input.array(), tagIDs: [Int32] = try input.array(), tagCounts: [Int32] = try input.array()
        try checkOffsets(genreStart, rows: n, total: genreIDs.count)
        try checkOffsets(tagStart, rows: n, total: tagIDs.count)
        guard tagCounts.count == tagIDs.count, genreIDs.allSatisfy({ $0 >= 0 && Int($0) < genreNames.count }),
              tagIDs.allSatisfy({ $0 >= 0 && Int($0) < tagNames.count }), tagCounts.allSatisfy({ $0 > 0 }) else { throw Corrupt() }
        let userIDs = try input.strings(), attributeNames = try input.strings(), attributeValues = try input.strings()
        let u = userIDs.count
        guard attributeValues.count == u * attributeNames.count else { throw Corrupt() }
        let userStart: [Int64] = try input.array()
        let items: [Int32] = try input.array(), values: [Float] = try input.array(), times: [Int64] = try input.array(), kinds: [UInt8] = try input.array()
        try checkOffsets(userStart, rows: u, total: items.count)
        guard values.count == items.count, times.count == items.count, kinds.count == items.count,
              items.allSatisfy({ $0 >= 0 && Int($0) < n }), kinds.allSatisfy({ EventKind(rawValue: $0) != nil }) else { throw Corrupt() }
        let featureNames = try input.strings()
        let idf: [Float] = try input.array()
        var matrices: [SparseMatrix] = []
        for _ in 0..<2 {
            let shape: [Int64] = try input.array()
            let rowStart: [Int64] = try input.array(), columns: [Int32] = try input.array(), matrixValues: [Float] = try input.array()
            guard shape.count == 2, shape[0] >= 0, shape[1] >= 0 else { throw Corrupt() }
            try checkOffsets(rowStart, rows: Int(shape[0]), total: columns.count)
            guard matrixValues.count == columns.count, columns.allSatisfy({ $0 >= 0 && Int64($0) < shape[1] }) else { throw Corrupt() }
            matrices.append(SparseMatrix(rowCount: Int(shape[0]), columnCount: Int(shape[1]), rowStart: rowStart.map { Int($0) }, columns: columns, values: matrixValues))
        }
        // Finite numbers only (a crafted snapshot's 1e38 or NaN made scores trap in explanations).
        guard values.allSatisfy(\.isFinite), idf.allSatisfy(\.isFinite), matrices.allSatisfy({ $0.values.allSatisfy(\.isFinite) }) else { throw Corrupt() }
        // Nothing a loader would refuse (DatasetSnapshot+Limits.swift).
        try checkEventLimits(userStart: userStart, items: items, values: values, times: times, kinds: kinds)
        guard !ids.contains(where: \.isEmpty) else { throw Corrupt() }   // every loader refuses an empty item id
        var wordStart: [Int64] = Array(repeating: 0, count: u + 1), wordValues: [String] = []
        if input.remaining > 0 {
            wordStart = try input.array()
            wordValues = try input.strings()
            try checkOffsets(wordStart, rows: u, total: wordValues.count)
        }
        guard input.remaining == 0, idf.count == featureNames.count, matrices[0].rowCount == n, matrices[0].columnCount == featureNames.count,
              matrices[1].rowCount == featureNames.count, matrices[1].columnCount == n else { throw Corrupt() }

        // Rebuild the Swift structures, independent parts on separate cores.
        var genres: [[String]] = [], tags: [[TagCount]] = [], events: [[Event]] = [], attributes: [[String]] = [], words: [[String]] = []
        parallelFor(3) { job in
            switch job {
            case 0:
                genres = (0..<n).map { i in (Int(genreStart[i])..<Int(genreStart[i + 1])).map { genreNames[Int(genreIDs[$0])] } }
                attributes = (0..<u).map { user in Array(attributeValues[(user * attributeNames.count)..<((user + 1) * attributeNames.count)]) }
                words = (0..<u).map { user in Array(wordValues[Int(wordStart[user])..<Int(wordStart[user + 1])]) }
            case 1:
                tags = (0..<n).map { i in (Int(tagStart[i])..<Int(tagStart[i + 1])).map { TagCount(tag: tagNames[Int(tagIDs[$0])], count: Int(tagCounts[$0])) } }
            default:
                events = (0..<u).map { user in
                    (Int(userStart[user])..<Int(userStart[user + 1])).map {
                        Event(item: Int(items[$0]), value: values[$0], timestamp: times[$0], kind: EventKind(rawValue: kinds[$0])!)
                    }
                }
            }
        }
        var catalog = Catalog(ids: ids, titles: titles, genres: genres, tags: tags, texts: texts)
        catalog.interned = InternedContent(genreNames: genreNames, itemGenreStart: genreStart, itemGenres: genreIDs,
                                           tagNames: tagNames, itemTagStart: tagStart, itemTags: tagIDs)
        var dataset = Dataset(name: meta[0], format: format, catalog: catalog,
                              users: UserTable(ids: userIDs, attributeNames: attributeNames, attributes: attributes, words: words), sortedEventsByUser: events)
        dataset.loadPath = "snapshot"
        let content = ContentFeatures(featureNames: featureNames, idf: idf, items: matrices[0], byFeature: matrices[1])
        withExtendedLifetime(mapped) {}
        return (dataset, content)
    }

    /// A 64-bit checksum of `bytes`: four interleaved multiply-xor lanes per half, the halves on two
    /// cores — a few milliseconds for hundreds of megabytes. Any changed byte changes it (almost surely).
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let words = bytes.count / 8
        var halves: [UInt64] = [0, 0]
        halves.withUnsafeMutableBufferPointer { halves in
            parallelFor(2) { half in
                var lanes: (UInt64, UInt64, UInt64, UInt64) = (0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F, 0x1656_67B1_9E37_79F9, 0x27D4_EB2F_1656_67C5)
                let from = words / 2 * half, to = half == 0 ? words / 2 : words
                var k = from
                while k + 4 <= to {
                    lanes.0 = (lanes.0 ^ bytes.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self)) &* 0x100000001b3
                    lanes.1 = (lanes.1 ^ bytes.loadUnaligned(fromByteOffset: k * 8 + 8, as: UInt64.self)) &* 0x100000001b3
                    lanes.2 = (lanes.2 ^ bytes.loadUnaligned(fromByteOffset: k * 8 + 16, as: UInt64.self)) &* 0x100000001b3
                    lanes.3 = (lanes.3 ^ bytes.loadUnaligned(fromByteOffset: k * 8 + 24, as: UInt64.self)) &* 0x100000001b3
                    k += 4
                }
                while k < to { lanes.0 = (lanes.0 ^ bytes.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self)) &* 0x100000001b3; k += 1 }
                var hash = FNV1a()
                hash.add(lanes.0); hash.add(lanes.1); hash.add(lanes.2); hash.add(lanes.3)
                halves[half] = hash.value
            }
        }
        var hash = FNV1a()
        hash.add(halves[0]); hash.add(halves[1]); hash.add(UInt64(bytes.count))
        for offset in (words * 8)..<bytes.count { hash.add(UInt64(bytes[offset])) }
        return hash.value
    }

    private static func checkOffsets<T: BinaryInteger>(_ offsets: [T], rows: Int, total: Int) throws {
        guard offsets.count - 1 == rows, offsets.first == 0, Int(offsets.last!) == total else { throw Corrupt() }
        for k in 1..<offsets.count where offsets[k] < offsets[k - 1] { throw Corrupt() }
    }
}

extension InternedContent {
    /// Interns a catalogue's genre and tag strings (for data sets read by the string loaders).
    init(catalog: Catalog) {
        var genreIndex: [String: Int32] = [:], tagIndex: [String: Int32] = [:]
        genreNames = []; tagNames = []
        itemGenreStart = [0]; itemGenres = []; itemTagStart = [0]; itemTags = []
        for item in 0..<catalog.count {
            for genre in catalog.genres[item] {
                if genreIndex[genre] == nil { genreIndex[genre] = Int32(genreNames.count); genreNames.append(genre) }
                itemGenres.append(genreIndex[genre]!)
            }
            itemGenreStart.append(Int32(itemGenres.count))
            for tag in catalog.tags[item] {
                if tagIndex[tag.tag] == nil { tagIndex[tag.tag] = Int32(tagNames.count); tagNames.append(tag.tag) }
                itemTags.append(tagIndex[tag.tag]!)
            }
            itemTagStart.append(Int32(itemTags.count))
        }
    }
}

/// Sections of raw little-endian arrays, each length-prefixed and padded to 8 bytes.
struct SnapshotWriter {
    var bytes: [UInt8] = []

    mutating func raw(_ data: [UInt8]) { bytes.append(contentsOf: data) }

    mutating func value<T: FixedWidthInteger>(_ v: T) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func array<T>(_ values: [T]) {
        values.withUnsafeBytes { raw in
            value(UInt64(raw.count))
            bytes.append(contentsOf: raw)
            bytes.append(contentsOf: repeatElement(0, count: (8 - raw.count % 8) % 8))
        }
    }

    /// One field of every event, in user order, written as an array section without a temporary array.
    mutating func column<T: FixedWidthInteger & Sendable>(_ type: T.Type, count: Int, _ lists: [[Event]], _ field: (Event) -> T) {
        columnBytes(MemoryLayout<T>.stride, count: count, lists) { event, out in withUnsafeBytes(of: field(event).littleEndian) { out.append(contentsOf: $0) } }
    }

    mutating func column(_ type: Float.Type, count: Int, _ lists: [[Event]], _ field: (Event) -> Float) {
        columnBytes(4, count: count, lists) { event, out in withUnsafeBytes(of: field(event).bitPattern.littleEndian) { out.append(contentsOf: $0) } }
    }

    private mutating func columnBytes(_ stride: Int, count: Int, _ lists: [[Event]], _ append: (Event, inout [UInt8]) -> Void) {
        let length = stride * count
        value(UInt64(length))
        for events in lists { for event in events { append(event, &bytes) } }
        bytes.append(contentsOf: repeatElement(0, count: (8 - length % 8) % 8))
    }

    /// A list of strings: offsets (Int64, count + 1) then the UTF-8 bytes.
    mutating func strings(_ list: [String]) {
        var offsets: [Int64] = [0]
        offsets.reserveCapacity(list.count + 1)
        var blob: [UInt8] = []
        for s in list {
            blob.append(contentsOf: s.utf8)
            offsets.append(Int64(blob.count))
        }
        array(offsets)
        array(blob)
    }
}

/// Bounds-checked reading of `SnapshotWriter` sections from mapped bytes.
struct SnapshotReader {
    let base: UnsafePointer<UInt8>
    let count: Int
    var offset = 0

    var remaining: Int { count - offset }

    mutating func raw(_ n: Int) throws -> [UInt8] {
        guard n >= 0, n <= remaining else { throw DatasetSnapshot.Corrupt() }
        defer { offset += n }
        return Array(UnsafeBufferPointer(start: base + offset, count: n))
    }

    mutating func value<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard MemoryLayout<T>.size <= remaining else { throw DatasetSnapshot.Corrupt() }
        defer { offset += MemoryLayout<T>.size }
        return T(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: T.self))
    }

    mutating func array<T>(_ type: T.Type = T.self) throws -> [T] {
        let length = try value(UInt64.self)
        let padded = length &+ (8 &- length % 8) % 8
        guard length <= UInt64(remaining), padded <= UInt64(remaining), Int(length) % MemoryLayout<T>.stride == 0 else { throw DatasetSnapshot.Corrupt() }
        let n = Int(length) / MemoryLayout<T>.stride
        let start = UnsafeRawPointer(base + offset)
        offset += Int(padded)
        guard n > 0 else { return [] }
        return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            memcpy(buffer.baseAddress!, start, Int(length))
            initialized = n
        }
    }

    mutating func strings() throws -> [String] {
        let offsets: [Int64] = try array()
        let blob: [UInt8] = try array()
        guard let first = offsets.first, first == 0, Int(offsets.last!) == blob.count else { throw DatasetSnapshot.Corrupt() }
        var result: [String] = []
        result.reserveCapacity(offsets.count - 1)
        try blob.withUnsafeBufferPointer { blob in
            for k in 1..<offsets.count {
                let a = Int(offsets[k - 1]), b = Int(offsets[k])
                // Every offset inside the blob, not just the last: [0, 1000, 5] read past a 5-byte blob.
                guard a <= b, b <= blob.count else { throw DatasetSnapshot.Corrupt() }
                result.append(String(decoding: UnsafeBufferPointer(rebasing: blob[a..<b]), as: UTF8.self))
            }
        }
        return result
    }
}
