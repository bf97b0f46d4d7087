import Foundation

/// What `DatasetGenerator.write` makes: sizes, an optional embedding dimension and the seed.
public struct GeneratorSpec: Sendable, Equatable {
    public var items: Int
    public var users: Int
    public var events: Int
    /// Length of the float16 item vectors (`item_embeddings.npy`); nil writes none.
    public var embeddingDimension: Int?
    public var seed: UInt64

    public init(items: Int, users: Int, events: Int, embeddingDimension: Int? = nil, seed: UInt64 = 42) {
        self.items = items
        self.users = users
        self.events = events
        self.embeddingDimension = embeddingDimension
        self.seed = seed
    }

    /// Throws a one-line `RecError` for sizes the generator cannot honour.
    public func validate() throws {
        guard items >= 1 else { throw RecError("--items must be at least 1, got \(items)") }
        guard users >= 1 else { throw RecError("--users must be at least 1, got \(users)") }
        guard events >= 0 else { throw RecError("--events must be 0 or more, got \(events)") }
        guard items <= 100_000_000, users <= 100_000_000, events <= 2_000_000_000 else {
            throw RecError("sizes above 100,000,000 items/users or 2,000,000,000 events are not supported")
        }
        if let embeddingDimension, !(1...4096).contains(embeddingDimension) {
            throw RecError("--embedding-dim must be between 1 and 4096, got \(embeddingDimension)")
        }
    }
}

/// Writes a synthetic data set in the generic layout, for benchmarks, documentation and tests:
///
/// - `items.csv` (`item,title,genres,tags`): ids `i1…iN`; every item has a primary genre (genre sizes
///   follow a power law over 24 genres) and up to two more, 0–5 tags drawn mostly from its primary
///   genre's pool of 60 (of ~3,000 two-word tags), and a title like `The Silent Harbor (1987)` — some
///   with a comma or a quote, so the file exercises RFC 4180 quoting.
/// - `users.csv` (`user,country,age`): ids `u1…uM` with two attribute columns.
/// - `interactions.csv` (`user,item,rating,timestamp`): every user has at least one event when
///   `events ≥ users`; user activity and item popularity follow power laws (popularity rank is a
///   random permutation of the ids); 75% of a user's events fall in their 1–3 favourite genres, where
///   ratings (1–5, with a per-user bias) run a star higher; timestamps are Unix seconds spread over 2010–2024, each user active
///   over their own window; rows are written in time order, as a log would be.
/// - With an embedding dimension: `item_embeddings.npy` (float16, items × dimension) and
///   `item_embeddings_ids.csv` (`item`), each vector its primary genre's centroid plus half of a
///   second genre's plus noise, so vectors cluster by genre.
///
/// Deterministic: the same spec (seed included) writes byte-identical files. Cost O(events · log events)
/// time (the time sort) and about 16 bytes of memory per event; 10M events take a few seconds.
public enum DatasetGenerator {
    /// The genres, in order; their sizes fall off as a power law.
    public static let genres = [
        "Drama", "Comedy", "Action", "Thriller", "Romance", "Documentary", "Horror", "Adventure",
        "Crime", "Sci-Fi", "Animation", "Fantasy", "Mystery", "Family", "Music", "History",
        "War", "Western", "Biography", "Sport", "Musical", "Film-Noir", "Children", "IMAX",
    ]

    /// First and last instant of the generated log: 2010-01-01 and 2025-01-01 (UTC).
    public static let timeRange: ClosedRange<Int64> = 1_262_304_000...1_735_689_600

    /// What was written: file names with their sizes in bytes.
    public struct Summary: Sendable {
        public var files: [(name: String, bytes: Int)]
        public var totalBytes: Int { files.reduce(0) { $0 + $1.bytes } }
    }

