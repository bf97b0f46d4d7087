/// Reads the generic layout: `items.csv` (item,title[,genres][,tags][,text]), `interactions.csv`
/// (user,item[,rating|weight][,timestamp]) and optional `users.csv` (user + attribute columns).
///
/// - A `rating` column makes explicit-rating events (centred on each user's mean when weighted);
///   a `weight` column makes implicit events of that strength; with neither every event weighs 1.
/// - Without a `timestamp` column, events are stamped with their row number, so "most recent" still
///   means "latest in the file".
enum GenericLoader {
    static func load(_ files: DataFiles, options: LoadOptions) throws -> Dataset {
        var reason = "--lenient"
        if !options.lenient, let directory = files.directory {
            do { return try FastGenericLoader.load(directory: directory) } catch let error as FastPathUnavailable { reason = error.reason } catch { reason = "\(error)" }
        } else if !options.lenient {
            reason = "files in memory"
        }
        var dataset = try loadSequentially(files, options: options)
        dataset.loadPath = "sequential (\(reason))"
        return dataset
    }

    /// The exact reference path: one `CSVTable` per file, every field a `String`. Gives every
    /// line-numbered error and handles `--lenient`; `FastGenericLoader` defers to it for anything unusual.
    static func loadSequentially(directory: String, options: LoadOptions) throws -> Dataset {
        try loadSequentially(DataFiles(directory: directory), options: options)
    }

    static func loadSequentially(_ files: DataFiles, options: LoadOptions) throws -> Dataset {
        var skipped = SkipReport()

        let items = try files.csv("items.csv")
        let itemColumn = try items.requireColumn("item")
        let titleColumn = try items.requireColumn("title")
        let genresColumn = items.column("genres")
        let tagsColumn = items.column("tags")
        let textColumn = items.column("text")
        var ids: [String] = [], titles: [String] = [], genres: [[String]] = [], texts: [String] = []
        var itemTags: [[String]] = []
        var seen: [String: Int] = [:]
        func list(_ text: String) -> [String] {
            text.split(separator: "|").map { String($0).trimmedSpaces }.filter { !$0.isEmpty }
        }
        let itemRows = RowReader(table: items, options: options)
        try itemRows.forEachRecord(skipped: &skipped) { fields, line in
            let id = try itemRows.nonEmptyField(fields, itemColumn, line: line)
            let title = try itemRows.field(fields, titleColumn, line: line)
            if let first = seen[id] {
                throw RecError(file: items.file, line: line, "duplicate item id '\(id)' (first on line \(first))")
            }
            let genreList = try genresColumn.map { list(try itemRows.field(fields, $0, line: line)) } ?? []
            let tagList = try tagsColumn.map { list(try itemRows.field(fields, $0, line: line)) } ?? []
            let text = try textColumn.map { try itemRows.field(fields, $0, line: line) } ?? ""
            seen[id] = line
            ids.append(id); titles.append(title); genres.append(genreList); texts.append(text); itemTags.append(tagList)
        }
        var catalog = Catalog(ids: ids, titles: titles, genres: genres, texts: texts)
        var tagAccumulator = TagAccumulator(itemCount: catalog.count)
        for (item, tags) in itemTags.enumerated() { for tag in tags { tagAccumulator.add(item: item, tag: tag) } }
        catalog.tags = ListColumn(tagAccumulator.result())

        // users.csv (optional): declares users and their attributes.
        var userIndex: [String: Int] = [:]
        var userIDs: [String] = []
        var attributeNames: [String] = []
        var attributes: [[String]] = []
        if files.has("users.csv") {
            let users = try files.csv("users.csv")
            let userColumn = try users.requireColumn("user")
            let attributeColumns = users.header.indices.filter { $0 != userColumn }
            attributeNames = attributeColumns.map { users.header[$0] }
            let userRows = RowReader(table: users, options: options)
            try userRows.forEachRecord(skipped: &skipped) { fields, line in
                let id = try userRows.nonEmptyField(fields, userColumn, line: line)
                if userIndex[id] != nil { throw RecError(file: users.file, line: line, "duplicate user id '\(id)'") }
                userIndex[id] = userIDs.count
                userIDs.append(id)
                attributes.append(attributeColumns.map { $0 < fields.count ? fields[$0].trimmedSpaces : "" })
            }
        }

        let interactions = try files.csv("interactions.csv")
        let userColumn = try interactions.requireColumn("user")
        let interactionItem = try interactions.requireColumn("item")
        let ratingColumn = interactions.column("rating")
        let weightColumn = ratingColumn == nil ? interactions.column("weight") : nil
        let timeColumn = interactions.column("timestamp")
        var events: [[Event]] = Array(repeating: [], count: userIDs.count)
        let rows = RowReader(table: interactions, options: options)
        var rowNumber: Int64 = 0
        try rows.forEachRecord(skipped: &skipped) { fields, line in
            rowNumber += 1
            let user = try rows.nonEmptyField(fields, userColumn, line: line)
            let itemID = try rows.nonEmptyField(fields, interactionItem, line: line)
            guard let item = catalog.index[itemID] else {
                throw RecError(file: interactions.file, line: line, "unknown item '\(itemID)' (not in items.csv)")
            }
            var value: Float = 1
            var kind = EventKind.implicit
            if let ratingColumn { value = try rows.number(fields, ratingColumn, line: line); kind = .rating }
            if let weightColumn { value = try rows.number(fields, weightColumn, line: line) }
            let time = try timeColumn.map { try rows.timestamp(fields, $0, line: line) } ?? rowNumber
            let u: Int
            if let existing = userIndex[user] { u = existing } else {
                u = userIDs.count
                userIndex[user] = u
                userIDs.append(user)
                attributes.append(Array(repeating: "", count: attributeNames.count))
                events.append([])
            }
            events[u].append(Event(item: item, value: value, timestamp: time, kind: kind))
        }

        return Dataset(
            name: files.datasetName,
            format: .generic,
            catalog: catalog,
            users: UserTable(ids: userIDs, attributeNames: attributeNames, attributes: attributes),
            eventsByUser: events,
            skipped: skipped
        )
    }
}
