import RecEngine

/// Searching Users (`/` over ids and attributes) and Items (`/` over title, genres and tags), case- and
/// accent-insensitive. Incremental: the texts are folded once into a `FoldedIndex`, and a query that
/// extends the previous one only narrows its matches. Typed-ahead keys and pastes arrive as one edit
/// (`searchInsert`), so a burst of keys costs one filter and one frame.
extension Explorer {
    /// Longest query kept (characters); longer input is cut with a notice.
    public static let maximumQueryLength = 200

    var currentQuery: String { searching == .users ? userQuery : itemQuery }

    func startSearch() {
        let pane: Pane = focus == .users ? .users : .items
        searching = pane
        searchBackup = pane == .users ? userQuery : itemQuery
        if focus != pane { setFocus(pane) }
        prepareIndex(for: pane)
    }

    /// Appends typed or pasted text to the query being typed (one filter for all of it).
    func insertIntoSearch(_ text: String) {
        guard searching != nil else { return }
        var query = currentQuery + text
        if query.count > Explorer.maximumQueryLength {
            query = String(query.prefix(Explorer.maximumQueryLength))
            message = "search is limited to \(Explorer.maximumQueryLength) characters"
        }
        setQuery(query)
    }

    func setQuery(_ query: String) {
        guard let pane = searching else { return }
        if pane == .users {
            guard query != userQuery else { return }
            userQuery = query
            rebuildUserOrder()
        } else {
            guard query != itemQuery else { return }
            itemQuery = query
            rebuildItemOrder()
        }
        cursors[pane] = ListCursor()
        clampAll()
    }

    func prepareIndex(for pane: Pane) {
        switch pane {
        case .users:
            if userIndex == nil {
                userIndex = FoldedIndex(ItemSearch.foldedUserTexts(of: engine.dataset.users))
            }
        default:
            if itemIndex == nil {
                itemIndex = FoldedIndex(ItemSearch.foldedHaystacks(of: engine.dataset.catalog))
            }
        }
    }

    /// Rows of `index` matching `needle`, narrowing `previous` when `needle` extends its needle.
    /// A query typed before in this chain (Backspace) is answered from the index's trail.
    static func narrow(_ index: FoldedIndex, _ needle: [UInt8], previous: (needle: [UInt8], rows: [Int])?) -> [Int] {
        if let known = index.trail.rows(for: needle) { return known }
        let rows: [Int]
        if let previous, !previous.needle.isEmpty, needle.count >= previous.needle.count,
           needle.starts(with: previous.needle) {
            rows = index.matching(needle, among: previous.rows)
        } else {
            rows = index.matching(needle)
        }
        index.trail.record(needle, rows)
        return rows
    }

    func rebuildUserOrder() {
        let users = engine.dataset.users
        var existing: [Int]
        let needle = FoldedIndex.needle(userQuery)
        if needle.isEmpty {
            existing = Array(0..<users.count)
            userMatches = nil
        } else {
            prepareIndex(for: .users)
            existing = Explorer.narrow(userIndex!, needle, previous: userMatches)
            userMatches = (needle, existing)
        }
        switch userSort {
        case .id:
            break
        case .events:
            existing.sort { (engine.dataset.eventsByUser[$0].count, $1) > (engine.dataset.eventsByUser[$1].count, $0) }
        case .lastActive:
            let last = { (u: Int) in self.engine.dataset.eventsByUser[u].last?.timestamp ?? Int64.min }
            existing.sort { (last($0), $1) > (last($1), $0) }
        }
        let folded = String(decoding: needle, as: UTF8.self)
        let fresh = newUsers.filter { folded.isEmpty || "new-\($0)".contains(folded) }.reversed().map { UserRef.new($0) }
        userOrder = fresh + existing.map { UserRef.existing($0) }
    }

    func rebuildItemOrder() {
        let needle = FoldedIndex.needle(itemQuery)
        let matches: [Int]
        if needle.isEmpty {
            matches = Array(0..<engine.dataset.catalog.count)
            itemMatches = nil
        } else {
            prepareIndex(for: .items)
            matches = Explorer.narrow(itemIndex!, needle, previous: itemMatches)
            itemMatches = (needle, matches)
        }
        itemOrder = genreFilter == nil && itemSort == .catalogue ? matches : orderItems(matches)
    }
}
