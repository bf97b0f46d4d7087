import Foundation
import RecEngine

/// A row of the Users pane: a user of the data set, or a new (cold-start) user made with `n`.
public enum UserRef: Hashable, Sendable {
    case existing(Int)
    case new(Int)
}

/// Orders of the Users pane (`s` cycles).
public enum UserSort: String, Sendable, CaseIterable {
    case id = "id"
    case events = "#events"
    case lastActive = "last activity"
}

/// The screen model of the explorer: all state, every action, and rendering into a grid. Owns one
/// engine `Session` per user visited (kept while it has simulated clicks, so coming back shows them).
///
/// Flow is one way: `handle(key)` → `KeyMap` → `perform(action)` → session call → derived pane models
/// rebuilt → `render(into:)`. Nothing here touches the terminal; tests render into fixed grids.
public final class Explorer: ScreenModel {
    public let engine: Engine
    /// Length of the ranking kept per session (the Rankings pane scrolls over it).
    public let rankingLength: Int

    public internal(set) var layout: Layout
    public internal(set) var focus: Pane = .users
    public internal(set) var helpShown = false
    /// Sessions made for user switches (the benchmark and tests check that queued keys make one).
    public internal(set) var sessionsCreated = 0
    var helpScroll = 0
    public internal(set) var algorithm: Algorithm
    public internal(set) var decay: DecayPolicy
    public internal(set) var userSort: UserSort = .id
    /// Orders and the genre filter of the other lists (Explorer+Sort.swift).
    public internal(set) var itemSort: ItemSort = .catalogue
    public internal(set) var rankingSort: RankingSort = .rank
    public internal(set) var historySort: HistorySort = .date
    public internal(set) var genreFilter: String?
    var popularityCache: [Int]?
    var yearCache: [Int]?
    /// The notice on the hint line: stays until replaced or `noticeSeconds` pass (errors twice as
    /// long); every notice also goes to the session log (`L`).
    public internal(set) var message: String? {
        didSet {
            messageIsError = false
            messageIsBackground = false
            guard let message, message != oldValue else { return }
            messageTime = clock()
            log.append(LogEntry(seconds: messageTime - startTime, text: message))
            if log.count > Explorer.maximumLogEntries { log.removeFirst(log.count - Explorer.maximumLogEntries) }
        }
    }
    public internal(set) var messageIsError = false
    /// Whether the notice came from background work (a model became ready) rather than the user.
    var messageIsBackground = false
    var messageTime: Double = 0
    /// Seconds a notice stays on the hint line.
    public static let noticeSeconds: Double = 5
    static let maximumLogEntries = 500
    /// This session's notices, oldest first (`L`).
    public internal(set) var log: [LogEntry] = []
    public internal(set) var logShown = false
    var logScroll = 0
    /// Monotonic seconds; tests replace it to move time.
    public var clock: () -> Double = Explorer.monotonicSeconds
    let startTime: Double
    /// The `:` command line (Explorer+Command.swift).
    var commandLine = CommandLineState()
    /// Lookup tables built on first use (ids → indices).
    var userIds: [String: Int]?
    var itemIds: [String: Int]?
    /// The pane shown alone (`z`), nil for the usual layout.
    public internal(set) var zoomed: Pane?
    /// Hybrid weights asked for at start (`--weights`), applied when the hybrid becomes the algorithm.
    public var pendingWeights: [Command.ComponentWeight]? {
        didSet { if algorithm == .hybrid, let pending = pendingWeights { pendingWeights = nil; do { try setWeights(pending) } catch { fail(error.message) } } }
    }
    /// The colour theme (`t` cycles, `:theme NAME`, `--theme`).
    public var theme: Theme = .standard
    /// Where `y` writes the reproducing command (nil: only show it).
    public var reproduceFile: String?
    /// Where `S` saves the session as a scenario.
    public var scenarioFile = "recscope-session.scen"
    /// Where `E` writes screen exports (Explorer+Export.swift).
    public var exportDirectory = "."
    /// The pane whose search is being typed, if any.
    public internal(set) var searching: Pane?
    public internal(set) var userQuery = ""
    public internal(set) var itemQuery = ""

