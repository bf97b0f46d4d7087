/* The single-query product: up to 16 token rows against packed weights in ONE register block.
 *
 * The previous kernel (rs_packed_gemm_*, now removed) kept 10 rows × 32 columns in registers and read the token rows
 * row-major, so a 16-token query runs as two blocks of 8 that each stream the weight panel (and widen its
 * float16 values) once. Here the token rows are first laid out step-major — a tile of k steps, each the
 * 16 rows' values at that step, contiguous — so every broadcast is an embedded-broadcast operand at a
 * constant offset from one pointer. For 12-16 rows one half panel (16 columns) is widened once per step
 * and multiplied into one accumulator per row: 16 FMAs per vcvtph2ps (against 8 in two blocks of 8), 17 of
 * the 32 registers. Up to 11 rows keep two accumulators per row over the whole panel (12 spill: measured).
 * The step pointer is kept opaque to clang so the broadcasts address [pointer + constant]: with the
 * base + index form clang picks by itself, every FMA un-laminates into two uops and 16 rows ran at
 * 126 GFLOP/s instead of 146. */
#include "EncoderKernels.h"
#include "VectorMath.h"

#define NR RS_PANEL_WIDTH
#define STRIDE RS_STEP_STRIDE
#define PREFETCH 64
/* Rows up to which a block runs on whole panels (two accumulators per row); longer blocks on half panels. */
#define RS_FULL_ROWS 11

int rs_step_blocks(int m) { return (m + RS_STEP_ROWS - 1) / RS_STEP_ROWS; }

/* Rows [first, first + count) of block b when m rows are split into near-equal blocks (17 = 9 + 8). */
static inline void block_rows(int m, int b, int *first, int *count) {
    int blocks = rs_step_blocks(m);
    int base = m / blocks, extra = m % blocks;
    *first = b * base + (b < extra ? b : extra);
    *count = base + (b < extra ? 1 : 0);
}

size_t rs_step_major_count(int m, int k) { return (size_t)rs_step_blocks(m) * (size_t)k * STRIDE; }

RS_TARGET void rs_step_major(const float *x, int m, int k, int ldx, float *tiles) {
    int blocks = rs_step_blocks(m);
    __m512i lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    for (int b = 0; b < blocks; b++) {
        int first, count;
        block_rows(m, b, &first, &count);
        float *tile = tiles + (size_t)b * k * STRIDE;
        const float *rows = x + (size_t)first * ldx;
        __mmask16 live = (__mmask16)((1u << count) - 1);
        if ((size_t)(count - 1) * (size_t)ldx <= 0x1FFFFFFF) {
            /* One gather of the block's rows per step (lanes past count read nothing and store 0). */
            __m512i offsets = _mm512_mullo_epi32(lanes, _mm512_set1_epi32(ldx));
            for (int kk = 0; kk < k; kk++) {
                __m512 v = _mm512_mask_i32gather_ps(_mm512_setzero_ps(), live, offsets, rows + kk, 4);
                _mm512_storeu_ps(tile + (size_t)kk * STRIDE, v);
            }
        } else {
            for (int kk = 0; kk < k; kk++)
                for (int r = 0; r < RS_STEP_ROWS; r++)
                    tile[(size_t)kk * STRIDE + r] = r < count ? rows[(size_t)r * ldx + kk] : 0.0f;
        }
    }
}

/* One half panel (16 columns, its values half_stride apart per step) against mr rows (a literal after
 * inlining). LOAD(kk) yields the 16 weights of step kk as floats; the epilogue adds bias, applies GELU
 * when asked and stores the live columns. */
#define HALF_PANEL_BODY(LOAD, PREFETCH_STEP)                                                \
    __m512 acc[RS_STEP_ROWS];                                                               \
    for (int r = 0; r < mr; r++) acc[r] = _mm512_setzero_ps();                              \
    const float *xs = tile;                                                                 \
    _Pragma("clang loop unroll_count(2)")                                                   \
    for (int kk = 0; kk < k; kk++, xs += STRIDE) {                                          \
        __m512 w = LOAD;                                                                    \
        if (prefetch) PREFETCH_STEP;                                                        \
        /* Keeps xs a plain pointer: clang would otherwise address the broadcasts base + index, \
         * which un-laminates each FMA into two uops. */                                   \
        __asm__("" : "+r"(xs));                                                             \
        for (int r = 0; r < mr; r++)                                                        \
            acc[r] = _mm512_fmadd_ps(_mm512_set1_ps(xs[r]), w, acc[r]);                     \
    }                                                                                       \
    for (int r = 0; r < mr; r++) {                                                          \
        __m512 v = _mm512_add_ps(acc[r], b);                                                \
        if (gelu) v = rs_gelu16(v);                                                         \
        _mm512_mask_storeu_ps(out + (size_t)r * ldo, mask, v);                              \
    }

