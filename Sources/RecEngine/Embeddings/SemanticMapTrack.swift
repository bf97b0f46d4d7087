/// Follows one session on the semantic map: the profile point (the session's weighted history
/// projected onto the PCA plane) and the trail of where it has been, for any ranking algorithm.
///
/// Call `update(history:)` with `Session.weightedHistory` after every click, undo or reset; when the
/// point moves, its previous position joins the trail. Not thread-safe; one per session.
public final class SemanticMapTrack {
    public let model: SemanticRecommender
    public let map: SemanticMap
    /// Longest trail kept (oldest positions drop off).
    public let trailLimit: Int
    private let scorer: SemanticSessionScorer
    /// The profile's current point, nil while the history has no item with a vector.
    public private(set) var profilePoint: PlanePoint?
    /// Earlier profile points, oldest first.
    public private(set) var trail: [PlanePoint] = []

    /// Cost: the map's first fit if not cached yet (see `SemanticRecommender.map`), then
    /// O(history × dimension).
    public init(model: SemanticRecommender, history: [WeightedItem], trailLimit: Int = 32) throws {
        self.model = model
        self.map = try model.map()
        self.trailLimit = max(0, trailLimit)
        self.scorer = model.makeSemanticScorer(history: history)
        self.profilePoint = Self.point(of: scorer, on: map)
    }

    /// Recomputes the profile from the session's effective history. Cost O(history × dimension).
    public func update(history: [WeightedItem]) {
        scorer.rebuild(history: history)
        let next = Self.point(of: scorer, on: map)
        if let previous = profilePoint, previous != next {
            trail.append(previous)
            if trail.count > trailLimit { trail.removeFirst(trail.count - trailLimit) }
        }
        profilePoint = next
    }

    /// Forgets the trail (e.g. when the session switches user).
    public func clearTrail() { trail.removeAll() }

    /// The profile vector in the semantic space (weighted mean of history vectors).
    public var profile: [Float] { scorer.profile }

    /// A map frame for this session: `history` items (dense indices) and `recommendations` (best
    /// first) as markers. Cost O(items + markers).
    public func frame(columns: Int, rows: Int, history: [Int], recommendations: [Int]) -> MapFrame {
        MapFrame(map: map, columns: columns, rows: rows, history: history, profile: profilePoint,
                 recommendations: recommendations, trail: trail)
    }

    private static func point(of scorer: SemanticSessionScorer, on map: SemanticMap) -> PlanePoint? {
        guard scorer.totalWeight > 0 else { return nil }
        return map.projection.project(scorer.profile)
    }
}
