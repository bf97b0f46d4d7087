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