    public internal(set) var current: UserRef
    public internal(set) var session: Session
    var sessions: [UserRef: Session] = [:]
    var newUsers: [Int] = []
    var cursors: [Pane: ListCursor] = [:]
    var userOrder: [UserRef] = []
    var itemOrder: [Int] = []
    var searchBackup = ""
    /// Folded search texts (built on the first search) and the matches of the last query, which a
    /// longer query narrows (Explorer+Search.swift).
    var itemIndex: FoldedIndex?
    var itemMatches: (needle: [UInt8], rows: [Int])?
    var userIndex: FoldedIndex?
    var userMatches: (needle: [UInt8], rows: [Int])?
    var lastRerank: (microseconds: Double, items: Int)?
    var knownAlgorithms: [Algorithm]
    /// Background work the host reports (model fitting), so the status bar can say so.
    /// Where background work posts its results (nil: none runs).
    let inbox: BackgroundInbox?
    /// What background work is doing now (shown on the hint line), from `.backgroundNote`.
    var lastBackgroundNote: String?
    /// An algorithm asked for at start that was not fitted yet: switched to when it lands, unless the
    /// user picked one with `a` meanwhile.
    var preferredAlgorithm: Algorithm?
    /// Opening on the best algorithm (`openOnBest()`, Explorer+BestAlgorithm.swift): true until it is
    /// switched to or the user chooses one.
    var opensOnBest = false
    /// Ask for ASCII-only drawing (no UTF-8 locale): set by the host, applied to the grid on each render.
    public var asciiOnly = false
    /// Hybrid weights chosen with `-`/`+` (nil: the model's defaults), kept across users; and the
    /// component `{`/`}` selected (Explorer+Hybrid.swift).
    public internal(set) var hybridWeights: [Float]?
    public internal(set) var selectedComponent = 0
    /// Compare mode of the Rankings pane (Explorer+Compare.swift).
    var compare = CompareState()
    /// The intent prompt's text while it is open (Explorer+Intent.swift).
    var intentPrompt: String?
    /// Embeds free text for intents; nil when no sentence encoder is available.
    public var intentEncoder: IntentEncoding?

