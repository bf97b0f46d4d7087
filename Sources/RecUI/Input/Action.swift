import RecEngine

/// Everything the user can ask for. Keys become actions (`KeyMap`), actions change the state through
/// `Explorer.perform`, and the state is rendered: one way, never backwards.
public enum Action: Sendable, Equatable {
    case quit
    case focusNext, focusPrevious
    /// Moves focus to the pane left/right of the focused one.
    case focusLeft, focusRight
    /// Moves the focused list's cursor by `n` rows (negative = up).
    case moveCursor(Int)
    /// Moves the focused list's cursor by `n` pages.
    case movePage(Int)
    case moveToTop, moveToBottom
    /// Enter: simulate a click on the highlighted item (or open the highlighted user).
    case activate
    case undo, reset, newUser, cycleAlgorithm
    case halfLifeShorter, halfLifeLonger, toggleDecayMode
    case cycleSort
    /// Esc: clears the focused list's search and filter (or its order).
    case clearFilter
    /// Hybrid: select the previous (-1) / next (+1) component; lower (-1) / raise (+1) its weight by 0.1.
    case selectHybridComponent(Int), changeHybridWeight(Int)
    /// Compare mode in the Rankings pane; change its second algorithm.
    case toggleCompare, cycleCompareAlgorithm
    /// Intent: open the prompt, clear every intent, lower (-1) / raise (+1) the newest one's weight.
    case startIntent, clearIntent, changeIntentWeight(Int)
    /// Intent from the user's own words (their tags, or their users.csv `text`).
    case useOwnWords
    case startSearch, searchType(Character), searchErase, searchCommit, searchCancel
    /// Typed-ahead characters or a paste, added to the search query as one edit.
    case searchInsert(String)
    /// A paste outside a search or the command line: never run as keys; says so.
    case pasteIgnored(Int)
    case toggleHelp
    /// Scrolls the help overlay by `n` lines.
    case scrollHelp(Int)
    /// Shows / hides the semantic map in place of the Profile pane.
    case toggleMap
    /// Mouse: select the row under (x, y), or activate it (double-click), or scroll the pane under it.
    case select(x: Int, y: Int), activateAt(x: Int, y: Int), scroll(x: Int, y: Int, rows: Int)
    case resize(width: Int, height: Int)
    /// The `:` command line: open it, type (or paste) into it, erase, Tab-complete, browse the history
    /// (-1 older, +1 newer), run the line, close it.
    case startCommand, commandInsert(String), commandErase, commandComplete, commandHistory(Int), commandRun, commandCancel
    /// Runs one command (what the command line, start options and scenario steps do).
    case command(Command)
    /// `z`: the focused pane alone on screen. `y`: show and write the reproducing command. `L`: the log.
    case toggleZoom, reproduce, toggleLog
    /// `t`: the next colour theme (default, projector, no-colour).
    case cycleTheme
    /// `S`: save the session as a scenario file (Scenario/Explorer+SaveScenario.swift).
    case saveScenario
    /// `E`: write what is on screen to a text file (Explorer+Export.swift).
    case exportScreen
    /// Posted by background work (`BackgroundInbox`): what it is doing now (nil: finished), a model
    /// that is now registered with the engine, and a failure said once.
    case backgroundNote(String?), modelReady(Algorithm), backgroundFailed(String)
}

/// The one table from keys to actions. What a key means depends only on the mode (help shown,
/// search being typed, normal), so the help overlay can be generated from the same table.
public enum KeyMap {
    /// A row of the help overlay and of docs/TUI.md.
    public struct Binding: Sendable {
        public var keys: String
        public var meaning: String
    }

    /// Every key, in the order the help overlay lists them.
    public static let bindings: [Binding] = [
        Binding(keys: "Enter / double-click", meaning: "simulate a click on the highlighted item"),
        Binding(keys: "u", meaning: "undo the last click"),
        Binding(keys: "r", meaning: "reset the session to the user's real history"),
        Binding(keys: "n", meaning: "start a new empty user (cold start)"),
        Binding(keys: "a", meaning: "cycle the algorithm"),
        Binding(keys: "[ / ]", meaning: "shorter / longer decay half-life (or window)"),
        Binding(keys: "w", meaning: "toggle time decay vs sliding window"),
        Binding(keys: "{ } / - +", meaning: "hybrid: pick a component / lower, raise its weight (0.1)"),
        Binding(keys: "c / C", meaning: "compare with a second algorithm / change it"),
        Binding(keys: "i / I, < >", meaning: "intent: type your mood / clear it, its weight"),
        Binding(keys: "o", meaning: "intent from the user's own words (their tags / users.csv text)"),
        Binding(keys: "m", meaning: "semantic map instead of the profile (clicks move it)"),
        Binding(keys: "Tab / Shift-Tab", meaning: "next / previous pane"),
        Binding(keys: "↑↓ / j k", meaning: "move in the list"),
        Binding(keys: "←→ / h l", meaning: "pane to the left / right"),
        Binding(keys: "PgUp / PgDn, g / G", meaning: "page up / down, top / bottom"),
        Binding(keys: "/", meaning: "search users (id, attributes) or items (title, genre, tag)"),
        Binding(keys: "s", meaning: "sort the focused list: users, items (title, popularity, year), rankings (movement; hybrid: the selected component's own score, its share), history"),
        Binding(keys: "Esc", meaning: "clear the focused list's search, genre filter or order"),
        Binding(keys: ":", meaning: "command line: user ID, click ITEM, algorithm NAME, half-life DAYS, weight NAME W, compare NAME|off and more (Tab completes, ↑↓ history)"),
        Binding(keys: "z", meaning: "zoom: the focused pane alone on screen (z again restores)"),
        Binding(keys: "y", meaning: "show the recscope command that reproduces this session (and write it to a file)"),
        Binding(keys: "S", meaning: "save this session (user, clicks, algorithm, decay, weights, compare) as a scenario file"),
        Binding(keys: "E", meaning: "export the screen as plain text (recscope-screen-DATE-TIME.txt), for slides"),
        Binding(keys: "L", meaning: "log of this session's notices (ready models, clicks, errors)"),
        Binding(keys: "t", meaning: "colour theme: default, projector (high contrast), no-colour"),
        Binding(keys: "mouse", meaning: "click selects, wheel scrolls"),
        Binding(keys: "?", meaning: "show / hide this help"),
        Binding(keys: "q / Ctrl-C", meaning: "quit"),
    ]

