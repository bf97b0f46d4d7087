import CNCursesW
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Restoring the terminal from places where ncurses cannot be called: fatal signal handlers.
///
/// At start-up we save the tty modes (`tcgetattr`) and pre-compute the bytes that undo what curses
/// did (mouse reporting off, attributes off, cursor visible, keypad local, leave the alternate screen).
/// A handler then only calls `write` and `tcsetattr`, both async-signal-safe, and never allocates.
enum TerminalRestore {
    nonisolated(unsafe) static var savedModes = termios()
    nonisolated(unsafe) static var haveSavedModes: sig_atomic_t = 0
    nonisolated(unsafe) static var bytes: UnsafeMutablePointer<UInt8>? = nil
    nonisolated(unsafe) static var byteCount = 0
    /// 1 while curses owns the screen; the handlers restore only then.
    nonisolated(unsafe) static var active: sig_atomic_t = 0
    /// Set by SIGINT; the input loop quits when it sees it.
    nonisolated(unsafe) static var interruptRequested: sig_atomic_t = 0
    /// Set by SIGTSTP (Ctrl-Z); the input loop suspends (endwin, stop, redraw on fg) when it sees it.
    nonisolated(unsafe) static var suspendRequested: sig_atomic_t = 0

    /// Saves the tty modes of stdin. Call before `newterm`.
    static func saveModes() {
        if tcgetattr(STDIN_FILENO, &savedModes) == 0 { haveSavedModes = 1 }
    }

