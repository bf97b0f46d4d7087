/// A sparse users × items matrix of interaction weights, stored both by user (CSR) and by item (CSC).
///
/// Duplicate (user, item) entries are summed; entries whose total is not positive are dropped.
/// Memory: about 2 × (8 + 4) bytes per stored entry plus the row/column offsets.
public struct InteractionMatrix: Sendable, Equatable {
    public let userCount: Int
    public let itemCount: Int

    /// CSR: user u's entries are `userItems[userStart[u]..<userStart[u+1]]` (ascending item index)
    /// with weights in `userWeights` at the same positions.
    public let userStart: [Int]
    public let userItems: [Int]
    public let userWeights: [Float]

    /// CSC: item i's entries are `itemUsers[itemStart[i]..<itemStart[i+1]]` (ascending user index)
    /// with weights in `itemWeights` at the same positions.
    public let itemStart: [Int]
    public let itemUsers: [Int]
    public let itemWeights: [Float]

    /// Number of stored (user, item) entries.
    public var entryCount: Int { userItems.count }

    /// Builds the matrix from per-user lists of weighted items. Cost O(entries · log(entries per user)).
    public init(itemCount: Int, histories: [[WeightedItem]]) {
        var userStart = [0]
        userStart.reserveCapacity(histories.count + 1)
        var userItems: [Int] = []
        var userWeights: [Float] = []
        for history in histories {
            for entry in InteractionMatrix.aggregate(history) where entry.item >= 0 && entry.item < itemCount {
                userItems.append(entry.item)
                userWeights.append(entry.weight)
            }
            userStart.append(userItems.count)
        }
        self.init(itemCount: itemCount, userStart: userStart, userItems: userItems, userWeights: userWeights)
    }

    /// From the CSR arrays (items ascending within each user, in 0..<itemCount); builds the CSC side by
    /// counting. Cost O(entries + items).
    init(itemCount: Int, userStart: [Int], userItems: [Int], userWeights: [Float]) {
        self.userCount = userStart.count - 1
        self.itemCount = itemCount
        var itemCounts = Array(repeating: 0, count: itemCount + 1)
        for item in userItems { itemCounts[item + 1] += 1 }
        for i in 0..<itemCount { itemCounts[i + 1] += itemCounts[i] }
        var fill = itemCounts
        var itemUsers = Array(repeating: 0, count: userItems.count)
        var itemWeights = Array(repeating: Float(0), count: userItems.count)
        for u in 0..<(userStart.count - 1) {
            for p in userStart[u]..<userStart[u + 1] {
                let item = userItems[p]
                itemUsers[fill[item]] = u
                itemWeights[fill[item]] = userWeights[p]
                fill[item] += 1
            }
        }
        self.userStart = userStart
        self.userItems = userItems
        self.userWeights = userWeights
        self.itemStart = itemCounts
        self.itemUsers = itemUsers
        self.itemWeights = itemWeights
    }

    /// The evaluation protocol's matrix: every interaction of every user counts once (weight 1; repeated
    /// events on the same item still count once). Cost O(events).
    /// Each user's distinct in-range items are sorted in place of hashing, users in blocks on all cores
    /// (`RowBlocks`); equal to `InteractionMatrix(itemCount:histories:)` of the `binaryHistory` lists.
    /// Cost O(events · log(events per user)) over the cores, then O(entries + items) for the CSC side.
    public static func binary<Lists: Collection>(itemCount: Int, events: Lists) -> InteractionMatrix where Lists.Element: Collection<Event> {
        let lists = Array(events)
        let userCount = lists.count
        let blocks = RowBlocks.blockCount(userCount)
        var distinct = [Int](repeating: 0, count: userCount)
        var blockItems = [[Int]](repeating: [], count: blocks)
        distinct.withUnsafeMutableBufferPointer { distinct in
            blockItems.withUnsafeMutableBufferPointer { blockItems in
                RowBlocks.forEachBlock(userCount) { block, users in
                    var items: [Int] = []
                    var scratch: [Int] = []
                    for user in users {
                        scratch.removeAll(keepingCapacity: true)
                        for event in lists[user] where event.item >= 0 && event.item < itemCount { scratch.append(event.item) }
                        scratch.sort()
                        let before = items.count
                        var previous = -1
                        for item in scratch where item != previous { items.append(item); previous = item }
                        distinct[user] = items.count - before
                    }
                    blockItems[block] = items
                }
            }
        }
        var userStart = [Int](repeating: 0, count: userCount + 1)
        for user in 0..<userCount { userStart[user + 1] = userStart[user] + distinct[user] }
        let userItems = Array(blockItems.joined())
        return InteractionMatrix(itemCount: itemCount, userStart: userStart, userItems: userItems,
                                 userWeights: [Float](repeating: 1, count: userItems.count))
    }

