/// What a terminal backend drives: keys in, grids out. `Explorer` is the real one; the backend never
/// knows more about the screen than this.
public protocol ScreenModel: AnyObject {
    /// Applies one key. Returns false when the program should quit.
    func handle(_ key: Key) -> Bool
    /// Applies keys that arrived together (typed ahead, held down, pasted) before one frame is drawn;
    /// a model may coalesce them (one search filter, one user switch). Returns false to quit.
    func handle(batch keys: [Key]) -> Bool
    /// Draws the current state into `grid` (whose size is the terminal's). Cost: O(cells).
    func render(into grid: inout Grid)
    /// Performs the actions background work posted (model fitting) and retires expired notices.
    /// Returns true when the screen changed.
    func drainBackground() -> Bool
    /// How styles are written (`t` cycles); the backend redraws every cell when it changes.
    var theme: Theme { get }
    /// True while background work is running, so the backend wakes more often to drain its actions.
    var hasBackgroundWork: Bool { get }
}

extension ScreenModel {
    /// One key after the other.
    public func handle(batch keys: [Key]) -> Bool {
        for key in keys where !handle(key) { return false }
        return true
    }
}
