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
        let file = cache.path(fingerprint: matrix.fingerprint, algorithm: .als, key: ModelCache.key(fingerprint: matrix.fingerprint, parameters: ALSRecommender.cacheParameters(parameters)))
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

    /// EASE refitted with new parameters used to leave every old file behind (two 380 MB files on
    /// SampleData). Per data set, only the most recently used files within the limits stay; another
    /// data set's files are untouched.
    @Test func evictsTheLeastRecentlyUsedFilesOfADataSet() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-cache-\(UUID().uuidString)").path
        let cache = ModelCache(directory: directory, maximumFilesPerDataSet: 2)
        let other = binaryMatrix(itemCount: 7, Array(smallUsers.dropLast()))
        _ = try cache.ease(other, parameters: EASEParameters(lambda: 9))
        for lambda: Float in [1, 2, 3] {
            _ = try cache.ease(matrix, parameters: EASEParameters(lambda: lambda))
            usleep(20_000)  // distinct modification times
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".bin") }
        let mine = files.filter { $0.hasPrefix(ModelCache.hex(matrix.fingerprint)) }
        #expect(mine.count == 2)
        #expect(files.count == 3)   // the other data set's file stays
        #expect(try cache.ease(matrix, parameters: EASEParameters(lambda: 1)).outcome == .fitted)   // the oldest went
        #expect(try cache.ease(matrix, parameters: EASEParameters(lambda: 3)).outcome == .loaded)
        // A byte limit below one file keeps only the file just written.
        let tiny = ModelCache(directory: directory, maximumFilesPerDataSet: 8, maximumBytesPerDataSet: 1)
        _ = try tiny.ease(matrix, parameters: EASEParameters(lambda: 4))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(ModelCache.hex(matrix.fingerprint)) && $0.hasSuffix(".bin") }.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).allSatisfy { !$0.contains(".tmp-") })
    }

    /// A rewrite replaces the file in place (rename over it): no moment without a file.
    @Test func rewriteReplacesTheFileAndLeavesNoTemporary() throws {
        let cache = try temporaryCache()
        let parameters = EASEParameters(lambda: 2)
        _ = try cache.ease(matrix, parameters: parameters)
        let file = cache.path(fingerprint: matrix.fingerprint, algorithm: .ease, key: ModelCache.key(fingerprint: matrix.fingerprint, parameters: EASERecommender.cacheParameters(parameters)))
        let model = try EASERecommender.fit(matrix, parameters: parameters)
        try cache.store(model, file: file, key: 1, parameters: "x")
        #expect(FileManager.default.fileExists(atPath: file))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.directory).filter { $0.contains(".tmp-") }.isEmpty)
    }

    /// Every number little-endian: scalars and arrays alike.
    @Test func arraysAreLittleEndian() throws {
        var writer = BinaryWriter()
        writer.write([Float(1), -2])
        writer.write([Int32(258)])
        #expect(Array(writer.data) == [2, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0,
                                       1, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x01, 0x00, 0x00])
        var reader = BinaryReader(data: writer.data, file: "mem")
        #expect(try reader.readFloats() == [1, -2])
        #expect(try reader.readInt32s() == [258])
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
