import ArgumentParser
import Foundation
import RecEngine

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure load time and click → re-rank latency; prints medians and p99.",
        discussion: "Build with -c release for meaningful figures (make bench)."
    )

    @Option(name: .long, help: "How many times to repeat the load measurement.")
    var loads: Int = 7

    @Option(name: .long, help: "Fits of each collaborative model in the fit timing; the first also serves the click benchmark (use 1 at millions of events).")
    var fits: Int = 3

    @Option(name: .long, help: "Sessions per algorithm in the click benchmark.")
    var users: Int = 60

    @Option(name: .long, help: "Clicks per session.")
    var clicks: Int = 20

    @OptionGroup var dataOptions: DataOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @Flag(name: .long, help: "Measure the explorer instead: keypress → next frame through the screen model.")
    var ui = false

    @Flag(name: .long, help: "With --ui: measure without fitting the collaborative models (content and popularity only; for very large data).")
    var noFit = false

    @Flag(name: .long, help: "Measure loading only: cold and warm medians, MB/s, resident and peak memory.")
    var load = false
    @Flag(name: .long, help: "Measure the in-process text encoder instead: weights load, one query on one thread, item texts in batches on all cores.")
    var encoder = false

    @Option(name: .long, help: "Item texts in the --encoder batch benchmark.")
    var texts: Int = 2000

    @OptionGroup var modelOption: ModelOption

    @Flag(name: .long, help: "Measure only click → new top-10 (models from the cache, fitted when missing; no fit timing, scorer or semantic sections).")
    var clicksOnly = false

    @Option(name: .long, help: ArgumentHelp("With --clicks-only: the algorithms to measure, comma-separated (default all).", valueName: "a,b"))
    var algorithms: String?

    @Flag(name: .long, help: "With --clicks-only: also measure a streaming read of 1 GB (one and all cores) for the share of bandwidth.")
    var bandwidth = false

    func validate() throws {
        guard loads >= 1, users >= 1, clicks >= 1, fits >= 1 else { throw ValidationError("--loads, --fits, --users and --clicks must be at least 1") }
    }

    func run() throws {
        if ui { return try runUIBenchmark() }
        if load { return try runLoadBenchmark() }
        if encoder { return try runEncoderBenchmark() }
        if clicksOnly { return try runClicksOnly() }
        let directory = dataOptions.resolvedDirectory()
        var parse = Samples(), features = Samples(), total = Samples()
        var engine: Engine?
        for _ in 0..<loads {
            let start = DispatchTime.now().uptimeNanoseconds
            let dataset = try parse.time { try DatasetLoader.load(directory: directory, options: LoadOptions(lenient: dataOptions.lenient)) }
            engine = features.time { Engine(dataset: dataset, directory: directory) }
            total.add(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000)
        }
        guard let engine else { return }
        try dataOptions.attachModels(to: engine)
        let semantic = try SemanticBench.run(engine: engine, options: dataOptions.embeddings, loads: loads, users: users, clicks: clicks)
        let fitRows = try fitCollaborativeModels(engine)
        let scorerRows = try CollaborativeBenchmark.scorerLatency(engine: engine)
        // The bandwidth the click rows are put against, measured here and now (`measureBriefly`).
        let (streams, streamMicroseconds) = measuredStream()
        var rows: [(Algorithm, Samples, bytes: Int)] = []
        for algorithm in engine.algorithms {
            let bytes = ClickBandwidth.bytesPerClick(try engine.recommender(algorithm))
            rows.append((algorithm, try EngineBenchmark.clickLatency(engine: engine, algorithm: algorithm, users: users, clicksPerUser: clicks), bytes))
        }
        let dataset = engine.dataset
        if json {
            emit(.object([
                ("data", .string(dataset.name)), ("items", .int(dataset.catalog.count)), ("users", .int(dataset.users.count)), ("events", .int(dataset.eventCount)),
                ("load_ms", .object([("parse_median", .double(parse.median / 1000)), ("features_median", .double(features.median / 1000)), ("total_median", .double(total.median / 1000)), ("runs", .int(loads))])),
                ("fit_ms", .array(fitRows.map { algorithm, samples in
                    .object([("algorithm", .string(algorithm.rawValue)), ("median", .double(samples.median)), ("runs", .int(samples.count))])
                })),
                ("scorer_click_us", .array(scorerRows.map { algorithm, samples in
                    .object([("algorithm", .string(algorithm.rawValue)), ("median", .double(samples.median)), ("p99", .double(samples.p99))])
                })),
                ("stream_gb_per_s", .object([("one_core", .double(streams.oneCore)), ("all_cores", .double(streams.allCores)),
                                             ("measured_ms", .double((streamMicroseconds / 100).rounded() / 10))])),
                ("click_us", .array(rows.map { algorithm, samples, bytes in
                    .object([("algorithm", .string(algorithm.rawValue)), ("median", .double(samples.median)), ("p99", .double(samples.p99)), ("clicks", .int(samples.count)),
                             ("bytes_per_click", .int(bytes)), ("gb_per_s", .double(gigabytesPerSecond(bytes, samples.median))),
                             ("share_of_one_core_stream", .double(gigabytesPerSecond(bytes, samples.median) / streams.oneCore))])
                })),
                ("semantic", semantic?.json ?? .null),
            ]))
            return
        }
        emit("recscope bench — \(dataset.name): \(grouped(dataset.catalog.count)) items, \(grouped(dataset.users.count)) users, \(grouped(dataset.eventCount)) events")
        emit("load + feature build (median of \(loads)): \(fixed(total.median / 1000, 1)) ms  (parse \(fixed(parse.median / 1000, 1)) ms, features + popularity \(fixed(features.median / 1000, 1)) ms)")
        emit("fit (median of \(fitRows.first?.1.count ?? 0)): " + fitRows.map { "\($0.0.rawValue) \(fixed($0.1.median, 0)) ms" }.joined(separator: ", "))
        emit("scorer only (apply + score all items, no top-K/diff): " + scorerRows.map { "\($0.0.rawValue) \(fixed($0.1.median, 1)) µs" }.joined(separator: ", "))
        emit("streaming read (\(StreamingRead.briefBytes >> 20) MB, median of 3, measured in \(fixed(streamMicroseconds / 1e6, 2)) s): one core \(fixed(streams.oneCore, 1)) GB/s, all cores \(fixed(streams.allCores, 1)) GB/s")
        emit("click → new top-10 (\(users) sessions × \(clicks) clicks; MB = data a click streams at least, GB/s = MB / median, share of the one-core stream's \(fixed(streams.oneCore, 1)) GB/s):")
        for (algorithm, samples, bytes) in rows {
            let rate = gigabytesPerSecond(bytes, samples.median)
            emit("  " + column(algorithm.rawValue, 12) + "median " + column(fixed(samples.median, 1), 8, alignRight: true) + " µs   p99 " + column(fixed(samples.p99, 1), 8, alignRight: true) + " µs"
                 + "   " + column(fixed(Double(bytes) / 1e6, 1), 7, alignRight: true) + " MB  " + column(fixed(rate, 1), 5, alignRight: true) + " GB/s (" + fixed(rate / streams.oneCore * 100, 0) + "%)")
        }
        semantic?.lines.forEach(emit)
    }

    /// `StreamingRead.measureBriefly()` and how long it took (µs, allocation included).
    private func measuredStream() -> (figures: (oneCore: Double, allCores: Double), microseconds: Double) {
        let started = DispatchTime.now().uptimeNanoseconds
        let figures = StreamingRead.measureBriefly()
        return (figures, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e3)
    }

    /// Fits every collaborative model that can serve the data (no cache; a progress bar on a terminal,
    /// notes for models left out) and registers them for the click benchmark, then refits item-kNN, ALS
    /// and EASE `fits − 1` more times. Returns each one's fit times in milliseconds.
    private func fitCollaborativeModels(_ engine: Engine) throws -> [(Algorithm, Samples)] {
        let bar = FitProgressBar(allowBar: !json)
        let fitted = try engine.fitCollaborativeModels(progress: { line in
            if line.contains(" left out: ") { bar.finish(); FileHandle.standardError.write(Data("recscope: note: \(line)\n".utf8)) }
            bar.phase(line)
        }, fraction: bar.update)
        bar.finish()
        var rows: [(Algorithm, Samples)] = fitted.filter { $0.0 != .hybrid }.map { algorithm, model in
            var samples = Samples()
            samples.add(model.milliseconds)
            return (algorithm, samples)
        }
        if fits > 1 {
            for (algorithm, more) in try CollaborativeBenchmark.fitTimes(engine: engine, repeats: fits - 1) {
                guard let row = rows.firstIndex(where: { $0.0 == algorithm }) else { continue }
                for value in more.values { rows[row].1.add(value) }
            }
        }
        return rows
    }
}

/// Bytes per click over the median microseconds, in GB/s.
func gigabytesPerSecond(_ bytes: Int, _ microseconds: Double) -> Double {
    microseconds > 0 ? Double(bytes) / (microseconds * 1e-6) / 1e9 : 0
}
