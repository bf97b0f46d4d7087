import Foundation
import RecEngine

/// Cursors, visible rows and hit testing of every list (what is on screen is what can be acted on).
extension Explorer {
    // MARK: - Cursors, rows, hit testing

    func rowCount(_ pane: Pane) -> Int {
        switch pane {
        case .users: userOrder.count
        case .items: itemOrder.count
        case .rankings: session.ranking.count
        case .profile: map.isShown ? 0 : profileModel.history.count
        case .inspector: inspectorModel?.nearest.count ?? 0
        }
    }

    /// Screen row of the first list row of `pane`, and how many list rows are visible.
    func listGeometry(_ pane: Pane) -> (top: Int, rows: Int) {
        let inner = layout.rect(of: pane).inset(1)
        switch pane {
        case .users:
            return (inner.y + 1, max(0, inner.height - 1))
        case .items:
            return (inner.y, max(0, inner.height))
        case .rankings:
            var header = 1
            if let compared = compareModel {
                header = CompareView.headerRows(compared, width: inner.width)
            } else {
                header = RankingsView.headerRows(rankingsModel, width: inner.width)
            }
            return (inner.y + header, max(0, inner.height - header))
        case .profile:
            if map.isShown { return (inner.y, 0) }
            let header = ProfileView.headerRows(profileModel, width: inner.width, height: inner.height)
            return (inner.y + header, max(0, inner.height - header))
        case .inspector:
            guard let model = inspectorModel else { return (inner.y, 0) }
            let geometry = InspectorView.geometry(model, width: inner.width, height: inner.height)
            return (inner.y + geometry.nearestTop, geometry.nearestRows)
        }
    }

    func visibleRows(_ pane: Pane) -> Int { listGeometry(pane).rows }

    func moveCursor(in pane: Pane, by rows: Int) {
        var cursor = cursors[pane, default: ListCursor()]
        let count = rowCount(pane)
        cursor.row = rows > 0 ? min(count - 1, cursor.row &+ rows) : max(0, cursor.row &+ rows)
        cursor.clamp(count: count, visible: visibleRows(pane))
        cursors[pane] = cursor
        if pane == .users && searching == nil { selectUserAtCursor() }
        if pane == .rankings, rankingsCache?.componentNames.isEmpty == false { rankingsCache = nil }  // components: visible window only
    }

    func scroll(_ pane: Pane, by rows: Int) {
        var cursor = cursors[pane, default: ListCursor()]
        let count = rowCount(pane)
        let visible = visibleRows(pane)
        cursor.offset = max(0, min(max(0, count - visible), cursor.offset + rows))
        cursor.row = max(cursor.offset, min(cursor.row, cursor.offset + visible - 1))
        cursor.clamp(count: count, visible: visible)
        cursors[pane] = cursor
        // The wheel moves the highlight like j/k do, so in Users it switches the user too.
        if pane == .users && searching == nil { selectUserAtCursor() }
        if pane == .rankings, rankingsCache?.componentNames.isEmpty == false { rankingsCache = nil }
    }

    /// Focuses the pane under (x, y) and puts its cursor on the row there. True when a row was hit.
    @discardableResult
    func select(x: Int, y: Int) -> Bool {
        guard !layout.isTooSmall, let pane = layout.pane(atX: x, y: y) else { return false }
        setFocus(pane)
        let (top, rows) = listGeometry(pane)
        let cursor = cursors[pane, default: ListCursor()]
        let row = cursor.offset + (y - top)
        guard y >= top, y < top + rows, row < rowCount(pane) else { return false }
        if pane == .inspector, let model = inspectorModel {
            // Only the nearest-items column is a list (the features sit beside it in wide panes).
            let inner = layout.inspector.inset(1)
            let geometry = InspectorView.geometry(model, width: inner.width, height: inner.height)
            guard x >= inner.x + geometry.nearestX else { return false }
        }
        cursors[pane] = ListCursor(row: row, offset: cursor.offset)
        if pane == .users { selectUserAtCursor() }
        return true
    }

    func clampAll() {
        for pane in Pane.allCases {
            var cursor = cursors[pane, default: ListCursor()]
            cursor.clamp(count: rowCount(pane), visible: visibleRows(pane))
            cursors[pane] = cursor
        }
    }

    /// The item under the cursor of an item-bearing pane.
    func highlightedItem(in pane: Pane) -> Int? {
        // Never act on what is not on screen: a list with no visible rows has no highlight.
        guard visibleRows(pane) > 0 else { return nil }
        let row = cursors[pane, default: ListCursor()].row
        switch pane {
        case .users: return nil
        case .items: return row < itemOrder.count ? itemOrder[row] : nil
        case .rankings:
            if compareModel != nil { return row < session.ranking.count ? session.ranking[row].item : nil }
            let rows = rankingsModel.rows
            return row < rows.count ? rows[row].item : nil
        case .profile: return !map.isShown && row < profileModel.history.count && profileModel.history[row].item >= 0 ? profileModel.history[row].item : nil
        case .inspector:
            guard let nearest = inspectorCache?.model.nearest, row < nearest.count else { return nil }
            return inspectorNearestItems[row]
        }
    }

    /// The inspector shows the item highlighted in the focused item pane (rankings when a user list has focus).
    func updateInspected() {
        let item: Int?
        switch focus {
        case .users: item = highlightedItem(in: .rankings)
        case .items, .rankings, .profile: item = highlightedItem(in: focus)
        case .inspector: item = inspected
        }
        if item != inspected {
            inspected = item
            cursors[.inspector] = ListCursor()
        }
    }
}
