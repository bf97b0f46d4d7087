import Foundation

/// Reads GroupLens' MovieLens 100K layout: `u.data` (tab-separated user, item, rating, timestamp),
/// `u.item` (`|`-separated id, title, release date, video date, IMDb URL, then one 0/1 flag per genre),
/// `u.genre` (genre name | flag position) and optional `u.user` (id | age | gender | occupation | zip),
/// which become user attributes. The files are Latin-1 encoded; they are decoded as such.
enum MovieLens100KLoader {
    /// Highest genre flag position accepted in `u.genre` (the real file uses 0–18).
    static let maxGenreIndex = 999

    static func load(_ files: DataFiles, options: LoadOptions) throws -> Dataset {
        var skipped = SkipReport()

        let genreFile = try LatinLines(files, "u.genre")
        var genreNames: [Int: String] = [:]
        var genreLine: [Int: Int] = [:]
        try genreFile.forEach(separator: "|", options: options, skipped: &skipped) { fields, line in
            guard fields.count >= 2, let position = Int(fields[1]), position >= 0 else {
                throw RecError(file: genreFile.file, line: line, "expected 'name|index', got '\(fields.joined(separator: "|"))'")
            }
            guard position <= MovieLens100KLoader.maxGenreIndex else {
                throw RecError(file: genreFile.file, line: line, "genre index \(position) out of range (0–\(MovieLens100KLoader.maxGenreIndex))")
            }
            if let first = genreLine[position] {
                throw RecError(file: genreFile.file, line: line, "duplicate genre index \(position) (first on line \(first))")
            }
            genreLine[position] = line
            genreNames[position] = fields[0]
        }
        // u.item rows carry 5 fields, then one flag per genre position up to the highest index.
        let itemFieldCount = 5 + (genreNames.keys.max().map { $0 + 1 } ?? 0)

        let itemFile = try LatinLines(files, "u.item")
        var ids: [String] = [], titles: [String] = [], genres: [[String]] = []
        var firstLine: [String: Int] = [:]
        try itemFile.forEach(separator: "|", options: options, skipped: &skipped) { fields, line in
            guard fields.count >= itemFieldCount else {
                throw RecError(file: itemFile.file, line: line, "expected \(itemFieldCount) '|'-separated fields (5 + one flag per u.genre index), got \(fields.count)")
            }
            let id = fields[0]
            if id.isEmpty { throw RecError(file: itemFile.file, line: line, "empty item id") }
            if let first = firstLine[id] { throw RecError(file: itemFile.file, line: line, "duplicate item id '\(id)' (first on line \(first))") }
            var itemGenres: [String] = []
            for (position, name) in genreNames.sorted(by: { $0.key < $1.key }) where name != "unknown" {
                let flag = fields[5 + position]
                guard flag == "0" || flag == "1" else {
                    throw RecError(file: itemFile.file, line: line, "genre flag for \(name) must be 0 or 1, got '\(flag)'")
                }
                if flag == "1" { itemGenres.append(name) }
            }
            firstLine[id] = line
            ids.append(id); titles.append(fields[1]); genres.append(itemGenres)
        }
        let catalog = Catalog(ids: ids, titles: titles, genres: genres)

        var userIndex: [String: Int] = [:]
        var userIDs: [String] = []
        var attributes: [[String]] = []
        let attributeNames = ["age", "gender", "occupation", "zip"]
        if files.has("u.user") {
            let userFile = try LatinLines(files, "u.user")
            try userFile.forEach(separator: "|", options: options, skipped: &skipped) { fields, line in
                guard fields.count >= 5, !fields[0].isEmpty else {
                    throw RecError(file: userFile.file, line: line, "expected 'id|age|gender|occupation|zip'")
                }
                if userIndex[fields[0]] != nil { throw RecError(file: userFile.file, line: line, "duplicate user id '\(fields[0])'") }
                userIndex[fields[0]] = userIDs.count
                userIDs.append(fields[0])
                attributes.append(Array(fields[1...4]))
            }
        }

        let dataFile = try LatinLines(files, "u.data")
        var events: [[Event]] = Array(repeating: [], count: userIDs.count)
        try dataFile.forEach(separator: "\t", options: options, skipped: &skipped) { fields, line in
            guard fields.count >= 4 else {
                throw RecError(file: dataFile.file, line: line, "expected 4 tab-separated fields (user, item, rating, timestamp), got \(fields.count)")
            }
            guard let item = catalog.index[fields[1]] else {
                throw RecError(file: dataFile.file, line: line, "unknown item '\(fields[1])' (not in u.item)")
            }
            guard let rating = Float(fields[2]), rating.isFinite, rating >= 0 else {
                throw RecError(file: dataFile.file, line: line, "non-numeric rating '\(fields[2])'")
            }
            guard rating <= maximumEventValue else {
                throw RecError(file: dataFile.file, line: line, "rating '\(fields[2])' too large (at most 1e9)")
            }
            guard let time = Int64(fields[3]) else {
                throw RecError(file: dataFile.file, line: line, "non-numeric timestamp '\(fields[3])'")
            }
            _ = try checkedTimestamp(time, text: fields[3], file: dataFile.file, line: line)
            let u: Int
            if let existing = userIndex[fields[0]] { u = existing } else {
                u = userIDs.count
                userIndex[fields[0]] = u
                userIDs.append(fields[0])
                attributes.append(Array(repeating: "", count: attributeNames.count))
                events.append([])
            }
            events[u].append(Event(item: item, value: rating, timestamp: time, kind: .rating))
        }

        let order = userIDs.indices.sorted { naturalIDOrder(userIDs[$0], userIDs[$1]) }
        return Dataset(
            name: files.datasetName,
            format: .movielens100k,
            catalog: catalog,
            users: UserTable(ids: order.map { userIDs[$0] }, attributeNames: attributeNames, attributes: order.map { attributes[$0] }),
            eventsByUser: order.map { events[$0] },
            skipped: skipped
        )
    }
}

/// The non-empty lines of a Latin-1 text file, with their 1-based line numbers.
private struct LatinLines {
    let file: String
    let lines: [(number: Int, text: String)]

    init(_ files: DataFiles, _ name: String) throws {
        let path = files.path(name)
        file = path
        let data = try files.contents(name)
        // Lines are split on the bytes: split on Characters, a CRLF ending (one grapheme, "\r\n") never
        // matched "\n" and a CRLF file read as a single line.
        var lines: [(Int, String)] = []
        for (index, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.last == 0x0D ? line.dropLast() : line[...]
            if !trimmed.isEmpty { lines.append((index + 1, Self.latin1(trimmed))) }
        }
        if lines.isEmpty { throw RecError(file: path, "empty file") }
        self.lines = lines
    }

    /// Latin-1 maps every byte to the code point of the same value, so decoding cannot fail: bytes
    /// below 0x80 are copied, the others become two UTF-8 bytes.
    private static func latin1(_ bytes: Data) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.count)
        for byte in bytes {
            if byte < 0x80 { utf8.append(byte) } else { utf8.append(0xC0 | byte >> 6); utf8.append(0x80 | byte & 0x3F) }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    func forEach(separator: Character, options: LoadOptions, skipped: inout SkipReport, _ body: ([String], Int) throws -> Void) throws {
        for (number, text) in lines {
            do {
                try body(text.split(separator: separator, omittingEmptySubsequences: false).map(String.init), number)
            } catch let error as RecError {
                guard options.lenient else { throw error }
                skipped.record(error)
            }
        }
    }
}
