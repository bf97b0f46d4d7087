/// The Item inspector: the highlighted item's title and genres, cosine to the user's profile, the
/// explanation of its score, its named feature vector as bars and its nearest items (a list the cursor
/// moves over, so Enter clicks a neighbour).
public enum InspectorView {
    /// Lines above the nearest-items list for a model and inner size (so the caller can clamp the cursor).
    static func sections(_ model: InspectorPaneModel, width: Int, height: Int) -> (explanationLines: [String], featureRows: Int) {
        let explanation = wrap(model.explanation, width: width, maxLines: 3)
        // title, genres, cosine, "why" header + explanation, parts, "features" header + rows, "nearest" header.
        let fixed = 3 + 1 + explanation.count + 1 + 1
        let parts = min(model.explanationParts.count, 3)
        let spare = max(0, height - fixed - parts - 3)
        return (explanation, min(model.features.count, max(1, min(6, spare / 2))))
    }

    /// Rows available for the nearest-items list.
    public static func nearestRows(_ model: InspectorPaneModel, width: Int, height: Int) -> Int {
        let (explanation, featureRows) = sections(model, width: width, height: height)
        let used = 3 + 1 + explanation.count + min(model.explanationParts.count, 3) + 1 + featureRows + 1
        return max(0, height - used)
    }

    public static func draw(_ model: InspectorPaneModel?, cursor: ListCursor, focused: Bool,
                            into grid: inout Grid, rect: Rect) {
        PaneFrame.draw(rect, title: "Inspector", focused: focused, into: &grid)
        let inner = rect.inset(1)
        guard inner.width > 0, inner.height > 0 else { return }
        guard let model else {
            grid.put("highlight an item to inspect it", x: inner.x, y: inner.y, maxWidth: inner.width, style: .dim)
            return
        }
        var y = inner.y
        func line(_ text: String, _ style: Style = .plain) {
            guard y < inner.maxY else { return }
            grid.put(text, x: inner.x, y: y, maxWidth: inner.width, style: style)
            y += 1
        }
        func barLine(_ value: NamedValue, maximum: Float, colour: Colour) {
            guard y < inner.maxY else { return }
            let barWidth = max(3, min(14, inner.width / 3))
            let nameWidth = max(1, inner.width - barWidth - 7)
            var x = inner.x
            x += grid.put(value.name, x: x, y: y, width: nameWidth)
            x += grid.put(" ", x: x, y: y, width: 1)
            x += grid.put(Format.bar(value.value, maximum: maximum, width: barWidth), x: x, y: y, width: barWidth, style: Style(colour))
            grid.put(Format.score(value.value), x: x, y: y, width: 6, alignRight: true)
            y += 1
        }
        let (explanation, featureRows) = sections(model, width: inner.width, height: inner.height)
        line(model.title, .bold)
        line(model.genres.isEmpty ? "(no genres)" : model.genres.joined(separator: " · "), .dim)
        line("cosine to profile " + (model.cosineToProfile.map { Format.fixed($0, decimals: 3) } ?? "—"))
        line("why", .bold)
        for text in explanation { line(text) }
        let partMaximum = model.explanationParts.map { abs($0.value) }.max() ?? 0
        for part in model.explanationParts.prefix(3) { barLine(part, maximum: partMaximum, colour: .green) }
        line("features (\(model.features.count))", .bold)
        let featureMaximum = model.features.first?.value ?? 0
        if model.features.isEmpty { line("(no genres or tags)", .dim) }
        for feature in model.features.prefix(featureRows) { barLine(feature, maximum: featureMaximum, colour: .magenta) }
        line("nearest items", .bold)
        if model.nearest.isEmpty { line("(none)", .dim); return }
        let visible = max(0, inner.maxY - y)
        for (i, index) in (cursor.offset..<min(model.nearest.count, cursor.offset + visible)).enumerated() {
            let neighbour = model.nearest[index]
            let style = PaneFrame.rowStyle(isCursor: index == cursor.row, focused: focused)
            let x = inner.x + grid.put(neighbour.name, x: inner.x, y: y + i, width: inner.width - 7, style: style)
            grid.put(Format.fixed(neighbour.value, decimals: 3), x: x, y: y + i, width: 7, style: style, alignRight: true)
        }
    }

    /// Greedy word wrap by display width; the last line is truncated with "…" when text remains.
    static func wrap(_ text: String, width: Int, maxLines: Int) -> [String] {
        guard width > 0, maxLines > 0, !text.isEmpty else { return [] }
        var lines: [String] = []
        var current = ""
        var words = text.split(separator: " ").map(String.init)[...]
        while let word = words.first {
            let candidate = current.isEmpty ? word : current + " " + word
            if DisplayWidth.of(candidate) <= width || current.isEmpty {
                current = candidate
                words = words.dropFirst()
            } else {
                lines.append(current)
                current = ""
                if lines.count == maxLines - 1 { break }
            }
        }
        if !words.isEmpty { current = (current.isEmpty ? "" : current + " ") + words.joined(separator: " ") }
        if !current.isEmpty { lines.append(DisplayWidth.truncate(current, to: width)) }
        return Array(lines.prefix(maxLines))
    }
}
