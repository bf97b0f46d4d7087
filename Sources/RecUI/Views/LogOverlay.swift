/// One notice of the session log: seconds since the explorer started, and its text.
public struct LogEntry: Sendable, Equatable {
    public var seconds: Double
    public var text: String
    public init(seconds: Double, text: String) { self.seconds = seconds; self.text = text }
}

/// The `L` overlay: this session's notices (models ready, clicks, undo, errors), oldest first, each
/// with its time since start; long notices wrap. j / k scroll, any other key closes.
public enum LogOverlay {
    /// Display lines for an inner width: timestamps on the first line of each entry.
    static func lines(_ log: [LogEntry], width: Int) -> [(stamp: String, text: String, entry: Int)] {
        var lines: [(String, String, Int)] = []
        for (index, entry) in log.enumerated() {
            let stamp = "+" + Format.fixed(Float(entry.seconds), decimals: 1) + "s"
            for (i, line) in InspectorView.wrap(entry.text, width: max(10, width - 10), maxLines: 6).enumerated() {
                lines.append((i == 0 ? stamp : "", line, index))
            }
        }
        return lines
    }

    /// Draws the log with entry `scroll` (clamped) in view, the newest at the bottom when it fits.
    public static func draw(_ log: [LogEntry], into grid: inout Grid, scroll: Int) {
        let available = max(5, grid.height - 2)
        let width = min(grid.width - 2, max(50, grid.width * 3 / 4))
        let all = lines(log, width: width - 4)
        let height = min(available, max(5, all.count + 3))
        let rect = Rect(x: (grid.width - width) / 2, y: (available - height) / 2, width: width, height: height)
        let visible = max(1, height - 3)
        grid.fill(rect)
        grid.box(rect, title: "Log (\(Format.count(log.count, "notice")))", style: Style(.cyan, .bold), titleStyle: Style(.cyan, .bold))
        if all.isEmpty {
            grid.put("nothing yet", x: rect.x + 2, y: rect.y + 1, maxWidth: rect.width - 4, style: .dim)
        }
        // The line range that ends with the scrolled-to entry.
        let lastLine = all.lastIndex { $0.entry <= scroll } ?? (all.count - 1)
        let first = max(0, min(lastLine - visible + 1, all.count - visible))
        for (i, line) in all[first..<min(all.count, first + visible)].enumerated() {
            let y = rect.y + 1 + i
            grid.put(line.stamp, x: rect.x + 2, y: y, width: 8, style: .dim)
            grid.put(line.text, x: rect.x + 10, y: y, maxWidth: rect.width - 12)
        }
        grid.put("j k scroll · any other key closes", x: rect.x + 2, y: rect.maxY - 2, maxWidth: rect.width - 4, style: .dim)
    }
}
