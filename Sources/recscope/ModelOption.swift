import ArgumentParser
import Foundation
import RecEngine
import TextEncoder

/// `--model DIR`: where all-MiniLM-L6-v2 lives (else `$RECSCOPE_MODEL_DIR`, else
/// ~/.cache/recscope/models/all-MiniLM-L6-v2, which `make model` fills).
struct ModelOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("all-MiniLM-L6-v2 directory (default: $RECSCOPE_MODEL_DIR, else ~/.cache/recscope/models/all-MiniLM-L6-v2; `make model` fetches it).", valueName: "DIR"))
    var model: String?

    var directory: String { ModelLocation.directory(explicit: model) }

    /// Loads the encoder; a missing or broken model is one line naming the file and the fix (exit 1).
    func load(smallBatchKernel: SmallBatchKernel = .default) throws -> SentenceEncoder {
        let directory = self.directory
        guard FileManager.default.fileExists(atPath: directory) else {
            throw RecError(ModelLocation.missingMessage(directory))
        }
        do {
            return try SentenceEncoder(directory: directory, smallBatchKernel: smallBatchKernel)
        } catch let error as EncoderError {
            throw RecError(error.description)
        }
    }
}

/// A one-line refusal of an empty or whitespace-only text given as `flag`.
func requireText(_ text: String, flag: String) throws -> String {
    guard text.unicodeScalars.contains(where: { !$0.properties.isWhitespace && $0.properties.generalCategory != .control }) else {
        throw RecError("\(flag) is empty: give some words, e.g. \(flag) \"funny space adventure\"")
    }
    return text
}

/// A note for stderr when a text was cut to the model's maximum length.
func truncationNote(_ encoding: SentenceEncoder.Encoding, maxTokens: Int, what: String) -> String? {
    encoding.truncated ? "recscope: note: \(what) is longer than \(maxTokens) tokens; only the first \(maxTokens) were used" : nil
}

func warn(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

extension ModelOption {
    /// Checks `text` (given as `flag`), loads the encoder and then the data set, and embeds the text,
    /// noting a truncation (`what` names it) on stderr. Cost: model load (~60 ms) + data load + one encode.
    func encodeAgainstData(_ text: String, flag: String, what: String, data: DataOptions) throws -> (engine: Engine, vector: [Float]) {
        let words = try requireText(text, flag: flag)
        let encoder = try load()
        let engine = try data.loadEngine()
        let encoding = encoder.encode(words)
        if let note = truncationNote(encoding, maxTokens: encoder.maxTokens, what: what) { warn(note) }
        return (engine, encoding.vector)
    }
}

extension Describe {
    /// Items ranked by meaning as JSON: `[{"rank", "item", "title", "similarity"}]`.
    func similarItemsJSON(_ items: [ScoredItem]) -> JSONValue {
        .array(items.enumerated().map { rank, scored in
            .object([("rank", .int(rank + 1)), ("item", .string(itemID(scored.item))),
                     ("title", .string(title(scored.item))), ("similarity", .float(scored.score))])
        })
    }

    /// One text line per item ranked by meaning: rank, id, similarity (3 decimals in `scoreWidth`
    /// columns), title.
    func similarItemLines(_ items: [ScoredItem], scoreWidth: Int) -> [String] {
        items.enumerated().map { rank, scored in
            column("\(rank + 1)", 5, alignRight: true) + "  " + column(itemID(scored.item), 8)
                + column(fixed(scored.score, 3), scoreWidth, alignRight: true) + "  " + title(scored.item)
        }
    }
}
