import Foundation

/// Wall-clock samples and their summary. Used by `recscope bench`; tests never assert on timings.
public struct Samples: Sendable {
    public private(set) var values: [Double] = []
    public init() {}

    public mutating func add(_ value: Double) { values.append(value) }

    /// Runs `body`, records its duration in microseconds, returns its result.
    public mutating func time<T>(_ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        add(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000)
        return result
    }

    /// The q-quantile (0...1) by nearest rank; 0 when empty.
    public func quantile(_ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    public var median: Double { quantile(0.5) }
    public var p99: Double { quantile(0.99) }
    public var count: Int { values.count }
}

/// SplitMix64: a tiny, seedable generator so benchmarks and property tests are repeatable.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Engine benchmarks on a loaded data set.
public enum EngineBenchmark {
    /// Click → new top-`k` latency for `algorithm`: `users` sessions (users spread over the data set),
    /// each clicking `clicksPerUser` random unseen items. Samples are microseconds per click, measured by
    /// the session (profile update + full re-score + top-K + diff).
    public static func clickLatency(engine: Engine, algorithm: Algorithm, users: Int = 60, clicksPerUser: Int = 20, k: Int = 10, seed: UInt64 = 42) throws -> Samples {
        var generator = SplitMix64(seed: seed)
        var samples = Samples()
        let userCount = engine.dataset.users.count
        let itemCount = engine.dataset.catalog.count
        guard userCount > 0, itemCount > 0 else { return samples }
        for n in 0..<min(users, userCount) {
            let user = n * userCount / min(users, userCount)
            let session = try engine.makeSession(user: user, algorithm: algorithm, k: k)
            for _ in 0..<clicksPerUser {
                let item = Int.random(in: 0..<itemCount, using: &generator)
                samples.add(try session.click(item: item).rerankMicroseconds)
            }
        }
        return samples
    }
}
