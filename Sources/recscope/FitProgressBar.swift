import Foundation
import RecEngine

/// Shows how far model fits have got, on stderr.
///
/// - stderr is a terminal (and the command was not asked for `--json`): one line redrawn in place at
///   most ten times a second — `fitting als  [██████▌      ]  52%  12 s, about 11 s left` — erased when
///   the fit ends (the caller then prints `recscope: fitted als in N ms`).
/// - otherwise (a pipe, a log file, CI, or `--json`): one plain line when each fit starts,
///   `recscope: fitting als…`; no in-place redraws, so logs stay one line per phase.
/// Models restored from the cache report no progress, so they show neither.
final class FitProgressBar {
    private let interactive: Bool
    private let width: Int
    private var current: Algorithm?
    private var started = DispatchTime.now()
    private var lastDraw: UInt64 = 0
    private var drawn = false
    private var phaseStarted: DispatchTime?

    /// `allowBar` false (under `--json`) forces the plain lines.
    init(allowBar: Bool = true) {
        interactive = allowBar && isatty(STDERR_FILENO) == 1
        var size = winsize()
        let columns = ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
        width = max(10, min(40, columns - 50))
    }

    /// The string progress lines of `Engine.fitCollaborativeModels`: "fitting NAME" starts the clock
    /// of the next fit (its first fraction arrives after some work is done).
    func phase(_ line: String) {
        if line.hasPrefix("fitting ") { phaseStarted = DispatchTime.now() }
    }

    /// A fit's fraction: (re)draws the bar.
    func update(_ progress: FitProgress) {
        if progress.algorithm != current {
            finish()
            current = progress.algorithm
            started = phaseStarted ?? DispatchTime.now()
            phaseStarted = nil
            if !interactive { write("recscope: fitting \(progress.algorithm.rawValue)…\n") }
        }
        guard interactive else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastDraw >= 100_000_000 || progress.fraction >= 1 else { return }
        lastDraw = now
        write("\r" + progress.line(elapsed: Double(now - started.uptimeNanoseconds) / 1e9, width: width) + "\u{1B}[K")
        drawn = true
    }

    /// Erases the bar (before the caller's "fitted" line or any other stderr output).
    func finish() {
        if drawn { write("\r\u{1B}[K") }
        drawn = false
        current = nil
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
