import Foundation
import TextEncoder

/// The single-query part of `recscope bench --encoder`: every small-batch kernel on 1 and 2 threads,
/// wall and CPU medians, weight bytes streamed per query against the core's memory bandwidth, and where
/// the default kernel's time goes stage by stage.
struct EncoderQueryBench {
    /// One kernel at one thread count.
    struct Row {
        var kernel: SmallBatchKernel
        var threads: Int
        var wallMilliseconds: Double
        var cpuMilliseconds: Double
        /// Layer weight bytes one query reads with this kernel.
        var weightBytes: Int
        /// Weight bytes per CPU second, GB/s.
        var gigabytesPerSecond: Double { Double(weightBytes) / (cpuMilliseconds / 1000) / 1e9 }
    }

    /// ≈ single-core streaming-read bandwidth of this machine kind (docs/ENGINEERING notes), GB/s.
    static let coreBandwidth = 33.0

    var rows: [Row] = []
    /// Median CPU and wall milliseconds per stage for the default kernel, one thread.
    var stages: [(stage: EncoderProfile.Stage, cpu: Double, wall: Double)] = []
    var profiledKernel: SmallBatchKernel = .default

    /// Measures `query` with each kernel this CPU runs, `runs` times per kernel and thread count, loading
    /// each encoder through `load`. Leaves OpenBLAS on one thread.
    static func run(query: String, runs: Int, load: (SmallBatchKernel) throws -> SentenceEncoder) rethrows -> EncoderQueryBench {
        var bench = EncoderQueryBench()
        let kernels = SmallBatchKernel.allCases.filter { $0 == .sgemm || SmallBatchKernel.packedAvailable }
        for kernel in kernels {
            let encoder = try load(kernel)
            for threads in [1, 2] {
                // sgemm: OpenBLAS threads; packed: the encoder's own split of each product's columns.
                SentenceEncoder.setBLASThreads(kernel == .sgemm ? threads : 1)
                let split = kernel == .sgemm ? 1 : threads
                for _ in 0..<5 { _ = encoder.encode(query, threads: split) }
                var wall: [Double] = [], cpu: [Double] = []
                for _ in 0..<runs {
                    if threads == 1 {
                        var threadCPU = 0.0
                        wall.append(EncoderBenchmark.milliseconds {
                            threadCPU = EncoderBenchmark.threadCPUMilliseconds { _ = encoder.encode(query, threads: split) }
                        })
                        cpu.append(threadCPU)
                    } else {
                        let before = EncoderBenchmark.processCPUSeconds()
                        wall.append(EncoderBenchmark.milliseconds { _ = encoder.encode(query, threads: split) })
                        cpu.append((EncoderBenchmark.processCPUSeconds() - before) * 1000)
                    }
                }
                bench.rows.append(Row(kernel: kernel, threads: threads, wallMilliseconds: EncoderBenchmark.median(wall),
                                      cpuMilliseconds: EncoderBenchmark.median(cpu), weightBytes: encoder.smallBatchWeightBytes))
            }
            SentenceEncoder.setBLASThreads(1)
            if kernel == .default {
                bench.profiledKernel = kernel
                var profiles: [EncoderProfile] = []
                for _ in 0..<runs {
                    let profile = EncoderProfile()
                    _ = encoder.encode(query, profile: profile)
                    profiles.append(profile)
                }
                bench.stages = EncoderProfile.Stage.allCases.map { stage in
                    (stage, EncoderBenchmark.median(profiles.map { $0.cpu[stage] ?? 0 }),
                     EncoderBenchmark.median(profiles.map { $0.wall[stage] ?? 0 }))
                }
            }
        }
        return bench
    }

    func row(_ kernel: SmallBatchKernel, threads: Int) -> Row? {
        rows.first { $0.kernel == kernel && $0.threads == threads }
    }

    var json: JSONValue {
        .object([
            ("kernels", .array(rows.map { row in
                .object([("kernel", .string(row.kernel.rawValue)), ("threads", .int(row.threads)),
                         ("median_ms", .double(row.wallMilliseconds)), ("cpu_median_ms", .double(row.cpuMilliseconds)),
                         ("weight_bytes", .int(row.weightBytes)), ("weight_gb_per_cpu_second", .double(row.gigabytesPerSecond))])
            })),
            ("stages", .object([("kernel", .string(profiledKernel.rawValue))] + stages.map { item in
                (item.stage.rawValue, JSONValue.object([("cpu_median_ms", .double(item.cpu)), ("median_ms", .double(item.wall))]))
            })),
        ])
    }

    /// Table lines for the text report.
    var lines: [String] {
        var out = ["  kernel       threads   wall ms    CPU ms   weights read   GB/s per CPU s (core streams ≈ \(fixed(Self.coreBandwidth, 0)))"]
        for row in rows {
            out.append("  " + row.kernel.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                       + leftPadded(String(row.threads), 8) + leftPadded(fixed(row.wallMilliseconds, 2), 10)
                       + leftPadded(fixed(row.cpuMilliseconds, 2), 10)
                       + leftPadded(fixed(Double(row.weightBytes) / 1e6, 1) + " MB", 15)
                       + leftPadded(fixed(row.gigabytesPerSecond, 1), 8))
        }
        let total = stages.reduce(0) { $0 + $1.cpu }
        out.append("  where the CPU time goes (\(profiledKernel.rawValue), 1 thread, median per stage, all 6 layers; sum \(fixed(total, 2)) ms):")
        for item in stages.sorted(by: { $0.cpu > $1.cpu }) {
            out.append("    " + item.stage.rawValue.padding(toLength: 42, withPad: " ", startingAt: 0)
                       + leftPadded(fixed(item.cpu, 3), 8) + " ms" + leftPadded(fixed(100 * item.cpu / max(total, 1e-9), 0), 5) + " %")
        }
        return out
    }

    private func leftPadded(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
