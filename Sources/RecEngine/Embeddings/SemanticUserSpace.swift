import CLinearAlgebra

/// A user with a similarity score, as returned by user-neighbour look-ups.
public struct ScoredUser: Sendable, Equatable, Codable {
    /// Dense user index.
    public var user: Int
    public var score: Float
    public init(user: Int, score: Float) { self.user = user; self.score = score }
}

/// Every user's semantic profile direction (the unit vector of the weighted mean of their history
/// vectors), for "similar users in the semantic space". Built once from weighted histories.
public struct SemanticUserSpace: Sendable {
    public let dimension: Int
    public let userCount: Int
    /// Row-major `userCount × dimension` unit vectors (zeros for users without a profile).
    public let profiles: [Float]
    /// Whether user `u` has a profile (some positive-weight history item with a vector).
    public let hasProfile: [Bool]

    /// `histories[u]` is user `u`'s effective history (event weight × decay). Cost O(events × dimension).
    public init(embeddings: ItemEmbeddings, histories: [[WeightedItem]]) {
        let d = embeddings.dimension
        var flat = [Float](repeating: 0, count: histories.count * d)
        var has = [Bool](repeating: false, count: histories.count)
        do {
            flat.withUnsafeMutableBufferPointer { out in
                for (u, history) in histories.enumerated() {
                    let row = out.baseAddress! + u * d
                    for entry in history where entry.item >= 0 && entry.item < embeddings.itemCount
                        && embeddings.hasVector[entry.item] && entry.weight != 0 {
                        embeddings.addVector(of: entry.item, times: entry.weight, to: row)
                    }
                    // Direction of the mean = direction of the sum (total weight > 0).
                    let total = history.reduce(Float(0)) { sum, entry in
                        entry.item >= 0 && entry.item < embeddings.itemCount && embeddings.hasVector[entry.item] ? sum + entry.weight : sum
                    }
                    let norm = cblas_snrm2(Int32(d), row, 1)
                    if total > 0, norm > 0 {
                        cblas_sscal(Int32(d), 1 / norm, row, 1)
                        has[u] = true
                    } else {
                        for j in 0..<d { row[j] = 0 }
                    }
                }
            }
        }
        self.dimension = d
        self.userCount = histories.count
        self.profiles = flat
        self.hasProfile = has
    }

    /// The `k` users whose profile has the highest cosine with `user`'s, best first, `user` excluded
    /// (empty when `user` has no profile). Cost: one sgemv over users × dimension.
    public func similarUsers(to user: Int, k: Int) -> [ScoredUser] {
        guard user >= 0, user < userCount, hasProfile[user], k > 0 else { return [] }
        let query = Array(profiles[(user * dimension)..<((user + 1) * dimension)])
        return similarUsers(toProfile: query, k: k, excluding: user)
    }

    /// The `k` users closest to an arbitrary profile vector (e.g. a session's live profile).
    /// Cost: one sgemv over users × dimension.
    public func similarUsers(toProfile query: [Float], k: Int, excluding: Int? = nil) -> [ScoredUser] {
        guard query.count == dimension, k > 0, userCount > 0 else { return [] }
        let norm = cblas_snrm2(Int32(dimension), query, 1)
        guard norm > 0 else { return [] }
        var cosines = [Float](repeating: 0, count: userCount)
        profiles.withUnsafeBufferPointer { matrix in
            cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(userCount), Int32(dimension), 1 / norm,
                        matrix.baseAddress, Int32(dimension), query, 1, 0, &cosines, 1)
        }
        for u in 0..<userCount where !hasProfile[u] { cosines[u] = -.infinity }
        if let excluding, excluding >= 0, excluding < userCount { cosines[excluding] = -.infinity }
        return TopK.select(cosines, k: k).map { ScoredUser(user: $0.item, score: $0.score) }
    }
}
