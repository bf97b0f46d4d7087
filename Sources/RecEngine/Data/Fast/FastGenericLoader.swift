import Foundation

/// The generic layout loaded from bytes, on every core — the same `Dataset` as `GenericLoader`, many
/// times faster on large files.
///
/// Files are memory-mapped and parsed in chunks in parallel (`CSVChunks`); ids are interned from byte
/// slices — by number when they are a prefix plus a number (`NumberedKeys`), else by hash
/// (`ByteKeyTable`) — without making a `String` per row; plain interaction rows are read straight from
/// the bytes (`InteractionChunk.scanPlainRows`); numbers are parsed from bytes; genre and tag names
/// are interned once per distinct spelling. Only what the data set keeps becomes a `String` (ids,
/// titles, names). `Dataset.loadPath` lists each phase's wall and CPU time (`bench --load`).
///
/// Exactness: this path accepts only input it can read exactly as `GenericLoader` does. Anything else —
/// a malformed line, a bad or unusual value, a duplicate or unknown id, a non-ASCII id, a field needing
/// trimming in a way bytes cannot reproduce — throws `FastPathUnavailable`, and `GenericLoader` then
/// loads the exact sequential way, producing the same data or the same line-numbered error as always.
/// Lenient loads always take the sequential path.
enum FastGenericLoader {
    static var workers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// How files are cut for parallel parsing. The program uses `standard`: two chunks per core, none
    /// shorter than 64 KB (so small files are one chunk). Tests and the fuzz target pass tiny chunks so
    /// that small inputs cross many chunk boundaries; the result must not depend on it.
    struct Chunking: Sendable {
        /// Chunks per file (at most).
        var count: Int
        /// Shortest chunk (bytes).
        var minimumBytes: Int
        /// Users from which the events are appended by all cores (below: one).
        var parallelUsers: Int
        static var standard: Chunking { Chunking(count: workers * 2, minimumBytes: 1 << 16, parallelUsers: 4096) }
    }

    static func load(directory: String, chunking: Chunking = .standard) throws -> Dataset {
        var timer = PhaseTimer()
        func phase(_ name: String) { timer.phase(name) }
        let (catalog, itemKeys, itemsFile) = try loadItems(DatasetLoader.path(directory, "items.csv"), chunking: chunking, timer: &timer)
        var users = try loadUsers(DatasetLoader.path(directory, "users.csv"), chunking: chunking)
        phase("users")
        let eventsByUser = try loadInteractions(DatasetLoader.path(directory, "interactions.csv"), items: itemKeys, users: &users, chunking: chunking, timer: &timer)
        withExtendedLifetime(itemsFile) {}
        var dataset = Dataset(
            name: DatasetLoader.displayName(of: directory),
            format: .generic,
            catalog: catalog,
            users: UserTable(ids: StringColumn(users.ids), attributeNames: users.attributeNames, attributes: ListColumn(users.attributes), words: ListColumn(Array(repeating: [], count: users.ids.count))),
            sortedEventsByUser: eventsByUser
        )
        phase("users table")
        dataset.loadPath = "parallel: " + timer.summary
        return dataset
    }

    static func map(_ path: String) throws -> MappedFile {
        guard let file = MappedFile(path: path) else { throw FastPathUnavailable("cannot map \(path)") }
        return file
    }

    // MARK: - items.csv

    /// Genre or tag names met by one chunk: raw ASCII spelling → local id (a cache), name → local id.
    /// A value type held by its chunk, so its updates need no dynamic exclusivity checks.
    struct NameTable {
        var bytes = ByteKeyTable(expectedCount: 64)
        var byteIDs: [Int32] = []
        var ids: [String: Int32] = [:]
        var names: [String] = []

        mutating func id(of name: String) -> Int32 {
            if let id = ids[name] { return id }
            let id = Int32(names.count)
            ids[name] = id
            names.append(name)
            return id
        }
    }

