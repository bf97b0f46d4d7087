/// The Items pane: the catalogue (or the items matching the search), title and genres.
public enum ItemsView {
    public static func draw(count: Int, title titleOf: (Int) -> String, genres genresOf: (Int) -> [String],
                            cursor: ListCursor, focused: Bool, paneTitle: String, into grid: inout Grid, rect: Rect) {
        PaneFrame.draw(rect, title: paneTitle, focused: focused, into: &grid)
        let inner = rect.inset(1)
        guard inner.width > 0, inner.height > 0 else { return }
        if count == 0 {
            grid.put("no item matches", x: inner.x, y: inner.y, maxWidth: inner.width, style: .dim)
            return
        }
        let genreWidth = inner.width >= 30 ? inner.width * 35 / 100 : 0
        let titleWidth = inner.width - (genreWidth > 0 ? genreWidth + 1 : 0)
        for (i, index) in (cursor.offset..<min(count, cursor.offset + inner.height)).enumerated() {
            let y = inner.y + i
            let isCursor = index == cursor.row
            grid.put(titleOf(index), x: inner.x, y: y, width: titleWidth, style: PaneFrame.rowStyle(isCursor: isCursor, focused: focused))
            if genreWidth > 0 {
                grid.put(" ", x: inner.x + titleWidth, y: y, width: 1, style: PaneFrame.rowStyle(isCursor: isCursor, focused: focused))
                grid.put(genresOf(index).joined(separator: "|"), x: inner.x + titleWidth + 1, y: y, width: genreWidth,
                         style: PaneFrame.rowStyle(isCursor: isCursor, focused: focused, base: .dim))
            }
        }
    }
}
