/// The panes of the explorer, in Tab order.
public enum Pane: Int, Sendable, CaseIterable {
    case users, items, rankings, inspector, profile

    public var title: String {
        switch self {
        case .users: "Users"
        case .items: "Items"
        case .rankings: "Rankings"
        case .profile: "Profile"
        case .inspector: "Inspector"
        }
    }
}

/// Where every pane goes for a terminal size. Three columns: Users over Items on the left, Rankings over
/// the Item inspector in the middle, the Profile on the right; the status and key-hint lines at the bottom.
/// Wider or taller terminals get wider or taller panes (fixed proportions), not padding.
public struct Layout: Sendable, Equatable {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public let width: Int
    public let height: Int
    public let users: Rect
    public let items: Rect
    public let rankings: Rect
    public let profile: Rect
    public let inspector: Rect
    public let status: Rect
    public let hints: Rect

    /// True when the terminal is below 80×24 and only the too-small message is shown.
    public var isTooSmall: Bool { width < Layout.minimumWidth || height < Layout.minimumHeight }

    /// The pane shown alone (`z`), nil for the three columns.
    public let zoomed: Pane?

    public init(width: Int, height: Int, zoomed: Pane? = nil) {
        self.width = width
        self.height = height
        self.zoomed = zoomed
        let mainHeight = max(0, height - 2)
        status = Rect(x: 0, y: max(0, height - 2), width: width, height: 1)
        hints = Rect(x: 0, y: max(0, height - 1), width: width, height: 1)
        if let zoomed {
            // The zoomed pane takes the whole area above the status lines; the others get no room.
            let whole = Rect(x: 0, y: 0, width: width, height: mainHeight)
            let none = Rect(x: 0, y: 0, width: 0, height: 0)
            users = zoomed == .users ? whole : none
            items = zoomed == .items ? whole : none
            rankings = zoomed == .rankings ? whole : none
            inspector = zoomed == .inspector ? whole : none
            profile = zoomed == .profile ? whole : none
            return
        }
        let left = max(20, width * 22 / 100)
        let right = max(26, width * 30 / 100)
        let middle = max(0, width - left - right)
        let usersHeight = mainHeight / 2
        users = Rect(x: 0, y: 0, width: left, height: usersHeight)
        items = Rect(x: 0, y: usersHeight, width: left, height: mainHeight - usersHeight)
        let rankingsHeight = mainHeight * 58 / 100
        rankings = Rect(x: left, y: 0, width: middle, height: rankingsHeight)
        inspector = Rect(x: left, y: rankingsHeight, width: middle, height: mainHeight - rankingsHeight)
        profile = Rect(x: left + middle, y: 0, width: right, height: mainHeight)
    }

    public func rect(of pane: Pane) -> Rect {
        switch pane {
        case .users: users
        case .items: items
        case .rankings: rankings
        case .profile: profile
        case .inspector: inspector
        }
    }

    /// The pane containing screen cell (x, y), if any.
    public func pane(atX x: Int, y: Int) -> Pane? {
        Pane.allCases.first { rect(of: $0).contains(x: x, y: y) }
    }

    /// The pane left (-1) or right (+1) of `pane`, staying in about the same row.
    public func neighbour(of pane: Pane, direction: Int) -> Pane {
        switch (pane, direction > 0) {
        case (.users, true): return .rankings
        case (.items, true): return .inspector
        case (.rankings, true), (.inspector, true): return .profile
        case (.rankings, false): return .users
        case (.inspector, false): return .items
        case (.profile, false): return .rankings
        default: return pane
        }
    }
}
