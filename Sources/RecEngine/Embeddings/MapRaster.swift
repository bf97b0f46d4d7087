/// A grid of character cells, each a 2 × 4 block of Braille dots (U+2800–U+28FF), on which points of
/// a plane are plotted. Pure data: no terminal I/O; a front end turns cells into glyphs and colours.
///
/// Dot coordinates: x in 0..<columns·2 (left to right), y in 0..<rows·4 (top to bottom).
public struct BrailleCanvas: Sendable, Equatable {
    public let columns: Int
    public let rows: Int
    /// Lit dots per cell, row-major, as the Braille bit mask (bit k = dot k+1 of the Unicode pattern).
    public private(set) var masks: [UInt8]
    /// Points plotted per cell (density), row-major.
    public private(set) var counts: [Int]

    public init(columns: Int, rows: Int) {
        self.columns = max(columns, 0)
        self.rows = max(rows, 0)
        masks = [UInt8](repeating: 0, count: self.columns * self.rows)
        counts = [Int](repeating: 0, count: self.columns * self.rows)
    }

    /// Braille bit of the dot at (x mod 2, y mod 4): dots 1-2-3-7 run down the left column, 4-5-6-8
    /// down the right.
    static let dotBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// Lights dot (x, y); ignored outside the canvas. Cost O(1).
    public mutating func plot(dotX x: Int, dotY y: Int) {
        guard x >= 0, y >= 0, x < columns * 2, y < rows * 4 else { return }
        let cell = (y / 4) * columns + x / 2
        masks[cell] |= Self.dotBits[x % 2][y % 4]
        counts[cell] += 1
    }

    /// The Braille character of a cell (U+2800, blank, when no dot is lit).
    public func character(column: Int, row: Int) -> Character {
        let mask = masks[row * columns + column]
        return Character(Unicode.Scalar(0x2800 + UInt32(mask)) ?? " ")
    }

    /// Every row as a string of Braille characters.
    public func lines() -> [String] {
        (0..<rows).map { row in String((0..<columns).map { character(column: $0, row: row) }) }
    }
}

/// Maps plane coordinates to dots and cells of a canvas of a given size: x grows to the right, y
/// upwards (so the top row holds the largest y). Each axis is scaled independently to fill the area.
public struct PlaneViewport: Sendable, Equatable {
    public var minX: Float, maxX: Float, minY: Float, maxY: Float

    public init(minX: Float, maxX: Float, minY: Float, maxY: Float) {
        self.minX = minX; self.maxX = maxX; self.minY = minY; self.maxY = maxY
    }

    /// The box holding the central `1 − 2·trim` share of the points on each axis (trim 0.01: 1st to
    /// 99th percentile, so a few outliers do not shrink the crowd to a dot), widened by `margin` of
    /// its size on each side. Degenerate axes get a unit width. Cost O(n log n).
    public static func fitting(_ points: [PlanePoint], trim: Float = 0.01, margin: Float = 0.04) -> PlaneViewport {
        guard !points.isEmpty else { return PlaneViewport(minX: -1, maxX: 1, minY: -1, maxY: 1) }
        func range(_ values: [Float]) -> (Float, Float) {
            let sorted = values.sorted()
            let low = sorted[min(sorted.count - 1, Int(Float(sorted.count - 1) * trim))]
            let high = sorted[max(0, Int((Float(sorted.count - 1) * (1 - trim)).rounded(.up)))]
            let span = high - low
            if span <= 0 { return (low - 0.5, high + 0.5) }
            return (low - span * margin, high + span * margin)
        }
        let (minX, maxX) = range(points.map(\.x))
        let (minY, maxY) = range(points.map(\.y))
        return PlaneViewport(minX: minX, maxX: maxX, minY: minY, maxY: maxY)
    }

    /// This viewport grown, if needed, so `p` lies inside with `margin` of the size to spare.
    public func including(_ p: PlanePoint, margin: Float = 0.04) -> PlaneViewport {
        var v = self
        let padX = (maxX - minX) * margin, padY = (maxY - minY) * margin
        if p.x < minX { v.minX = p.x - padX }
        if p.x > maxX { v.maxX = p.x + padX }
        if p.y < minY { v.minY = p.y - padY }
        if p.y > maxY { v.maxY = p.y + padY }
        return v
    }

    /// Dot of a point on a `dotsWide × dotsHigh` grid, nil when the point is outside the viewport.
    public func dot(of p: PlanePoint, dotsWide: Int, dotsHigh: Int) -> (x: Int, y: Int)? {
        guard dotsWide > 0, dotsHigh > 0, p.x >= minX, p.x <= maxX, p.y >= minY, p.y <= maxY else { return nil }
        return clampedDot(of: p, dotsWide: dotsWide, dotsHigh: dotsHigh)
    }

    /// Dot of a point, pulled to the nearest edge when outside (for markers that must stay visible).
    public func clampedDot(of p: PlanePoint, dotsWide: Int, dotsHigh: Int) -> (x: Int, y: Int) {
        let fx = (p.x - minX) / (maxX - minX)
        let fy = (maxY - p.y) / (maxY - minY)
        func scale(_ f: Float, _ n: Int) -> Int {
            guard f.isFinite else { return n / 2 }
            return min(n - 1, max(0, Int((f * Float(n)).rounded(.down))))
        }
        return (scale(fx, dotsWide), scale(fy, dotsHigh))
    }
}

