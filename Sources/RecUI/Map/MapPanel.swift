import RecEngine

/// The Map view's state inside the explorer: whether it is shown (in place of the Profile pane), and
/// one `SemanticMapTrack` per user session, so the profile point and its trail follow every click,
/// undo and reset. Frames are cached until the session changes or the pane is resized.
public final class MapPanel {
    public private(set) var isShown = false
    private var tracks: [UserRef: (session: ObjectIdentifier, track: SemanticMapTrack)] = [:]
    private var version = 0
    private var cached: (key: FrameKey, frame: MapFrame)?

    private struct FrameKey: Equatable {
        var user: UserRef
        var session: ObjectIdentifier
        var version: Int
        var columns: Int
        var rows: Int
        var intent: [Float]?
    }

    public init() {}

    /// Shows or hides the map; returns the status message. Without item embeddings the map cannot be
    /// shown and the message says how to get them.
    public func toggle(engine: Engine) -> String {
        guard engine.semantic != nil else {
            isShown = false
            return "no item embeddings: the map needs --item-embeddings FILE --item-ids FILE (see docs/SEMANTIC.md)"
        }
        isShown.toggle()
        return isShown ? "map: items on the semantic PCA plane (m hides it)" : "map hidden"
    }

    /// Call after anything changed the session's history (click, undo, decay). Cost O(history × 384)
    /// when the user's map has been shown, else O(1).
    public func follow(user: UserRef, session: Session) {
        guard let entry = tracks[user], entry.session == ObjectIdentifier(session) else { return }
        entry.track.update(history: session.weightedHistory)
        version += 1
    }

    /// Forgets the user's trail (after a reset the session starts over).
    public func clearTrail(user: UserRef) {
        tracks[user]?.track.clearTrail()
        version += 1
    }

    /// The frame for the current user's session in a map area of `columns × rows` cells, or an error
    /// line. Cost: the first time, fitting the map (cached by the model) and the track; then
    /// O(items) per new frame, O(1) when nothing changed.
    public func frame(engine: Engine, user: UserRef, session: Session, columns: Int, rows: Int) -> Result<MapFrame, RecError> {
        guard let model = engine.semantic else { return .failure(RecError("no item embeddings loaded")) }
        let id = ObjectIdentifier(session)
        let track: SemanticMapTrack
        if let entry = tracks[user], entry.session == id {
            track = entry.track
        } else {
            do {
                track = try SemanticMapTrack(model: model, history: session.weightedHistory)
            } catch let error as RecError {
                return .failure(error)
            } catch {
                return .failure(RecError("\(error)"))
            }
            tracks[user] = (id, track)
            version += 1
        }
        let intent = session.intentDirection
        let key = FrameKey(user: user, session: id, version: version, columns: columns, rows: rows, intent: intent)
        if let cached, cached.key == key { return .success(cached.frame) }
        let frame = track.frame(columns: columns, rows: rows, history: session.history.map(\.event.item),
                                recommendations: session.ranking.prefix(10).map(\.item), intent: intent)
        cached = (key, frame)
        return .success(frame)
    }

    /// Share of the embedding variance the plane shows (0 without embeddings or before the first fit).
    public func explainedVariance(engine: Engine) -> Float {
        guard let map = try? engine.semantic?.map() else { return 0 }
        let p = map.projection
        return p.totalVariance > 0 ? (p.variances[0] + p.variances[1]) / p.totalVariance : 0
    }
}

extension Result where Failure == RecError {
    /// The error's one-line description, nil on success.
    var failureDescription: String? {
        if case .failure(let error) = self { return error.description }
        return nil
    }
}
