import Foundation
import Testing

/// A detached tmux server with one window running `sh`, for driving the explorer in a real pty:
/// type keys, poll the screen, resize. Each instance has its own socket and is killed on `close()`.
final class TmuxSession {
    /// tmux's path, or nil when it is not installed (the tests that need it are then skipped).
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"] {
            let candidate = "\(directory)/tmux"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    static var available: Bool { executable != nil }

    /// Package root (Tests/EndToEndTests/../..).
    static var packageRoot: URL { BinaryRunner.packageRoot }

    /// The binary under test, as `BinaryRunner` finds it.
    static var binary: String { BinaryRunner.binary }

    let socket: String
    /// A scratch directory for files the shell writes (stty snapshots).
    let scratch: URL
    private var closed = false

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts `shell` (default sh) in a detached width × height window with a clean environment.
    init(width: Int = 100, height: Int = 30, shell: String = "sh", environment: [String: String] = [:]) throws {
        socket = "recscope-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent(socket)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        var arguments = ["-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", "main"]
        var env = ["PS1": "$ ", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]
        for (key, value) in environment { env[key] = value }
        for (key, value) in env.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(key)=\(value)"] }
        arguments.append(shell)
        try tmux(arguments)
        // A fixed window size that follows resize-window, not the (absent) client.
        try tmux(["set-option", "-t", "main", "-g", "window-size", "manual"])
        _ = try waitFor("the shell prompt", timeout: 10) { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }

    deinit { close() }

    func close() {
        guard !closed else { return }
        closed = true
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(at: scratch)
        let socketDirectory = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(socketDirectory)/tmux-\(getuid())/\(socket)")
    }

    /// Runs a tmux command on this session's server; returns its stdout.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        guard let executable = TmuxSession.executable else { throw Failure(description: "tmux is not installed") }
        let (status, output) = try TmuxSession.spawn([executable, "-L", socket] + arguments, outputFile: scratch.appendingPathComponent("tmux.out").path)
        guard status == 0 || arguments.first == "kill-server" else {
            throw Failure(description: "tmux \(arguments.joined(separator: " ")) exited \(status)")
        }
        return output
    }

