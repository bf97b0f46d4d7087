// The bandwidth reference of `recscope bench --clicks-only --bandwidth`: a plain sum over a large
// float array with the widest loads the CPU has and four independent accumulators, so the figure is
// the memory's, not the adder's latency or the load width's.
#include "ckernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

__attribute__((target("avx512f")))
static float stream_sum_avx512(const float *values, size_t count) {
    __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
    size_t i = 0;
    for (; i + 64 <= count; i += 64) {
        s0 = _mm512_add_ps(s0, _mm512_loadu_ps(values + i));
        s1 = _mm512_add_ps(s1, _mm512_loadu_ps(values + i + 16));
        s2 = _mm512_add_ps(s2, _mm512_loadu_ps(values + i + 32));
        s3 = _mm512_add_ps(s3, _mm512_loadu_ps(values + i + 48));
    }
    float sum = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3)));
    for (; i < count; i++) sum += values[i];
    return sum;
}

__attribute__((target("avx2")))
static float stream_sum_avx2(const float *values, size_t count) {
    __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
    size_t i = 0;
    for (; i + 32 <= count; i += 32) {
        s0 = _mm256_add_ps(s0, _mm256_loadu_ps(values + i));
        s1 = _mm256_add_ps(s1, _mm256_loadu_ps(values + i + 8));
        s2 = _mm256_add_ps(s2, _mm256_loadu_ps(values + i + 16));
        s3 = _mm256_add_ps(s3, _mm256_loadu_ps(values + i + 24));
    }
    float lanes[8];
    _mm256_storeu_ps(lanes, _mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
    float sum = 0;
    for (int k = 0; k < 8; k++) sum += lanes[k];
    for (; i < count; i++) sum += values[i];
    return sum;
}

#endif

float rk_stream_sum(const float *values, size_t count) {
#if defined(__x86_64__) || defined(__i386__)
    if (rk_has_avx512()) return stream_sum_avx512(values, count);
    if (rk_has_avx2_f16c()) return stream_sum_avx2(values, count);
#endif
    float sum = 0;
    for (size_t i = 0; i < count; i++) sum += values[i];
    return sum;
}
