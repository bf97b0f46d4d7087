extension String {
    /// The text with control characters written as escapes — `\r`, `\n`, `\u{1B}` (tab kept) — so text
    /// that came from a file or a command line can be printed to a terminal without moving the cursor,
    /// changing colours or splitting a one-line message. With `keepingLineFeeds`, `\n` stays a line
    /// break (for multi-line output built by the program). Unchanged (no copy) when there is nothing to
    /// escape. Cost O(length).
    public func escapingControlCharacters(keepingLineFeeds: Bool = false) -> String {
        func escaped(_ scalar: Unicode.Scalar) -> Bool {
            if scalar == "\t" || (keepingLineFeeds && scalar == "\n") { return false }
            let category = scalar.properties.generalCategory
            return category == .control || category == .lineSeparator || category == .paragraphSeparator
        }
        guard unicodeScalars.contains(where: escaped) else { return self }
        var visible = ""
        for scalar in unicodeScalars {
            guard escaped(scalar) else { visible.unicodeScalars.append(scalar); continue }
            switch scalar {
            case "\n": visible += "\\n"
            case "\r": visible += "\\r"
            default: visible += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return visible
    }
}
