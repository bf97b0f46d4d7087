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
        /// Key hints for the focused pane and mode, most important first ("Enter click", "u undo").
        public var hints: [String] = StatusBar.hints.components(separatedBy: "  ")
        /// The right end of the hint line ("? help  q quit", or what closes an overlay).
        public var essentials: String = StatusBar.essentials
        /// The message reports a failure (drawn in red).
        public var messageIsError = false
        /// The right end while a prompt (search or command line) is shown.
        public var promptEssentials: String = StatusBar.searchEssentials
        public init(dataset: String, user: String, algorithm: String, decay: String, lastRerank: String?,
                    message: String?, background: String? = nil, searchPrompt: String?,
                    hints: [String] = StatusBar.hints.components(separatedBy: "  "), essentials: String = StatusBar.essentials,
                    messageIsError: Bool = false, promptEssentials: String = StatusBar.searchEssentials) {
            self.messageIsError = messageIsError
            self.promptEssentials = promptEssentials
            self.hints = hints
            self.essentials = essentials
            self.background = background
            self.dataset = dataset; self.user = user; self.algorithm = algorithm; self.decay = decay
            self.lastRerank = lastRerank; self.message = message; self.searchPrompt = searchPrompt
        }
    }

    /// Default hints (Users focused, normal mode).
    public static let hints = "Enter open  j k user  / search  s sort  n new user  a algorithm  Tab pane"

    /// What always stays at the right end of the hint line in normal mode.
    public static let essentials = "? help  q quit"
    /// The right end while a search is typed (? and q are letters then).
    public static let searchEssentials = "Enter keep  Esc cancel"
    /// The right end while a `:` command is typed.
    public static let commandEssentials = "Tab complete  Enter run  Esc cancel"

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
                    .replacingOccurrences(of: " day", with: "d")
                    .replacingOccurrences(of: "window of last ", with: "last ").replacingOccurrences(of: " items in ", with: " in ")
            }
            status = " " + compact.joined(separator: "│")
        }
        grid.put(status, x: layout.status.x, y: layout.status.y, width: layout.status.width, style: .reverse)
        let y = layout.hints.y
        // The right end first (always visible), then the left part in what remains.
        let essentials = (model.searchPrompt != nil ? model.promptEssentials : model.essentials) + " "
        let essentialsWidth = min(layout.hints.width, DisplayWidth.of(essentials))
        let right = layout.hints.x + layout.hints.width - essentialsWidth
        grid.fill(Rect(x: layout.hints.x, y: y, width: layout.hints.width, height: 1))
        grid.put(essentials, x: right, y: y, width: essentialsWidth, style: Style(.normal, .bold))
        let room = max(0, right - layout.hints.x - 1)
        if let prompt = model.searchPrompt {
            // The end of a long line stays visible: that is where typing happens.
            var text = " " + prompt + "▏"
            while DisplayWidth.of(text) > room && text.count > 2 { text = " …" + String(text.dropFirst(3)) }
            let used = grid.put(text, x: layout.hints.x, y: y, maxWidth: room, style: Style(.yellow, .bold))
            if let message = model.message, room - used > 4 {
                // Completions and errors of the command line, beside it.
                grid.put("  " + message, x: layout.hints.x + used, y: y, maxWidth: room - used,
                         style: model.messageIsError ? Style(.red, .bold) : .dim)
            }
        } else if let message = model.message {
            grid.put(" " + message, x: layout.hints.x, y: y, maxWidth: room, style: model.messageIsError ? Style(.red, .bold) : Style(.yellow))
        } else {
            var x = layout.hints.x
            if let background = model.background {
                x += grid.put(" " + background + " ", x: x, y: y, maxWidth: room, style: Style(.cyan))
            }
            // Whole hints only, in order of importance, as many as fit.
            var text = ""
            for hint in model.hints {
                let candidate = text.isEmpty ? " " + hint : text + "  " + hint
                if DisplayWidth.of(candidate) > layout.hints.x + room - x { break }
                text = candidate
            }
            grid.put(text, x: x, y: y, maxWidth: max(0, layout.hints.x + room - x), style: .dim)
        }
    }
}