    /// Writes the files into `directory` (created if missing; files of the same names are replaced).
    /// `progress` receives a short phase description now and then.
    public static func write(_ spec: GeneratorSpec, to directory: String, progress: ((String) -> Void)? = nil) throws -> Summary {
        try spec.validate()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var rng = SplitMix64(seed: spec.seed)
        let catalogue = ItemPlan(count: spec.items, rng: &rng)

        progress?("items")
        var summary = Summary(files: [])
        summary.files.append(("items.csv", try writeItems(catalogue, path: DatasetLoader.path(directory, "items.csv"), rng: &rng)))
        progress?("users")
        summary.files.append(("users.csv", try writeUsers(spec.users, path: DatasetLoader.path(directory, "users.csv"), rng: &rng)))
        progress?("interactions")
        summary.files.append(("interactions.csv", try writeInteractions(spec, catalogue: catalogue, path: DatasetLoader.path(directory, "interactions.csv"), rng: &rng)))
        if let dimension = spec.embeddingDimension {
            progress?("embeddings")
            summary.files.append(("item_embeddings.npy", try writeEmbeddings(catalogue, dimension: dimension, path: DatasetLoader.path(directory, "item_embeddings.npy"), rng: &rng)))
            summary.files.append(("item_embeddings_ids.csv", try writeEmbeddingIDs(spec.items, path: DatasetLoader.path(directory, "item_embeddings_ids.csv"))))
        }
        return summary
    }

    // MARK: - The catalogue plan shared by the items, events and vectors

    struct ItemPlan {
        let count: Int
        /// Primary genre of each item (index into `genres`), and an optional second and third (-1: none).
        var primary: [UInt8]
        var secondary: [Int8]
        var tertiary: [Int8]
        /// Item index of each popularity rank (rank 0 the most popular).
        var byRank: [Int32]
        /// Per genre, its items (by primary genre) in popularity order.
        var genreItems: [[Int32]]
        /// Relative size of each genre.
        var genreWeights: [Double]

        init(count: Int, rng: inout SplitMix64) {
            self.count = count
            let g = DatasetGenerator.genres.count
            genreWeights = (0..<g).map { 1 / pow(Double($0 + 1), 0.9) }
            let table = CumulativeTable(genreWeights)
            primary = [UInt8](repeating: 0, count: count)
            secondary = [Int8](repeating: -1, count: count)
            tertiary = [Int8](repeating: -1, count: count)
            for item in 0..<count {
                let p = table.sample(&rng)
                primary[item] = UInt8(p)
                let extra = rng.below(10)   // 0–4: none, 5–8: one more, 9: two more
                if extra >= 5 {
                    let s = table.sample(&rng)
                    if s != p { secondary[item] = Int8(s) }
                    if extra == 9 {
                        let t = table.sample(&rng)
                        if t != p && t != s { tertiary[item] = Int8(t) }
                    }
                }
            }
            var order = (0..<count).map { Int32($0) }
            rng.shuffle(&order)
            byRank = order
            var lists = [[Int32]](repeating: [], count: g)
            for item in order { lists[Int(primary[Int(item)])].append(item) }
            genreItems = lists
        }
    }

    // MARK: - items.csv

    static let adjectives = [
        "Silent", "Crimson", "Hidden", "Broken", "Golden", "Last", "Electric", "Lonely", "Wild", "Frozen",
        "Burning", "Secret", "Endless", "Quiet", "Distant", "Savage", "Gentle", "Midnight", "Bright", "Hollow",
        "Restless", "Velvet", "Iron", "Paper", "Glass", "Northern", "Forgotten", "Scarlet", "Little", "Great",
        "Dark", "Lucky", "Strange", "Sweet", "Bitter", "Falling", "Rising", "Sleeping", "Open", "Final",
    ]
    static let nouns = [
        "Harbor", "River", "Kingdom", "Summer", "Garden", "Machine", "Station", "Empire", "Road", "Winter",
        "Island", "Letter", "Mirror", "Storm", "Promise", "Circus", "Frontier", "Orchard", "Signal", "Voyage",
        "Tower", "Valley", "Detective", "Horizon", "Dance", "Country", "Heart", "Hotel", "Ocean", "Theory",
        "Castle", "Engine", "Forest", "Ghost", "Island", "Journey", "Lantern", "Memory", "Night", "Planet",
        "Queen", "Rebel", "Shadow", "Song", "Stranger", "Sunrise", "Thief", "Train", "Witness", "Wolf",
    ]
    static let places = ["Paris", "the North", "Tomorrow", "the Sea", "Avalon", "Brooklyn", "the Moon", "Home", "Cairo", "the Past"]
    static let tagWords = [
        "dark", "funny", "slow", "twist", "ending", "based", "novel", "true", "story", "visually",
        "stunning", "quirky", "cult", "classic", "violent", "atmospheric", "romantic", "space", "time", "travel",
        "dystopia", "heist", "revenge", "friendship", "family", "coming", "of age", "satire", "surreal", "music",
        "war", "politics", "nature", "robots", "magic", "zombies", "detective", "courtroom", "sports", "road",
        "trip", "small", "town", "big", "city", "ocean", "desert", "winter", "memory", "dream",
        "noir", "biopic", "remake", "sequel", "indie", "animation", "style", "score", "acting", "dialogue",
    ]

