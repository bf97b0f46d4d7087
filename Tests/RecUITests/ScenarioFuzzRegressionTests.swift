import Foundation
import Testing
@testable import RecUI

/// Found by the FuzzScenario fuzz target (Fuzz/, docs/FUZZING.md), which checks that a file read with CRLF
/// line ends gives the same steps as with LF. Lines were split on the Character "\n", and a CRLF line
/// end is one Character ("\r\n"), so a CRLF scenario was one line: `user 1␍␊undo␍␊` became one step
/// `user` with the id `1\r\nundo\r\n`. The minimised input was a lone line end: "\n" is two empty lines
/// (refused at line 2), "\r\n" was one line holding "\r\n" (refused at line 1 as an unknown step).
@Suite struct ScenarioFuzzRegressionTests {
    func parse(_ bytes: String) -> Result<Scenario, ScenarioError> {
        do { return .success(try Scenario.parse(Data(bytes.utf8), path: "x.scen")) } catch { return .failure(error) }
    }

    @Test func crlfFilesHaveTheirLines() throws {
        let scenario = try parse("\u{FEFF}user u1\r\n# comment\r\n\r\nundo\r\nclick \"Funny Two\"  # c\r\n").get()
        #expect(scenario.steps.map(\.line) == [1, 4, 5])
        #expect(scenario.steps.map(\.text) == ["user u1", "undo", "click \"Funny Two\""])
        #expect(scenario.steps.map(\.action) == [.command(.user("u1")), .command(.undo), .command(.click("Funny Two"))])
        #expect(scenario.steps == (try parse("\u{FEFF}user u1\n# comment\n\nundo\nclick \"Funny Two\"  # c\n").get().steps))
    }

    @Test func theMinimisedInputIsRefusedAtTheSameLineBothWays() {
        let expected = ScenarioError("x.scen", 2, "no steps: the file is empty or only comments (one step a line, e.g. user 1)")
        #expect(throws: expected) { try parse("\n").get() }
        #expect(throws: expected) { try parse("\r\n").get() }
    }
}
