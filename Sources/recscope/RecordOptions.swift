import ArgumentParser
import Foundation
import RecTerminal

/// `--record FILE.cast` and `--idle-limit SECONDS` for the explorer and `present`.
struct RecordOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Record the session as an asciicast v2 file (asciinema play FILE; agg FILE out.gif).", valueName: "FILE.cast"))
    var record: String?

    @Option(name: .long, help: ArgumentHelp("In the recording, shorten pauses longer than SECONDS to SECONDS.", valueName: "SECONDS"))
    var idleLimit: Double?

    func validate() throws {
        if let idleLimit, !(idleLimit.isFinite && idleLimit > 0) { throw ValidationError("--idle-limit must be a positive number of seconds, got \(idleLimit)") }
        if idleLimit != nil && record == nil { throw ValidationError("--idle-limit applies to --record FILE.cast") }
    }

    /// The recorder for --record (nil without it): the terminal tees its real output bytes into it.
    /// Opens the file now, so a path that cannot be written is refused (exit 1) before the screen opens.
    func recorder(title: String) throws -> AsciicastRecorder? {
        guard let record else { return nil }
        do {
            return try AsciicastRecorder(path: record, idleLimit: idleLimit, title: title)
        } catch let failure as AsciicastRecorder.Failure {
            FileHandle.standardError.write(Data("recscope: \(failure.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}
