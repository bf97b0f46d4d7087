import Foundation
import RecEngine

extension BenchCommand {
    /// `recscope bench --load`: loading alone — parse + intern + events + content space + popularity —
    /// as medians over `--loads` runs in this process (the files are in the page cache after the first).
    func runLoadBenchmark() throws {
        let directory = dataOptions.resolvedDirectory()
        let options = LoadOptions(lenient: dataOptions.lenient)
        let inputBytes = LoadBenchmark.inputBytes(directory: directory)
        var parse = Samples(), features = Samples(), total = Samples(), coldCPU = Samples()
        var residentAfterLoad = 0
        var name = "", items = 0, users = 0, events = 0, path = ""
        for run in 0..<loads {
            let start = DispatchTime.now().uptimeNanoseconds, cpu = LoadBenchmark.cpuSeconds()
            let dataset = try parse.time { try DatasetLoader.load(directory: directory, options: options) }
            let engine = features.time { Engine(dataset: dataset, directory: directory) }
            total.add(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000)
            coldCPU.add((LoadBenchmark.cpuSeconds() - cpu) * 1e6)
            if run == 0 {
                residentAfterLoad = LoadBenchmark.residentBytes()
                name = engine.dataset.name; items = engine.dataset.catalog.count; users = engine.dataset.users.count
                events = engine.dataset.eventCount; path = engine.dataset.loadPath
            }
        }
        // Warm: a snapshot written once into a fresh directory, then read `loads` times.
        let cache = (NSTemporaryDirectory() as NSString).appendingPathComponent("recscope-bench-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let snapshot = DatasetSnapshot(directory: cache, minimumInputBytes: 0)
        var write = Samples(), warm = Samples(), warmCPU = Samples()
        var warmOutcome = "", warmPath = ""
        if !options.lenient {
            _ = try write.time { try snapshot.loadEngine(dataDirectory: directory, options: options) }
            for _ in 0..<loads {
                let cpu = LoadBenchmark.cpuSeconds()
                let loaded = try warm.time { try snapshot.loadEngine(dataDirectory: directory, options: options) }
                warmCPU.add((LoadBenchmark.cpuSeconds() - cpu) * 1e6)
                warmOutcome = loaded.outcome.rawValue
                warmPath = loaded.engine.dataset.loadPath
            }
        }
        let snapshotBytes = (try? FileManager.default.attributesOfItem(atPath: snapshot.path(forData: directory)))?[.size] as? Int ?? 0
        let peak = LoadBenchmark.peakResidentBytes()
        let megabytes = Double(inputBytes) / 1e6
        if json {
            emit(.object([
                ("data", .string(name)), ("items", .int(items)), ("users", .int(users)), ("events", .int(events)),
                ("input_mb", .double(megabytes)), ("path", .string(path)), ("runs", .int(loads)),
                ("cold_ms", .object([("median", .double(total.median / 1000)), ("parse_median", .double(parse.median / 1000)),
                                     ("features_median", .double(features.median / 1000)), ("cpu_median", .double(coldCPU.median / 1000))])),
                ("cold_mb_per_s", .double(megabytes / (total.median / 1e6))),
                ("first_load_with_snapshot_write_ms", .double(write.median / 1000)),
                ("warm_ms", .object([("median", .double(warm.median / 1000)), ("cpu_median", .double(warmCPU.median / 1000)),
                                     ("source", .string(warmOutcome)), ("phases", .string(warmPath))])),
                ("warm_mb_per_s", .double(megabytes / (warm.median / 1e6))),
                ("snapshot_mb", .double(Double(snapshotBytes) / 1e6)),
                ("resident_after_load_mb", .double(Double(residentAfterLoad) / 1e6)),
                ("peak_resident_mb", .double(Double(peak) / 1e6)),
            ]))
            return
        }
        emit("recscope bench --load — \(name): \(grouped(items)) items, \(grouped(users)) users, \(grouped(events)) events, \(fixed(megabytes, 1)) MB of input")
        emit("cold load (median of \(loads), \(path) read): \(fixed(total.median / 1e6, 3)) s = \(fixed(megabytes / (total.median / 1e6), 0)) MB/s"
             + "  (parse + events \(fixed(parse.median / 1e6, 3)) s, content space + popularity \(fixed(features.median / 1e6, 3)) s)")
        emit("  process CPU time (both cores) per cold load, median: \(fixed(coldCPU.median / 1e6, 3)) s")
        if warm.count > 0 {
            emit("warm load (median of \(loads), from a \(fixed(Double(snapshotBytes) / 1e6, 0)) MB \(warmOutcome)): \(fixed(warm.median / 1e6, 3)) s = \(fixed(megabytes / (warm.median / 1e6), 0)) MB/s of input"
                 + "  (first load + snapshot write \(fixed(write.median / 1e6, 3)) s)")
            emit("  last warm load: \(warmPath); process CPU time per warm load, median: \(fixed(warmCPU.median / 1e6, 3)) s")
        }
        emit("resident after the first load \(fixed(Double(residentAfterLoad) / 1e6, 0)) MB, peak \(fixed(Double(peak) / 1e6, 0)) MB")
    }
}

/// Process memory and input sizes for `bench --load`.
enum LoadBenchmark {
    /// Sum of the sizes of the data files in `directory` (the CSV and .npy files a load reads).
    static func inputBytes(directory: String) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".csv") || $0.hasSuffix(".data") || $0.hasSuffix(".item") || $0.hasSuffix(".user") || $0.hasSuffix(".genre") }
            .reduce(0) { total, name in
                let size = (try? FileManager.default.attributesOfItem(atPath: (directory as NSString).appendingPathComponent(name)))?[.size] as? Int ?? 0
                return total + size
            }
    }

    /// Current resident set size (from /proc/self/statm), 0 where unavailable.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// User + system CPU time of the whole process so far (all threads), seconds.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Peak resident set size of the process so far.
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024
    }
}
