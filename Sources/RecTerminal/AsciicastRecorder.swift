import Foundation
import Synchronization

/// Writes an asciicast v2 recording (asciinema's format): a JSON header line
/// `{"version": 2, "width", "height", "timestamp", …}`, then one `[seconds, "o", data]` event a line
/// with the bytes the program wrote to the terminal (`TerminalTee` hands them over as curses writes
/// them), and `[seconds, "r", "WxH"]` when the terminal is resized. `asciinema play FILE` shows what
/// the screen showed; `agg FILE out.gif` makes a GIF. Pauses longer than `idleLimit` are shortened.
///
/// The file is created in `init`, so a path that cannot be written is refused before the screen
/// opens. Thread-safe: output arrives on the tee's thread, resizes on the input loop.
/// Cost per event: one JSON encoding of the bytes and one write(2).
public final class AsciicastRecorder: Sendable {
    public let path: String
    public let idleLimit: Double?
    private let title: String?
    private let clock: @Sendable () -> Double

    private struct State {
        var descriptor: Int32
        var headerWritten = false
        var lastEventTime: Double = 0
        /// Recording time so far: wall time with long pauses cut to `idleLimit`.
        var time: Double = 0
        var events = 0
        /// The start of a UTF-8 sequence split across two reads, kept for the next event.
        var partial: [UInt8] = []
    }
    private let state: Mutex<State>

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Creates (truncates) the file. Throws `Failure` naming the path when it cannot be written.
    public init(path: String, idleLimit: Double? = nil, title: String? = nil,
                clock: @escaping @Sendable () -> Double = AsciicastRecorder.monotonicSeconds) throws {
        self.path = path
        self.idleLimit = idleLimit
        self.title = title
        self.clock = clock
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw Failure(description: "cannot write the recording \(path): \(String(cString: strerror(errno))) (does its directory exist and is it writable?)")
        }
        state = Mutex(State(descriptor: descriptor))
    }

    deinit { finish() }

    /// Monotonic seconds.
    public static func monotonicSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Events written so far (header excluded).
    public var events: Int { state.withLock { $0.events } }

    /// Writes the header for a `width` × `height` terminal; the recording's clock starts here.
    public func start(width: Int, height: Int) {
        var header: [String: Any] = ["version": 2, "width": width, "height": height,
                                     "timestamp": Int(Date().timeIntervalSince1970),
                                     "env": ["TERM": ProcessInfo.processInfo.environment["TERM"] ?? "xterm-256color", "SHELL": "/bin/sh"]]
        if let idleLimit { header["idle_time_limit"] = idleLimit }
        if let title { header["title"] = title }
        guard let json = try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]) else { return }
        let now = clock()
        state.withLock { state in
            guard !state.headerWritten, state.descriptor >= 0 else { return }
            state.headerWritten = true
            state.lastEventTime = now
            AsciicastRecorder.writeAll(state.descriptor, Array(json) + [0x0A])
        }
    }

    /// Records bytes written to the terminal as one `"o"` event. A UTF-8 sequence cut at the end is
    /// held back and completed by the next call.
    public func output(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        let now = clock()
        state.withLock { state in
            guard state.headerWritten, state.descriptor >= 0 else { return }
            var data = state.partial
            data.append(contentsOf: bytes)
            let cut = AsciicastRecorder.completePrefix(data)
            state.partial = Array(data[cut...])
            guard cut > 0 else { return }
            AsciicastRecorder.event(&state, now: now, idleLimit: idleLimit, kind: "o", text: String(decoding: data[..<cut], as: UTF8.self))
        }
    }

    /// Records a resize as an `"r"` event (`"100x30"`).
    public func resize(width: Int, height: Int) {
        let now = clock()
        state.withLock { state in
            guard state.headerWritten, state.descriptor >= 0 else { return }
            AsciicastRecorder.event(&state, now: now, idleLimit: idleLimit, kind: "r", text: "\(width)x\(height)")
        }
    }

    /// Writes what is held back and closes the file. Idempotent.
    public func finish() {
        let now = clock()
        state.withLock { state in
            guard state.descriptor >= 0 else { return }
            if state.headerWritten, !state.partial.isEmpty {
                AsciicastRecorder.event(&state, now: now, idleLimit: idleLimit, kind: "o", text: String(decoding: state.partial, as: UTF8.self))
                state.partial = []
            }
            close(state.descriptor)
            state.descriptor = -1
        }
    }

    /// Length of the longest prefix of `bytes` that does not end inside a UTF-8 sequence.
    static func completePrefix(_ bytes: [UInt8]) -> Int {
        var start = bytes.count
        // Back over at most three continuation bytes to the lead byte of the last sequence.
        while start > 0, bytes.count - start < 4, bytes[start - 1] & 0xC0 == 0x80 { start -= 1 }
        guard start > 0 else { return bytes.count }
        let lead = bytes[start - 1]
        let needed = lead >= 0xF0 ? 4 : (lead >= 0xE0 ? 3 : (lead >= 0xC0 ? 2 : 1))
        let have = bytes.count - (start - 1)
        return have < needed ? start - 1 : bytes.count
    }

    private static func event(_ state: inout State, now: Double, idleLimit: Double?, kind: String, text: String) {
        var gap = max(0, now - state.lastEventTime)
        if let idleLimit { gap = min(gap, idleLimit) }
        state.lastEventTime = now
        state.time += gap
        guard let json = try? JSONSerialization.data(withJSONObject: [kind, text], options: [.fragmentsAllowed]) else { return }
        // [time, "o", "data"]: the time first, with microsecond precision.
        var line = Array("[\(String(format: "%.6f", state.time)),".utf8)
        line.append(contentsOf: json.dropFirst())
        line.append(0x0A)
        writeAll(state.descriptor, line)
        state.events += 1
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) {
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            written += n
        }
    }
}
