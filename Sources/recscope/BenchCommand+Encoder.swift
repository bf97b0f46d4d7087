import Foundation
import RecEngine
import TextEncoder

/// `recscope bench --encoder`: weight loading, one short query on one thread, and item texts in
/// batches on all cores, each beside the sgemm rate of this machine on the model's shapes.
extension BenchCommand {
    func runEncoderBenchmark() throws {
        let directory = modelOption.directory
        guard ModelLocation.isPresent(directory) else { throw RecError(ModelLocation.missingMessage(directory)) }
        let cores = ProcessInfo.processInfo.activeProcessorCount

        // Loading: map + validate + vocabulary + fused QKV copies.
        // Loading: map + validate + vocabulary + fused QKV copies (+ packing for the small-batch kernel),
        // alternating with loads without packing (sgemm only) to show what packing adds.
        var loadTimes: [Double] = [], unpackedLoadTimes: [Double] = []
        var loaded: SentenceEncoder?
        for _ in 0..<max(1, min(7, loads)) {
            loaded = nil
            unpackedLoadTimes.append(try EncoderBenchmark.milliseconds { _ = try modelOption.load(smallBatchKernel: .sgemm) })
            loadTimes.append(try EncoderBenchmark.milliseconds { loaded = try modelOption.load() })
        }
        guard let encoder = loaded else { return }

        // One short query: every small-batch kernel on 1 and 2 threads, and where the time goes.
        SentenceEncoder.setBLASThreads(1)
        let query = "a funny space adventure with talking robots"
        let queryTokens = encoder.tokenize(query).ids.count
        let queryRuns = max(25, users)
        let queryBench = try EncoderQueryBench.run(query: query, runs: queryRuns) { kernel in
            kernel == encoder.smallBatchKernel ? encoder : try modelOption.load(smallBatchKernel: kernel)
        }
        let chosen = queryBench.row(encoder.smallBatchKernel, threads: 1)
        let queryMedian = chosen?.wallMilliseconds ?? 0
        let queryCPUMedian = chosen?.cpuMilliseconds ?? 0
        let oneCoreRate = EncoderBenchmark.sgemmRate(rows: queryTokens, configuration: encoder.configuration)
        let oneCoreBatchRate = EncoderBenchmark.sgemmRate(rows: 2048, configuration: encoder.configuration)
        let queryFlops = encoder.flops(tokens: queryTokens)

        // Item texts of the data set, all cores (one worker per core, BLAS single-threaded in each).
        let dataset = try DatasetLoader.load(directory: dataOptions.resolvedDirectory(), options: LoadOptions(lenient: dataOptions.lenient))
        let count = min(texts, dataset.catalog.count)
        let sample = (0..<count).map { ItemText.text(of: $0 * dataset.catalog.count / max(1, count), in: dataset.catalog) }
        let tokenCounts = sample.map { encoder.tokenize($0).ids.count }
        let batchFlops = tokenCounts.reduce(0.0) { $0 + encoder.flops(tokens: $1) }
        _ = encoder.encode(Array(sample.prefix(64)), threads: cores)
        var batchTimes: [Double] = []
        var cpuPerText: [Double] = []
        for _ in 0..<3 {
            let cpu = EncoderBenchmark.processCPUSeconds()
            batchTimes.append(EncoderBenchmark.milliseconds { _ = encoder.encode(sample, threads: cores) })
            cpuPerText.append((EncoderBenchmark.processCPUSeconds() - cpu) * 1000 / Double(count))
        }
        let batchMedian = EncoderBenchmark.median(batchTimes)
        let textsPerSecond = Double(count) / (batchMedian / 1000)
        let allCoresRate = oneCoreBatchRate * Double(cores)

        let meanTokens = Double(tokenCounts.reduce(0, +)) / Double(max(1, count))
        let idealQuery = queryFlops / (oneCoreRate * 1e9) * 1000
        let computeBound = queryFlops / (oneCoreBatchRate * 1e9) * 1000
        let memoryBound = Double(encoder.smallBatchWeightBytes) / (EncoderQueryBench.coreBandwidth * 1e9) * 1000
        let busy = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
        let idealBatch = Double(count) / (batchFlops / (allCoresRate * 1e9))
        if json {
            emit(.object([
                ("model", .string(ModelLocation.modelName)),
                ("load_ms", .object([("median", .double(EncoderBenchmark.median(loadTimes))), ("runs", .int(loadTimes.count)),
                                     ("without_packing_median", .double(EncoderBenchmark.median(unpackedLoadTimes)))])),
                ("query", .object([("text", .string(query)), ("tokens", .int(queryTokens)), ("kernel", .string(encoder.smallBatchKernel.rawValue)),
                                   ("median_ms", .double(queryMedian)), ("cpu_median_ms", .double(queryCPUMedian)),
                                   ("runs", .int(queryRuns)), ("threads", .int(1)), ("mflop", .double(queryFlops / 1e6)),
                                   ("sgemm_gflops", .double(oneCoreRate)), ("ideal_ms", .double(idealQuery)),
                                   ("compute_bound_ms", .double(computeBound)), ("memory_bound_ms", .double(memoryBound)),
                                   ("all", queryBench.json)])),
                ("batch", .object([("texts", .int(count)), ("mean_tokens", .double(meanTokens)), ("median_ms", .double(batchMedian)),
                                   ("texts_per_second", .double(textsPerSecond)), ("threads", .int(cores)),
                                   ("cpu_ms_per_text", .double(EncoderBenchmark.median(cpuPerText))),
                                   ("sgemm_gflops_all_cores", .double(allCoresRate)), ("ideal_texts_per_second", .double(idealBatch))])),
            ]))
            return
        }
        emit("recscope bench --encoder — \(ModelLocation.modelName), \(cores) cores, OpenBLAS \(BLASKernels.coreName) kernels, load average \(busy) (medians; sgemm on the model's shapes as the ceiling)")
        emit("weights load: \(fixed(EncoderBenchmark.median(loadTimes), 1)) ms with the \(encoder.smallBatchKernel.rawValue) packing, \(fixed(EncoderBenchmark.median(unpackedLoadTimes), 1)) ms without (medians of \(loadTimes.count))")
        emit("one query, 1 thread, \(encoder.smallBatchKernel.rawValue): \(fixed(queryMedian, 2)) ms wall, \(fixed(queryCPUMedian, 2)) ms CPU for \(queryTokens) tokens (\(query.debugDescription), medians of \(queryRuns))")
        emit("  \(fixed(queryFlops / 1e6, 0)) MFLOP; sgemm at \(queryTokens) rows runs \(fixed(oneCoreRate, 0)) GFLOP/s per core → \(fixed(idealQuery, 2)) ms if all were sgemm; floors on one core: \(fixed(computeBound, 2)) ms of arithmetic at \(fixed(oneCoreBatchRate, 0)) GFLOP/s, \(fixed(memoryBound, 2)) ms to stream \(fixed(Double(encoder.smallBatchWeightBytes) / 1e6, 1)) MB of weights at \(fixed(EncoderQueryBench.coreBandwidth, 0)) GB/s")
        for line in queryBench.lines { emit(line) }
        emit("batch, \(cores) threads: \(grouped(count)) item texts (mean \(fixed(meanTokens, 1)) tokens) in \(fixed(batchMedian, 0)) ms = \(fixed(textsPerSecond, 0)) texts/s (median of \(batchTimes.count)); \(fixed(EncoderBenchmark.median(cpuPerText), 2)) CPU ms per text")
        emit("  \(fixed(batchFlops / Double(count) / 1e6, 0)) MFLOP per text; sgemm runs \(fixed(oneCoreBatchRate, 0)) GFLOP/s per core → \(fixed(idealBatch, 0)) texts/s on \(cores) cores if all were sgemm (\(fixed(100 * textsPerSecond / idealBatch, 0))% of that; by CPU time \(fixed(1000 / EncoderBenchmark.median(cpuPerText) * Double(cores), 0)) texts/s on \(cores) idle cores)")
    }
}
