import Foundation
import RecEngine

/// Rendering the state into a grid: every pane, the status lines and the overlays.
extension Explorer {
    // MARK: - Rendering

    public func render(into grid: inout Grid) {
        grid.asciiOnly = asciiOnly
        if grid.width != layout.width || grid.height != layout.height {
            layout = Layout(width: grid.width, height: grid.height, zoomed: zoomed)
            clampAll()
        }
        grid.clear()
        if layout.isTooSmall {
            TooSmallView.draw(into: &grid)
            return
        }
        if !layout.users.isEmpty { drawUsers(into: &grid) }
        if !layout.items.isEmpty { drawItems(into: &grid) }
        if !layout.rankings.isEmpty { drawRankings(into: &grid) }
        if !layout.profile.isEmpty { drawProfile(into: &grid) }
        if !layout.inspector.isEmpty {
            InspectorView.draw(inspectorModel, cursor: cursor(of: .inspector), focused: focus == .inspector, into: &grid, rect: layout.inspector)
        }
        StatusBar.draw(statusModel, layout: layout, into: &grid)
        if helpShown { HelpOverlay.draw(into: &grid, scroll: helpScroll) }
        if logShown { LogOverlay.draw(log, into: &grid, scroll: logScroll) }
    }

    func drawUsers(into grid: inout Grid) {
        let users = userOrder
        UsersView.draw(count: users.count, row: { self.userRow(users[$0]) }, cursor: cursor(of: .users),
                       current: users.firstIndex(of: current), focused: focus == .users,
                       title: Explorer.fitTitle("Users (\(Format.grouped(users.count)))", userSort == .id ? [] : ["by \(userSort.rawValue)"],
                                                query: userQuery, width: layout.users.width, shorterBases: ["Users"]),
                       into: &grid, rect: layout.users)
    }

    func drawItems(into grid: inout Grid) {
        let catalog = engine.dataset.catalog
        let items = itemOrder
        ItemsView.draw(count: items.count, title: { catalog.titles[items[$0]] }, genres: { catalog.genres[items[$0]] },
                       cursor: cursor(of: .items), focused: focus == .items,
                       paneTitle: Explorer.fitTitle("Items (\(Format.grouped(items.count)))",
                                                    (genreFilter.map { [$0] } ?? []) + (itemSort == .catalogue ? [] : ["by \(itemSort.rawValue)"]),
                                                    query: itemQuery, width: layout.items.width, shorterBases: ["Items", ""]),
                       into: &grid, rect: layout.items)
    }

    func drawRankings(into grid: inout Grid) {
        if let compared = compareModel {
            let versus = "\(algorithm.rawValue) vs \(compareAlgorithm?.rawValue ?? "")"
            CompareView.draw(compared, cursor: cursor(of: .rankings), focused: focus == .rankings,
                             title: Explorer.fitTitle("Rankings · \(versus) · user \(label(of: current))", [], query: "", width: layout.rankings.width,
                                                      shortBase: "\(versus) · user \(label(of: current))", shorterBases: [versus]),
                             into: &grid, rect: layout.rankings)
        } else {
            RankingsView.draw(rankingsModel, cursor: cursor(of: .rankings), focused: focus == .rankings,
                              title: Explorer.fitTitle("Rankings · \(algorithm.rawValue) · user \(label(of: current))",
                                                       rankingSort == .rank ? [] : ["· by \(rankingSortLabel)"], query: "", width: layout.rankings.width,
                                                       shortBase: "\(algorithm.rawValue) · user \(label(of: current))",
                                                       shorterBases: ["\(algorithm.rawValue) · \(label(of: current))", algorithm.rawValue]),
                              into: &grid, rect: layout.rankings)
        }
    }

    func drawProfile(into grid: inout Grid) {
        if map.isShown {
            let variance = Format.fixed(map.explainedVariance(engine: engine) * 100, decimals: 1)
            let hasIntent = session.intentDirection != nil
            let size = MapView.canvasSize(of: layout.profile, intent: hasIntent)
            let frame = map.frame(engine: engine, user: current, session: session, columns: size.columns, rows: size.rows)
            let notice = (try? frame.get()) == nil ? (frame.failureDescription ?? "") : ""
            MapView.draw(try? frame.get(), notice: notice,
                         title: Explorer.fitTitle("Map · semantic PCA \(variance)%", [], query: "", width: layout.profile.width,
                                                  shorterBases: ["Map · PCA \(variance)%", "Map"]),
                         focused: focus == .profile, intent: hasIntent, into: &grid, rect: layout.profile)
        } else {
            ProfileView.draw(profileModel, cursor: cursor(of: .profile), focused: focus == .profile, into: &grid, rect: layout.profile)
        }
    }
}
