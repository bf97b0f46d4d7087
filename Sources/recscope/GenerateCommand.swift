import ArgumentParser
import Foundation
import RecEngine

/// `recscope generate OUT --items N --users M --events E [--embedding-dim D] [--seed S]`.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic data set in the generic layout (for benchmarks and tests).",
        discussion: """
        Writes items.csv, users.csv and interactions.csv into OUT (created if missing; files of the same \
        names are replaced): power-law item popularity and user activity, genres and tags, titles, \
        timestamps over 2010–2024; with --embedding-dim also a float16 item_embeddings.npy and \
        item_embeddings_ids.csv whose vectors cluster by genre. The same seed writes the same bytes.
        """
    )

    @Argument(help: ArgumentHelp("Directory to write.", valueName: "OUT"))
    var out: String

    @Option(name: .long, help: "Number of items.")
    var items: Int

    @Option(name: .long, help: "Number of users.")
    var users: Int

    @Option(name: .long, help: "Number of events (interaction rows).")
    var events: Int

    @Option(name: .long, help: ArgumentHelp("Also write float16 item vectors of this length.", valueName: "D"))
    var embeddingDim: Int?

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 42

    func validate() throws {
        do { try spec.validate() } catch let error as RecError { throw ValidationError(error.message) }
    }

    var spec: GeneratorSpec { GeneratorSpec(items: items, users: users, events: events, embeddingDimension: embeddingDim, seed: seed) }

    func run() throws {
        let started = DispatchTime.now().uptimeNanoseconds
        let summary = try DatasetGenerator.write(spec, to: out) { phase in
            FileHandle.standardError.write(Data("recscope: writing \(phase)…\n".utf8))
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        for file in summary.files {
            emit("  " + column(file.name, 24) + column(megabytes(file.bytes), 10, alignRight: true))
        }
        emit("wrote \(grouped(items)) items, \(grouped(users)) users, \(grouped(events)) events (\(megabytes(summary.totalBytes))) to \(out) in \(fixed(seconds, 1)) s")
    }

    private func megabytes(_ bytes: Int) -> String { fixed(Double(bytes) / 1e6, 1) + " MB" }
}
