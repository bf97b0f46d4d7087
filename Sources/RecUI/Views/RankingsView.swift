import RecEngine

/// The Rankings pane: rank, movement marker (▲n green, ▼n red, NEW yellow, blank when unchanged),
/// title, score and a bar. When the algorithm's score has several components the bar is segmented,
/// one fill pattern per component, with a legend under the header.
public enum RankingsView {
    /// Fill characters of the component segments, in component order: seven distinct patterns (one
    /// per possible component), so the parts stay apart without colour (NO_COLOR, monochrome terminals).
    static let segmentFills: [Character] = ["█", "▓", "▒", "░", "▚", "≡", "▞"]
    /// One colour per component, in component order.
    static let segmentColours: [Colour] = [.blue, .green, .magenta, .yellow, .red, .cyan, .normal]
    /// Most lines the component legend may take (it wraps, and leaves out weight-0 components first).
    static let maximumLegendLines = 2

    static func fill(_ index: Int) -> Character { segmentFills[index % segmentFills.count] }
    static func colour(_ index: Int) -> Colour { segmentColours[index % segmentColours.count] }

    /// Rows above the list: the column header, the legend's lines, the notice.
    public static func headerRows(_ model: RankingsPaneModel, width: Int) -> Int {
        1 + legendLines(model, width: width).count + noticeLines(model.notice, width: width).count
    }

    /// A notice over the list ("cold start: popularity until the first click"), word-wrapped onto at
    /// most two lines rather than cut in a narrow pane.
    static func noticeLines(_ notice: String?, width: Int) -> [String] {
        guard let notice else { return [] }
        return InspectorView.wrap(notice, width: width, maxLines: 2)
    }