    struct ItemChunk: ChunkConsumer {
        let idColumn: Int, titleColumn: Int, genresColumn: Int?, tagsColumn: Int?, textColumn: Int?
        let needed: Int
        var keys: [(start: Int, count: Int)] = []
        var titles = PackedStringsBuilder()
        var texts = PackedStringsBuilder()
        /// Per item, local genre ids in file order, and local tag ids in order of first appearance with
        /// how often each was applied (CSR); `loadItems` puts each item's tags in `Catalog.tags` order.
        var genreIDs: [Int32] = [], genreStart: [Int32] = [0]
        var tagIDs: [Int32] = [], tagCounts: [Int32] = [], tagStart: [Int32] = [0]
        var genreNames = NameTable(), tagNames = NameTable()
        private var pieces: [Int32] = []

        init(id: Int, title: Int, genres: Int?, tags: Int?, text: Int?) {
            idColumn = id; titleColumn = title; genresColumn = genres; tagsColumn = tags; textColumn = text
            needed = [id, title, genres ?? 0, tags ?? 0, text ?? 0].max()!
        }

        /// Splits a `|` list the way `GenericLoader.list` does and interns each piece through `intern`.
        private static func split(_ base: UnsafePointer<UInt8>, _ field: FieldSlice, table: inout NameTable, normalise: Bool, into pieces: inout [Int32]) {
            pieces.removeAll(keepingCapacity: true)
            var ascii = !field.escaped
            if ascii { for p in field.start..<field.end where base[p] >= 0x80 { ascii = false; break } }
            guard ascii else {
                // Unicode: the exact String path (a `|` followed by a combining mark is not a separator).
                let text = CSVChunks.decodeString(base, field).trimmedSpaces
                for piece in text.split(separator: "|").map({ String($0).trimmedSpaces }) where !piece.isEmpty {
                    if normalise {
                        let tag = TagAccumulator.normalise(piece)
                        if !tag.isEmpty { pieces.append(table.id(of: tag)) }
                    } else {
                        pieces.append(table.id(of: piece))
                    }
                }
                return
            }
            var s = field.start
            while s <= field.end {
                var e = s
                while e < field.end, base[e] != UInt8(ascii: "|") { e += 1 }
                var a = s, b = e
                while a < b, base[a] == 32 || base[a] == 9 { a += 1 }
                while b > a, base[b - 1] == 32 || base[b - 1] == 9 { b -= 1 }
                if b > a {
                    let (slot, inserted) = table.bytes.insert(base + a, b - a)
                    if inserted {
                        let piece = String(decoding: UnsafeBufferPointer(start: base + a, count: b - a), as: UTF8.self)
                        let name = normalise ? TagAccumulator.normalise(piece) : piece
                        let id = name.isEmpty ? -1 : table.id(of: name)
                        table.byteIDs.append(id)
                    }
                    let id = table.byteIDs[slot]
                    if id >= 0 { pieces.append(id) }
                }
                s = e + 1
            }
        }

        mutating func consume(_ fields: [FieldSlice], base: UnsafePointer<UInt8>) throws {
            guard fields.count > needed else { throw FastPathUnavailable("short row") }
            guard let key = CSVChunks.asciiKey(base, fields[idColumn]), key.count > 0 else { throw FastPathUnavailable("item id") }
            keys.append(key)
            titles.append(base, fields[titleColumn])
            if let textColumn { texts.append(base, fields[textColumn]) }
            if let genresColumn {
                Self.split(base, fields[genresColumn], table: &genreNames, normalise: false, into: &pieces)
                genreIDs.append(contentsOf: pieces)
            }
            genreStart.append(Int32(genreIDs.count))
            if let tagsColumn {
                Self.split(base, fields[tagsColumn], table: &tagNames, normalise: true, into: &pieces)
                // Count repeats, in order of first appearance (ordered by count and name in `loadItems`).
                let first = tagIDs.count
                for id in pieces {
                    var k = first
                    while k < tagIDs.count, tagIDs[k] != id { k += 1 }
                    if k < tagIDs.count { tagCounts[k] &+= 1 } else { tagIDs.append(id); tagCounts.append(1) }
                }
            }
            tagStart.append(Int32(tagIDs.count))
        }
    }

