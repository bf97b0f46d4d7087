import RecEngine

/// One side of a compare row: an item of one algorithm's ranking.
public struct CompareCell: Sendable, Equatable {
    public var item: Int
    public var title: String
    public var score: Float
    /// The item's rank in the other algorithm's list (nil: not in it). Shown as the "in both" mark.
    public var otherRank: Int?
    /// Movement since the last action (left side only; nil on the right).
    public var movement: Movement?
    public init(item: Int, title: String, score: Float, otherRank: Int?, movement: Movement?) {
        self.item = item; self.title = title; self.score = score; self.otherRank = otherRank; self.movement = movement
    }
}

/// Row `rank` of both rankings.
public struct CompareRow: Sendable, Equatable {
    public var rank: Int
    public var left: CompareCell?
    public var right: CompareCell?
    public init(rank: Int, left: CompareCell?, right: CompareCell?) { self.rank = rank; self.left = left; self.right = right }
}

/// What the Rankings pane shows in compare mode.
public struct ComparePaneModel: Sendable, Equatable {
    /// The current algorithm (left, the list the cursor moves in) and the compared one (right).
    public var leftAlgorithm: String
    public var rightAlgorithm: String
    public var rows: [CompareRow]
    /// Overlap line, e.g. "top 10: 4 shared · Jaccard 0.25 · top 50: 21 shared".
    public var summary: String
    public var notice: String?
    public init(leftAlgorithm: String, rightAlgorithm: String, rows: [CompareRow], summary: String, notice: String? = nil) {
        self.leftAlgorithm = leftAlgorithm; self.rightAlgorithm = rightAlgorithm; self.rows = rows
        self.summary = summary; self.notice = notice
    }
}

/// Compare mode of the Rankings pane: the current algorithm's ranking (left) beside a second
/// algorithm's (right) for the same user, clicks and decay. A number after a title is the item's
/// rank in the other list, so items in both are marked (green) and unmarked ones are in one list only.
/// Wide panes add the left side's movement markers and both sides' scores.
public enum CompareView {
    /// Rows above the list: column names, overlap summary, and the notice when there is one.
    public static func headerRows(_ model: ComparePaneModel, width: Int = .max) -> Int {
        2 + RankingsView.noticeLines(model.notice, width: width).count
    }

    /// `text` if it fits `width`, else its first word (an algorithm's name without its weights).
    static func name(_ text: String, width: Int) -> String {
        DisplayWidth.of(text) <= width ? text : String(text.prefix { $0 != " " })
    }

    /// The overlap summary without its last `·` parts when they do not fit (never cut mid-part).
    static func summary(_ text: String, width: Int) -> String {
        var parts = text.components(separatedBy: " · ")
        while parts.count > 1 && DisplayWidth.of(parts.joined(separator: " · ")) > width { parts.removeLast() }
        return parts.joined(separator: " · ")
    }

    /// Column widths for an inner width: rank, then two halves split by "│", each a title and the
    /// other-rank mark, with a movement marker (left) and a score when the half is wide enough.
    struct Columns {
        let rank: Int
        let left: Int
        let right: Int
        let mark: Int
        let movement: Int
        let score: Int

        init(width: Int, rows: Int) {
            rank = max(2, String(max(1, rows)).count)
            mark = rank
            let halves = max(0, width - rank - 2)
            left = halves / 2
            right = halves - left
            movement = left >= 28 ? 4 : 0
            score = right >= 32 ? 6 : 0
        }

        func title(half: Int, movement: Int) -> Int {
            max(1, half - (movement > 0 ? movement + 1 : 0) - 1 - mark - (score > 0 ? score + 1 : 0))
        }
    }

    public static func draw(_ model: ComparePaneModel, cursor: ListCursor, focused: Bool, title: String,
                            into grid: inout Grid, rect: Rect) {
        PaneFrame.draw(rect, title: title, focused: focused, into: &grid)
        let inner = rect.inset(1)
        guard inner.width > 0, inner.height > 2 else { return }
        let columns = Columns(width: inner.width, rows: model.rows.count)
        let separatorX = inner.x + columns.rank + 1 + columns.left
        var y = inner.y
        grid.put("#", x: inner.x, y: y, width: columns.rank, style: .dim, alignRight: true)
        grid.put(name(model.leftAlgorithm, width: columns.left), x: inner.x + columns.rank + 1, y: y, width: columns.left, style: .bold)
        grid.put("│", x: separatorX, y: y, maxWidth: 1, style: .dim)
        grid.put(name(model.rightAlgorithm, width: columns.right - 4) + " (C)", x: separatorX + 1, y: y, width: columns.right, style: .bold)
        y += 1
        grid.put(summary(model.summary, width: inner.width), x: inner.x, y: y, width: inner.width, style: .dim)
        y += 1
        for line in RankingsView.noticeLines(model.notice, width: inner.width) where y < inner.maxY {
            grid.put(line, x: inner.x, y: y, width: inner.width, style: Style(.yellow))
            y += 1
        }
        let visible = max(0, inner.maxY - y)
        for (i, index) in (cursor.offset..<min(model.rows.count, cursor.offset + visible)).enumerated() {
            let row = model.rows[index]
            let rowY = y + i
            let style = PaneFrame.rowStyle(isCursor: index == cursor.row, focused: focused)
            var x = inner.x
            x += grid.put(String(row.rank), x: x, y: rowY, width: columns.rank, style: style, alignRight: true)
            x += grid.put(" ", x: x, y: rowY, width: 1, style: style)
            drawCell(row.left, columns: columns, half: columns.left, movement: columns.movement, style: style, into: &grid, x: x, y: rowY)
            grid.put("│", x: separatorX, y: rowY, maxWidth: 1, style: .dim)
            drawCell(row.right, columns: columns, half: columns.right, movement: 0, style: .plain, into: &grid, x: separatorX + 1, y: rowY)
        }
    }

    private static func drawCell(_ cell: CompareCell?, columns: Columns, half: Int, movement: Int, style: Style,
                                 into grid: inout Grid, x start: Int, y: Int) {
        guard let cell else {
            grid.put("", x: start, y: y, width: half, style: style)
            return
        }
        var x = start
        if movement > 0 {
            let marker = cell.movement ?? .unchanged
            x += grid.put(marker.marker, x: x, y: y, width: movement, style: Style(marker.colour, style.attributes.union(.bold)))
            x += grid.put(" ", x: x, y: y, width: 1, style: style)
        }
        let shared = cell.otherRank != nil
        x += grid.put(cell.title, x: x, y: y, width: columns.title(half: half, movement: movement), style: shared ? style.with(.bold) : style)
        x += grid.put(" ", x: x, y: y, width: 1, style: style)
        x += grid.put(cell.otherRank.map(String.init) ?? "", x: x, y: y, width: columns.mark,
                      style: Style(.green, style.attributes.union(.bold)), alignRight: true)
        if columns.score > 0 {
            x += grid.put(" ", x: x, y: y, width: 1, style: style)
            grid.put(Format.score(cell.score), x: x, y: y, width: columns.score, style: style, alignRight: true)
        }
    }
}
