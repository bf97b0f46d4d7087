import Foundation
import RecEngine

/// `recscope present`: the explorer with a caption bar on top, driven by a scenario. → / space / Enter
/// run the next step (passing over `wait` and `pause`), ← goes back one (replaying from the start),
/// `p` toggles autoplay, `q` quits; other keys go to the explorer, so the presenter can still look around.
///
/// Autoplay runs a step every `autoplaySeconds`; `wait D` holds for D instead and `pause` for the
/// autoplay delay. The bar shows the step, its line, and its real latency.
public final class ScenarioPresenter: ScreenModel {
    public let player: ScenarioPlayer
    /// Seconds between steps while autoplaying.
    public let autoplaySeconds: Double
    public private(set) var autoplay: Bool
    /// Monotonic seconds; tests replace it.
    public var clock: () -> Double = Explorer.monotonicSeconds
    /// When autoplay runs the next step.
    var due: Double
    /// The last step's failure (shown in the bar; playback stops there).
    public private(set) var failure: String?
    var width = 100, height = 30
    /// Rows the caption bar takes at the top.
    public static let barHeight = 2
    /// Draw ASCII only (no UTF-8 locale); passed to the explorer, which is remade when playback goes back.
    public var asciiOnly = false
    /// Where `E` writes screen exports.
    public var exportDirectory = "."

    public init(player: ScenarioPlayer, autoplaySeconds: Double? = nil) {
        self.player = player
        self.autoplaySeconds = autoplaySeconds ?? 3
        self.autoplay = autoplaySeconds != nil
        self.due = 0
        due = clock()
    }

    public var theme: Theme { player.explorer.theme }
    public var hasBackgroundWork: Bool { autoplay && !player.isFinished && failure == nil }

    public func handle(_ key: Key) -> Bool {
        let explorer = player.explorer
        // While the explorer types (search, `:` line) or shows an overlay, keys are its own.
        if case .resize = key {} else if [.command, .search, .help].contains(explorer.inputMode) {
            // q closes an overlay here rather than ending the presentation.
            if explorer.inputMode == .help, key == .character("q") { explorer.perform(.toggleHelp); return true }
            return explorer.handle(key)
        }
        switch key {
        case .mouse(var event):
            event.y -= ScenarioPresenter.barHeight
            return event.y < 0 || explorer.handle(.mouse(event))
        case .right, .character(" "), .enter:
            advance()
        case .left:
            back()
        case .character("p"):
            autoplay.toggle()
            due = clock() + (autoplay ? 0 : autoplaySeconds)
        case .character("q"):
            return false
        case .character("E"):
            // The whole screen, caption bar included.
            var grid = Grid(width: width, height: height)
            render(into: &grid)
            player.explorer.exportDirectory = exportDirectory
            player.explorer.writeScreen(grid, to: nil)
        case .resize(let w, let h):
            width = w
            height = h
            return player.explorer.handle(.resize(width: w, height: max(1, h - ScenarioPresenter.barHeight)))
        default:
            return player.explorer.handle(key)
        }
        return !quitRequested
    }

    /// Runs steps up to and including the next one that is not `wait` / `pause`.
    func advance() {
        while let step = player.upcoming {
            run()
            if failure != nil || !isTiming(step) { break }
        }
        due = clock() + autoplaySeconds
    }

    /// Back to before the previous visible step (and the timing steps just before it).
    func back() {
        var target = player.position
        while target > 0, isTiming(player.scenario.steps[target - 1]) { target -= 1 }
        if target > 0 { target -= 1 }
        while target > 0, isTiming(player.scenario.steps[target - 1]) { target -= 1 }
        failure = nil
        let theme = player.explorer.theme
        do { try player.rewind(to: target) } catch { failure = error.description }
        player.explorer.theme = theme   // a fresh explorer keeps the chosen theme
        player.explorer.perform(.resize(width: width, height: max(1, height - ScenarioPresenter.barHeight)))
        due = clock() + autoplaySeconds
    }

    func run() {
        do {
            let outcome = try player.next()
            if outcome?.quit == true { quitRequested = true }
        } catch {
            failure = error.description
            autoplay = false
        }
    }

    var quitRequested = false

    func isTiming(_ step: Scenario.Step) -> Bool {
        switch step.action {
        case .command(.wait), .command(.pause): true
        default: false
        }
    }

    public func drainBackground() -> Bool {
        var changed = player.explorer.drainBackground()
        guard autoplay, failure == nil, let step = player.upcoming, clock() >= due else { return changed }
        run()
        let following = player.upcoming
        switch step.action {
        case .command(.wait(let seconds)): due = clock() + seconds
        case .command(.pause): due = clock() + autoplaySeconds
        default:
            // A command is followed by the autoplay delay, unless a wait or pause says how long.
            due = clock() + (following.map(isTiming) == true ? 0 : autoplaySeconds)
        }
        changed = true
        return changed
    }

    public func render(into grid: inout Grid) {
        width = grid.width
        height = grid.height
        let bar = ScenarioPresenter.barHeight
        grid.asciiOnly = asciiOnly
        player.explorer.asciiOnly = asciiOnly
        var inner = Grid(width: grid.width, height: max(0, grid.height - bar))
        player.explorer.render(into: &inner)
        grid.clear()
        grid.paste(inner, atY: bar)
        drawBar(into: &grid)
    }

    /// The caption line and the progress line.
    func drawBar(into grid: inout Grid) {
        guard grid.height > ScenarioPresenter.barHeight, grid.width > 0 else { return }
        grid.fill(Rect(x: 0, y: 0, width: grid.width, height: 1), style: Style(.normal, [.bold, .reverse]))
        let caption = failure ?? player.caption ?? ""
        grid.put(" " + caption, x: 0, y: 0, maxWidth: grid.width, style: failure != nil ? Style(.red, [.bold, .reverse]) : Style(.normal, [.bold, .reverse]))
        grid.put(progressLine, x: 0, y: 1, maxWidth: grid.width, style: .dim)
    }

    /// `step 3/12 · line 7 click 1997 · 0.42 ms · → next ← back p autoplay q quit`.
    public var progressLine: String {
        let steps = player.scenario.steps.count
        var parts = [" step \(player.position)/\(steps)"]
        if let last = player.last {
            parts.append("line \(last.step.line): \(last.step.text)")
            parts.append(Format.duration(microseconds: last.seconds * 1e6))
        } else {
            parts.append("press → to start")
        }
        if player.isFinished { parts.append("end of scenario") }
        parts.append((autoplay ? "autoplay on" : "→ next") + " · ← back · p autoplay · q quit")
        return parts.joined(separator: " · ")
    }
}
