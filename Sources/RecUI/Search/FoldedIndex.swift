import RecEngine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Case- and accent-folded texts (one per row) in a single UTF-8 buffer, rows separated by NUL, for
/// substring search without folding or decoding anything per keystroke.
///
/// ```swift
/// let index = FoldedIndex(count: titles.count) { titles[$0] }
/// let rows = index.matching(FoldedIndex.needle("amelie"))              // full scan
/// let fewer = index.matching(FoldedIndex.needle("amelie 2"), among: rows) // narrows
/// ```
/// Building costs one fold per row (≈ 5 µs each; ASCII rows ≈ 0.1 µs, byte by byte); a full scan is one `memchr`/`memcmp` pass over
/// the buffer (≈ 1 ms per 10 MB); `among:` touches only the candidates' bytes.
struct FoldedIndex {
    private var bytes: [UInt8] = []
    /// Start of each row in `bytes`, plus the end: row i is bytes[starts[i] ..< starts[i + 1] - 1].
    private var starts: [Int] = [0]

    var count: Int { starts.count - 1 }

    /// Matches of the queries typed so far, each a prefix of the next (Backspace returns to one of
    /// them without a scan). Valid forever: matches depend only on the index, which never changes.
    final class Trail {
        private(set) var entries: [(needle: [UInt8], rows: [Int])] = []

        func rows(for needle: [UInt8]) -> [Int]? { entries.last { $0.needle == needle }?.rows }

        /// Keeps the entries that are prefixes of `needle`, then `needle`'s own.
        func record(_ needle: [UInt8], _ rows: [Int]) {
            entries.removeAll { !needle.starts(with: $0.needle) || $0.needle == needle }
            entries.append((needle, rows))
        }
    }
    let trail = Trail()

    init(count: Int, text: (Int) -> String) {
        bytes.reserveCapacity(count * 48)
        starts.reserveCapacity(count + 1)
        for row in 0..<count {
            ItemSearch.appendFolded(text(row), to: &bytes)
            bytes.append(0)
            starts.append(bytes.count)
        }
    }

    /// From folded rows already laid out (`ItemSearch.foldedHaystacks`, `foldedUserTexts`).
    init(_ rows: (bytes: [UInt8], starts: [Int])) {
        bytes = rows.bytes
        starts = rows.starts
    }

    /// This index's rows repeated until there are `count` (for benchmarks at scale). O(result bytes).
    func repeated(toCount count: Int) -> FoldedIndex {
        var copy = FoldedIndex(count: 0) { _ in "" }
        copy.bytes.reserveCapacity(bytes.count * (count / max(1, self.count) + 1))
        copy.starts.reserveCapacity(count + 1)
        var row = 0
        while copy.count < count && self.count > 0 {
            let source = row % self.count
            copy.bytes.append(contentsOf: bytes[starts[source]..<starts[source + 1]])
            copy.starts.append(copy.bytes.count)
            row += 1
        }
        return copy
    }

    /// The folded UTF-8 bytes of a query (lower-cased, accents removed).
    static func needle(_ query: String) -> [UInt8] { Array(ItemSearch.needle(query).utf8) }

    /// Rows containing `needle`, ascending. One pass over the whole buffer.
    func matching(_ needle: [UInt8]) -> [Int] {
        guard !needle.isEmpty else { return Array(0..<count) }
        var rows: [Int] = []
        bytes.withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { pattern in
                var position = 0
                var row = 0
                while let hit = FoldedIndex.find(pattern, in: haystack, from: position, to: haystack.count) {
                    // Hits come in order: walk the row forward (gallop, then binary search) instead of
                    // searching all rows for each hit.
                    row = rowContaining(hit, from: row)
                    rows.append(row)
                    position = starts[row + 1]
                }
            }
        }
        return rows
    }

    /// The rows of `candidates` (ascending) that contain `needle`: used when a query grows, since a
    /// longer query only narrows the previous matches.
    func matching(_ needle: [UInt8], among candidates: [Int]) -> [Int] {
        guard !needle.isEmpty else { return candidates }
        // Many candidates: one pass over the buffer beats one search per row.
        if candidates.count > count / 4 {
            let all = matching(needle)
            var result: [Int] = []
            var j = 0
            for row in all {
                while j < candidates.count && candidates[j] < row { j += 1 }
                if j < candidates.count && candidates[j] == row { result.append(row) }
            }
            return result
        }
        return bytes.withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { pattern in
                candidates.filter { FoldedIndex.find(pattern, in: haystack, from: starts[$0], to: starts[$0 + 1]) != nil }
            }
        }
    }

    private func rowContaining(_ position: Int, from first: Int) -> Int {
        // Gallop from `first` to bracket the row, then binary search inside the bracket.
        var step = 1
        var low = first, high = first + 1
        while high < count && starts[high] <= position { low = high; high = min(count, high + step); step *= 2 }
        high = min(high, count)
        while high - low > 1 {
            let mid = (low + high) / 2
            if starts[mid] <= position { low = mid } else { high = mid }
        }
        return low
    }

    /// First occurrence of `pattern` in haystack[from..<to].
    private static func find(_ pattern: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>,
                             from: Int, to: Int) -> Int? {
        guard let base = haystack.baseAddress, let first = pattern.baseAddress, to - from >= pattern.count else { return nil }
        // glibc's memmem (two-way, vectorised): long or repetitive queries cost no more than short ones.
        guard let found = systemMemmem(base + from, to - from, first, pattern.count) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
}

/// libc's `memmem` (glibc declares it only under _GNU_SOURCE, so Swift's Glibc module lacks it).
@_silgen_name("memmem")
private func systemMemmem(_ haystack: UnsafeRawPointer?, _ haystackLength: Int, _ needle: UnsafeRawPointer?, _ needleLength: Int) -> UnsafeMutableRawPointer?
