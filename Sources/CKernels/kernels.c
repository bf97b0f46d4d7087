#include "ckernels.h"
#include "cpu_probe.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>
#define RK_X86 1
#else
#define RK_X86 0
#endif

// MARK: - Portable binary16 <-> binary32

static inline float rk_half_to_float(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    uint32_t exponent = (h >> 10) & 0x1fu;
    uint32_t mantissa = h & 0x3ffu;
    uint32_t bits;
    if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else {  // subnormal: normalise
            exponent = 127 - 15 + 1;
            while ((mantissa & 0x400u) == 0) { mantissa <<= 1; exponent--; }
            mantissa &= 0x3ffu;
            bits = sign | (exponent << 23) | (mantissa << 13);
        }
    } else if (exponent == 0x1f) {
        bits = sign | 0x7f800000u | (mantissa << 13);
    } else {
        bits = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
    }
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

static inline uint16_t rk_float_to_half(float f) {
    uint32_t x;
    memcpy(&x, &f, sizeof x);
    uint16_t sign = (uint16_t)((x >> 16) & 0x8000u);
    uint32_t magnitude = x & 0x7fffffffu;
    if (magnitude >= 0x7f800000u) {  // inf or NaN (quiet NaN kept a NaN)
        return (uint16_t)(sign | 0x7c00u | (magnitude > 0x7f800000u ? 0x200u | ((magnitude >> 13) & 0x3ffu) : 0));
    }
    if (magnitude >= 0x477ff000u) return (uint16_t)(sign | 0x7c00u);  // rounds to >= 65520: infinity
    if (magnitude < 0x38800000u) {  // below the smallest normal half: subnormal or zero
        if (magnitude < 0x33000000u) return sign;  // < 2^-25 rounds to zero
        uint32_t exponent = magnitude >> 23;
        uint32_t mantissa = (magnitude & 0x7fffffu) | 0x800000u;
        // In units of the smallest subnormal 2^-24: mantissa * 2^(exponent - 150 + 24), a right shift by
        // 126 - exponent (14...24 here), rounded to nearest even.
        uint32_t shift = 126 - exponent;
        uint32_t half = mantissa >> shift;
        uint32_t remainder = mantissa & ((1u << shift) - 1);
        uint32_t midpoint = 1u << (shift - 1);
        if (remainder > midpoint || (remainder == midpoint && (half & 1u))) half++;
        return (uint16_t)(sign | half);
    }
    // Normal: rebias, round the 13 dropped bits to nearest even (a carry into the exponent is right).
    uint32_t value = magnitude - ((127u - 15u) << 23);
    uint32_t half = value >> 13;
    uint32_t remainder = value & 0x1fffu;
    if (remainder > 0x1000u || (remainder == 0x1000u && (half & 1u))) half++;
    return (uint16_t)(sign | half);
}

void rk_half_gemv_portable(const uint16_t *rows, size_t count, size_t dimension, const float *query, float scale, float *out) {
    for (size_t r = 0; r < count; r++) {
        const uint16_t *row = rows + r * dimension;
        float sum = 0;
        for (size_t j = 0; j < dimension; j++) sum += rk_half_to_float(row[j]) * query[j];
        out[r] = scale * sum;
    }
}

static void floats_to_halves_portable(const float *src, uint16_t *dst, size_t count) {
    for (size_t i = 0; i < count; i++) dst[i] = rk_float_to_half(src[i]);
}

static void halves_to_floats_portable(const uint16_t *src, float *dst, size_t count) {
    for (size_t i = 0; i < count; i++) dst[i] = rk_half_to_float(src[i]);
}

void rk_als_sparse_row_portable(const float *factors, size_t f, const int64_t *columns, const float *weights, size_t count,
                                float alpha, const float *v, float *out, int residual) {
    for (size_t p = 0; p < count; p++) {
        const float *y = factors + (size_t)columns[p] * f;
        const float confidence = 1 + alpha * weights[p];
        float dot = 0;
        for (size_t j = 0; j < f; j++) dot += y[j] * v[j];
        const float coefficient = residual ? confidence - (confidence - 1) * dot : (confidence - 1) * dot;
        for (size_t j = 0; j < f; j++) out[j] += coefficient * y[j];
    }
}

// MARK: - AVX2 + F16C + FMA

#if RK_X86
static int detect_avx2_f16c(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const unsigned fma = 1u << 12, osxsave = 1u << 27, avx = 1u << 28, f16c = 1u << 29;
    if ((c & (fma | osxsave | avx | f16c)) != (fma | osxsave | avx | f16c)) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    (void)hi;
    if ((lo & 0x6u) != 0x6u) return 0;  // the OS saves XMM and YMM state
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, a, b, c, d);
    return (b & (1u << 5)) != 0;  // AVX2
}

static int cached_support = -1;

int rk_has_avx2_f16c(void) { return rk_cached_probe(&cached_support, detect_avx2_f16c); }

