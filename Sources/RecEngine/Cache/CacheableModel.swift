/// A fitted model that the on-disk `ModelCache` can store and restore.
public protocol CacheableModel: Recommender {
    /// Parameters that, with the data fingerprint, identify a fit (part of the cache key).
    var cacheParameters: String { get }
    /// Writes the fitted state (not the parameters' key, which the cache stores itself).
    func encode(into writer: inout BinaryWriter)
    /// Restores a model written by `encode`; throws `RecError` on malformed content.
    static func decode(from reader: inout BinaryReader) throws -> Self
}
