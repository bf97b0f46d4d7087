import ArgumentParser
import Foundation
import RecEngine

extension BenchCommand {
    /// `bench --clicks-only [--algorithms a,b] [--bandwidth]`: one load, the collaborative models from
    /// the cache (fitted and cached when missing), then click → new top-10 medians for the chosen
    /// algorithms, each with the bytes a full scan would stream and its share of the measured bandwidth.
    func runClicksOnly() throws {
        let directory = dataOptions.resolvedDirectory()
        let dataset = try DatasetLoader.load(directory: directory, options: LoadOptions(lenient: dataOptions.lenient))
        let engine = Engine(dataset: dataset, directory: directory)
        try dataOptions.attachModels(to: engine)
        let wanted: [Algorithm]
        if let algorithms {
            wanted = try algorithms.split(separator: ",").map { name in
                guard let algorithm = Algorithm(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("unknown algorithm '\(name)' in --algorithms (known: \(Algorithm.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return algorithm
            }
        } else {
            wanted = []
        }
        let needsFit = wanted.isEmpty || wanted.contains { $0 == .hybrid || AlgorithmRegistry.descriptor($0).isFitted }
        if needsFit {
            let bar = FitProgressBar(allowBar: !json)
            try engine.fitCollaborativeModels(cache: dataOptions.noCache ? nil : ModelCache(directory: ModelCache.defaultDirectory()),
                                              progress: { line in bar.phase(line) }, fraction: bar.update)
            bar.finish()
        }
        let chosen = wanted.isEmpty ? engine.algorithms : wanted
        let streams = bandwidth ? StreamingRead.measure() : nil
        var rows: [(Algorithm, Samples, Int)] = []
        var cpu: [Samples] = []
        var fullBytes: [Int] = []
        var pruning: [String] = []
        for algorithm in chosen {
            guard engine.algorithms.contains(algorithm) else {
                FileHandle.standardError.write(Data("recscope: note: \(algorithm.rawValue) is not available for this data set; left out\n".utf8))
                continue
            }
            let model = try engine.recommender(algorithm)
            let bytes = ClickBandwidth.bytesPerClick(model)
            fullBytes.append(ClickBandwidth.fullScanBytes(model))
            let before = TwoStageTopK.statistics
            let (wall, processCPU) = try clickLatencyWithCPU(engine: engine, algorithm: algorithm)
            rows.append((algorithm, wall, bytes))
            cpu.append(processCPU)
            let after = TwoStageTopK.statistics
            if after.pruned + after.fellBack > before.pruned + before.fellBack {
                let pruned = after.pruned - before.pruned
                pruning.append("\(algorithm.rawValue): \(pruned) re-ranks pruned, \(pruned > 0 ? (after.candidates - before.candidates) / pruned : 0) candidates each rescored exactly, \(after.fellBack - before.fellBack) full scans"
                    + (after.cascaded > before.cascaded
                        ? "; 4-bit stage in \(after.cascaded - before.cascaded), \((after.coarseSurvivors - before.coarseSurvivors) / (after.cascaded - before.cascaded)) survivors each estimated in int8, \(after.coarseFellBack - before.coarseFellBack) fell back to the int8 scan"
                        : ""))
            }
        }
        let load = uptimeLoad()
        if json {
            emit(.object([
                ("items", .int(dataset.catalog.count)), ("load_average", .string(load)),
                ("stream_gb_per_s", streams.map { .object([("one_core", .double($0.oneCore)), ("all_cores", .double($0.allCores))]) } ?? .null),
                ("click_us", .array(rows.map { algorithm, samples, bytes in
                    .object([("algorithm", .string(algorithm.rawValue)), ("median", .double(samples.median)), ("p99", .double(samples.p99)),
                             ("clicks", .int(samples.count)), ("bytes_per_click", .int(bytes))])
                })),
                ("click_cpu_us_median", .array(cpu.map { .double($0.median) })),
            ]))
            return
        }
        emit("recscope bench --clicks-only — \(grouped(dataset.catalog.count)) items; load average \(load)")
        if let streams {
            emit("streaming read (1 GB, median of 5): one core \(fixed(streams.oneCore, 1)) GB/s, all cores \(fixed(streams.allCores, 1)) GB/s")
        }
        emit("click → new top-10 (\(users) sessions × \(clicks) clicks; wall, and CPU of all threads; MB = data a click streams (a full exact scan: in brackets); GB/s = MB / wall median):")
        for (((algorithm, samples, bytes), processCPU), full) in zip(zip(rows, cpu), fullBytes) {
            let rate = gigabytesPerSecond(bytes, samples.median)
            var line = "  " + column(algorithm.rawValue, 12) + "median " + column(fixed(samples.median, 1), 8, alignRight: true) + " µs   p99 "
                + column(fixed(samples.p99, 1), 8, alignRight: true) + " µs   CPU " + column(fixed(processCPU.median, 1), 8, alignRight: true) + " µs  " + column(fixed(Double(bytes) / 1e6, 1), 7, alignRight: true) + " MB  "
                + "(" + column(fixed(Double(full) / 1e6, 0), 4, alignRight: true) + ") " + column(fixed(rate, 1), 6, alignRight: true) + " GB/s"
            if let streams { line += " (\(fixed(rate / streams.allCores * 100, 0))% of all-core stream)" }
            emit(line)
        }
        if !pruning.isEmpty { emit("two-stage top-K: " + pruning.joined(separator: "; ")) }
    }

    /// `EngineBenchmark.clickLatency`'s sessions and clicks, timed in wall time (the session's own
    /// re-rank time) and in CPU time of the whole process (every thread) around each click, µs.
    func clickLatencyWithCPU(engine: Engine, algorithm: Algorithm, seed: UInt64 = 42) throws -> (wall: Samples, cpu: Samples) {
        var generator = SplitMix64(seed: seed)
        var wall = Samples(), cpu = Samples()
        let userCount = engine.dataset.users.count, itemCount = engine.dataset.catalog.count
        guard userCount > 0, itemCount > 0 else { return (wall, cpu) }
        func processMicroseconds() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
        }
        for n in 0..<min(users, userCount) {
            let session = try engine.makeSession(user: n * userCount / min(users, userCount), algorithm: algorithm, k: 10)
            for _ in 0..<clicks {
                let item = Int.random(in: 0..<itemCount, using: &generator)
                let before = processMicroseconds()
                wall.add(try session.click(item: item).rerankMicroseconds)
                cpu.add(processMicroseconds() - before)
            }
        }
        return (wall, cpu)
    }

    /// The 1-minute load average from /proc/loadavg ("?" where unavailable).
    func uptimeLoad() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "?" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
