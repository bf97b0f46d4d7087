import Foundation
import RecUI

/// Writes an asciicast v2 recording (asciinema's format: a JSON header line, then one
/// `[seconds, "o", data]` event a line) of the frames the explorer draws: each frame's changed cells
/// as ANSI text (cursor moves, SGR styles), so `asciinema play FILE` shows what the screen showed and
/// `agg FILE out.gif` turns it into a GIF. Pauses longer than `idleLimit` are shortened to it.
///
/// The file is opened (and the header written) in `init`, so a path that cannot be written is
/// refused before the screen opens. Cost per frame: O(cells) to diff, O(changed cells) to write.
public final class AsciicastRecorder {
    private let handle: FileHandle
    public let path: String
    public let idleLimit: Double?
    private var previous: Grid?
    private var lastEventTime: Double
    /// Recording time so far: wall time with long pauses cut to `idleLimit`.
    private var time: Double = 0
    private var lastTheme: Theme?
    /// Events written (for tests).
    public private(set) var events = 0
    private let clock: () -> Double

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private let title: String?
    private var headerWritten = false

    /// Creates (truncates) the file; the header is written with the first frame, when the terminal's
    /// size is known.
    public init(path: String, idleLimit: Double? = nil, title: String? = nil,
                clock: @escaping () -> Double = Explorer.monotonicSeconds) throws {
        self.path = path
        self.idleLimit = idleLimit
        self.clock = clock
        self.title = title
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw Failure(description: "cannot write the recording \(path) (does its directory exist and is it writable?)")
        }
        self.handle = handle
        lastEventTime = clock()
    }

    private func writeHeader(width: Int, height: Int) {
        headerWritten = true
        lastEventTime = clock()
        var header: [String: Any] = ["version": 2, "width": width, "height": height,
                                     "timestamp": Int(Date().timeIntervalSince1970),
                                     "env": ["TERM": "xterm-256color", "SHELL": "/bin/sh"]]
        if let idleLimit { header["idle_time_limit"] = idleLimit }
        if let title { header["title"] = title }
        guard let data = try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]) else { return }
        handle.write(data + Data("\n".utf8))
    }

    deinit { try? handle.close() }

    /// Records one frame: the cells that differ from the previous frame (all of them the first time,
    /// after a resize or a theme change).
    public func frame(_ grid: Grid, theme: Theme) {
        if !headerWritten { writeHeader(width: grid.width, height: grid.height) }
        var out = ""
        if previous?.width != grid.width || previous?.height != grid.height || lastTheme != theme {
            if previous != nil, previous?.width != grid.width || previous?.height != grid.height {
                write("r", "\(grid.width)x\(grid.height)")
            }
            previous = nil
            out += "\u{1B}[0m\u{1B}[2J"
        }
        var style: Style?
        for y in 0..<grid.height {
            var x = 0
            var cursorAt: Int?
            while x < grid.width {
                let cell = grid[x, y]
                let changed = previous.map { $0[x, y] != cell } ?? true
                if changed && !cell.isContinuation {
                    if cursorAt != x { out += "\u{1B}[\(y + 1);\(x + 1)H" }
                    let shown = theme.apply(cell.style)
                    if shown != style { out += AsciicastRecorder.sgr(shown); style = shown }
                    out.append(cell.character)
                    cursorAt = x + max(1, Int(cell.width))
                }
                x += 1
            }
        }
        previous = grid
        lastTheme = theme
        if !out.isEmpty { write("o", out + "\u{1B}[0m") }
    }

    /// SGR for a style: reset, then bold/dim/underline/reverse and the foreground colour.
    static func sgr(_ style: Style) -> String {
        var codes = ["0"]
        if style.attributes.contains(.bold) { codes.append("1") }
        if style.attributes.contains(.dim) { codes.append("2") }
        if style.attributes.contains(.underline) { codes.append("4") }
        if style.attributes.contains(.reverse) { codes.append("7") }
        if style.colour != .normal { codes.append(String(30 + Int(style.colour.rawValue))) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    private func write(_ kind: String, _ data: String) {
        let now = clock()
        var gap = max(0, now - lastEventTime)
        if let idleLimit { gap = min(gap, idleLimit) }
        lastEventTime = now
        time += gap
        guard let json = try? JSONSerialization.data(withJSONObject: [kind, data], options: []),
              let array = String(data: json, encoding: .utf8) else { return }
        // [time, "o", "data"]: the time first, with microsecond precision.
        let line = "[" + String(format: "%.6f", time) + "," + array.dropFirst()
        handle.write(Data((line + "\n").utf8))
        events += 1
    }
}

/// A screen model that records every frame it renders (`--record`).
public final class RecordingScreenModel: ScreenModel {
    public let model: ScreenModel
    public let recorder: AsciicastRecorder

    public init(_ model: ScreenModel, recorder: AsciicastRecorder) {
        self.model = model
        self.recorder = recorder
    }

    public func handle(_ key: Key) -> Bool { model.handle(key) }
    public func handle(batch keys: [Key]) -> Bool { model.handle(batch: keys) }
    public func render(into grid: inout Grid) {
        model.render(into: &grid)
        recorder.frame(grid, theme: model.theme)
    }
    public func drainBackground() -> Bool { model.drainBackground() }
    public var theme: Theme { model.theme }
    public var hasBackgroundWork: Bool { model.hasBackgroundWork }
}
