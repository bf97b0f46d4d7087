import RecEngine

/// The Item inspector: the highlighted item's title, genres and cosine to the user's profile, the
/// explanation of its score, its named feature vector as bars, and its nearest items — a list the
/// cursor moves over, so Enter clicks a neighbour. Wide panes put features and neighbours side by side.
public enum InspectorView {
    /// Where the parts go for a model in an inner area of `width` × `height` (relative coordinates).
    public struct Geometry: Sendable, Equatable {
        public var explanationLines: [String]
        /// Rows of the body (below the header).
        public var bodyTop: Int
        public var twoColumns: Bool
        public var leftWidth: Int
        /// Explanation parts and features shown (in the left column, or stacked above the neighbours).
        public var partRows: Int
        public var featureRows: Int
        /// The nearest-items list: first row, number of rows, left edge and width.
        public var nearestTop: Int
        public var nearestRows: Int
        public var nearestX: Int
        public var nearestWidth: Int
        /// Row of the embedding heat strip (nil when there is none).
        public var stripRow: Int?
        /// The semantic-neighbours list under the nearest items (two-column layout only): first row and
        /// number of rows (0 when not shown).
        public var semanticTop: Int = 0
        public var semanticRows: Int = 0
        /// First row of the explanation (3 while the cosine to an intent has its own row, else 2).
        public var explanationTop: Int = 2
        /// Row of the one-line feature summary that replaces the feature bars in a pane too short for
        /// both lists (nil: bars, or no room for the line either).
        public var featureLine: Int?
    }

    public static func geometry(_ model: InspectorPaneModel, width: Int, height: Int) -> Geometry {
        let explanation = wrap(model.explanation, width: width, maxLines: height >= 12 ? 3 : 2)
        // Title, id/cosine line, then the cosine to the intent on its own row while there is one.
        let top = model.cosineToIntent == nil ? 2 : 3
        // The strip gives way to the lists when a narrow pane has no room for both.
        let stripRow: Int? = model.embedding.isEmpty || height < 8 || (width < 44 && height < 10) ? nil : top + explanation.count
        let bodyTop = top + explanation.count + (stripRow == nil ? 0 : 1)
        let body = max(0, height - bodyTop)
        if width >= 44 {
            let leftWidth = (width - 1) / 2
            let parts = model.explanationParts.isEmpty || body < 4 ? 0 : min(model.explanationParts.count, max(1, body / 2 - 1))
            let partBlock = parts > 0 ? parts + 1 : 0
            let featureRows = min(max(1, model.features.count), max(0, body - partBlock - 1))
            // With semantic neighbours and room for both, the right column is split between the lists.
            let listRows = max(0, body - 1)
            let splitRows = model.semanticNeighbours.isEmpty || listRows < 7 ? 0 : (listRows - 1) / 2
            let nearestRows = splitRows > 0 ? listRows - splitRows - 1 : listRows
            return Geometry(explanationLines: explanation, bodyTop: bodyTop, twoColumns: true, leftWidth: leftWidth,
                            partRows: parts, featureRows: featureRows, nearestTop: bodyTop + 1,
                            nearestRows: nearestRows, nearestX: leftWidth + 1, nearestWidth: width - leftWidth - 1,
                            stripRow: stripRow, semanticTop: bodyTop + 1 + nearestRows + 1, semanticRows: splitRows,
                            explanationTop: top)
        }
        // Stacked, not squeezed: when the body cannot give both lists a heading and two rows (80×24),
        // the features become one line over the nearest items, and go when even that line does not fit.
        if body - 2 < 4 {
            let featureLine: Int? = body >= 4 ? bodyTop : nil
            let nearestTop = bodyTop + (featureLine == nil ? 0 : 1) + 1
            return Geometry(explanationLines: explanation, bodyTop: bodyTop, twoColumns: false, leftWidth: width,
                            partRows: 0, featureRows: 0, nearestTop: nearestTop,
                            nearestRows: max(0, height - nearestTop), nearestX: 0, nearestWidth: width, stripRow: stripRow,
                            explanationTop: top, featureLine: featureLine)
        }
        let featureRows = min(max(1, model.features.count), max(1, (body - 2) / 2))
        let nearestTop = bodyTop + 1 + featureRows + 1
        return Geometry(explanationLines: explanation, bodyTop: bodyTop, twoColumns: false, leftWidth: width,
                        partRows: 0, featureRows: featureRows, nearestTop: nearestTop,
                        nearestRows: max(0, height - nearestTop), nearestX: 0, nearestWidth: width, stripRow: stripRow,
                        explanationTop: top)
    }

