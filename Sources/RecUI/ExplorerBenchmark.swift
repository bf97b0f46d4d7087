import Foundation
import RecEngine

/// Keypress → next frame on the real screen model: the key goes through `KeyMap` and
/// `Explorer.handle` (engine call, re-rank, derived pane models) and the whole frame is rendered into a
/// grid. Only the terminal write is left out (the backend then writes just the changed cells).
/// Samples are microseconds per keypress; callers print medians. Not a test: timings are machine-bound.
public enum ExplorerBenchmark {
    public struct Row: Sendable {
        /// What was pressed, e.g. "Enter (click) · content".
        public var scenario: String
        /// Wall-clock microseconds per keypress.
        public var samples: Samples
        /// CPU microseconds of the measuring thread per keypress: steadier than wall time when other
        /// processes load the machine (they delay us, but do not add to our CPU time).
        public var cpu: Samples
        init(scenario: String, samples meter: Meter) {
            self.scenario = scenario
            self.samples = meter.wall
            self.cpu = meter.cpu
        }
    }

    /// Wall and thread-CPU time of each measured keypress.
    struct Meter {
        var wall = Samples()
        var cpu = Samples()
        var count: Int { wall.count }

        mutating func time<T>(_ body: () throws -> T) rethrows -> T {
            let cpuStart = Meter.threadCPUNanoseconds()
            let result = try wall.time(body)
            cpu.add(Double(Meter.threadCPUNanoseconds() - cpuStart) / 1000)
            return result
        }

        static func threadCPUNanoseconds() -> UInt64 {
            var spec = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
            return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
        }
    }

    /// Runs every scenario: for each algorithm the engine offers, `presses` clicks (Enter on a ranked
    /// item, spread over users), each followed by a timed undo; plus cursor moves and user switches.
    /// Frame size `width` × `height` (a large terminal: more cells to render).
    public static func run(engine: Engine, presses: Int = 200, width: Int = 160, height: Int = 48) throws -> [Row] {
        var rows: [Row] = []
        let userCount = max(1, engine.dataset.users.count)
        for algorithm in engine.algorithms {
            let explorer = try Explorer(engine: engine, algorithm: algorithm, width: width, height: height)
            var grid = Grid(width: width, height: height)
            explorer.render(into: &grid)
            var clicks = Meter(), undos = Meter()
            let usersVisited = min(10, userCount)
            let perUser = max(1, presses / usersVisited)
            for n in 0..<usersVisited {
                // Jump to another user (untimed): Users pane, move, back to Rankings.
                explorer.perform(.focusLeft)
                explorer.perform(.moveCursor(n == 0 ? 0 : userCount / usersVisited))
                explorer.perform(.focusRight)
                for press in 0..<perUser {
                    explorer.perform(.moveToTop)
                    explorer.perform(.moveCursor(press % 5))
                    explorer.render(into: &grid)
                    clicks.time { _ = explorer.handle(.enter); explorer.render(into: &grid) }
                    undos.time { _ = explorer.handle(.character("u")); explorer.render(into: &grid) }
                }
            }
            rows.append(Row(scenario: "Enter (click) → frame · \(algorithm.rawValue)", samples: clicks))
            rows.append(Row(scenario: "u (undo) → frame · \(algorithm.rawValue)", samples: undos))
        }
        let explorer = try Explorer(engine: engine, width: width, height: height)
        var grid = Grid(width: width, height: height)
        explorer.render(into: &grid)
        var moves = Meter(), switches = Meter()
        explorer.perform(.focusRight)
        for press in 0..<presses {
            moves.time { _ = explorer.handle(press % 40 < 20 ? .down : .up); explorer.render(into: &grid) }
        }
        explorer.perform(.focusLeft)
        for press in 0..<min(presses, userCount * 2) {
            switches.time { _ = explorer.handle(press / max(1, userCount - 1) % 2 == 0 ? .down : .up); explorer.render(into: &grid) }
        }
        rows.append(Row(scenario: "j/k in Rankings → frame (inspector refresh)", samples: moves))
        rows.append(Row(scenario: "j/k in Users → frame (new session + re-rank)", samples: switches))
        rows += try hybridAndCompareRows(engine: engine, presses: presses, width: width, height: height)
        rows += try inputRows(engine: engine, presses: presses, width: width, height: height)
        return rows
    }