/// What a map cell shows on top of the density dots, in drawing priority order (profile on top; the
/// session's trail above the often numerous history items, so it stays visible).
public enum MapMarker: Sendable, Equatable {
    /// An item of the user's history.
    case history
    /// Where the session's profile was before a later click; `age` 1 = the previous position.
    case trail(age: Int)
    /// A current top-K recommendation, `rank` 1-based.
    case recommendation(rank: Int)
    /// The session's free-text intent (its direction in the item space, projected).
    case intent
    /// The current profile.
    case profile

    var priority: Int {
        switch self {
        case .history: return 0
        case .trail: return 1
        case .recommendation: return 2
        case .intent: return 3
        case .profile: return 4
        }
    }

    /// A one-column glyph: `@` profile, `*` intent, `1`–`9` and `0` for ranks 1–10 (`+` beyond),
    /// `•` history, `·` trail.
    public var glyph: Character {
        switch self {
        case .profile: return "@"
        case .intent: return "*"
        case .recommendation(let rank): return rank >= 1 && rank <= 9 ? Character(String(rank)) : (rank == 10 ? "0" : "+")
        case .history: return "•"
        case .trail: return "·"
        }
    }
}

/// One frame of the Map view: the catalogue's density as Braille dots, with markers for history
/// items, the profile, the top-K and the profile's trail. Built from a `SemanticMap` for a terminal
/// area; front ends draw `glyph(column:row:)` (and may shade by `density`).
public struct MapFrame: Sendable, Equatable {
    public let canvas: BrailleCanvas
    public let viewport: PlaneViewport
    /// Marker per cell (row-major), nil where only density dots show.
    public let markers: [MapMarker?]

    public var columns: Int { canvas.columns }
    public var rows: Int { canvas.rows }

    /// Lays out a frame of `columns × rows` cells. Items are plotted when inside `viewport` (default:
    /// `map.viewport`); markers are clamped to the edge so they always show. Where markers
    /// share a cell the higher-priority one wins (profile > intent > recommendation (better rank) > trail
    /// (newer) > history). Cost O(items + markers).
    public init(map: SemanticMap, columns: Int, rows: Int, viewport: PlaneViewport? = nil,
                history: [Int] = [], profile: PlanePoint? = nil, recommendations: [Int] = [], trail: [PlanePoint] = [],
                intent: PlanePoint? = nil) {
        var canvas = BrailleCanvas(columns: columns, rows: rows)
        let view = viewport ?? map.viewport
        let dotsWide = canvas.columns * 2, dotsHigh = canvas.rows * 4
        for (point, has) in zip(map.points, map.hasPoint) where has {
            if let dot = view.dot(of: point, dotsWide: dotsWide, dotsHigh: dotsHigh) { canvas.plot(dotX: dot.x, dotY: dot.y) }
        }
        var markers = [MapMarker?](repeating: nil, count: canvas.columns * canvas.rows)
        /// Puts `marker` in its cell unless a higher-priority one is there (an equal one is replaced:
        /// callers place the weaker of equal kinds first).
        func place(_ marker: MapMarker, at point: PlanePoint) {
            guard dotsWide > 0, dotsHigh > 0 else { return }
            let dot = view.clampedDot(of: point, dotsWide: dotsWide, dotsHigh: dotsHigh)
            let cell = (dot.y / 4) * canvas.columns + dot.x / 2
            if let existing = markers[cell], existing.priority > marker.priority { return }
            markers[cell] = marker
        }
        for item in history where item >= 0 && item < map.points.count && map.hasPoint[item] { place(.history, at: map.points[item]) }
        // Oldest trail position first, so newer ones win a shared cell.
        for (index, point) in trail.enumerated() { place(.trail(age: trail.count - index), at: point) }
        // Worst rank first, so better ranks win a shared cell.
        for (index, item) in recommendations.enumerated().reversed() where item >= 0 && item < map.points.count && map.hasPoint[item] {
            place(.recommendation(rank: index + 1), at: map.points[item])
        }
        if let intent { place(.intent, at: intent) }
        if let profile { place(.profile, at: profile) }

        self.canvas = canvas
        self.viewport = view
        self.markers = markers
    }

    /// The glyph to draw: the cell's marker, else its Braille density character.
    public func glyph(column: Int, row: Int) -> Character {
        markers[row * columns + column]?.glyph ?? canvas.character(column: column, row: row)
    }

    /// Relative density of a cell in 0...1 (log-scaled against the densest cell), for shading.
    public func density(column: Int, row: Int) -> Float {
        let densest = canvas.counts.max() ?? 0
        let count = canvas.counts[row * columns + column]
        guard densest > 0, count > 0 else { return 0 }
        return Float(log1p(Double(count)) / log1p(Double(densest)))
    }

    /// Every row as text (markers over Braille), e.g. for a plain-text map or a screen test.
    public func lines() -> [String] {
        (0..<rows).map { row in String((0..<columns).map { glyph(column: $0, row: row) }) }
    }
}

import Foundation
