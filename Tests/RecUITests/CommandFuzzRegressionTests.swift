import Testing
@testable import RecUI
import RecEngine

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

    @Test func printedTextKeepsLineFeedsOnlyWhenAsked() {
        #expect("plain text".escapingControlCharacters() == "plain text")
        #expect("two\nlines\u{1B}[31m\r".escapingControlCharacters(keepingLineFeeds: true) == "two\nlines\\u{1B}[31m\\r")
        #expect("c1 \u{85} del \u{7F}".escapingControlCharacters() == "c1 \\u{85} del \\u{7F}")
    }
}
