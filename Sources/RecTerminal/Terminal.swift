import CNCursesW
import RecUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the explorer cannot start on this terminal; `message` is the one line to print before exit 2.
public struct TerminalUnavailable: Error, CustomStringConvertible {
    public let reason: String
    public var description: String {
        "recscope: \(reason); the explorer needs an interactive terminal. Use the headless commands instead, e.g. `recscope recommend --user 1 --json` (see `recscope --help`)."
    }
}

/// The curses backend: owns the terminal between `init` and `stop()`. Reads keys and mouse events into
/// `Key`s and writes grids to the screen, touching only the cells that changed since the last frame.
public final class Terminal {
    public struct Options: Sendable {
        public var mouse: Bool
        /// Colour on, unless NO_COLOR is set (to anything non-empty) or the terminal has none.
        public var colour: Bool
        /// Record the real terminal output into this asciicast (`--record`, through `TerminalTee`).
        public var record: AsciicastRecorder?
        public init(mouse: Bool = true, colour: Bool = true, record: AsciicastRecorder? = nil) {
            self.mouse = mouse; self.colour = colour; self.record = record
        }
    }

    private var screen: OpaquePointer?
    private var previous: Grid?
    private var colourEnabled = false
    private var lastTheme: Theme = .standard
    private let options: Options
    /// The recording tee while `--record` is on: curses writes to its pseudo-terminal.
    private var tee: TerminalTee?
    /// The stdio stream curses writes to when recording (closed after delscreen).
    private var teeFile: UnsafeMutablePointer<FILE>?
    /// Where raw control bytes go: the real terminal, or the tee's pseudo-terminal when recording.
    nonisolated(unsafe) static var rawOutput: Int32 = STDOUT_FILENO
    /// Number of cells written by the last `draw` (for tests of the diff and for the benchmark).
    public private(set) var lastCellsWritten = 0

    /// Takes over the terminal. Throws `TerminalUnavailable` (nothing touched) when stdin or stdout is
    /// not a terminal or TERM is unset or unknown to terminfo.
    public init(options: Options) throws {
        self.options = options
        let term = try Terminal.preflight()
        _ = setlocale(LC_ALL, "")
        TerminalRestore.saveModes()
        TerminalRestore.installHandlers()
        if let recorder = options.record {
            do {
                tee = try TerminalTee(recorder: recorder)
            } catch {
                TerminalRestore.removeHandlers()
                throw TerminalUnavailable(reason: "\(error)")
            }
        }
        // newterm (not initscr): returns NULL instead of exiting on a bad terminal.
        var file: UnsafeMutablePointer<FILE>?
        let opened: OpaquePointer?
        if let tee { opened = rs_newterm_fd(tee.slave, &file) } else { opened = rs_newterm_stdio() }
        guard let screen = opened else {
            TerminalRestore.removeHandlers()
            if let tee { tee.finish(closingSlave: { _ = close(tee.slave) }) }
            throw TerminalUnavailable(reason: "cannot initialise terminal type '\(term)'")
        }
        self.screen = screen
        if let tee {
            teeFile = file
            Terminal.rawOutput = tee.slave
            tee.startCopying()
            tee.relayResizes()
        }
        TerminalRestore.prepareBytes(mouse: options.mouse)
        TerminalRestore.active = 1
        _ = cbreak()
        _ = noecho()
        _ = nonl()
        _ = rs_keypad(true)
        _ = set_escdelay(25)
        _ = curs_set(0)
        if options.colour && has_colors() {
            _ = start_color()
            _ = use_default_colors()
            for colour in Colour.allCases where colour != .normal {
                _ = init_pair(Int16(colour.rawValue), Int16(Terminal.cursesColour(colour)), -1)
            }
            colourEnabled = true
        }
        // Bracketed paste: a paste arrives as ESC[200~ … ESC[201~, read as one `.paste` key.
        _ = define_key("\u{1B}[200~", rs_key_paste_begin())
        _ = define_key("\u{1B}[201~", rs_key_paste_end())
        Terminal.writeRaw(Terminal.bracketedPasteOn)
        if options.mouse {
            let mask = rs_button1_pressed() | rs_button1_clicked() | rs_button1_double_clicked()
                | rs_button4_pressed() | rs_button5_pressed()
            _ = mousemask(mask, nil)
            _ = mouseinterval(200)
        }
        tee?.mirrorModes()
    }

    deinit { stop() }

    /// Private modes that turn bracketed paste on and off (xterm; terminals without it ignore them).
    static let bracketedPasteOn = "\u{1B}[?2004h"
    static let bracketedPasteOff = "\u{1B}[?2004l"
    /// Longest paste kept (characters); the rest is read and dropped.
    public static let maximumPaste = 100_000

    /// Writes control bytes straight to the terminal (after flushing what curses buffered).
    static func writeRaw(_ text: String) {
        fflush(nil)  // every stream: curses writes through stdout
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBufferPointer { write(rawOutput, $0.baseAddress, $0.count) }
    }