    public static func draw(_ model: RankingsPaneModel, cursor: ListCursor, focused: Bool, title: String,
                            into grid: inout Grid, rect: Rect) {
        PaneFrame.draw(rect, title: title, focused: focused, into: &grid)
        let inner = rect.inset(1)
        guard inner.width > 0, inner.height > 1 else { return }
        let columns = Columns(width: inner.width, segmented: !model.componentNames.isEmpty)
        var y = inner.y
        var header = DisplayWidth.pad("#", to: 3, alignRight: true) + " " + DisplayWidth.pad("move", to: 4) + " "
            + DisplayWidth.pad("title", to: columns.title) + " " + DisplayWidth.pad("score", to: 6, alignRight: true)
        if columns.bar > 0 { header += " " }
        grid.put(header, x: inner.x, y: y, width: inner.width, style: .dim)
        y += 1
        for line in legendLines(model, width: inner.width) where y < inner.maxY {
            var x = inner.x
            for entry in line {
                x += grid.put(entry.text, x: x, y: y, maxWidth: inner.maxX - x, style: entry.style)
            }
            y += 1
        }
        for line in noticeLines(model.notice, width: inner.width) where y < inner.maxY {
            grid.put(line, x: inner.x, y: y, maxWidth: inner.width, style: Style(.yellow))
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
                if row.components.isEmpty {
                    grid.put(Format.bar(row.score, maximum: maximum, width: columns.bar), x: x, y: rowY, width: columns.bar, style: Style(.cyan))
                } else {
                    for (offset, component) in segmentCells(row.components, maximum: maximum, width: columns.bar).enumerated() {
                        guard let component else { continue }
                        grid.put(String(fill(component)), x: x + offset, y: rowY, width: 1, style: Style(colour(component)))
                    }
                }
            }
        }
    }

    /// A piece of the legend: text and style.
    struct LegendEntry: Equatable {
        var text: String
        var style: Style
    }

    /// The component legend, wrapped to `width`: pattern and name, with the weight when known
    /// (`█ ease ×1`), each in its component's colour; the component `-` / `+` would change is
    /// bracketed and always shown. When everything does not fit in `maximumLegendLines`, the
    /// weight-0 components (other than the selected one) are summarised as `+3 at ×0`.
    static func legendLines(_ model: RankingsPaneModel, width: Int) -> [[LegendEntry]] {
        guard !model.componentNames.isEmpty, width > 0 else { return [] }
        func entry(_ index: Int) -> LegendEntry {
            var text = "\(fill(index)) \(model.componentNames[index])"
            if index < model.componentWeights.count { text += " ×" + HybridWeights.format(model.componentWeights[index]) }
            let selected = model.selectedComponent == index
            return LegendEntry(text: selected ? "[" + text + "]" : text,
                               style: selected ? Style(colour(index), [.bold, .reverse]) : Style(colour(index)))
        }
        func wrap(_ entries: [LegendEntry]) -> [[LegendEntry]] {
            var lines: [[LegendEntry]] = [[]]
            var used = 0
            for item in entries {
                let needed = DisplayWidth.of(item.text) + (used > 0 ? 1 : 0)
                if used > 0 && used + needed > width {
                    lines.append([])
                    used = 0
                }
                if used > 0 { lines[lines.count - 1].append(LegendEntry(text: " ", style: .plain)); used += 1 }
                lines[lines.count - 1].append(item)
                used += DisplayWidth.of(item.text)
            }
            return lines
        }
        let all = wrap(model.componentNames.indices.map(entry))
        if all.count <= maximumLegendLines { return all }
        let shown = model.componentNames.indices.filter { index in
            model.selectedComponent == index || index >= model.componentWeights.count || model.componentWeights[index] > 0
        }
        let hidden = model.componentNames.count - shown.count
        var entries = shown.map(entry)
        if hidden > 0 { entries.append(LegendEntry(text: "+\(hidden) at ×0 ({ } picks)", style: .dim)) }
        return Array(wrap(entries).prefix(maximumLegendLines))
    }

    /// Column widths for an inner width: rank 3, marker 4, score 6, separators 4, bar 3–12, title the
    /// rest. Segmented (hybrid) rows keep a bar down to narrow panes, since it carries the breakdown.
    struct Columns {
        let title: Int
        let bar: Int
        init(width: Int, segmented: Bool = false) {
            let fixed = 3 + 1 + 4 + 1 + 1 + 6
            let bar = width >= 60 ? min(12, width / 6) : (width >= 38 ? (segmented ? 6 : 3) : (segmented && width >= 28 ? 4 : 0))
            self.bar = bar
            self.title = max(1, width - fixed - (bar > 0 ? bar + 1 : 0))
        }
    }

    /// The component drawn in each of `width` bar cells (nil = empty): one segment per component, as
    /// long as its share of `maximum`; a positive component too small for a cell of its own takes one
    /// from the longest segment, so no part disappears.
    static func segmentCells(_ components: [Float], maximum: Float, width: Int) -> [Int?] {
        guard maximum > 0, width > 0 else { return Array(repeating: nil, count: max(0, width)) }
        var counts: [Int] = []
        var cumulative: Float = 0
        var used = 0
        for part in components {
            cumulative += max(0, part)
            let end = min(width, Int((cumulative / maximum * Float(width)).rounded()))
            counts.append(max(0, end - used))
            used = max(used, end)
        }
        for (i, part) in components.enumerated() where part > 0 && counts[i] == 0 {
            guard let longest = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[longest] > 1 else { break }
            counts[longest] -= 1
            counts[i] = 1
        }
        var cells: [Int?] = []
        for (i, count) in counts.enumerated() { cells += Array(repeating: i, count: count) }
        return Array((cells + Array(repeating: nil, count: max(0, width - cells.count))).prefix(width))
    }

    /// The segmented bar as text (patterns only), for tests and colourless output.
    static func segmentedBar(_ components: [Float], maximum: Float, width: Int) -> String {
        String(segmentCells(components, maximum: maximum, width: width).map { $0.map(fill) ?? " " })
    }
}
