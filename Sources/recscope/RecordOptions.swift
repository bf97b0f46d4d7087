import ArgumentParser
import Foundation
import RecTerminal
import RecUI

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

    /// `model`, recording into --record when given. Opens the file now, so a path that cannot be
    /// written is refused (exit 1) before the screen opens.
    func wrap(_ model: ScreenModel, title: String) throws -> ScreenModel {
        guard let record else { return model }
        do {
            return RecordingScreenModel(model, recorder: try AsciicastRecorder(path: record, idleLimit: idleLimit, title: title))
        } catch let failure as AsciicastRecorder.Failure {
            FileHandle.standardError.write(Data("recscope: \(failure.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}
