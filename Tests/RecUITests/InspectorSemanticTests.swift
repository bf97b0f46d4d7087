import Testing
import RecEngine
@testable import RecUI

/// The inspector's semantic parts (heat strip, semantic neighbours) on SampleData with its embeddings.
@Suite(.serialized) struct InspectorSemanticTests {
    @Test func inspectorShowsHeatStripAndSemanticNeighboursOfToyStory() throws {
        let engine = try MapViewTests.engine.get()
        let explorer = try Explorer(engine: engine, algorithm: .content, width: 120, height: 40)
        explorer.perform(.focusNext)   // Users → Items; the first item is Toy Story
        let model = try #require(explorer.inspectorModel)
        #expect(model.title == "Toy Story (1995)")
        #expect(model.embedding.count == 384)
        #expect(model.semanticNeighbours.first?.name == "Toy Story 2 (1999)")
        var grid = Grid(width: 120, height: 40)
        explorer.render(into: &grid)
        let layout = Layout(width: 120, height: 40)
        let lines = (layout.inspector.y..<layout.inspector.maxY).map { grid.line($0) }
        let strip = try #require(lines.first { $0.contains("384-d ") })
        let glyphs = strip.unicodeScalars.filter { (0x2581...0x2588).contains($0.value) }
        #expect(glyphs.count > 20)   // one block per bucket of dimensions
        #expect(lines.contains { $0.contains("semantic neighbours") })
        #expect(lines.contains { $0.contains("Toy Story 2 (1999)") })
    }

    @Test func inspectorWithoutSemanticSpaceHasNoStrip() throws {
        let explorer = try Fixture.explorer()
        explorer.perform(.focusNext)
        let model = try #require(explorer.inspectorModel)
        #expect(model.embedding.isEmpty && model.semanticNeighbours.isEmpty)
        var grid = Grid(width: 100, height: 30)
        explorer.render(into: &grid)
        #expect(!grid.lines.joined().contains("-d "))
    }

    /// Issue 11, defect 5: at 80×24 the "nearest items" heading had no visible rows, yet `j` Enter
    /// clicked an item that was never on screen. Whatever Enter clicks in the Inspector is on screen.
    @Test func inspectorNeverClicksWhatIsNotShown() throws {
        let engine = try MapViewTests.engine.get()
        let explorer = try Explorer(engine: engine, algorithm: .content, width: 80, height: 24)
        explorer.perform(.focusRight)       // Rankings: the inspector shows its first item
        explorer.perform(.focusNext)        // Inspector
        #expect(explorer.focus == .inspector)
        _ = explorer.handle(.character("j"))
        let layout = Layout(width: 80, height: 24)
        let lines = Fixture.render(explorer, width: 80, height: 24)
        let pane = lines[layout.inspector.y..<layout.inspector.maxY].map { Fixture.column($0, from: layout.inspector.x, width: layout.inspector.width) }
        let heading = pane.firstIndex { $0.contains("nearest items") }
        _ = explorer.handle(.enter)
        if let clicked = explorer.session.clicks.first {
            let title = engine.dataset.catalog.titles[clicked]
            let shown = try #require(heading, "a click with no nearest-items list on screen")
            #expect(pane[(shown + 1)...].contains { $0.contains(String(title.prefix(12))) }, "clicked '\(title)', not on screen:\n\(pane.joined(separator: "\n"))")
        } else {
            #expect(heading == nil || pane.count <= heading! + 2, "rows were shown but Enter did nothing")
        }
    }
}
