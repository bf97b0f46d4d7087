import ArgumentParser
import Foundation
import RecEngine
import RecTerminal
import RecUI

/// `recscope present FILE`: a scenario played in the explorer, with a caption bar.
struct PresentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "present",
        abstract: "Play a scenario file in the explorer with a caption bar (→/space next, ← back, p autoplay, q quit).",
        discussion: "The whole scenario is checked and run once headless first, so a bad line stops with FILE:LINE before the screen opens. Every number on screen is computed by the engine as the steps run."
    )

    @Argument(help: ArgumentHelp("Scenario file (e.g. SampleData/scenarios/cold-start.scen).", valueName: "FILE"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("Start playing by itself, one step every SECONDS (p toggles).", valueName: "SECONDS"))
    var autoplay: Double?

    @Flag(name: .long, help: "Do not capture the mouse.")
    var noMouse = false

    @Option(name: .customLong("export-dir"), help: ArgumentHelp("Where E writes the screen as text (recscope-screen-DATE-TIME.txt).", valueName: "DIR"))
    var exportDirectory: String = "."

    @OptionGroup var recordOptions: RecordOptions
    @OptionGroup var modelOption: ModelOption
    @OptionGroup var dataOptions: DataOptions

    func validate() throws {
        if let autoplay, !(autoplay.isFinite && autoplay >= 0 && autoplay <= 3600) {
            throw ValidationError("--autoplay must be between 0 and 3600 seconds, got \(autoplay)")
        }
    }

    func run() throws {
        do {
            try Terminal.preflight()
        } catch let error as TerminalUnavailable {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
        let (player, _) = try ScenarioSetup.prepare(file: file, k: 10, dataOptions: dataOptions, modelOption: modelOption)
        let presenter = ScenarioPresenter(player: player, autoplaySeconds: autoplay)
        if Terminal.noColorRequested { player.explorer.theme = .mono }
        presenter.asciiOnly = !Terminal.localeIsUTF8
        presenter.exportDirectory = exportDirectory
        do {
            try TerminalRunLoop.run(presenter, options: Terminal.Options(mouse: !noMouse, colour: !Terminal.noColorRequested,
                                                                        record: try recordOptions.recorder(title: "recscope present \(file)")))
        } catch let error as TerminalUnavailable {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
    }
}