    /// Checks, without touching the terminal, that the explorer can run here: stdin and stdout are
    /// terminals and TERM names a terminal terminfo knows. Returns TERM. Cheap; call it before loading data.
    @discardableResult
    public static func preflight() throws -> String {
        guard isatty(STDIN_FILENO) == 1 else { throw TerminalUnavailable(reason: "stdin is not a terminal") }
        guard isatty(STDOUT_FILENO) == 1 else { throw TerminalUnavailable(reason: "stdout is not a terminal") }
        guard let term = getenv("TERM").map({ String(cString: $0) }), !term.isEmpty else {
            throw TerminalUnavailable(reason: "TERM is not set")
        }
        var status: Int32 = 0
        // setupterm with an error pointer never prints or exits; it tells us whether TERM is known.
        guard setupterm(term, STDOUT_FILENO, &status) == OK, status == 1 else {
            throw TerminalUnavailable(reason: "terminal type '\(term)' is unknown to terminfo")
        }
        // A terminal that cannot address the cursor (TERM=dumb, a printer) would run blind.
        guard rs_tigetstr("cup") != nil else {
            throw TerminalUnavailable(reason: "terminal type '\(term)' cannot move the cursor (no terminfo cup)")
        }
        return term
    }

    /// True when the environment's locale (LC_ALL, LC_CTYPE, LANG) encodes text as UTF-8, checked with
    /// setlocale + nl_langinfo(CODESET). Without it (LANG=C) curses cannot show box drawing, blocks or
    /// accents, so the screen model draws ASCII only (`Explorer.asciiOnly`). Sets the process locale
    /// from the environment, as `init` does anyway.
    public static var localeIsUTF8: Bool { rs_locale_is_utf8() != 0 }

    /// True when NO_COLOR is set to a non-empty value (https://no-color.org).
    public static var noColorRequested: Bool {
        guard let value = getenv("NO_COLOR") else { return false }
        return value.pointee != 0
    }

    /// Gives the terminal back: mouse off, cursor visible, endwin, handlers reset. Idempotent.
    public func stop() {
        guard let screen else { return }
        if options.mouse { _ = mousemask(0, nil) }
        _ = curs_set(1)
        Terminal.writeRaw(Terminal.bracketedPasteOff)
        _ = endwin()
        if let tee {
            // Everything curses wrote reaches the terminal and the recording before the modes go back.
            tee.drain()
            TerminalRestore.restoreSavedModes()
        }
        TerminalRestore.active = 0
        TerminalRestore.removeHandlers()
        delscreen(screen)
        self.screen = nil
        if let tee {
            let file = teeFile
            tee.finish(closingSlave: { if let file { fclose(file) } else { _ = close(tee.slave) } })
            Terminal.rawOutput = STDOUT_FILENO
            self.tee = nil
            teeFile = nil
        }
    }

    /// Current size in cells.
    public var size: (width: Int, height: Int) {
        var rows: Int32 = 0, cols: Int32 = 0
        rs_getmaxyx(&rows, &cols)
        return (Int(cols), Int(rows))
    }

    /// True once SIGINT (Ctrl-C) arrived.
    public var interrupted: Bool { TerminalRestore.interruptRequested != 0 }

    /// True once SIGTSTP (Ctrl-Z) arrived and `suspend()` has not run yet.
    public var suspendRequested: Bool { TerminalRestore.suspendRequested != 0 }

    /// Ctrl-Z: gives the terminal back (endwin, cursor and mouse restored by it), stops the process,
    /// and on `fg` takes the terminal again and forces a full redraw on the next `draw`.
    public func suspend() {
        guard screen != nil else { return }
        Terminal.writeRaw(Terminal.bracketedPasteOff)
        _ = endwin()
        if let tee {
            tee.drain()
            TerminalRestore.restoreSavedModes()
        }
        TerminalRestore.active = 0
        TerminalRestore.stopUntilContinued()
        // Continued: back to curses mode; the screen may have been used by anything meanwhile.
        TerminalRestore.active = 1
        if let tee { rs_copy_winsize(STDOUT_FILENO, tee.slave) }
        _ = doupdate()
        tee?.mirrorModes()
        Terminal.writeRaw(Terminal.bracketedPasteOn)
        invalidate()
    }

    /// Waits up to `timeoutMilliseconds` (negative: forever) for a key. Nil on timeout or interrupt.
    public func readKey(timeoutMilliseconds: Int) -> Key? {
        rs_timeout(Int32(timeoutMilliseconds))
        var code: wint_t = 0
        let result = rs_get_wch(&code)
        if result == ERR { return nil }
        if result == rs_key_code_yes() {
            if Int32(code) == rs_key_paste_begin() { return readPaste() }
            return functionKey(Int32(code))
        }
        switch code {
        case 10, 13: return .enter
        case 9: return .tab
        case 27: return .escape
        case 8, 127: return .backspace
        default:
            guard let scalar = Unicode.Scalar(UInt32(code)), code >= 32 else { return nil }
            return .character(Character(scalar))
        }
    }

