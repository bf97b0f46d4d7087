/// One screen cell: the grapheme it shows, how many cells that grapheme covers, and its style.
/// A wide (2-cell) grapheme lives in its left cell; the right cell is a continuation with `width == 0`.
public struct Cell: Sendable, Equatable {
    public var character: Character
    /// 1 for an ordinary cell, 2 for the left half of a wide grapheme, 0 for its right half.
    public var width: UInt8
    public var style: Style

    public init(_ character: Character = " ", width: UInt8 = 1, style: Style = .plain) {
        self.character = character
        self.width = width
        self.style = style
    }
    public static let blank = Cell()
    public var isContinuation: Bool { width == 0 }
}

/// A rectangle of cells, in cell coordinates (x to the right, y down).
public struct Rect: Sendable, Equatable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    /// The rectangle shrunk by `by` cells on every side (a box's inside).
    public func inset(_ by: Int) -> Rect { Rect(x: x + by, y: y + by, width: width - 2 * by, height: height - 2 * by) }
    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }
}

/// A fixed-size grid of cells that views draw into. Rendering never touches the terminal: the backend
/// diffs two grids and writes only the cells that changed; tests read `lines`.
///
/// Drawing clips to the grid and keeps wide graphemes whole (overwriting half of one blanks the other
/// half). Cost of `put`: O(characters written).
public struct Grid: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Write ASCII only (no UTF-8 locale): every character put, filled or framed goes through
    /// `ASCIIFallback` (same display width), so the screen never shows blank boxes.
    public var asciiOnly = false

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell { cells[y * width + x] }

    /// Every row as text (continuation cells skipped, trailing spaces kept), for tests and captures.
    public var lines: [String] {
        (0..<height).map { line($0) }
    }

    /// Row `y` as text.
    public func line(_ y: Int) -> String {
        var text = ""
        text.reserveCapacity(width)
        for x in 0..<width {
            let cell = cells[y * width + x]
            if !cell.isContinuation { text.append(cell.character) }
        }
        return text
    }

    /// Copies `other`'s rows into this grid from row `y` down (columns beyond either width dropped).
    /// Cost O(other's cells).
    public mutating func paste(_ other: Grid, atY y: Int) {
        let columns = min(width, other.width)
        for row in 0..<other.height where y + row >= 0 && y + row < height {
            for x in 0..<columns { cells[(y + row) * width + x] = other.cells[row * other.width + x] }
        }
    }

    /// Blanks the whole grid.
    public mutating func clear() {
        for i in cells.indices { cells[i] = .blank }
    }

    /// Fills `rect` (clipped) with `character` in `style`.
    public mutating func fill(_ rect: Rect, _ character: Character = " ", style: Style = .plain) {
        let character = asciiOnly ? ASCIIFallback.cell(character) : character
        let w = max(1, DisplayWidth.of(character))
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            var x = max(0, rect.x)
            while x + w <= min(width, rect.maxX) {
                set(x, y, character, width: w, style: style)
                x += w
            }
        }
    }

    /// Writes `text` at (x, y) in at most `maxWidth` cells (default: to the right edge), truncating
    /// with "…" when it does not fit. Returns the number of cells written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, maxWidth: Int? = nil, style: Style = .plain) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(maxWidth ?? (width - x), width - x)
        guard limit > 0 else { return 0 }
        if DisplayWidth.isPrintableASCII(text) {
            // Fast path: one byte, one cell.
            let bytes = text.utf8
            let cut = bytes.count > limit
            var cx = x
            for byte in bytes.prefix(cut ? limit - 1 : limit) {
                if cx >= 0 { set(cx, y, Character(Unicode.Scalar(byte)), width: 1, style: style) }
                cx += 1
            }
            if cut { set(cx, y, asciiOnly ? ASCIIFallback.cell("…") : "…", width: 1, style: style); cx += 1 }
            return cx - x
        }
        var shown = DisplayWidth.truncate(sanitised(text), to: limit)
        if asciiOnly { shown = ASCIIFallback.text(shown) }
        var cx = x
        for character in shown {
            let w = DisplayWidth.of(character)
            if w == 0 {
                // A lone combining mark or zero-width scalar: attach to the previous cell if we own it.
                if cx > x, cx - 1 >= 0 { appendCombining(character, at: cx - 1, y) }
                continue
            }
            if cx >= 0 { set(cx, y, character, width: w, style: style) }
            cx += w
        }
        return cx - x
    }

    /// Writes `text` padded with spaces (in `style`) to exactly `width` cells.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, width: Int, style: Style = .plain, alignRight: Bool = false) -> Int {
        guard width > 0 else { return 0 }
        if alignRight {
            return put(DisplayWidth.pad(text, to: width, alignRight: true), x: x, y: y, maxWidth: width, style: style)
        }
        let written = put(text, x: x, y: y, maxWidth: width, style: style)
        for cx in max(0, x + written)..<max(0, min(self.width, x + width)) where y >= 0 && y < height {
            set(cx, y, " ", width: 1, style: style)
        }
        return max(0, min(self.width, x + width) - x)
    }

    /// Draws a single-line box around `rect` with `title` in the top border.
    public mutating func box(_ rect: Rect, title: String = "", style: Style = .plain, titleStyle: Style? = nil) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let right = rect.maxX - 1, bottom = rect.maxY - 1
        for x in rect.x + 1..<right {
            setClipped(x, rect.y, "─", style)
            setClipped(x, bottom, "─", style)
        }
        for y in rect.y + 1..<bottom {
            setClipped(rect.x, y, "│", style)
            setClipped(right, y, "│", style)
        }
        setClipped(rect.x, rect.y, "┌", style)
        setClipped(right, rect.y, "┐", style)
        setClipped(rect.x, bottom, "└", style)
        setClipped(right, bottom, "┘", style)
        if !title.isEmpty, rect.width > 4 {
            put(" \(title) ", x: rect.x + 1, y: rect.y, maxWidth: rect.width - 2, style: titleStyle ?? style)
        }
    }

    /// Changes the style of the cells in `rect` (clipped), keeping their characters.
    public mutating func restyle(_ rect: Rect, _ style: Style) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) { cells[y * width + x].style = style }
        }
    }

    // MARK: - cell writes keeping wide graphemes whole

    private mutating func setClipped(_ x: Int, _ y: Int, _ character: Character, _ style: Style) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        set(x, y, asciiOnly ? ASCIIFallback.cell(character) : character, width: 1, style: style)
    }

    private mutating func set(_ x: Int, _ y: Int, _ character: Character, width w: Int, style: Style) {
        guard y >= 0, y < height, x >= 0, x < width else { return }
        if w == 2 && x + 1 >= width {
            // A wide grapheme that would hang off the right edge: show a blank instead.
            set(x, y, " ", width: 1, style: style)
            return
        }
        let i = y * width + x
        breakWide(at: x, y)
        if w == 2 { breakWide(at: x + 1, y) }
        cells[i] = Cell(character, width: UInt8(w), style: style)
        if w == 2 { cells[i + 1] = Cell(" ", width: 0, style: style) }
    }

    /// Before (x, y) is overwritten: if it is half of a wide grapheme, blank the other half.
    private mutating func breakWide(at x: Int, _ y: Int) {
        let i = y * width + x
        let cell = cells[i]
        if cell.width == 0, x > 0 {
            cells[i - 1] = Cell(" ", width: 1, style: cells[i - 1].style)
        } else if cell.width == 2, x + 1 < width {
            cells[i + 1] = Cell(" ", width: 1, style: cells[i + 1].style)
        }
    }

    private mutating func appendCombining(_ mark: Character, at x: Int, _ y: Int) {
        var i = y * width + x
        if cells[i].width == 0, x > 0 { i -= 1 }
        var combined = String(cells[i].character)
        combined.unicodeScalars.append(contentsOf: mark.unicodeScalars)
        if let character = combined.first, combined.count == 1 { cells[i].character = character }
    }

    /// Control characters (tabs, newlines, escapes in data) would move the terminal cursor: show them as spaces.
    private func sanitised(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map {
            ($0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0)) ? " " : $0
        }))
    }
}
