import RecEngine

/// Orders of the Items pane (`s` with Items focused).
public enum ItemSort: String, Sendable, CaseIterable {
    case catalogue, title, popularity, year
}

/// Orders of the Rankings pane (`s` with Rankings focused): by rank, by movement since the last action
/// (climbers and new entries first), and for the hybrid by the selected component's own score (what
/// that algorithm alone thinks of the item, whatever its weight) or by its share of the hybrid score
/// (weight × that score). For a single algorithm the score order is the rank order, so it is not offered.
public enum RankingSort: String, Sendable, CaseIterable {
    case rank
    case score = "component score"
    case movement
    case share = "component share"
}

/// Orders of the Profile history (`s` with Profile focused).
public enum HistorySort: String, Sendable, CaseIterable {
    case date = "newest"
    case weight
}

/// Sorting and filtering every list: `s` cycles the focused pane's order, `:genre NAME` filters Items,
/// Esc clears the focused pane's search and filter. The order and filter show in the pane title.
extension Explorer {
    func cycleSort() {
        switch focus {
        case .users:
            let all = UserSort.allCases
            userSort = all[((all.firstIndex(of: userSort) ?? 0) + 1) % all.count]
            rebuildUserOrder()
            if let row = userOrder.firstIndex(of: current) { cursors[.users] = ListCursor(row: row) }
            message = "users sorted by \(userSort.rawValue)"
        case .items:
            let all = ItemSort.allCases
            itemSort = all[((all.firstIndex(of: itemSort) ?? 0) + 1) % all.count]
            rebuildItemOrder()
            cursors[.items] = ListCursor()
            message = "items sorted by \(itemSort.rawValue)"
        case .rankings:
            if isComparing {
                message = "compare mode shows both lists by rank, side by side (c closes it to sort)"
                return
            }
            let all = availableRankingSorts
            rankingSort = all[((all.firstIndex(of: rankingSort) ?? -1) + 1) % all.count]
            rankingsCache = nil
            cursors[.rankings] = ListCursor()
            message = "rankings sorted by \(rankingSortLabel)"
        case .profile:
            historySort = historySort == .date ? .weight : .date
            profileCache = nil
            cursors[.profile] = ListCursor()
            message = "history sorted by \(historySort.rawValue)"
        case .inspector:
            message = "the inspector's lists are in their own order (nearest first)"
        }
        clampAll()
    }

    /// The Rankings orders for the current algorithm: score and share need the hybrid's components.
    var availableRankingSorts: [RankingSort] {
        algorithm == .hybrid ? RankingSort.allCases : [.rank, .movement]
    }

    var rankingSortLabel: String {
        guard rankingSort == .share || rankingSort == .score else { return rankingSort.rawValue }
        let names = session.hybridComponents ?? []
        let suffix = rankingSort == .share ? "share" : "score"
        return selectedComponent < names.count ? "\(names[selectedComponent].rawValue) \(suffix)" : rankingSort.rawValue
    }

    /// `:genre NAME` (nil or empty: no genre filter).
    func setGenre(_ name: String?) throws(CommandError) {
        guard let name, !name.isEmpty else {
            genreFilter = nil
            rebuildItemOrder()
            cursors[.items] = ListCursor()
            clampAll()
            message = "genre filter off"
            return
        }
        let genres = allGenres
        guard let genre = genres.first(where: { $0.lowercased() == name.lowercased() }) else {
            throw CommandError("unknown genre '\(name)' (genres: \(genres.joined(separator: ", ")))")
        }
        genreFilter = genre
        rebuildItemOrder()
        cursors[.items] = ListCursor()
        clampAll()
        message = "items: \(Format.count(itemOrder.count, "item")) in \(genre) (Esc in Items clears)"
    }

    /// Every genre of the catalogue, sorted.
    var allGenres: [String] {
        Array(Set(engine.dataset.catalog.genres.joined())).sorted()
    }

    /// Esc in normal mode: clears the focused list's search and filter (Users, Items), or its order.
    func clearFilter() {
        switch focus {
        case .users where !userQuery.isEmpty:
            userQuery = ""
            userMatches = nil
            rebuildUserOrder()
            if let row = userOrder.firstIndex(of: current) { cursors[.users] = ListCursor(row: row) }
            message = "users search cleared"
        case .items where !itemQuery.isEmpty || genreFilter != nil:
            itemQuery = ""
            itemMatches = nil
            genreFilter = nil
            rebuildItemOrder()
            cursors[.items] = ListCursor()
            message = "items search and genre filter cleared"
        case .rankings where rankingSort != .rank:
            rankingSort = .rank
            rankingsCache = nil
            message = "rankings by rank"
        case .profile where historySort != .date:
            historySort = .date
            profileCache = nil
            message = "history newest first"
        default:
            break
        }
        clampAll()
    }

