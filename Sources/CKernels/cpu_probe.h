// Private to CKernels: caching a CPU-feature probe.
#ifndef RK_CPU_PROBE_H
#define RK_CPU_PROBE_H

// Runs `detect` once per process and returns its answer (0 or 1) from then on. Threads racing on the
// first call may both run it; they store the same answer. `*cache` starts at -1.
static inline int rk_cached_probe(int *cache, int (*detect)(void)) {
    int s = __atomic_load_n(cache, __ATOMIC_RELAXED);
    if (s < 0) {
        s = detect();
        __atomic_store_n(cache, s, __ATOMIC_RELAXED);
    }
    return s;
}

#endif
