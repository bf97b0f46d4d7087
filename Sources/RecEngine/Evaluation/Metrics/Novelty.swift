import Foundation

/// Novelty: the mean, over every recommended slot of every list, of −log2(popularity share), where an
/// item's popularity share is its number of training interactions divided by all training
/// interactions. Items never seen in training count as one interaction (so the value stays finite).
/// Higher means less popular recommendations. Unit: bits. Cost O(total list length).
public enum Novelty {
    /// `interactionCounts[i]`: training interactions of item i.
    public static func value(lists: [[Int]], interactionCounts: [Int]) -> Double {
        let total = Double(interactionCounts.reduce(0, +))
        guard total > 0 else { return 0 }
        var sum = 0.0
        var slots = 0
        for list in lists {
            for item in list {
                let count = item >= 0 && item < interactionCounts.count ? interactionCounts[item] : 0
                sum += -log2(Double(max(count, 1)) / total)
                slots += 1
            }
        }
        return slots > 0 ? sum / Double(slots) : 0
    }
}
