import CKernels
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// A STREAM-like read benchmark: the memory bandwidth a scan over a large array can reach here, so
/// click figures can be put as a share of it. Used by `recscope bench --clicks-only --bandwidth`.
public enum StreamingRead {
    /// GB/s reading `bytes` (default 1 GB) of float32 once, on one core and on `RowBlocks.workerCount`
    /// cores, median of `repeats`. Cost: mapping `bytes` with every page populated, then 2 × repeats reads.
    public static func measure(bytes: Int = 1 << 30, repeats: Int = 5) -> (oneCore: Double, allCores: Double) {
        let count = max(1, bytes / 4)
        let values = PopulatedFloats(count: count)
        nonisolated(unsafe) let base = values.base
        func run(threads: Int) -> Double {
            var samples = Samples()
            var sink: Float = 0
            for _ in 0..<max(1, repeats) {
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
            precondition(sink.isFinite || !sink.isFinite)  // keeps the sums observable
            return Double(count * 4) / (samples.median * 1e-6) / 1e9
        }
        return withExtendedLifetime(values) { (run(threads: 1), run(threads: RowBlocks.workerCount)) }
    }

    /// `measure` made short enough to run before every full `recscope bench` (≈ 0.3 s here, mapping
    /// included): 384 MB — 1.5 × the last-level cache these machines report (260 MB), so the reads come
    /// from memory (a C loop read 256 MB, 384 MB, 512 MB and 1 GB at the same ≈ 16 GB/s here) — read
    /// 3 times on one core and 3 times on all.
    public static func measureBriefly() -> (oneCore: Double, allCores: Double) {
        measure(bytes: briefBytes, repeats: 3)
    }

    /// Bytes `measureBriefly` reads.
    public static let briefBytes = 384 << 20
}

/// Zeroed float32 memory whose pages are all mapped before it is timed (`mmap` with `MAP_POPULATE`: one
/// call instead of a page fault per 4 KB: ≈ 130 ms instead of ≈ 200–240 ms for 512 MB here). Private and
/// writable, so every page is a page of its own, never the kernel's shared zero page. Falls back to
/// filling an allocation when the mapping fails.
private final class PopulatedFloats {
    let base: UnsafeMutablePointer<Float>
    private let byteCount: Int
    private let mapped: Bool

    init(count: Int) {
        byteCount = count * MemoryLayout<Float>.stride
        let raw = mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0)
        if let raw, raw != MAP_FAILED {
            base = raw.bindMemory(to: Float.self, capacity: count)
            mapped = true
        } else {
            base = .allocate(capacity: count)
            base.initialize(repeating: 0, count: count)
            mapped = false
        }
    }

    deinit {
        if mapped { munmap(base, byteCount) } else { base.deallocate() }
    }
}
