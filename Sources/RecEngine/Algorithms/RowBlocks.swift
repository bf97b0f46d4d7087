import Dispatch
import Synchronization
import Foundation

/// Splits independent per-row work of a fit over a few threads.
enum RowBlocks {
    /// Threads used (at most 4, at most the active processors).
    static let workerCount = max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))

    /// Number of blocks `forEach` uses for n rows (one when n is small).
    static func blockCount(_ n: Int) -> Int { n < 256 ? 1 : workerCount }

    /// Runs `body` over contiguous blocks of 0..<n in parallel, passing the block's index and rows.
    /// `body` must only write state belonging to its own rows or block.
    static func forEach(_ n: Int, _ body: (_ rows: Range<Int>) -> Void) {
        forEachBlock(n) { _, rows in body(rows) }
    }

    static func forEachBlock(_ n: Int, _ body: (_ block: Int, _ rows: Range<Int>) -> Void) {
        let blocks = blockCount(n)
        if blocks == 1 { body(0, 0..<n); return }
        // The blocks write disjoint state, so sharing the caller's pointers across threads is safe.
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let shared = body
            DispatchQueue.concurrentPerform(iterations: blocks) { block in
                shared(block, (block * n / blocks)..<((block + 1) * n / blocks))
            }
        }
    }
}

/// Splits independent per-row work of a fit into many small chunks handed out to `RowBlocks.workerCount`
/// threads as they free up (rows of very different cost — popular items — stay balanced), and reports
/// progress as a fraction of chunks done.
struct RowChunks {
    /// Per-thread working memory for item-kNN: a dense accumulator over items, kept zeroed between rows.
    struct Scratch {
        var dots: [Float]
        var isTouched: [Bool]
        var touched: [Int] = []
        init(count: Int) {
            dots = [Float](repeating: 0, count: count)
            isTouched = [Bool](repeating: false, count: count)
        }
    }

    /// The next chunk to hand out and the chunks finished.
    private final class Counters: Sendable {
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
    }

    let count: Int
    let chunkSize: Int
    var chunkCount: Int { count == 0 ? 0 : (count + chunkSize - 1) / chunkSize }

    /// About 512 chunks (at least 64 rows each) for `count` rows.
    init(count: Int) {
        self.count = count
        self.chunkSize = max(64, (count + 511) / 512)
    }

    /// Runs `body(scratch, rows)` for every chunk, each chunk once, on up to `RowBlocks.workerCount`
    /// threads (one when there is a single chunk). `progress(done / chunks)` is called from one thread
    /// only, never concurrently, at most ~100 times, and finally with 1.
    func run(progress: (Double) -> Void, _ body: (inout Scratch, Range<Int>) -> Void) {
        let chunks = chunkCount
        guard chunks > 0 else { progress(1); return }
        let workers = chunks == 1 ? 1 : RowBlocks.workerCount
        let counters = Counters()
        withoutActuallyEscaping(body) { body in
            withoutActuallyEscaping(progress) { progress in
                nonisolated(unsafe) let body = body, progress = progress
                nonisolated(unsafe) let work = { (worker: Int) in
                    var scratch = Scratch(count: count)
                    var reported = 0
                    while true {
                        let chunk = counters.next.wrappingAdd(1, ordering: .relaxed).oldValue
                        guard chunk < chunks else { break }
                        body(&scratch, (chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize))
                        let finished = counters.done.wrappingAdd(1, ordering: .relaxed).newValue
                        // Worker 0 alone reports, about every 1%.
                        if worker == 0, (finished - reported) * 100 >= chunks { reported = finished; progress(Double(finished) / Double(chunks)) }
                    }
                }
                if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers) { work($0) } }
            }
        }
        progress(1)
    }
}
