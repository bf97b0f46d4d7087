import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock and process CPU phases of a load, for `Dataset.loadPath` (shown by `bench --load`):
/// "items 120 ms (cpu 210), ...". CPU time is the whole process (all threads), so on a shared machine
/// it shows the work done even when the wall clock includes waiting for a core.
struct PhaseTimer {
    private var clock = DispatchTime.now().uptimeNanoseconds
    private var cpu = PhaseTimer.processCPUNanoseconds()
    private var phases: [String] = []

    /// Ends the current phase under `name` and starts the next.
    mutating func phase(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds, nowCPU = PhaseTimer.processCPUNanoseconds()
        phases.append("\(name) \(Int(Double(now - clock) / 1e6)) ms (cpu \(Int(Double(nowCPU &- cpu) / 1e6)))")
        clock = now
        cpu = nowCPU
    }

    var summary: String { phases.joined(separator: ", ") }

    /// User + system CPU time of the process so far (all threads), nanoseconds.
    static func processCPUNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
