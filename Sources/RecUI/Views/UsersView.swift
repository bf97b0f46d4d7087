/// One row of the Users pane.
public struct UserRow: Sendable, Equatable {
    public var label: String
    /// Attribute values joined by spaces ("24 M technician"), or "" when the data has none.
    public var attributes: String
    public var eventCount: Int
    /// Newest event (seconds), nil for a user with no events.
    public var lastActive: Int64?
    /// Simulated clicks in this user's session (shown as "+n").
    public var clicks: Int
    public init(label: String, attributes: String, eventCount: Int, lastActive: Int64?, clicks: Int) {
        self.label = label; self.attributes = attributes; self.eventCount = eventCount
        self.lastActive = lastActive; self.clicks = clicks
    }
}

/// The Users pane: id, number of events (+ simulated clicks), last activity, attributes — as many
/// columns as the width allows, in that order of importance.
public enum UsersView {
    public static func draw(count: Int, row: (Int) -> UserRow, cursor: ListCursor, current: Int?, focused: Bool,
                            title: String, into grid: inout Grid, rect: Rect) {
        PaneFrame.draw(rect, title: title, focused: focused, into: &grid)
        let inner = rect.inset(1)
        guard inner.width > 0, inner.height > 1 else { return }
        let visible = inner.height - 1
        let rows = (cursor.offset..<min(count, cursor.offset + visible)).map { ($0, row($0)) }
        let idWidth = min(10, max(3, rows.map { DisplayWidth.of($0.1.label) }.max() ?? 3))
        let eventsWidth = max(6, rows.map { Format.grouped($0.1.eventCount).count + ($0.1.clicks > 0 ? 1 + String($0.1.clicks).count : 0) }.max() ?? 6)
        var remaining = inner.width - idWidth - 1 - eventsWidth
        // Last activity as a date, a month or a year; attributes only with the date shown and room for
        // their heading — a less important column never takes the place of a more important one.
        let dateWidth = remaining >= 11 ? 10 : (remaining >= 8 ? 7 : (remaining >= 5 ? 4 : 0))
        remaining -= dateWidth > 0 ? dateWidth + 1 : 0
        let hasAttributes = rows.contains { !$0.1.attributes.isEmpty }
        let attributesWidth = hasAttributes && dateWidth > 0 && remaining >= 11 ? remaining - 1 : 0
        var header = DisplayWidth.pad("id", to: idWidth) + " " + DisplayWidth.pad("events", to: eventsWidth, alignRight: true)
        if dateWidth > 0 { header += " " + DisplayWidth.pad(dateWidth == 4 ? "year" : "last", to: dateWidth) }
        if attributesWidth > 0 { header += " " + "attributes" }
        grid.put(header, x: inner.x, y: inner.y, width: inner.width, style: .dim)
        if count == 0 {
            grid.put("no user matches", x: inner.x, y: inner.y + 1, maxWidth: inner.width, style: .dim)
            return
        }
        for (i, (index, user)) in rows.enumerated() {
            let y = inner.y + 1 + i
            let isCursor = index == cursor.row
            let base: Style = index == current ? .bold : .plain
            let style = PaneFrame.rowStyle(isCursor: isCursor, focused: focused, base: base)
            var events = Format.grouped(user.eventCount)
            if user.clicks > 0 { events += "+\(user.clicks)" }
            var text = DisplayWidth.pad(user.label, to: idWidth) + " " + DisplayWidth.pad(events, to: eventsWidth, alignRight: true)
            if dateWidth > 0 {
                let date = user.lastActive.map { String(Format.date($0).prefix(dateWidth)) } ?? "—"
                text += " " + DisplayWidth.pad(date, to: dateWidth)
            }
            if attributesWidth > 0 { text += " " + user.attributes }
            grid.put(text, x: inner.x, y: y, width: inner.width, style: style)
        }
    }
}
