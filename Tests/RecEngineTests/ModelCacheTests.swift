import Foundation
import Testing
@testable import RecEngine

@Suite struct ModelCacheTests {
    let matrix = binaryMatrix(itemCount: 7, smallUsers)

    func temporaryCache() throws -> ModelCache {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-cache-\(UUID().uuidString)").path
        return ModelCache(directory: directory)
    }

    @Test func secondLoadComesFromDiskAndEqualsTheFit() throws {
        let cache = try temporaryCache()
        let knn = ItemKNNParameters(neighbours: 3, shrinkage: 1)
        let als = ALSParameters(factors: 4, regularization: 0.5, alpha: 2, iterations: 3)
        let ease = EASEParameters(lambda: 2)
        let first = (try cache.itemKNN(matrix, parameters: knn), try cache.als(matrix, parameters: als), try cache.ease(matrix, parameters: ease))
        #expect(first.0.outcome == .fitted && first.1.outcome == .fitted && first.2.outcome == .fitted)
        let second = (try cache.itemKNN(matrix, parameters: knn), try cache.als(matrix, parameters: als), try cache.ease(matrix, parameters: ease))
        #expect(second.0.outcome == .loaded && second.1.outcome == .loaded && second.2.outcome == .loaded)
        #expect(second.0.model.neighbourSimilarities == first.0.model.neighbourSimilarities)
        #expect(second.0.model.neighbourItems == first.0.model.neighbourItems)
        #expect(second.1.model.itemFactors == first.1.model.itemFactors)
        #expect(second.2.model.weights == first.2.model.weights)
        // Other parameters or other data: a different key, so a fresh fit.
        #expect(try cache.ease(matrix, parameters: EASEParameters(lambda: 3)).outcome == .fitted)
        #expect(try cache.ease(binaryMatrix(itemCount: 7, Array(smallUsers.dropLast())), parameters: ease).outcome == .fitted)
    }

    @Test func corruptedFilesAreRefittedNeverFatal() throws {
        let cache = try temporaryCache()
        let parameters = ALSParameters(factors: 4, regularization: 0.5, alpha: 2, iterations: 3)
        let fitted = try cache.als(matrix, parameters: parameters)
        let file = cache.path(algorithm: .als, key: ModelCache.key(fingerprint: matrix.fingerprint, parameters: ALSRecommender.cacheParameters(parameters)))
        let original = try #require(FileManager.default.contents(atPath: file))
        var flipped = original
        flipped[original.count / 2] ^= 0xff
        let damaged: [Data] = [Data(), Data("garbage".utf8), original.prefix(original.count - 3), original.prefix(40), flipped, Data(repeating: 0xff, count: 200)]
        for bytes in damaged {
            try bytes.write(to: URL(fileURLWithPath: file))
            let again = try cache.als(matrix, parameters: parameters)
            #expect(again.outcome == .refittedCorrupt)
            #expect(again.model.itemFactors == fitted.model.itemFactors)
            // The refit rewrote a valid file.
            #expect(try cache.als(matrix, parameters: parameters).outcome == .loaded)
        }
    }

    @Test func defaultLocationFollowsEnvironment() {
        #expect(ModelCache.defaultDirectory(environment: ["RECSCOPE_CACHE_DIR": "/x/y"]) == "/x/y")
        #expect(ModelCache.defaultDirectory(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]) == "/c/recscope")
        #expect(ModelCache.defaultDirectory(environment: ["HOME": "/h"]) == "/h/.cache/recscope")
    }
}

/// Per-algorithm shorthands for these tests (the program goes through each algorithm's descriptor).
extension ModelCache {
    /// Item-kNN from the cache or fitted. See `loadOrFit`.
    func itemKNN(_ matrix: InteractionMatrix, parameters: ItemKNNParameters) throws -> Result<ItemKNNRecommender> {
        try loadOrFit(ItemKNNRecommender.self, algorithm: .itemKNN, fingerprint: matrix.fingerprint, parameters: ItemKNNRecommender.cacheParameters(parameters),
                             decode: { try ItemKNNRecommender.decode(from: &$0, parameters: parameters) },
                             fit: { try ItemKNNRecommender.fit(matrix, parameters: parameters) })
    }

    /// ALS from the cache or fitted. See `loadOrFit`.
    func als(_ matrix: InteractionMatrix, parameters: ALSParameters, progress: (Int, Int) -> Void = { _, _ in }) throws -> Result<ALSRecommender> {
        try loadOrFit(ALSRecommender.self, algorithm: .als, fingerprint: matrix.fingerprint, parameters: ALSRecommender.cacheParameters(parameters),
                      decode: { try ALSRecommender.decode(from: &$0, parameters: parameters) },
                      fit: { try ALSRecommender.fit(matrix, parameters: parameters, progress: progress) })
    }

    /// EASE from the cache or fitted. See `loadOrFit`.
    func ease(_ matrix: InteractionMatrix, parameters: EASEParameters) throws -> Result<EASERecommender> {
        try loadOrFit(EASERecommender.self, algorithm: .ease, fingerprint: matrix.fingerprint, parameters: EASERecommender.cacheParameters(parameters),
                      decode: { try EASERecommender.decode(from: &$0, parameters: parameters) },
                      fit: { try EASERecommender.fit(matrix, parameters: parameters) })
    }
}
