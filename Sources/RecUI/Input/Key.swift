/// A key press or mouse event as the screen model sees it; the terminal backend translates curses codes
/// into these, so the model never depends on curses.
public enum Key: Sendable, Equatable {
    case character(Character)
    case enter, escape, tab, backTab, backspace
    case up, down, left, right, pageUp, pageDown, home, end
    /// The terminal changed size (curses KEY_RESIZE); the model asks the backend for the new size.
    case resize(width: Int, height: Int)
    case mouse(MouseEvent)
    /// A bracketed paste, as one key: its text (line breaks as spaces). Typed into a search or the
    /// command line as one edit; never run as commands.
    case paste(String)
}

/// A mouse event in screen cells.
public struct MouseEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Button 1 pressed or clicked once: select.
        case click
        /// Button 1 double-clicked: activate (simulate a click on an item).
        case doubleClick
        case wheelUp, wheelDown
    }
    public var x: Int
    public var y: Int
    public var kind: Kind
    public init(x: Int, y: Int, kind: Kind) { self.x = x; self.y = y; self.kind = kind }
}
