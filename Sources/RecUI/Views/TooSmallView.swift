/// The message shown instead of the panes when the terminal is below 80×24.
public enum TooSmallView {
    public static func message(width: Int, height: Int) -> String {
        "terminal too small: \(width)×\(height), need \(Layout.minimumWidth)×\(Layout.minimumHeight)"
    }

    /// Draws the centred message (and how to quit) into the whole grid, word-wrapped to its width.
    public static func draw(into grid: inout Grid) {
        grid.clear()
        let width = max(1, grid.width)
        var lines: [(String, Style)] = []
        for (text, style) in [(message(width: grid.width, height: grid.height), Style.bold), ("enlarge the window, or press q to quit", .dim)] {
            lines += InspectorView.wrap(text, width: width, maxLines: 8).map { ($0, style) }
        }
        let top = max(0, (grid.height - lines.count) / 2)
        for (i, (line, style)) in lines.enumerated() {
            let x = max(0, (grid.width - DisplayWidth.of(line)) / 2)
            grid.put(line, x: x, y: top + i, maxWidth: width, style: style)
        }
    }
}
