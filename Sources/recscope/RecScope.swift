import ArgumentParser
import RecEngine

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
        ],
        defaultSubcommand: TUICommand.self
    )
}