RS_INLINE RS_TARGET void half_panel_f16(int mr, const float *tile, int k, const uint16_t *half, int prefetch,
                                        __m512 b, int gelu, float *out, int ldo, __mmask16 mask) {
    HALF_PANEL_BODY(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(half + (size_t)kk * NR))),
                    _mm_prefetch((const char *)(half + (size_t)(kk + PREFETCH) * NR), _MM_HINT_T0))
}

RS_INLINE RS_TARGET void half_panel_f32(int mr, const float *tile, int k, const float *half, int prefetch,
                                        __m512 b, int gelu, float *out, int ldo, __mmask16 mask) {
    HALF_PANEL_BODY(_mm512_loadu_ps(half + (size_t)kk * NR),
                    _mm_prefetch((const char *)(half + (size_t)(kk + PREFETCH) * NR), _MM_HINT_T0);
                    _mm_prefetch((const char *)(half + (size_t)(kk + PREFETCH) * NR + 16), _MM_HINT_T0))
}


/* A whole panel (32 columns) against mr ≤ RS_FULL_ROWS rows: two accumulators per row, both halves of a
 * step widened once for all the rows. For blocks too short to amortise one widening over 16 rows. */
#define FULL_PANEL_BODY(LOAD0, LOAD1, PREFETCH_STEP)                                        \
    __m512 acc0[RS_FULL_ROWS], acc1[RS_FULL_ROWS];                                          \
    for (int r = 0; r < mr; r++) { acc0[r] = _mm512_setzero_ps(); acc1[r] = _mm512_setzero_ps(); } \
    const float *xs = tile;                                                                 \
    _Pragma("clang loop unroll_count(2)")                                                   \
    for (int kk = 0; kk < k; kk++, xs += STRIDE) {                                          \
        __m512 w0 = LOAD0, w1 = LOAD1;                                                      \
        PREFETCH_STEP;                                                                      \
        __asm__("" : "+r"(xs));                                                             \
        for (int r = 0; r < mr; r++) {                                                      \
            __m512 xv = _mm512_set1_ps(xs[r]);                                              \
            acc0[r] = _mm512_fmadd_ps(xv, w0, acc0[r]);                                     \
            acc1[r] = _mm512_fmadd_ps(xv, w1, acc1[r]);                                     \
        }                                                                                   \
    }                                                                                       \
    for (int r = 0; r < mr; r++) {                                                          \
        __m512 v0 = _mm512_add_ps(acc0[r], b0), v1 = _mm512_add_ps(acc1[r], b1);            \
        if (gelu) { v0 = rs_gelu16(v0); v1 = rs_gelu16(v1); }                               \
        _mm512_mask_storeu_ps(out + (size_t)r * ldo, mask0, v0);                            \
        _mm512_mask_storeu_ps(out + (size_t)r * ldo + 16, mask1, v1);                       \
    }

RS_INLINE RS_TARGET void full_panel_f16(int mr, const float *tile, int k, const uint16_t *panel, __m512 b0, __m512 b1,
                                        int gelu, float *out, int ldo, __mmask16 mask0, __mmask16 mask1) {
    FULL_PANEL_BODY(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(panel + (size_t)kk * NR))),
                    _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(panel + (size_t)kk * NR + 16))),
                    _mm_prefetch((const char *)(panel + (size_t)(kk + PREFETCH) * NR), _MM_HINT_T0))
}

RS_INLINE RS_TARGET void full_panel_f32(int mr, const float *tile, int k, const float *panel, __m512 b0, __m512 b1,
                                        int gelu, float *out, int ldo, __mmask16 mask0, __mmask16 mask1) {
    FULL_PANEL_BODY(_mm512_loadu_ps(panel + (size_t)kk * NR), _mm512_loadu_ps(panel + (size_t)kk * NR + 16),
                    _mm_prefetch((const char *)(panel + (size_t)(kk + PREFETCH) * NR), _MM_HINT_T0);
                    _mm_prefetch((const char *)(panel + (size_t)(kk + PREFETCH) * NR + 16), _MM_HINT_T0))
}

