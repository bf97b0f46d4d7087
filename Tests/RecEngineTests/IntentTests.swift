import Foundation
import Testing
@testable import RecEngine

/// Free-text intents in a session, on the tiny catalogue with hand-made 3-D "sentence vectors"
/// (uncentred so the numbers can be followed by hand): A = e0, B = e1, C = e2, D = (e0 + e1)/√2.
@Suite("Session intents")
struct IntentTests {
    static func engine() -> Engine {
        let engine = Engine(dataset: tinyDataset())
        let rows: [[Float]?] = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]]
        engine.register(SemanticRecommender(embeddings: ItemEmbeddings(dimension: 3, rows: rows), centred: false))
        return engine
    }

    static let towardC: [Float] = [0, 0, 1]

    func allScores(_ session: Session) -> [Float] { (0..<4).map { session.score(of: $0) } }

    @Test("semantic: the profile becomes normalise((1−α)·p̂ + α·q), items scored by cosine")
    func semanticProfileMix() throws {
        let engine = Self.engine()
        let session = try engine.makeSession(user: 0, algorithm: .semantic, k: 4, excludeSeen: false)
        let model = try #require(engine.semantic)
        let p = model.makeSemanticScorer(history: session.weightedHistory).weightedSum
        let pNorm = p.reduce(0) { $0 + $1 * $1 }.squareRoot()
        try session.addIntent(text: "something like C", vector: Self.towardC, weight: 0.25)
        var mixed = zip(p, Self.towardC).map { 0.75 * $0 / pNorm + 0.25 * $1 }
        let m = mixed.reduce(0) { $0 + $1 * $1 }.squareRoot()
        mixed = mixed.map { $0 / m }
        let items: [[Float]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [Float(0.5).squareRoot(), Float(0.5).squareRoot(), 0]]
        let expected = items.map { x in zip(x, mixed).reduce(0) { $0 + $1.0 * $1.1 } }
        for (got, want) in zip(allScores(session), expected) { #expect(abs(got - want) < 1e-5, "\(allScores(session)) vs \(expected)") }
        #expect(session.intentSimilarity(of: 2) == 1)
        #expect(session.intentSimilarity(of: 0) == 0)
    }

    @Test("other algorithms: (1−α)·z(score) + α·z(cosine to the intent)")
    func zScoreBlend() throws {
        let engine = Self.engine()
        let plain = try engine.makeSession(user: 0, algorithm: .content, k: 4, excludeSeen: false)
        let raw = allScores(plain)
        let session = try engine.makeSession(user: 0, algorithm: .content, k: 4, excludeSeen: false)
        try session.addIntent(text: "C please", vector: Self.towardC, weight: 0.5)
        func z(_ v: [Float]) -> [Float] {
            let mean = v.reduce(0, +) / Float(v.count)
            let sd = (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(v.count)).squareRoot()
            return v.map { ($0 - mean) / sd }
        }
        let cosines: [Float] = [0, 0, 1, 0]
        let expected = zip(z(raw), z(cosines)).map { 0.5 * $0 + 0.5 * $1 }
        for (got, want) in zip(allScores(session), expected) { #expect(abs(got - want) < 1e-5, "\(allScores(session)) vs \(expected)") }
        #expect(session.ranking.first?.item == 2, "C rises to the top under a strong pull toward it")
        // Weight changes live.
        try session.setIntentWeight(0.1)
        let weaker = zip(z(raw), z(cosines)).map { 0.9 * $0 + 0.1 * $1 }
        for (got, want) in zip(allScores(session), weaker) { #expect(abs(got - want) < 1e-5) }
    }

    @Test("undo takes back whichever came last, intent or click; reset clears intents")
    func undoOrder() throws {
        let session = try Self.engine().makeSession(user: 0, algorithm: .content, k: 4)
        try session.click(item: 3)
        try session.addIntent(text: "C", vector: Self.towardC)
        #expect(session.intent.entries.count == 1 && session.clicks == [3])
        session.undo()
        #expect(session.intent.isEmpty && session.clicks == [3])
        try session.addIntent(text: "C", vector: Self.towardC)
        try session.click(item: 2)
        session.undo()
        #expect(session.intent.entries.count == 1 && session.clicks == [3])
        session.reset()
        #expect(session.intent.isEmpty && session.clicks.isEmpty)
    }

    @Test("a new user with only an intent is ranked by words alone, and explanations name the intent")
    func wordsAlone() throws {
        let session = try Self.engine().makeSession(user: nil, algorithm: .content, k: 4)
        try session.addIntent(text: "funny space adventure", vector: [1, 1, 0])
        #expect(session.ranking.first?.item == 3)
        #expect(abs(session.score(of: 3) - 1) < 1e-6)
        let why = session.explain(item: 3)
        #expect(why.summary == "matches 'funny space adventure' 1.00 (intent weight 0.50); no history yet: words alone")
        try session.click(item: 0)
        #expect(session.explain(item: 1).summary.hasPrefix("matches 'funny space adventure' 0.71 (intent weight 0.50); "))
    }

    @Test("bad intents are refused in one line and change nothing")
    func refusals() throws {
        let session = try Self.engine().makeSession(user: 0, algorithm: .content, k: 4)
        let before = session.ranking
        #expect(throws: RecError("the intent is empty: type a few words, e.g. 'funny space adventure'")) {
            try session.addIntent(text: "  \t ", vector: Self.towardC)
        }
        #expect(throws: RecError("intent weight must be in (0, 1], got 1.5")) { try session.addIntent(text: "x", vector: Self.towardC, weight: 1.5) }
        #expect(throws: RecError("the intent vector has 2 dimensions; the item embeddings have 3")) { try session.addIntent(text: "x", vector: [1, 0]) }
        #expect(session.intent.isEmpty && session.ranking == before)
        let noVectors = try Engine(dataset: tinyDataset()).makeSession(user: 0)
        #expect(throws: RecError.self) { try noVectors.addIntent(text: "x", vector: Self.towardC) }
    }

    static func z(_ v: [Float]) -> [Float] {
        let mean = v.reduce(0, +) / Float(v.count)
        let sd = (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(v.count)).squareRoot()
        return v.map { ($0 - mean) / sd }
    }

    /// Cosines of the four items to normalise((1−α)·p̂ + α·q) for user 0's semantic profile p.
    static func mixedCosines(_ engine: Engine, _ session: Session, q: [Float], alpha: Float) throws -> [Float] {
        let model = try #require(engine.semantic)
        let p = model.makeSemanticScorer(history: session.weightedHistory).weightedSum
        let pNorm = p.reduce(0) { $0 + $1 * $1 }.squareRoot()
        var mixed = zip(p, q).map { (1 - alpha) * $0 / pNorm + alpha * $1 }
        let m = mixed.reduce(0) { $0 + $1 * $1 }.squareRoot()
        mixed = mixed.map { $0 / m }
        let items: [[Float]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [Float(0.5).squareRoot(), Float(0.5).squareRoot(), 0]]
        return items.map { x in zip(x, mixed).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    @Test("hybrid with a semantic component: the intent goes through it, its weight raised to α from 0")
    func hybridThroughSemantic() throws {
        let engine = Self.engine()
        let fixed = FixedScores(.ease, [3, 1, 0, 2])
        let semantic = try #require(engine.semantic)
        engine.register(try HybridRecommender(components: [fixed, semantic], weights: [1, 0]))
        let session = try engine.makeSession(user: 0, algorithm: .hybrid, k: 4, excludeSeen: false)
        try session.addIntent(text: "something like C", vector: Self.towardC, weight: 0.25)
        let cosines = try Self.mixedCosines(engine, session, q: Self.towardC, alpha: 0.25)
        // Semantic sat at 0: raised to α = 0.25.
        let expected = zip(Self.z(fixed.values), Self.z(cosines)).map { $0 + 0.25 * $1 }
        for (got, want) in zip(allScores(session), expected) { #expect(abs(got - want) < 1e-5, "\(allScores(session)) vs \(expected)") }
        // Not the generic blend (1−α)·z(hybrid) + α·z(cosine to q).
        let generic = zip(Self.z(fixed.values), Self.z([0, 0, 1, 0])).map { 0.75 * $0 + 0.25 * $1 }
        #expect(zip(allScores(session), generic).contains { abs($0 - $1) > 1e-3 })
        // The session's own weights are untouched; the explanation's parts sum to the score and name the intent.
        #expect(session.hybridWeights == [1, 0])
        let why = session.explain(item: 2)
        #expect(why.summary.hasPrefix("matches 'something like C' 1.00 (intent weight 0.25); "))
        #expect(why.components.map(\.weight) == [1, 0.25])
        #expect(abs(why.components.reduce(0) { $0 + $1.contribution } - session.score(of: 2)) < 1e-5)
        let parts = try #require(session.componentContributions(of: 2))
        #expect(abs(parts[1] - 0.25 * Self.z(cosines)[2]) < 1e-5)

        // A semantic weight already above 0 is kept; the profile is still mixed with the intent.
        try session.setHybridWeights([1, 0.4])
        let kept = zip(Self.z(fixed.values), Self.z(cosines)).map { $0 + 0.4 * $1 }
        for (got, want) in zip(allScores(session), kept) { #expect(abs(got - want) < 1e-5, "\(allScores(session)) vs \(kept)") }
        // Cleared: back to the plain hybrid.
        session.clearIntents()
        let plain = zip(Self.z(fixed.values), Self.z(try Self.mixedCosines(engine, session, q: Self.towardC, alpha: 0))).map { $0 + 0.4 * $1 }
        for (got, want) in zip(allScores(session), plain) { #expect(abs(got - want) < 1e-5) }
    }

    @Test("hybrid without a semantic component falls back to the generic blend")
    func hybridWithoutSemantic() throws {
        let engine = Self.engine()
        let a = FixedScores(.ease, [3, 1, 0, 2])
        let b = FixedScores(.itemKNN, [0, 2, 1, 5])
        engine.register(try HybridRecommender(components: [a, b], weights: [1, 0.5]))
        let session = try engine.makeSession(user: 0, algorithm: .hybrid, k: 4, excludeSeen: false)
        let raw = zip(Self.z(a.values), Self.z(b.values)).map { $0 + 0.5 * $1 }
        try session.addIntent(text: "C please", vector: Self.towardC, weight: 0.5)
        let expected = zip(Self.z(raw), Self.z([0, 0, 1, 0])).map { 0.5 * $0 + 0.5 * $1 }
        for (got, want) in zip(allScores(session), expected) { #expect(abs(got - want) < 1e-5, "\(allScores(session)) vs \(expected)") }
        #expect(session.explain(item: 2).summary.hasPrefix("matches 'C please' 1.00"))
    }
}
