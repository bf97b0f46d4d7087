/// Follows one session on the semantic map: the profile point (the direction of the session's
/// weighted mean history vector, at unit length, projected onto the PCA plane) and the trail of where
/// it has been, for any ranking algorithm.
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
    /// The part of the plane this session's frames show: the catalogue's box, grown to hold every
    /// profile point so far (never shrunk, so the picture keeps its scale while the profile moves).
    public private(set) var viewport: PlaneViewport

    /// Cost: the map's first fit if not cached yet (see `SemanticRecommender.map`), then
    /// O(history × dimension).
    public init(model: SemanticRecommender, history: [WeightedItem], trailLimit: Int = 32) throws {
        self.model = model
        let map = try model.map()
        let scorer = model.makeSemanticScorer(history: history)
        let start = Self.point(of: scorer, on: map)
        self.map = map
        self.trailLimit = max(0, trailLimit)
        self.scorer = scorer
        self.profilePoint = start
        self.viewport = start.map { map.viewport.including($0) } ?? map.viewport
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
        if let next { viewport = viewport.including(next) }
    }

    /// Forgets the trail (e.g. when the session switches user).
    public func clearTrail() { trail.removeAll() }

    /// The profile vector in the semantic space (weighted mean of history vectors).
    public var profile: [Float] { scorer.profile }

    /// A map frame for this session: `history` items (dense indices) and `recommendations` (best
    /// first) as markers, and `intent` (a unit direction in the model's space, e.g.
    /// `Session.intentDirection`) as its own point. Cost O(items + markers + dimension).
    public func frame(columns: Int, rows: Int, history: [Int], recommendations: [Int], intent: [Float]? = nil) -> MapFrame {
        let intentPoint = intent.flatMap { $0.count == model.embeddings.dimension ? map.projection.project($0) : nil }
        return MapFrame(map: map, columns: columns, rows: rows, viewport: viewport, history: history, profile: profilePoint,
                        recommendations: recommendations, trail: trail, intent: intentPoint)
    }

    /// The profile's direction at unit length, like the items: cosine ranks by direction only, so the
    /// point sits where the items it scores highest sit (the weighted mean itself is shorter and hugs
    /// the centre, barely moving when a long history gets one more click).
    private static func point(of scorer: SemanticSessionScorer, on map: SemanticMap) -> PlanePoint? {
        guard scorer.totalWeight > 0 else { return nil }
        let profile = scorer.profile
        let norm = profile.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return nil }
        return map.projection.project(profile.map { $0 / norm })
    }
}
