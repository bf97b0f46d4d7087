import RecUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a screen model on the real terminal until it asks to quit or Ctrl-C arrives, restoring the
/// terminal on every way out, and suspending on Ctrl-Z (redrawing everything on `fg`). Key → model → render → draw, one way; the loop waits for input with a
/// short timeout only while the model has background work to fold in.
public enum TerminalRunLoop {
    public static func run(_ model: ScreenModel, options: Terminal.Options) throws {
        let terminal = try Terminal(options: options)
        defer { terminal.stop() }
        var (width, height) = terminal.size
        _ = model.handle(.resize(width: width, height: height))
        var grid = Grid(width: width, height: height)
        var needsFrame = true
        while !terminal.interrupted {
            if terminal.suspendRequested {
                terminal.suspend()
                needsFrame = true
                (width, height) = terminal.size
                _ = model.handle(.resize(width: width, height: height))
            }
            if needsFrame {
                if grid.width != width || grid.height != height { grid = Grid(width: width, height: height) }
                model.render(into: &grid)
                terminal.draw(grid, theme: model.theme)
                needsFrame = false
            }
            let timeout = model.hasBackgroundWork ? 30 : 250
            if let key = terminal.readKey(timeoutMilliseconds: timeout) {
                // Everything already typed ahead goes in one batch: one filter, one frame.
                let keys = [key] + terminal.readPending()
                for case .resize(let w, let h) in keys { width = w; height = h }
                if !model.handle(batch: keys) { break }
                needsFrame = true
            } else {
                // Timeout: also the moment to notice a resize that happened while suspended (Ctrl-Z).
                let now = terminal.size
                if now.width != width || now.height != height {
                    (width, height) = now
                    _ = model.handle(.resize(width: width, height: height))
                    needsFrame = true
                }
            }
            if model.drainBackground() { needsFrame = true }
        }
    }
}
