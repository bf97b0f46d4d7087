import Foundation

/// A direct index for ids that are a common prefix plus a decimal number (`i1`, `i2`, … or `1`, `2`, …:
/// most generated and exported data): number → dense index in one array of Int32, a few MB for a
/// million ids, instead of a hash-table probe that misses the cache. Exact: every key of the table has
/// the form (canonical digits, no leading zero), so distinct keys have distinct numbers, and a looked-up
/// key that lacks the form is in no slot — `find` says "absent" exactly when the table would.
struct NumberedKeys: @unchecked Sendable {
    private let prefix: [UInt8]
    private let slots: [Int32]

    /// Nil unless every key is `prefix` + canonical digits (at most 9) and the largest number is below
    /// 4 × count + 1024 (the array stays small). O(key bytes).
    init?(_ table: ByteKeyTable) {
        let count = table.count
        guard count > 0 else { return nil }
        let (arena, starts) = (table.arena, table.keyStart)
        let first = arena[starts[0]..<starts[1]]
        guard let digitsAt = first.firstIndex(where: { $0 >= 48 && $0 <= 57 }) else { return nil }
        let prefix = Array(arena[starts[0]..<digitsAt])
        let limit = 4 * count + 1024
        var slots = [Int32](repeating: -1, count: limit)
        for key in 0..<count {
            guard let number = NumberedKeys.number(arena, starts[key], starts[key + 1], prefix: prefix), number < limit, slots[number] < 0 else { return nil }
            slots[number] = Int32(key)
        }
        self.prefix = prefix
        self.slots = slots
    }

    /// The canonical number after `prefix` in bytes[start..<end], or nil.
    @inline(__always)
    private static func number<Bytes: RandomAccessCollection>(_ bytes: Bytes, _ start: Int, _ end: Int, prefix: [UInt8]) -> Int?
        where Bytes.Element == UInt8, Bytes.Index == Int {
        let digits = end - start - prefix.count
        guard digits >= 1, digits <= 9 else { return nil }
        for k in 0..<prefix.count where bytes[start + k] != prefix[k] { return nil }
        let from = start + prefix.count
        if digits > 1 && bytes[from] == 48 { return nil }   // "i007" is not "i7"
        var value = 0
        for p in from..<end {
            let d = bytes[p] &- 48
            guard d <= 9 else { return nil }
            value = value * 10 + Int(d)
        }
        return value
    }

    /// The dense index of the key at `p` (`count` bytes), or nil when the table does not hold it.
    @inline(__always)
    func find(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int? {
        guard let number = NumberedKeys.number(UnsafeBufferPointer(start: p, count: count), 0, count, prefix: prefix), number < slots.count else { return nil }
        let index = slots[number]
        return index >= 0 ? Int(index) : nil
    }
}
