import Foundation

extension FastGenericLoader {
    /// What the exact path accepts (`acceptedTimestamps`).
    static let earliestTimestamp: Int64 = acceptedTimestamps.lowerBound
    static let latestTimestamp: Int64 = acceptedTimestamps.upperBound

    /// The item ids of items.csv for looking up interactions: a direct numbered index when the ids
    /// have that form, else a hash table of their bytes.
    struct ItemKeys: @unchecked Sendable {
        var numbers: NumberedKeys?
        var table: ByteKeyTable?
    }

    /// Reads interactions.csv into per-user event columns (each user's events in time order).
    /// Parsing runs on every core, chunk by chunk; the events are then placed by a counting sort by
    /// user, each chunk's rows by one core into the slots its users have in the final columns.
    /// Cost: O(bytes + rows + users); memory about 20 bytes a row while building, 17 kept.
    static func loadInteractions(_ path: String, items: ItemKeys, users: inout Users, chunking: Chunking = .standard, timer: inout PhaseTimer) throws -> EventLists {
        let file = try map(path)
        let header = try CSVChunks.header(file)
        guard let userColumn = header.column("user"), let itemColumn = header.column("item") else { throw FastPathUnavailable("interactions header") }
        let ratingColumn = header.column("rating")
        let valueColumn = ratingColumn ?? header.column("weight")
        let kind: EventKind = ratingColumn != nil ? .rating : .implicit
        let timeColumn = header.column("timestamp")
        let chunkCount = chunking.count
        // ~28 bytes a row is typical; columns grow past the estimate if needed (untouched capacity
        // costs address space, not memory).
        let expectedRows = (file.count - header.dataStart) / chunkCount / 24 + 16
        let knownUsers = users.table
        let itemNumbers = items.numbers, userNumbers = NumberedKeys(knownUsers)
        var chunks = try CSVChunks.parse(file, from: header.dataStart, chunkCount: chunkCount, minimumChunkBytes: chunking.minimumBytes) { _ in
            InteractionChunk(items: items.table, users: knownUsers, itemNumbers: itemNumbers, userNumbers: userNumbers,
                             user: userColumn, item: itemColumn, value: valueColumn, time: timeColumn, expectedRows: expectedRows)
        }
        timer.phase("events parse")
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
        // Each chunk's rows per user (new users mapped to their indices), counted on every core.
        let userCount = users.ids.count
        let parsedChunks = chunks.count
        let chunkUsers = UnsafeMutableBufferPointer<UnsafeMutablePointer<Int64>>.allocate(capacity: parsedChunks)
        for c in 0..<parsedChunks { chunkUsers[c] = .allocate(capacity: max(1, userCount)); chunkUsers[c].initialize(repeating: 0, count: userCount) }
        defer { for c in 0..<parsedChunks { chunkUsers[c].deallocate() }; chunkUsers.deallocate() }
        var columns = chunks
        chunks = []
        parallelFor(columns.count, parallel: userCount >= chunking.parallelUsers) { c in
            let map = userMaps[c], counts = chunkUsers[c], rows = columns[c].user.pointer
            map.withUnsafeBufferPointer { map in
                for k in 0..<columns[c].user.count {
                    let code = rows[k]
                    let u = code >= 0 ? Int(code) : Int(map[Int(-code - 1)])
                    rows[k] = Int32(u)
                    counts[u] += 1
                }
            }
        }
        // User u's events start at start[u]; chunk c writes its rows of u from the sum of the earlier
        // chunks' counts on, so each user's events keep their file order.
        let start = ColumnBuffer<Int64>(capacity: userCount + 1)
        var running: Int64 = 0
        for u in 0..<userCount {
            start.pointer[u] = running
            for c in 0..<parsedChunks {
                let count = chunkUsers[c][u]
                chunkUsers[c][u] = running
                running += count
            }
        }
        start.pointer[userCount] = running
        let total = Int(running)
        timer.phase("events count")
        // Each row goes first to its user's slot in one staging array of 16-byte records (one cache
        // line touched per row instead of three), then the records are split into the columns in order.
        let staged = ColumnBuffer<StagedEvent>(capacity: total)
        var rowOffsets: [Int64] = [0]
        for chunk in columns { rowOffsets.append(rowOffsets.last! + Int64(chunk.user.count)) }
        // Below `parallelUsers` users the data is small: one thread places it all.
        let parallel = userCount >= chunking.parallelUsers
        parallelFor(columns.count, parallel: parallel) { c in
            let chunk = columns[c], fill = chunkUsers[c]
            let hasValue = !chunk.value.isEmpty, offset = timeColumn == nil ? rowOffsets[c] : 0
            let user = chunk.user.pointer, item = chunk.item.pointer, time = chunk.time.pointer, value = chunk.value.pointer
            for k in 0..<chunk.user.count {
                let u = Int(user[k]), p = Int(fill[u])
                fill[u] = Int64(p + 1)
                staged.pointer[p] = StagedEvent(item: item[k], value: hasValue ? value[k] : 1, time: time[k] + offset)
            }
        }
        columns = []   // the parsed rows are no longer needed
        let itemOut = ColumnBuffer<Int32>(capacity: total), valueOut = ColumnBuffer<Float>(capacity: total)
        let timeOut = ColumnBuffer<Int64>(capacity: total), kindOut = ColumnBuffer<UInt8>(capacity: total)
        let parts = parallel ? workers * 2 : 1
        parallelFor(parts, parallel: parallel) { part in
            let range = (total * part / parts)..<(total * (part + 1) / parts)
            (kindOut.pointer + range.lowerBound).initialize(repeating: kind.rawValue, count: range.count)
            for p in range {
                let event = staged.pointer[p]
                itemOut.pointer[p] = event.item
                valueOut.pointer[p] = event.value
                timeOut.pointer[p] = event.time
            }
        }
        timer.phase("events place")
        Dataset.sortEvents(start: start.pointer, users: userCount, items: itemOut.pointer, values: valueOut.pointer, times: timeOut.pointer, kinds: kindOut.pointer)
        timer.phase("events sort")
        return EventLists(userStart: Column(adopting: start, count: userCount + 1), items: Column(adopting: itemOut, count: total),
                          values: Column(adopting: valueOut, count: total), times: Column(adopting: timeOut, count: total),
                          kinds: Column(adopting: kindOut, count: total))
    }

    /// One event on its way to the columns (see `loadInteractions`).
    struct StagedEvent {
        var item: Int32
        var value: Float
        var time: Int64
    }
}
