import Foundation
import Testing
@testable import RecEngine

@Suite("Semantic map raster")
struct MapRasterTests {
    @Test("Braille dots map to the Unicode bit pattern")
    func brailleBits() {
        var canvas = BrailleCanvas(columns: 2, rows: 1)
        canvas.plot(dotX: 0, dotY: 0)   // dot 1 → 0x01
        canvas.plot(dotX: 1, dotY: 3)   // dot 8 → 0x80
        canvas.plot(dotX: 3, dotY: 2)   // second cell, dot 6 → 0x20
        canvas.plot(dotX: 4, dotY: 0)   // outside: ignored
        canvas.plot(dotX: -1, dotY: 0)  // outside: ignored
        #expect(canvas.masks == [0x81, 0x20])
        #expect(canvas.counts == [2, 1])
        #expect(canvas.lines() == ["\u{2881}\u{2820}"])
        #expect(BrailleCanvas(columns: 1, rows: 1).lines() == ["\u{2800}"])
    }

    @Test("viewport maps corners to corner dots, y upwards, and clamps markers")
    func viewportMapping() {
        let view = PlaneViewport(minX: 0, maxX: 10, minY: 0, maxY: 4)
        #expect(view.dot(of: PlanePoint(x: 0, y: 4), dotsWide: 20, dotsHigh: 8)! == (0, 0))
        #expect(view.dot(of: PlanePoint(x: 10, y: 0), dotsWide: 20, dotsHigh: 8)! == (19, 7))
        #expect(view.dot(of: PlanePoint(x: 5, y: 2), dotsWide: 20, dotsHigh: 8)! == (10, 4))
        #expect(view.dot(of: PlanePoint(x: 11, y: 2), dotsWide: 20, dotsHigh: 8) == nil)
        #expect(view.clampedDot(of: PlanePoint(x: 11, y: -3), dotsWide: 20, dotsHigh: 8) == (19, 7))
    }

    @Test("viewport grows to include a point, never shrinks")
    func viewportIncluding() {
        let view = PlaneViewport(minX: 0, maxX: 10, minY: 0, maxY: 4)
        #expect(view.including(PlanePoint(x: 5, y: 2)) == view)
        let grown = view.including(PlanePoint(x: 12, y: -1), margin: 0.1)
        #expect(grown == PlaneViewport(minX: 0, maxX: 13, minY: -1.4, maxY: 4))
    }

    @Test("viewport fitting trims outliers and adds a margin")
    func viewportFitting() {
        var points = (0...100).map { PlanePoint(x: Float($0), y: 0) }
        points.append(PlanePoint(x: 1e6, y: 0))
        let view = PlaneViewport.fitting(points, trim: 0.01, margin: 0)
        #expect(view.maxX < 1000)            // the outlier does not stretch the box
        #expect(view.minX == 1 && view.maxX == 100)
        #expect(view.minY == -0.5 && view.maxY == 0.5)   // degenerate axis gets unit width
    }

    /// Four items at the corners of [0,4]×[0,2], one without a point.
    func tinyMap() -> SemanticMap {
        let projection = try! PlanarProjection.fit(rows: [0, 0, 1, 1], count: 2, dimension: 2)
        let points = [PlanePoint(x: 0, y: 2), PlanePoint(x: 4, y: 2), PlanePoint(x: 0, y: 0), PlanePoint(x: 4, y: 0), PlanePoint(x: 2, y: 1)]
        return SemanticMap(projection: projection, points: points, hasPoint: [true, true, true, true, false])
    }

