/// The message shown instead of the panes when the terminal is below 80×24.
public enum TooSmallView {
    public static func message(width: Int, height: Int) -> String {
        "terminal too small: \(width)×\(height), need \(Layout.minimumWidth)×\(Layout.minimumHeight)"
    }

    /// Draws the centred message (and how to quit) into the whole grid.
    public static func draw(into grid: inout Grid) {
        grid.clear()
        let lines = [message(width: grid.width, height: grid.height), "enlarge the window, or press q to quit"]
        let top = max(0, (grid.height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            let width = DisplayWidth.of(line)
            let x = max(0, (grid.width - width) / 2)
            grid.put(line, x: x, y: top + i, style: i == 0 ? .bold : .dim)
        }
    }
}
