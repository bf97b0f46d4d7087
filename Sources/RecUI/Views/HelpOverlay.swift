/// The `?` overlay: every key binding from `KeyMap.bindings`, in a box over the panes that leaves the
/// status and hint lines visible. Descriptions wrap (never cut); when the list is longer than the box,
/// j / k (↑ ↓, PgUp / PgDn) scroll it and the footer says where you are.
public enum HelpOverlay {
    /// Text lines of the overlay for an inner width: (keys, meaning) with continuation lines of a
    /// wrapped meaning having empty keys.
    static func lines(width: Int) -> (keyWidth: Int, lines: [(keys: String, meaning: String)]) {
        let bindings = KeyMap.bindings
        let keyWidth = min(22, bindings.map { DisplayWidth.of($0.keys) }.max() ?? 0)
        let meaningWidth = max(10, width - keyWidth - 3)
        var lines: [(String, String)] = []
        for binding in bindings {
            let wrapped = InspectorView.wrap(binding.meaning, width: meaningWidth, maxLines: 6)
            for (i, line) in wrapped.enumerated() { lines.append((i == 0 ? binding.keys : "", line)) }
        }
        return (keyWidth, lines)
    }

    /// The box for a screen: centred, above the status line.
    static func rect(gridWidth: Int, gridHeight: Int) -> Rect {
        let (keyWidth, _) = lines(width: gridWidth)
        let longest = KeyMap.bindings.map { DisplayWidth.of($0.meaning) }.max() ?? 0
        let width = min(gridWidth - 2, max(50, keyWidth + 3 + longest + 4))
        let (_, wrapped) = lines(width: width - 4)
        let available = max(5, gridHeight - 2)
        let height = min(available, wrapped.count + 3)
        return Rect(x: (gridWidth - width) / 2, y: (available - height) / 2, width: width, height: height)
    }

    /// Rows of bindings visible, and how many lines there are in all (for scrolling).
    public static func visibleRows(gridWidth: Int, gridHeight: Int) -> (visible: Int, total: Int) {
        let box = rect(gridWidth: gridWidth, gridHeight: gridHeight)
        return (max(1, box.height - 3), lines(width: box.width - 4).lines.count)
    }

    public static func draw(into grid: inout Grid, scroll: Int = 0) {
        let rect = rect(gridWidth: grid.width, gridHeight: grid.height)
        let (keyWidth, lines) = lines(width: rect.width - 4)
        let visible = max(1, rect.height - 3)
        let first = max(0, min(scroll, lines.count - visible))
        grid.fill(rect)
        grid.box(rect, title: "Keys", style: Style(.cyan, .bold), titleStyle: Style(.cyan, .bold))
        for (i, line) in lines[first..<min(lines.count, first + visible)].enumerated() {
            let y = rect.y + 1 + i
            grid.put(line.keys, x: rect.x + 2, y: y, width: keyWidth, style: .bold)
            grid.put(line.meaning, x: rect.x + 2 + keyWidth + 3, y: y, maxWidth: rect.width - keyWidth - 7)
        }
        let footer = lines.count > visible
            ? "j k scroll (\(first + 1)–\(min(lines.count, first + visible)) of \(lines.count)) · any other key closes"
            : "press any key to close"
        grid.put(footer, x: rect.x + 2, y: rect.maxY - 2, maxWidth: rect.width - 4, style: .dim)
    }
}
