import Dispatch
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
