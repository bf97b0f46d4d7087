import Foundation

/// Where the all-MiniLM-L6-v2 files live and how to get them.
///
/// Resolution order: an explicit directory (`--model DIR`), `$RECSCOPE_MODEL_DIR`, then
/// `~/.cache/recscope/models/all-MiniLM-L6-v2` — the directory `make model` fills.
public enum ModelLocation {
    /// Name reported by `encode --json` and in messages.
    public static let modelName = "all-MiniLM-L6-v2"
    /// The fix printed whenever the model is missing.
    public static let fetchHint = "run `make model` to fetch it (about 84 MB, once), or point --model / RECSCOPE_MODEL_DIR at it"

    /// The directory to load from. Cost: a few environment look-ups.
    public static func directory(explicit: String? = nil,
                                 environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let dir = environment["RECSCOPE_MODEL_DIR"], !dir.isEmpty { return dir }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.cache/recscope/models/" + modelName
    }

    /// Whether `directory` holds the three files the encoder reads (not whether they are valid).
    public static func isPresent(_ directory: String) -> Bool {
        ["model.safetensors", "vocab.txt", "config.json"].allSatisfy {
            FileManager.default.fileExists(atPath: directory + "/" + $0)
        }
    }

    /// One line for a missing model: which directory was looked in and how to fill it.
    public static func missingMessage(_ directory: String) -> String {
        "no \(modelName) model in \(directory): \(fetchHint)"
    }
}
