/// A dense vector squeezed into a short strip for display (the item inspector's "heat strip" of a
/// 384-d embedding): consecutive dimensions are averaged into `width` buckets, and each bucket's mean
/// is given as a signed level against the largest absolute bucket mean.
public struct VectorStrip: Sendable, Equatable {
    /// Bucket means, `width` of them (fewer when the vector is shorter than `width`).
    public let means: [Float]
    /// Each bucket's level in −levels...levels (0 for a zero vector).
    public let levels: [Int]

    /// Cost O(vector.count).
    public init(_ vector: ArraySlice<Float>, width: Int, levels maxLevel: Int = 8) {
        let n = vector.count
        let buckets = max(0, min(width, n))
        var means = [Float](repeating: 0, count: buckets)
        let values = Array(vector)
        for b in 0..<buckets {
            let start = b * n / buckets, end = (b + 1) * n / buckets
            var sum: Float = 0
            for j in start..<end { sum += values[j] }
            means[b] = end > start ? sum / Float(end - start) : 0
        }
        let largest = means.map { abs($0) }.max() ?? 0
        self.means = means
        self.levels = means.map { m in
            largest > 0 ? Int((m / largest * Float(maxLevel)).rounded()) : 0
        }
    }

    /// Block glyphs by magnitude (`▁`…`█` for levels 1–8, space for 0); the sign is left to the front
    /// end's colour (`levels` keeps it).
    public var glyphs: String {
        let blocks: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        return String(levels.map { blocks[min(abs($0), blocks.count - 1)] })
    }
}
