import RecEngine
import Testing
@testable import RecUI

/// The intent prompt in the screen model: `i` types, Enter re-ranks, `<` `>` weight, `u` undo, `I` clear.
/// The fixture's items get hand-made 3-D vectors (funny = e0, sad = e1, scary = e2) and a fake encoder
/// maps words onto them, so the expected ranking is known.
@Suite struct IntentKeysTests {
    static func explorer(encoder: IntentEncoding? = IntentKeysTests.fakeEncoder) throws -> Explorer {
        let engine = Fixture.engine()
        let rows: [[Float]?] = Fixture.genres.map { genres in
            [genres.contains("Comedy") ? 1 : 0, genres.contains("Drama") ? 1 : 0, genres.contains("Horror") ? 1 : 0.1]
        }
        engine.register(SemanticRecommender(embeddings: ItemEmbeddings(dimension: 3, rows: rows), centred: false))
        let explorer = try Explorer(engine: engine, width: 100, height: 30)
        explorer.intentEncoder = encoder
        return explorer
    }

    static let fakeEncoder: IntentEncoding = { text in
        text.contains("scary") ? [0, 0, 1] : text.contains("sad") ? [0, 1, 0] : [1, 0, 0]
    }

    func type(_ text: String, into explorer: Explorer) {
        for character in text { _ = explorer.handle(.character(character)) }
    }

    @Test func typedIntentReRanksAndShowsInProfileAndStatus() throws {
        let explorer = try Self.explorer()
        let before = explorer.session.ranking
        _ = explorer.handle(.character("i"))
        type("scary stuff", into: explorer)
        var lines = Fixture.render(explorer)
        #expect(lines[29].contains("what are you in the mood for? scary stuff▏"))
        _ = explorer.handle(.enter)
        lines = Fixture.render(explorer)
        // The same frame shows the moves the intent caused.
        #expect(lines.contains { $0.contains("▲") || $0.contains("NEW") || $0.contains("▼") })
        #expect(lines.contains { $0.contains("“scary stuff”") && $0.contains("0.50") })
        #expect(explorer.message == "intent 'scary stuff' at weight 0.5: < > weight, I clear, u undo")
        #expect(explorer.inspectorModel?.explanation.contains("matches 'scary stuff'") == true)
        _ = explorer.handle(.character(">"))
        #expect(explorer.session.intent.weight == 0.6)
        #expect(explorer.message == "intent 'scary stuff' weight 0.5 → 0.6")
        // Raised all the way, u1 (a comedy fan) sees the unseen horror titles first, marked as moved.
        for _ in 0..<5 { _ = explorer.handle(.character(">")) }
        #expect(explorer.message == "intent weight stays 1.0 (between 0.1 and 1)")
        lines = Fixture.render(explorer)
        let top = try #require(explorer.session.ranking.first)
        #expect(Fixture.titles[top.item].hasPrefix("Scary"))
        #expect(Fixture.rankingRow(lines, Fixture.titles[top.item])?.hasPrefix("  1") == true)
        #expect(!before.prefix(1).contains { $0.item == top.item }, "it was not first before the intent")
        _ = explorer.handle(.character("u"))
        #expect(explorer.session.intent.isEmpty)
        #expect(explorer.message == "undid the intent 'scary stuff' (0 intents left)", "u took back the intent, not a click")
        #expect(!Fixture.render(explorer).contains { $0.contains("“scary stuff”") })
        _ = explorer.handle(.character("I"))
        #expect(explorer.message == "no intent to clear (i types one)")
    }

    @Test func emptyOrCancelledIntentChangesNothing() throws {
        let explorer = try Self.explorer()
        let before = explorer.session.ranking
        _ = explorer.handle(.character("i"))
        type("   ", into: explorer)
        _ = explorer.handle(.enter)
        #expect(explorer.message == "the intent is empty: nothing changed")
        _ = explorer.handle(.character("i"))
        type("sad", into: explorer)
        _ = explorer.handle(.escape)
        #expect(explorer.message == "intent cancelled: nothing changed")
        #expect(explorer.session.ranking == before && explorer.session.intent.isEmpty)
        // Keys typed into the prompt did not act: "u", "q" and "a" were text.
        _ = explorer.handle(.character("i"))
        type("qua", into: explorer)
        #expect(explorer.statusModel.searchPrompt == "what are you in the mood for? qua")
    }

    @Test func withoutAnEncoderTheKeySaysHowToGetOne() throws {
        let explorer = try Self.explorer(encoder: nil)
        _ = explorer.handle(.character("i"))
        #expect(explorer.message == "no text encoder here: run `make model` (all-MiniLM-L6-v2) and restart")
        #expect(explorer.statusModel.searchPrompt == nil)
    }

