import Testing
@testable import RecEngine

/// The one top-K: equal to a full sort on any input, +∞ ranks first, NaN and −∞ never appear.
@Suite struct TopKTests {
    /// Reference: sort everything by (score descending, item ascending), drop NaN and −∞.
    func reference(_ scores: [Float], k: Int, excluded: Set<Int> = []) -> [ScoredItem] {
        let kept = scores.enumerated().filter { $0.element > -.infinity && !excluded.contains($0.offset) }
        let sorted = kept.sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
        return sorted.prefix(k).map { ScoredItem(item: $0.offset, score: $0.element) }
    }

    @Test func matchesASortOnRandomAscendingDescendingAndTiedInput() {
        var generator = SystemRandomNumberGenerator()
        for trial in 0..<200 {
            let n = Int.random(in: 0...300, using: &generator)
            var scores = (0..<n).map { _ in Float(Int.random(in: 0..<40, using: &generator)) / 4 }  // many ties
            switch trial % 4 {
            case 1: scores.sort()
            case 2: scores.sort(by: >)
            case 3: for i in stride(from: 0, to: n, by: 7) { scores[i] = [.nan, -.infinity, .infinity][i % 3] }
            default: break
            }
            let k = Int.random(in: 0...20, using: &generator)
            #expect(TopK.select(scores, k: k) == reference(scores, k: k), "trial \(trial)")
            let excluded = Set((0..<n).filter { $0 % 5 == 0 })
            let masked = scores.withUnsafeBufferPointer { TopK.select($0, k: k, excluded: { excluded.contains($0) }) }
            #expect(masked == reference(scores, k: k, excluded: excluded), "trial \(trial) masked")
        }
    }

    @Test func infinityRanksFirstAndNaNNeverAppears() {
        #expect(TopK.select([1, .infinity, .nan, 3, -.infinity], k: 5).map(\.item) == [1, 3, 0])
        #expect(TopK.select([.nan, .nan], k: 2).isEmpty)
    }
}
