import RecEngine
import Testing
@testable import RecUI

/// Background fitting reaches the explorer as actions posted to its inbox, not by polling the engine.
@Suite struct BackgroundInboxTests {
    @Test func postedResultsAreActionsPerformedInOrder() throws {
        let engine = Fixture.engine()
        let inbox = BackgroundInbox()
        let explorer = try Explorer(engine: engine, algorithm: .content, width: 100, height: 30, preferredAlgorithm: .itemKNN, inbox: inbox)
        inbox.post(.backgroundNote("fitting itemknn…"))
        try engine.fitCollaborativeModels(configuration: ModelConfiguration(itemKNN: ItemKNNParameters(neighbours: 3)), algorithms: [.itemKNN],
                                          ready: { inbox.post(.modelReady($0)) })
        // Registered with the engine, but nothing changes on screen until the inbox is drained.
        #expect(engine.algorithms.contains(.itemKNN))
        #expect(explorer.algorithm == .content)
        #expect(explorer.drainBackground())
        #expect(explorer.algorithm == .itemKNN)   // the algorithm asked for at start, now ready
        #expect(explorer.hasBackgroundWork)
        #expect(explorer.message == "ready: itemknn (a cycles)")
        inbox.post(.backgroundNote(nil))
        inbox.post(.backgroundFailed("could not fit collaborative models: disk full"))
        #expect(explorer.drainBackground())
        #expect(!explorer.hasBackgroundWork)
        #expect(explorer.message == "could not fit collaborative models: disk full" && explorer.messageIsError)
        #expect(inbox.drain().isEmpty)
    }

    /// A model that becomes ready while the user's own notice is up (here: a saved session) must not wipe
    /// it: the ready notice goes to the log. Once the user's notice has gone, ready notices show again.
    @Test func readyNoticesDoNotHideTheUsersNotice() throws {
        let engine = Fixture.engine()
        let inbox = BackgroundInbox()
        let explorer = try Explorer(engine: engine, algorithm: .content, width: 100, height: 30, inbox: inbox)
        explorer.message = "session saved as a scenario: /tmp/x.scen (recscope replay /tmp/x.scen)"
        try engine.fitCollaborativeModels(configuration: ModelConfiguration(itemKNN: ItemKNNParameters(neighbours: 3)), algorithms: [.itemKNN],
                                          ready: { inbox.post(.modelReady($0)) })
        #expect(explorer.drainBackground())
        #expect(explorer.message?.hasPrefix("session saved as a scenario") == true)
        #expect(explorer.log.last?.text == "ready: itemknn (a cycles)")
        #expect(explorer.knownAlgorithms.contains(.itemKNN))
        // A background notice on the line gives way to the next background notice.
        explorer.message = nil
        explorer.postBackgroundNotice("ready: first")
        explorer.postBackgroundNotice("ready: second")
        #expect(explorer.message == "ready: second")
    }
}