__attribute__((target("avx2,f16c,fma")))
static inline float horizontal_sum(__m256 v) {
    __m128 lo = _mm256_castps256_ps128(v), hi = _mm256_extractf128_ps(v, 1);
    __m128 s = _mm_add_ps(lo, hi);
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

__attribute__((target("avx2,f16c,fma")))
static void half_gemv_avx2(const uint16_t *rows, size_t count, size_t dimension, const float *query, float scale, float *out) {
    const size_t wide = dimension & ~(size_t)15;
    size_t r = 0;
    // Two rows at a time: each query block is loaded once for both, four accumulators hide FMA latency.
    for (; r + 2 <= count; r += 2) {
        const uint16_t *a = rows + r * dimension, *b = a + dimension;
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), b0 = _mm256_setzero_ps(), b1 = _mm256_setzero_ps();
        size_t j = 0;
        for (; j < wide; j += 16) {
            __m256 q0 = _mm256_loadu_ps(query + j), q1 = _mm256_loadu_ps(query + j + 8);
            a0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(a + j))), q0, a0);
            a1 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(a + j + 8))), q1, a1);
            b0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(b + j))), q0, b0);
            b1 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(b + j + 8))), q1, b1);
        }
        float sa = horizontal_sum(_mm256_add_ps(a0, a1)), sb = horizontal_sum(_mm256_add_ps(b0, b1));
        for (; j < dimension; j++) {
            sa += _cvtsh_ss(a[j]) * query[j];
            sb += _cvtsh_ss(b[j]) * query[j];
        }
        out[r] = scale * sa;
        out[r + 1] = scale * sb;
    }
    for (; r < count; r++) {
        const uint16_t *a = rows + r * dimension;
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
        size_t j = 0;
        for (; j < wide; j += 16) {
            a0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(a + j))), _mm256_loadu_ps(query + j), a0);
            a1 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(a + j + 8))), _mm256_loadu_ps(query + j + 8), a1);
        }
        float sa = horizontal_sum(_mm256_add_ps(a0, a1));
        for (; j < dimension; j++) sa += _cvtsh_ss(a[j]) * query[j];
        out[r] = scale * sa;
    }
}

__attribute__((target("avx2,f16c,fma")))
static void als_sparse_row_avx2(const float *factors, size_t f, const int64_t *columns, const float *weights, size_t count,
                                float alpha, const float *v, float *out, int residual) {
    const size_t wide = f & ~(size_t)7;
    for (size_t p = 0; p < count; p++) {
        const float *y = factors + (size_t)columns[p] * f;
        if (p + 1 < count) _mm_prefetch((const char *)(factors + (size_t)columns[p + 1] * f), _MM_HINT_T0);
        const float confidence = 1 + alpha * weights[p];
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
        size_t j = 0;
        for (; j + 16 <= wide; j += 16) {
            a0 = _mm256_fmadd_ps(_mm256_loadu_ps(y + j), _mm256_loadu_ps(v + j), a0);
            a1 = _mm256_fmadd_ps(_mm256_loadu_ps(y + j + 8), _mm256_loadu_ps(v + j + 8), a1);
        }
        for (; j < wide; j += 8) a0 = _mm256_fmadd_ps(_mm256_loadu_ps(y + j), _mm256_loadu_ps(v + j), a0);
        float dot = horizontal_sum(_mm256_add_ps(a0, a1));
        for (; j < f; j++) dot += y[j] * v[j];
        const float coefficient = residual ? confidence - (confidence - 1) * dot : (confidence - 1) * dot;
        const __m256 c = _mm256_set1_ps(coefficient);
        for (j = 0; j < wide; j += 8) _mm256_storeu_ps(out + j, _mm256_fmadd_ps(c, _mm256_loadu_ps(y + j), _mm256_loadu_ps(out + j)));
        for (; j < f; j++) out[j] += coefficient * y[j];
    }
}

__attribute__((target("avx2,f16c,fma")))
static void floats_to_halves_f16c(const float *src, uint16_t *dst, size_t count) {
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        _mm_storeu_si128((__m128i *)(dst + i), _mm256_cvtps_ph(_mm256_loadu_ps(src + i), _MM_FROUND_TO_NEAREST_INT));
    }
    for (; i < count; i++) dst[i] = rk_float_to_half(src[i]);
}

__attribute__((target("avx2,f16c,fma")))
static void halves_to_floats_f16c(const uint16_t *src, float *dst, size_t count) {
    size_t i = 0;
    for (; i + 8 <= count; i += 8) _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(src + i))));
    for (; i < count; i++) dst[i] = rk_half_to_float(src[i]);
}
#else
int rk_has_avx2_f16c(void) { return 0; }
#endif

// MARK: - Dispatch

void rk_half_gemv(const uint16_t *rows, size_t count, size_t dimension, const float *query, float scale, float *out) {
#if RK_X86
    if (rk_has_avx2_f16c()) { half_gemv_avx2(rows, count, dimension, query, scale, out); return; }
#endif
    rk_half_gemv_portable(rows, count, dimension, query, scale, out);
}

void rk_floats_to_halves(const float *src, uint16_t *dst, size_t count) {
#if RK_X86
    if (rk_has_avx2_f16c()) { floats_to_halves_f16c(src, dst, count); return; }
#endif
    floats_to_halves_portable(src, dst, count);
}

void rk_halves_to_floats(const uint16_t *src, float *dst, size_t count) {
#if RK_X86
    if (rk_has_avx2_f16c()) { halves_to_floats_f16c(src, dst, count); return; }
#endif
    halves_to_floats_portable(src, dst, count);
}

void rk_als_sparse_row(const float *factors, size_t f, const int64_t *columns, const float *weights, size_t count,
                       float alpha, const float *v, float *out, int residual) {
#if RK_X86
    if (rk_has_avx2_f16c()) { als_sparse_row_avx2(factors, f, columns, weights, count, alpha, v, out, residual); return; }
#endif
    rk_als_sparse_row_portable(factors, f, columns, weights, count, alpha, v, out, residual);
}
