import ArgumentParser
import Foundation
import Synchronization
import RecEngine
import RecTerminal
import RecUI
import TextEncoder

/// `recscope` / `recscope tui`: the ncurses explorer (the default subcommand).
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the terminal explorer (the default): browse users and items, simulate clicks, watch rankings move.",
        discussion: "Needs an interactive terminal of at least 80×24. Press ? inside for every key. NO_COLOR turns colour off."
    )

    @Flag(name: .long, help: "Do not capture the mouse (leaves the terminal's own selection working).")
    var noMouse = false

    @Option(name: .long, help: "Algorithm to start with (a collaborative one is switched to as soon as it is fitted). Default: the hybrid (best in eval) once fitted, content meanwhile.")
    var algorithm: Algorithm?

    @Option(name: .long, help: ArgumentHelp("Open this user (id as in the data).", valueName: "ID"))
    var user: String?

    @Option(name: .long, help: ArgumentHelp("Simulate a click on this item id or exact title at start (repeatable, in order).", valueName: "ITEM"))
    var click: [String] = []

    @OptionGroup var hybridWeights: HybridWeightsOption

    @Option(name: .long, help: ArgumentHelp("Colour theme: default, projector (high contrast), no-colour (NO_COLOR selects it too); t cycles.", valueName: "NAME"))
    var theme: String?

    @Option(name: .long, help: ArgumentHelp("Defaults from this TOML file instead of $XDG_CONFIG_HOME/recscope/config.toml (keys: algorithm, half-life, window, mouse, theme, [weights]).", valueName: "FILE"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Where y writes the command that reproduces the session.", valueName: "FILE"))
    var reproduceFile: String = "recscope-reproduce.sh"

    @Option(name: .long, help: ArgumentHelp("Where S saves the session as a scenario file (replay or present it later).", valueName: "FILE"))
    var scenarioFile: String = "recscope-session.scen"

    @Option(name: .customLong("export-dir"), help: ArgumentHelp("Where E writes the screen as text (recscope-screen-DATE-TIME.txt).", valueName: "DIR"))
    var exportDirectory: String = "."

    @OptionGroup var recordOptions: RecordOptions
    @OptionGroup var decayOptions: DecayOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var modelOption: ModelOption

    func run() throws {
        // Defaults from the config file (checked first: a bad file is reported even without a terminal);
        // what the command line says wins.
        let settings = try config.map(ExplorerConfig.load(path:)) ?? ExplorerConfig.defaultPath().map(ExplorerConfig.load(path:)) ?? ExplorerConfig()
        do {
            try Terminal.preflight()
        } catch let error as TerminalUnavailable {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
        let given = Set(CommandLine.arguments)
        var decay = decayOptions.policy
        if !given.contains("--half-life") && !given.contains("--window") {
            if let window = settings.window { decay = .window(events: window) } else if let days = settings.halfLife { decay = .halfLife(days: days) }
        }
        let weightsText = hybridWeights.weights ?? settings.weights
        let engine = try dataOptions.loadEngine()
        // Collaborative models fit (or load from the model cache) on a background thread and register
        // themselves when ready; the explorer starts at once on content and picks them up as they land.
        let fitting = BackgroundFit(engine: engine, cache: dataOptions.noCache ? nil : ModelCache(directory: ModelCache.defaultDirectory()))
        fitting.start()
        let chosen = algorithm ?? settings.algorithm ?? (weightsText != nil ? .hybrid : nil)
        let wanted = chosen ?? .content
        let start = engine.algorithms.contains(wanted) ? wanted : .content
        let explorer = try Explorer(engine: engine, algorithm: start, decay: decay,
                                    preferredAlgorithm: wanted, inbox: fitting.inbox)
        explorer.asciiOnly = !Terminal.localeIsUTF8
        // Nothing chosen: open on the best algorithm (the hybrid) once fitted — from the first frame
        // when the model cache holds it (waited for below, after the start options are checked).
        if chosen == nil { explorer.openOnBest() }
        explorer.reproduceFile = reproduceFile
        explorer.scenarioFile = scenarioFile
        explorer.exportDirectory = exportDirectory
        explorer.intentEncoder = LazyEncoder(option: modelOption).encoding
        if Terminal.noColorRequested { explorer.theme = .mono }
        // Start where asked: the same commands as the `:` command line, checked before the screen opens.
        do {
            if let weights = weightsText, case .weights(let pairs)? = try CommandParser.parse("weights " + weights) {
                explorer.pendingWeights = pairs
            }
            if let theme = theme ?? settings.theme { try explorer.run(.theme(theme.lowercased())) }
            if let user { try explorer.run(.user(user)) }
            for item in click { try explorer.run(.click(item)) }
        } catch {
            FileHandle.standardError.write(Data("recscope: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
        let recorder = try recordOptions.recorder(title: "recscope")
        fitting.awaitCachedModels(explorer)
        do {
            try TerminalRunLoop.run(explorer, options: Terminal.Options(mouse: !noMouse && (settings.mouse ?? true), colour: !Terminal.noColorRequested,
                                                                       record: recorder))
        } catch let error as TerminalUnavailable {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
    }
}

/// The sentence encoder for typed intents, loaded on the first one (about 50 ms) so start-up stays fast;
/// nil when the model is not there (the explorer then says how to get it).
final class LazyEncoder: Sendable {
    private let option: ModelOption
    private let loaded = Mutex<SentenceEncoder?>(nil)

    init(option: ModelOption) { self.option = option }

    var encoding: IntentEncoding? {
        guard ModelLocation.isPresent(option.directory) else { return nil }
        return { [self] text in
            let encoder = try loaded.withLock { cached in
                if let cached { return cached }
                let fresh = try option.load()
                cached = fresh
                return fresh
            }
            return encoder.encode(text).vector
        }
    }
}

/// Fits the collaborative models off the input loop and posts what happens to the explorer's inbox
/// as actions: a note while fitting ("fitting als… 43%"), each model as it is registered, the end (or a
/// failure, said once).
final class BackgroundFit: Sendable {
    private let engine: Engine
    private let cache: ModelCache?
    let inbox = BackgroundInbox()

    init(engine: Engine, cache: ModelCache?) {
        self.engine = engine
        self.cache = cache
    }

    /// Whether the model cache held every fitted model when the fit started (nil until checked).
    private let cacheHeldModels = Mutex<Bool?>(nil)

    func start() {
        inbox.post(.backgroundNote("fitting collaborative models…"))
        let thread = Thread { [self] in
            do {
                var shownPercent = -1
                var lastNote = DispatchTime.now().uptimeNanoseconds
                // The cache check runs inside the fit, on the matrix the fit uses (built once).
                try engine.fitCollaborativeModels(cache: cache, progress: { line in
                    if line.hasPrefix("fitting ") {
                        shownPercent = -1
                        lastNote = DispatchTime.now().uptimeNanoseconds
                        self.inbox.post(.backgroundNote(line + "…"))
                    }
                }, fraction: { progress in
                    // "fitting als… 43%": at most twice a second (each note is a frame), none for fits
                    // shorter than that.
                    let percent = Int(progress.fraction * 100)
                    let now = DispatchTime.now().uptimeNanoseconds
                    guard percent != shownPercent, percent < 100, now - lastNote >= 500_000_000 else { return }
                    shownPercent = percent
                    lastNote = now
                    self.inbox.post(.backgroundNote("fitting \(progress.algorithm.rawValue)… \(percent)%"))
                }, cacheChecked: { held in self.cacheHeldModels.withLock { $0 = held } },
                   ready: { self.inbox.post(.modelReady($0)) })
                inbox.post(.backgroundNote(nil))
            } catch {
                cacheHeldModels.withLock { if $0 == nil { $0 = false } }  // failed before the check: nothing to wait for
                inbox.post(.backgroundFailed("could not fit collaborative models: \(error)"))
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}

extension BackgroundFit {
    /// Before the first frame: when the model cache holds the fitted models, performs what the fit
    /// posts until `explorer` has switched to the best algorithm (or `limit` seconds pass), so it opens
    /// on it; returns at once when the models must be fitted (the explorer then opens on content and
    /// switches when they land). Waits at most `probeLimit` seconds for the cache check itself.
    func awaitCachedModels(_ explorer: Explorer, probeLimit: Double = 3, limit: Double = 10) {
        guard explorer.waitingForBest else { return }
        let started = Explorer.monotonicSeconds()
        var said = false
        while true {
            let held = cacheHeldModels.withLock { $0 }
            let elapsed = Explorer.monotonicSeconds() - started
            if held == false || (held == nil && elapsed > probeLimit) || elapsed > limit { return }
            if held == true && elapsed > 0.3 && !said {
                // Before the screen opens: say why it takes a moment.
                FileHandle.standardError.write(Data("recscope: loading the \(Explorer.bestAlgorithm.rawValue) from the model cache…\n".utf8))
                said = true
            }
            for action in inbox.drain() { explorer.perform(action) }
            if !explorer.waitingForBest {
                explorer.saidBestFromStart()
                return
            }
            usleep(5_000)
        }
    }
}
