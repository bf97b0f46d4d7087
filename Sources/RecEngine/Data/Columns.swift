import Foundation

/// Read-only values laid out contiguously, viewed where they already are — a memory-mapped snapshot —
/// or in an allocation the column owns (values built by a loader). Copying a column copies the view,
/// never the values; the memory lives as long as any copy (`owner`).
///
/// ```swift
/// let column = Column<Int32>([3, 1, 2])
/// column[1]            // 1, O(1)
/// ```
public struct Column<T: BitwiseCopyable>: RandomAccessCollection, @unchecked Sendable {
    let base: UnsafePointer<T>?
    public let count: Int
    /// Keeps `base` valid: the mapped file, or the owned buffer.
    let owner: AnyObject?

    /// A copy of `values` in an allocation of its own. O(count).
    public init(_ values: [T]) {
        let buffer = ColumnBuffer<T>(copying: values)
        base = UnsafePointer(buffer.pointer)
        count = values.count
        owner = buffer
    }

    /// `count` values at `pointer` (suitably aligned), valid as long as `owner` lives.
    init(viewing pointer: UnsafeRawPointer, count: Int, owner: AnyObject) {
        base = count > 0 ? pointer.assumingMemoryBound(to: T.self) : nil
        self.count = count
        self.owner = owner
    }

    /// Takes over a buffer filled by the caller.
    init(adopting buffer: ColumnBuffer<T>, count: Int) {
        precondition(count <= buffer.capacity)
        base = UnsafePointer(buffer.pointer)
        self.count = count
        owner = buffer
    }

    public init() { base = nil; count = 0; owner = nil }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    @inline(__always)
    public subscript(index: Int) -> T {
        precondition(index >= 0 && index < count, "Column index out of range")
        return base.unsafelyUnwrapped[index]
    }

    /// The values copied into an array (one memcpy).
    public var array: [T] { withUnsafeBufferPointer { Array($0) } }

    /// The values as a buffer, valid inside `body` only.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<T>) throws -> R) rethrows -> R {
        defer { withExtendedLifetime(owner) {} }
        return try body(UnsafeBufferPointer(start: base, count: count))
    }
}

/// An owned, fixed-capacity allocation of trivial values behind `Column`.
///
/// (Transparent huge pages were measured for the loader's large columns and made loading slower on
/// this kind of virtual machine: every fresh 2 MB page is zeroed whole on first touch.)
final class ColumnBuffer<T: BitwiseCopyable>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    let capacity: Int

    /// Uninitialised memory for `capacity` values (trivial types: nothing to deinitialise).
    init(capacity: Int) {
        self.capacity = capacity
        pointer = UnsafeMutableRawPointer(malloc(max(1, capacity) * MemoryLayout<T>.stride)!).bindMemory(to: T.self, capacity: max(1, capacity))
    }

    convenience init(copying values: [T]) {
        self.init(capacity: values.count)
        values.withUnsafeBufferPointer { source in
            if let from = source.baseAddress { pointer.initialize(from: from, count: source.count) }
        }
    }

    deinit { free(pointer) }
}

/// A column being appended to (one row at a time, by a loader): amortised O(1) appends into a
/// `ColumnBuffer`, without the uniqueness and capacity checks of `Array.append` beyond one compare.
struct GrowingColumn<T: BitwiseCopyable> {
    private(set) var buffer: ColumnBuffer<T>
    private(set) var count = 0

    init(capacity: Int) { buffer = ColumnBuffer(capacity: max(16, capacity)) }

    @inline(__always)
    mutating func append(_ value: T) {
        if count == buffer.capacity { grow() }
        buffer.pointer[count] = value
        count += 1
    }

    var pointer: UnsafeMutablePointer<T> { buffer.pointer }
    var isEmpty: Bool { count == 0 }

    private mutating func grow() {
        let larger = ColumnBuffer<T>(capacity: buffer.capacity * 2)
        larger.pointer.update(from: buffer.pointer, count: count)
        buffer = larger
    }
}

/// A list of strings, either Swift strings or UTF-8 bytes packed in one blob with offsets (a mapped
/// snapshot), decoded when read. Reading element i costs O(its length) either way; nothing is decoded
/// up front, so a million titles cost nothing until shown.
public struct StringColumn: RandomAccessCollection, ExpressibleByArrayLiteral, Equatable, Sendable {
    enum Storage: Sendable {
        case strings([String])
        /// String k is `bytes[offsets[k]..<offsets[k + 1]]` (offsets checked monotone and in bounds).
        case packed(offsets: Column<Int64>, bytes: Column<UInt8>)
    }
    private(set) var storage: Storage

