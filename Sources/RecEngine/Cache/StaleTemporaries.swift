import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Removes the temporary files killed cache writers leave behind. `ModelCache` and `DatasetSnapshot`
/// write `<final name>.tmp-<writer pid>-<random>` and rename it over the final name; a writer killed
/// before the rename leaves its temporary (up to the size of a whole snapshot) for good.
///
/// A temporary is stale, and removed, when its writer's process no longer exists (`kill(pid, 0)` fails
/// with `ESRCH`) or it was last modified more than `maximumAge` seconds ago (a recycled pid). A file
/// whose writer is alive and that was written to within the hour is left alone, whichever process it
/// belongs to — this one included (another thread may be writing it). Errors are ignored: this only
/// frees space. Cost: one directory listing, one `lstat` per temporary.
public enum StaleTemporaries {
    /// Temporaries untouched for longer than this (seconds) are stale whatever their pid says.
    public static let maximumAge: TimeInterval = 3600

    /// The marker between a final name and the writer's pid and random suffix.
    static let marker = ".tmp-"

    /// Removes the stale temporaries in `directory` (`now` is the clock their age is taken against);
    /// returns the names removed, sorted.
    @discardableResult
    public static func remove(in directory: String, now: Date = Date()) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var removed: [String] = []
        for name in names.sorted() where name.contains(marker) {
            let path = (directory as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            let modified = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
            let tooOld = now.timeIntervalSince(modified) > maximumAge
            let writerGone = writerPID(of: name).map { !processExists($0) } ?? false
            if (tooOld || writerGone) && unlink(path) == 0 { removed.append(name) }
        }
        return removed
    }

    /// The writer's pid in `<name>.tmp-<pid>-<random digits>`; nil when the name has another shape.
    static func writerPID(of name: String) -> pid_t? {
        guard let marked = name.range(of: marker, options: .backwards) else { return nil }
        let parts = name[marked.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
              let pid = pid_t(parts[0]), pid > 0 else { return nil }
        return pid
    }

    /// Whether process `pid` exists (`EPERM`: it does, under another user).
    static func processExists(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }
}
