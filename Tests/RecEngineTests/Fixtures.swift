import Foundation
@testable import RecEngine

/// Writes files into a fresh temporary directory and returns its path.
func makeDataDirectory(_ files: [String: String]) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for (name, contents) in files {
        try Data(contents.utf8).write(to: directory.appendingPathComponent(name))
    }
    return directory.path
}

/// The catalogue used for hand-computed TF-IDF values (see ContentFeaturesTests):
/// A = Comedy + tag funny ×2, B = Comedy + Drama, C = Drama + tag funny ×1, D = Comedy.
func tinyCatalog() -> Catalog {
    var catalog = Catalog(
        ids: ["A", "B", "C", "D"],
        titles: ["Alpha", "Beta", "Gamma", "Delta"],
        genres: [["Comedy"], ["Comedy", "Drama"], ["Drama"], ["Comedy"]]
    )
    catalog.tags = [[TagCount(tag: "funny", count: 2)], [], [TagCount(tag: "funny", count: 1)], []]
    return catalog
}

/// A tiny data set over `tinyCatalog()`: user u1 rated A (5) and B (3) — mean 4; u2 rated C (4).
func tinyDataset() -> Dataset {
    Dataset(
        name: "tiny", format: .generic, catalog: tinyCatalog(),
        users: UserTable(ids: ["u1", "u2"]),
        eventsByUser: [
            [Event(item: 0, value: 5, timestamp: 1_000_000, kind: .rating), Event(item: 1, value: 3, timestamp: 1_000_000 - 90 * 86_400, kind: .rating)],
            [Event(item: 2, value: 4, timestamp: 500, kind: .rating)],
        ]
    )
}

/// The SampleData directory, found from this file's location (Tests/RecEngineTests/ → package root).
func sampleDataDirectory() -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SampleData/movielens-small").path
}