    /// Typing into the Items search (one key per frame, then erasing), a 10,000-character bracketed
    /// paste, 30 queued `j` in Users (held key: one user switch), a `:user` command, and one search
    /// key over a million items (the SampleData texts repeated: `FoldedIndex` full scan and narrowing).
    static func inputRows(engine: Engine, presses: Int, width: Int, height: Int) throws -> [Row] {
        var rows: [Row] = []
        var grid = Grid(width: width, height: height)
        let explorer = try Explorer(engine: engine, width: width, height: height)
        explorer.perform(.focusNext)  // Items
        explorer.render(into: &grid)
        var typing = Meter(), erasing = Meter()
        let words = ["the lord of the rings", "star wars", "toy story", "matrix", "godfather", "amelie"]
        var typed = 0
        while typed < presses {
            for word in words where typed < presses {
                _ = explorer.handle(.character("/"))
                for character in word {
                    typing.time { _ = explorer.handle(.character(character)); explorer.render(into: &grid) }
                    typed += 1
                }
                for _ in word { erasing.time { _ = explorer.handle(.backspace); explorer.render(into: &grid) } }
                _ = explorer.handle(.escape)
            }
        }
        rows.append(Row(scenario: "/ search key in Items → frame", samples: typing))
        rows.append(Row(scenario: "Backspace in Items search → frame", samples: erasing))
        var paste = Meter()
        let text = String(repeating: "star wars ", count: 1000)
        for _ in 0..<20 {
            _ = explorer.handle(.character("/"))
            paste.time { _ = explorer.handle(.paste(text)); explorer.render(into: &grid) }
            _ = explorer.handle(.escape)
        }
        rows.append(Row(scenario: "10,000-character paste into search → frame", samples: paste))
        explorer.perform(.focusPrevious)  // Users
        var held = Meter()
        let userCount = engine.dataset.users.count
        for press in 0..<min(presses, 100) {
            let key: Key = (press * 30 / max(1, userCount - 31)) % 2 == 0 ? .down : .up
            held.time { _ = explorer.handle(batch: Array(repeating: key, count: 30)); explorer.render(into: &grid) }
        }
        rows.append(Row(scenario: "30 queued j in Users (held key) → one frame", samples: held))
        var command = Meter()
        for press in 0..<min(presses, 100) {
            let id = engine.dataset.users.ids[(press * 7) % max(1, userCount)]
            _ = explorer.handle(.character(":"))
            _ = explorer.handle(batch: "user \(id)".map { Key.character($0) })
            command.time { _ = explorer.handle(.enter); explorer.render(into: &grid) }
        }
        rows.append(Row(scenario: ":user ID Enter → frame", samples: command))
        // A million items: the catalogue's folded texts repeated.
        explorer.prepareIndex(for: .items)
        if let index = explorer.itemIndex, index.count > 0 {
            let large = index.repeated(toCount: 1_000_000)
            var full = Meter(), narrow = Meter()
            for word in words {
                var previous: [Int]?
                var needle: [UInt8] = []
                for byte in FoldedIndex.needle(word) {
                    needle.append(byte)
                    if let rows = previous {
                        previous = narrow.time { large.matching(needle, among: rows) }
                    } else {
                        previous = full.time { large.matching(needle) }
                    }
                }
            }
            rows.append(Row(scenario: "search over 1,000,000 items: first key (full scan)", samples: full))
            rows.append(Row(scenario: "search over 1,000,000 items: next keys (narrowing)", samples: narrow))
        }
        return rows
    }

    /// `+`/`-` on a hybrid weight (re-rank without refit), and click/undo with compare mode on (the
    /// second algorithm's session follows: clicks incrementally, undo by a rebuild).
    static func hybridAndCompareRows(engine: Engine, presses: Int, width: Int, height: Int) throws -> [Row] {
        var rows: [Row] = []
        var grid = Grid(width: width, height: height)
        if engine.algorithms.contains(.hybrid) {
            let explorer = try Explorer(engine: engine, algorithm: .hybrid, width: width, height: height)
            explorer.perform(.focusRight)
            explorer.render(into: &grid)
            var weights = Meter()
            for press in 0..<presses {
                weights.time { _ = explorer.handle(.character(press % 2 == 0 ? "+" : "-")); explorer.render(into: &grid) }
            }
            rows.append(Row(scenario: "+/- (hybrid weight) → frame", samples: weights))
        }
        let algorithms = engine.algorithms
        guard algorithms.count > 1, let current = algorithms.last else { return rows }
        let explorer = try Explorer(engine: engine, algorithm: current, width: width, height: height)
        explorer.perform(.focusRight)
        explorer.perform(.toggleCompare)
        explorer.render(into: &grid)
        var clicks = Meter(), undos = Meter()
        for press in 0..<presses {
            explorer.perform(.moveToTop)
            explorer.perform(.moveCursor(press % 5))
            explorer.render(into: &grid)
            clicks.time { _ = explorer.handle(.enter); explorer.render(into: &grid) }
            undos.time { _ = explorer.handle(.character("u")); explorer.render(into: &grid) }
        }
        let pair = "\(current.rawValue) vs \(explorer.compareAlgorithm?.rawValue ?? "-")"
        rows.append(Row(scenario: "Enter (click) → frame · compare \(pair)", samples: clicks))
        rows.append(Row(scenario: "u (undo) → frame · compare \(pair)", samples: undos))
        return rows
    }
}
