import Foundation
import Testing
@testable import RecEngine

/// The explorer's start-up (check the model cache, then load or fit the collaborative models) builds
/// the binary interaction matrix once — it used to build it for the check and again for the fit.
@Suite struct StartupMatrixTests {
    let collaborative = CollaborativeEngineTests()

    @Test func cacheCheckAndFitShareOneMatrix() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-startup-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = ModelCache(directory: directory)
        for run in ["cold", "warm"] {
            let engine = collaborative.engine()
            var checks: [Bool] = []
            let fitted = try engine.fitCollaborativeModels(configuration: collaborative.configuration(), cache: cache, cacheChecked: { checks.append($0) })
            #expect(checks == [run == "warm"], "\(run)")
            #expect(fitted.map(\.0) == [.itemKNN, .als, .ease, .hybrid], "\(run)")
            #expect(fitted.allSatisfy { $0.1.fromCache == (run == "warm") }, "\(run)")
            #expect(engine.collaborativeMatrixBuilds == 1, "\(run)")
        }
    }

    @Test func withoutACacheTheCheckSaysNotHeld() throws {
        let engine = collaborative.engine()
        var checks: [Bool] = []
        try engine.fitCollaborativeModels(configuration: collaborative.configuration(), algorithms: [.als], cacheChecked: { checks.append($0) })
        #expect(checks == [false])
        #expect(engine.collaborativeMatrixBuilds == 1)
    }

    /// The check covers only the models the fit writes: a cache holding ALS alone is "held" for an
    /// ALS-only fit and not for the full set.
    @Test func theCheckCoversExactlyTheModelsToFit() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-startup-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = ModelCache(directory: directory)
        try collaborative.engine().fitCollaborativeModels(configuration: collaborative.configuration(), cache: cache, algorithms: [.als])
        var checks: [Bool] = []
        try collaborative.engine().fitCollaborativeModels(configuration: collaborative.configuration(), cache: cache, algorithms: [.als], cacheChecked: { checks.append($0) })
        try collaborative.engine().fitCollaborativeModels(configuration: collaborative.configuration(), cache: cache, cacheChecked: { checks.append($0) })
        #expect(checks == [true, false])
    }
}
