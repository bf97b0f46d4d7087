import ArgumentParser
import Foundation
import RecEngine
import TextEncoder

struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed every item of a data set with all-MiniLM-L6-v2 (no Python): writes item_embeddings.npy (float16) and item_embeddings_ids.csv.",
        discussion: """
        Each item's text: "{title}. Year: {year}. Genres: …. Tags: …. {text}" (see ItemText in the sources). \
        Progress and ETA go to stderr. Needs the model: `make model`.
        """
    )

    @Option(name: .long, help: ArgumentHelp("Where to write the vectors (default: DIR/item_embeddings.npy; the ids CSV goes beside it as <name>_ids.csv).", valueName: "FILE"))
    var out: String?

    @Option(name: .long, help: "Worker threads (each runs BLAS on one core).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var modelOption: ModelOption

    func validate() throws {
        guard threads >= 1 && threads <= 256 else { throw ValidationError("--threads must be between 1 and 256, got \(threads)") }
    }

    func run() throws {
        let directory = dataOptions.resolvedDirectory()
        let encoder = try modelOption.load()
        let dataset = try DatasetLoader.load(directory: directory, options: LoadOptions(lenient: dataOptions.lenient))
        if let summary = dataset.skipped.summary { warn("recscope: warning: \(summary)") }
        let catalog = dataset.catalog
        let texts = (0..<catalog.count).map { ItemText.text(of: $0, in: catalog) }
        let vectorsPath = out ?? (directory as NSString).appendingPathComponent(ItemEmbeddings.defaultVectorsFile)
        let idsPath = Self.idsPath(for: vectorsPath)

        let empty = texts.filter(\.isEmpty).count
        if empty > 0 { warn("recscope: note: \(empty) item\(empty == 1 ? " has" : "s have") no text; they get the vector of the empty text") }
        let progress = ProgressLine(total: texts.count, label: "embedding \(grouped(texts.count)) items")
        SentenceEncoder.setBLASThreads(threads > 1 ? 1 : SentenceEncoder.blasThreads)
        let start = DispatchTime.now().uptimeNanoseconds
        let encodings = encoder.encode(texts, threads: threads, progress: { progress.update($0) })
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        progress.finish()
        let truncated = encodings.filter(\.truncated).count
        if truncated > 0 { warn("recscope: note: \(truncated) item text\(truncated == 1 ? " was" : "s were") longer than \(encoder.maxTokens) tokens and truncated") }

        let values = encodings.flatMap(\.vector)
        do {
            try NpyWriter.float16(rows: texts.count, columns: encoder.dimensions, values: values)
                .write(to: URL(fileURLWithPath: vectorsPath), options: .atomic)
            var csv = "item,text\n"
            for (id, text) in zip(catalog.ids, texts) { csv += Self.csvField(id) + "," + Self.csvField(text) + "\n" }
            try Data(csv.utf8).write(to: URL(fileURLWithPath: idsPath), options: .atomic)
        } catch {
            throw RecError(file: vectorsPath, "cannot write (\(error.localizedDescription))")
        }
        let tokens = encodings.reduce(0) { $0 + $1.tokenCount }
        emit("wrote \(grouped(texts.count)) × \(encoder.dimensions) float16 vectors to \(vectorsPath) and ids to \(idsPath)")
        emit("\(fixed(seconds, 1)) s, \(fixed(Double(texts.count) / seconds, 0)) texts/s, mean \(fixed(Double(tokens) / Double(max(1, texts.count)), 1)) tokens, \(threads) thread\(threads == 1 ? "" : "s")")
    }

    /// `x/item_embeddings.npy` → `x/item_embeddings_ids.csv`; `v.npy` → `v_ids.csv`.
    static func idsPath(for vectorsPath: String) -> String {
        let base = vectorsPath.hasSuffix(".npy") ? String(vectorsPath.dropLast(4)) : vectorsPath
        return base + "_ids.csv"
    }

    /// RFC 4180: quoted when holding a comma, quote, CR or LF; quotes doubled.
    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A progress bar with ETA on stderr, redrawn in place on a terminal and every 10% otherwise.
final class ProgressLine: @unchecked Sendable {
    private let total: Int
    private let label: String
    private let start = DispatchTime.now().uptimeNanoseconds
    private let lock = NSLock()
    private let interactive = isatty(2) != 0
    private var lastDecile = -1

    init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    func update(_ done: Int) {
        lock.lock(); defer { lock.unlock() }
        let fraction = Double(done) / Double(max(1, total))
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let line = "\(label) \(bar) \(grouped(done))/\(grouped(total)) \(Int(fraction * 100))%  \(fixed(elapsed, 1)) s, ETA \(fixed(eta, 1)) s"
        if interactive {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        } else {
            let decile = Int(fraction * 10)
            if decile != lastDecile {
                lastDecile = decile
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
        }
    }

    func finish() {
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
