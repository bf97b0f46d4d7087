import Foundation

/// The items a data set knows about. External ids are strings; everything inside the engine uses the
/// dense index (0..<count) into these parallel arrays.
public struct Catalog: Sendable {
    /// External item id (e.g. MovieLens `movieId`), by dense index.
    public var ids: StringColumn { didSet { lookup = IDLookup(ids) } }
    /// Display title, by dense index.
    public var titles: StringColumn
    /// Genre names, by dense index (may be empty).
    public var genres: ListColumn<String> { didSet { interned = nil } }
    /// Normalised user tags with how often each was applied to the item, by dense index.
    public var tags: ListColumn<TagCount> { didSet { interned = nil } }
    /// Free text describing the item (generic format's `text` column), by dense index; often empty.
    public var texts: StringColumn
    /// External id → dense index (built on first use: see `IDLookup`).
    public var index: [String: Int] { lookup.dictionary }
    private var lookup: IDLookup
    /// `genres` and `tags` as interned ids, when the loader had them (see `InternedContent`); cleared
    /// whenever either changes.
    var interned: InternedContent?

    public var count: Int { ids.count }

    /// Parallel arrays, one entry per id. An empty `titles` gives every item its id as title; an empty
    /// `genres`, `tags` or `texts` gives every item none. Any other count than `ids.count` is a
    /// programming error (precondition).
    public init(ids: [String] = [], titles: [String] = [], genres: [[String]] = [], tags: [[TagCount]] = [], texts: [String] = []) {
        func check(_ count: Int, _ name: String) {
            precondition(count == 0 || count == ids.count, "Catalog: \(count) \(name) for \(ids.count) ids")
        }
        check(titles.count, "titles"); check(genres.count, "genre lists"); check(tags.count, "tag lists"); check(texts.count, "texts")
        self.init(ids: StringColumn(ids), titles: StringColumn(titles.isEmpty ? ids : titles),
                  genres: ListColumn(genres.isEmpty ? Array(repeating: [], count: ids.count) : genres),
                  tags: ListColumn(tags.isEmpty ? Array(repeating: [], count: ids.count) : tags),
                  texts: StringColumn(texts.isEmpty ? Array(repeating: "", count: ids.count) : texts))
    }

    /// From columns (of equal counts), e.g. viewed in a mapped snapshot.
    init(ids: StringColumn, titles: StringColumn, genres: ListColumn<String>, tags: ListColumn<TagCount>, texts: StringColumn, interned: InternedContent? = nil) {
        self.ids = ids
        self.titles = titles
        self.genres = genres
        self.tags = tags
        self.texts = texts
        self.lookup = IDLookup(ids)
        self.interned = interned
    }

    /// Genres and tags from interned ids (`interned`'s names and offsets), with nothing per item
    /// allocated: lists are built when read.
    init(ids: StringColumn, titles: StringColumn, texts: StringColumn, interned: InternedContent) {
        let genreNames = interned.genreNames, genreIDs = interned.itemGenres
        let tagNames = interned.tagNames, tagIDs = interned.itemTags, tagCounts = interned.itemTagCounts
        self.init(ids: ids, titles: titles,
                  genres: ListColumn(start: interned.itemGenreStart) { genreNames[Int(genreIDs[$0])] },
                  tags: ListColumn(start: interned.itemTagStart) { TagCount(tag: tagNames[Int(tagIDs[$0])], count: Int(tagCounts[$0])) },
                  texts: texts, interned: interned)
    }

    /// Dense index of an external id; throws `unknown item 'ID'`.
    public func require(_ id: String) throws -> Int {
        guard let item = index[id] else { throw RecError.unknownItem(id) }
        return item
    }
}

/// External id → dense index (the first index when an id repeats), built on first use and then shared
/// by every copy: loading a million ids does not pay for hashing them until something looks an id up
/// (a command-line `--user`/`--click`, embeddings being attached). Thread-safe. Build cost O(ids).
final class IDLookup: @unchecked Sendable {
    private let ids: StringColumn
    private let lock = NSLock()
    private var built: [String: Int]?

    init(_ ids: StringColumn) { self.ids = ids }

    var dictionary: [String: Int] {
        lock.lock(); defer { lock.unlock() }
        if let built { return built }
        let dictionary = Dictionary(zip(ids, ids.indices), uniquingKeysWith: { first, _ in first })
        built = dictionary
        return dictionary
    }
}

