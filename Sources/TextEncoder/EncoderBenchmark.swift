import CLinearAlgebra
import Dispatch
import Foundation

/// Timings of the encoder, and the machine's sgemm rate on the model's own shapes, so each figure can
/// be put beside what the cores can do. Used by `recscope bench --encoder`; tests never time anything.
public enum EncoderBenchmark {
    /// Wall-clock milliseconds of `body`.
    public static func milliseconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }

    /// CPU milliseconds the calling thread spends in `body` (unaffected by other processes on the cores).
    public static func threadCPUMilliseconds(_ body: () throws -> Void) rethrows -> Double {
        var start = timespec(), end = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
        try body()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
        return Double(end.tv_sec - start.tv_sec) * 1e3 + Double(end.tv_nsec - start.tv_nsec) / 1e6
    }

    /// CPU seconds this process has used (user + system, all threads).
    public static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Median of `values` (0 when empty).
    public static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// GFLOP/s of `cblas_sgemm` on the feed-forward shape of a batch of `rows` tokens
    /// ([rows, hidden] × [hidden, intermediate]ᵀ), median of `repeats` runs in the calling thread's CPU
    /// time (call with BLAS on one thread). The ceiling the encoder's dense products can reach per core.
    public static func sgemmRate(rows: Int, configuration c: BertConfiguration, repeats: Int = 15) -> Double {
        let h = c.hiddenSize, i = c.intermediateSize
        var generator = SystemRandomNumberGenerator()
        let a = (0..<(rows * h)).map { _ in Float.random(in: -1...1, using: &generator) }
        let w = (0..<(i * h)).map { _ in Float.random(in: -1...1, using: &generator) }
        var out = [Float](repeating: 0, count: rows * i)
        var times: [Double] = []
        for _ in 0..<(repeats + 2) {
            let ms = threadCPUMilliseconds {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(i), Int32(h), 1,
                            a, Int32(h), w, Int32(h), 0, &out, Int32(i))
            }
            times.append(ms)
        }
        let flops = 2 * Double(rows) * Double(h) * Double(i)
        return flops / (median(Array(times.dropFirst(2))) / 1000) / 1e9
    }
}
