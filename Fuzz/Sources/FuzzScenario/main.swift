import Foundation
import FuzzSupport
import RecUI

/// The scenario reader (`Scenario.parse(_:path:)`, what `recscope replay`/`present` and `--scenario`
/// call on a file's bytes, issue 10) on any bytes: NUL and UTF-8 checks, line splitting (LF, CRLF, a
/// leading BOM), comments, `intent` steps and every explorer command. Inputs are bounded by `-max_len`
/// (64 KB: up to 65,536 lines).
/// Checks: a refusal is one line naming the file and a line inside the input; steps come in file order
/// with line numbers inside the input and texts without a line feed; and the same file written with CRLF line
/// ends gives the same steps (or the same refusal at the same line) — the reader says CRLF is tolerated.
let path = "fuzz.scen"

func lineCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int { bytes.reduce(1) { $0 + ($1 == 10 ? 1 : 0) } }

func check(_ result: Result<Scenario, ScenarioError>, lines: Int) {
    switch result {
    case .success(let scenario):
        guard !scenario.steps.isEmpty else { FuzzInput.violated("a scenario without steps was accepted") }
        var previous = 0
        for step in scenario.steps {
            guard step.line > previous, step.line <= lines else { FuzzInput.violated("step line \(step.line) after \(previous), input has \(lines) lines") }
            guard !step.text.unicodeScalars.contains("\n") else { FuzzInput.violated("step text spans lines: \(step.text.debugDescription)") }
            previous = step.line
        }
    case .failure(let error):
        let text = error.description
        guard error.file == path, !error.message.isEmpty, !text.contains(where: \.isNewline) else {
            FuzzInput.violated("scenario error is not one line naming the file: \(text.debugDescription)")
        }
        guard let line = error.line, line >= 1, line <= lines else { FuzzInput.violated("error line \(error.line.map(String.init) ?? "nil") outside 1...\(lines): \(text)") }
    }
}

func parse(_ data: Data) -> Result<Scenario, ScenarioError> {
    do { return .success(try Scenario.parse(data, path: path)) } catch { return .failure(error) }
}

func fuzzOne(_ input: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let input else { return 0 }
    let bytes = UnsafeBufferPointer(start: input, count: size)
    let lines = lineCount(bytes)
    let plain = parse(Data(bytes))
    check(plain, lines: lines)

    // The same file with CRLF line ends (only where no CR already precedes a LF, so the lines are the same).
    guard bytes.contains(10) else { return 0 }
    var crlf: [UInt8] = []
    crlf.reserveCapacity(size + lines)
    for (k, byte) in bytes.enumerated() {
        if byte == 10, k == 0 || bytes[k - 1] != 13 { crlf.append(13) }
        crlf.append(byte)
    }
    let windows = parse(Data(crlf))
    check(windows, lines: lines)
    switch (plain, windows) {
    case (.success(let a), .success(let b)):
        guard a.steps == b.steps else {
            FuzzInput.violated("CRLF changes the steps: \(a.steps.count) vs \(b.steps.count), first \(a.steps.first.map { "\($0)" } ?? "-") vs \(b.steps.first.map { "\($0)" } ?? "-")")
        }
    case (.failure(let a), .failure(let b)):
        // Both refused at the same line; the messages may quote the line, which now ends in CR only where
        // the reader failed to strip it.
        guard a.line == b.line, a.message == b.message else { FuzzInput.violated("CRLF changes the refusal: '\(a)' vs '\(b)'") }
    case (.success, .failure(let error)):
        FuzzInput.violated("the CRLF file is refused, the LF file accepted: \(error)")
    case (.failure(let error), .success):
        FuzzInput.violated("the CRLF file is accepted, the LF file refused: \(error)")
    }
    return 0
}

FuzzMain.run(fuzzOne)
