import Foundation
import Synchronization
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
/// flushed, then renamed; temporaries of killed writers are removed when the cache is next opened
/// (`StaleTemporaries`).
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
        StaleTemporaries.remove(in: directory)
        var outcome = Outcome.written
        if FileManager.default.fileExists(atPath: file) {
            do {
                let (dataset, content, popularity) = try Self.read(file: file, key: key)
                return (Engine(dataset: dataset, directory: dataDirectory, content: content, popularity: popularity.map { PopularityRecommender(counts: $0) }), .loaded)
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
        let popularity = (try? engine.recommender(.popularity)) as? PopularityRecommender
        Self.encode(engine.dataset, engine.content, popularity: popularity?.halfLifeDays == nil ? popularity?.popularity : nil, into: &payload)
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

    static func encode(_ dataset: Dataset, _ content: ContentFeatures, popularity: [Float]? = nil, into out: inout SnapshotWriter) {
        let catalog = dataset.catalog
        out.strings([dataset.name, dataset.format.rawValue])
        out.strings(catalog.ids)
        out.strings(catalog.titles)
        out.strings(catalog.texts)
        let interned = catalog.interned ?? InternedContent(catalog: catalog)
        out.strings(interned.genreNames)
        out.column(interned.itemGenreStart)
        out.column(interned.itemGenres)
        out.strings(interned.tagNames)
        out.column(interned.itemTagStart)
        out.column(interned.itemTags)
        out.column(interned.itemTagCounts)
        let users = dataset.users
        out.strings(users.ids)
        out.strings(users.attributeNames)
        out.strings(users.attributes.flatMap { row in (0..<users.attributeNames.count).map { $0 < row.count ? row[$0] : "" } })
        let events = dataset.eventsByUser
        out.column(events.userStart)
        out.column(events.items)
        out.column(events.values)
        out.column(events.times)
        out.column(events.kinds)
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
        wordStart.reserveCapacity(users.count + 1)
        for user in 0..<users.count { wordStart.append(wordStart.last! + Int64(users.words.count(of: user))) }
        out.array(wordStart)
        out.strings(Array(users.words.joined()))
        // Optional after that: the popularity model's plain counts (users per item), so a warm load
        // does not pass over every event again.
        if let popularity, popularity.count == dataset.catalog.count { out.array(popularity) }
    }

    // MARK: - Reading

    struct Corrupt: Error {}
    /// A readable snapshot of other inputs (a file changed since).
    struct Stale: Error {}

    /// Reads a snapshot in place: the catalogue's strings, genre and tag lists, the users and every
    /// event are views into the mapped file (decoded when read), so the cost is the checksum and the
    /// bounds checks — O(file) streaming reads on both cores — plus copying out the content space.
    static func read(file: String, key: UInt64) throws -> (Dataset, ContentFeatures, [Float]?) {
        #if _endian(big)
        throw Corrupt()   // the file is little-endian and viewed in place
        #else
        var timer = PhaseTimer()
        guard let mapped = MappedFile(path: file, access: .random) else { throw Corrupt() }
        var header = SnapshotReader(base: mapped.base, count: mapped.count, owner: mapped)
        guard try header.raw(magic.count) == magic else { throw Corrupt() }
        guard try header.value(UInt64.self) == key else { throw Stale() }
        let length = try header.value(UInt64.self), sum = try header.value(UInt64.self)
        guard length == UInt64(header.remaining),
              checksum(UnsafeRawBufferPointer(start: mapped.base + header.offset, count: header.remaining)) == sum else { throw Corrupt() }
        timer.phase("checksum")
        var input = SnapshotReader(base: mapped.base + header.offset, count: header.remaining, owner: mapped)
        let meta = try input.strings()
        guard meta.count == 2, let format = DatasetFormat(rawValue: meta[1]) else { throw Corrupt() }
        let ids = try input.stringColumn(), titles = try input.stringColumn(), texts = try input.stringColumn()
        let n = ids.count
        guard titles.count == n, texts.count == n else { throw Corrupt() }
        let genreNames = try input.strings()
        let genreStart: Column<Int32> = try input.column(), genreIDs: Column<Int32> = try input.column()
        let tagNames = try input.strings()
        let tagStart: Column<Int32> = try input.column(), tagIDs: Column<Int32> = try input.column(), tagCounts: Column<Int32> = try input.column()
        try checkOffsets(genreStart, rows: n, total: genreIDs.count)
        try checkOffsets(tagStart, rows: n, total: tagIDs.count)
        guard tagCounts.count == tagIDs.count,
              allInRange(genreIDs, 0, Int32(clamping: genreNames.count)), allInRange(tagIDs, 0, Int32(clamping: tagNames.count)),
              allInRange(tagCounts, 1, Int32.max) else { throw Corrupt() }
        let userIDs = try input.stringColumn(), attributeNames = try input.strings(), attributeValues = try input.stringColumn()
        let u = userIDs.count
        guard attributeValues.count == u * attributeNames.count else { throw Corrupt() }
        let userStart: Column<Int64> = try input.column()
        let items: Column<Int32> = try input.column(), values: Column<Float> = try input.column()
        let times: Column<Int64> = try input.column(), kinds: Column<UInt8> = try input.column()
        try checkOffsets(userStart, rows: u, total: items.count)
        guard values.count == items.count, times.count == items.count, kinds.count == items.count,
              allInRange(items, 0, Int32(clamping: n)), allValidKinds(kinds), allFinite(values) else { throw Corrupt() }
        timer.phase("views")
        let featureNames = try input.strings()
        let idf: [Float] = try input.array()
        // The two matrices (items × features and its transpose) are copied out and checked on two cores.
        var parts: [(shape: Column<Int64>, rowStart: Column<Int64>, columns: Column<Int32>, values: Column<Float>)] = []
        for _ in 0..<2 { parts.append((try input.column(), try input.column(), try input.column(), try input.column())) }
        var matrices = [SparseMatrix?](repeating: nil, count: 2)
        matrices.withUnsafeMutableBufferPointer { matrices in
            parallelFor(2) { m in
                let (shape, rowStart, columns, values) = parts[m]
                guard shape.count == 2, shape[0] >= 0, shape[1] >= 0, (try? checkOffsets(rowStart, rows: Int(shape[0]), total: columns.count)) != nil,
                      values.count == columns.count else { return }
                let width = shape[1]
                let valid = columns.withUnsafeBufferPointer { columns in
                    values.withUnsafeBufferPointer { values in
                        var bad = false
                        for k in 0..<columns.count { bad = bad || columns[k] < 0 || Int64(columns[k]) >= width || !values[k].isFinite }
                        return !bad
                    }
                }
                guard valid else { return }
                matrices[m] = SparseMatrix(rowCount: Int(shape[0]), columnCount: Int(width), rowStart: rowStart.map { Int($0) },
                                           columns: columns.array, values: values.array)
            }
        }
        guard let itemsMatrix = matrices[0], let featureMatrix = matrices[1] else { throw Corrupt() }
        // Finite numbers only (a crafted snapshot's 1e38 or NaN made scores trap in explanations).
        guard idf.allSatisfy(\.isFinite) else { throw Corrupt() }
        // Nothing a loader would refuse (DatasetSnapshot+Limits.swift).
        try checkEventLimits(userStart: userStart, items: items, values: values, times: times, kinds: kinds)
        guard !(0..<n).contains(where: { ids.utf8Count($0) == 0 }) else { throw Corrupt() }   // every loader refuses an empty item id
        timer.phase("content space")
        var words = ListColumn<String>(Array(repeating: [], count: u))
        if input.remaining > 0 {
            let wordStart: Column<Int64> = try input.column()
            let wordValues = try input.stringColumn()
            try checkOffsets(wordStart, rows: u, total: wordValues.count)
            words = ListColumn(start: wordStart) { wordValues[$0] }
        }
        var popularity: [Float]?
        if input.remaining > 0 {
            let counts: [Float] = try input.array()
            // Counts of users: whole numbers from 0 to the number of users.
            guard counts.count == n, counts.allSatisfy({ $0 >= 0 && $0 <= Float(u) && $0.rounded() == $0 }) else { throw Corrupt() }
            popularity = counts
        }
        guard input.remaining == 0, idf.count == featureNames.count, itemsMatrix.rowCount == n, itemsMatrix.columnCount == featureNames.count,
              featureMatrix.rowCount == featureNames.count, featureMatrix.columnCount == n else { throw Corrupt() }

        let interned = InternedContent(genreNames: genreNames, itemGenreStart: genreStart, itemGenres: genreIDs,
                                       tagNames: tagNames, itemTagStart: tagStart, itemTags: tagIDs, itemTagCounts: tagCounts)
        let catalog = Catalog(ids: ids, titles: titles, texts: texts, interned: interned)
        let width = attributeNames.count
        let attributes = ListColumn<String>(count: u, range: { $0 * width..<($0 + 1) * width }) { attributeValues[$0] }
        let events = EventLists(userStart: userStart, items: items, values: values, times: times, kinds: kinds)
        var dataset = Dataset(name: meta[0], format: format, catalog: catalog,
                              users: UserTable(ids: userIDs, attributeNames: attributeNames, attributes: attributes, words: words), sortedEventsByUser: events)
        timer.phase("tables")
        dataset.loadPath = "snapshot: " + timer.summary
        let content = ContentFeatures(featureNames: featureNames, idf: idf, items: itemsMatrix, byFeature: featureMatrix)
        return (dataset, content, popularity)
        #endif
    }

    /// Every value within lo..<hi, checked on both cores.
    private static func allInRange(_ column: Column<Int32>, _ lo: Int32, _ hi: Int32) -> Bool {
        allInParallel(column) { buffer in
            var bad = false
            for v in buffer { bad = bad || v < lo || v >= hi }
            return !bad
        }
    }

    private static func allValidKinds(_ column: Column<UInt8>) -> Bool {
        allInParallel(column) { buffer in
            var bad = false
            for v in buffer { bad = bad || EventKind(rawValue: v) == nil }
            return !bad
        }
    }

    private static func allFinite(_ column: Column<Float>) -> Bool {
        allInParallel(column) { buffer in
            var bad = false
            for v in buffer { bad = bad || !v.isFinite }
            return !bad
        }
    }

    /// `test` over two halves of `column` on two cores; true when both pass.
    private static func allInParallel<T>(_ column: Column<T>, _ test: @escaping (UnsafeBufferPointer<T>) -> Bool) -> Bool {
        let parts = column.count < 1 << 16 ? 1 : 2
        let results = Mutex<[Bool]>(Array(repeating: true, count: parts))
        column.withUnsafeBufferPointer { buffer in
            parallelFor(parts) { part in
                let range = (buffer.count * part / parts)..<(buffer.count * (part + 1) / parts)
                let ok = test(UnsafeBufferPointer(rebasing: buffer[range]))
                results.withLock { $0[part] = ok }
            }
        }
        return results.withLock { $0.allSatisfy { $0 } }
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

    private static func checkOffsets<C: RandomAccessCollection>(_ offsets: C, rows: Int, total: Int) throws where C.Element: BinaryInteger, C.Index == Int {
        guard offsets.count - 1 == rows, offsets.first == 0, Int(offsets.last!) == total else { throw Corrupt() }
        var previous = offsets[0]
        for k in 1..<offsets.count {
            let next = offsets[k]
            guard next >= previous else { throw Corrupt() }
            previous = next
        }
    }
}

extension InternedContent {
    /// Interns a catalogue's genre and tag strings (for data sets read by the string loaders).
    init(catalog: Catalog) {
        var genreIndex: [String: Int32] = [:], tagIndex: [String: Int32] = [:]
        var genreNames: [String] = [], tagNames: [String] = []
        var genreStart: [Int32] = [0], genres: [Int32] = [], tagStart: [Int32] = [0], tags: [Int32] = [], tagCounts: [Int32] = []
        for item in 0..<catalog.count {
            for genre in item < catalog.genres.count ? catalog.genres[item] : [] {
                if genreIndex[genre] == nil { genreIndex[genre] = Int32(genreNames.count); genreNames.append(genre) }
                genres.append(genreIndex[genre]!)
            }
            genreStart.append(Int32(genres.count))
            for tag in item < catalog.tags.count ? catalog.tags[item] : [] {
                if tagIndex[tag.tag] == nil { tagIndex[tag.tag] = Int32(tagNames.count); tagNames.append(tag.tag) }
                tags.append(tagIndex[tag.tag]!)
                tagCounts.append(Int32(clamping: tag.count))
            }
            tagStart.append(Int32(tags.count))
        }
        self.init(genreNames: genreNames, itemGenreStart: Column(genreStart), itemGenres: Column(genres),
                  tagNames: tagNames, itemTagStart: Column(tagStart), itemTags: Column(tags), itemTagCounts: Column(tagCounts))
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

    /// A column as an array section.
    mutating func column<T>(_ values: Column<T>) {
        values.withUnsafeBufferPointer { buffer in
            let raw = UnsafeRawBufferPointer(buffer)
            value(UInt64(raw.count))
            bytes.append(contentsOf: raw)
            bytes.append(contentsOf: repeatElement(0, count: (8 - raw.count % 8) % 8))
        }
    }

    /// A string column: packed ones are copied as they are, without decoding a string.
    mutating func strings(_ column: StringColumn) {
        if case .packed(let offsets, let bytes) = column.storage {
            self.column(offsets)
            self.column(bytes)
        } else {
            strings(Array(column))
        }
    }

    /// A list of strings: offsets (Int64, count + 1) then the UTF-8 bytes.
    mutating func strings<S: Collection>(_ list: S) where S.Element == String {
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
    /// The mapped file the columns view.
    let owner: AnyObject
    var offset = 0

    init(base: UnsafePointer<UInt8>, count: Int, owner: AnyObject) {
        self.base = base
        self.count = count
        self.owner = owner
    }

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

    /// An array section viewed in place (no copy); it must be aligned for `T`.
    mutating func column<T: BitwiseCopyable>(_ type: T.Type = T.self) throws -> Column<T> {
        let length = try value(UInt64.self)
        let padded = length &+ (8 &- length % 8) % 8
        guard length <= UInt64(remaining), padded <= UInt64(remaining), Int(length) % MemoryLayout<T>.stride == 0 else { throw DatasetSnapshot.Corrupt() }
        let start = UnsafeRawPointer(base + offset)
        guard Int(bitPattern: start) % MemoryLayout<T>.alignment == 0 else { throw DatasetSnapshot.Corrupt() }
        offset += Int(padded)
        return Column(viewing: start, count: Int(length) / MemoryLayout<T>.stride, owner: owner)
    }

    /// A list of strings viewed in place, decoded when read; offsets are checked here. O(count).
    mutating func stringColumn() throws -> StringColumn {
        let offsets: Column<Int64> = try column()
        let blob: Column<UInt8> = try column()
        guard let first = offsets.first, first == 0, Int(offsets.last!) == blob.count else { throw DatasetSnapshot.Corrupt() }
        let ordered = offsets.withUnsafeBufferPointer { o -> Bool in
            var bad = false
            for k in 1..<o.count { bad = bad || o[k] < o[k - 1] }
            return !bad
        }
        guard ordered else { throw DatasetSnapshot.Corrupt() }
        return StringColumn(offsets: offsets, bytes: blob)
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
