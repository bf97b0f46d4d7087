import ArgumentParser
import Foundation
import RecEngine

extension Algorithm: ExpressibleByArgument {}

/// `--data DIR` and `--lenient`, shared by every command that reads a data set.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Data directory: MovieLens (ratings.csv, movies.csv, tags.csv) or generic (interactions.csv, items.csv, users.csv).", valueName: "DIR"))
    var data: String?

    @Flag(name: .long, help: "Skip malformed rows instead of stopping; report how many and the first ones on stderr.")
    var lenient = false

    @OptionGroup var embeddings: EmbeddingOptions

    @Option(name: .long, help: ArgumentHelp("A factor model trained elsewhere: user_factors.npy, item_factors.npy, user_ids.csv, item_ids.csv (see docs/FACTORS.md); enables --algo factors.", valueName: "DIR"))
    var factors: String?

    @Option(name: .long, help: ArgumentHelp("Regularisation λ of the --factors click fold-in (> 0; default: recscope's tuned ALS).", valueName: "λ"))
    var factorsLambda: Float = ALSParameters.tuned.regularization

    @Option(name: .long, help: ArgumentHelp("Confidence weight α of the --factors click fold-in (≥ 0; default: recscope's tuned ALS).", valueName: "α"))
    var factorsAlpha: Float = ALSParameters.tuned.alpha

    @Flag(name: .long, help: "Parse the data and fit collaborative models (itemknn, als, ease, hybrid) even when the cache holds a snapshot or the models (cache: $RECSCOPE_CACHE_DIR, else $XDG_CACHE_HOME/recscope, else ~/.cache/recscope).")
    var noCache = false

    func validate() throws {
        do { try FactorsRecommender.validateFoldIn(regularization: factorsLambda, alpha: factorsAlpha) }
        catch let error as RecError { throw ValidationError(error.description) }
    }

    /// The directory to load: `--data`, else SampleData/movielens-small found next to the working
    /// directory or the binary (so `.build/release/recscope` works from anywhere).
    func resolvedDirectory() -> String {
        if let data { return data }
        let relative = "SampleData/movielens-small"
        let fm = FileManager.default
        if fm.fileExists(atPath: relative) { return relative }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        var directory = executable
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(relative).path
            if fm.fileExists(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return relative
    }

    /// Smallest input (bytes, all files together) worth a data set snapshot: 16 MB, or the internal
    /// override `$RECSCOPE_SNAPSHOT_MIN_BYTES` (a non-negative integer; tests use it to snapshot small data).
    static func snapshotMinimumInputBytes(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        if let text = environment["RECSCOPE_SNAPSHOT_MIN_BYTES"], let bytes = Int(text), bytes >= 0 { return bytes }
        return 16 << 20
    }

    /// Registers the semantic model (the flags, else the data directory's default files) and the
    /// `--factors` model on `engine`, printing notes about unknown factor ids on stderr.
    func attachModels(to engine: Engine) throws {
        try embeddings.attach(to: engine)
        if let factors {
            for note in try engine.attachFactors(directory: factors, regularization: factorsLambda, alpha: factorsAlpha) {
                FileHandle.standardError.write(Data("recscope: note: \(note)\n".utf8))
            }
        }
    }

    /// Loads the engine, printing a lenient-mode skip summary on stderr.
    func loadEngine() throws -> Engine {
        let options = LoadOptions(lenient: lenient)
        let engine = noCache ? try Engine.load(directory: resolvedDirectory(), options: options)
            : try DatasetSnapshot(directory: ModelCache.defaultDirectory(), minimumInputBytes: Self.snapshotMinimumInputBytes())
                .loadEngine(dataDirectory: resolvedDirectory(), options: options).engine
        try attachModels(to: engine)
        if let summary = engine.dataset.skipped.summary {
            FileHandle.standardError.write(Data("recscope: warning: \(summary)\n".utf8))
        }
        return engine
    }

    /// Loads the engine and fits (or restores from the model cache) the collaborative models among
    /// `algorithms`, reporting fits on stderr: a progress bar while fitting when stderr is a terminal and
    /// `progressBar` (false under `--json`), else a line as each fit starts (see `FitProgressBar`).
    func loadEngine(fitting algorithms: [Algorithm], progressBar: Bool = true) throws -> Engine {
        let engine = try loadEngine()
        let needed = algorithms.filter { AlgorithmRegistry.descriptor($0).isFitted }
        guard !needed.isEmpty else { return engine }
        let cache = noCache ? nil : ModelCache(directory: ModelCache.defaultDirectory())
        let bar = FitProgressBar(allowBar: progressBar)
        let notes: (String) -> Void = { line in
            if line.contains(" left out: ") { bar.finish(); FileHandle.standardError.write(Data("recscope: note: \(line)\n".utf8)) }
            bar.phase(line)
        }
        let fitted = try engine.fitCollaborativeModels(cache: cache, algorithms: needed, progress: notes, fraction: bar.update)
        bar.finish()
        for (algorithm, fitted) in fitted where !fitted.fromCache {
            FileHandle.standardError.write(Data("recscope: fitted \(algorithm.rawValue) in \(Int(fitted.milliseconds)) ms\(cache == nil ? "" : " (cached for next time)")\n".utf8))
        }
        return engine
    }
}

