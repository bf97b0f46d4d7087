/// The Rankings pane: rank, movement marker (▲n green, ▼n red, NEW yellow, blank when unchanged),
/// title, score and a bar. When the algorithm's score has several components the bar is segmented,
/// one fill pattern per component, with a legend under the header.
public enum RankingsView {
    /// Fill characters of the component segments, in component order (legible without colour).
    static let segmentFills: [Character] = ["█", "▓", "▒", "░"]

    public static func draw(_ model: RankingsPaneModel, cursor: ListCursor, focused: Bool, title: String,
                            into grid: inout Grid, rect: Rect) {
        PaneFrame.draw(rect, title: title, focused: focused, into: &grid)
        let inner = rect.inset(1)
        guard inner.width > 0, inner.height > 1 else { return }
        let columns = Columns(width: inner.width)
        var y = inner.y
        var header = DisplayWidth.pad("#", to: 3, alignRight: true) + " " + DisplayWidth.pad("move", to: 4) + " "
            + DisplayWidth.pad("title", to: columns.title) + " " + DisplayWidth.pad("score", to: 6, alignRight: true)
        if columns.bar > 0 { header += " " }
        grid.put(header, x: inner.x, y: y, width: inner.width, style: .dim)
        y += 1
        if !model.componentNames.isEmpty, y < inner.maxY {
            let legend = model.componentNames.enumerated().map { "\(segmentFills[$0.offset % segmentFills.count]) \($0.element)" }
            grid.put(legend.joined(separator: "  "), x: inner.x, y: y, width: inner.width, style: .dim)
            y += 1
        }
        if let notice = model.notice {
            grid.put(notice, x: inner.x, y: y, maxWidth: inner.width, style: Style(.yellow))
            y += 1
        }
        let maximum = model.rows.map(\.score).max() ?? 0
        let visible = max(0, inner.maxY - y)
        for (i, index) in (cursor.offset..<min(model.rows.count, cursor.offset + visible)).enumerated() {
            let row = model.rows[index]
            let rowY = y + i
            let isCursor = index == cursor.row
            let style = PaneFrame.rowStyle(isCursor: isCursor, focused: focused)
            var x = inner.x
            x += grid.put(String(row.rank), x: x, y: rowY, width: 3, style: style, alignRight: true)
            x += grid.put(" ", x: x, y: rowY, width: 1, style: style)
            x += grid.put(row.movement.marker, x: x, y: rowY, width: 4, style: Style(row.movement.colour, style.attributes.union(.bold)))
            x += grid.put(" ", x: x, y: rowY, width: 1, style: style)
            x += grid.put(row.title, x: x, y: rowY, width: columns.title, style: style)
            x += grid.put(" ", x: x, y: rowY, width: 1, style: style)
            x += grid.put(Format.score(row.score), x: x, y: rowY, width: 6, style: style, alignRight: true)
            if columns.bar > 0 {
                x += grid.put(" ", x: x, y: rowY, width: 1, style: style)
                let bar = row.components.isEmpty
                    ? Format.bar(row.score, maximum: maximum, width: columns.bar)
                    : segmentedBar(row.components, maximum: maximum, width: columns.bar)
                grid.put(bar, x: x, y: rowY, width: columns.bar, style: Style(.cyan))
            }
        }
    }

    /// Column widths for an inner width: rank 3, marker 4, score 6, separators 4, bar 3–12, title the rest.
    struct Columns {
        let title: Int
        let bar: Int
        init(width: Int) {
            let fixed = 3 + 1 + 4 + 1 + 1 + 6
            let bar = width >= 60 ? min(12, width / 6) : (width >= 38 ? 3 : 0)
            self.bar = bar
            self.title = max(1, width - fixed - (bar > 0 ? bar + 1 : 0))
        }
    }

    /// One segment per component, each as long as its share of `maximum`, filled with its own pattern.
    static func segmentedBar(_ components: [Float], maximum: Float, width: Int) -> String {
        guard maximum > 0, width > 0 else { return String(repeating: " ", count: max(0, width)) }
        var text = ""
        var used = 0
        var cumulative: Float = 0
        for (i, part) in components.enumerated() {
            cumulative += max(0, part)
            let end = min(width, Int((cumulative / maximum * Float(width)).rounded()))
            if end > used {
                text += String(repeating: segmentFills[i % segmentFills.count], count: end - used)
                used = end
            }
        }
        return text + String(repeating: " ", count: max(0, width - used))
    }
}
