import RecEngine

/// Display of the engine's `Movement` (how an item moved since the previous ranking).
extension Movement {
    /// The marker as shown: "▲3", "▼12", "NEW", "" — legible without colour.
    public var marker: String {
        switch self {
        case .unchanged: ""
        case .up(let n): "▲\(n)"
        case .down(let n): "▼\(n)"
        case .new: "NEW"
        }
    }

    public var colour: Colour {
        switch self {
        case .unchanged: .normal
        case .up: .green
        case .down: .red
        case .new: .yellow
        }
    }
}

/// One row of the Rankings pane.
public struct RankingRow: Sendable, Equatable {
    public var rank: Int
    public var item: Int
    public var title: String
    public var score: Float
    public var movement: Movement
    /// Parts of the score when the algorithm has several (hybrid), parallel to
    /// `RankingsPaneModel.componentNames`; empty otherwise.
    public var components: [Float]
    public init(rank: Int, item: Int, title: String, score: Float, movement: Movement, components: [Float] = []) {
        self.rank = rank; self.item = item; self.title = title; self.score = score
        self.movement = movement; self.components = components
    }
}

/// What the Rankings pane shows.
public struct RankingsPaneModel: Sendable, Equatable {
    public var algorithm: String
    public var rows: [RankingRow]
    public var componentNames: [String]
    /// A line shown instead of rows when there is nothing to rank (e.g. "fitting als…").
    public var notice: String?
    /// Hybrid: each component's weight (parallel to `componentNames`) and the one `-`/`+` changes.
    public var componentWeights: [Float] = []
    public var selectedComponent: Int?
    public init(algorithm: String, rows: [RankingRow], componentNames: [String] = [], notice: String? = nil) {
        self.algorithm = algorithm; self.rows = rows; self.componentNames = componentNames; self.notice = notice
    }
}

/// One history row of the Profile pane.
public struct HistoryRow: Sendable, Equatable {
    public var item: Int
    public var title: String
    /// Effective weight after decay (event weight × decay factor).
    public var weight: Float
    /// The decay factor alone (1 = not decayed, 0 = outside the window).
    public var decay: Float
    public var isSimulatedClick: Bool
    public init(item: Int, title: String, weight: Float, decay: Float, isSimulatedClick: Bool) {
        self.item = item; self.title = title; self.weight = weight; self.decay = decay
        self.isSimulatedClick = isSimulatedClick
    }
}

/// A named value drawn as a bar (profile interests, item features, explanation parts).
public struct NamedValue: Sendable, Equatable {
    public var name: String
    public var value: Float
    public init(_ name: String, _ value: Float) { self.name = name; self.value = value }
}

/// What the Profile pane shows.
public struct ProfilePaneModel: Sendable, Equatable {
    public var user: String
    /// Number of history events (real + simulated).
    public var eventCount: Int
    /// Number of non-zero features in the interest profile.
    public var profileSize: Int
    public var topFeatures: [NamedValue]
    /// Newest first.
    public var history: [HistoryRow]
    /// The user's own words (tags they wrote, users.csv `text`), joined; nil when none.
    public var ownWords: String?
    public init(user: String, eventCount: Int, profileSize: Int, topFeatures: [NamedValue], history: [HistoryRow], ownWords: String? = nil) {
        self.user = user; self.eventCount = eventCount; self.profileSize = profileSize
        self.topFeatures = topFeatures; self.history = history; self.ownWords = ownWords
    }
}

/// What the Inspector pane shows for the highlighted item.
public struct InspectorPaneModel: Sendable, Equatable {
    public var item: Int
    public var title: String
    public var genres: [String]
    /// The item's named feature vector, largest first.
    public var features: [NamedValue]
    /// Cosine similarity of the item's features to the user's profile (nil for an empty profile).
    public var cosineToProfile: Float?
    /// Nearest items in the current algorithm's space, best first.
    public var nearest: [NamedValue]
    /// The explanation's sentence and its main parts.
    public var explanation: String
    public var explanationParts: [NamedValue]
    /// The item's sentence-embedding vector (empty when the data set has no semantic space or the item
    /// has no vector); drawn as a heat strip.
    public var embedding: [Float]
    /// Nearest items in the semantic space with their cosines (empty when `nearest` already is that
    /// list, or there is no semantic space).
    public var semanticNeighbours: [NamedValue]
    /// The item's id in the data set (for `:click ID` and the headless commands).
    public var id: String = ""
    /// The item's cosine to the session's intent in the semantic space (nil without an intent).
    public var cosineToIntent: Float?
    /// The intent's quoted text (with `cosineToIntent`).
    public var intentLabel: String?
    public init(item: Int, title: String, genres: [String], features: [NamedValue], cosineToProfile: Float?,
                nearest: [NamedValue], explanation: String, explanationParts: [NamedValue],
                embedding: [Float] = [], semanticNeighbours: [NamedValue] = []) {
        self.item = item; self.title = title; self.genres = genres; self.features = features
        self.cosineToProfile = cosineToProfile; self.nearest = nearest; self.explanation = explanation
        self.explanationParts = explanationParts; self.embedding = embedding; self.semanticNeighbours = semanticNeighbours
    }
}

/// A list's cursor row and first visible row.
public struct ListCursor: Sendable, Equatable {
    public var row = 0
    public var offset = 0
    public init(row: Int = 0, offset: Int = 0) { self.row = row; self.offset = offset }

    /// Keeps the cursor inside 0..<count and visible in a window of `visible` rows.
    public mutating func clamp(count: Int, visible: Int) {
        row = count == 0 ? 0 : max(0, min(row, count - 1))
        let page = max(1, visible)
        if row < offset { offset = row }
        if row >= offset + page { offset = row - page + 1 }
        offset = max(0, min(offset, max(0, count - page)))
    }
}
