#include "EncoderKernels.h"
#include <immintrin.h>

/* Rows held in registers at once: 10 rows × 2 vectors of 16 = 20 accumulators of the 32 zmm registers.
 * (12 would fit 24 + 3, but clang then spills and the product runs at half speed: measured.) */
#define MR 10
#define NR RS_PANEL_WIDTH
/* Software prefetch distance in k steps (64 steps = 8 KB of float32 or 4 KB of float16 panel ahead):
 * measured 35-45 % faster than the hardware prefetcher alone when the weights come from memory. */
#define PREFETCH 64
#define TARGET __attribute__((target("avx512f,f16c,fma")))

int rs_packed_kernels_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("f16c") && __builtin_cpu_supports("fma");
}

size_t rs_packed_count(int n, int k) {
    return (size_t)((n + NR - 1) / NR) * (size_t)k * NR;
}

/* Packing walks each panel step by step (k outer) so the writes are sequential and the 32 source rows
 * are read as 32 sequential streams: 4-5× faster than column by column (the strided writes). */
void rs_pack_f32(const float *w, int n, int k, float *out) {
    int panels = (n + NR - 1) / NR;
    for (int p = 0; p < panels; p++) {
        float *panel = out + (size_t)p * k * NR;
        for (int kk = 0; kk < k; kk++)
            for (int j = 0; j < NR; j++) {
                int column = p * NR + j;
                panel[(size_t)kk * NR + j] = column < n ? w[(size_t)column * k + kk] : 0.0f;
            }
    }
}

/* Full panels gather 16 columns of one step at a time and convert them with vcvtps2ph. */
TARGET void rs_pack_f16(const float *w, int n, int k, uint16_t *out) {
    int panels = (n + NR - 1) / NR;
    __m512i rows = _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                                      _mm512_set1_epi32(k));
    for (int p = 0; p < panels; p++) {
        uint16_t *panel = out + (size_t)p * k * NR;
        if ((p + 1) * NR <= n && (size_t)16 * k <= 0x7FFFFFFF / 4) {
            const float *low = w + (size_t)p * NR * k, *high = low + (size_t)16 * k;
            for (int kk = 0; kk < k; kk++) {
                __m512 a = _mm512_i32gather_ps(rows, low + kk, 4);
                __m512 b = _mm512_i32gather_ps(rows, high + kk, 4);
                _mm256_storeu_si256((__m256i *)(panel + (size_t)kk * NR), _mm512_cvtps_ph(a, _MM_FROUND_TO_NEAREST_INT));
                _mm256_storeu_si256((__m256i *)(panel + (size_t)kk * NR + 16), _mm512_cvtps_ph(b, _MM_FROUND_TO_NEAREST_INT));
            }
            continue;
        }
        for (int kk = 0; kk < k; kk++)
            for (int j = 0; j < NR; j++) {
                int column = p * NR + j;
                panel[(size_t)kk * NR + j] = column < n ? _cvtss_sh(w[(size_t)column * k + kk], _MM_FROUND_TO_NEAREST_INT) : 0;
            }
    }
}

/* One panel against mr (compile-time constant after inlining) rows. LOAD sets w0, w1 (columns 0-15,
 * 16-31 of step kk) and prefetches PREFETCH steps ahead. */
#define PANEL_BODY(LOAD)                                                                    \
    __m512 acc0[MR], acc1[MR];                                                              \
    for (int r = 0; r < mr; r++) { acc0[r] = b0; acc1[r] = b1; }                            \
    for (int kk = 0; kk < k; kk++) {                                                        \
        __m512 w0, w1;                                                                      \
        LOAD;                                                                               \
        for (int r = 0; r < mr; r++) {                                                      \
            __m512 xv = _mm512_set1_ps(x[(size_t)r * k + kk]);                              \
            acc0[r] = _mm512_fmadd_ps(xv, w0, acc0[r]);                                     \
            acc1[r] = _mm512_fmadd_ps(xv, w1, acc1[r]);                                     \
        }                                                                                   \
    }                                                                                       \
    for (int r = 0; r < mr; r++) {                                                          \
        _mm512_mask_storeu_ps(out + (size_t)r * ldo, mask0, acc0[r]);                       \
        _mm512_mask_storeu_ps(out + (size_t)r * ldo + 16, mask1, acc1[r]);                  \
    }

