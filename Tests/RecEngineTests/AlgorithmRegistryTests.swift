import Foundation
import Testing
@testable import RecEngine

/// One registry describes every algorithm; what cannot serve a data set is left out with a note.
@Suite struct AlgorithmRegistryTests {
    @Test func namesRoundTripAndUnknownNamesAreRefused() throws {
        #expect(Algorithm.allCases.map(\.rawValue) == ["content", "popularity", "itemknn", "als", "ease", "semantic", "factors", "hybrid"])
        for algorithm in Algorithm.allCases {
            #expect(Algorithm(rawValue: algorithm.rawValue) == algorithm)
            #expect(AlgorithmRegistry.descriptor(algorithm).algorithm == algorithm)
        }
        #expect(Algorithm(rawValue: "nope") == nil)
        #expect(try AlgorithmRegistry.parse("EASE") == .ease)
        #expect(throws: RecError("unknown algorithm 'nope' in --algos (known: content, popularity, itemknn, als, ease, semantic, factors, hybrid)")) {
            try AlgorithmRegistry.parse("nope", context: "--algos")
        }
        // Codable as its name.
        let data = try JSONEncoder().encode([Algorithm.itemKNN])
        #expect(String(decoding: data, as: UTF8.self) == "[\"itemknn\"]")
        #expect(throws: (any Error).self) { try JSONDecoder().decode([Algorithm].self, from: Data("[\"nope\"]".utf8)) }
    }

    @Test func descriptorsSayWhatTheyAre() {
        #expect(Engine.fittedAlgorithms == [.itemKNN, .als, .ease, .hybrid])
        #expect(AlgorithmRegistry.descriptor(.hybrid).hybridOrder == nil)
        #expect(Set(AlgorithmRegistry.all.compactMap(\.hybridOrder)).count == 7)   // distinct positions: every algorithm but the hybrid
    }

    /// A catalogue above EASE's item limit: EASE is left out of the fits and of the hybrid with a note;
    /// everything else (the hybrid included) still fits and ranks.
    @Test func easeIsLeftOutAboveItsItemLimit() throws {
        let itemCount = EASERecommender.maximumItems + 1
        let ids = (0..<itemCount).map { "i\($0)" }
        let catalog = Catalog(ids: ids, titles: ids, genres: Array(repeating: ["Drama"], count: itemCount))
        let histories: [[Int]] = (0..<8).map { user in (0..<6).map { (user * 5 + $0 * 3) % 20 } }
        let events = histories.map { items in items.enumerated().map { Event(item: $0.element, value: 1, timestamp: Int64($0.offset), kind: .implicit) } }
        let dataset = Dataset(name: "wide", format: .generic, catalog: catalog, users: UserTable(ids: (0..<8).map { "u\($0)" }), eventsByUser: events)
        let (usable, notes) = AlgorithmRegistry.servable(Algorithm.allCases, for: dataset)
        #expect(!usable.contains(.ease) && usable.contains(.hybrid))
        #expect(notes == ["ease left out: EASE keeps an items × items matrix and supports at most 40000 items; the data has 40001"])

        let engine = Engine(dataset: dataset)
        var lines: [String] = []
        let fitted = try engine.fitCollaborativeModels(configuration: ModelConfiguration(als: ALSParameters(factors: 2, iterations: 1)), progress: { lines.append($0) })
        #expect(fitted.map(\.0) == [.itemKNN, .als, .hybrid])
        #expect(lines.contains("ease left out: EASE keeps an items × items matrix and supports at most 40000 items; the data has 40001"))
        #expect(lines.contains { $0.hasPrefix("hybrid component ease left out: ") })
        #expect(!engine.algorithms.contains(.ease))
        let session = try engine.makeSession(user: 0, algorithm: .hybrid, k: 5)
        #expect(session.ranking.count == 5)
        #expect(session.hybridComponents?.contains(.ease) == false)
        #expect(throws: RecError.self) { try ModelFactory(matrix: engine.collaborativeMatrix, dataset: dataset).model(.ease) }
    }
}
