import Foundation

/// Where one forward pass spends its time, stage by stage (summed over layers), for
/// `recscope bench --encoder`. Timing costs ≈ 1 µs per stage and layer, so pass one only when measuring.
/// Not thread-safe (hence unchecked): one profile per single-text encoding, read after it returns.
public final class EncoderProfile: @unchecked Sendable {
    public enum Stage: String, CaseIterable, Sendable {
        case tokenize = "tokenizer"
        case embeddings = "embeddings + LayerNorm"
        case qkv = "Q·K·V product"
        case attention = "attention (scores, softmax, context)"
        case attentionOut = "attention output product"
        case attentionNorm = "bias + residual + LayerNorm (attention)"
        case intermediate = "feed-forward product 1"
        case gelu = "bias + GELU"
        case output = "feed-forward product 2"
        case outputNorm = "bias + residual + LayerNorm (output)"
        case pooling = "mean pooling + L2"
    }

    /// Wall-clock and calling-thread CPU milliseconds per stage.
    public private(set) var wall: [Stage: Double] = [:]
    public private(set) var cpu: [Stage: Double] = [:]

    public init() {}

    /// Runs `body`, adding its times to `stage`.
    @inline(__always)
    func time<T>(_ stage: Stage, _ body: () throws -> T) rethrows -> T {
        var w0 = timespec(), w1 = timespec(), c0 = timespec(), c1 = timespec()
        clock_gettime(CLOCK_MONOTONIC, &w0)
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0)
        let result = try body()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1)
        clock_gettime(CLOCK_MONOTONIC, &w1)
        wall[stage, default: 0] += Self.milliseconds(w0, w1)
        cpu[stage, default: 0] += Self.milliseconds(c0, c1)
        return result
    }

    private static func milliseconds(_ a: timespec, _ b: timespec) -> Double {
        Double(b.tv_sec - a.tv_sec) * 1e3 + Double(b.tv_nsec - a.tv_nsec) / 1e6
    }
}

extension Optional where Wrapped == EncoderProfile {
    /// `body` timed under `stage` when there is a profile, run as is otherwise.
    @inline(__always)
    func time<T>(_ stage: EncoderProfile.Stage, _ body: () throws -> T) rethrows -> T {
        if let profile = self { return try profile.time(stage, body) }
        return try body()
    }
}