static inline __attribute__((always_inline)) TARGET void panel_f32(
    int mr, const float *x, int k, const float *panel, __m512 b0, __m512 b1,
    float *out, int ldo, __mmask16 mask0, __mmask16 mask1) {
    PANEL_BODY(
        const float *step = panel + (size_t)kk * NR;
        w0 = _mm512_loadu_ps(step); w1 = _mm512_loadu_ps(step + 16);
        _mm_prefetch((const char *)(step + PREFETCH * NR), _MM_HINT_T0);
        _mm_prefetch((const char *)(step + PREFETCH * NR + 16), _MM_HINT_T0))
}

static inline __attribute__((always_inline)) TARGET void panel_f16(
    int mr, const float *x, int k, const uint16_t *panel, __m512 b0, __m512 b1,
    float *out, int ldo, __mmask16 mask0, __mmask16 mask1) {
    PANEL_BODY(
        const uint16_t *step = panel + (size_t)kk * NR;
        __m512i raw = _mm512_loadu_si512(step);
        w0 = _mm512_cvtph_ps(_mm512_castsi512_si256(raw));
        w1 = _mm512_cvtph_ps(_mm512_extracti64x4_epi64(raw, 1));
        _mm_prefetch((const char *)(step + PREFETCH * NR), _MM_HINT_T0))
}

/* Calls KERNEL with a literal row count so each case is fully unrolled with its accumulators in registers. */
#define BY_ROWS(KERNEL, ...) switch (mr) {                                                  \
    case 1: KERNEL(1, __VA_ARGS__); break;   case 2: KERNEL(2, __VA_ARGS__); break;         \
    case 3: KERNEL(3, __VA_ARGS__); break;   case 4: KERNEL(4, __VA_ARGS__); break;         \
    case 5: KERNEL(5, __VA_ARGS__); break;   case 6: KERNEL(6, __VA_ARGS__); break;         \
    case 7: KERNEL(7, __VA_ARGS__); break;   case 8: KERNEL(8, __VA_ARGS__); break;         \
    case 9: KERNEL(9, __VA_ARGS__); break;   default: KERNEL(10, __VA_ARGS__); break; }

#define PACKED_GEMM(PANEL_KERNEL)                                                           \
    for (int p = panel_begin; p < panel_end; p++) {                                         \
        int columns = n - p * NR < NR ? n - p * NR : NR;                                    \
        __mmask16 mask0 = columns >= 16 ? 0xFFFF : (__mmask16)((1u << columns) - 1);        \
        __mmask16 mask1 = columns >= 32 ? 0xFFFF : columns <= 16 ? 0                        \
                          : (__mmask16)((1u << (columns - 16)) - 1);                        \
        __m512 b0 = _mm512_setzero_ps(), b1 = _mm512_setzero_ps();                          \
        if (bias) {                                                                         \
            b0 = _mm512_maskz_loadu_ps(mask0, bias + p * NR);                               \
            b1 = _mm512_maskz_loadu_ps(mask1, bias + p * NR + 16);                          \
        }                                                                                   \
        const __typeof__(*packed) *panel = packed + (size_t)p * k * NR;                     \
        /* Rows in blocks of near-equal size (13 rows: 7 + 6, not 10 + 3), each re-reading the   \
         * panel from L1/L2 with as many rows per loaded weight vector as the split allows. */    \
        int blocks = (m + MR - 1) / MR;                                                     \
        for (int r0 = 0, block = 0, mr = 0; r0 < m; r0 += mr, block++) {                    \
            mr = (m - r0 + (blocks - block) - 1) / (blocks - block);                    \
            BY_ROWS(PANEL_KERNEL, x + (size_t)r0 * k, k, panel, b0, b1,                     \
                    out + (size_t)r0 * ldo + p * NR, ldo, mask0, mask1)                     \
        }                                                                                   \
    }

TARGET void rs_packed_gemm_f32(const float *x, int m, int k, const float *packed, int n, const float *bias,
                               float *out, int ldo, int panel_begin, int panel_end) {
    PACKED_GEMM(panel_f32)
}

TARGET void rs_packed_gemm_f16(const float *x, int m, int k, const uint16_t *packed, int n, const float *bias,
                               float *out, int ldo, int panel_begin, int panel_end) {
    PACKED_GEMM(panel_f16)
}
