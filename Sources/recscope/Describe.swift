import RecEngine

/// Shared rendering of engine results for the commands (JSON and human-readable).
struct Describe {
    let engine: Engine
    var catalog: Catalog { engine.dataset.catalog }

    func itemID(_ item: Int) -> String { catalog.ids[item] }
    func title(_ item: Int) -> String { catalog.titles[item] }

    /// Dense index of a user id; throws `unknown user 'ID'`.
    func user(_ id: String) throws -> Int { try engine.dataset.users.require(id) }
    /// Dense index of an item id; throws `unknown item 'ID'`.
    func item(_ id: String) throws -> Int { try catalog.require(id) }

    func json(_ explanation: Explanation) -> JSONValue {
        .object([
            ("algorithm", .string(explanation.algorithm.rawValue)),
            ("score", .float(explanation.score)),
            ("summary", .string(explanation.summary)),
            ("features", .array(explanation.features.prefix(10).map {
                .object([("feature", .string($0.feature)), ("contribution", .float($0.value))])
            })),
            // What the features past the first ten add up to: features + this = score (content).
            ("other_features", .float(explanation.features.dropFirst(10).reduce(0) { $0 + $1.value })),
            ("history", .array(explanation.history.map {
                .object([("item", .string(itemID($0.item))), ("title", .string(title($0.item))), (explanation.historyMeaning.rawValue, .float($0.value))])
            })),
            ("components", .array(explanation.components.map { component in
                .object([
                    ("algorithm", .string(component.algorithm.rawValue)),
                    ("weight", .float(component.weight)),
                    ("normalised_score", .float(component.normalisedScore)),
                    ("contribution", .float(component.contribution)),
                    ("explanation", component.breakdown.first.map { json($0) } ?? .null),
                ])
            })),
        ])
    }

    /// Indented lines for the human-readable `--explain` output.
    func lines(_ explanation: Explanation, indent: String = "        ") -> [String] {
        var out = [indent + explanation.summary]
        if !explanation.features.isEmpty {
            out.append(indent + "features: " + explanation.features.prefix(4).map { "\($0.feature) \(fixed($0.value, 3))" }.joined(separator: ", "))
        }
        if !explanation.history.isEmpty {
            let label = explanation.historyMeaning == .similarity ? "like" : "from"
            out.append(indent + "\(label): " + explanation.history.prefix(3).map { "\(title($0.item)) (\(fixed($0.value, 2)))" }.joined(separator: "; "))
        }
        for component in explanation.components {
            out.append(indent + "\(component.algorithm.rawValue): weight \(fixed(component.weight, 2)) × \(fixed(component.normalisedScore, 3)) = \(fixed(component.contribution, 3))")
        }
        return out
    }

    /// The movement marker used in tables: ▲n, ▼n, NEW, or "=".
    static func marker(previous: Int?, now: Int) -> String {
        guard let previous else { return "NEW" }
        if previous > now { return "▲\(previous - now)" }
        if previous < now { return "▼\(now - previous)" }
        return "="
    }
}
