import CNCursesW
import Foundation

/// `--record`: the real bytes curses writes to the terminal, teed into an asciicast recording.
///
/// ncurses writes with write(2) on its output descriptor (not through stdio), so a FILE* that
/// copies cannot catch them. Instead curses writes to the slave of a pseudo-terminal opened with the
/// real terminal's size and modes, and a thread copies every byte from the master side to the real
/// terminal and, time-stamped, into the recording — as `asciinema rec` records a child's pty. The
/// slave's line discipline processes the output exactly as the real terminal's would (the real one
/// then gets OPOST off, so nothing is processed twice). Keys are still read from stdin; the modes
/// curses sets on the slave (cbreak, noecho) are mirrored onto the real terminal, and the real
/// terminal's size onto the slave on every SIGWINCH (before curses's own handler runs).
///
/// Cost: one extra copy of the output through the kernel (a few KB per frame).
final class TerminalTee {
    let recorder: AsciicastRecorder
    let master: Int32
    let slave: Int32
    private var copier: Thread?
    private let copierDone = DispatchSemaphore(value: 0)
    /// Held by the copier from reading a chunk until it is written everywhere, so `drain` sees either
    /// bytes still waiting on the master or all of them delivered.
    private let copying = NSLock()
    private var finished = false

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Opens the pseudo-terminal like the real one and starts the recording (header with its size).
    init(recorder: AsciicastRecorder) throws {
        self.recorder = recorder
        var master: Int32 = -1, slave: Int32 = -1
        guard rs_open_pty_like(STDIN_FILENO, STDOUT_FILENO, &master, &slave) == 0 else {
            throw Failure(description: "cannot open a pseudo-terminal to record through: \(String(cString: strerror(errno)))")
        }
        self.master = master
        self.slave = slave
        var size = winsize()
        _ = ioctl(slave, UInt(TIOCGWINSZ), &size)
        recorder.start(width: Int(size.ws_col), height: Int(size.ws_row))
    }

    /// Starts copying master → real terminal + recording, on a thread of its own.
    func startCopying() {
        let master = self.master, recorder = self.recorder, done = copierDone, copying = self.copying
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            while true {
                descriptor.revents = 0
                let ready = poll(&descriptor, 1, -1)
                if ready < 0 && errno == EINTR { continue }
                if ready <= 0 { break }
                copying.lock()
                let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
                let failure = errno
                if n > 0 {
                    buffer.withUnsafeBytes { bytes in
                        let chunk = UnsafeRawBufferPointer(rebasing: bytes[0..<n])
                        TerminalTee.writeAll(STDOUT_FILENO, chunk)
                        recorder.output(chunk)
                    }
                }
                copying.unlock()
                if n < 0 && (failure == EINTR || failure == EAGAIN) { continue }
                if n <= 0 { break }  // EIO: every slave descriptor is closed
            }
            done.signal()
        }
        thread.name = "recscope-record"
        thread.start()
        copier = thread
    }

    /// Gives the real terminal the modes curses set on the slave (output processing off). Call after
    /// curses changed them: at start and after a suspend.
    func mirrorModes() {
        _ = rs_copy_modes_raw_output(slave, STDIN_FILENO)
    }

    /// Relays SIGWINCH: the real terminal's size is copied onto the slave, then curses's handler runs.
    func relayResizes() {
        WinchRelay.install(from: STDOUT_FILENO, to: slave)
    }

    /// Waits (up to `limit` seconds) until the copier has read what curses wrote so far.
    /// The pty hands the slave's output to the master asynchronously, so "nothing waiting" must be
    /// seen twice, a few milliseconds apart, with the copier not in the middle of a chunk.
    func drain(limit: Double = 0.5) {
        _ = tcdrain(slave)
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(limit * 1e9)
        var quiet = 0
        while quiet < 2 && DispatchTime.now().uptimeNanoseconds < deadline {
            copying.lock()
            let pending = rs_pending_bytes(master)
            copying.unlock()
            quiet = pending == 0 ? quiet + 1 : 0
            usleep(2_000)
        }
    }

    /// Ends the tee after curses has let go of the slave: waits for the copier to write the last bytes,
    /// closes the pty and the recording. Idempotent.
    func finish(closingSlave closeSlave: () -> Void) {
        guard !finished else { return }
        finished = true
        WinchRelay.remove()
        drain()
        closeSlave()  // the last slave descriptor: the copier reads what is left, then EIO
        if copier != nil { _ = copierDone.wait(timeout: .now() + 2) }
        close(master)
        recorder.finish()
    }

    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            let n = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }
}

/// SIGWINCH while recording: copy the real terminal's size onto the pseudo-terminal curses writes
/// to, then let curses's own handler (installed by newterm) see the signal, so the KEY_RESIZE it
/// produces carries the new size. The handler only makes two ioctls and calls the previous handler.
enum WinchRelay {
    nonisolated(unsafe) static var from: Int32 = -1
    nonisolated(unsafe) static var to: Int32 = -1
    nonisolated(unsafe) static var previous = sigaction()
    nonisolated(unsafe) static var installed = false

    static func install(from source: Int32, to target: Int32) {
        guard !installed else { return }
        from = source
        to = target
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signalNumber in WinchRelay.relay(signalNumber) }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        if sigaction(SIGWINCH, &action, &previous) == 0 { installed = true }
    }

    static func remove() {
        guard installed else { return }
        installed = false
        _ = sigaction(SIGWINCH, &previous, nil)
        from = -1
        to = -1
    }

    static func relay(_ signalNumber: Int32) {
        if from >= 0 && to >= 0 { rs_copy_winsize(from, to) }
        if previous.sa_flags & SA_SIGINFO != 0 {
            previous.__sigaction_handler.sa_sigaction?(signalNumber, nil, nil)
        } else if let handler = previous.__sigaction_handler.sa_handler {
            let raw = unsafeBitCast(handler, to: Int.self)
            if raw != 0 && raw != 1 { handler(signalNumber) }  // not SIG_DFL / SIG_IGN
        }
    }
}