    /// Every tag is two distinct words of `tagWords`; each genre draws its pool of 60 from them.
    static func tag(_ index: Int) -> String {
        let n = tagWords.count
        let a = index % n, b = (index / n + a + 1) % n
        return tagWords[a] + " " + tagWords[b]
    }

    static func writeItems(_ plan: ItemPlan, path: String, rng: inout SplitMix64) throws -> Int {
        var out = try ByteWriter(path: path)
        out.append("item,title,genres,tags\n")
        let tagCount = tagWords.count * (tagWords.count - 1)
        let pools: [[Int]] = (0..<genres.count).map { _ in (0..<60).map { _ in rng.below(tagCount) } }
        var tags: [Int] = []
        for item in 0..<plan.count {
            out.append("i"); out.append(item + 1); out.append(",")
            // Title: a few shapes; about 1 in 12 needs quoting (comma), 1 in 200 holds a quote.
            let adjective = adjectives[rng.below(adjectives.count)], noun = nouns[rng.below(nouns.count)]
            let year = 1930 + rng.below(95)
            var title: String
            switch rng.below(12) {
            case 0: title = "\(noun), The"
            case 1, 2, 3: title = "The \(adjective) \(noun)"
            case 4, 5: title = "\(adjective) \(noun) of \(places[rng.below(places.count)])"
            case 6: title = "\(noun) \(1 + rng.below(4))"
            default: title = "\(adjective) \(noun)"
            }
            if rng.below(200) == 0 { title = "\"\(title)\"" }
            title += " (\(year))"
            if title.contains(",") || title.contains("\"") {
                out.append("\""); out.append(title.replacingOccurrences(of: "\"", with: "\"\"")); out.append("\"")
            } else {
                out.append(title)
            }
            out.append(",")
            out.append(genres[Int(plan.primary[item])])
            if plan.secondary[item] >= 0 { out.append("|"); out.append(genres[Int(plan.secondary[item])]) }
            if plan.tertiary[item] >= 0 { out.append("|"); out.append(genres[Int(plan.tertiary[item])]) }
            out.append(",")
            tags.removeAll(keepingCapacity: true)
            let n = [0, 0, 1, 1, 2, 2, 3, 4, 5][rng.below(9)]
            for _ in 0..<n {
                // 80% from the primary genre's pool; a tag may repeat (applied twice).
                tags.append(rng.below(5) < 4 ? pools[Int(plan.primary[item])][rng.below(60)] : rng.below(tagCount))
            }
            for (k, t) in tags.enumerated() {
                if k > 0 { out.append("|") }
                out.append(tag(t))
            }
            out.append("\n")
            try out.flushIfFull()
        }
        return try out.close()
    }

    // MARK: - users.csv

    static let countries = ["FR", "DE", "US", "GB", "JP", "BR", "IN", "ES", "IT", "NL", "SE", "KR", "MX", "CA", "AU", "PL"]

    static func writeUsers(_ count: Int, path: String, rng: inout SplitMix64) throws -> Int {
        var out = try ByteWriter(path: path)
        out.append("user,country,age\n")
        for user in 0..<count {
            out.append("u"); out.append(user + 1); out.append(",")
            out.append(countries[rng.below(countries.count)]); out.append(",")
            out.append(16 + rng.below(60)); out.append("\n")
            try out.flushIfFull()
        }
        return try out.close()
    }

    // MARK: - interactions.csv

    /// One generated event, packed for the time sort: `key` is the timestamp << 3 | the rating.
    struct PackedEvent: Comparable {
        var key: Int64
        var user: Int32
        var item: Int32
        static func < (a: PackedEvent, b: PackedEvent) -> Bool {
            a.key != b.key ? a.key < b.key : (a.user != b.user ? a.user < b.user : a.item < b.item)
        }
    }

    /// A power-law index in 0..<n: P(x) ∝ (x + 1)^(-s), sampled by the continuous inverse CDF.
    static func powerLaw(_ n: Int, exponent s: Double, _ rng: inout SplitMix64) -> Int {
        let u = rng.unit()
        let a = 1 - s
        let x = pow((pow(Double(n + 1), a) - 1) * u + 1, 1 / a) - 1
        return min(n - 1, max(0, Int(x)))
    }