    /// Pre-computes the restore bytes from terminfo. Call after `newterm` (terminfo is loaded then).
    static func prepareBytes(mouse: Bool) {
        var sequence: [UInt8] = []
        if mouse {
            // xterm mouse modes ncurses may have enabled (normal, button-event, any-event, SGR).
            sequence += Array("\u{1B}[?1006l\u{1B}[?1003l\u{1B}[?1002l\u{1B}[?1000l".utf8)
        }
        sequence += Array(Terminal.bracketedPasteOff.utf8)
        for capability in ["sgr0", "cnorm", "rmkx", "rmcup"] {
            if let value = rs_tigetstr(capability) {
                var p = value
                while p.pointee != 0 { sequence.append(UInt8(bitPattern: p.pointee)); p += 1 }
            }
        }
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, sequence.count))
        buffer.initialize(from: sequence, count: sequence.count)
        bytes = buffer
        byteCount = sequence.count
    }

    /// Puts the tty modes saved at start back on stdin (not signal-time: the normal way out while
    /// recording, where curses restored only its pseudo-terminal).
    static func restoreSavedModes() {
        if haveSavedModes == 1 { _ = tcsetattr(STDIN_FILENO, TCSADRAIN, &savedModes) }
    }

    /// Signal-safe: writes the restore bytes and puts the tty modes back. Idempotent.
    static func emergencyRestore() {
        guard active == 1 else { return }
        active = 0
        if let bytes, byteCount > 0 { _ = write(STDOUT_FILENO, bytes, byteCount) }
        if haveSavedModes == 1 { _ = tcsetattr(STDIN_FILENO, TCSANOW, &savedModes) }
    }

    /// Installs the handlers: SIGINT asks the loop to quit and SIGTSTP (Ctrl-Z) asks it to suspend —
    /// both only set a flag, the main thread does the work (whichever thread the signal lands on);
    /// SIGTERM, SIGHUP, SIGQUIT and the crash signals restore the terminal and then chain to the
    /// handler installed before ours (`chainToPrevious`), so the process still dies of the signal and
    /// Swift's backtracer still prints its backtrace. SIGWINCH is left to ncurses (KEY_RESIZE).
    static func installHandlers() {
        // Touch every global once so none is lazily initialised inside a handler.
        _ = savedModes; _ = haveSavedModes; _ = previousActions; _ = bytes; _ = byteCount; _ = active; _ = interruptRequested; _ = suspendRequested
        // A parent may have left these blocked (signal masks are inherited); Ctrl-C, Ctrl-Z, resizes
        // and the fatal signals must reach us.
        var wanted = sigset_t()
        sigemptyset(&wanted)
        for signalNumber in [SIGINT, SIGTSTP, SIGCONT, SIGWINCH] + fatalSignals { sigaddset(&wanted, signalNumber) }
        _ = sigprocmask(SIG_UNBLOCK, &wanted, nil)
        install(SIGINT, handler: { _ in TerminalRestore.interruptRequested = 1 })
        installSuspendHandler()
        if previousActions == nil {
            previousActions = UnsafeMutablePointer<sigaction>.allocate(capacity: TerminalRestore.signalSlots)
            previousActions?.initialize(repeating: sigaction(), count: TerminalRestore.signalSlots)
        }
        for signalNumber in fatalSignals {
            if respectIgnored.contains(signalNumber) && isIgnored(signalNumber) {
                // Ignored on purpose by the parent (nohup, a pipeline): stays ignored, and is put back so.
                _ = sigaction(signalNumber, nil, previousActions.map { $0 + Int(signalNumber) })
                continue
            }
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = { signalNumber, info, context in
                TerminalRestore.emergencyRestore()
                TerminalRestore.chainToPrevious(signalNumber, info: info, context: context)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_SIGINFO
            _ = sigaction(signalNumber, &action, previousActions.map { $0 + Int(signalNumber) })
        }
    }

    /// Signals whose default action ends the process (POSIX "T" and "A"), other than SIGINT, which
    /// the loop handles as a quit request: each restores the terminal first. Includes the real-time
    /// signals on Linux. SIGKILL and SIGSTOP cannot be caught.
    static let fatalSignals: [Int32] = {
        var signals: [Int32] = [SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP,
                                SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE, SIGSYS, SIGXCPU, SIGXFSZ, SIGPROF, SIGVTALRM]
        #if os(Linux)
        signals += [SIGSTKFLT, SIGPWR, SIGIO]
        let first = rs_sigrtmin(), last = rs_sigrtmax()
        if first > 0 && last >= first && last < Int32(signalSlots) { signals += Array(first...last) }
        #endif
        return signals
    }()

    /// Signals a parent may have set to "ignore" on purpose (nohup, a pipeline): left ignored.
    static let respectIgnored: Set<Int32> = [SIGHUP, SIGPIPE, SIGUSR1, SIGUSR2, SIGALRM, SIGXFSZ, SIGXCPU, SIGPROF, SIGVTALRM]

    /// True when `signalNumber`'s current disposition is SIG_IGN.
    static func isIgnored(_ signalNumber: Int32) -> Bool {
        var current = sigaction()
        _ = sigaction(signalNumber, nil, &current)
        guard let handler = current.__sigaction_handler.sa_handler else { return false }
        return unsafeBitCast(handler, to: Int.self) == 1  // SIG_IGN
    }

    /// The handler each fatal signal had before ours (typically Swift's backtracer for the crash
    /// signals, the default action for the others), indexed by signal number; allocated once, before
    /// any handler can run.
    nonisolated(unsafe) static var previousActions: UnsafeMutablePointer<sigaction>? = nil
    /// Slots in `previousActions`: every standard signal number (Linux: 1–31) fits.
    static let signalSlots = 65

    /// Signal-safe: lets the handler installed before ours see the signal, then makes sure the process
    /// dies of it.
    /// - A fault raised by the CPU (SIGSEGV from a bad pointer, SIGILL from a Swift trap) recurs when
    ///   this handler returns, so we only put the previous handler back: Swift's backtracer then sees
    ///   the fault with its real context, prints the backtrace and ends the process.
    /// - A signal sent by a process (`kill`, `raise`, `abort`, SIGTERM, SIGHUP, SIGQUIT) does not
    ///   recur, and Swift's backtracer merely returns after reporting one; so a previous handler is
    ///   called directly, then the default action is restored and the signal raised again: the
    ///   process ends with it (the shell sees 128 + n).
    static func chainToPrevious(_ signalNumber: Int32, info: UnsafeMutablePointer<siginfo_t>?, context: UnsafeMutableRawPointer?) {
        var previous = sigaction()
        if let saved = previousActions { previous = saved[Int(signalNumber)] }
        let sentByProcess = info.map { $0.pointee.si_code <= 0 } ?? true
        let isFault = signalNumber == SIGSEGV || signalNumber == SIGBUS || signalNumber == SIGILL || signalNumber == SIGFPE || signalNumber == SIGTRAP
        if isFault && !sentByProcess {
            _ = sigaction(signalNumber, &previous, nil)
            return
        }
        let raw = unsafeBitCast(previous.__sigaction_handler.sa_handler, to: Int.self)
        if raw != 0 && raw != 1 {  // neither SIG_DFL nor SIG_IGN: a real handler
            if previous.sa_flags & SA_SIGINFO != 0 {
                previous.__sigaction_handler.sa_sigaction?(signalNumber, info, context)
            } else {
                previous.__sigaction_handler.sa_handler?(signalNumber)
            }
        }
        defaultActionUnblocked(signalNumber)
        _ = raise(signalNumber)
    }

    /// Signal-safe: the default action for `signalNumber`, and the signal unblocked, so that raising it
    /// now takes that action.
    static func defaultActionUnblocked(_ signalNumber: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&action.sa_mask)
        _ = sigaction(signalNumber, &action, nil)
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, signalNumber)
        _ = sigprocmask(SIG_UNBLOCK, &unblock, nil)
    }

    /// Ctrl-Z: only a flag (unless the shell started us with SIGTSTP ignored: then it stays ignored).
    static func installSuspendHandler() {
        var current = sigaction()
        _ = sigaction(SIGTSTP, nil, &current)
        if let handler = current.__sigaction_handler.sa_handler, unsafeBitCast(handler, to: Int.self) == 1 { return }  // SIG_IGN
        install(SIGTSTP, handler: { _ in TerminalRestore.suspendRequested = 1 })
    }

    /// Stops the process with the default SIGTSTP action (the caller has given the terminal back),
    /// returning when it is continued (`fg`), with the flag handler installed again.
    static func stopUntilContinued() {
        suspendRequested = 0
        defaultActionUnblocked(SIGTSTP)
        _ = kill(0, SIGTSTP)  // the whole process group, as the terminal would
        installSuspendHandler()
    }

    /// Puts every handler back to the default (after the terminal is restored normally).
    static func removeHandlers() {
        for signalNumber in [SIGTSTP, SIGINT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = SIG_DFL
            sigemptyset(&action.sa_mask)
            _ = sigaction(signalNumber, &action, nil)
        }
        // The fatal signals get back whatever they had before (Swift's backtracer for the crash signals).
        if let saved = previousActions {
            for signalNumber in fatalSignals { _ = sigaction(signalNumber, saved + Int(signalNumber), nil) }
        }
    }

    private static func install(_ signalNumber: Int32, handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: a blocked read returns so the loop sees the flag
        _ = sigaction(signalNumber, &action, nil)
    }
}
