import ArgumentParser
import Foundation
import RecEngine
import TextEncoder

struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Embed texts with all-MiniLM-L6-v2 in process: one 384-d L2-normalised vector per text.",
        discussion: "Texts over 256 tokens are truncated (the output says so). Needs the model: `make model`."
    )

    @Argument(help: "Texts to embed.")
    var texts: [String]

    @Flag(name: .long, help: "Print JSON: {\"model\", \"dimensions\", \"vectors\": [{\"text\", \"tokens\", \"truncated\", \"vector\"}]}.")
    var json = false

    @OptionGroup var modelOption: ModelOption

    func validate() throws {
        guard !texts.isEmpty else { throw ValidationError("give at least one text to embed") }
    }

    func run() throws {
        let encoder = try modelOption.load()
        let encodings = encoder.encode(texts)
        if json {
            emit(.object([
                ("model", .string(ModelLocation.modelName)),
                ("dimensions", .int(encoder.dimensions)),
                ("vectors", .array(zip(texts, encodings).map { text, encoding in
                    .object([("text", .string(text)), ("tokens", .int(encoding.tokenCount)),
                             ("truncated", .bool(encoding.truncated)),
                             ("vector", .array(encoding.vector.map { .float($0) }))])
                })),
            ]))
            return
        }
        for (text, encoding) in zip(texts, encodings) {
            let note = encoding.truncated ? ", truncated to \(encoder.maxTokens)" : ""
            emit("\(text.debugDescription) — \(encoding.tokenCount) tokens\(note), \(encoder.dimensions) dimensions:")
            emit(encoding.vector.map { String(format: "%.6f", Double($0)) }.joined(separator: " "))
        }
    }
}