    /// posix_spawn + waitpid, stdout to a file. (Foundation's `Process` can wait forever here: the
    /// tmux server that `new-session` forks inherits the descriptors Process watches.)
    static func spawn(_ argv: [String], outputFile: String) throws -> (status: Int32, output: String) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        let envStrings = environment.map { "\($0.key)=\($0.value)" }
        var cArgs = argv.map { strdup($0) } + [nil]
        var cEnv = envStrings.map { strdup($0) } + [nil]
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        // A clean signal state: the test runner's threads block signals, and a tmux server (and so
        // the explorer) would inherit that mask — Ctrl-Z and Ctrl-C would then do nothing.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let result = posix_spawn(&pid, argv[0], &actions, &attributes, &cArgs, &cEnv)
        guard result == 0 else { throw Failure(description: "cannot run \(argv[0]): error \(result)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
        let exited = (status & 0x7f) == 0
        return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), output)
    }

    /// Types `text` literally, then Enter.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", "main", "-l", text])
        try tmux(["send-keys", "-t", "main", "Enter"])
    }

    /// Sends key names (tmux syntax: "Enter", "Tab", "C-c", "q").
    func keys(_ names: String...) throws {
        try tmux(["send-keys", "-t", "main"] + names)
    }

    /// The visible screen as text (with SGR escapes when `escapes`).
    func screen(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", "main"] + (escapes ? ["-e"] : []))
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "main", "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the screen every 50 ms until `condition` holds; throws with the last screen on timeout.
    @discardableResult
    func waitFor(_ what: String = "condition", timeout: Double = 20, escapes: Bool = false, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen(escapes: escapes)
            if condition(last) { return last }
            usleep(50_000)
        }
        throw Failure(description: "timed out after \(timeout) s waiting for \(what); screen:\n\(last)")
    }

    func waitFor(text: String, timeout: Double = 20) throws -> String {
        try waitFor("'\(text)'", timeout: timeout) { $0.contains(text) }
    }

    /// Pid of the foreground child of the window's shell (the explorer), if any.
    func childPid() throws -> Int32? {
        let shell = try tmux(["display-message", "-p", "-t", "main", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let (_, output) = try TmuxSession.spawn(["/bin/sh", "-c", "ps -o pid= --ppid \(shell) 2>/dev/null || pgrep -P \(shell)"],
                                                outputFile: scratch.appendingPathComponent("ps.out").path)
        return output.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }.first
    }

    /// Shell-quoted.
    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// The command line that snapshots `stty -g`, runs the explorer, then prints its exit status and
    /// snapshots `stty -g` again (files `before` and `after` in `scratch`).
    func explorerCommand(arguments: String = "", environment: String = "") -> String {
        let before = TmuxSession.quote(scratch.appendingPathComponent("before").path)
        let after = TmuxSession.quote(scratch.appendingPathComponent("after").path)
        return "ulimit -c 0; stty -g > \(before); cd \(TmuxSession.quote(TmuxSession.packageRoot.path)) && \(environment) \(TmuxSession.quote(TmuxSession.binary)) \(arguments); echo EXIT=$?; stty -g > \(after)"
    }

    /// The two `stty -g` snapshots, once the command line has finished.
    func sttySnapshots() throws -> (before: String, after: String) {
        let read = { (name: String) in try String(contentsOf: self.scratch.appendingPathComponent(name), encoding: .utf8) }
        let deadline = Date().addingTimeInterval(5)
        // The shell creates the file before stty writes to it: wait for a complete line.
        while Date() < deadline, (try? read("after"))?.hasSuffix("\n") != true { usleep(50_000) }
        return (try read("before"), try read("after"))
    }

    /// Presses `key` (quit), waits for the shell's `echo EXIT=$?` line, and checks that the alternate
    /// screen was left and `stty -g` is as it was before the explorer started.
    func quitAndCheckTerminal(key: String = "q", expectedStatus: String = "EXIT=0") throws {
        try keys(key)
        let screen = try waitFor(text: expectedStatus)
        #expect(!screen.contains("Rankings ·"), "the alternate screen is left on quit")
        let stty = try sttySnapshots()
        #expect(stty.before == stty.after, "stty -g changed: \(stty.before) → \(stty.after)")
    }

    /// In an interactive bash: starts the explorer with `arguments` (content, so no fit is waited for),
    /// suspends it with Ctrl-Z, resumes it with `fg` (it must redraw), quits, and checks the exit
    /// status and that the terminal's modes are what they were.
    func suspendResumeAndQuit(arguments: String, firstFrameTimeout: TimeInterval = 30) throws {
        let before = scratch.appendingPathComponent("before").path
        let after = scratch.appendingPathComponent("after").path
        try type("stty -g > \(Self.quote(before)); cd \(Self.quote(Self.packageRoot.path))")
        try type(Self.quote(Self.binary) + " --algorithm content " + arguments)
        try waitFor("the first frame", timeout: firstFrameTimeout) { $0.contains("re-ranked 9,742 items in") }
        try keys("C-z")
        try waitFor("the shell after Ctrl-Z") { $0.contains("Stopped") && !$0.contains("Rankings ·") }
        try type("fg")
        try waitFor("the redraw after fg") { $0.contains("Rankings · content") && $0.contains("Users (610)") }
        try keys("q")
        try waitFor("the shell after q") { !$0.contains("Rankings ·") }
        try type("echo EXIT=$?; stty -g > \(Self.quote(after))")
        _ = try waitFor(text: "EXIT=0")
        let stty = try sttySnapshots()
        #expect(stty.before == stty.after)
    }
}
