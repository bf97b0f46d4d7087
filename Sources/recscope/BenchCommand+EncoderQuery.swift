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
    /// Median CPU and wall milliseconds per stage, one thread, for each kernel measured (in `kernels` order).
    var stages: [SmallBatchKernel: [EncoderProfile.Stage: (cpu: Double, wall: Double)]] = [:]
    var kernels: [SmallBatchKernel] = []
    var profiledKernel: SmallBatchKernel = .default
    /// The goal's longest query (16 tokens) on the default kernel: tokens, and wall and CPU medians on
    /// one thread and on two.
    var longQuery: (text: String, tokens: Int, wall: Double, cpu: Double, wall2: Double, cpu2: Double)?
    /// Median CPU milliseconds per stage of the 16-token query on the default kernel, one thread.
    var longStages: [EncoderProfile.Stage: Double] = [:]

    /// A query of 16 tokens, [CLS] and [SEP] included: the goal's "≤ 16 tokens" at its longest.
    static let sixteenTokenQuery = "a funny space adventure with talking robots and a dog who saves the galaxy"

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
                let (wall, cpu) = medians(encoder, query, threads: split, processCPU: threads > 1, runs: runs)
                bench.rows.append(Row(kernel: kernel, threads: threads, wallMilliseconds: wall,
                                      cpuMilliseconds: cpu, weightBytes: encoder.smallBatchWeightBytes))
            }
            SentenceEncoder.setBLASThreads(1)
            if kernel == .default {
                let long = Self.sixteenTokenQuery
                let (wall, cpu) = medians(encoder, long, threads: 1, processCPU: false, runs: runs)
                let split = kernel == .sgemm ? 1 : 2
                SentenceEncoder.setBLASThreads(kernel == .sgemm ? 2 : 1)
                let (wall2, cpu2) = medians(encoder, long, threads: split, processCPU: true, runs: runs)
                SentenceEncoder.setBLASThreads(1)
                bench.longQuery = (long, encoder.tokenize(long).ids.count, wall, cpu, wall2, cpu2)
                bench.profiledKernel = kernel
                let longProfiles = (0..<runs).map { _ in
                    let profile = EncoderProfile()
                    _ = encoder.encode(long, profile: profile)
                    return profile
                }
                bench.longStages = Dictionary(uniqueKeysWithValues: EncoderProfile.Stage.allCases.map { stage in
                    (stage, EncoderBenchmark.median(longProfiles.map { $0.cpu[stage] ?? 0 }))
                })
            }
            var profiles: [EncoderProfile] = []
            for _ in 0..<runs {
                let profile = EncoderProfile()
                _ = encoder.encode(query, profile: profile)
                profiles.append(profile)
            }
            bench.kernels.append(kernel)
            bench.stages[kernel] = Dictionary(uniqueKeysWithValues: EncoderProfile.Stage.allCases.map { stage in
                (stage, (EncoderBenchmark.median(profiles.map { $0.cpu[stage] ?? 0 }),
                         EncoderBenchmark.median(profiles.map { $0.wall[stage] ?? 0 })))
            })
        }
        return bench
    }

    /// Wall and CPU medians of `runs` encodings of `text` (after 5 warm-up runs); CPU time of the calling
    /// thread, or of the whole process when other threads work on the query too.
    private static func medians(_ encoder: SentenceEncoder, _ text: String, threads: Int, processCPU: Bool,
                                runs: Int) -> (wall: Double, cpu: Double) {
        for _ in 0..<5 { _ = encoder.encode(text, threads: threads) }
        var wall: [Double] = [], cpu: [Double] = []
        for _ in 0..<runs {
            if processCPU {
                let before = EncoderBenchmark.processCPUSeconds()
                wall.append(EncoderBenchmark.milliseconds { _ = encoder.encode(text, threads: threads) })
                cpu.append((EncoderBenchmark.processCPUSeconds() - before) * 1000)
            } else {
                var threadCPU = 0.0
                wall.append(EncoderBenchmark.milliseconds {
                    threadCPU = EncoderBenchmark.threadCPUMilliseconds { _ = encoder.encode(text, threads: threads) }
                })
                cpu.append(threadCPU)
            }
        }
        return (EncoderBenchmark.median(wall), EncoderBenchmark.median(cpu))
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
            ("sixteen_token_query", longQuery.map { long in
                .object([("text", .string(long.text)), ("tokens", .int(long.tokens)), ("kernel", .string(profiledKernel.rawValue)),
                         ("median_ms", .double(long.wall)), ("cpu_median_ms", .double(long.cpu)),
                         ("two_threads_median_ms", .double(long.wall2)), ("two_threads_cpu_median_ms", .double(long.cpu2)),
                         ("stages_cpu_median_ms", .object(EncoderProfile.Stage.allCases.map { stage in
                             (stage.rawValue, JSONValue.double(longStages[stage] ?? 0))
                         }))])
            } ?? .null),
            ("stages", .object(kernels.map { kernel in
                (kernel.rawValue, JSONValue.object(EncoderProfile.Stage.allCases.map { stage in
                    let times = stages[kernel]?[stage] ?? (0, 0)
                    return (stage.rawValue, JSONValue.object([("cpu_median_ms", .double(times.cpu)), ("median_ms", .double(times.wall))]))
                }))
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
        if let long = longQuery {
            out.append("  a \(long.tokens)-token query (\(long.text.debugDescription)), \(profiledKernel.rawValue), 1 thread: \(fixed(long.wall, 2)) ms wall, \(fixed(long.cpu, 2)) ms CPU; 2 threads: \(fixed(long.wall2, 2)) ms wall, \(fixed(long.cpu2, 2)) ms CPU")
        }
        func total(_ kernel: SmallBatchKernel) -> Double { stages[kernel]?.values.reduce(0) { $0 + $1.cpu } ?? 0 }
        out.append("  where the CPU time goes (1 thread, median per stage over all 6 layers, ms; each stage timer costs ≈ 1 µs; last column: the \(longQuery?.tokens ?? 0)-token query on \(profiledKernel.rawValue)):")
        let longHeader = longQuery.map { leftPadded("\($0.tokens) tokens", 12) } ?? ""
        out.append("    " + "stage".padding(toLength: 42, withPad: " ", startingAt: 0)
                   + kernels.map { leftPadded($0.rawValue, 12) }.joined() + longHeader)
        let order = EncoderProfile.Stage.allCases.sorted { (stages[profiledKernel]?[$0]?.cpu ?? 0) > (stages[profiledKernel]?[$1]?.cpu ?? 0) }
        for stage in order {
            out.append("    " + stage.rawValue.padding(toLength: 42, withPad: " ", startingAt: 0)
                       + kernels.map { leftPadded(fixed(stages[$0]?[stage]?.cpu ?? 0, 3), 12) }.joined()
                       + (longQuery == nil ? "" : leftPadded(fixed(longStages[stage] ?? 0, 3), 12)))
        }
        out.append("    " + "sum".padding(toLength: 42, withPad: " ", startingAt: 0) + kernels.map { leftPadded(fixed(total($0), 3), 12) }.joined()
                   + (longQuery == nil ? "" : leftPadded(fixed(longStages.values.reduce(0, +), 3), 12)))
        return out
    }

    private func leftPadded(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
