import Foundation

/// Reading and writing a hybrid's component weights by component name (`ease=1,itemknn=0.2`).
public enum HybridWeights {
    /// Parses comma-separated `COMPONENT=WEIGHT` pairs against the hybrid's `components` (names as
    /// `Algorithm` raw values). Components not named keep their entry of `defaults`. Throws a one-line
    /// `RecError` naming the bad part: malformed pair, unknown or ambiguous component, a component
    /// given twice, a weight that is not a finite number or is negative, or all weights 0.
    /// Cost O(components × pairs).
    public static func parse(_ text: String, components: [Algorithm], defaults: [Float]) throws -> [Float] {
        guard defaults.count == components.count else {
            throw RecError("hybrid has \(components.count) components but \(defaults.count) default weights")
        }
        let names = components.map(\.rawValue).joined(separator: ", ")
        var weights = defaults
        var given = Set<Int>()
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        for part in parts {
            let fields = part.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 2, !fields[0].isEmpty else {
                throw RecError("bad hybrid weight '\(part)': expected COMPONENT=WEIGHT, e.g. ease=1 (components: \(names))")
            }
            let name = fields[0].lowercased()
            let matches = components.indices.filter { components[$0].rawValue == name }
            guard let index = matches.first else {
                throw RecError("unknown hybrid component '\(fields[0])' in '\(part)' (components: \(names))")
            }
            guard matches.count == 1 else { throw RecError("hybrid component '\(fields[0])' is ambiguous: the hybrid has it \(matches.count) times") }
            guard given.insert(index).inserted else { throw RecError("hybrid component '\(fields[0])' is given twice in '\(text)'") }
            guard let weight = Float(fields[1]), weight.isFinite else {
                throw RecError("hybrid weight '\(fields[1])' for \(name) is not a number")
            }
            guard weight >= 0 else { throw RecError("hybrid weight \(fields[1]) for \(name) is negative") }
            weights[index] = weight
        }
        guard weights.contains(where: { $0 > 0 }) else { throw RecError("every hybrid weight is 0 in '\(text)': nothing would be scored") }
        return weights
    }

    /// `ease=1,itemknn=0.2`: the inverse of `parse` for every component.
    /// `ease=1,itemknn=0.2` — components at weight 0 are left out (unless every weight is 0).
    public static func describe(_ weights: [Float], components: [Algorithm]) -> String {
        let pairs = zip(components, weights).filter { $0.1 != 0 }
        let shown = pairs.isEmpty ? Array(zip(components, weights)) : pairs
        return shown.map { "\($0.0.rawValue)=\(format($0.1))" }.joined(separator: ",")
    }

    /// A weight in its shortest form: 1, 0.2, 0.35 (at most 3 decimals).
    public static func format(_ weight: Float) -> String {
        var text = String(format: "%.3f", Double(weight))
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
