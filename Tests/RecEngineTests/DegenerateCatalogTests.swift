import Foundation
import Testing
@testable import RecEngine

/// Catalogues built in code at the edges: no genres at all, no items, no interactions. Each must give a
/// working engine or a clear one-line error through the public API — never a trap.
@Suite struct DegenerateCatalogTests {
    /// Four items, none with a genre; two carry tags. Two users with a few events.
    func genrelessDataset(tags: Bool) -> Dataset {
        let ids = ["a", "b", "c", "d"]
        var catalog = Catalog(ids: ids, titles: ids.map { "Item " + $0 })
        if tags {
            catalog.tags = [[TagCount(tag: "funny", count: 2)], [TagCount(tag: "funny", count: 1)], [TagCount(tag: "dark", count: 1)], []]
        }
        return Dataset(name: "genreless", format: .generic, catalog: catalog, users: UserTable(ids: ["u1", "u2"]),
                       eventsByUser: [[Event(item: 0, value: 1, timestamp: 10, kind: .implicit)],
                                      [Event(item: 1, value: 1, timestamp: 20, kind: .implicit), Event(item: 2, value: 1, timestamp: 30, kind: .implicit)]])
    }

    /// Regression: `Catalog(ids:titles:)` (no genres argument) left a genre column of 0 lists for 4
    /// items, and `ContentFeatures` read `genres[item]` out of range while the engine was created.
    @Test func catalogWithoutGenresArgumentBuildsAnEngineThatRecommendsAndClicks() throws {
        let dataset = genrelessDataset(tags: true)
        #expect(dataset.catalog.genres.count == dataset.catalog.count)
        let engine = Engine(dataset: dataset)
        #expect(engine.content.featureNames == ["tag:dark", "tag:funny"])
        let session = try engine.makeSession(user: 0, algorithm: .content, k: 3)
        // u1 saw "a" (funny): "b" shares the tag and scores above "c" and "d".
        #expect(session.ranking.first?.item == 1)
        let update = try session.click(item: 2)
        #expect(update.ranking.contains { $0.item == 1 })
        #expect(session.score(of: 3) == 0)  // no features: cosine 0 with every profile
    }

    @Test func everyItemWithAnEmptyGenreListGivesZeroContentScores() throws {
        let ids = ["a", "b", "c"]
        let catalog = Catalog(ids: ids, titles: ids, genres: [[], [], []])
        let dataset = Dataset(name: "bare", format: .generic, catalog: catalog, users: UserTable(ids: ["u1"]),
                              eventsByUser: [[Event(item: 0, value: 1, timestamp: 10, kind: .implicit)]])
        let engine = Engine(dataset: dataset)
        #expect(engine.content.dimensionCount == 0)
        let session = try engine.makeSession(user: 0, algorithm: .content, k: 2)
        try session.click(item: 1)
        #expect((0..<3).allSatisfy { session.score(of: $0) == 0 })
        #expect(engine.content.similarItems(to: 0, k: 5).isEmpty)
        let popular = try engine.makeSession(user: nil, algorithm: .popularity, k: 2)
        #expect(popular.ranking.first?.item == 0)
    }

    /// The interned path (a snapshot's or the fast loader's) with zero genre names and zero tag names.
    @Test func internedContentWithNoNamesBuildsAnEmptySpace() {
        var catalog = Catalog(ids: ["a", "b"], titles: ["A", "B"], genres: [[], []])
        catalog.interned = InternedContent(catalog: catalog)
        let features = ContentFeatures(catalog: catalog)
        #expect(features.dimensionCount == 0)
        #expect(features.items.rowCount == 2)
        #expect(features.cosine(0, 1) == 0)
    }

    @Test func emptyCatalogueGivesClearErrorsNotTraps() throws {
        let dataset = Dataset(name: "empty", format: .generic, catalog: Catalog(), users: UserTable(ids: ["u1"]), eventsByUser: [[]])
        let engine = Engine(dataset: dataset)
        #expect(engine.content.items.rowCount == 0)
        let session = try engine.makeSession(user: 0, algorithm: .content)
        #expect(session.ranking.isEmpty)
        #expect(throws: RecError.self) { try session.click(item: 0) }
        // Regression: EASE inverted a 0 × 0 matrix and LAPACK refused it ("matrix singular").
        try engine.fitCollaborativeModels()
        for algorithm in engine.algorithms {
            let other = try engine.makeSession(user: 0, algorithm: algorithm)
            #expect(other.ranking.isEmpty, "\(algorithm.rawValue)")
        }
        #expect(engine.similarUsers(to: 0, k: 3).isEmpty)
    }

    @Test func itemsWithoutAnyUserFitAndServeNewSessions() throws {
        let catalog = genrelessDataset(tags: true).catalog
        let dataset = Dataset(name: "nobody", format: .generic, catalog: catalog, users: UserTable(), eventsByUser: [])
        let engine = Engine(dataset: dataset)
        try engine.fitCollaborativeModels()
        for algorithm in engine.algorithms {
            let session = try engine.makeSession(user: nil, algorithm: algorithm, k: 2)
            try session.click(item: 0)
            #expect(session.ranking.count <= 2, "\(algorithm.rawValue)")
        }
    }

    /// A genre column assigned shorter than the catalogue after it was built: those items have none.
    @Test func genresAssignedEmptyAfterBuildingGiveNoGenreDimensions() {
        var catalog = genrelessDataset(tags: true).catalog
        catalog.genres = []
        let features = ContentFeatures(catalog: catalog)
        #expect(features.featureNames == ["tag:dark", "tag:funny"])
        #expect(features.items.rowCount == 4)
        #expect(InternedContent(catalog: catalog).itemGenreStart.count == 5)
    }

    @Test func catalogTitlesDefaultToIDs() {
        #expect(Array(Catalog(ids: ["x", "y"]).titles) == ["x", "y"])
    }

    @Test func itemsWithoutInteractionsWork() throws {
        var dataset = genrelessDataset(tags: true)
        dataset = Dataset(name: "quiet", format: .generic, catalog: dataset.catalog, users: UserTable(ids: ["u1"]), eventsByUser: [[]])
        let engine = Engine(dataset: dataset)
        #expect(dataset.eventCount == 0)
        let session = try engine.makeSession(user: 0, algorithm: .content, k: 2)
        #expect(session.isColdStart)
        let update = try session.click(item: 0)
        #expect(update.ranking.first?.item == 1)  // shares "funny"
        let popular = try engine.makeSession(user: nil, algorithm: .popularity, k: 2)
        #expect(popular.ranking.count <= 2)
        _ = try engine.fitCollaborativeModels()
        for algorithm in engine.algorithms {
            let other = try engine.makeSession(user: 0, algorithm: algorithm, k: 2)
            try other.click(item: 3)
        }
    }
}
