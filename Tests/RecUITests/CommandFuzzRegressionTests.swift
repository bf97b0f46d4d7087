import Testing
@testable import RecUI

/// Found by the FuzzCommand fuzz target (Fuzz/, docs/FUZZING.md): an error echoing its line printed the
/// line's control characters raw — `click "unterm␍inated` gave a message spanning two terminal lines.
@Suite struct CommandFuzzRegressionTests {
    @Test func errorsEchoControlCharactersVisibly() {
        #expect(throws: CommandError("missing closing quote in 'click \"unterm\\rinated'")) {
            try CommandParser.parse("click \"unterm\rinated")
        }
        let error = CommandError("a\nb\u{1B}[2Jc\u{2028}d\te")
        #expect(error.message == "a\\nb\\u{1B}[2Jc\\u{2028}d\te")
        #expect(!error.description.contains { $0.isNewline })
    }
}
