import CLinearAlgebra
import Foundation

/// Which OpenBLAS kernels this process runs, and the fix when OpenBLAS did not recognise the CPU.
///
/// Debian's OpenBLAS 0.3.21 (DYNAMIC_ARCH) does not know recent Xeons (e.g. Sapphire Rapids under a
/// hypervisor) and falls back to its generic "Prescott" SSE3 kernels: `cblas_sgemm` then runs at about
/// 30 GFLOP/s per core instead of about 150 with the AVX-512 (SkylakeX) kernels. The core type can only
/// be chosen before the library initialises, through `OPENBLAS_CORETYPE`, so `recscope` re-executes
/// itself once with it set when it finds the fallback on a CPU that has AVX-512 or AVX2.
public enum BLASKernels {
    /// OpenBLAS's name for the kernels in use, e.g. "SkylakeX", "Haswell", "Prescott".
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// The core type to ask for, or nil when OpenBLAS's own choice stands: it recognised the CPU, the
    /// user set `OPENBLAS_CORETYPE`, or the CPU lacks AVX2. `cpuFlags` is /proc/cpuinfo's flags line.
    public static func betterCoreType(current: String, environment: [String: String], cpuFlags: Set<String>) -> String? {
        guard environment["OPENBLAS_CORETYPE"] == nil, current.lowercased() == "prescott" else { return nil }
        if ["avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"].allSatisfy(cpuFlags.contains) { return "SkylakeX" }
        if ["avx2", "fma"].allSatisfy(cpuFlags.contains) { return "Haswell" }
        return nil
    }

    /// The flags of the first processor in /proc/cpuinfo (empty where there is none).
    public static func cpuFlags() -> Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":") else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }

    /// Re-executes the running program with `OPENBLAS_CORETYPE` set when `betterCoreType` says so;
    /// returns (doing nothing) otherwise or if the exec fails. Call first thing in `main`.
    public static func reexecWithFastKernelsIfNeeded() {
        let environment = ProcessInfo.processInfo.environment
        guard let core = betterCoreType(current: coreName, environment: environment, cpuFlags: cpuFlags()) else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        unsetenv("OPENBLAS_CORETYPE")  // exec failed: carry on with the kernels we have
    }
}
