/// The one error the encoder throws: a single line naming the file at fault and what to do about it,
/// e.g. `…/model.safetensors: header length 9000000 runs past the end of the file (512 bytes)`.
public struct EncoderError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file (or directory) the problem is in; empty when no file is involved.
    public let file: String
    /// What is wrong, without the file name.
    public let message: String

    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { file.isEmpty ? message : "\(file): \(message)" }
}
