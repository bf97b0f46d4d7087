import Foundation
import RecEngine
import RecUI

extension BenchCommand {
    /// `recscope bench --ui`: keypress → next frame through the explorer's screen model, per algorithm.
    func runUIBenchmark() throws {
        var (engine, load) = try ExplorerBenchmark.timed("load") { try dataOptions.loadEngine() }
        load.scenario = "load (\(engine.dataset.loadPath.hasPrefix("snapshot") ? "warm, from the snapshot" : "cold"))"
        // Start-up and search as a user meets them: before any collaborative model is fitted.
        var rows = [load]
        rows += try ExplorerBenchmark.startupRows(engine: engine)
        if !noFit {
            // The explorer's start-up path (`BackgroundFit`): cache check, then models loaded or fitted.
            var held = false
            let cache = dataOptions.noCache ? nil : ModelCache(directory: ModelCache.defaultDirectory())
            let (_, models) = try ExplorerBenchmark.timed("collaborative models (start-up path)") {
                try engine.fitCollaborativeModels(cache: cache, cacheChecked: { held = $0 })
            }
            var row = models
            row.scenario = "models " + (held ? "from the model cache" : "fitted") + " (start-up, \(engine.collaborativeMatrixBuilds)× matrix)"
            rows.append(row)
        }
        let presses = max(20, users * clicks / 6)
        rows += try ExplorerBenchmark.run(engine: engine, presses: presses)
        if json {
            emit(.object([
                ("data", .string(engine.dataset.name)), ("items", .int(engine.dataset.catalog.count)), ("frame", .string("160x48")),
                ("ui_keypress_us", .array(rows.map { row in
                    .object([("scenario", .string(row.scenario)), ("median", .double(row.samples.median)), ("p99", .double(row.samples.p99)),
                             ("cpu_median", .double(row.cpu.median)), ("cpu_p99", .double(row.cpu.p99)), ("presses", .int(row.samples.count))])
                })),
            ]))
            return
        }
        emit("recscope bench --ui — \(engine.dataset.name): keypress → next frame (160×48 grid, screen model + engine, terminal write excluded)")
        emit("  " + column("", 52) + "wall median      p99 │ CPU median      p99   (thread CPU time: steadier on a loaded machine)")
        for row in rows {
            emit("  " + column(row.scenario, 52) + column(fixed(row.samples.median, 1), 11, alignRight: true)
                 + column(fixed(row.samples.p99, 1), 9, alignRight: true) + " │" + column(fixed(row.cpu.median, 1), 11, alignRight: true)
                 + column(fixed(row.cpu.p99, 1), 9, alignRight: true) + " µs  (\(row.samples.count))")
        }
    }
}
