import Foundation

/// The two bottom lines: the status (data set, user, algorithm, decay, last re-rank) and key hints,
/// or the search prompt while a search is typed.
public enum StatusBar {
    public struct Model: Sendable, Equatable {
        public var dataset: String
        public var user: String
        public var algorithm: String
        public var decay: String
        /// "re-ranked 9,742 items in 84 µs", or nil before the first re-rank.
        public var lastRerank: String?
        /// A transient message ("nothing to undo", "fitting ease…"), shown instead of the key hints.
        public var message: String?
        /// Background work in progress ("fitting als…"), shown at the end of the status line.
        public var background: String?
        /// Search prompt ("search items: drama"), shown instead of the key hints.
        public var searchPrompt: String?
        public init(dataset: String, user: String, algorithm: String, decay: String, lastRerank: String?,
                    message: String?, background: String? = nil, searchPrompt: String?) {
            self.background = background
            self.dataset = dataset; self.user = user; self.algorithm = algorithm; self.decay = decay
            self.lastRerank = lastRerank; self.message = message; self.searchPrompt = searchPrompt
        }
    }

    public static let hints = "Enter click  u undo  r reset  n new user  a algorithm  [ ] decay  w window  / search  Tab pane  ? help  q quit"

    public static func draw(_ model: Model, layout: Layout, into grid: inout Grid) {
        var parts = [model.dataset, "user \(model.user)", model.algorithm, model.decay]
        if let rerank = model.lastRerank { parts.append(rerank) }
        // Background work ("fitting als…") goes on the line below, so the status line keeps one shape
        // (and one width) whether or not models are still being fitted.
        var status = " " + parts.joined(separator: " │ ")
        if DisplayWidth.of(status) > layout.status.width {
            // Narrow terminal: shorter wording so the re-rank figure stays visible.
            let compact = parts.map {
                $0.replacingOccurrences(of: "half-life ", with: "hl ").replacingOccurrences(of: " days", with: "d")
                    .replacingOccurrences(of: "window of last ", with: "last ").replacingOccurrences(of: " items in ", with: " in ")
            }
            status = " " + compact.joined(separator: "│")
        }
        grid.put(status, x: layout.status.x, y: layout.status.y, width: layout.status.width, style: .reverse)
        if let prompt = model.searchPrompt {
            grid.put(" " + prompt + "▏  (Enter keep, Esc cancel)", x: layout.hints.x, y: layout.hints.y, width: layout.hints.width, style: Style(.yellow, .bold))
        } else if let message = model.message {
            grid.put(" " + message + "   (? help)", x: layout.hints.x, y: layout.hints.y, width: layout.hints.width, style: Style(.yellow))
        } else if let background = model.background {
            var x = layout.hints.x
            x += grid.put(" " + background + "  ", x: x, y: layout.hints.y, maxWidth: layout.hints.width, style: Style(.cyan))
            grid.put(hints, x: x, y: layout.hints.y, width: max(0, layout.hints.x + layout.hints.width - x), style: .dim)
        } else {
            grid.put(" " + hints, x: layout.hints.x, y: layout.hints.y, width: layout.hints.width, style: .dim)
        }
    }
}
