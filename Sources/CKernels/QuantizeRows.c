// Per-row quantisation of the semantic vectors for the exact cascade's first stages (int8 and 4-bit
// codes, QuantizedKernels.c), vectorised with AVX-512 when the CPU has it: at 1M × 384 these ran as
// scalar loops with a libm roundf call per value and a double sum per row that waits on itself.
// The vector paths write exactly the portable codes and scales (same rounding, same clamping); the
// 4-bit residual bound is summed over 8 double lanes instead of one (equal up to that order).
#include "ckernels.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define RK_X86 1
#else
#define RK_X86 0
#endif

#if RK_X86
/// Lanes of the 16 values from j that lie inside a row of `dimension` values.
static inline __mmask16 lanes_from(size_t j, size_t dimension) {
    const size_t left = dimension - j;
    return left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1u);
}

/// max_j |row[j]|, NaN ignored as the portable loops ignore it.
__attribute__((target("avx512f")))
static float largest_magnitude(const float *row, size_t dimension) {
    __m512 largest = _mm512_setzero_ps();
    for (size_t j = 0; j < dimension; j += 16) {
        const __m512 v = _mm512_abs_ps(_mm512_maskz_loadu_ps(lanes_from(j, dimension), row + j));
        largest = _mm512_max_ps(v, largest);  // second operand when either is NaN
    }
    return _mm512_reduce_max_ps(largest);
}

