/// Foreground colours the views use. The terminal backend maps them to colour pairs, or drops them
/// when colour is off (`NO_COLOR`, a monochrome terminal); views never rely on colour alone.
public enum Colour: UInt8, Sendable, Hashable, CaseIterable {
    case normal, red, green, yellow, blue, magenta, cyan
}

/// Text attributes of a cell.
public struct TextAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let reverse = TextAttributes(rawValue: 1 << 2)
    public static let underline = TextAttributes(rawValue: 1 << 3)
}

/// How a cell looks: colour plus attributes.
public struct Style: Sendable, Hashable {
    public var colour: Colour
    public var attributes: TextAttributes
    public init(_ colour: Colour = .normal, _ attributes: TextAttributes = []) {
        self.colour = colour
        self.attributes = attributes
    }
    public static let plain = Style()
    public static let bold = Style(.normal, .bold)
    public static let dim = Style(.normal, .dim)
    public static let reverse = Style(.normal, .reverse)

    /// This style with `extra` attributes added.
    public func with(_ extra: TextAttributes) -> Style { Style(colour, attributes.union(extra)) }
}
