import Foundation
import RecEngine

/// The derived pane models, rebuilt when the session or the highlighted item changes.
extension Explorer {
    // MARK: - Derived pane models

    /// The Rankings pane's rows (components filled for the visible window when the algorithm has several).
    public var rankingsModel: RankingsPaneModel {
        if let cached = rankingsCache { return cached }
        let catalog = engine.dataset.catalog
        var rows = session.ranking.map {
            RankingRow(rank: $0.rank, item: $0.item, title: catalog.titles[$0.item], score: $0.score, movement: $0.movement)
        }
        var componentNames: [String] = []
        orderRankings(&rows)
        if let first = session.ranking.first, let names = session.hybridComponents,
           let parts = session.componentContributions(of: first.item), parts.count == names.count, parts.count > 1 {
            // Only the visible window of the rows as ordered gets its parts (cheap reads of the
            // hybrid's component rows).
            componentNames = names.map(\.rawValue)
            let cursor = cursors[.rankings, default: ListCursor()]
            let window = cursor.offset..<min(rows.count, cursor.offset + max(1, layout.rankings.height))
            for index in window where rows[index].components.isEmpty {
                rows[index].components = session.componentContributions(of: rows[index].item) ?? []
            }
        }
        var notice: String?
        if session.isColdStart && algorithm != .popularity { notice = "cold start: popularity until the first click" }
        var model = RankingsPaneModel(algorithm: algorithm.rawValue, rows: rows, componentNames: componentNames, notice: notice)
        addHybridWeights(to: &model)
        rankingsCache = model
        return model
    }

    /// The Profile pane: content interests and history with decay, newest first.
    public var profileModel: ProfilePaneModel {
        if let cached = profileCache { return cached }
        let catalog = engine.dataset.catalog
        let history = session.history
        var rows = history.reversed().map {
            HistoryRow(item: $0.event.item, title: catalog.titles[$0.event.item], weight: $0.effectiveWeight,
                       decay: $0.decay, isSimulatedClick: $0.simulated)
        }
        if historySort == .weight { rows = rows.enumerated().sorted { ($0.element.weight, -$0.offset) > ($1.element.weight, -$1.offset) }.map(\.element) }
        let profile = session.contentProfile
        let size = profile.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
        let features = session.topFeatures(8).map { NamedValue($0.feature, $0.value) }
        let model = ProfilePaneModel(user: label(of: current), eventCount: history.count, profileSize: size,
                                     topFeatures: features, history: intentRows + rows, ownWords: ownWords)
        profileCache = model
        return model
    }


    /// The 10 items nearest `item` in `algorithm`'s space (content's when that has none), cached.
    func neighbours(of item: Int, in algorithm: Algorithm, model: (any Recommender)? = nil) -> [ScoredItem] {
        let key = "\(algorithm.rawValue)|\(item)"
        if let cached = neighbourCache[key] { return cached }
        var nearest = (model ?? (try? engine.recommender(algorithm)))?.similarItems(to: item, k: 10) ?? []
        if nearest.isEmpty && algorithm != .semantic { nearest = engine.contentModel.similarItems(to: item, k: 10) }
        if neighbourCache.count > 4096 { neighbourCache.removeAll(keepingCapacity: true) }
        neighbourCache[key] = nearest
        return nearest
    }

    /// The inspector for the highlighted item (nil when nothing is highlighted).
    public var inspectorModel: InspectorPaneModel? {
        guard let item = inspected else { return nil }
        if let cached = inspectorCache, cached.item == item { return cached.model }
        let catalog = engine.dataset.catalog
        let features = engine.content.namedVector(of: item).map { NamedValue($0.feature, $0.value) }
        let profile = session.contentProfile
        var norm: Float = 0
        for v in profile { norm += v * v }
        norm = norm.squareRoot()
        var cosine: Float?
        if norm > 0 {
            var dot: Float = 0
            for p in engine.content.items.range(ofRow: item) {
                dot += profile[Int(engine.content.items.columns[p])] * engine.content.items.values[p]
            }
            cosine = dot / norm
        }
        let nearest = neighbours(of: item, in: algorithm)
        inspectorNearestItems = nearest.map(\.item)
        let explanation = session.explain(item: item)
        // The parts behind the score: hybrid components, else the history items behind it. (Content
        // scores are explained by their features, which the summary names and the feature bars show.)
        let parts: [NamedValue]
        if explanation.components.count > 1 {
            parts = explanation.components.map { NamedValue($0.algorithm.rawValue, $0.contribution) }
        } else if explanation.algorithm != .content {
            parts = explanation.history.map { NamedValue(catalog.titles[$0.item], $0.value) }
                + (explanation.history.isEmpty ? explanation.features.map { NamedValue($0.feature, $0.value) } : [])
        } else {
            parts = []
        }
        let summary = "\(explanation.algorithm.rawValue) score \(Format.score(explanation.score)): \(explanation.summary)"
        // The semantic space, when the data set has one: the item's vector and its neighbours there
        // (unless the list above already is the semantic one).
        var embedding: [Float] = []
        var semanticNeighbours: [NamedValue] = []
        if let semantic = (try? engine.recommender(.semantic)) as? SemanticRecommender, semantic.embeddings.hasVector[item] {
            embedding = Array(semantic.embeddings.vector(of: item))
            if algorithm != .semantic {
                semanticNeighbours = neighbours(of: item, in: .semantic, model: semantic).map { NamedValue(catalog.titles[$0.item], $0.score) }
            }
        }
        var model = InspectorPaneModel(item: item, title: catalog.titles[item], genres: catalog.genres[item],
                                       features: features, cosineToProfile: cosine,
                                       nearest: nearest.map { NamedValue(catalog.titles[$0.item], $0.score) },
                                       explanation: summary, explanationParts: parts,
                                       embedding: embedding, semanticNeighbours: semanticNeighbours)
        model.id = catalog.ids[item]
        model.cosineToIntent = session.intentSimilarity(of: item)
        model.intentLabel = session.intentLabel
        inspectorCache = (item, model)
        return model
    }

    /// The status line's contents.
    public var statusModel: StatusBar.Model {
        StatusBar.Model(
            dataset: engine.dataset.name,
            user: label(of: current) + (session.clicks.isEmpty ? "" : " +\(session.clicks.count) click\(session.clicks.count == 1 ? "" : "s")"),
            algorithm: algorithm.rawValue,
            decay: decay.description,
            lastRerank: lastRerank.map { "re-ranked \(Format.grouped($0.items)) items in \(Format.duration(microseconds: $0.microseconds))" },
            message: message,
            background: backgroundLine,
            searchPrompt: intentPromptLine ?? commandLine.text.map { ":" + $0 } ?? searching.map { "search \($0 == .users ? "users" : "items"): " + currentQuery },
            hints: keyHints,
            essentials: StatusBar.essentials,
            messageIsError: messageIsError,
            promptEssentials: commandLine.text != nil ? StatusBar.commandEssentials : StatusBar.searchEssentials)
    }

    /// Cursor of a pane (for tests and the benchmark).
    public func cursor(of pane: Pane) -> ListCursor { cursors[pane, default: ListCursor()] }
}
