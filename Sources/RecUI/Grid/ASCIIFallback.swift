import Foundation

/// What the screen shows without a UTF-8 locale (`LANG=C`), where curses cannot draw box lines,
/// blocks, arrows or accents: each character becomes ASCII of the same display width, so layouts
/// stay as they are. Frames `+-|`, bars `#` (a sliver `|`), movement `^`/`v`, the map's Braille
/// density `.` (1–3 dots) and `:` (4+), accented letters their base letter (`é` → `e`), a wide
/// character `??`, anything else `?`.
///
/// ```swift
/// ASCIIFallback.text("┌─ Amélie ▲3 ██▌")   // "+- Amelie ^3 ###"
/// ```
/// `Grid` applies it to everything written while `asciiOnly` is set. Cost: O(characters); ASCII
/// text is returned as is.
public enum ASCIIFallback {
    /// Single-cell symbols the views draw, and their ASCII stand-ins.
    static let table: [Character: Character] = [
        // Frames.
        "─": "-", "━": "-", "═": "=", "│": "|", "┃": "|", "║": "|",
        "┌": "+", "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+",
        "╭": "+", "╮": "+", "╯": "+", "╰": "+",
        // Bars (eighths), and the prompt's cursor.
        "█": "#", "▉": "#", "▊": "#", "▋": "#", "▌": "#", "▍": "|", "▎": "|", "▏": "|",
        // The Inspector's heat strip (lower eighths, low to high) as a ramp.
        "▁": "_", "▂": ".", "▃": ":", "▄": "-", "▅": "=", "▆": "+", "▇": "*",
        // The hybrid's six component fills stay six distinct patterns.
        "▓": "%", "▒": ":", "░": ".", "▚": "/", "≡": "=", "▞": "\\",
        // Movement, markers, punctuation.
        "▲": "^", "▼": "v", "▸": ">", "▶": ">", "►": ">", "◂": "<", "◀": "<",
        "→": ">", "←": "<", "↑": "^", "↓": "v", "✚": "+", "×": "x", "·": ".", "•": "o", "…": "~",
        "—": "-", "–": "-", "‐": "-", "−": "-", "µ": "u", "≈": "~", "±": "+", "°": "o", "≥": ">", "≤": "<",
        "‘": "'", "’": "'", "‚": ",", "“": "\"", "”": "\"", "„": "\"", "«": "<", "»": ">",
        "★": "*", "☆": "*", "✓": "v", "✗": "x", "¡": "!", "¿": "?", "€": "E", "£": "L", "©": "c", "®": "r",
        "\u{A0}": " ",
        // Letters without a canonical decomposition.
        "ß": "s", "æ": "a", "Æ": "A", "œ": "o", "Œ": "O", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
        "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "p", "Þ": "P", "ı": "i", "ħ": "h",
    ]

    /// `text` with every character replaced by ASCII of the same display width.
    public static func text(_ text: String) -> String {
        if DisplayWidth.isPrintableASCII(text) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text { out += replacement(character) }
        return out
    }

    /// The ASCII stand-in of one character: 1 cell for a 1-cell character, 2 for a wide one, none for a
    /// zero-width one.
    public static func replacement(_ character: Character) -> String {
        if character.isASCII { return String(character) }
        if let mapped = table[character] { return String(mapped) }
        let width = DisplayWidth.of(character)
        if width == 0 { return "" }
        if let scalar = character.unicodeScalars.first, (0x2800...0x28FF).contains(scalar.value) {
            // Braille: the map's density; how many of the eight dots are raised.
            let dots = (scalar.value - 0x2800).nonzeroBitCount
            return dots == 0 ? " " : (dots <= 3 ? "." : ":")
        }
        // An accented letter: the base letter of its canonical decomposition (é → e, Å → A).
        if let base = String(character).decomposedStringWithCanonicalMapping.unicodeScalars.first,
           base.isASCII, base.value >= 0x20, base.value < 0x7F {
            return String(Character(base)) + (width == 2 ? "?" : "")
        }
        return width == 2 ? "??" : "?"
    }

    /// `character` as one ASCII cell (for fills and frames, which write single cells).
    static func cell(_ character: Character) -> Character {
        replacement(character).first ?? " "
    }
}
