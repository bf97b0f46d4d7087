/// The Profile pane: the user's interest profile (top named features as bars with values) and recent
/// history, newest first, with each event's effective weight and decay factor; simulated clicks are
/// marked "✚" (and coloured).
public enum ProfileView {
    /// How many feature rows fit an inner height (the rest goes to history).
    public static func featureRows(innerHeight: Int, available: Int) -> Int {
        min(available, min(8, max(1, (innerHeight - 3) / 3)))
    }

    /// History rows visible for an inner height (one fewer when the "in their words" line is shown).
    public static func historyRows(innerHeight: Int, featureCount: Int, hasOwnWords: Bool = false) -> Int {
        max(0, innerHeight - 3 - (hasOwnWords ? 1 : 0) - featureRows(innerHeight: innerHeight, available: max(1, featureCount)))
    }

    /// The summary line's parts: events, profile size, simulated clicks.
    static func summaryParts(_ model: ProfilePaneModel) -> [String] {
        let clicks = model.history.filter(\.isSimulatedClick).count
        var parts = [Format.count(model.eventCount, "event"), Format.count(model.profileSize, "feature")]
        if clicks > 0 { parts.append(Format.count(clicks, "click")) }
        return parts
    }

    /// The summary for an inner `width`, never cut: one line when it fits; else its parts wrapped at
    /// the `·` onto two lines (when the pane is tall enough to spare the row); else abbreviated
    /// (`233 ev · 260 feat · 1 click`), parts dropped from the end only when even that is too wide.
    public static func summaryLines(_ model: ProfilePaneModel, width: Int, innerHeight: Int) -> [String] {
        let parts = summaryParts(model)
        let separator = " · "
        let whole = parts.joined(separator: separator)
        if DisplayWidth.of(whole) <= width { return [whole] }
        if innerHeight >= 14 {
            var lines: [String] = [""]
            for part in parts {
                let candidate = lines[lines.count - 1].isEmpty ? part : lines[lines.count - 1] + separator + part
                if DisplayWidth.of(candidate) <= width || lines[lines.count - 1].isEmpty {
                    lines[lines.count - 1] = candidate
                } else {
                    lines.append(part)
                }
            }
            if lines.count <= 2 && lines.allSatisfy({ DisplayWidth.of($0) <= width }) { return lines }
        }
        var short = parts
        short[0] = Format.grouped(model.eventCount) + " ev"
        short[1] = Format.grouped(model.profileSize) + " feat"
        while short.count > 1 && DisplayWidth.of(short.joined(separator: separator)) > width { short.removeLast() }
        return [short.joined(separator: separator)]
    }

    /// Rows above the history list for a model in an inner area `width` × `height`: the summary, the
    /// own-words line, "interests", the feature bars and the history heading.
    public static func headerRows(_ model: ProfilePaneModel, width: Int, height: Int) -> Int {
        summaryLines(model, width: width, innerHeight: height).count + (model.ownWords != nil && height > 4 ? 1 : 0)
            + 2 + featureRows(innerHeight: height, available: max(1, model.topFeatures.count))
    }

    public static func draw(_ model: ProfilePaneModel, cursor: ListCursor, focused: Bool,
                            into grid: inout Grid, rect: Rect) {
        PaneFrame.draw(rect, title: "Profile · \(model.user)", focused: focused, into: &grid)
        let inner = rect.inset(1)
        guard inner.width > 0, inner.height > 3 else { return }
        var y = inner.y
        for line in summaryLines(model, width: inner.width, innerHeight: inner.height) {
            grid.put(line, x: inner.x, y: y, maxWidth: inner.width, style: .dim)
            y += 1
        }
        if let words = model.ownWords, inner.height > 4 {
            grid.put("in their words: " + words, x: inner.x, y: y, maxWidth: inner.width, style: Style(.cyan))
            y += 1
        }
        grid.put("interests", x: inner.x, y: y, maxWidth: inner.width, style: .bold)
        y += 1
        let featureCount = featureRows(innerHeight: inner.height, available: max(1, model.topFeatures.count))
        if model.topFeatures.isEmpty {
            let empty = "(empty profile: cold start)"
            grid.put(DisplayWidth.of(empty) <= inner.width ? empty : "(empty: cold start)", x: inner.x, y: y, maxWidth: inner.width, style: .dim)
        } else {
            let maximum = model.topFeatures.map(\.value).max() ?? 0
            let valueWidth = 5
            let barWidth = max(3, min(16, inner.width / 3))
            let nameWidth = max(1, inner.width - barWidth - valueWidth - 2)
            for (i, feature) in model.topFeatures.prefix(featureCount).enumerated() {
                var x = inner.x
                x += grid.put(feature.name, x: x, y: y + i, width: nameWidth)
                x += grid.put(" ", x: x, y: y + i, width: 1)
                x += grid.put(Format.bar(feature.value, maximum: maximum, width: barWidth), x: x, y: y + i, width: barWidth, style: Style(.magenta))
                x += grid.put(" ", x: x, y: y + i, width: 1)
                grid.put(Format.fixed(feature.value, decimals: 2), x: x, y: y + i, width: valueWidth, alignRight: true)
            }
        }
        y += featureCount
        let showDecay = inner.width >= 30
        // The column labels sit right-aligned over their columns (none over an empty history); the
        // title gets what is left.
        let labels = model.history.isEmpty ? ""
            : DisplayWidth.pad("weight", to: 6, alignRight: true) + (showDecay ? DisplayWidth.pad("decay", to: 7, alignRight: true) : "")
        let titleRoom = max(0, inner.width - DisplayWidth.of(labels) - 1)
        let heading = DisplayWidth.of("history, newest first") <= titleRoom ? "history, newest first" : "history"
        grid.put(heading, x: inner.x, y: y, width: titleRoom, style: .bold)
        grid.put(labels, x: inner.maxX - DisplayWidth.of(labels), y: y, maxWidth: DisplayWidth.of(labels), style: .bold)
        y += 1
        if model.history.isEmpty {
            for (i, line) in InspectorView.wrap("no events yet: Enter on any item", width: inner.width, maxLines: max(1, inner.maxY - y)).enumerated() {
                grid.put(line, x: inner.x, y: y + i, maxWidth: inner.width, style: .dim)
            }
            return
        }
        let visible = max(0, inner.maxY - y)
        let numbersWidth = 6 + (showDecay ? 7 : 0)
        let titleWidth = max(1, inner.width - 2 - numbersWidth)  // the numbers end at the pane's right edge
        for (i, index) in (cursor.offset..<min(model.history.count, cursor.offset + visible)).enumerated() {
            let entry = model.history[index]
            let rowY = y + i
            let isCursor = index == cursor.row
            let base: Style = entry.isSimulatedClick ? Style(.yellow) : (entry.weight == 0 ? .dim : .plain)
            let style = PaneFrame.rowStyle(isCursor: isCursor, focused: focused, base: base)
            var x = inner.x
            x += grid.put(entry.isSimulatedClick ? "✚ " : "  ", x: x, y: rowY, width: 2, style: style)
            x += grid.put(entry.title, x: x, y: rowY, width: titleWidth, style: style)
            x += grid.put(Format.fixed(entry.weight, decimals: 2), x: x, y: rowY, width: 6, style: style, alignRight: true)
            if showDecay {
                grid.put("×" + Format.fixed(entry.decay, decimals: 2), x: x, y: rowY, width: 7, style: style, alignRight: true)
            }
        }
    }
}