/* Calls CALL(rows) with rows a literal equal to mr, so each case is unrolled with its accumulators in registers. */
#define FULL_CASES(CALL) switch (mr) {                                                      \
    case 1: CALL(1); break; case 2: CALL(2); break; case 3: CALL(3); break; case 4: CALL(4); break;    \
    case 5: CALL(5); break; case 6: CALL(6); break; case 7: CALL(7); break; case 8: CALL(8); break;    \
    case 9: CALL(9); break; case 10: CALL(10); break; default: CALL(11); break; }
#define HALF_CASES(CALL) switch (mr) {                                                      \
    case 12: CALL(12); break; case 13: CALL(13); break; case 14: CALL(14); break; case 15: CALL(15); break; \
    default: CALL(16); break; }

/* Panel by panel, block by block. A block of at most RS_FULL_ROWS rows walks the whole panel once; a
 * longer one walks each half panel in turn, the first half prefetching the panel's lines (running into the
 * next panel near its end), the second re-reading them from L1/L2. Later blocks re-read the panel too. */
#define STEP_GEMM(FULL_KERNEL, HALF_KERNEL)                                                 \
    int blocks = rs_step_blocks(m);                                                         \
    for (int p = panel_begin; p < panel_end; p++) {                                         \
        int column = p * NR;                                                                \
        int live = n - column < NR ? n - column : NR;                                       \
        __mmask16 mask0 = live >= 16 ? 0xFFFF : (__mmask16)((1u << live) - 1);              \
        __mmask16 mask1 = live >= 32 ? 0xFFFF : live <= 16 ? 0 : (__mmask16)((1u << (live - 16)) - 1); \
        __m512 b0 = bias ? _mm512_maskz_loadu_ps(mask0, bias + column) : _mm512_setzero_ps(); \
        __m512 b1 = bias ? _mm512_maskz_loadu_ps(mask1, bias + column + 16) : _mm512_setzero_ps(); \
        const __typeof__(*packed) *panel = packed + (size_t)p * k * NR;                     \
        for (int blk = 0; blk < blocks; blk++) {                                            \
            int first, mr;                                                                  \
            block_rows(m, blk, &first, &mr);                                                \
            const float *tile = tiles + (size_t)blk * k * STRIDE;                           \
            float *o = out + (size_t)first * ldo + column;                                  \
            if (mr <= RS_FULL_ROWS) {                                                       \
                FULL_CASES(FULL_CALL)                                                       \
            } else {                                                                        \
                HALF_CASES(HALF_CALL0)                                                      \
                if (mask1) { HALF_CASES(HALF_CALL1) }                                       \
            }                                                                               \
        }                                                                                   \
    }

RS_TARGET void rs_step_gemm_f16(const float *tiles, int m, int k, const uint16_t *packed, int n, const float *bias,
                                int gelu, float *out, int ldo, int panel_begin, int panel_end) {
#define FULL_CALL(rows) full_panel_f16(rows, tile, k, panel, b0, b1, gelu, o, ldo, mask0, mask1)
#define HALF_CALL0(rows) half_panel_f16(rows, tile, k, panel, blk == 0, b0, gelu, o, ldo, mask0)
#define HALF_CALL1(rows) half_panel_f16(rows, tile, k, panel + 16, 0, b1, gelu, o + 16, ldo, mask1)
    STEP_GEMM(full_panel_f16, half_panel_f16)
#undef FULL_CALL
#undef HALF_CALL0
#undef HALF_CALL1
}

RS_TARGET void rs_step_gemm_f32(const float *tiles, int m, int k, const float *packed, int n, const float *bias,
                                int gelu, float *out, int ldo, int panel_begin, int panel_end) {
#define FULL_CALL(rows) full_panel_f32(rows, tile, k, panel, b0, b1, gelu, o, ldo, mask0, mask1)
#define HALF_CALL0(rows) half_panel_f32(rows, tile, k, panel, blk == 0, b0, gelu, o, ldo, mask0)
#define HALF_CALL1(rows) half_panel_f32(rows, tile, k, panel + 16, 0, b1, gelu, o + 16, ldo, mask1)
    STEP_GEMM(full_panel_f32, half_panel_f32)
#undef FULL_CALL
#undef HALF_CALL0
#undef HALF_CALL1
}
