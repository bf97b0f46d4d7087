/// A fitted model that the on-disk `ModelCache` can store and restore.
public protocol CacheableModel: Recommender {
    associatedtype Parameters
    /// Text identifying a fit's parameters and the format version (with the data fingerprint, the
    /// cache key).
    static func cacheParameters(_ parameters: Parameters) -> String
    /// Writes the fitted state (not the parameters' key, which the cache stores itself).
    func encode(into writer: inout BinaryWriter)
    /// Restores a model written by `encode` for `parameters`; throws `RecError` on malformed content.
    static func decode(from reader: inout BinaryReader, parameters: Parameters) throws -> Self
}