    /// The fixture with u1's own words (a tag they wrote and a users.csv `text`); u3 wrote nothing.
    static func explorerWithWords(encoder: IntentEncoding? = IntentKeysTests.fakeEncoder) throws -> Explorer {
        var dataset = Fixture.engine().dataset
        dataset.users = UserTable(ids: ["u1", "u2", "u3"], attributeNames: ["age", "text"],
                                  attributes: [["31", "scary nights in"], ["45", ""], ["22", ""]],
                                  words: [["creepy"], [], []])
        let engine = Engine(dataset: dataset, directory: "fixture")
        let rows: [[Float]?] = Fixture.genres.map { genres in
            [genres.contains("Comedy") ? 1 : 0, genres.contains("Drama") ? 1 : 0, genres.contains("Horror") ? 1 : 0.1]
        }
        engine.register(SemanticRecommender(embeddings: ItemEmbeddings(dimension: 3, rows: rows), centred: false))
        let explorer = try Explorer(engine: engine, width: 100, height: 30)
        explorer.intentEncoder = encoder
        return explorer
    }

    @Test func ownWordsShowInTheProfileAndOBecomesTheIntent() throws {
        let explorer = try Self.explorerWithWords()
        var lines = Fixture.render(explorer)
        let layout = Layout(width: 100, height: 30)
        let profile = layout.profile
        #expect(Fixture.column(lines[profile.y + 2], from: profile.x + 1, width: profile.width - 2).hasPrefix("in their words: creepy, sca"))
        _ = explorer.handle(.character("o"))
        #expect(explorer.session.intent.entries.map(\.text) == ["creepy, scary nights in"])
        #expect(explorer.message == "intent 'creepy, scary nights in' at weight 0.5: < > weight, I clear, u undo")
        lines = Fixture.render(explorer)
        #expect(lines.contains { $0.contains("“creepy") && $0.contains("0.50") })
        for _ in 0..<5 { _ = explorer.handle(.character(">")) }
        let top = try #require(explorer.session.ranking.first)
        #expect(Fixture.titles[top.item].hasPrefix("Scary"), "the fake encoder reads 'scary': horror first")
        _ = explorer.handle(.character("I"))
        #expect(explorer.session.intent.isEmpty)
        // A user who wrote nothing, and a new user: one line, nothing changes.
        explorer.switchUser(to: .existing(2))
        lines = Fixture.render(explorer)
        #expect(!lines.contains { $0.contains("in their words") })
        _ = explorer.handle(.character("o"))
        #expect(explorer.message == "user u3 wrote no tags or text of their own: i types an intent")
        #expect(explorer.session.intent.isEmpty)
        _ = explorer.handle(.character("n"))
        _ = explorer.handle(.character("o"))
        #expect(explorer.message == "a new user has no words of their own: i types an intent")
        // Listed in the help.
        #expect(KeyMap.bindings.contains { $0.keys == "o" })
    }

    @Test func mapShowsTheIntentAndTheInspectorItsCosine() throws {
        let explorer = try Self.explorer()
        explorer.perform(.toggleMap)
        let layout = Layout(width: 100, height: 30)
        func mapCells() -> [String] {
            let lines = Fixture.render(explorer)
            let inner = layout.profile.inset(1)
            return (inner.y..<inner.maxY).map { Fixture.column(lines[$0], from: inner.x, width: inner.width) }
        }
        let width = layout.profile.inset(1).width
        var cells = try #require(Optional(mapCells()))
        var legend = MapView.legendLines(width: width, intent: false)
        #expect(!cells.dropLast(legend.count).joined().contains("*"))
        #expect(Array(cells.suffix(legend.count)).map { $0.trimmingCharacters(in: .whitespaces) } == legend)
        #expect(legend.first?.hasPrefix("@ profile  1-9,0 top-10") == true)
        #expect(explorer.inspectorModel?.cosineToIntent == nil)
        #expect(!Fixture.render(explorer).contains { $0.contains("cos to intent") })

        _ = explorer.handle(.character("i"))
        type("scary stuff", into: explorer)
        _ = explorer.handle(.enter)
        cells = mapCells()
        legend = MapView.legendLines(width: width, intent: true)
        #expect(cells.dropLast(legend.count).joined().filter { $0 == "*" }.count == 1, "\(cells)")
        #expect(Array(cells.suffix(legend.count)).map { $0.trimmingCharacters(in: .whitespaces) } == legend, "\(cells.suffix(3))")
        #expect(legend.first?.hasPrefix("@ profile  * intent") == true)
        // The point is the intent's direction on the plane: the same cell as a frame built from it directly.
        let model = try #require(explorer.engine.semantic)
        let q = try #require(explorer.session.intentDirection)
        #expect(q == model.direction(of: [0, 0, 1]))

        // The Inspector: the highlighted item's cosine to the intent, as its own row.
        let inspected = try #require(explorer.inspectorModel)
        let expected = try #require(explorer.session.intentSimilarity(of: inspected.item))
        #expect(inspected.cosineToIntent == expected)
        let row = "cos to intent " + Format.fixed(expected, decimals: 3) + " · 'scary stuff'"
        let inner = layout.inspector.inset(1)
        let lines = Fixture.render(explorer)
        #expect(Fixture.column(lines[inner.y + 2], from: inner.x, width: inner.width).hasPrefix(row), "\(lines[inner.y + 2])")
        #expect(Fixture.column(lines[inner.y + 3], from: inner.x, width: inner.width).contains("score"))
        _ = explorer.handle(.character("I"))
        #expect(!mapCells().dropLast().joined().contains("*"))
        #expect(explorer.inspectorModel?.cosineToIntent == nil)
    }
}
