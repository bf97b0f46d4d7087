import Foundation

extension FastGenericLoader {
    /// One chunk of interactions.csv: rows as flat columns, ids resolved to indices. Rows of the usual
    /// plain form are read by `scanPlainRows` straight from the bytes; any other row goes through
    /// `RecordScanner` and `consume` (the same result, more slowly).
    struct InteractionChunk: ChunkConsumer {
        /// Item ids by bytes (nil when `itemNumbers` covers them), known users by bytes.
        let items: ByteKeyTable?, users: ByteKeyTable
        /// Direct number → index look-ups when every id is a prefix plus a number (see `NumberedKeys`).
        let itemNumbers: NumberedKeys?, userNumbers: NumberedKeys?
        let userColumn: Int, itemColumn: Int, valueColumn: Int?, timeColumn: Int?
        let needed: Int
        /// Users not in users.csv met by this chunk, in order of first appearance.
        var newUsers = ByteKeyTable(expectedCount: 256)
        /// Per row: user (≥ 0 global; < 0: -(local new user + 1)), item, value, timestamp (or the row's
        /// number within the chunk when there is no timestamp column).
        var user: GrowingColumn<Int32>, item: GrowingColumn<Int32>, value: GrowingColumn<Float>, time: GrowingColumn<Int64>
        /// Role of each column up to the last one used, for `scanPlainRows`.
        let roles: [ColumnRole]
        enum ColumnRole { case user, item, value, time, other }
        private var valueCache = [(key: UInt64, value: Float)](repeating: (UInt64.max, 0), count: 64)

        init(items: ByteKeyTable?, users: ByteKeyTable, itemNumbers: NumberedKeys?, userNumbers: NumberedKeys?,
             user: Int, item: Int, value: Int?, time: Int?, expectedRows: Int) {
            self.items = items; self.users = users
            self.itemNumbers = itemNumbers; self.userNumbers = userNumbers
            userColumn = user; itemColumn = item; valueColumn = value; timeColumn = time
            needed = [user, item, value ?? 0, time ?? 0].max()!
            self.user = GrowingColumn(capacity: expectedRows); self.item = GrowingColumn(capacity: expectedRows)
            self.value = GrowingColumn(capacity: value != nil ? expectedRows : 0)
            self.time = GrowingColumn(capacity: expectedRows)
            roles = (0...needed).map { column in
                column == user ? .user : column == item ? .item : column == value ? .value : column == time ? .time : .other
            }
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
                touched &+= items!.touch(h.hash)
            }
            for (k, key) in pendingItems.enumerated() {
                guard let index = items!.find(base + key.start, key.count, prefix: hashes[k].prefix, hash: hashes[k].hash) else {
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

}
