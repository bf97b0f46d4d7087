import Foundation

/// A direct index for ids that are a common prefix plus a decimal number (`i1`, `i2`, … or `1`, `2`, …:
/// most generated and exported data): number → dense index in one array of Int32, a few MB for a
/// million ids, instead of a hash-table probe that misses the cache. Exact: every key of the table has
/// the form (canonical digits, no leading zero), so distinct keys have distinct numbers, and a looked-up
/// key that lacks the form is in no slot — `find` says "absent" exactly when the table would.
///
/// When key k is numbered `first + k` for every k (ids numbered in file order), a look-up is
/// arithmetic and touches no memory at all (`sequentialFirst`).
struct NumberedKeys: @unchecked Sendable {
    /// The common prefix, at most eight bytes, packed little-endian, and its length.
    let prefix: UInt64
    let prefixLength: Int
    private let slots: ColumnBuffer<Int32>
    /// Number of key 0 when key k is `first + k` for every k; nil otherwise.
    let sequentialFirst: Int?
    /// Number of keys.
    let count: Int
    /// Whether the prefix holds no byte that ends or quotes a CSV field (`,` `"` CR LF), so a plain
    /// field can be matched against it byte by byte.
    var prefixIsPlain: Bool {
        for k in 0..<prefixLength {
            let b = UInt8(truncatingIfNeeded: prefix >> UInt64(8 * k))
            if b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 10 || b == 13 { return false }
        }
        return true
    }

    /// Nil unless every key is `prefix` + canonical digits (at most 9), the prefix is at most eight
    /// bytes, no number repeats and the largest number is below 4 × count + 1024 (the array stays
    /// small). `key(k)` gives key k's bytes. O(key bytes).
    init?(count: Int, key: (Int) -> UnsafeBufferPointer<UInt8>) {
        guard count > 0 else { return nil }
        let first = key(0)
        guard let digitsAt = first.firstIndex(where: { $0 >= 48 && $0 <= 57 }), digitsAt <= 8 else { return nil }
        var prefix: UInt64 = 0
        for k in 0..<digitsAt { prefix |= UInt64(first[k]) << UInt64(8 * k) }
        let limit = 4 * count + 1024
        let slots = ColumnBuffer<Int32>(capacity: limit)
        slots.pointer.initialize(repeating: -1, count: limit)
        var sequential = true, firstNumber = 0
        for k in 0..<count {
            let bytes = key(k)
            guard let number = NumberedKeys.number(bytes.baseAddress!, bytes.count, prefix: prefix, prefixLength: digitsAt),
                  number < limit, slots.pointer[number] < 0 else { return nil }
            slots.pointer[number] = Int32(k)
            if k == 0 { firstNumber = number } else if number != firstNumber + k { sequential = false }
        }
        self.prefix = prefix
        prefixLength = digitsAt
        self.slots = slots
        self.count = count
        sequentialFirst = sequential ? firstNumber : nil
    }

    /// The keys of a table.
    init?(_ table: ByteKeyTable) {
        let arena = table.arena, starts = table.keyStart
        let made: NumberedKeys? = arena.withUnsafeBufferPointer { bytes in
            NumberedKeys(count: table.count) { k in UnsafeBufferPointer(rebasing: bytes[starts[k]..<starts[k + 1]]) }
        }
        guard let made else { return nil }
        self = made
    }

    /// The canonical number after the prefix in `count` bytes at `p`, or nil.
    @inline(__always)
    static func number(_ p: UnsafePointer<UInt8>, _ count: Int, prefix: UInt64, prefixLength: Int) -> Int? {
        let digits = count - prefixLength
        guard digits >= 1, digits <= 9 else { return nil }
        for k in 0..<prefixLength where p[k] != UInt8(truncatingIfNeeded: prefix >> UInt64(8 * k)) { return nil }
        if digits > 1 && p[prefixLength] == 48 { return nil }   // "i007" is not "i7"
        var value = 0
        for k in prefixLength..<count {
            let d = p[k] &- 48
            guard d <= 9 else { return nil }
            value = value * 10 + Int(d)
        }
        return value
    }

    /// The index of key number `number` (a canonical number read after the prefix), or -1.
    @inline(__always)
    func index(ofNumber number: Int) -> Int {
        if let first = sequentialFirst {
            let index = number &- first
            return index >= 0 && index < count ? index : -1
        }
        return number < slots.capacity ? Int(slots.pointer[number]) : -1
    }

    /// The dense index of the key at `p` (`count` bytes), or nil when the table does not hold it.
    @inline(__always)
    func find(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int? {
        guard let number = NumberedKeys.number(p, count, prefix: prefix, prefixLength: prefixLength) else { return nil }
        let index = index(ofNumber: number)
        return index >= 0 ? index : nil
    }
}