    static func writeInteractions(_ spec: GeneratorSpec, catalogue plan: ItemPlan, path: String, rng: inout SplitMix64) throws -> Int {
        // Events per user: at least one each (when there are enough events), the rest by a power law
        // over a random activity rank.
        var perUser = [Int](repeating: 0, count: spec.users)
        var remaining = spec.events
        if spec.events >= spec.users {
            for u in 0..<spec.users { perUser[u] = 1 }
            remaining -= spec.users
        }
        var activityRank = (0..<spec.users).map { $0 }
        rng.shuffle(&activityRank)
        let weights = activityRank.map { 1 / pow(Double($0 + 1), 0.6) }
        let total = weights.reduce(0, +)
        var assigned = 0
        for u in 0..<spec.users {
            let share = Int(Double(remaining) * weights[u] / total)
            perUser[u] += share
            assigned += share
        }
        // What the rounding left over goes one each to the most active users.
        var userOfRank = [Int](repeating: 0, count: spec.users)
        for (user, rank) in activityRank.enumerated() { userOfRank[rank] = user }
        for rank in 0..<(remaining - assigned) { perUser[userOfRank[rank % spec.users]] += 1 }

        let genreTable = CumulativeTable(plan.genreWeights)
        let start = timeRange.lowerBound, span = timeRange.upperBound - timeRange.lowerBound
        var events: [PackedEvent] = []
        events.reserveCapacity(spec.events)
        var favourites: [Int] = []
        for user in 0..<spec.users where perUser[user] > 0 {
            favourites.removeAll(keepingCapacity: true)
            for _ in 0..<(1 + rng.below(3)) { favourites.append(genreTable.sample(&rng)) }
            // Active window: a start anywhere in the range, lasting 30 days to the whole remainder.
            let first = start + Int64(rng.unit() * Double(span - 30 * 86_400))
            let length = max(30 * 86_400, Int64(Double(timeRange.upperBound - first) * rng.unit() * rng.unit()))
            let bias = [-1, 0, 0, 1][rng.below(4)]
            for _ in 0..<perUser[user] {
                var item: Int32
                if rng.below(4) != 0 {
                    let list = plan.genreItems[favourites[rng.below(favourites.count)]]
                    item = list.isEmpty ? plan.byRank[powerLaw(plan.count, exponent: 0.8, &rng)] : list[powerLaw(list.count, exponent: 0.8, &rng)]
                } else {
                    item = plan.byRank[powerLaw(plan.count, exponent: 0.8, &rng)]
                }
                let liked = favourites.contains(Int(plan.primary[Int(item)]))
                let rating = min(5, max(1, (liked ? 4 : 3) + bias + [-1, 0, 0, 1][rng.below(4)]))
                let time = min(first + Int64(rng.unit() * Double(length)), timeRange.upperBound)
                events.append(PackedEvent(key: time << 3 | Int64(rating), user: Int32(user), item: item))
            }
        }
        events.sort()

        var out = try ByteWriter(path: path)
        out.append("user,item,rating,timestamp\n")
        for event in events {
            out.append("u"); out.append(Int(event.user) + 1)
            out.append(",i"); out.append(Int(event.item) + 1)
            out.append(","); out.append(Int(event.key & 7))
            out.append(","); out.append(Int(event.key >> 3))
            out.append("\n")
            try out.flushIfFull()
        }
        return try out.close()
    }

    // MARK: - item_embeddings.npy (+ ids)

    static func writeEmbeddings(_ plan: ItemPlan, dimension: Int, path: String, rng: inout SplitMix64) throws -> Int {
        // One random unit centroid per genre.
        let centroids: [[Float]] = genres.indices.map { _ in
            var v = (0..<dimension).map { _ in Float(rng.unit() * 2 - 1) }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for j in v.indices { v[j] /= max(norm, 1e-6) }
            return v
        }
        var out = try ByteWriter(path: path)
        var header = "{'descr': '<f2', 'fortran_order': False, 'shape': (\(plan.count), \(dimension)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        out.appendBytes([0x93] + Array("NUMPY".utf8) + [1, 0])
        let headerLength = UInt16(header.utf8.count)
        out.appendBytes([UInt8(headerLength & 0xff), UInt8(headerLength >> 8)])
        out.append(header)
        var row = [Float](repeating: 0, count: dimension)
        let noiseScale: Float = 1.6 / Float(dimension).squareRoot()
        for item in 0..<plan.count {
            let p = centroids[Int(plan.primary[item])]
            let s = plan.secondary[item] >= 0 ? centroids[Int(plan.secondary[item])] : nil
            var norm: Float = 0
            for j in 0..<dimension {
                var v = p[j] + noiseScale * Float(rng.unit() * 2 - 1)
                if let s { v += 0.5 * s[j] }
                row[j] = v
                norm += v * v
            }
            let scale = 1 / max(norm.squareRoot(), 1e-6)
            for j in 0..<dimension { out.appendFloat16Bits(float16Bits(row[j] * scale)) }
            try out.flushIfFull()
        }
        return try out.close()
    }