/// A catalogue's genres and tags as small integers, so the content space is built without hashing a
/// string per item: genre `g` of item `i` is `genreNames[itemGenres[k]]` for k in
/// `itemGenreStart[i]..<itemGenreStart[i+1]` (in `Catalog.genres[i]` order, repeats kept), and likewise
/// tags in `Catalog.tags[i]` order. Names are distinct (String equality).
/// `itemTagCounts[k]` is how often tag `itemTags[k]` was applied to its item.
struct InternedContent: Sendable {
    var genreNames: [String]
    var itemGenreStart: Column<Int32>
    var itemGenres: Column<Int32>
    var tagNames: [String]
    var itemTagStart: Column<Int32>
    var itemTags: Column<Int32>
    var itemTagCounts: Column<Int32>
}

/// A normalised tag and how many times it was applied to one item.
public struct TagCount: Sendable, Equatable {
    public var tag: String
    public var count: Int
    public init(tag: String, count: Int) { self.tag = tag; self.count = count }
}

/// The users of a data set, with any attribute columns the data carried (age, gender, ...).
public struct UserTable: Sendable {
    /// External user id, by dense index.
    public var ids: StringColumn { didSet { lookup = IDLookup(ids) } }
    /// Names of the attribute columns, in file order (empty when the data has none).
    public var attributeNames: [String]
    /// Attribute values by dense user index, parallel to `attributeNames` ("" when missing).
    public var attributes: ListColumn<String>
    /// External id → dense index (built on first use: see `IDLookup`).
    public var index: [String: Int] { lookup.dictionary }
    private var lookup: IDLookup
    /// Text each user wrote themselves, by dense index (MovieLens: their tags from tags.csv, distinct,
    /// in file order; empty when none). A generic users.csv `text` column is an attribute, see `ownWords`.
    public var words: ListColumn<String>

    public var count: Int { ids.count }

    public init(ids: [String] = [], attributeNames: [String] = [], attributes: [[String]] = [], words: [[String]] = []) {
        self.init(ids: StringColumn(ids), attributeNames: attributeNames,
                  attributes: ListColumn(attributes.isEmpty ? Array(repeating: [], count: ids.count) : attributes),
                  words: ListColumn(words.count == ids.count ? words : Array(repeating: [], count: ids.count)))
    }

    /// From columns of `ids.count` lists each, e.g. viewed in a mapped snapshot.
    init(ids: StringColumn, attributeNames: [String], attributes: ListColumn<String>, words: ListColumn<String>) {
        self.ids = ids
        self.attributeNames = attributeNames
        self.attributes = attributes
        self.words = words
        self.lookup = IDLookup(ids)
    }

    /// A user's own words: their tags (MovieLens) and their users.csv `text` value (generic), in that
    /// order, empty pieces dropped. O(words).
    public func ownWords(of user: Int) -> [String] {
        guard user >= 0, user < ids.count else { return [] }
        var pieces = user < words.count ? words[user] : []
        if let column = attributeNames.firstIndex(of: "text") {
            let row = attributes[user]
            if column < row.count { pieces.append(row[column]) }
        }
        return pieces.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// Dense index of an external id; throws `unknown user 'ID'`.
    public func require(_ id: String) throws -> Int {
        guard let user = index[id] else { throw RecError.unknownUser(id) }
        return user
    }
}

/// How an event's strength was recorded; decides how it becomes a profile weight (see `EventWeighting`).
public enum EventKind: UInt8, Sendable, Codable {
    /// An explicit rating (MovieLens `rating`, generic `rating` column): centred on the user's mean.
    case rating
    /// An implicit strength (generic `weight` column, or 1 when absent): used as it is.
    case implicit
    /// A click simulated in a session.
    case click
}

/// One user–item event.
public struct Event: Sendable, Equatable {
    /// Dense item index.
    public var item: Int
    /// Rating or implicit strength as read from the data (1 for a click).
    public var value: Float
    /// Seconds since 1970-01-01 UTC.
    public var timestamp: Int64
    public var kind: EventKind

    public init(item: Int, value: Float, timestamp: Int64, kind: EventKind) {
        self.item = item
        self.value = value
        self.timestamp = timestamp
        self.kind = kind
    }
}

/// A loaded data set: catalogue, users and every user's events sorted by (timestamp, item index).
public struct Dataset: Sendable {
    /// Short name for display (the data directory's last path component).
    public var name: String
    /// Which loader recognised the directory.
    public var format: DatasetFormat
    public var catalog: Catalog
    public var users: UserTable
    /// Events per dense user index, oldest first (ties broken by item index).
    public var eventsByUser: EventLists
    /// Rows skipped under `--lenient`, empty otherwise.
    public var skipped: SkipReport
    /// How the files were read, for `bench --load`: "parallel", or "sequential (why)".
    public var loadPath = "sequential"

