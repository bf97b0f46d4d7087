import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The cache files survive crashes (issue 9): `recscope recommend --algo als` killed with SIGKILL at
/// many moments of a cold run (while parsing, fitting, writing the data set snapshot or the model
/// file), a cache file truncated or with a flipped byte, and two processes filling one empty cache at
/// once never make a later run print a different ranking or fail. `RECSCOPE_SNAPSHOT_MIN_BYTES=0`
/// makes the small generated data set get a snapshot too, so both cache writers are exercised.
@Suite(.serialized) struct CacheCrashTests {
    /// A generated generic data set shared by the tests (generated once per process).
    static let data: String = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-e2e-crash-\(UUID().uuidString)").path
        let result = try? BinaryRunner.run(["generate", directory, "--items", "400", "--users", "80", "--events", "6000", "--seed", "9"])
        precondition(result?.status == 0, "recscope generate failed: \(result?.stderr ?? "did not start")")
        return directory
    }()

    static var arguments: [String] { ["recommend", "--data", data, "--algo", "als", "--user", "u1", "-k", "10"] }

    /// The ranking with the cache bypassed: what every cached run must print.
    static let expected: String = {
        let result = try? BinaryRunner.run(arguments + ["--no-cache"])
        precondition(result?.status == 0, "recscope recommend --no-cache failed: \(result?.stderr ?? "did not start")")
        return result!.stdout
    }()

    func emptyCache(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("recscope-e2e-cache-\(name)-\(UUID().uuidString)").path
    }

    func environment(_ cache: String) -> [String: String] {
        ["RECSCOPE_CACHE_DIR": cache, "RECSCOPE_SNAPSHOT_MIN_BYTES": "0"]
    }

    /// Runs the command to completion with `cache` and checks it exits 0 and prints the reference ranking.
    func expectReferenceRun(_ cache: String, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try BinaryRunner.run(Self.arguments, environment: environment(cache))
        #expect(result.status == 0, "\(context): exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout == Self.expected, "\(context): ranking differs", sourceLocation: sourceLocation)
    }

    /// Finished cache files (model files and snapshots), leaving out writers' temporaries.
    func cacheFiles(_ cache: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []
        return names.filter { !$0.contains(".tmp-") }.sorted().map { (cache as NSString).appendingPathComponent($0) }
    }

    /// Starts the command without waiting, output discarded.
    func start(_ cache: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BinaryRunner.binary)
        process.arguments = Self.arguments
        process.currentDirectoryURL = BinaryRunner.packageRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment(cache)) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func cachedRunsMatchTheUncachedRanking() throws {
        #expect(!Self.expected.isEmpty)
        let cache = emptyCache("plain")
        defer { try? FileManager.default.removeItem(atPath: cache) }
        try expectReferenceRun(cache, "cold run")
        let files = cacheFiles(cache)
        #expect(files.contains { $0.hasSuffix(".snap") }, "no snapshot written: \(files)")
        #expect(files.contains { $0.hasSuffix(".bin") }, "no model file written: \(files)")
        try expectReferenceRun(cache, "warm run")
    }

    @Test func sigkillAtAnyMomentNeverCorruptsALaterRun() throws {
        // Time one cold run, then kill cold runs at ten moments spread over it; each kill gets its own
        // empty cache so every moment of the write path is hit, then the same command must finish.
        let timing = emptyCache("timing")
        defer { try? FileManager.default.removeItem(atPath: timing) }
        let clock = ContinuousClock()
        let started = clock.now
        let cold = try start(timing)
        cold.waitUntilExit()
        let duration = clock.now - started
        #expect(cold.terminationStatus == 0)
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        var killedBeforeExit = 0
        for step in 0..<10 {
            let cache = emptyCache("kill\(step)")
            defer { try? FileManager.default.removeItem(atPath: cache) }
            let delay = seconds * (Double(step) + 0.5) / 10
            let process = try start(cache)
            usleep(useconds_t(delay * 1e6))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killedBeforeExit += 1 }
            let context = "killed after \(String(format: "%.3f", delay)) s of \(String(format: "%.3f", seconds)) s"
            // Whatever the kill left (stray temporaries, nothing, or finished files), the next run is right…
            try expectReferenceRun(cache, context + ", first run after")
            #expect(!cacheFiles(cache).isEmpty, "\(context): nothing cached after a complete run")
            // …and so is the one after it, from the cache that run left.
            try expectReferenceRun(cache, context + ", second run after")
        }
        // Most moments must fall inside the run, or the test proved nothing.
        #expect(killedBeforeExit >= 5, "only \(killedBeforeExit) of 10 kills hit a running process")
    }

    @Test func truncatedOrFlippedCacheFilesAreRebuilt() throws {
        let cache = emptyCache("corrupt")
        defer { try? FileManager.default.removeItem(atPath: cache) }
        try expectReferenceRun(cache, "cold run")
        let files = cacheFiles(cache)
        #expect(files.count >= 2, "expected a snapshot and a model file: \(files)")
        for file in files {
            let name = (file as NSString).lastPathComponent
            let original = try Data(contentsOf: URL(fileURLWithPath: file))
            for damage in ["truncated to half", "truncated to 0", "byte flipped at middle", "byte flipped near end", "byte flipped in header"] {
                var bytes = original
                switch damage {
                case "truncated to half": bytes = original.prefix(original.count / 2)
                case "truncated to 0": bytes = Data()
                case "byte flipped at middle": bytes[original.count / 2] ^= 0x5A
                case "byte flipped near end": bytes[original.count - 3] ^= 0x01
                default: bytes[min(9, original.count - 1)] ^= 0x80
                }
                try bytes.write(to: URL(fileURLWithPath: file))
                try expectReferenceRun(cache, "\(name) \(damage)")
                // The damaged file was replaced by a good one: the next run loads it and agrees.
                try expectReferenceRun(cache, "\(name) \(damage), run after rebuild")
                let restored = try Data(contentsOf: URL(fileURLWithPath: file))
                #expect(restored == original, "\(name) \(damage): rewritten file differs from the first one")
            }
        }
    }

    @Test func twoProcessesFillingOneEmptyCacheAgree() throws {
        for round in 0..<2 {
            let cache = emptyCache("race\(round)")
            defer { try? FileManager.default.removeItem(atPath: cache) }
            let a = Process(), b = Process()
            var pipes: [(Pipe, Pipe)] = []
            for process in [a, b] {
                process.executableURL = URL(fileURLWithPath: BinaryRunner.binary)
                process.arguments = Self.arguments
                process.currentDirectoryURL = BinaryRunner.packageRoot
                process.environment = ProcessInfo.processInfo.environment.merging(environment(cache)) { $1 }
                process.standardInput = FileHandle.nullDevice
                let out = Pipe(), err = Pipe()
                process.standardOutput = out
                process.standardError = err
                pipes.append((out, err))
            }
            try a.run()
            try b.run()
            var outputs: [(String, String)] = []
            for (out, err) in pipes {
                let stdout = out.fileHandleForReading.readDataToEndOfFile()
                let stderr = err.fileHandleForReading.readDataToEndOfFile()
                outputs.append((String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self)))
            }
            a.waitUntilExit()
            b.waitUntilExit()
            #expect(a.terminationStatus == 0, "first process: \(outputs[0].1)")
            #expect(b.terminationStatus == 0, "second process: \(outputs[1].1)")
            #expect(outputs[0].0 == Self.expected, "round \(round): first process's ranking differs")
            #expect(outputs[1].0 == Self.expected, "round \(round): second process's ranking differs")
            try expectReferenceRun(cache, "round \(round): third run from the shared cache")
        }
    }
}