    static func loadItems(_ path: String, chunking: Chunking = .standard, timer: inout PhaseTimer) throws -> (Catalog, ItemKeys, MappedFile) {
        let file = try map(path)
        let header = try CSVChunks.header(file)
        guard let idColumn = header.column("item"), let titleColumn = header.column("title") else { throw FastPathUnavailable("items header") }
        let genres = header.column("genres"), tags = header.column("tags"), text = header.column("text")
        let chunks = try CSVChunks.parse(file, from: header.dataStart, chunkCount: chunking.count, minimumChunkBytes: chunking.minimumBytes) { _ in
            ItemChunk(id: idColumn, title: titleColumn, genres: genres, tags: tags, text: text)
        }
        timer.phase("items parse")
        let total = chunks.reduce(0) { $0 + $1.keys.count }
        // Ids: a direct numbered index when they have that form (it also proves them distinct), else
        // a hash table of their bytes.
        var keys: [(start: Int, count: Int)] = []
        keys.reserveCapacity(total)
        for chunk in chunks { keys.append(contentsOf: chunk.keys) }
        var itemKeys = ItemKeys()
        itemKeys.numbers = NumberedKeys(count: total) { UnsafeBufferPointer(start: file.base + keys[$0].start, count: keys[$0].count) }
        if itemKeys.numbers == nil {
            var table = ByteKeyTable(expectedCount: total)
            for key in keys where !table.insert(file.base + key.start, key.count).inserted {
                throw FastPathUnavailable("duplicate item id")
            }
            itemKeys.table = table
        }
        let ids = PackedStringsBuilder.column(keys: keys, in: file.base)
        timer.phase("item ids")
        // Global genre and tag names, in first-appearance order, and each chunk's local → global ids.
        var genreIndex: [String: Int32] = [:], tagIndex: [String: Int32] = [:]
        var genreNames: [String] = [], tagNames: [String] = []
        var itemGenreStart: [Int32] = [0], itemGenres: [Int32] = [], itemTagStart: [Int32] = [0], itemTags: [Int32] = [], itemTagCounts: [Int32] = []
        itemGenreStart.reserveCapacity(total + 1)
        itemTagStart.reserveCapacity(total + 1)
        var genreMaps: [[Int32]] = [], tagMaps: [[Int32]] = []
        for chunk in chunks {
            genreMaps.append(chunk.genreNames.names.map { name -> Int32 in
                if let id = genreIndex[name] { return id }
                genreIndex[name] = Int32(genreNames.count); genreNames.append(name); return Int32(genreNames.count - 1)
            })
            tagMaps.append(chunk.tagNames.names.map { name -> Int32 in
                if let id = tagIndex[name] { return id }
                tagIndex[name] = Int32(tagNames.count); tagNames.append(name); return Int32(tagNames.count - 1)
            })
        }
        // Each item's tags by count (descending), then name — as `TagAccumulator.result` — with the
        // names compared once, through their rank.
        var tagRank = [Int32](repeating: 0, count: tagNames.count)
        for (rank, t) in tagNames.indices.sorted(by: { tagNames[$0] < tagNames[$1] }).enumerated() { tagRank[t] = Int32(rank) }
        for (c, chunk) in chunks.enumerated() {
            let genreMap = genreMaps[c], tagMap = tagMaps[c]
            let genreBase = Int32(itemGenres.count), tagBase = Int32(itemTags.count)
            itemGenres.append(contentsOf: chunk.genreIDs.map { genreMap[Int($0)] })
            itemGenreStart.append(contentsOf: chunk.genreStart.dropFirst().map { $0 + genreBase })
            itemTags.append(contentsOf: chunk.tagIDs.map { tagMap[Int($0)] })
            itemTagCounts.append(contentsOf: chunk.tagCounts)
            itemTagStart.append(contentsOf: chunk.tagStart.dropFirst().map { $0 + tagBase })
            for item in chunk.tagStart.indices.dropLast() {
                let from = Int(chunk.tagStart[item] + tagBase), to = Int(chunk.tagStart[item + 1] + tagBase)
                guard to - from > 1 else { continue }
                // Insertion sort: an item has a handful of tags.
                for k in (from + 1)..<to {
                    let tag = itemTags[k], count = itemTagCounts[k]
                    var j = k
                    while j > from, itemTagCounts[j - 1] < count || (itemTagCounts[j - 1] == count && tagRank[Int(itemTags[j - 1])] > tagRank[Int(tag)]) {
                        itemTags[j] = itemTags[j - 1]; itemTagCounts[j] = itemTagCounts[j - 1]
                        j -= 1
                    }
                    itemTags[j] = tag; itemTagCounts[j] = count
                }
            }
        }
        let interned = InternedContent(genreNames: genreNames, itemGenreStart: Column(itemGenreStart), itemGenres: Column(itemGenres),
                                       tagNames: tagNames, itemTagStart: Column(itemTagStart), itemTags: Column(itemTags), itemTagCounts: Column(itemTagCounts))
        let titles = PackedStringsBuilder.column(chunks.map(\.titles))
        let texts = text == nil ? StringColumn(Array(repeating: "", count: total)) : PackedStringsBuilder.column(chunks.map(\.texts))
        let catalog = Catalog(ids: ids, titles: titles, texts: texts, interned: interned)
        timer.phase("item content")
        return (catalog, itemKeys, file)
    }

