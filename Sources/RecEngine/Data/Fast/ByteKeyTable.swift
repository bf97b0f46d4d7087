import Foundation

/// Interns byte strings (ids read straight from a file) to dense indices 0, 1, 2, … in insertion order,
/// without making a `String` per look-up.
///
/// Open addressing with linear probing over 16-byte slots holding the key's first eight bytes, a
/// 24-bit hash tag with the length, and the index; keys of up to eight bytes (most ids) are compared
/// within the slot, longer ones against a copy of their bytes in an arena. Look-ups on a table that is
/// no longer being inserted into may run from several threads at once.
/// Memory: 32 bytes per key (slots at ≤ 50% load) plus the key bytes.
struct ByteKeyTable: @unchecked Sendable {
    private struct Slot {
        var prefix: UInt64
        var tag: UInt32   // (hash & 0xFFFF_FF00) | min(length, 255); 0 = empty
        var value: Int32
    }
    private var slots: [Slot]
    private var mask: Int
    /// Key bytes, concatenated; key `i` is `arena[keyStart[i] ..< keyStart[i + 1]]`.
    private(set) var arena: [UInt8] = []
    private(set) var keyStart: [Int] = [0]

    var count: Int { keyStart.count - 1 }

    init(expectedCount: Int) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = Array(repeating: Slot(prefix: 0, tag: 0, value: 0), count: capacity)
        mask = capacity - 1
        keyStart.reserveCapacity(expectedCount + 1)
    }

    @inline(__always)
    private static func prefixAndHash(_ p: UnsafePointer<UInt8>, _ count: Int) -> (prefix: UInt64, hash: UInt64) {
        var prefix: UInt64 = 0
        var hash: UInt64 = UInt64(count) &* 0x9E37_79B9_7F4A_7C15
        if count >= 8 {
            prefix = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
            var i = 8
            hash = (hash ^ prefix) &* 0xBF58_476D_1CE4_E5B9
            while i + 8 <= count {
                hash = (hash ^ UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                hash ^= hash >> 29
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < count { tail |= UInt64(p[i]) << shift; shift += 8; i += 1 }
            hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
        } else {
            var shift: UInt64 = 0
            for i in 0..<count { prefix |= UInt64(p[i]) << shift; shift += 8 }
            hash = (hash ^ prefix) &* 0xBF58_476D_1CE4_E5B9
        }
        hash ^= hash >> 31
        hash = hash &* 0x94D0_49BB_1331_11EB
        hash ^= hash >> 29
        return (prefix, hash)
    }

    @inline(__always)
    private static func tag(_ hash: UInt64, _ count: Int) -> UInt32 {
        (UInt32(truncatingIfNeeded: hash >> 32) & 0xFFFF_FF00) | UInt32(min(count, 255))
    }

    @inline(__always)
    private func matches(_ slot: Slot, _ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        if count <= 8 { return true }   // prefix and tag (with the length) already equal
        let start = keyStart[Int(slot.value)]
        guard keyStart[Int(slot.value) + 1] - start == count else { return false }
        return arena.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, p, count) == 0 }
    }

    /// A key's prefix and hash, for `touch` and `find(_:_:prefix:hash:)` in batches.
    @inline(__always)
    static func hashKey(_ p: UnsafePointer<UInt8>, _ count: Int) -> (prefix: UInt64, hash: UInt64) { prefixAndHash(p, count) }

    /// Reads the key's home slot and returns a value that depends on it. Calling it for a batch of keys
    /// before looking them up lets the processor fetch all their slots from memory at once instead of
    /// one cache miss after another.
    @inline(__always)
    func touch(_ hash: UInt64) -> UInt32 {
        slots.withUnsafeBufferPointer { $0[Int(truncatingIfNeeded: hash) & mask].tag }
    }

    /// The index of the key, or nil. `count` ≥ 1.
    @inline(__always)
    func find(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int? {
        let (prefix, hash) = Self.prefixAndHash(p, count)
        return find(p, count, prefix: prefix, hash: hash)
    }

    /// `find` with the key's `hashKey` already computed.
    @inline(__always)
    func find(_ p: UnsafePointer<UInt8>, _ count: Int, prefix: UInt64, hash: UInt64) -> Int? {
        let tag = Self.tag(hash, count)
        var i = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let slot = slots[i]
                if slot.tag == 0 { return nil }
                if slot.tag == tag, slot.prefix == prefix, matches(slot, p, count) { return Int(slot.value) }
                i = (i + 1) & mask
            }
        }
    }

    /// The index of the key, inserting it (as the next index) when absent; `inserted` says which.
    @inline(__always)
    mutating func insert(_ p: UnsafePointer<UInt8>, _ count: Int) -> (index: Int, inserted: Bool) {
        let (prefix, hash) = Self.prefixAndHash(p, count)
        let tag = Self.tag(hash, count)
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[i]
            if slot.tag == 0 { break }
            if slot.tag == tag, slot.prefix == prefix, matches(slot, p, count) { return (Int(slot.value), false) }
            i = (i + 1) & mask
        }
        let index = count_
        slots[i] = Slot(prefix: prefix, tag: tag, value: Int32(index))
        arena.append(contentsOf: UnsafeBufferPointer(start: p, count: count))
        keyStart.append(arena.count)
        if count_ * 2 > mask { grow() }
        return (index, true)
    }

    private var count_: Int { keyStart.count - 1 }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(prefix: 0, tag: 0, value: 0), count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.tag != 0 {
            let start = keyStart[Int(slot.value)], length = keyStart[Int(slot.value) + 1] - start
            let hash = arena.withUnsafeBufferPointer { Self.prefixAndHash($0.baseAddress! + start, length).hash }
            var i = Int(truncatingIfNeeded: hash) & mask
            while slots[i].tag != 0 { i = (i + 1) & mask }
            slots[i] = slot
        }
    }

    /// Key `index` as a String.
    func string(_ index: Int) -> String {
        arena.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[keyStart[index]..<keyStart[index + 1]]), as: UTF8.self) }
    }
}
