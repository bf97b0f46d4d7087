import ArgumentParser
import Foundation
import RecEngine
import TextEncoder

@main
struct RecScope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recscope",
        abstract: "A terminal explorer for recommender systems: browse users and items, simulate clicks, watch rankings move.",
        discussion: "Every command reads SampleData/movielens-small unless --data DIR says otherwise. Add --json for machine-readable output.",
        subcommands: [
            TUICommand.self,
            DemoCommand.self,
            RecommendCommand.self,
            CompareCommand.self,
            SimilarCommand.self,
            ProfileCommand.self,
            UsersCommand.self,
            ItemsCommand.self,
            BenchCommand.self,
            EvalCommand.self,
            MapCommand.self,
            GenerateCommand.self,
            EncodeCommand.self,
            EmbedCommand.self,
            SearchCommand.self,
            AudienceCommand.self,
            ReplayCommand.self,
            PresentCommand.self,
        ],
        defaultSubcommand: TUICommand.self
    )

    static func main() {
        // OpenBLAS may not recognise this CPU and fall back to SSE3 kernels 5× slower than AVX-512.
        BLASKernels.reexecWithFastKernelsIfNeeded()
        do {
            var command = try parseAsRoot(nil)
            try command.run()
        } catch {
            // ArgumentParser's own formatting and exit code, with control characters a value brought
            // along (an ESC or CR in an id, a title, a file name) escaped so the message stays one line.
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                let handle = code == .success ? FileHandle.standardOutput : FileHandle.standardError
                handle.write(Data((message.escapingControlCharacters(keepingLineFeeds: true) + "\n").utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }
}