    var halfLifeDays: Double
    var windowEvents: Int
    static let halfLifeSteps: [Double] = [1, 3, 7, 14, 30, 60, 90, 180, 365, 730, 1825, 3650]
    static let windowSteps: [Int] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]

    // Derived pane models, rebuilt when the session or the highlighted item changes.
    var rankingsCache: RankingsPaneModel?
    var profileCache: ProfilePaneModel?
    var inspectorCache: (item: Int, model: InspectorPaneModel)?
    var inspected: Int?
    /// The semantic map shown in place of the Profile pane (`m`).
    public let map = MapPanel()
    var inspectorNearestItems: [Int] = []
    /// Nearest items per (algorithm, item): fitted models are fixed, so a neighbour list (an sgemv over
    /// the catalogue for the semantic space) is computed once per item, not on every frame it is inspected.
    var neighbourCache: [String: [ScoredItem]] = [:]

    /// - Parameters:
    ///   - backgroundWork: returns a short note while the host fits models off the input loop
    ///     ("fitting als…"), nil when idle. Called on every poll; must be cheap and thread-safe.
    /// Cost: one session (O(history) + one re-rank).
    public init(engine: Engine, algorithm: Algorithm = .content, decay: DecayPolicy = .standard,
                width: Int = 100, height: Int = 30, rankingLength: Int = 50, preferredAlgorithm: Algorithm? = nil,
                inbox: BackgroundInbox? = nil) throws {
        self.preferredAlgorithm = preferredAlgorithm == algorithm ? nil : preferredAlgorithm
        self.startTime = Explorer.monotonicSeconds()
        self.engine = engine
        self.rankingLength = rankingLength
        self.layout = Layout(width: width, height: height)
        self.algorithm = algorithm
        self.decay = decay
        self.inbox = inbox
        self.knownAlgorithms = engine.algorithms
        switch decay {
        case .halfLife(let days): halfLifeDays = days; windowEvents = 20
        case .window(let n): halfLifeDays = 90; windowEvents = n
        }
        let first: UserRef = engine.dataset.users.count > 0 ? .existing(0) : .new(1)
        if case .new = first { newUsers = [1] }
        current = first
        session = try Explorer.makeSession(engine, first, algorithm, decay, rankingLength)
        sessions[first] = session
        lastRerank = session.lastUpdate.map { ($0.rerankMicroseconds, $0.itemsScored) }
        rebuildUserOrder()
        itemOrder = Array(0..<engine.dataset.catalog.count)
        updateInspected()
        if let wanted = self.preferredAlgorithm, !Explorer.fittedInBackground.contains(wanted), !engine.algorithms.contains(wanted) {
            // Nothing will bring it later: say why, once, instead of silently staying on another.
            self.preferredAlgorithm = nil
            message = Explorer.unavailableReason(wanted, engine: engine) + "; showing \(algorithm.rawValue)"
        }
    }

    /// Algorithms the host fits off the input loop after start-up (they join when ready).
    static let fittedInBackground: Set<Algorithm> = [.itemKNN, .als, .ease, .hybrid]

    /// Why `algorithm` cannot be used on this engine, in a few words.
    static func unavailableReason(_ algorithm: Algorithm, engine: Engine) -> String {
        if algorithm == .semantic {
            return "semantic needs item embeddings and \(engine.dataset.name) has none (--item-embeddings FILE --item-ids FILE)"
        }
        return "\(algorithm.rawValue) is not available (available: \(engine.algorithms.map(\.rawValue).joined(separator: ", ")))"
    }

    static func makeSession(_ engine: Engine, _ user: UserRef, _ algorithm: Algorithm, _ decay: DecayPolicy, _ k: Int,
                            hybridWeights: [Float]? = nil) throws -> Session {
        switch user {
        case .existing(let index): try engine.makeSession(user: index, algorithm: algorithm, decay: decay, k: k, hybridWeights: hybridWeights)
        case .new: try engine.makeSession(user: nil, algorithm: algorithm, decay: decay, k: k, hybridWeights: hybridWeights)
        }
    }

    // MARK: - Actions

    /// Applies one action. Returns false for `.quit`.
    @discardableResult
    public func perform(_ action: Action) -> Bool {
        if intentPrompt != nil, let handled = performIntentPrompt(action) { return handled }
        switch action {
        case .quit:
            return false
        case .backgroundNote(let note):
            lastBackgroundNote = note
        case .modelReady(let algorithm):
            modelBecameReady(algorithm)
        case .backgroundFailed(let reason):
            lastBackgroundNote = nil
            fail(reason)
        case .resize(let width, let height):
            layout = Layout(width: width, height: height, zoomed: zoomed)
            clampAll()
        case .toggleHelp:
            if logShown { logShown = false } else { helpShown.toggle() }
            helpScroll = 0
        case .toggleLog:
            logShown.toggle()
            helpShown = false
            logScroll = max(0, log.count - 1)
        case .cycleTheme:
            theme = theme.next
            message = "theme \(theme.rawValue) (t cycles: \(Theme.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .toggleZoom:
            setZoom(zoomed == nil)
        case .saveScenario:
            saveScenario()
        case .exportScreen:
            exportScreen(to: nil)
        case .reproduce:
            reproduce()
        case .startCommand:
            startCommand()
        case .commandInsert(let text):
            insertIntoCommand(text)
        case .commandErase:
            eraseInCommand()
        case .commandComplete:
            completeCommand()
        case .commandHistory(let direction):
            browseHistory(direction)
        case .commandRun:
            if !runCommandLine() { return false }
        case .commandCancel:
            commandLine.text = nil
        case .command(let command):
            do {
                if try !run(command) { return false }
            } catch {
                fail(error.message)
            }
        case .scrollHelp(let lines) where logShown:
            logScroll = max(0, min(log.count - 1, logScroll + lines))
        case .scrollHelp(let lines):
            let rows = HelpOverlay.visibleRows(gridWidth: layout.width, gridHeight: layout.height)
            helpScroll = max(0, min(rows.total - rows.visible, helpScroll + lines))
        case .toggleMap:
            message = map.toggle(engine: engine)
            clampAll()
        case .focusNext:
            setFocus(Pane(rawValue: (focus.rawValue + 1) % Pane.allCases.count) ?? .users)
        case .focusPrevious:
            setFocus(Pane(rawValue: (focus.rawValue + Pane.allCases.count - 1) % Pane.allCases.count) ?? .users)
        case .focusLeft:
            setFocus(layout.neighbour(of: focus, direction: -1))
        case .focusRight:
            setFocus(layout.neighbour(of: focus, direction: 1))
        case .moveCursor(let rows):
            moveCursor(in: searching ?? focus, by: rows)
        case .movePage(let pages):
            moveCursor(in: focus, by: pages * max(1, visibleRows(focus) - 1))
        case .moveToTop:
            moveCursor(in: focus, by: -Int.max / 2)
        case .moveToBottom:
            moveCursor(in: focus, by: Int.max / 2)
        case .activate:
            activate()
        case .undo:
            // `Session.undo` takes back the latest action: an intent typed after the last click, else the click.
            let intentUndone = session.intent.entries.last.flatMap { $0.afterClicks == session.clicks.count ? $0.text : nil }
            let undone = session.clicks.last
            if let update = session.undo() {
                applied(update)
                message = intentUndone.map { "undid the intent '\($0)' (\(Format.count(session.intent.entries.count, "intent")) left)" }
                    ?? "undid the click on \(undone.map { title(of: $0) } ?? "an item") (\(Format.count(session.clicks.count, "click")) left)"
            } else {
                message = "nothing to undo"
            }
        case .reset:
            let count = session.clicks.count
            if count == 0 { message = "no clicks to reset" } else {
                applied(session.reset())
                map.clearTrail(user: current)
                message = "reset: \(Format.count(count, "simulated click")) removed, back to the real history"
            }
        case .newUser:
            let number = (newUsers.max() ?? 0) + 1
            newUsers.append(number)
            rebuildUserOrder()
            if let row = userOrder.firstIndex(of: .new(number)) { cursors[.users] = ListCursor(row: row) }
            switchUser(to: .new(number))
            clampAll()
            message = "new user new-\(number): no history, rankings fall back to popularity until the first click"
        case .cycleAlgorithm:
            cycleAlgorithm()
        case .halfLifeShorter:
            stepDecay(by: -1)
        case .halfLifeLonger:
            stepDecay(by: 1)
        case .toggleDecayMode:
            if case .halfLife = decay { setDecay(.window(events: windowEvents)) } else { setDecay(.halfLife(days: halfLifeDays)) }
        case .selectHybridComponent(let direction):
            selectHybridComponent(by: direction)
        case .changeHybridWeight(let steps):
            changeHybridWeight(by: steps)
        case .toggleCompare:
            toggleCompare()
        case .cycleCompareAlgorithm:
            cycleCompareAlgorithm()
        case .startIntent:
            startIntent()
        case .clearIntent:
            clearIntent()
        case .useOwnWords:
            useOwnWords()
        case .changeIntentWeight(let steps):
            changeIntentWeight(by: steps)
        case .cycleSort:
            cycleSort()
        case .clearFilter:
            clearFilter()
        case .startSearch:
            startSearch()
        case .searchType(let character):
            insertIntoSearch(String(character))
        case .searchInsert(let text):
            insertIntoSearch(text)
        case .searchErase:
            setQuery(String(currentQuery.dropLast()))
        case .searchCommit:
            if searching == .users { selectUserAtCursor() }
            searching = nil
        case .searchCancel:
            setQuery(searchBackup)
            searching = nil
        case .pasteIgnored(let characters):
            message = "paste of \(characters) character\(characters == 1 ? "" : "s") ignored: paste into / search or the : command line"
        case .select(let x, let y):
            select(x: x, y: y)
        case .activateAt(let x, let y):
            if select(x: x, y: y) { activate() }
        case .scroll(let x, let y, let rows):
            if let pane = layout.pane(atX: x, y: y) { scroll(pane, by: rows) }
        }
        updateInspected()
        return true
    }

    func setFocus(_ pane: Pane) {
        focus = pane
        if zoomed != nil && zoomed != pane {
            zoomed = pane
            layout = Layout(width: layout.width, height: layout.height, zoomed: pane)
            clampAll()
        }
    }

    /// `z`: the focused pane takes the whole screen above the status lines (or the usual layout again).
    func setZoom(_ on: Bool) {
        zoomed = on ? focus : nil
        layout = Layout(width: layout.width, height: layout.height, zoomed: zoomed)
        rankingsCache = nil
        clampAll()
        message = on ? "\(focus.title) zoomed: z restores the panes (h/l/Tab zoom another)" : "panes restored"
    }

    /// Monotonic clock in seconds.
    public static func monotonicSeconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    func activate() {
        switch focus {
        case .users:
            selectUserAtCursor()
            setFocus(.rankings)
        case .items, .rankings, .profile, .inspector:
            guard let item = highlightedItem(in: focus) else {
                message = rowCount(focus) > 0 && visibleRows(focus) == 0
                    ? "no \(focus.title) rows fit at this size: enlarge the window (or z to zoom the pane)"
                    : "no item highlighted"
                return
            }
            click(item)
        }
    }

    /// Simulates a click on `item` for the current user and keeps the ranking cursor where it was.
    public func click(_ item: Int) {
        do {
            applied(try session.click(item: item))
            message = "clicked \(title(of: item))"
        } catch {
            message = "\(error)"
        }
    }

    func applied(_ update: RankingUpdate) {
        lastRerank = (update.rerankMicroseconds, update.itemsScored)
        map.follow(user: current, session: session)
        invalidateSession()
        clampAll()
    }

    func invalidateSession() {
        rankingsCache = nil
        profileCache = nil
        inspectorCache = nil
    }

    func cycleAlgorithm() {
        let available = engine.algorithms
        knownAlgorithms = available
        guard available.count > 1 else {
            message = "only \(algorithm.rawValue) is available" + (lastBackgroundNote.map { " (\($0))" } ?? "")
            return
        }
        let next = available[((available.firstIndex(of: algorithm) ?? -1) + 1) % available.count]
        preferredAlgorithm = nil
        switchAlgorithm(to: next)
    }

    func switchAlgorithm(to next: Algorithm) {
        do {
            let update = try session.setAlgorithm(next)
            algorithm = next
            if !availableRankingSorts.contains(rankingSort) { rankingSort = .rank }
            applied(update)
        } catch {
            message = "\(error)"
            return
        }
        if next == .hybrid, let pending = pendingWeights {
            pendingWeights = nil
            do { try setWeights(pending) } catch { fail(error.message) }
        }
    }

    func stepDecay(by direction: Int) {
        let end = direction > 0 ? "longest" : "shortest"
        switch decay {
        case .halfLife(let days):
            let next = Explorer.step(days, in: Explorer.halfLifeSteps, direction: direction)
            guard next != days else { message = "already at the \(end) half-life (\(decay.description.dropFirst("half-life ".count)))"; return }
            halfLifeDays = next
            setDecay(.halfLife(days: halfLifeDays))
        case .window(let events):
            let next = Explorer.step(events, in: Explorer.windowSteps, direction: direction)
            guard next != events else { message = "already at the \(end) window (\(Format.count(events, "event")))"; return }
            windowEvents = next
            setDecay(.window(events: windowEvents))
        }
    }

    /// The next value of `steps` above (direction > 0) or below `value`, staying at the ends.
    static func step<T: Comparable>(_ value: T, in steps: [T], direction: Int) -> T {
        direction > 0 ? (steps.first { $0 > value } ?? steps.last ?? value) : (steps.last { $0 < value } ?? steps.first ?? value)
    }

    func setDecay(_ policy: DecayPolicy) {
        decay = policy
        applied(session.setDecay(policy))
        message = policy.description
    }

    // MARK: - Items

    func title(of item: Int) -> String { engine.dataset.catalog.titles[item] }

}
