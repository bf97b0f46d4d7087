import Foundation
import Testing
@testable import RecEngine
#if canImport(Glibc)
import Glibc
#endif

/// Temporaries of killed cache writers are removed when the cache is opened; a live writer's never.
@Suite struct StaleTemporariesTests {
    /// The pid of a process that has exited and been reaped.
    func deadPID() throws -> pid_t {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-stale-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes a partial temporary next to `final` as writer `pid` would name it; returns its name.
    func plant(in directory: String, final: String, pid: pid_t, ageSeconds: Double = 0) throws -> String {
        let name = final + ".tmp-\(pid)-\(UInt64.random(in: 0...UInt64.max))"
        let path = (directory as NSString).appendingPathComponent(name)
        try Data("partial".utf8).write(to: URL(fileURLWithPath: path))
        if ageSeconds > 0 {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -ageSeconds)], ofItemAtPath: path)
        }
        return name
    }

    func names(_ directory: String) -> Set<String> { Set((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []) }

    @Test func modelCacheRemovesADeadWritersTemporaryAndKeepsALiveOne() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let final = "00000000000000aa-ease-00000000000000bb.bin"
        let dead = try plant(in: directory, final: final, pid: try deadPID())
        let live = try plant(in: directory, final: final, pid: getpid())
        let matrix = binaryMatrix(itemCount: 7, smallUsers)
        _ = try ModelCache(directory: directory).ease(matrix, parameters: EASEParameters(lambda: 2))
        let after = names(directory)
        #expect(!after.contains(dead))
        #expect(after.contains(live))
        #expect(after.contains { $0.hasSuffix(".bin") && !$0.contains(".tmp-") })
    }

    @Test func snapshotOpenRemovesADeadWritersTemporaryAndKeepsALiveOne() throws {
        let cache = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-stale-data-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        _ = try DatasetGenerator.write(GeneratorSpec(items: 50, users: 10, events: 200, seed: 3), to: data)
        let snapshot = DatasetSnapshot(directory: cache, minimumInputBytes: 0)
        let final = (snapshot.path(forData: data) as NSString).lastPathComponent
        let dead = try plant(in: cache, final: final, pid: try deadPID())
        let live = try plant(in: cache, final: final, pid: getpid())
        #expect(try snapshot.loadEngine(dataDirectory: data, options: LoadOptions()).outcome == .written)
        #expect(!names(cache).contains(dead))
        #expect(names(cache).contains(live))
        // Opened again (read, nothing written): a temporary left meanwhile by a dead writer goes too.
        let later = try plant(in: cache, final: final, pid: try deadPID())
        #expect(try snapshot.loadEngine(dataDirectory: data, options: LoadOptions()).outcome == .loaded)
        #expect(!names(cache).contains(later))
        #expect(names(cache).contains(live))
    }

    @Test func anHourOldTemporaryGoesEvenWithALivePIDAndOtherFilesStay() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let old = try plant(in: directory, final: "x.bin", pid: getpid(), ageSeconds: StaleTemporaries.maximumAge + 60)
        let otherLive = try plant(in: directory, final: "y.bin", pid: 1)  // init: alive (EPERM counts as alive)
        let unrelated = ["x.bin", "notes.tmp-abc", "z.bin.tmp-12-"]
        for name in unrelated { try Data().write(to: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(name))) }
        #expect(StaleTemporaries.remove(in: directory) == [old])
        #expect(names(directory) == Set(unrelated + [otherLive]))
    }

    @Test func writerPIDParsesOnlyTheWritersNameShape() {
        #expect(StaleTemporaries.writerPID(of: "a-b.bin.tmp-123-9876543210") == 123)
        #expect(StaleTemporaries.writerPID(of: "dataset-00ff.snap.tmp-7-0") == 7)
        #expect(StaleTemporaries.writerPID(of: "a.bin.tmp-123") == nil)
        #expect(StaleTemporaries.writerPID(of: "a.bin.tmp--5-1") == nil)
        #expect(StaleTemporaries.writerPID(of: "a.bin.tmp-0-1") == nil)
        #expect(StaleTemporaries.writerPID(of: "a.bin.tmp-1-2-3") == nil)
        #expect(StaleTemporaries.writerPID(of: "a.bin") == nil)
    }
}
