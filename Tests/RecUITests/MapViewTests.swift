import Foundation
import Testing
import RecEngine
@testable import RecUI

/// The Map view in the explorer, on SampleData with its committed embeddings, at 80×24.
@Suite(.serialized) struct MapViewTests {
    static let engine: Result<Engine, RecError> = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        do {
            let engine = try Engine.load(directory: root.appendingPathComponent("SampleData/movielens-small").path)
            guard try engine.attachDefaultSemantic() != nil else { return .failure(RecError("SampleData has no embeddings")) }
            return .success(engine)
        } catch let error as RecError {
            return .failure(error)
        } catch {
            return .failure(RecError("\(error)"))
        }
    }()

    /// The map pane's inner cells, row by row (the pane is the Profile pane's rectangle).
    static func mapCells(_ grid: Grid, _ layout: Layout) -> [String] {
        let inner = layout.profile.inset(1)
        return (inner.y..<inner.maxY).map { y in String((inner.x..<inner.maxX).map { grid[$0, y].character }) }
    }

    @Test func mapReplacesProfileAndFollowsClicksAt80x24() throws {
        let engine = try Self.engine.get()
        let explorer = try Explorer(engine: engine, algorithm: .semantic, width: 80, height: 24)
        var grid = Grid(width: 80, height: 24)
        explorer.render(into: &grid)
        #expect(grid.lines.joined().contains("Profile"))

        explorer.perform(.toggleMap)
        #expect(explorer.map.isShown)
        explorer.render(into: &grid)
        let layout = Layout(width: 80, height: 24)
        // At 80 columns the pane is 26 wide: the title drops "semantic", the legend wraps to two
        // rows between entries, and nothing is cut with "…".
        #expect(grid.line(layout.profile.y).contains("Map · PCA "))
        let legendRows = MapView.legendLines(width: layout.profile.inset(1).width, intent: false).count
        #expect(legendRows == 2)
        let before = Self.mapCells(grid, layout)
        let legend = before.suffix(legendRows).joined(separator: " ")
        for entry in ["@ profile", "1-9,0 top-10", "• history", "· trail"] { #expect(legend.contains(entry)) }
        #expect(!legend.contains("…") && !grid.line(layout.profile.y).contains("…"))
        let plane = before.dropLast(legendRows).joined()
        #expect(plane.filter { $0 == "@" }.count == 1)                                            // the profile
        #expect(plane.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })          // density dots
        #expect(plane.contains("1"))                                                             // top recommendation
        #expect(!plane.contains("·"))                                                            // no trail yet

        // Clicks move the profile: the plane changes and the trail shows where it was.
        for id in ["1", "3114", "78499"] { explorer.click(try engine.dataset.catalog.require(id)) }
        explorer.render(into: &grid)
        let after = Self.mapCells(grid, layout)
        #expect(after != before)
        #expect(after.dropLast(legendRows).joined().filter { $0 == "@" }.count == 1)
        #expect(after.dropLast(legendRows).joined().contains("·"))

        // Reset starts the trail over; m hides the map again.
        explorer.perform(.reset)
        explorer.render(into: &grid)
        #expect(!Self.mapCells(grid, layout).dropLast(legendRows).joined().contains("·"))
        explorer.perform(.toggleMap)
        explorer.render(into: &grid)
        #expect(!explorer.map.isShown)
        #expect(grid.line(layout.profile.y).contains("Profile"))
    }

    @Test func keyMOpensTheMapAndHelpListsIt() throws {
        #expect(KeyMap.action(for: .character("m"), searching: false, helpShown: false) == .toggleMap)
        #expect(KeyMap.bindings.contains { $0.keys == "m" })
    }

    @Test func withoutEmbeddingsTheMapSaysWhy() throws {
        let explorer = try Fixture.explorer(width: 80, height: 24)
        explorer.perform(.toggleMap)
        #expect(!explorer.map.isShown)
        #expect(explorer.message?.contains("no item embeddings") == true)
    }

    @Test func legendWrapsBetweenEntriesAndNeverCutsOne() {
        #expect(MapView.legendLines(width: 60, intent: true) == ["@ profile  * intent  1-9,0 top-10  • history  · trail"])
        #expect(MapView.legendLines(width: 24, intent: false) == ["@ profile  1-9,0 top-10", "• history  · trail"])
        #expect(MapView.legendLines(width: 24, intent: true) == ["@ profile  * intent", "1-9,0 top-10  • history", "· trail"])
        let rect = Rect(x: 0, y: 0, width: 26, height: 20)
        #expect(MapView.canvasSize(of: rect, intent: true).rows == 15)
        #expect(MapView.canvasSize(of: rect, intent: false).rows == 16)
    }

    @Test func mapPaneIsNotAList() throws {
        let engine = try Self.engine.get()
        let explorer = try Explorer(engine: engine, width: 80, height: 24)
        explorer.perform(.toggleMap)
        explorer.perform(.focusNext); explorer.perform(.focusNext); explorer.perform(.focusNext); explorer.perform(.focusNext)
        explorer.perform(.moveCursor(3))
        explorer.perform(.activate)   // nothing highlighted in the map: no click
        #expect(explorer.session.clicks.isEmpty)
    }
}
