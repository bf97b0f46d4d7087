import RecEngine
@testable import RecUI

/// A tiny catalogue with known genres (including a CJK and a combining-accent title) and three users.
enum Fixture {
    static let titles = [
        "Funny One", "Funny Two", "Funny Three", "Sad One", "Sad Two",
        "Scary One", "Scary Two", "千と千尋の神隠し (2001)", "Ame\u{301}lie (2001)", "Scary Three",
    ]
    static let genres: [[String]] = [
        ["Comedy"], ["Comedy"], ["Comedy", "Romance"], ["Drama"], ["Drama", "Romance"],
        ["Horror"], ["Horror", "Thriller"], ["Animation", "Fantasy"], ["Comedy", "Romance"], ["Horror", "Mystery"],
    ]
    static let day: Int64 = 86_400

    static func engine() -> Engine {
        let catalog = Catalog(ids: titles.indices.map { "i\($0)" }, titles: titles, genres: genres)
        let users = UserTable(ids: ["u1", "u2", "u3"], attributeNames: ["age"], attributes: [["31"], ["45"], ["22"]])
        let events: [[Event]] = [
            [Event(item: 0, value: 5, timestamp: 100 * day, kind: .rating),
             Event(item: 3, value: 2, timestamp: 110 * day, kind: .rating),
             Event(item: 2, value: 4.5, timestamp: 120 * day, kind: .rating)],
            [Event(item: 5, value: 5, timestamp: 200 * day, kind: .rating),
             Event(item: 6, value: 4, timestamp: 210 * day, kind: .rating)],
            [],
        ]
        let dataset = Dataset(name: "fixture", format: .generic, catalog: catalog, users: users, eventsByUser: events)
        return Engine(dataset: dataset, directory: "fixture")
    }

    static func explorer(width: Int = 100, height: Int = 30) throws -> Explorer {
        try Explorer(engine: engine(), width: width, height: height)
    }

    static func render(_ explorer: Explorer, width: Int = 100, height: Int = 30) -> [String] {
        var grid = Grid(width: width, height: height)
        explorer.render(into: &grid)
        return grid.lines
    }

    /// The Rankings pane's row showing `title` (the line's middle column), or nil.
    static func rankingRow(_ lines: [String], _ title: String, layout: Layout = Layout(width: 100, height: 30)) -> String? {
        let r = layout.rankings
        return lines[r.y..<r.maxY].map { column($0, from: r.x + 1, width: r.width - 2) }.first { $0.contains(title) }
    }

    /// Cells x..<x+width of a rendered line (by character; the fixture's pane borders are ASCII-width).
    static func column(_ line: String, from x: Int, width: Int) -> String {
        var cells: [String] = []
        for character in line {
            cells.append(String(character))
            if DisplayWidth.of(character) == 2 { cells.append("") }
        }
        return cells[min(cells.count, x)..<min(cells.count, x + width)].joined()
    }
}
