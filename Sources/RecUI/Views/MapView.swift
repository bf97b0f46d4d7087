import RecEngine

/// The Map view: the catalogue on the semantic PCA plane as Braille density, with the current
/// user's history (•), profile (@), intent (*), top-10 (1–9, 0) and the trail (·) of where the profile was before
/// each click of the session. Glyphs carry the meaning; colour only reinforces them.
public enum MapView {
    /// The map area (cells) inside a pane rectangle: the inner box minus the legend's rows (one at
    /// 100 columns, two or three in a narrow pane, see `legendLines`).
    public static func canvasSize(of rect: Rect, intent: Bool = false) -> (columns: Int, rows: Int) {
        let inner = rect.inset(1)
        return (max(0, inner.width), max(0, inner.height - legendLines(width: inner.width, intent: intent).count))
    }

    /// The legend wrapped between its entries to `width` cells, so no entry is ever cut (an entry wider
    /// than the pane is the only thing truncated). Cost O(entries).
    public static func legendLines(width: Int, intent: Bool) -> [String] {
        let entries = ["@ profile"] + (intent ? ["* intent"] : []) + ["1-9,0 top-10", "• history", "· trail"]
        var lines: [String] = []
        for entry in entries {
            if let last = lines.last, DisplayWidth.of(last) + 2 + DisplayWidth.of(entry) <= width {
                lines[lines.count - 1] = last + "  " + entry
            } else {
                lines.append(entry)
            }
        }
        return lines
    }

    /// Draws `frame` (laid out for `canvasSize(of: rect, intent: intent)`), or `notice` when there is none.
    public static func draw(_ frame: MapFrame?, notice: String, title: String, focused: Bool, intent: Bool = false,
                            into grid: inout Grid, rect: Rect) {
        PaneFrame.draw(rect, title: title, focused: focused, into: &grid)
        let inner = rect.inset(1)
        guard inner.width > 0, inner.height > 1 else { return }
        guard let frame else {
            grid.put(notice, x: inner.x, y: inner.y, maxWidth: inner.width, style: .dim)
            return
        }
        let legend = legendLines(width: inner.width, intent: intent)
        for row in 0..<min(frame.rows, max(0, inner.height - legend.count)) {
            for column in 0..<min(frame.columns, inner.width) {
                let style: Style
                if let marker = frame.markers[row * frame.columns + column] {
                    style = Self.style(of: marker)
                } else {
                    let density = frame.density(column: column, row: row)
                    style = density < 0.4 ? .dim : (density < 0.75 ? .plain : Style(.blue, .bold))
                }
                grid.put(String(frame.glyph(column: column, row: row)), x: inner.x + column, y: inner.y + row, maxWidth: 1, style: style)
            }
        }
        for (index, line) in legend.enumerated() where inner.height - legend.count + index >= 0 {
            grid.put(line, x: inner.x, y: inner.maxY - legend.count + index, maxWidth: inner.width, style: .dim)
        }
    }

    static func style(of marker: MapMarker) -> Style {
        switch marker {
        case .profile: return Style(.yellow, [.bold, .reverse])
        case .intent: return Style(.magenta, [.bold, .reverse])
        case .recommendation: return Style(.green, .bold)
        case .history: return Style(.cyan)
        case .trail: return Style(.yellow)
        }
    }
}