__attribute__((target("avx512f,avx512bw")))
static void quantize_rows_int8_avx512(const float *rows, size_t count, size_t dimension, int8_t *codes, float *scales) {
    const __m512 low = _mm512_set1_ps(-127.0f), high = _mm512_set1_ps(127.0f), half = _mm512_set1_ps(0.5f);
    const __m512 one = _mm512_set1_ps(1.0f);
    for (size_t r = 0; r < count; r++) {
        const float *row = rows + r * dimension;
        int8_t *code = codes + r * dimension;
        const float largest = largest_magnitude(row, dimension);
        if (!(largest > 0) || largest > 3.0e38f) {
            scales[r] = 0;
            memset(code, 0, dimension);
            continue;
        }
        scales[r] = largest / 127.0f;
        const __m512 inverse = _mm512_set1_ps(127.0f / largest);
        for (size_t j = 0; j < dimension; j += 16) {
            const __mmask16 m = lanes_from(j, dimension);
            __m512 q = _mm512_mul_ps(_mm512_maskz_loadu_ps(m, row + j), inverse);
            q = _mm512_min_ps(_mm512_max_ps(q, low), high);
            // roundf: halves away from zero. q − trunc(q) is exact for |q| ≤ 127.
            __m512 t = _mm512_roundscale_ps(q, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
            const __mmask16 up = _mm512_cmp_ps_mask(_mm512_abs_ps(_mm512_sub_ps(q, t)), half, _CMP_GE_OQ);
            const __mmask16 negative = _mm512_cmp_ps_mask(q, _mm512_setzero_ps(), _CMP_LT_OQ);
            t = _mm512_mask_add_ps(t, up & (__mmask16)~negative, t, one);
            t = _mm512_mask_sub_ps(t, up & negative, t, one);
            _mm512_mask_cvtepi32_storeu_epi8(code + j, m, _mm512_cvttps_epi32(t));
        }
    }
}

__attribute__((target("avx512f,avx512bw")))
static void quantize_rows_nibble_avx512(const float *rows, size_t count, size_t dimension, uint8_t *packed, float *scales,
                                        float *residuals, float *magnitudes) {
    const size_t width = rk_nibble_row_bytes(dimension);
    const __m512 low = _mm512_set1_ps(-7.0f), high = _mm512_set1_ps(7.0f);
    const __m512 plus = _mm512_set1_ps(0.5f), minus = _mm512_set1_ps(-0.5f);
    const __m512i eight = _mm512_set1_epi32(8);
    for (size_t r = 0; r < count; r++) {
        const float *row = rows + r * dimension;
        uint8_t *out = packed + r * width;
        const float largest = largest_magnitude(row, dimension);
        if (!(largest > 0) || largest > 3.0e38f) {
            memset(out, 0x88, width);
            scales[r] = 0; residuals[r] = 0; magnitudes[r] = 0;
            continue;
        }
        const float scale = largest / 7.0f;
        const __m512 inverse = _mm512_set1_ps(7.0f / largest);
        const __m512d scale_d = _mm512_set1_pd((double)scale);
        __m512d residual = _mm512_setzero_pd();
        __m512i magnitude = _mm512_setzero_si512();
        for (size_t block = 0; block < width / 64; block++) {
            uint8_t nibbles[128];
            for (size_t i = 0; i < 128; i += 16) {
                const size_t j = block * 128 + i;
                const __mmask16 m = j < dimension ? lanes_from(j, dimension) : 0;
                const __m512 v = _mm512_maskz_loadu_ps(m, row + (j < dimension ? j : 0));
                __m512 q = _mm512_min_ps(_mm512_max_ps(_mm512_mul_ps(v, inverse), low), high);
                const __mmask16 negative = _mm512_cmp_ps_mask(q, _mm512_setzero_ps(), _CMP_LT_OQ);
                q = _mm512_add_ps(q, _mm512_mask_blend_ps(negative, plus, minus));
                const __m512i code = _mm512_cvttps_epi32(q);
                // e = v − scale × code in double, as the portable loop computes it.
                const __m512d v0 = _mm512_cvtps_pd(_mm512_castps512_ps256(v));
                const __m512d v1 = _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)));
                const __m512d c0 = _mm512_cvtepi32_pd(_mm512_castsi512_si256(code));
                const __m512d c1 = _mm512_cvtepi32_pd(_mm512_extracti64x4_epi64(code, 1));
                const __m512d e0 = _mm512_sub_pd(v0, _mm512_mul_pd(scale_d, c0));
                const __m512d e1 = _mm512_sub_pd(v1, _mm512_mul_pd(scale_d, c1));
                residual = _mm512_add_pd(residual, _mm512_add_pd(_mm512_mul_pd(e0, e0), _mm512_mul_pd(e1, e1)));
                magnitude = _mm512_add_epi32(magnitude, _mm512_mullo_epi32(code, code));
                _mm_storeu_si128((__m128i *)(void *)(nibbles + i), _mm512_cvtepi32_epi8(_mm512_add_epi32(code, eight)));
            }
            // Byte i: value 128b + i low, 128b + 64 + i high (nibbles ≤ 15, so the 16-bit shift stays in its byte).
            const __m512i lo = _mm512_loadu_si512((const void *)nibbles), hi = _mm512_loadu_si512((const void *)(nibbles + 64));
            _mm512_storeu_si512((void *)(out + block * 64), _mm512_or_si512(lo, _mm512_slli_epi16(hi, 4)));
        }
        scales[r] = scale;
        residuals[r] = (float)(__builtin_sqrt(_mm512_reduce_add_pd(residual)) * (1 + 1e-6));
        magnitudes[r] = (float)((double)scale * __builtin_sqrt((double)_mm512_reduce_add_epi32(magnitude)) * (1 + 1e-6));
    }
}
#endif

void rk_quantize_rows_int8(const float *rows, size_t count, size_t dimension, int8_t *codes, float *scales) {
#if RK_X86
    if (rk_has_avx512()) { quantize_rows_int8_avx512(rows, count, dimension, codes, scales); return; }
#endif
    rk_quantize_rows_int8_portable(rows, count, dimension, codes, scales);
}

void rk_quantize_rows_nibble(const float *rows, size_t count, size_t dimension, uint8_t *packed, float *scales, float *residuals,
                             float *magnitudes) {
#if RK_X86
    if (rk_has_avx512()) { quantize_rows_nibble_avx512(rows, count, dimension, packed, scales, residuals, magnitudes); return; }
#endif
    rk_quantize_rows_nibble_portable(rows, count, dimension, packed, scales, residuals, magnitudes);
}
