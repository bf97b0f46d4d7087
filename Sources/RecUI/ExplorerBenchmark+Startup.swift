import Foundation
import RecEngine

extension ExplorerBenchmark {
    /// Runs `body` once and returns its result with a one-sample row named `scenario`.
    public static func timed<T>(_ scenario: String, _ body: () throws -> T) rethrows -> (T, Row) {
        var meter = Meter()
        let result = try meter.time(body)
        return (result, Row(scenario: scenario, samples: meter))
    }

    /// Start-up and search at scale, on the engine as loaded (before any background fit): the first
    /// frame (explorer built — session, first ranking, panes — and rendered), then, in Items and in
    /// Users, the first search key (which folds every row into the search index once), the next keys
    /// (each a scan of the index or a narrowing of the previous matches) and Backspace. One sample per
    /// start-up and per first key; the search words are typed `rounds` times.
    public static func startupRows(engine: Engine, width: Int = 160, height: Int = 48, rounds: Int = 3) throws -> [Row] {
        var first = Meter()
        var grid = Grid(width: width, height: height)
        let explorer = try first.time { () throws -> Explorer in
            let explorer = try Explorer(engine: engine, width: width, height: height)
            explorer.render(into: &grid)
            return explorer
        }
        var rows = [Row(scenario: "first frame (explorer built + rendered, data loaded)", samples: first)]
        for pane in [Pane.items, .users] {
            explorer.perform(pane == .items ? .focusNext : .focusPrevious)
            explorer.render(into: &grid)
            let words = pane == .items ? ["ocean", "comedy", "rising tower", "zombies"] : ["u123", "fr", "u99", "br"]
            var firstKey = Meter(), keys = Meter(), erase = Meter()
            for round in 0..<rounds {
                for word in words {
                    _ = explorer.handle(.character("/"))
                    for (k, character) in word.enumerated() {
                        if round == 0 && k == 0 && word == words[0] {
                            firstKey.time { _ = explorer.handle(.character(character)); explorer.render(into: &grid) }
                        } else {
                            keys.time { _ = explorer.handle(.character(character)); explorer.render(into: &grid) }
                        }
                    }
                    for _ in word { erase.time { _ = explorer.handle(.backspace); explorer.render(into: &grid) } }
                    _ = explorer.handle(.escape)
                }
            }
            let name = pane == .items ? "Items" : "Users"
            rows.append(Row(scenario: "first / search key in \(name) (builds the index) → frame", samples: firstKey))
            rows.append(Row(scenario: "next search keys in \(name) → frame", samples: keys))
            rows.append(Row(scenario: "Backspace in \(name) search → frame", samples: erase))
        }
        return rows
    }
}