/// `--half-life DAYS` / `--window N`: how old events count.
struct DecayOptions: ParsableArguments {
    // .unconditional: "--half-life -5" is a (bad) value, not a missing one followed by a flag.
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Half-life of interest decay, in days (measured back from the user's newest event).", valueName: "DAYS"))
    var halfLife: Double = 90

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Use a sliding window of the last N events instead of decay.", valueName: "N"))
    var window: Int?

    func validate() throws {
        guard halfLife.isFinite && halfLife > 0 else { throw ValidationError("--half-life must be a positive number of days, got \(String(format: "%g", halfLife))") }
        if let window, window < 1 { throw ValidationError("--window must be at least 1, got \(window)") }
    }

    var policy: DecayPolicy { window.map { .window(events: $0) } ?? .halfLife(days: halfLife) }
}

/// `-k N`, validated.
struct CountOption: ParsableArguments {
    @Option(name: .customShort("k"), help: "How many items to list.")
    var k: Int = 10

    func validate() throws {
        guard k >= 1 && k <= 100_000 else { throw ValidationError("-k must be between 1 and 100000, got \(k)") }
    }
}

/// `--limit N` for the listing commands, validated.
struct LimitOption: ParsableArguments {
    @Option(name: .long, help: "Show at most this many (0 = all).")
    var limit: Int = 0

    func validate() throws { guard limit >= 0 else { throw ValidationError("--limit must be 0 or more, got \(limit)") } }
}

extension DecayPolicy {
    var json: JSONValue {
        switch self {
        case .halfLife(let days): return .object([("kind", .string("half_life")), ("days", .double(days))])
        case .window(let n): return .object([("kind", .string("window")), ("events", .int(n))])
        }
    }
}

/// Prints a line to stdout. Control characters that came with the data (an ESC or CR in a title, a
/// scenario caption) are written as escapes so they cannot drive the terminal; line feeds stay.
func emit(_ text: String) { print(text.escapingControlCharacters(keepingLineFeeds: true)) }

/// Prints a JSON value as one line.
func emit(_ json: JSONValue) { print(json.rendered) }

/// `1,234,567`.
func grouped(_ n: Int) -> String {
    let digits = String(abs(n))
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
        out.append(ch)
    }
    return (n < 0 ? "-" : "") + out
}

/// Fixed decimals, e.g. `fixed(0.83123, 3)` → "0.831".
func fixed(_ value: Float, _ places: Int) -> String { String(format: "%.\(places)f", Double(value)) }
func fixed(_ value: Double, _ places: Int) -> String { String(format: "%.\(places)f", value) }

/// UTC date of a timestamp, `2018-09-24`.
func dateString(_ timestamp: Int64) -> String {
    let date = Date(timeIntervalSince1970: TimeInterval(timestamp))
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: date)
}

/// Pads or truncates (with "…") to `width` characters.
func column(_ text: String, _ width: Int, alignRight: Bool = false) -> String {
    var t = text
    if t.count > width { t = String(t.prefix(max(0, width - 1))) + "…" }
    let pad = String(repeating: " ", count: max(0, width - t.count))
    return alignRight ? pad + t : t + pad
}