    public init(name: String, format: DatasetFormat, catalog: Catalog, users: UserTable, eventsByUser: [[Event]], skipped: SkipReport = SkipReport()) {
        self.name = name
        self.format = format
        self.catalog = catalog
        self.users = users
        var events = eventsByUser
        Dataset.sortEvents(&events)
        self.eventsByUser = EventLists(events)
        self.skipped = skipped
    }

    /// For loaders that already sorted each user's events with `sortEvents`.
    init(name: String, format: DatasetFormat, catalog: Catalog, users: UserTable, sortedEventsByUser: EventLists, skipped: SkipReport = SkipReport()) {
        self.name = name
        self.format = format
        self.catalog = catalog
        self.users = users
        self.eventsByUser = sortedEventsByUser
        self.skipped = skipped
    }

    /// Sorts every user's events by (timestamp, item index), keeping the file order of ties (a stable
    /// sort); lists already in order are left as they are. Users are spread over all cores.
    static func sortEvents(_ eventsByUser: inout [[Event]]) {
        let count = eventsByUser.count
        let parts = count < 4096 ? 1 : ProcessInfo.processInfo.activeProcessorCount * 4
        eventsByUser.withUnsafeMutableBufferPointer { lists in
            parallelFor(parts) { part in
                for u in (count * part / parts)..<(count * (part + 1) / parts) {
                    let events = lists[u]
                    var ordered = true
                    for k in events.indices.dropFirst() where (events[k].timestamp, events[k].item) < (events[k - 1].timestamp, events[k - 1].item) {
                        ordered = false
                        break
                    }
                    if !ordered { lists[u] = events.sorted { ($0.timestamp, $0.item) < ($1.timestamp, $1.item) } }
                }
            }
        }
    }

    /// `sortEvents` on flat columns (user u's events at `start[u]..<start[u+1]`), in place.
    static func sortEvents(start: UnsafeMutablePointer<Int64>, users count: Int, items: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Float>,
                           times: UnsafeMutablePointer<Int64>, kinds: UnsafeMutablePointer<UInt8>) {
        let columns = UncheckedSendable((start, items, values, times, kinds))
        let parts = count < 4096 ? 1 : ProcessInfo.processInfo.activeProcessorCount * 4
        parallelFor(parts) { part in
            let (start, items, values, times, kinds) = columns.value
            var order: [Int] = [], item: [Int32] = [], value: [Float] = [], time: [Int64] = [], kind: [UInt8] = []
            for u in (count * part / parts)..<(count * (part + 1) / parts) {
                let a = Int(start[u]), b = Int(start[u + 1])
                var ordered = true
                for p in Swift.stride(from: a + 1, to: b, by: 1) where (times[p], items[p]) < (times[p - 1], items[p - 1]) {
                    ordered = false
                    break
                }
                if ordered { continue }
                order = Array(a..<b)
                order.sort { (times[$0], items[$0], $0) < (times[$1], items[$1], $1) }
                item = order.map { items[$0] }; value = order.map { values[$0] }; time = order.map { times[$0] }; kind = order.map { kinds[$0] }
                for k in 0..<(b - a) { items[a + k] = item[k]; values[a + k] = value[k]; times[a + k] = time[k]; kinds[a + k] = kind[k] }
            }
        }
    }

    /// Total number of events over all users.
    public var eventCount: Int { eventsByUser.eventCount }

    /// Newest event timestamp in the whole data set (0 when empty).
    public var newestTimestamp: Int64 {
        let lists = eventsByUser
        var newest = Int64.min
        for u in 0..<lists.count where lists.userStart[u + 1] > lists.userStart[u] {
            newest = max(newest, lists.times[Int(lists.userStart[u + 1]) - 1])
        }
        return newest.clampedToZeroIfMin
    }
}

private extension Int64 {
    var clampedToZeroIfMin: Int64 { self == Int64.min ? 0 : self }
}

public enum DatasetFormat: String, Sendable, Codable {
    case movielens
    case movielens100k
    case generic
}

/// Rows a lenient load skipped: how many, and the first few problems verbatim.
public struct SkipReport: Sendable {
    public private(set) var count = 0
    public private(set) var first: [RecError] = []
    public init() {}

    public mutating func record(_ error: RecError) {
        count += 1
        if first.count < 5 { first.append(error) }
    }

    /// One line for stderr, e.g. `skipped 3 bad rows; first: ratings.csv:7: non-numeric timestamp 'x'`.
    public var summary: String? {
        guard count > 0, let head = first.first else { return nil }
        return "skipped \(count) bad row\(count == 1 ? "" : "s"); first: \(head)"
    }
}
