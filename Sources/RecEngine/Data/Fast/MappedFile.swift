import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A whole file mapped read-only into memory (`mmap`), unmapped when released. Pages are read on first
/// touch, so mapping costs nothing up front and the bytes are never copied.
final class MappedFile: @unchecked Sendable {
    /// First byte (a valid one-byte allocation when the file is empty).
    let base: UnsafePointer<UInt8>
    let count: Int
    private let mapped: Bool

    /// How the mapping will be read: front to back once (a CSV file: read ahead, drop behind), or
    /// all of it at once and then at random (a snapshot: read it all in now).
    enum Access { case sequential, random }

    /// Nil when the file cannot be opened, stat'ed or mapped.
    init?(path: String, access: Access = .sequential) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        count = Int(info.st_size)
        if count == 0 {
            let empty = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
            empty.initialize(to: 0)
            base = UnsafePointer(empty)
            mapped = false
            return
        }
        // A snapshot is read whole at once (checksum): map every page up front, not one fault at a time.
        guard let pointer = mmap(nil, count, PROT_READ, MAP_PRIVATE | (access == .random ? MAP_POPULATE : 0), descriptor, 0),
              pointer != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        _ = madvise(pointer, count, access == .sequential ? MADV_SEQUENTIAL : MADV_WILLNEED)
        base = UnsafePointer(pointer.assumingMemoryBound(to: UInt8.self))
        mapped = true
    }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    deinit {
        if mapped { munmap(UnsafeMutableRawPointer(mutating: base), count) } else { UnsafeMutablePointer(mutating: base).deallocate() }
    }
}