    // MARK: - users.csv

    struct Users {
        var table = ByteKeyTable(expectedCount: 1024)
        var ids: [String] = []
        var attributeNames: [String] = []
        var attributes: [[String]] = []
        /// Keeps the mapped users file alive while `table` refers to nothing in it (keys are copied).
        var file: MappedFile?
    }

    struct UserChunk: ChunkConsumer {
        let userColumn: Int, attributeColumns: [Int]
        var keys: [(start: Int, count: Int)] = []
        var attributes: [[String]] = []
        init(user: Int, attributes: [Int]) { userColumn = user; attributeColumns = attributes }
        mutating func consume(_ fields: [FieldSlice], base: UnsafePointer<UInt8>) throws {
            guard userColumn < fields.count, let key = CSVChunks.asciiKey(base, fields[userColumn]), key.count > 0 else {
                throw FastPathUnavailable("user id")
            }
            keys.append(key)
            attributes.append(attributeColumns.map { $0 < fields.count ? CSVChunks.string(base, fields[$0]) : "" })
        }
    }

    static func loadUsers(_ path: String, chunking: Chunking = .standard) throws -> Users {
        var users = Users()
        guard FileManager.default.fileExists(atPath: path) else { return users }
        let file = try map(path)
        let header = try CSVChunks.header(file)
        guard let userColumn = header.column("user") else { throw FastPathUnavailable("users header") }
        let attributeColumns = header.names.indices.filter { $0 != userColumn }
        users.attributeNames = attributeColumns.map { header.names[$0] }
        let chunks = try CSVChunks.parse(file, from: header.dataStart, chunkCount: chunking.count, minimumChunkBytes: chunking.minimumBytes) { _ in
            UserChunk(user: userColumn, attributes: attributeColumns)
        }
        let total = chunks.reduce(0) { $0 + $1.keys.count }
        users.table = ByteKeyTable(expectedCount: total)
        users.ids.reserveCapacity(total)
        for chunk in chunks {
            for key in chunk.keys {
                guard users.table.insert(file.base + key.start, key.count).inserted else { throw FastPathUnavailable("duplicate user id") }
                users.ids.append(String(decoding: UnsafeBufferPointer(start: file.base + key.start, count: key.count), as: UTF8.self))
            }
            users.attributes.append(contentsOf: chunk.attributes)
        }
        return users
    }
}