    /// Every pending key, without waiting: what arrived while the last frame was being made. The run
    /// loop hands them to the model together so it filters and draws once. At most `limit` keys.
    public func readPending(limit: Int = 4096) -> [Key] {
        var keys: [Key] = []
        while keys.count < limit, let key = readKey(timeoutMilliseconds: 0) { keys.append(key) }
        return keys
    }

    /// The body of a bracketed paste, up to its end marker (or 200 ms of silence): one `.paste` key.
    /// Line breaks and tabs become spaces; other control characters are dropped.
    private func readPaste() -> Key {
        var text = String.UnicodeScalarView()
        var count = 0
        rs_timeout(200)
        while true {
            var code: wint_t = 0
            let result = rs_get_wch(&code)
            if result == ERR { break }
            if result == rs_key_code_yes() {
                if Int32(code) == rs_key_paste_end() { break }
                continue
            }
            guard count < Terminal.maximumPaste, let scalar = Unicode.Scalar(UInt32(code)) else { continue }
            if scalar.value == 10 || scalar.value == 13 || scalar.value == 9 { text.append(" ") }
            else if scalar.value >= 32 && scalar.value != 127 { text.append(scalar) } else { continue }
            count += 1
        }
        return .paste(String(text))
    }

    private func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case rs_key_resize():
            let (width, height) = size
            tee?.recorder.resize(width: width, height: height)
            previous = nil  // redraw everything after a resize
            return .resize(width: width, height: height)
        case rs_key_mouse():
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            let state = event.bstate
            let kind: MouseEvent.Kind
            if state & rs_button1_double_clicked() != 0 { kind = .doubleClick }
            else if state & (rs_button1_clicked() | rs_button1_pressed()) != 0 { kind = .click }
            else if state & rs_button4_pressed() != 0 { kind = .wheelUp }
            else if state & rs_button5_pressed() != 0 { kind = .wheelDown }
            else { return nil }
            return .mouse(MouseEvent(x: Int(event.x), y: Int(event.y), kind: kind))
        default:
            return nil
        }
    }

    /// Writes `grid` to the screen: every cell on the first frame or after a resize, otherwise only the
    /// cells that differ from the previous frame. Cost: O(cells) to compare plus O(changed) to write.
    public func draw(_ grid: Grid, theme: Theme = .standard) {
        let full: Bool
        if theme != lastTheme { previous = nil; lastTheme = theme }
        if let previous, previous.width == grid.width, previous.height == grid.height {
            full = false
        } else {
            full = true
            _ = rs_erase()
        }
        var written = 0
        var chars = [wchar_t](repeating: 0, count: 8)
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if cell.isContinuation { continue }  // its left half writes both cells
                if !full, let previous {
                    let old = previous[x, y]
                    // A wide cell is rewritten when its right half changed too.
                    let rightChanged = cell.width == 2 && x + 1 < grid.width && previous[x + 1, y] != grid[x + 1, y]
                    if old == cell && !rightChanged { continue }
                }
                var n = 0
                for scalar in cell.character.unicodeScalars where n < 5 {
                    chars[n] = wchar_t(bitPattern: scalar.value)
                    n += 1
                }
                chars[n] = 0
                let style = theme.apply(cell.style)
                _ = rs_put_cell(Int32(y), Int32(x), chars, attributes(of: style), pair(of: style))
                written += 1
            }
        }
        lastCellsWritten = written
        _ = rs_wnoutrefresh()
        _ = doupdate()
        previous = grid
    }

    /// Forces the next `draw` to write every cell (after Ctrl-Z / fg, or anything that garbled the screen).
    public func invalidate() {
        previous = nil
        _ = rs_clearok(true)
    }

    private func attributes(of style: Style) -> attr_t {
        var value = rs_a_normal()
        if style.attributes.contains(.bold) { value |= rs_a_bold() }
        if style.attributes.contains(.dim) { value |= rs_a_dim() }
        if style.attributes.contains(.reverse) { value |= rs_a_reverse() }
        if style.attributes.contains(.underline) { value |= rs_a_underline() }
        return value
    }

    private func pair(of style: Style) -> Int16 {
        colourEnabled ? Int16(style.colour.rawValue) : 0
    }

    private static func cursesColour(_ colour: Colour) -> Int32 {
        switch colour {
        case .normal: return -1
        case .red: return COLOR_RED
        case .green: return COLOR_GREEN
        case .yellow: return COLOR_YELLOW
        case .blue: return COLOR_BLUE
        case .magenta: return COLOR_MAGENTA
        case .cyan: return COLOR_CYAN
        }
    }
}