    /// What keys mean right now.
    public enum Mode: Sendable, Equatable {
        case normal, help, search, command
        /// Below 80×24: only q and resizes act (Ctrl-C is a signal); everything else, the mouse
        /// included, is ignored, since none of it could be seen.
        case tooSmall
    }

    /// The action for `key`, or nil when the key means nothing in this mode.
    public static func action(for key: Key, searching: Bool, helpShown: Bool) -> Action? {
        action(for: key, mode: searching ? .search : (helpShown ? .help : .normal))
    }

    /// The action for `key` in `mode`, or nil when the key means nothing there.
    public static func action(for key: Key, mode: Mode) -> Action? {
        if case .resize(let width, let height) = key { return .resize(width: width, height: height) }
        if mode == .tooSmall { return key == .character("q") ? .quit : nil }
        if mode == .command {
            switch key {
            case .enter: return .commandRun
            case .escape: return .commandCancel
            case .backspace: return .commandErase
            case .tab: return .commandComplete
            case .up: return .commandHistory(-1)
            case .down: return .commandHistory(1)
            case .character(let c): return .commandInsert(String(c))
            case .paste(let text): return .commandInsert(text)
            default: return nil
            }
        }
        if mode == .search {
            switch key {
            case .paste(let text): return .searchInsert(text)
            case .enter: return .searchCommit
            case .escape: return .searchCancel
            case .backspace: return .searchErase
            case .character(let c): return .searchType(c)
            case .up: return .moveCursor(-1)
            case .down: return .moveCursor(1)
            default: return nil
            }
        }
        if case .paste(let text) = key { return .pasteIgnored(text.count) }
        if mode == .help {
            switch key {
            case .mouse: return nil
            case .down, .character("j"): return .scrollHelp(1)
            case .up, .character("k"): return .scrollHelp(-1)
            case .pageDown, .character(" "): return .scrollHelp(10)
            case .pageUp: return .scrollHelp(-10)
            default: return .toggleHelp  // any other key closes the overlay, `q` included (it says so)
            }
        }
        switch key {
        case .character("q"): return .quit
        case .enter: return .activate
        case .character("u"): return .undo
        case .character("r"): return .reset
        case .character("n"): return .newUser
        case .character("a"): return .cycleAlgorithm
        case .character("["): return .halfLifeShorter
        case .character("]"): return .halfLifeLonger
        case .character("w"): return .toggleDecayMode
        case .character("m"): return .toggleMap
        case .character("s"): return .cycleSort
        case .character("{"): return .selectHybridComponent(-1)
        case .character("}"): return .selectHybridComponent(1)
        case .character("-"): return .changeHybridWeight(-1)
        case .character("+"), .character("="): return .changeHybridWeight(1)
        case .character("c"): return .toggleCompare
        case .character("C"): return .cycleCompareAlgorithm
        case .character("/"): return .startSearch
        case .character("i"): return .startIntent
        case .character("I"): return .clearIntent
        case .character("<"): return .changeIntentWeight(-1)
        case .character(">"): return .changeIntentWeight(1)
        case .character("o"): return .useOwnWords
        case .character(":"): return .startCommand
        case .character("z"): return .toggleZoom
        case .character("y"): return .reproduce
        case .character("S"): return .saveScenario
        case .character("E"): return .exportScreen
        case .character("L"): return .toggleLog
        case .character("t"): return .cycleTheme
        case .character("?"): return .toggleHelp
        case .tab: return .focusNext
        case .backTab: return .focusPrevious
        case .up, .character("k"): return .moveCursor(-1)
        case .down, .character("j"): return .moveCursor(1)
        case .left, .character("h"): return .focusLeft
        case .right, .character("l"): return .focusRight
        case .pageUp: return .movePage(-1)
        case .pageDown: return .movePage(1)
        case .home, .character("g"): return .moveToTop
        case .end, .character("G"): return .moveToBottom
        case .escape: return .clearFilter
        case .mouse(let event):
            switch event.kind {
            case .click: return .select(x: event.x, y: event.y)
            case .doubleClick: return .activateAt(x: event.x, y: event.y)
            case .wheelUp: return .scroll(x: event.x, y: event.y, rows: -3)
            case .wheelDown: return .scroll(x: event.x, y: event.y, rows: 3)
            }
        default: return nil
        }
    }
}
