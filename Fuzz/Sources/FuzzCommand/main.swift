import Foundation
import FuzzSupport
import RecUI

/// The explorer's command parser (`CommandParser.parse`): every line typed after `:` — and, with
/// issue 10, every step of a scenario file — goes through it. Input: any bytes as UTF-8 text with
/// replacement, one command per line. Checks: a line parses or throws a `CommandError` whose message is
/// one non-empty line (the rule for every error the program prints).
func fuzzOne(_ input: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = input else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        do {
            _ = try CommandParser.parse(String(line))
        } catch {
            guard !error.message.isEmpty, !error.message.contains(where: \.isNewline) else {
                FuzzInput.violated("command error is not one line: \(error.message.debugDescription)")
            }
        }
    }
    return 0
}

FuzzMain.run(fuzzOne)