    static func writeEmbeddingIDs(_ count: Int, path: String) throws -> Int {
        var out = try ByteWriter(path: path)
        out.append("item\n")
        for item in 0..<count {
            out.append("i"); out.append(item + 1); out.append("\n")
            try out.flushIfFull()
        }
        return try out.close()
    }

    /// IEEE half-precision bits of `value` (round to nearest even), without relying on `Float16`.
    static func float16Bits(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xff) - 127 + 15
        var mantissa = bits & 0x7f_ffff
        if exponent >= 31 { return sign | 0x7c00 }                      // overflow → infinity
        if exponent <= 0 {                                               // subnormal or zero
            if exponent < -10 { return sign }
            mantissa |= 0x80_0000
            let shift = UInt32(14 - exponent)
            var half = mantissa >> shift
            let remainder = mantissa & ((1 << shift) - 1), halfway = UInt32(1) << (shift - 1)
            if remainder > halfway || (remainder == halfway && half & 1 == 1) { half += 1 }
            return sign | UInt16(half)
        }
        var half = UInt32(exponent) << 10 | (mantissa >> 13)
        let remainder = mantissa & 0x1fff
        if remainder > 0x1000 || (remainder == 0x1000 && half & 1 == 1) { half += 1 }
        return sign | UInt16(half)
    }

}

/// Draws for the generator from `SplitMix64` (one stream, so a seed fixes every byte).
extension SplitMix64 {
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in 0..<n (multiply-shift; bias below 2^-32 for the sizes used here).
    mutating func below(_ n: Int) -> Int { Int(next().multipliedFullWidth(by: UInt64(n)).high) }

    /// Fisher–Yates.
    mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) { array.swapAt(i, below(i + 1)) }
    }
}

/// Samples an index with probability proportional to its weight (binary search over the running sums).
struct CumulativeTable {
    let sums: [Double]
    init(_ weights: [Double]) {
        var running = 0.0
        sums = weights.map { running += $0; return running }
    }
    func sample(_ rng: inout SplitMix64) -> Int {
        let target = rng.unit() * (sums.last ?? 0)
        var low = 0, high = sums.count - 1
        while low < high {
            let mid = (low + high) / 2
            if sums[mid] > target { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

/// Buffered binary file output through stdio; integers are formatted without allocating.
struct ByteWriter {
    private var buffer: [UInt8] = []
    private let file: UnsafeMutablePointer<FILE>
    private let path: String
    private var written = 0
    private static let capacity = 1 << 20

    init(path: String) throws {
        guard let file = fopen(path, "wb") else { throw RecError(file: path, "cannot create file (\(String(cString: strerror(errno))))") }
        self.file = file
        self.path = path
        buffer.reserveCapacity(Self.capacity + 4096)
    }

    mutating func append(_ text: String) { buffer.append(contentsOf: text.utf8) }
    mutating func appendBytes(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes) }

    mutating func append(_ value: Int) {
        var v = value
        if v < 0 { buffer.append(UInt8(ascii: "-")); v = -v }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat { raw[count] = UInt8(48 + v % 10); v /= 10; count += 1 } while v > 0
            for k in stride(from: count - 1, through: 0, by: -1) { buffer.append(raw[k]) }
        }
    }

    mutating func appendFloat16Bits(_ bits: UInt16) {
        buffer.append(UInt8(bits & 0xff))
        buffer.append(UInt8(bits >> 8))
    }

    mutating func flushIfFull() throws { if buffer.count >= Self.capacity { try flush() } }

    private mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        let n = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard n == buffer.count else { throw RecError(file: path, "write failed (\(String(cString: strerror(errno))))") }
        written += n
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes; returns the bytes written.
    mutating func close() throws -> Int {
        try flush()
        guard fclose(file) == 0 else { throw RecError(file: path, "write failed (\(String(cString: strerror(errno))))") }
        return written
    }
}