    /// Applies the genre filter and the order to `rows` (item indices in catalogue order).
    func orderItems(_ rows: [Int]) -> [Int] {
        let catalog = engine.dataset.catalog
        var rows = rows
        if let genre = genreFilter { rows = rows.filter { catalog.genres[$0].contains(genre) } }
        switch itemSort {
        case .catalogue:
            break
        case .title:
            rows.sort { (catalog.titles[$0], $0) < (catalog.titles[$1], $1) }
        case .popularity:
            let counts = itemPopularity
            rows.sort { (counts[$0], $1) > (counts[$1], $0) }
        case .year:
            let years = itemYears
            rows.sort { (years[$0], $1) > (years[$1], $0) }
        }
        return rows
    }

    /// Users per item (computed once).
    var itemPopularity: [Int] {
        if let cached = popularityCache { return cached }
        var counts = [Int](repeating: 0, count: engine.dataset.catalog.count)
        for events in engine.dataset.eventsByUser {
            for event in events where event.item < counts.count { counts[event.item] += 1 }
        }
        popularityCache = counts
        return counts
    }

    /// Year from a title's trailing "(YYYY)", 0 when there is none (computed once).
    var itemYears: [Int] {
        if let cached = yearCache { return cached }
        let years = engine.dataset.catalog.titles.map { title -> Int in
            let trimmed = title.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "(") else { return 0 }
            let inside = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
            return Int(inside.prefix(4)) ?? 0
        }
        yearCache = years
        return years
    }

    /// Orders the Rankings rows (all filled with their components when sorting by a component's share).
    func orderRankings(_ rows: inout [RankingRow]) {
        switch rankingSort {
        case .rank:
            break
        case .movement:
            func climb(_ movement: Movement) -> Int {
                switch movement {
                case .new: Int.max
                case .up(let n): n
                case .down(let n): -n
                case .unchanged: 0
                }
            }
            rows = rows.enumerated().sorted { (climb($0.element.movement), -$0.offset) > (climb($1.element.movement), -$1.offset) }.map(\.element)
        case .share:
            let index = selectedComponent
            for i in rows.indices where rows[i].components.isEmpty {
                rows[i].components = session.componentContributions(of: rows[i].item) ?? []
            }
            let part = { (row: RankingRow) -> Float in index < row.components.count ? row.components[index] : 0 }
            rows = rows.enumerated().sorted { (part($0.element), -$0.offset) > (part($1.element), -$1.offset) }.map(\.element)
        case .score:
            let index = selectedComponent
            let own = rows.map { session.componentScore(index, of: $0.item) ?? -.infinity }
            rows = rows.indices.sorted { (own[$0], -$0) > (own[$1], -$1) }.map { rows[$0] }
        }
    }

    /// A pane title that fits a pane `width` cells wide (room for the corners and the focus mark): the
    /// parts in order of importance; when they do not fit, words are shortened ("by " → "↓", "(n)" →
    /// "n", `shortBase`), then the details dropped from the end, then the query keeps its end.
    static func fitTitle(_ base: String, _ details: [String], query: String, width: Int, shortBase: String? = nil,
                         shorterBases: [String] = []) -> String {
        let room = max(4, width - 6)
        let search = query.isEmpty ? [] : ["/" + query]
        func joined(_ parts: [String]) -> String { parts.filter { !$0.isEmpty }.joined(separator: " ") }
        if DisplayWidth.of(joined([base] + details + search)) <= room { return joined([base] + details + search) }
        let short = (shortBase ?? base).replacingOccurrences(of: " (", with: " ").replacingOccurrences(of: ")", with: "")
        var shortDetails = details.map {
            $0.replacingOccurrences(of: "by ", with: "↓").replacingOccurrences(of: "popularity", with: "pop")
                .replacingOccurrences(of: "#events", with: "#ev").replacingOccurrences(of: "last activity", with: "recent")
                .replacingOccurrences(of: "catalogue", with: "cat").replacingOccurrences(of: "component share", with: "share")
        }
        // Shorter names of the pane (`shorterBases`, e.g. without the count) before any detail (the
        // order, the filter) goes; with a query the count stays and the query keeps its end instead.
        for base in [short] + (query.isEmpty ? shorterBases : []) where DisplayWidth.of(joined([base] + shortDetails + search)) <= room {
            return joined([base] + shortDetails + search)
        }
        while true {
            let candidate = joined([short] + shortDetails + search)
            if DisplayWidth.of(candidate) <= room { return candidate }
            if shortDetails.isEmpty { break }
            shortDetails.removeLast()
        }
        guard !query.isEmpty else { return DisplayWidth.truncate(joined([short] + shortDetails), to: room) }
        let fixed = DisplayWidth.of(joined([short] + shortDetails)) + 3
        var tail = query
        while DisplayWidth.of(tail) > room - fixed && !tail.isEmpty { tail.removeFirst() }
        if tail.isEmpty { return DisplayWidth.truncate(joined([short] + shortDetails), to: room) }
        return joined([short] + shortDetails + ["/…" + tail])
    }
}
