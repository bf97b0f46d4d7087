import ArgumentParser
import Foundation
import RecEngine
import RecTerminal
import RecUI

/// `recscope` / `recscope tui`: the ncurses explorer (the default subcommand).
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the terminal explorer (the default): browse users and items, simulate clicks, watch rankings move.",
        discussion: "Needs an interactive terminal of at least 80×24. Press ? inside for every key. NO_COLOR turns colour off."
    )

    @Flag(name: .long, help: "Do not capture the mouse (leaves the terminal's own selection working).")
    var noMouse = false

    @Option(name: .long, help: "Algorithm to start with.")
    var algorithm: Algorithm = .content

    @OptionGroup var decayOptions: DecayOptions
    @OptionGroup var dataOptions: DataOptions

    func run() throws {
        do {
            try Terminal.preflight()
        } catch let error as TerminalUnavailable {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
        let engine = try dataOptions.loadEngine()
        let start = engine.algorithms.contains(algorithm) ? algorithm : .content
        let explorer = try Explorer(engine: engine, algorithm: start, decay: decayOptions.policy)
        do {
            try TerminalRunLoop.run(explorer, options: Terminal.Options(mouse: !noMouse, colour: !Terminal.noColorRequested))
        } catch let error as TerminalUnavailable {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
    }
}
