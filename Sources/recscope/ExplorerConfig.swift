import Foundation
import RecEngine
import TOMLKit

/// The explorer's defaults from a TOML file: `$XDG_CONFIG_HOME/recscope/config.toml` (else
/// `~/.config/recscope/config.toml`), or `--config FILE`. Options given on the command line win.
///
/// ```toml
/// algorithm = "hybrid"
/// half-life = 45          # or: window = 20
/// mouse = true
/// theme = "projector"     # default, projector, no-colour
/// [weights]
/// ease = 1
/// semantic = 0.3
/// ```
/// A bad file is one line naming the file, the line and the problem (unknown key, wrong type, bad
/// value, TOML syntax), exit 1.
struct ExplorerConfig {
    var algorithm: Algorithm?
    var halfLife: Double?
    var window: Int?
    /// `NAME=W,...` for the hybrid.
    var weights: String?
    var mouse: Bool?
    var theme: String?

    static let keys = ["algorithm", "half-life", "window", "weights", "mouse", "theme"]

    /// The default path when that file exists, else nil.
    static func defaultPath() -> String? {
        let environment = ProcessInfo.processInfo.environment
        let base: String
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { base = xdg }
        else if let home = environment["HOME"], !home.isEmpty { base = home + "/.config" }
        else { return nil }
        let path = base + "/recscope/config.toml"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Reads and checks `path`. Throws a `RecError` "FILE:LINE: problem".
    static func load(path: String) throws -> ExplorerConfig {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw RecError(file: path, "cannot read the config file (\(error.localizedDescription))")
        }
        let lines = text.components(separatedBy: "\n")
        /// The line where `key` is set (in `[section]` when given), 1-based; 1 when not found.
        func line(of key: String, in section: String? = nil) -> Int {
            var current: String?
            for (index, raw) in lines.enumerated() {
                let trimmed = raw.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("[") { current = trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")); continue }
                guard current == section else { continue }
                let name = trimmed.split(separator: "=", maxSplits: 1).first?.trimmingCharacters(in: CharacterSet(charactersIn: " \"'")) ?? ""
                if name == key { return index + 1 }
            }
            return 1
        }
        func fail(_ key: String, _ problem: String, section: String? = nil) -> RecError {
            RecError(file: path, line: line(of: key, in: section), problem)
        }
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw RecError(file: path, line: error.source.begin.line, error.description)
        }
        var config = ExplorerConfig()
        for key in table.keys {
            guard keys.contains(key) else {
                throw fail(key, "unknown key '\(key)' (keys: \(keys.joined(separator: ", ")))")
            }
        }
        if let value = table["algorithm"] {
            guard let name = value.string else { throw fail("algorithm", "algorithm must be a string, e.g. \"hybrid\"") }
            guard let algorithm = Algorithm(rawValue: name.lowercased()) else {
                throw fail("algorithm", "unknown algorithm '\(name)' (algorithms: \(Algorithm.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            config.algorithm = algorithm
        }
        if let value = table["half-life"] {
            guard let days = value.double ?? value.int.map(Double.init), days.isFinite, days > 0 else {
                throw fail("half-life", "half-life must be a positive number of days")
            }
            config.halfLife = days
        }
        if let value = table["window"] {
            guard let events = value.int, events >= 1 else { throw fail("window", "window must be a whole number of events ≥ 1") }
            config.window = events
        }
        if config.halfLife != nil && config.window != nil { throw fail("window", "set half-life or window, not both") }
        if let value = table["mouse"] {
            guard let on = value.bool else { throw fail("mouse", "mouse must be true or false") }
            config.mouse = on
        }
        if let value = table["theme"] {
            guard let name = value.string, ["default", "projector", "no-colour"].contains(name.lowercased()) else {
                throw fail("theme", "theme must be \"default\", \"projector\" or \"no-colour\"")
            }
            config.theme = name.lowercased()
        }
        if let value = table["weights"] {
            guard let weights = value.table else { throw fail("weights", "weights must be a table: [weights] then NAME = W lines") }
            let components = HybridWeightsOption.recipeComponents.map(\.rawValue)
            var pairs: [String] = []
            for name in weights.keys {
                guard components.contains(name) else {
                    throw fail(name, "unknown hybrid component '\(name)' (components: \(components.joined(separator: ", ")))", section: "weights")
                }
                guard let weight = weights[name]?.double ?? weights[name]?.int.map(Double.init), weight.isFinite, weight >= 0 else {
                    throw fail(name, "the weight of \(name) must be a number ≥ 0", section: "weights")
                }
                pairs.append("\(name)=\(weight)")
            }
            if !pairs.isEmpty { config.weights = pairs.joined(separator: ",") }
        }
        return config
    }
}
