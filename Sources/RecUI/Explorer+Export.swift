import Foundation

/// `E` / `:export [FILE]`: what is on screen as a plain-text file, for slides — one line per row,
/// trailing spaces trimmed, UTF-8 (ASCII only under a non-UTF-8 locale, as drawn).
extension Explorer {
    /// Renders the current screen and writes it to `file` (default: a dated file in
    /// `exportDirectory`); says where on the hint line, or why not (one line, never a crash).
    /// Cost: one render plus the write.
    public func exportScreen(to file: String?) {
        var grid = Grid(width: layout.width, height: layout.height)
        render(into: &grid)
        writeScreen(grid, to: file)
    }

    /// Writes `grid`'s rows to `file` (default: `Explorer.screenFileName` in `exportDirectory`) and
    /// sets the notice. Returns the path written, nil on failure.
    @discardableResult
    public func writeScreen(_ grid: Grid, to file: String?) -> String? {
        let path = file ?? Explorer.freshScreenPath(in: exportDirectory, date: Date())
        do {
            try Explorer.writeText(Explorer.screenText(grid), to: path)
            message = "screen saved: \(path)"
            return path
        } catch {
            fail("cannot write \(path): \(error.reason)")
            return nil
        }
    }

    /// The rows of `grid` as text: one line per row, trailing spaces trimmed, a final newline.
    public static func screenText(_ grid: Grid) -> String {
        grid.lines.map { line in
            var row = Substring(line)
            while row.last == " " { row = row.dropLast() }
            return String(row)
        }.joined(separator: "\n") + "\n"
    }

    /// `recscope-screen-YYYYMMDD-HHMMSS.txt` in local time.
    public static func screenFileName(date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "recscope-screen-\(formatter.string(from: date)).txt"
    }

    /// A path in `directory` named after `date` that does not exist yet (`-2`, `-3`… when two exports
    /// fall in one second).
    static func freshScreenPath(in directory: String, date: Date) -> String {
        let name = screenFileName(date: date)
        let base = directory.isEmpty || directory == "." ? name : (directory as NSString).appendingPathComponent(name)
        var path = base
        var n = 2
        while FileManager.default.fileExists(atPath: path) {
            path = String(base.dropLast(4)) + "-\(n).txt"
            n += 1
        }
        return path
    }

    /// A failed write, with the system's reason ("No such file or directory").
    struct WriteFailure: Error {
        var reason: String
    }

    /// Writes `text` to `path` (created or truncated). Throws `WriteFailure` with strerror's words.
    static func writeText(_ text: String, to path: String) throws(WriteFailure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteFailure(reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw WriteFailure(reason: String(cString: strerror(errno)))
            }
            written += n
        }
    }
}