    @Test("frame: density dots, markers by priority, vector-less items skipped")
    func frameMarkers() {
        let map = tinyMap()
        let view = PlaneViewport(minX: 0, maxX: 4, minY: 0, maxY: 2)
        let frame = MapFrame(map: map, columns: 3, rows: 2, viewport: view,
                             history: [0, 4], profile: PlanePoint(x: 2, y: 1), recommendations: [3, 1],
                             trail: [PlanePoint(x: 0.1, y: 0.1), PlanePoint(x: 0.2, y: 0.2)])
        // Dots: item 0 → (0,0) cell (0,0); item 1 → (5,0) cell (2,0); item 2 → (0,7) cell (0,1);
        // item 3 → (5,7) cell (2,1). Item 4 has no point.
        #expect(frame.canvas.counts == [1, 0, 1,
                                        1, 0, 1])
        #expect(frame.lines() == ["•\u{2800}2",
                                  "·@1"])
        #expect(frame.markers[3] == .trail(age: 1))   // the newer trail point wins its cell
        #expect(frame.markers[4] == .profile)
        #expect(frame.density(column: 0, row: 0) == 1)
        #expect(frame.density(column: 1, row: 0) == 0)
    }

    @Test("frame: the profile beats a recommendation in the same cell; better rank beats worse")
    func framePriority() {
        let map = tinyMap()
        let view = PlaneViewport(minX: 0, maxX: 4, minY: 0, maxY: 2)
        let frame = MapFrame(map: map, columns: 1, rows: 1, viewport: view, history: [2], profile: nil, recommendations: [0, 1, 3])
        #expect(frame.lines() == ["1"])
        let trailOverHistory = MapFrame(map: map, columns: 1, rows: 1, viewport: view, history: [2], trail: [PlanePoint(x: 1, y: 1)])
        #expect(trailOverHistory.lines() == ["·"])
        let withProfile = MapFrame(map: map, columns: 1, rows: 1, viewport: view, history: [2], profile: PlanePoint(x: 9, y: 9), recommendations: [0])
        #expect(withProfile.lines() == ["@"])   // clamped into the only cell, on top
    }

    @Test("frame: the intent is its own point, above recommendations and below the profile")
    func frameIntent() {
        let map = tinyMap()
        let view = PlaneViewport(minX: 0, maxX: 4, minY: 0, maxY: 2)
        // (3.9, 0.1) → dot (3, 7) → cell (1, 1); the profile at (0.1, 1.9) → cell (0, 0).
        let frame = MapFrame(map: map, columns: 2, rows: 2, viewport: view, profile: PlanePoint(x: 0.1, y: 1.9),
                             recommendations: [], intent: PlanePoint(x: 3.9, y: 0.1))
        #expect(frame.markers[3] == .intent)
        #expect(frame.lines()[1].last == "*")
        #expect(MapMarker.intent.glyph == "*")
        let overRecommendation = MapFrame(map: map, columns: 1, rows: 1, viewport: view, recommendations: [0], intent: PlanePoint(x: 1, y: 1))
        #expect(overRecommendation.lines() == ["*"])
        let underProfile = MapFrame(map: map, columns: 1, rows: 1, viewport: view, profile: PlanePoint(x: 1, y: 1), intent: PlanePoint(x: 2, y: 1))
        #expect(underProfile.lines() == ["@"])
    }

    @Test("Map at 80×24 on SampleData: profile, top-10 and trail move with clicks")
    func sampleDataMapAt80x24() throws {
        let data = try SampleDataFixture.dataset()
        let model = SemanticRecommender(embeddings: try SampleDataFixture.embeddings())
        let engine = Engine(dataset: data)
        engine.register(model)
        let session = try engine.makeSession(user: 0, algorithm: .semantic, k: 10)
        let track = try SemanticMapTrack(model: model, history: session.weightedHistory)
        let history = data.eventsByUser[0].map(\.item)
        // A map area inside an 80×24 screen: 78 columns, 20 rows.
        let before = track.frame(columns: 78, rows: 20, history: history, recommendations: session.ranking.map(\.item))
        #expect(before.lines().count == 20)
        #expect(before.lines().allSatisfy { $0.count == 78 })
        #expect(before.markers.filter { $0 == .profile }.count == 1)
        #expect(before.canvas.counts.reduce(0, +) >= data.catalog.count * 9 / 10)   // ≥ 90% of items inside the box
        let firstPoint = try #require(track.profilePoint)

        let toyStory = try data.catalog.require("1")
        for item in [toyStory, try data.catalog.require("3114"), try data.catalog.require("78499")] {
            try session.click(item: item)
            track.update(history: session.weightedHistory)
        }
        let after = track.frame(columns: 78, rows: 20, history: history, recommendations: session.ranking.map(\.item))
        #expect(track.trail.count == 3)
        #expect(track.trail.first == firstPoint)
        #expect(track.profilePoint != firstPoint)
        #expect(after.lines() != before.lines())
        #expect(after.markers.contains { if case .trail = $0 { return true } else { return false } })
        // The profile moved towards the clicked items' region of the plane.
        let map = try model.map()
        let clicked = map.points[toyStory]
        let distanceBefore = hypot(firstPoint.x - clicked.x, firstPoint.y - clicked.y)
        let now = try #require(track.profilePoint)
        #expect(hypot(now.x - clicked.x, now.y - clicked.y) < distanceBefore)
    }
}

@Suite("Vector heat strip")
struct VectorStripTests {
    @Test("buckets average consecutive dimensions; levels are signed against the largest mean")
    func buckets() {
        let strip = VectorStrip([1, 3, -2, -2, 0, 0, 0.5, 0.5][...], width: 4, levels: 8)
        #expect(strip.means == [2, -2, 0, 0.5])
        #expect(strip.levels == [8, -8, 0, 2])
        #expect(strip.glyphs == "██ ▂")
        #expect(VectorStrip([0, 0][...], width: 4).levels == [0, 0])
        #expect(VectorStrip([Float]()[...], width: 4).levels.isEmpty)
    }
}
