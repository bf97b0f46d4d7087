import CKernels
import Dispatch

/// A STREAM-like read benchmark: the memory bandwidth a scan over a large array can reach here, so
/// click figures can be put as a share of it. Used by `recscope bench --clicks-only --bandwidth`.
public enum StreamingRead {
    /// GB/s reading `bytes` (default 1 GB) of float32 once, on one core and on `RowBlocks.workerCount`
    /// cores, median of `repeats`. Cost: allocating and touching `bytes`, then 2 × repeats reads.
    public static func measure(bytes: Int = 1 << 30, repeats: Int = 5) -> (oneCore: Double, allCores: Double) {
        let count = bytes / 4
        let values = [Float](repeating: 1, count: count)
        func run(threads: Int) -> Double {
            var samples = Samples()
            var sink: Float = 0
            for _ in 0..<max(1, repeats) {
                values.withUnsafeBufferPointer { buffer in
                    nonisolated(unsafe) let base = buffer.baseAddress!
                    var partial = [Float](repeating: 0, count: threads)
                    samples.time {
                        partial.withUnsafeMutableBufferPointer { sums in
                            nonisolated(unsafe) let sums = sums.baseAddress!
                            DispatchQueue.concurrentPerform(iterations: threads) { t in
                                let start = t * count / threads, end = (t + 1) * count / threads
                                sums[t] = rk_stream_sum(base + start, end - start)
                            }
                        }
                    }
                    sink += partial.reduce(0, +)
                }
            }
            precondition(sink.isFinite || !sink.isFinite)  // keeps the sums observable
            return Double(count * 4) / (samples.median * 1e-6) / 1e9
        }
        return (run(threads: 1), run(threads: RowBlocks.workerCount))
    }

    /// `measure` made short enough to run before every full `recscope bench` (well under 0.5 s here):
    /// 512 MB — twice the largest last-level cache of these machines (≈ 260 MB), so the reads come from
    /// memory — read 3 times on one core and 3 times on all.
    public static func measureBriefly() -> (oneCore: Double, allCores: Double) {
        measure(bytes: 512 << 20, repeats: 3)
    }
}
