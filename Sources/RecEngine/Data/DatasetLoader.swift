import Foundation

/// Options for reading a data directory.
public struct LoadOptions: Sendable {
    /// Skip bad rows (recording them in `Dataset.skipped`) instead of failing on the first one.
    public var lenient: Bool
    public init(lenient: Bool = false) { self.lenient = lenient }
}

/// Reads a data directory in one of the supported layouts, recognised by the files present:
/// - MovieLens (`ratings.csv` + `movies.csv`, optional `tags.csv`), as in GroupLens' ml-latest(-small);
/// - MovieLens 100K (`u.data` + `u.item` + `u.genre`, optional `u.user` with demographics);
/// - generic (`interactions.csv` + `items.csv`, optional `users.csv`), columns chosen by header name:
///   interactions `user,item[,rating|weight][,timestamp]`, items `item,title[,genres][,tags][,text]`
///   (`genres` and `tags` are `|`-separated lists), users `user` plus any attribute columns.
///
/// Cost: O(bytes read); SampleData loads in a few tens of milliseconds in a release build.
public enum DatasetLoader {
    public static func load(directory: String, options: LoadOptions = LoadOptions()) throws -> Dataset {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RecError(file: directory, "data directory does not exist")
        }
        return try load(DataFiles(directory: directory), options: options)
    }

    /// Reads a data set from `files` (a directory, or files held in memory) — the one code path behind
    /// `load(directory:)`, the tests and the fuzz targets. Layout recognised as in `load(directory:)`.
    public static func load(_ files: DataFiles, options: LoadOptions = LoadOptions()) throws -> Dataset {
        if files.has("ratings.csv") && files.has("movies.csv") {
            return try MovieLensLoader.load(files, options: options)
        }
        if files.has("u.data") && files.has("u.item") && files.has("u.genre") {
            return try MovieLens100KLoader.load(files, options: options)
        }
        if files.has("interactions.csv") && files.has("items.csv") {
            return try GenericLoader.load(files, options: options)
        }
        throw RecError(file: files.location, "not a recognised data directory: expected ratings.csv + movies.csv (MovieLens), u.data + u.item + u.genre (MovieLens 100K) or interactions.csv + items.csv (generic)")
    }

    /// Last path component, used as the data set's display name.
    static func displayName(of directory: String) -> String {
        let trimmed = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        return (trimmed as NSString).lastPathComponent
    }

    static func path(_ directory: String, _ file: String) -> String {
        (directory as NSString).appendingPathComponent(file)
    }
}

/// The files of a data set: a directory on disk, or named byte buffers in memory (tests, fuzzing).
/// Loaders read through this type only, so both sources run the same parsing code.
public struct DataFiles: Sendable {
    /// The directory path, or the in-memory set's name; error messages for a file say `location/file`.
    public let location: String
    private let memory: [String: Data]?

    /// The files of `directory`, read when a loader asks for them.
    public init(directory: String) {
        location = directory
        memory = nil
    }

    /// Files held in memory, keyed by file name (`ratings.csv`, `u.data`, ...). `name` stands in for
    /// the directory in error messages and becomes the data set's name.
    public init(name: String, files: [String: Data]) {
        location = name
        memory = files
    }

    /// The directory when the files are on disk (nil for files in memory).
    var directory: String? { memory == nil ? location : nil }

    /// The data set's display name (the directory's last path component).
    var datasetName: String { DatasetLoader.displayName(of: location) }

    /// Whether the file is present.
    func has(_ file: String) -> Bool {
        if let memory { return memory[file] != nil }
        return FileManager.default.fileExists(atPath: path(file))
    }

    /// What error messages call the file: `directory/file`.
    func path(_ file: String) -> String { DatasetLoader.path(location, file) }

    /// The file's bytes; throws `cannot read file` naming it when absent or unreadable.
    func contents(_ file: String) throws -> Data {
        if let memory {
            guard let data = memory[file] else { throw RecError(file: path(file), "cannot read file") }
            return data
        }
        guard let data = FileManager.default.contents(atPath: path(file)) else {
            throw RecError(file: path(file), "cannot read file")
        }
        return data
    }

    /// The file parsed as CSV (see `CSVTable.parse`).
    func csv(_ file: String) throws -> CSVTable {
        try CSVTable.parse(contents(file), file: path(file))
    }
}

/// Helpers shared by the loaders: typed field access with file:line errors, and lenient row handling.
struct RowReader {
    let table: CSVTable
    let options: LoadOptions

    /// Runs `body` for every record; a thrown `RecError` stops the load, or under `--lenient` is
    /// recorded in `skipped` and the row skipped.
    func forEachRecord(skipped: inout SkipReport, _ body: (_ fields: [String], _ line: Int) throws -> Void) throws {
        for (index, fields) in table.records.enumerated() {
            do {
                try body(fields, table.lineNumbers[index])
            } catch let error as RecError {
                guard options.lenient else { throw error }
                skipped.record(error)
            }
        }
    }

    /// The field at `column`, or an error naming the column when the record is too short.
    func field(_ fields: [String], _ column: Int, line: Int) throws -> String {
        guard column < fields.count else {
            throw RecError(file: table.file, line: line, "missing value for column '\(table.header[column])' (row has \(fields.count) field\(fields.count == 1 ? "" : "s"))")
        }
        return fields[column].trimmedSpaces
    }