    public static func draw(_ model: InspectorPaneModel?, cursor: ListCursor, focused: Bool,
                            into grid: inout Grid, rect: Rect) {
        PaneFrame.draw(rect, title: "Inspector", focused: focused, into: &grid)
        let inner = rect.inset(1)
        guard inner.width > 0, inner.height > 0 else { return }
        guard let model else {
            grid.put("highlight an item to inspect it", x: inner.x, y: inner.y, maxWidth: inner.width, style: .dim)
            return
        }
        let g = geometry(model, width: inner.width, height: inner.height)
        func put(_ text: String, _ x: Int, _ y: Int, _ width: Int, _ style: Style = .plain) {
            guard y < inner.height else { return }
            grid.put(text, x: inner.x + x, y: inner.y + y, maxWidth: width, style: style)
        }
        func barRow(_ value: NamedValue, maximum: Float, colour: Colour, _ x: Int, _ y: Int, _ width: Int) {
            guard y < inner.height, width > 8 else { return }
            let barWidth = max(3, min(12, width / 5))
            let nameWidth = max(1, width - barWidth - 7)
            var cx = inner.x + x
            cx += grid.put(value.name, x: cx, y: inner.y + y, width: nameWidth)
            cx += grid.put(" ", x: cx, y: inner.y + y, width: 1)
            cx += grid.put(Format.bar(value.value, maximum: maximum, width: barWidth), x: cx, y: inner.y + y, width: barWidth, style: Style(colour))
            grid.put(Format.score(value.value), x: cx, y: inner.y + y, width: 6, alignRight: true)
        }
        put(model.title, 0, 0, inner.width, .bold)
        let cosine = "cos to profile " + (model.cosineToProfile.map { Format.fixed($0, decimals: 3) } ?? "— (empty profile)")
        put((model.id.isEmpty ? "" : "id \(model.id) · ") + cosine + " · " + (model.genres.isEmpty ? "(no genres)" : model.genres.joined(separator: " · ")), 0, 1, inner.width, .dim)
        if let intent = model.cosineToIntent {
            put("cos to intent " + Format.fixed(intent, decimals: 3) + (model.intentLabel.map { " · " + $0 } ?? ""), 0, 2, inner.width, Style(.magenta))
        }
        for (i, text) in g.explanationLines.enumerated() { put(text, 0, g.explanationTop + i, inner.width) }
        if let stripRow = g.stripRow { drawStrip(model.embedding, row: stripRow, inner: inner, into: &grid) }
        if g.semanticRows > 0 {
            put("semantic neighbours", g.nearestX, g.semanticTop - 1, g.nearestWidth, .bold)
            for (i, neighbour) in model.semanticNeighbours.prefix(g.semanticRows).enumerated() {
                let used = grid.put(neighbour.name, x: inner.x + g.nearestX, y: inner.y + g.semanticTop + i, width: g.nearestWidth - 6)
                grid.put(Format.fixed(neighbour.value, decimals: 2), x: inner.x + g.nearestX + used, y: inner.y + g.semanticTop + i,
                         width: 6, alignRight: true)
            }
        }

        var y = g.bodyTop
        if g.partRows > 0 {
            put("because", 0, y, g.leftWidth, .bold)
            y += 1
            let maximum = model.explanationParts.map { abs($0.value) }.max() ?? 0
            for part in model.explanationParts.prefix(g.partRows) {
                barRow(part, maximum: maximum, colour: .green, 0, y, g.leftWidth)
                y += 1
            }
        }
        if let line = g.featureLine {
            let used = grid.put("features: ", x: inner.x, y: inner.y + line, maxWidth: inner.width, style: .bold)
            let list = model.features.isEmpty ? "no genres or tags"
                : model.features.map { "\($0.name) \(Format.fixed($0.value, decimals: 2))" }.joined(separator: " · ")
            grid.put(list, x: inner.x + used, y: inner.y + line, maxWidth: inner.width - used, style: Style(.magenta))
        } else if g.featureRows > 0 {
            put("features (\(model.features.count))", 0, y, g.leftWidth, .bold)
            y += 1
            if model.features.isEmpty {
                put("no genres or tags", 0, y, g.leftWidth, .dim)
            }
            let featureMaximum = model.features.first?.value ?? 0
            for feature in model.features.prefix(g.featureRows) {
                barRow(feature, maximum: featureMaximum, colour: .magenta, 0, y, g.leftWidth)
                y += 1
            }
        }
        // No heading without a row under it: an empty heading would invite Enter on nothing.
        guard g.nearestRows > 0 else { return }
        put("nearest items", g.nearestX, g.nearestTop - 1, g.nearestWidth, .bold)
        if model.nearest.isEmpty {
            put("(none)", g.nearestX, g.nearestTop, g.nearestWidth, .dim)
            return
        }
        for (i, index) in (cursor.offset..<min(model.nearest.count, cursor.offset + g.nearestRows)).enumerated() {
            let neighbour = model.nearest[index]
            let style = PaneFrame.rowStyle(isCursor: index == cursor.row, focused: focused)
            let rowY = inner.y + g.nearestTop + i
            let x = inner.x + g.nearestX
            let used = grid.put(neighbour.name, x: x, y: rowY, width: g.nearestWidth - 6, style: style)
            grid.put(Format.fixed(neighbour.value, decimals: 2), x: x + used, y: rowY, width: 6, style: style, alignRight: true)
        }
    }

