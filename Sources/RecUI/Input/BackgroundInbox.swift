import Synchronization

/// Where work done off the input loop (fitting models) posts its results as actions: the background
/// thread `post`s, the input loop `drain`s and performs them in order, so background results take the
/// same one-way path into the screen model as keys do.
///
/// ```swift
/// let inbox = BackgroundInbox()
/// thread: inbox.post(.backgroundNote("fitting als…")); …; inbox.post(.modelReady(.als))
/// loop:   for action in inbox.drain() { explorer.perform(action) }
/// ```
public final class BackgroundInbox: Sendable {
    private let pending = Mutex<[Action]>([])

    public init() {}

    /// Queues `action` for the input loop. Thread-safe, O(1).
    public func post(_ action: Action) { pending.withLock { $0.append(action) } }

    /// Everything posted since the last drain, oldest first. Thread-safe.
    public func drain() -> [Action] { pending.withLock { queue in defer { queue.removeAll() }; return queue } }
}
