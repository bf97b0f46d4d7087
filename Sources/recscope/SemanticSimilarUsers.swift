import RecEngine

/// `similar --user ID --space semantic`: users whose semantic profiles (weighted mean of their items'
/// embeddings) point the same way, in both output forms.
struct SemanticSimilarUsers {
    let engine: Engine
    let user: Int
    let userID: String
    let k: Int
    let decay: DecayPolicy
    let json: Bool

    func print() throws {
        let neighbours = try engine.semanticSimilarUsers(to: user, k: k, decay: decay)
        let ids = engine.dataset.users.ids
        if json {
            emit(.object([
                ("user", .string(userID)), ("space", .string("semantic_profile")),
                ("neighbours", .array(neighbours.enumerated().map { rank, n in
                    .object([("rank", .int(rank + 1)), ("user", .string(ids[n.user])), ("similarity", .float(n.score)),
                             ("events", .int(engine.dataset.eventsByUser[n.user].count))])
                })),
            ]))
            return
        }
        emit("Users whose semantic profiles are most similar to user \(userID)'s (\(decay))")
        if neighbours.isEmpty { emit("(no neighbours: the user's history has no item with a semantic vector)") }
        for (rank, n) in neighbours.enumerated() {
            emit(column("\(rank + 1)", 4, alignRight: true) + "  " + column(fixed(n.score, 4), 7) + "user " + column(ids[n.user], 8)
                 + "\(engine.dataset.eventsByUser[n.user].count) events")
        }
    }
}
