import RecEngine

/// The Map view: the catalogue on the semantic PCA plane as Braille density, with the current
/// user's history (•), profile (@), intent (*), top-10 (1–9, 0) and the trail (·) of where the profile was before
/// each click of the session. Glyphs carry the meaning; colour only reinforces them.
public enum MapView {
    /// The map area (cells) inside a pane rectangle: the inner box minus one legend row.
    public static func canvasSize(of rect: Rect) -> (columns: Int, rows: Int) {
        let inner = rect.inset(1)
        return (max(0, inner.width), max(0, inner.height - 1))
    }

    /// Draws `frame` (laid out for `canvasSize(of: rect)`), or `notice` when there is none.
    public static func draw(_ frame: MapFrame?, notice: String, title: String, focused: Bool,
                            into grid: inout Grid, rect: Rect) {
        PaneFrame.draw(rect, title: title, focused: focused, into: &grid)
        let inner = rect.inset(1)
        guard inner.width > 0, inner.height > 1 else { return }
        guard let frame else {
            grid.put(notice, x: inner.x, y: inner.y, maxWidth: inner.width, style: .dim)
            return
        }
        for row in 0..<min(frame.rows, inner.height - 1) {
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
        let legend = frame.markers.contains(.intent) ? "@ profile  * intent  1-9,0 top-10  • history  · trail"
            : "@ profile  1-9,0 top-10  • history  · trail"
        grid.put(legend, x: inner.x, y: inner.maxY - 1, maxWidth: inner.width, style: .dim)
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