    func nonEmptyField(_ fields: [String], _ column: Int, line: Int) throws -> String {
        let value = try field(fields, column, line: line)
        if value.isEmpty { throw RecError(file: table.file, line: line, "empty '\(table.header[column])'") }
        return value
    }

    /// A finite, non-negative number.
    func number(_ fields: [String], _ column: Int, line: Int) throws -> Float {
        let text = try field(fields, column, line: line)
        guard let value = Float(text), value.isFinite else {
            throw RecError(file: table.file, line: line, "non-numeric \(table.header[column]) '\(text)'")
        }
        guard value >= 0 else {
            throw RecError(file: table.file, line: line, "negative \(table.header[column]) '\(text)'")
        }
        guard value <= maximumEventValue else {
            throw RecError(file: table.file, line: line, "\(table.header[column]) '\(text)' too large (at most 1e9)")
        }
        return value
    }

    /// Seconds since the epoch: an integer or decimal number, or an ISO 8601 date / date-time in UTC
    /// (`2018-09-24`, `2018-09-24T14:05:00Z`).
    func timestamp(_ fields: [String], _ column: Int, line: Int) throws -> Int64 {
        let text = try field(fields, column, line: line)
        let seconds: Int64
        if let integer = Int64(text) { seconds = integer }
        else if let decimal = Double(text), decimal.isFinite, abs(decimal) < 1e15 { seconds = Int64(decimal.rounded(.down)) }
        else if let date = parseISO8601(text) { seconds = date }
        else { throw RecError(file: table.file, line: line, "non-numeric timestamp '\(text)' (expected seconds since 1970 or an ISO 8601 date)") }
        return try checkedTimestamp(seconds, text: text, file: table.file, line: line)
    }
}

/// Largest rating or weight accepted: sums of millions of such events stay finite in Float.
let maximumEventValue: Float = 1e9

/// Timestamps recscope accepts: the years 0001 to 9999 in Unix seconds. Bounding them keeps every age
/// (a difference of two timestamps) far inside Int64 and exact in Double.
public let acceptedTimestamps: ClosedRange<Int64> = -62_135_596_800...253_402_300_799

/// `seconds` if inside `acceptedTimestamps`, else a one-line error naming file, line and value.
func checkedTimestamp(_ seconds: Int64, text: String, file: String, line: Int) throws -> Int64 {
    guard acceptedTimestamps.contains(seconds) else {
        throw RecError(file: file, line: line, "timestamp '\(text)' out of range (years 0001–9999: \(acceptedTimestamps.lowerBound) to \(acceptedTimestamps.upperBound) seconds)")
    }
    return seconds
}

/// Parses `YYYY-MM-DD`, optionally followed by `THH:MM[:SS]` and `Z`, as UTC. Returns nil otherwise.
func parseISO8601(_ text: String) -> Int64? {
    let bytes = Array(text.utf8)
    func digits(_ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<start + count] {
            guard byte >= 48 && byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }
    guard bytes.count >= 10, bytes[4] == 45, bytes[7] == 45,
          let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
          (1...12).contains(month), (1...31).contains(day) else { return nil }
    var hour = 0, minute = 0, second = 0
    var rest = bytes.count - 10
    if rest > 0 {
        guard bytes[10] == 84 || bytes[10] == 32, let h = digits(11, 2), bytes.count > 13, bytes[13] == 58, let m = digits(14, 2) else { return nil }
        hour = h; minute = m
        var position = 16
        if position < bytes.count, bytes[position] == 58 {
            guard let s = digits(position + 1, 2) else { return nil }
            second = s
            position += 3
        }
        if position < bytes.count, bytes[position] == 90 { position += 1 }
        rest = bytes.count - position
        guard rest == 0, hour < 24, minute < 60, second < 61 else { return nil }
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    let days = era * 146_097 + dayOfEra - 719_468
    return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
}

/// Orders external ids naturally: numerically when both are integers, otherwise by string.
func naturalIDOrder(_ a: String, _ b: String) -> Bool {
    if let x = Int(a), let y = Int(b) { return x != y ? x < y : a < b }
    if Int(a) != nil { return true }
    if Int(b) != nil { return false }
    return a < b
}

/// Accumulates items' tag applications into normalised, counted tags.
struct TagAccumulator {
    private var counts: [[String: Int]]
    init(itemCount: Int) { counts = Array(repeating: [:], count: itemCount) }

    /// Lower-cases, trims and collapses inner whitespace: `"  Sci-Fi   Classic "` → `"sci-fi classic"`.
    static func normalise(_ tag: String) -> String {
        tag.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    mutating func add(item: Int, tag: String) {
        let normalised = Self.normalise(tag)
        guard !normalised.isEmpty else { return }
        counts[item][normalised, default: 0] += 1
    }

    /// Per item, tags sorted by count (descending) then name.
    func result() -> [[TagCount]] {
        counts.map { dict in
            dict.map { TagCount(tag: $0.key, count: $0.value) }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.tag < $1.tag }
        }
    }
}
