/// Intra-list diversity: for each list, 1 − the mean similarity over all unordered pairs of its items;
/// averaged over lists with at least two items. `similarity` is the pairwise content cosine (any
/// symmetric similarity in [0, 1] works). Cost O(lists × K² × cost of `similarity`).
public enum IntraListDiversity {
    public static func value(lists: [[Int]], similarity: (Int, Int) -> Double) -> Double {
        var sum = 0.0
        var counted = 0
        for list in lists where list.count >= 2 {
            var pairSum = 0.0
            var pairs = 0
            for a in 0..<list.count {
                for b in (a + 1)..<list.count {
                    pairSum += similarity(list[a], list[b])
                    pairs += 1
                }
            }
            sum += 1 - pairSum / Double(pairs)
            counted += 1
        }
        return counted > 0 ? sum / Double(counted) : 0
    }
}
