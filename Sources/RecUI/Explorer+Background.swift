import Foundation
import RecEngine

/// Work finished off the main thread (models fitted or loaded from the cache) reaching the explorer
/// through its inbox, and the notices it posts.
extension Explorer {
    /// Performs what background work posted to `inbox` and retires a notice that has been shown long
    /// enough. Returns true when the screen changed.
    public func drainBackground() -> Bool {
        var changed = false
        if message != nil && clock() - messageTime > Explorer.noticeSeconds * (messageIsError ? 2 : 1) {
            message = nil
            changed = true
        }
        for action in inbox?.drain() ?? [] {
            perform(action)
            changed = true
        }
        return changed
    }

    public var hasBackgroundWork: Bool { lastBackgroundNote != nil }

    /// A model the host fitted in the background is registered: it joins the `a` cycle (in registry
    /// order), and becomes the algorithm when it was the one asked for at start.
    func modelBecameReady(_ algorithm: Algorithm) {
        if !knownAlgorithms.contains(algorithm) {
            knownAlgorithms = Algorithm.allCases.filter { $0 == algorithm || knownAlgorithms.contains($0) }
            postBackgroundNotice("ready: \(algorithm.rawValue) (a cycles)" + (waitingForBest && algorithm != preferredAlgorithm ? " · \(bestWaitNote)" : ""))
        }
        if preferredAlgorithm == algorithm {
            preferredAlgorithm = nil
            switchAlgorithm(to: algorithm)
            if opensOnBest { announceBest() }
        }
    }

    /// Shows a notice from background work, unless a notice the user's own action caused is still on the
    /// hint line (it would vanish before it is read): then the notice goes to the session log (`L`) only.
    func postBackgroundNotice(_ text: String) {
        if message != nil, !messageIsBackground, clock() - messageTime < Explorer.noticeSeconds * (messageIsError ? 2 : 1) {
            log.append(LogEntry(seconds: clock() - startTime, text: text))
            if log.count > Explorer.maximumLogEntries { log.removeFirst(log.count - Explorer.maximumLogEntries) }
            return
        }
        message = text
        messageIsBackground = true
    }
}