    public init(_ strings: [String]) { storage = .strings(strings) }
    public init(arrayLiteral elements: String...) { storage = .strings(elements) }
    public init() { storage = .strings([]) }

    /// Packed strings; the caller has checked `offsets` (first 0, non-decreasing, last == bytes.count).
    init(offsets: Column<Int64>, bytes: Column<UInt8>) { storage = .packed(offsets: offsets, bytes: bytes) }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch storage {
        case .strings(let strings): return strings.count
        case .packed(let offsets, _): return Swift.max(0, offsets.count - 1)
        }
    }

    public subscript(index: Int) -> String {
        switch storage {
        case .strings(let strings): return strings[index]
        case .packed(let offsets, let bytes):
            let a = Int(offsets[index]), b = Int(offsets[index + 1])
            return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[a..<b]), as: UTF8.self) }
        }
    }

    /// Calls `body` with element `index`'s UTF-8 bytes without making a `String` when packed (packed
    /// bytes may be invalid UTF-8: decoding repairs them, so callers treat bytes ≥ 0x80 as "decode").
    public func withUTF8<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        switch storage {
        case .strings(let strings):
            var string = strings[index]
            return try string.withUTF8(body)
        case .packed(let offsets, let bytes):
            let a = Int(offsets[index]), b = Int(offsets[index + 1])
            return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[a..<b])) }
        }
    }

    /// The UTF-8 byte count of element `index` without decoding it. O(1) when packed.
    public func utf8Count(_ index: Int) -> Int {
        switch storage {
        case .strings(let strings): return strings[index].utf8.count
        case .packed(let offsets, _): return Int(offsets[index + 1] - offsets[index])
        }
    }

    /// Appends a string (a packed column becomes Swift strings first: O(count) once).
    public mutating func append(_ string: String) {
        var strings: [String]
        if case .strings(let existing) = storage { strings = existing } else { strings = Array(self) }
        storage = .strings([])
        strings.append(string)
        storage = .strings(strings)
    }

    public static func == (lhs: StringColumn, rhs: StringColumn) -> Bool { lhs.elementsEqual(rhs) }
}

/// A list of lists (genres per item, tags per item, attribute values per user), either nested Swift
/// arrays or a flat layout — list i is entries `range(i)`, entry k read by `entry(k)` — over columns
/// viewed in place. Reading list i builds an array of its entries: O(its length).
public struct ListColumn<Value: Sendable & Equatable>: RandomAccessCollection, ExpressibleByArrayLiteral, Equatable, Sendable {
    enum Storage: Sendable {
        case nested([[Value]])
        case flat(count: Int, range: @Sendable (Int) -> Range<Int>, entry: @Sendable (Int) -> Value)
    }
    private(set) var storage: Storage

    public init(_ lists: [[Value]]) { storage = .nested(lists) }
    public init(arrayLiteral elements: [Value]...) { storage = .nested(elements) }
    public init() { storage = .nested([]) }

    /// `count` lists; list i holds `entry(k)` for k in `range(i)` (ranges checked by the caller).
    init(count: Int, range: @escaping @Sendable (Int) -> Range<Int>, entry: @escaping @Sendable (Int) -> Value) {
        storage = .flat(count: count, range: range, entry: entry)
    }

    /// Lists whose entries are `entries[start[i]..<start[i + 1]]` mapped through `entry`.
    init<Offset: BinaryInteger & BitwiseCopyable>(start: Column<Offset>, entry: @escaping @Sendable (Int) -> Value) {
        self.init(count: Swift.max(0, start.count - 1), range: { Int(start[$0])..<Int(start[$0 + 1]) }, entry: entry)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch storage {
        case .nested(let lists): return lists.count
        case .flat(let count, _, _): return count
        }
    }

    public subscript(index: Int) -> [Value] {
        switch storage {
        case .nested(let lists): return lists[index]
        case .flat(let count, let range, let entry):
            precondition(index >= 0 && index < count, "ListColumn index out of range")
            return range(index).map(entry)
        }
    }

    /// Number of entries in list `index`, without building it.
    public func count(of index: Int) -> Int {
        switch storage {
        case .nested(let lists): return lists[index].count
        case .flat(_, let range, _): return range(index).count
        }
    }

    /// Appends a list (a flat column becomes nested arrays first: O(entries) once).
    public mutating func append(_ list: [Value]) {
        var lists: [[Value]]
        if case .nested(let existing) = storage { lists = existing } else { lists = Array(self) }
        storage = .nested([])
        lists.append(list)
        storage = .nested(lists)
    }

    public static func == (lhs: ListColumn, rhs: ListColumn) -> Bool { lhs.elementsEqual(rhs) }
}
