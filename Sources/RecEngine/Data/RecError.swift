/// The one error type the engine throws for bad input. Every case renders as a single line that names
/// the file (and line, when there is one) so a person can find and fix the problem.
public struct RecError: Error, CustomStringConvertible, Sendable, Equatable {
    /// File the problem is in, as the user gave it (relative paths stay relative). Empty when none.
    public var file: String
    /// 1-based physical line in `file`, or nil when the problem is not tied to a line.
    public var line: Int?
    /// What is wrong, in a few words, naming the offending value.
    public var message: String

    public init(file: String = "", line: Int? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, `file: message` or just `message`.
    public var description: String {
        switch (file.isEmpty, line) {
        case (true, _): return message
        case (false, nil): return "\(file): \(message)"
        case (false, let line?): return "\(file):\(line): \(message)"
        }
    }

    /// An id given on the command line or in a session that the data set does not contain.
    public static func unknownUser(_ id: String) -> RecError { RecError("unknown user '\(id)'") }
    public static func unknownItem(_ id: String) -> RecError { RecError("unknown item '\(id)'") }
}
