/// How styles reach the screen. Views draw with semantic styles; the theme maps each cell's style just
/// before the terminal writes it, so a theme change costs one full redraw and nothing else.
///
/// - `standard`: colours and attributes as drawn.
/// - `projector`: high contrast for projectors and bright rooms — nothing dim (dim text vanishes on a
///   projector), all text bold, colours kept.
/// - `mono`: no colour at all (what `NO_COLOR` selects); attributes and the text markers carry meaning.
public enum Theme: String, Sendable, CaseIterable {
    case standard = "default"
    case projector
    case mono = "no-colour"

    /// The style a cell is written with under this theme. O(1).
    public func apply(_ style: Style) -> Style {
        switch self {
        case .standard:
            return style
        case .projector:
            var attributes = style.attributes
            attributes.remove(.dim)
            attributes.insert(.bold)
            return Style(style.colour, attributes)
        case .mono:
            return Style(.normal, style.attributes)
        }
    }

    /// The next theme in the `t` cycle.
    public var next: Theme {
        let all = Theme.allCases
        return all[((all.firstIndex(of: self) ?? 0) + 1) % all.count]
    }
}
