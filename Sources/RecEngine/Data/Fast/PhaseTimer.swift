import Foundation

/// Wall-clock phases of a load, for `Dataset.loadPath` (shown by `bench --load`): "items 120 ms, ...".
struct PhaseTimer {
    private var clock = DispatchTime.now().uptimeNanoseconds
    private var phases: [String] = []

    /// Ends the current phase under `name` and starts the next.
    mutating func phase(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        phases.append("\(name) \(Int(Double(now - clock) / 1e6)) ms")
        clock = now
    }

    var summary: String { phases.joined(separator: ", ") }
}
