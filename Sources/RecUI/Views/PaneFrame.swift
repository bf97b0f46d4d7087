/// Shared drawing of a pane: its box, title and the style of the cursor row.
enum PaneFrame {
    /// Draws the box of a pane; the focused pane gets a bold cyan border and title.
    static func draw(_ rect: Rect, title: String, focused: Bool, into grid: inout Grid) {
        let border = focused ? Style(.cyan, .bold) : Style(.normal, .dim)
        let titleStyle = focused ? Style(.cyan, .bold) : Style.bold
        grid.box(rect, title: focused ? "▸ " + title : title, style: border, titleStyle: titleStyle)
    }

    /// Style of a list row: reverse video for the cursor row of the focused pane, bold (no reverse)
    /// for the cursor row of other panes, `base` otherwise.
    static func rowStyle(isCursor: Bool, focused: Bool, base: Style = .plain) -> Style {
        guard isCursor else { return base }
        return focused ? base.with(.reverse) : base.with(.bold)
    }
}
