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

    public static func draw(_ model: ProfilePaneModel, cursor: ListCursor, focused: Bool,
                            into grid: inout Grid, rect: Rect) {
        PaneFrame.draw(rect, title: "Profile · \(model.user)", focused: focused, into: &grid)
        let inner = rect.inset(1)
        guard inner.width > 0, inner.height > 3 else { return }
        var y = inner.y
        let clicks = model.history.filter(\.isSimulatedClick).count
        var summary = Format.count(model.eventCount, "event") + " · " + Format.count(model.profileSize, "feature")
        if clicks > 0 { summary += " · " + Format.count(clicks, "click") }
        grid.put(summary, x: inner.x, y: y, maxWidth: inner.width, style: .dim)
        y += 1
        if let words = model.ownWords, inner.height > 4 {
            grid.put("in their words: " + words, x: inner.x, y: y, maxWidth: inner.width, style: Style(.cyan))
            y += 1
        }
        grid.put("interests", x: inner.x, y: y, maxWidth: inner.width, style: .bold)
        y += 1
        let featureCount = featureRows(innerHeight: inner.height, available: max(1, model.topFeatures.count))
        if model.topFeatures.isEmpty {
            grid.put("(empty profile: cold start)", x: inner.x, y: y, maxWidth: inner.width, style: .dim)
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
        // The column labels sit right-aligned over their columns; the title gets what is left.
        let labels = DisplayWidth.pad("weight", to: 6, alignRight: true) + (showDecay ? DisplayWidth.pad("decay", to: 7, alignRight: true) : "")
        let titleRoom = max(0, inner.width - DisplayWidth.of(labels) - 1)
        let heading = DisplayWidth.of("history, newest first") <= titleRoom ? "history, newest first" : "history"
        grid.put(heading, x: inner.x, y: y, width: titleRoom, style: .bold)
        grid.put(labels, x: inner.maxX - DisplayWidth.of(labels), y: y, maxWidth: DisplayWidth.of(labels), style: .bold)
        y += 1
        if model.history.isEmpty {
            grid.put("no events yet: Enter on any item", x: inner.x, y: y, maxWidth: inner.width, style: .dim)
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
