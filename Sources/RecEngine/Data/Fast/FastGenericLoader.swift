import Foundation

/// The generic layout loaded from bytes, on every core — the same `Dataset` as `GenericLoader`, many
/// times faster on large files.
///
/// Files are memory-mapped and parsed in chunks in parallel (`CSVChunks`); ids are interned from byte
/// slices (`ByteKeyTable`) without making a `String` per row; numbers are parsed from bytes; genre and
/// tag names are interned once per distinct spelling. Only what the data set keeps becomes a `String`
/// (ids, titles, names).
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
        let (catalog, itemTable, itemsFile) = try loadItems(DatasetLoader.path(directory, "items.csv"), chunking: chunking)
        phase("items")
        var users = try loadUsers(DatasetLoader.path(directory, "users.csv"), chunking: chunking)
        phase("users")
        let eventsByUser = try loadInteractions(DatasetLoader.path(directory, "interactions.csv"), items: itemTable, users: &users, chunking: chunking)
        phase("interactions")
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
    final class NameTable {
        var bytes = ByteKeyTable(expectedCount: 64)
        var byteIDs: [Int32] = []
        var ids: [String: Int32] = [:]
        var names: [String] = []

        func id(of name: String) -> Int32 {
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
        /// Per item, local genre ids in file order, and local tag ids in `Catalog.tags` order with how
        /// often each was applied (CSR).
        var genreIDs: [Int32] = [], genreStart: [Int32] = [0]
        var tagIDs: [Int32] = [], tagCounts: [Int32] = [], tagStart: [Int32] = [0]
        let genreNames = NameTable(), tagNames = NameTable()
        private var pieces: [Int32] = []
        private var counted: [(id: Int32, count: Int)] = []

        init(id: Int, title: Int, genres: Int?, tags: Int?, text: Int?) {
            idColumn = id; titleColumn = title; genresColumn = genres; tagsColumn = tags; textColumn = text
            needed = [id, title, genres ?? 0, tags ?? 0, text ?? 0].max()!
        }

        /// Splits a `|` list the way `GenericLoader.list` does and interns each piece through `intern`.
        private mutating func split(_ base: UnsafePointer<UInt8>, _ field: FieldSlice, table: NameTable, normalise: Bool) {
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
                        table.byteIDs.append(name.isEmpty ? -1 : table.id(of: name))
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
                split(base, fields[genresColumn], table: genreNames, normalise: false)
                genreIDs.append(contentsOf: pieces)
            }
            genreStart.append(Int32(genreIDs.count))
            if let tagsColumn {
                split(base, fields[tagsColumn], table: tagNames, normalise: true)
                // Count repeats, then order by count (descending) and name, as `TagAccumulator.result`.
                counted.removeAll(keepingCapacity: true)
                for id in pieces {
                    if let k = counted.firstIndex(where: { $0.id == id }) { counted[k].count += 1 } else { counted.append((id, 1)) }
                }
                if counted.count > 1 {
                    let names = tagNames.names
                    counted.sort { $0.count != $1.count ? $0.count > $1.count : names[Int($0.id)] < names[Int($1.id)] }
                }
                for entry in counted {
                    tagIDs.append(entry.id)
                    tagCounts.append(Int32(clamping: entry.count))
                }
            }
            tagStart.append(Int32(tagIDs.count))
        }
    }

    static func loadItems(_ path: String, chunking: Chunking = .standard) throws -> (Catalog, ByteKeyTable, MappedFile) {
        let file = try map(path)
        let header = try CSVChunks.header(file)
        guard let idColumn = header.column("item"), let titleColumn = header.column("title") else { throw FastPathUnavailable("items header") }
        let genres = header.column("genres"), tags = header.column("tags"), text = header.column("text")
        let chunks = try CSVChunks.parse(file, from: header.dataStart, chunkCount: chunking.count, minimumChunkBytes: chunking.minimumBytes) { _ in
            ItemChunk(id: idColumn, title: titleColumn, genres: genres, tags: tags, text: text)
        }
        let total = chunks.reduce(0) { $0 + $1.keys.count }
        var table = ByteKeyTable(expectedCount: total)
        for chunk in chunks {
            for key in chunk.keys where !table.insert(file.base + key.start, key.count).inserted {
                throw FastPathUnavailable("duplicate item id")
            }
        }
        // Global genre and tag names, in first-appearance order, and each chunk's local → global ids.
        var genreIndex: [String: Int32] = [:], tagIndex: [String: Int32] = [:]
        var genreNames: [String] = [], tagNames: [String] = []
        var itemGenreStart: [Int32] = [0], itemGenres: [Int32] = [], itemTagStart: [Int32] = [0], itemTags: [Int32] = [], itemTagCounts: [Int32] = []
        itemGenreStart.reserveCapacity(total + 1)
        itemTagStart.reserveCapacity(total + 1)
        for chunk in chunks {
            let genreMap = chunk.genreNames.names.map { name -> Int32 in
                if let id = genreIndex[name] { return id }
                genreIndex[name] = Int32(genreNames.count); genreNames.append(name); return Int32(genreNames.count - 1)
            }
            let tagMap = chunk.tagNames.names.map { name -> Int32 in
                if let id = tagIndex[name] { return id }
                tagIndex[name] = Int32(tagNames.count); tagNames.append(name); return Int32(tagNames.count - 1)
            }
            let genreBase = Int32(itemGenres.count), tagBase = Int32(itemTags.count)
            itemGenres.append(contentsOf: chunk.genreIDs.map { genreMap[Int($0)] })
            itemGenreStart.append(contentsOf: chunk.genreStart.dropFirst().map { $0 + genreBase })
            itemTags.append(contentsOf: chunk.tagIDs.map { tagMap[Int($0)] })
            itemTagCounts.append(contentsOf: chunk.tagCounts)
            itemTagStart.append(contentsOf: chunk.tagStart.dropFirst().map { $0 + tagBase })
        }
        let interned = InternedContent(genreNames: genreNames, itemGenreStart: Column(itemGenreStart), itemGenres: Column(itemGenres),
                                       tagNames: tagNames, itemTagStart: Column(itemTagStart), itemTags: Column(itemTags), itemTagCounts: Column(itemTagCounts))
        let titles = PackedStringsBuilder.column(chunks.map(\.titles))
        let texts = text == nil ? StringColumn(Array(repeating: "", count: total)) : PackedStringsBuilder.column(chunks.map(\.texts))
        let catalog = Catalog(ids: table.stringColumn, titles: titles, texts: texts, interned: interned)
        return (catalog, table, file)
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

    // MARK: - interactions.csv

    struct InteractionChunk: ChunkConsumer {
        let items: ByteKeyTable, users: ByteKeyTable
        /// Direct number → index look-ups when every id is a prefix plus a number (see `NumberedKeys`).
        let itemNumbers: NumberedKeys?, userNumbers: NumberedKeys?
        let userColumn: Int, itemColumn: Int, valueColumn: Int?, timeColumn: Int?
        let needed: Int
        /// Users not in users.csv met by this chunk, in order of first appearance.
        var newUsers = ByteKeyTable(expectedCount: 256)
        /// Per row: user (≥ 0 global; < 0: -(local new user + 1)), item, value, timestamp (or the row's
        /// number within the chunk when there is no timestamp column).
        var user: [Int32] = [], item: [Int32] = [], value: [Float] = [], time: [Int64] = []
        private var valueCache = [(key: UInt64, value: Float)](repeating: (UInt64.max, 0), count: 64)

        init(items: ByteKeyTable, users: ByteKeyTable, itemNumbers: NumberedKeys?, userNumbers: NumberedKeys?,
             user: Int, item: Int, value: Int?, time: Int?, expectedRows: Int) {
            self.items = items; self.users = users
            self.itemNumbers = itemNumbers; self.userNumbers = userNumbers
            userColumn = user; itemColumn = item; valueColumn = value; timeColumn = time
            needed = [user, item, value ?? 0, time ?? 0].max()!
            self.user.reserveCapacity(expectedRows); self.item.reserveCapacity(expectedRows)
            if value != nil { self.value.reserveCapacity(expectedRows) }
            self.time.reserveCapacity(expectedRows)
        }

        /// Keys of the rows whose ids are not looked up yet: ids are resolved `batch` rows at a time, so
        /// the hash-table reads (cache misses, on a million ids) overlap instead of queueing.
        private var pendingUsers: [(start: Int, count: Int)] = [], pendingItems: [(start: Int, count: Int)] = []
        private var hashes: [(prefix: UInt64, hash: UInt64)] = []
        private static let batch = 32

        mutating func consume(_ fields: [FieldSlice], base: UnsafePointer<UInt8>) throws {
            guard fields.count > needed else { throw FastPathUnavailable("short row") }
            guard let u = CSVChunks.asciiKey(base, fields[userColumn]), u.count > 0 else { throw FastPathUnavailable("user id") }
            guard let i = CSVChunks.asciiKey(base, fields[itemColumn]), i.count > 0 else { throw FastPathUnavailable("item id") }
            if let userNumbers, let known = userNumbers.find(base + u.start, u.count) {
                user.append(Int32(known))
            } else if userNumbers != nil {
                user.append(-Int32(newUsers.insert(base + u.start, u.count).index) - 1)
            } else {
                pendingUsers.append(u)
            }
            if let itemNumbers {
                guard let index = itemNumbers.find(base + i.start, i.count) else { throw FastPathUnavailable("unknown item") }
                item.append(Int32(index))
            } else {
                pendingItems.append(i)
            }
            if let valueColumn { value.append(try number(base, fields[valueColumn])) }
            if let timeColumn {
                time.append(try timestamp(base, fields[timeColumn]))
            } else {
                time.append(Int64(time.count + 1))
            }
            if pendingItems.count == Self.batch || pendingUsers.count == Self.batch { try resolve(base) }
        }

        mutating func finish(base: UnsafePointer<UInt8>) throws { try resolve(base) }

        private mutating func resolve(_ base: UnsafePointer<UInt8>) throws {
            // Items: hash all, touch all home slots (independent loads), then probe.
            hashes.removeAll(keepingCapacity: true)
            var touched: UInt32 = 0
            for key in pendingItems {
                let h = ByteKeyTable.hashKey(base + key.start, key.count)
                hashes.append(h)
                touched &+= items.touch(h.hash)
            }
            for (k, key) in pendingItems.enumerated() {
                guard let index = items.find(base + key.start, key.count, prefix: hashes[k].prefix, hash: hashes[k].hash) else {
                    throw FastPathUnavailable("unknown item")
                }
                item.append(Int32(index))
            }
            hashes.removeAll(keepingCapacity: true)
            for key in pendingUsers {
                let h = ByteKeyTable.hashKey(base + key.start, key.count)
                hashes.append(h)
                touched &+= users.touch(h.hash)
            }
            for (k, key) in pendingUsers.enumerated() {
                if let known = users.find(base + key.start, key.count, prefix: hashes[k].prefix, hash: hashes[k].hash) {
                    user.append(Int32(known))
                } else {
                    user.append(-Int32(newUsers.insert(base + key.start, key.count).index) - 1)
                }
            }
            pendingItems.removeAll(keepingCapacity: true)
            pendingUsers.removeAll(keepingCapacity: true)
            touchSink &+= touched   // keeps the touching loads from being optimised away
        }
        private var touchSink: UInt32 = 0

        /// A finite rating or weight in 0…1e9, exactly as `Float(String)` reads it.
        @inline(__always)
        private mutating func number(_ base: UnsafePointer<UInt8>, _ field: FieldSlice) throws -> Float {
            let n = field.end - field.start
            guard !field.escaped, n >= 1, n <= 8 else { return try slowNumber(base, field) }
            var key: UInt64 = 0, integer = 0, plain = true
            for k in 0..<n {
                let b = base[field.start + k]
                key |= UInt64(b) << UInt64(8 * k)
                if b >= 48 && b <= 57 { integer = integer * 10 + Int(b - 48) } else if b == 46 { plain = false } else { return try slowNumber(base, field) }
            }
            if plain, n <= 7 { return Float(integer) }
            let slot = Int((key &* 0x9E37_79B9_7F4A_7C15) >> 58)
            if valueCache[slot].key == key { return valueCache[slot].value }
            let value = try slowNumber(base, field)
            valueCache[slot] = (key, value)
            return value
        }

        private func slowNumber(_ base: UnsafePointer<UInt8>, _ field: FieldSlice) throws -> Float {
            let text = CSVChunks.string(base, field)
            guard let value = Float(text), value.isFinite, value >= 0, value <= maximumEventValue else { throw FastPathUnavailable("number") }
            return value
        }

        /// Seconds since 1970, exactly as `RowReader.timestamp` reads them, within years 0001–9999.
        @inline(__always)
        private func timestamp(_ base: UnsafePointer<UInt8>, _ field: FieldSlice) throws -> Int64 {
            let n = field.end - field.start
            if !field.escaped, n >= 1, n <= 17 {
                var seconds: Int64 = 0
                var p = field.start
                while p < field.end {
                    let b = base[p]
                    guard b >= 48 && b <= 57 else { return try slowTimestamp(base, field) }
                    seconds = seconds * 10 + Int64(b - 48)
                    p += 1
                }
                guard seconds <= FastGenericLoader.latestTimestamp else { throw FastPathUnavailable("timestamp range") }
                return seconds
            }
            return try slowTimestamp(base, field)
        }

        private func slowTimestamp(_ base: UnsafePointer<UInt8>, _ field: FieldSlice) throws -> Int64 {
            let text = CSVChunks.string(base, field)
            let seconds: Int64
            if let integer = Int64(text) { seconds = integer }
            else if let decimal = Double(text), decimal.isFinite, abs(decimal) < 1e15 { seconds = Int64(decimal.rounded(.down)) }
            else if let date = parseISO8601(text) { seconds = date }
            else { throw FastPathUnavailable("timestamp") }
            guard seconds >= FastGenericLoader.earliestTimestamp, seconds <= FastGenericLoader.latestTimestamp else { throw FastPathUnavailable("timestamp range") }
            return seconds
        }
    }

    /// What the exact path accepts (`acceptedTimestamps`).
    static let earliestTimestamp: Int64 = acceptedTimestamps.lowerBound
    static let latestTimestamp: Int64 = acceptedTimestamps.upperBound

    static func loadInteractions(_ path: String, items: ByteKeyTable, users: inout Users, chunking: Chunking = .standard) throws -> EventLists {
        let file = try map(path)
        let header = try CSVChunks.header(file)
        guard let userColumn = header.column("user"), let itemColumn = header.column("item") else { throw FastPathUnavailable("interactions header") }
        let ratingColumn = header.column("rating")
        let valueColumn = ratingColumn ?? header.column("weight")
        let kind: EventKind = ratingColumn != nil ? .rating : .implicit
        let timeColumn = header.column("timestamp")
        let chunkCount = chunking.count
        // ~30 bytes a row is typical; arrays grow past the estimate if needed.
        let expectedRows = (file.count - header.dataStart) / chunkCount / 28 + 16
        let knownUsers = users.table
        let itemNumbers = NumberedKeys(items), userNumbers = NumberedKeys(knownUsers)
        var chunks = try CSVChunks.parse(file, from: header.dataStart, chunkCount: chunkCount, minimumChunkBytes: chunking.minimumBytes) { _ in
            InteractionChunk(items: items, users: knownUsers, itemNumbers: itemNumbers, userNumbers: userNumbers,
                             user: userColumn, item: itemColumn, value: valueColumn, time: timeColumn, expectedRows: expectedRows)
        }
        // Users met only in interactions.csv get the next indices in order of first appearance.
        var userMaps: [[Int32]] = []
        for chunk in chunks {
            var map = [Int32](repeating: 0, count: chunk.newUsers.count)
            chunk.newUsers.arena.withUnsafeBufferPointer { arena in
                for local in 0..<chunk.newUsers.count {
                    let start = chunk.newUsers.keyStart[local], count = chunk.newUsers.keyStart[local + 1] - start
                    let (index, inserted) = users.table.insert(arena.baseAddress! + start, count)
                    if inserted {
                        users.ids.append(String(decoding: UnsafeBufferPointer(start: arena.baseAddress! + start, count: count), as: UTF8.self))
                        users.attributes.append(Array(repeating: "", count: users.attributeNames.count))
                    }
                    map[local] = Int32(index)
                }
            }
            userMaps.append(map)
        }
        let userCount = users.ids.count
        var counts = [Int](repeating: 0, count: userCount)
        for c in chunks.indices {
            let map = userMaps[c]
            chunks[c].user.withUnsafeMutableBufferPointer { rows in
                for k in rows.indices {
                    let code = rows[k]
                    let u = code >= 0 ? Int(code) : Int(map[Int(-code - 1)])
                    rows[k] = Int32(u)
                    counts[u] += 1
                }
            }
        }
        // Counting sort into flat columns: each worker places the rows of its own users (u mod workers),
        // reading all rows in file order, so each user's events keep their file order.
        let start = ColumnBuffer<Int64>(capacity: userCount + 1)
        start.pointer[0] = 0
        for u in 0..<userCount { start.pointer[u + 1] = start.pointer[u] + Int64(counts[u]) }
        let total = Int(start.pointer[userCount])
        let itemOut = ColumnBuffer<Int32>(capacity: total), valueOut = ColumnBuffer<Float>(capacity: total)
        let timeOut = ColumnBuffer<Int64>(capacity: total), kindOut = ColumnBuffer<UInt8>(capacity: total)
        kindOut.pointer.initialize(repeating: kind.rawValue, count: total)
        var rowOffsets: [Int64] = [0]
        for chunk in chunks { rowOffsets.append(rowOffsets.last! + Int64(chunk.user.count)) }
        let parts = userCount < chunking.parallelUsers ? 1 : workers
        let columns = chunks
        parallelFor(parts) { part in
            var fill = [Int64](repeating: 0, count: userCount)
            for u in stride(from: part, to: userCount, by: parts) { fill[u] = start.pointer[u] }
            for (c, chunk) in columns.enumerated() {
                let hasValue = !chunk.value.isEmpty, offset = timeColumn == nil ? rowOffsets[c] : 0
                chunk.user.withUnsafeBufferPointer { user in
                    chunk.item.withUnsafeBufferPointer { item in
                        chunk.time.withUnsafeBufferPointer { time in
                            chunk.value.withUnsafeBufferPointer { value in
                                for k in 0..<user.count where Int(user[k]) % parts == part {
                                    let u = Int(user[k]), p = Int(fill[u])
                                    fill[u] += 1
                                    itemOut.pointer[p] = item[k]
                                    valueOut.pointer[p] = hasValue ? value[k] : 1
                                    timeOut.pointer[p] = time[k] + offset
                                }
                            }
                        }
                    }
                }
            }
        }
        chunks = []
        Dataset.sortEvents(start: start.pointer, users: userCount, items: itemOut.pointer, values: valueOut.pointer, times: timeOut.pointer, kinds: kindOut.pointer)
        return EventLists(userStart: Column(adopting: start, count: userCount + 1), items: Column(adopting: itemOut, count: total),
                          values: Column(adopting: valueOut, count: total), times: Column(adopting: timeOut, count: total),
                          kinds: Column(adopting: kindOut, count: total))
    }
}
