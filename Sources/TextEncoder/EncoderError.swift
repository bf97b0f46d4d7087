/// The one error the encoder throws: a single line naming the file at fault and what to do about it,
/// e.g. `…/model.safetensors: header length 9000000 runs past the end of the file (512 bytes)`.
public struct EncoderError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file (or directory) the problem is in; empty when no file is involved.
    public let file: String
    /// What is wrong, without the file name.
    public let message: String

    /// Control characters the message quotes from a file (a model_type or tensor name holding a line
    /// break, say) are written as `\n`, `\r`, `\u{1B}`, so the message stays one line (the FuzzBertConfig
    /// and FuzzVocabulary fuzz targets check it).
    public init(file: String, _ message: String) {
        self.file = file
        var visible = ""
        for scalar in message.unicodeScalars {
            switch scalar {
            case "\n": visible += "\\n"
            case "\r": visible += "\\r"
            case _ where scalar.properties.generalCategory == .control && scalar != "\t"
                || scalar.properties.generalCategory == .lineSeparator || scalar.properties.generalCategory == .paragraphSeparator:
                visible += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: visible.unicodeScalars.append(scalar)
            }
        }
        self.message = visible
    }

    public var description: String { file.isEmpty ? message : "\(file): \(message)" }
}
