import Foundation
import RecEngine

/// Switching between users: each user's session is kept while it holds simulated clicks.
extension Explorer {
    func switchUser(to user: UserRef) {
        guard user != current else { return }
        // Keep sessions that hold simulated clicks; let the others go (they are cheap to remake).
        if session.clicks.isEmpty { sessions[current] = nil }
        do {
            let next: Session
            if let cached = sessions[user] {
                next = cached
                if next.algorithm != algorithm { _ = try next.setAlgorithm(algorithm) }
                if next.decay != decay { _ = next.setDecay(decay) }
                if let hybridWeights, next.hybridWeightOverride != hybridWeights { _ = try next.setHybridWeights(hybridWeights) }
            } else {
                next = try Explorer.makeSession(engine, user, algorithm, decay, rankingLength, hybridWeights: hybridWeights)
                sessionsCreated += 1
            }
            sessions[user] = next
            session = next
            current = user
            lastRerank = next.lastUpdate.map { ($0.rerankMicroseconds, $0.itemsScored) }
            invalidateSession()
            cursors[.rankings] = ListCursor()
            cursors[.profile] = ListCursor()
            cursors[.inspector] = ListCursor()
        } catch {
            message = "\(error)"
        }
    }

    func selectUserAtCursor() {
        let row = cursors[.users, default: ListCursor()].row
        guard row < userOrder.count else { return }
        switchUser(to: userOrder[row])
    }

    func userRow(_ user: UserRef) -> UserRow {
        let clicks = sessions[user]?.clicks.count ?? 0
        switch user {
        case .existing(let index):
            let activity = engine.activity(of: index)
            return UserRow(label: engine.dataset.users.ids[index],
                           attributes: engine.dataset.users.attributes[index].joined(separator: " "),
                           eventCount: activity.events, lastActive: activity.lastActive, clicks: clicks)
        case .new(let number):
            return UserRow(label: "new-\(number)", attributes: "(cold start)", eventCount: 0, lastActive: nil, clicks: clicks)
        }
    }

    /// Label of a user as shown in the Users pane and status bar.
    public func label(of user: UserRef) -> String { userRow(user).label }
}
