/// Reads a GroupLens MovieLens directory (ml-latest, ml-latest-small): `movies.csv`
/// (movieId,title,genres), `ratings.csv` (userId,movieId,rating,timestamp) and optional `tags.csv`
/// (userId,movieId,tag,timestamp). Ratings become `.rating` events; tags become item features only.
enum MovieLensLoader {
    static func load(_ files: DataFiles, options: LoadOptions) throws -> Dataset {
        var skipped = SkipReport()

        // movies.csv
        let movies = try files.csv("movies.csv")
        let idColumn = try movies.requireColumn("movieId")
        let titleColumn = try movies.requireColumn("title")
        let genresColumn = try movies.requireColumn("genres")
        var ids: [String] = [], titles: [String] = [], genres: [[String]] = []
        var seen: [String: Int] = [:]
        let movieRows = RowReader(table: movies, options: options)
        try movieRows.forEachRecord(skipped: &skipped) { fields, line in
            let id = try movieRows.nonEmptyField(fields, idColumn, line: line)
            let title = try movieRows.field(fields, titleColumn, line: line)
            let genreText = try movieRows.field(fields, genresColumn, line: line)
            if let first = seen[id] {
                throw RecError(file: movies.file, line: line, "duplicate item id '\(id)' (first on line \(first))")
            }
            seen[id] = line
            ids.append(id)
            titles.append(title)
            genres.append(genreText == "(no genres listed)" ? [] : genreText.split(separator: "|").map { String($0).trimmedSpaces }.filter { !$0.isEmpty })
        }
        var catalog = Catalog(ids: ids, titles: titles, genres: genres)

        // ratings.csv
        let ratings = try files.csv("ratings.csv")
        let userColumn = try ratings.requireColumn("userId")
        let movieColumn = try ratings.requireColumn("movieId")
        let ratingColumn = try ratings.requireColumn("rating")
        let timeColumn = try ratings.requireColumn("timestamp")
        var userIndex: [String: Int] = [:]
        var userIDs: [String] = []
        var events: [[Event]] = []
        let ratingRows = RowReader(table: ratings, options: options)
        try ratingRows.forEachRecord(skipped: &skipped) { fields, line in
            let user = try ratingRows.nonEmptyField(fields, userColumn, line: line)
            let itemID = try ratingRows.nonEmptyField(fields, movieColumn, line: line)
            guard let item = catalog.index[itemID] else {
                throw RecError(file: ratings.file, line: line, "unknown item '\(itemID)' (not in movies.csv)")
            }
            let rating = try ratingRows.number(fields, ratingColumn, line: line)
            let time = try ratingRows.timestamp(fields, timeColumn, line: line)
            let u: Int
            if let existing = userIndex[user] { u = existing } else {
                u = userIDs.count
                userIndex[user] = u
                userIDs.append(user)
                events.append([])
            }
            events[u].append(Event(item: item, value: rating, timestamp: time, kind: .rating))
        }

        // tags.csv (optional)
        var tagAccumulator = TagAccumulator(itemCount: catalog.count)
        // Each user's own tags (distinct, file order), for "in their words"; taggers without ratings are
        // not users of the data set and are left out.
        var userWords = [[String]](repeating: [], count: userIDs.count)
        var userWordSeen = [Set<String>](repeating: [], count: userIDs.count)
        if files.has("tags.csv") {
            let tags = try files.csv("tags.csv")
            let tagMovie = try tags.requireColumn("movieId")
            let tagText = try tags.requireColumn("tag")
            let tagUser = tags.column("userId")
            let tagRows = RowReader(table: tags, options: options)
            try tagRows.forEachRecord(skipped: &skipped) { fields, line in
                let itemID = try tagRows.nonEmptyField(fields, tagMovie, line: line)
                guard let item = catalog.index[itemID] else {
                    throw RecError(file: tags.file, line: line, "unknown item '\(itemID)' (not in movies.csv)")
                }
                let tag = try tagRows.field(fields, tagText, line: line)
                tagAccumulator.add(item: item, tag: tag)
                let words = tag.trimmingCharacters(in: .whitespacesAndNewlines)
                if let tagUser, !words.isEmpty, tagUser < fields.count, let u = userIndex[fields[tagUser].trimmedSpaces],
                   userWordSeen[u].insert(words.lowercased()).inserted {
                    userWords[u].append(words)
                }
            }
        }
        catalog.tags = ListColumn(tagAccumulator.result())

        let order = userIDs.indices.sorted { naturalIDOrder(userIDs[$0], userIDs[$1]) }
        return Dataset(
            name: files.datasetName,
            format: .movielens,
            catalog: catalog,
            users: UserTable(ids: order.map { userIDs[$0] }, words: order.map { userWords[$0] }),
            eventsByUser: order.map { events[$0] },
            skipped: skipped
        )
    }
}
