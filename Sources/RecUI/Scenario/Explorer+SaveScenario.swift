import Foundation
import RecEngine

/// `S`: the session written as a scenario file, so what was shown live can be replayed (`recscope
/// replay`), presented (`recscope present`) or edited by hand. The file states the outcome — the
/// algorithm, hybrid weights and decay, every user that has clicks with those clicks in order, the
/// current user last, its intents and compare mode — so replaying it ends on the same ranking.
extension Explorer {
    /// The scenario text for this session. Cost O(users visited + clicks).
    public var sessionScenario: String {
        let ids = engine.dataset.catalog.ids
        var lines = ["# recscope session saved from the explorer (key S)",
                     "# replay: recscope replay FILE · present: recscope present FILE", ""]
        if algorithm != .content { lines.append("algorithm \(algorithm.rawValue)") }
        if algorithm == .hybrid, hybridWeights != nil, let weights = session.hybridWeights, let components = session.hybridComponents {
            lines.append("weights " + HybridWeights.describe(weights, components: components))
        }
        switch decay {
        case .halfLife(let days) where days != DecayPolicy.standardHalfLifeDays: lines.append("half-life \(Explorer.plainNumber(days))")
        case .window(let events): lines.append("window \(events)")
        default: break
        }
        /// A user's step (new users are made in order by `new-user`).
        var made = engine.dataset.users.count == 0 ? 1 : 0
        func open(_ user: UserRef) {
            switch user {
            case .existing(let index): lines.append("user " + Explorer.scenarioWord(engine.dataset.users.ids[index]))
            case .new(let number):
                while made < number { lines.append("new-user"); made += 1 }
                lines.append("user new-\(number)")
            }
        }
        func clicks(of session: Session) {
            for item in session.clicks { lines.append("click " + Explorer.scenarioWord(ids[item]) + "   # " + title(of: item)) }
        }
        // Other users with clicks first (their sessions are kept), then the current one.
        let others = sessions.filter { $0.key != current && !$0.value.clicks.isEmpty }.sorted { Explorer.order($0.key, $1.key) }
        for (user, other) in others { open(user); clicks(of: other) }
        open(current)
        clicks(of: session)
        for intent in session.intent.entries {
            lines.append("intent \"\(intent.text.replacingOccurrences(of: "\"", with: "'"))\" weight \(Format.fixed(intent.weight, decimals: 2))")
        }
        if compare.enabled, let other = compareAlgorithm { lines.append("compare \(other.rawValue)") }
        if map.isShown { lines.append("map on") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func order(_ a: UserRef, _ b: UserRef) -> Bool {
        switch (a, b) {
        case (.existing(let x), .existing(let y)): x < y
        case (.new(let x), .new(let y)): x < y
        case (.existing, .new): true
        case (.new, .existing): false
        }
    }

    /// An id as one scenario word: quoted when it holds spaces, quotes or `#`.
    static func scenarioWord(_ text: String) -> String {
        text.contains(where: { $0 == " " || $0 == "\t" || $0 == "#" || $0 == "\"" }) || text.isEmpty ? "\"\(text)\"" : text
    }

    func saveScenario() {
        let path = scenarioFile
        do {
            try sessionScenario.write(toFile: path, atomically: true, encoding: .utf8)
            let shown = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            message = "session saved as a scenario: \(shown) (recscope replay \(path))"
        } catch {
            fail("could not save the session to \(path): \(error.localizedDescription)")
        }
    }
}