    /// One weight-1 entry per distinct item of `history`.
    static func binaryHistory(_ history: [WeightedItem]) -> [WeightedItem] {
        var seen = Set<Int>()
        var result: [WeightedItem] = []
        for entry in history where seen.insert(entry.item).inserted { result.append(WeightedItem(item: entry.item, weight: 1)) }
        return result
    }

    /// Sums weights per item, drops non-positive totals, sorts by item. Cost O(n log n).
    public static func aggregate(_ history: [WeightedItem]) -> [WeightedItem] {
        var totals: [Int: Float] = [:]
        for entry in history { totals[entry.item, default: 0] += entry.weight }
        return totals.filter { $0.value > 0 }.map { WeightedItem(item: $0.key, weight: $0.value) }.sorted { $0.item < $1.item }
    }

    /// User u's entries as weighted items (ascending item). Cost O(entries of u).
    public func history(ofUser user: Int) -> [WeightedItem] {
        (userStart[user]..<userStart[user + 1]).map { WeightedItem(item: userItems[$0], weight: userWeights[$0]) }
    }

    /// Number of users who interacted with each item.
    public var itemDegrees: [Int] { (0..<itemCount).map { itemStart[$0 + 1] - itemStart[$0] } }

    /// A dense users × items copy. Memory users × items × 4 bytes.
    public func dense() -> DenseMatrix {
        var matrix = DenseMatrix(rows: userCount, columns: itemCount)
        for u in 0..<userCount {
            for p in userStart[u]..<userStart[u + 1] { matrix.values[u * itemCount + userItems[p]] = userWeights[p] }
        }
        return matrix
    }

    /// A stable 64-bit fingerprint of shape, entries and weights (FNV-1a over 64-bit words), for cache
    /// keys. Cost: one multiply per 8 bytes of the three arrays (≈ 30 ms at 10M entries).
    public var fingerprint: UInt64 {
        var hash = FNV1a()
        hash.add(UInt64(userCount))
        hash.add(UInt64(itemCount))
        userStart.withUnsafeBytes { hash.addWords($0) }
        userItems.withUnsafeBytes { hash.addWords($0) }
        userWeights.withUnsafeBytes { hash.addWords($0) }
        return hash.value
    }
}

/// 64-bit FNV-1a, a stable (unseeded) hash for fingerprints and checksums.
public struct FNV1a: Sendable {
    public private(set) var value: UInt64 = 0xcbf29ce484222325
    public init() {}

    public mutating func add(_ word: UInt64) {
        var w = word
        for _ in 0..<8 {
            value = (value ^ (w & 0xff)) &* 0x100000001b3
            w >>= 8
        }
    }

    public mutating func add<S: Sequence>(bytes: S) where S.Element == UInt8 {
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100000001b3 }
    }

    /// Hashes `bytes` eight at a time (one multiply per 64-bit word, then the tail bytes): a fast
    /// checksum for large payloads. Not byte-compatible with `add(bytes:)`.
    public mutating func addWords(_ bytes: UnsafeRawBufferPointer) {
        let words = bytes.count / 8
        for index in 0..<words {
            value = (value ^ bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)) &* 0x100000001b3
        }
        for offset in (words * 8)..<bytes.count { value = (value ^ UInt64(bytes[offset])) &* 0x100000001b3 }
    }

    public mutating func add(_ string: String) {
        add(bytes: string.utf8)
        add(UInt64(string.utf8.count))
    }
}