    /// The embedding as a heat strip: `"384-d "` then one block glyph per bucket of dimensions, its
    /// height the bucket mean's magnitude, green for positive and red for negative means.
    static func drawStrip(_ vector: [Float], row: Int, inner: Rect, into grid: inout Grid) {
        let label = "\(vector.count)-d "
        let labelWidth = grid.put(label, x: inner.x, y: inner.y + row, maxWidth: inner.width, style: .dim)
        let strip = VectorStrip(vector[...], width: max(0, inner.width - labelWidth))
        for (i, glyph) in strip.glyphs.enumerated() {
            let colour: Colour = strip.levels[i] < 0 ? .red : .green
            grid.put(String(glyph), x: inner.x + labelWidth + i, y: inner.y + row, width: 1, style: Style(colour))
        }
    }

    /// Greedy word wrap by display width; the last line is truncated with "…" when text remains.
    static func wrap(_ text: String, width: Int, maxLines: Int) -> [String] {
        guard width > 0, maxLines > 0, !text.isEmpty else { return [] }
        var lines: [String] = []
        var current = ""
        var words = text.split(separator: " ").map(String.init)[...]
        while let word = words.first, lines.count < maxLines - 1 {
            let candidate = current.isEmpty ? word : current + " " + word
            if DisplayWidth.of(candidate) <= width || current.isEmpty {
                current = candidate
                words = words.dropFirst()
            } else {
                lines.append(current)
                current = ""
            }
        }
        let rest = ([current] + words).filter { !$0.isEmpty }.joined(separator: " ")
        if !rest.isEmpty { lines.append(DisplayWidth.truncate(rest, to: width)) }
        return lines
    }
}
