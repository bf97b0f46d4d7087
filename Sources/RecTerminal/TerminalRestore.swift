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

    /// Signal-safe: writes the restore bytes and puts the tty modes back. Idempotent.
    static func emergencyRestore() {
        guard active == 1 else { return }
        active = 0
        if let bytes, byteCount > 0 { _ = write(STDOUT_FILENO, bytes, byteCount) }
        if haveSavedModes == 1 { _ = tcsetattr(STDIN_FILENO, TCSANOW, &savedModes) }
    }

    /// Signals whose default action ends the process (POSIX "T" and "A"), other than SIGINT, which
    /// the loop handles as a quit request: each restores the terminal and then dies of the same signal.
    /// Includes the real-time signals on Linux. SIGKILL and SIGSTOP cannot be caught.
    static let fatalSignals: [Int32] = {
        var signals: [Int32] = [SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP,
                                SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE, SIGSYS, SIGXCPU, SIGXFSZ, SIGPROF, SIGVTALRM]
        #if os(Linux)
        signals += [SIGSTKFLT, SIGPWR, SIGIO]
        let first = rs_sigrtmin(), last = rs_sigrtmax()
        if first > 0 && last >= first { signals += Array(first...last) }
        #endif
        return signals
    }()

    /// Signals a parent may have set to "ignore" on purpose (nohup, a pipeline): left ignored.
    static let respectIgnored: Set<Int32> = [SIGHUP, SIGPIPE, SIGUSR1, SIGUSR2, SIGALRM, SIGXFSZ, SIGXCPU, SIGPROF, SIGVTALRM]

    /// Installs the handlers: SIGINT asks the loop to quit and SIGTSTP (Ctrl-Z) asks it to suspend —
    /// both only set a flag, the main thread does the work (whichever thread the signal lands on);
    /// every other signal whose default action ends the process (`fatalSignals`) restores the terminal
    /// and then dies of the same signal. SIGWINCH is left to ncurses, which reports it as KEY_RESIZE.
    static func installHandlers() {
        // Touch every global once so none is lazily initialised inside a handler.
        _ = savedModes; _ = haveSavedModes; _ = bytes; _ = byteCount; _ = active; _ = interruptRequested; _ = suspendRequested
        let fatal = fatalSignals
        // A parent may have left these blocked (signal masks are inherited); Ctrl-C, Ctrl-Z, resizes
        // and the fatal signals must reach us.
        var wanted = sigset_t()
        sigemptyset(&wanted)
        for signalNumber in [SIGINT, SIGTSTP, SIGCONT, SIGWINCH] + fatal { sigaddset(&wanted, signalNumber) }
        _ = sigprocmask(SIG_UNBLOCK, &wanted, nil)
        install(SIGINT, handler: { _ in TerminalRestore.interruptRequested = 1 })
        installSuspendHandler()
        for signalNumber in fatal {
            if respectIgnored.contains(signalNumber) && isIgnored(signalNumber) { continue }
            install(signalNumber, handler: { signalNumber in
                TerminalRestore.emergencyRestore()
                var action = sigaction()
                action.__sigaction_handler.sa_handler = SIG_DFL
                sigemptyset(&action.sa_mask)
                _ = sigaction(signalNumber, &action, nil)
                var unblock = sigset_t()
                sigemptyset(&unblock)
                sigaddset(&unblock, signalNumber)
                _ = sigprocmask(SIG_UNBLOCK, &unblock, nil)
                _ = raise(signalNumber)
            })
        }
    }

    /// True when `signalNumber`'s current disposition is SIG_IGN.
    static func isIgnored(_ signalNumber: Int32) -> Bool {
        var current = sigaction()
        _ = sigaction(signalNumber, nil, &current)
        guard let handler = current.__sigaction_handler.sa_handler else { return false }
        return unsafeBitCast(handler, to: Int.self) == 1  // SIG_IGN
    }

    /// Ctrl-Z: only a flag (unless the shell started us with SIGTSTP ignored: then it stays ignored).
    static func installSuspendHandler() {
        if isIgnored(SIGTSTP) { return }
        install(SIGTSTP, handler: { _ in TerminalRestore.suspendRequested = 1 })
    }

    /// Stops the process with the default SIGTSTP action (the caller has given the terminal back),
    /// returning when it is continued (`fg`), with the flag handler installed again.
    static func stopUntilContinued() {
        suspendRequested = 0
        var action = sigaction()
        action.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&action.sa_mask)
        _ = sigaction(SIGTSTP, &action, nil)
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGTSTP)
        _ = sigprocmask(SIG_UNBLOCK, &unblock, nil)
        _ = kill(0, SIGTSTP)  // the whole process group, as the terminal would
        installSuspendHandler()
    }

    /// Puts every handler back to the default (after the terminal is restored normally).
    static func removeHandlers() {
        for signalNumber in [SIGTSTP, SIGINT] + fatalSignals {
            if respectIgnored.contains(signalNumber) && isIgnored(signalNumber) { continue }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = SIG_DFL
            sigemptyset(&action.sa_mask)
            _ = sigaction(signalNumber, &action, nil)
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
