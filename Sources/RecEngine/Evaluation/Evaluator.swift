import Dispatch
import Foundation
import Synchronization

/// Metrics of one algorithm under the temporal protocol (means over evaluated users, except the
/// catalogue-level coverage and Gini).
public struct EvaluationMetrics: Sendable, Equatable, Codable {
    public var precision: Double
    public var recall: Double
    public var ndcg: Double
    public var hitRate: Double
    public var map: Double
    public var coverage: Double
    public var novelty: Double
    public var diversity: Double
    public var gini: Double
    /// Users with at least one held-out item (the ones ranked).
    public var users: Int
}

/// Runs the temporal protocol for fitted models: ranks, for every user with held-out items, all items
/// not in their training set, and scores the top K.
public enum Evaluator {
    /// Each evaluated user's top-K (training items excluded); users without held-out items get [].
    /// Uses up to `threads` threads; `progress(done, total)` may be called from any of them.
    /// Cost: users × (scorer set-up + one scoring pass + O(items log K)).
    /// - Parameter histories: per user, the weighted history the scorer sees; nil = the protocol's
    ///   default, every distinct training item at weight 1. Training items are excluded either way.
    public static func rankings(model: any Recommender, split: TemporalSplit, k: Int, histories: [[WeightedItem]]? = nil, threads: Int = 2,
                                progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) -> [[Int]] {
        let users = split.training.count
        let results = Mutex([[Int]](repeating: [], count: users))
        let done = Mutex(0)
        let chunks = max(1, min(threads, users))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var scores = [Float](repeating: 0, count: model.itemCount)
            var excluded = [Bool](repeating: false, count: model.itemCount)
            var local: [(Int, [Int])] = []
            var user = chunk
            while user < users {
                if !split.heldOut[user].isEmpty {
                    let history = histories?[user] ?? split.training[user].map { WeightedItem(item: $0, weight: 1) }
                    local.append((user, topK(model: model, history: history, training: split.training[user], k: k, scores: &scores, excluded: &excluded)))
                }
                let finished = done.withLock { value -> Int in value += 1; return value }
                if finished % 50 == 0 || finished == users { progress(finished, users) }
                user += chunks
            }
            results.withLock { all in for (user, list) in local { all[user] = list } }
        }
        return results.withLock { $0 }
    }

    /// One user's top K: `history` scored, every item, training items excluded.
    static func topK(model: any Recommender, history: [WeightedItem], training: [Int], k: Int, scores: inout [Float], excluded: inout [Bool]) -> [Int] {
        let scorer = model.makeScorer(history: history)
        scorer.score(into: &scores)
        for item in training where item < excluded.count { excluded[item] = true }
        let mask = excluded
        let top = scores.withUnsafeBufferPointer { TopK.select($0, k: k, excluded: { mask[$0] }) }
        for item in training where item < excluded.count { excluded[item] = false }
        return top.map(\.item)
    }

    /// The histories `recommend` and the explorer would score for each user's training events:
    /// rating-centred event weights × time decay (`EventWeighting.effectiveHistory`). Cost O(events).
    public static func asRecommendHistories(split: TemporalSplit, weighting: EventWeighting = EventWeighting(), decay: DecayPolicy = .standard) -> [[WeightedItem]] {
        split.trainingEvents.map { weighting.effectiveHistory(of: $0, decay: decay) }
    }

    /// Scores the rankings. `similarity` is the pairwise content cosine used by intra-list diversity.
    /// Cost O(users × K²) similarity calls + O(items log items).
    public static func metrics(rankings: [[Int]], split: TemporalSplit, k: Int, similarity: (Int, Int) -> Double) -> EvaluationMetrics {
        var precision = 0.0, recall = 0.0, ndcg = 0.0, hitRate = 0.0, map = 0.0
        var lists: [[Int]] = []
        for (user, held) in split.heldOut.enumerated() where !held.isEmpty {
            let relevant = Set(held)
            let ranked = user < rankings.count ? rankings[user] : []
            precision += PrecisionAtK.value(ranked: ranked, relevant: relevant, k: k)
            recall += RecallAtK.value(ranked: ranked, relevant: relevant, k: k)
            ndcg += NDCGAtK.value(ranked: ranked, relevant: relevant, k: k)
            hitRate += HitRateAtK.value(ranked: ranked, relevant: relevant, k: k)
            map += MeanAveragePrecisionAtK.value(ranked: ranked, relevant: relevant, k: k)
            lists.append(Array(ranked.prefix(k)))
        }
        let users = lists.count
        let divisor = Double(max(users, 1))
        var interactionCounts = [Int](repeating: 0, count: split.itemCount)
        for items in split.training { for item in items { interactionCounts[item] += 1 } }
        return EvaluationMetrics(
            precision: precision / divisor, recall: recall / divisor, ndcg: ndcg / divisor,
            hitRate: hitRate / divisor, map: map / divisor,
            coverage: CatalogCoverage.value(lists: lists, itemCount: split.itemCount),
            novelty: Novelty.value(lists: lists, interactionCounts: interactionCounts),
            diversity: IntraListDiversity.value(lists: lists, similarity: similarity),
            gini: GiniIndex.value(lists: lists, itemCount: split.itemCount),
            users: users)
    }
}
