#ifndef RECSCOPE_ENCODER_KERNELS_H
#define RECSCOPE_ENCODER_KERNELS_H
#include <stddef.h>
#include <stdint.h>

/* Small-M matrix products for the sentence encoder's single-query path.
 *
 * OpenBLAS's sgemm packs the weight matrix on every call, so for a handful of token rows it spends
 * most of its time re-reading and re-packing weights (≈ 34 GFLOP/s at 9 rows). Here the weights are
 * packed once, at load time, into column panels of RS_PANEL_WIDTH output columns — panel p holds
 * k rows of RS_PANEL_WIDTH values, contiguous — in float32 or float16, and one pass streams them
 * once per product while up to 16 token rows (laid out step-major, rs_step_major) are multiplied
 * against each loaded weight vector; further rows re-read the panel from L1/L2. Arithmetic is float32
 * (float16 weights are widened with vcvtph2ps). AVX-512F only: check rs_packed_kernels_available()
 * and fall back to sgemm where it returns 0. */

#define RS_PANEL_WIDTH 32

/* 1 when this CPU (and OS) runs the packed kernels: AVX-512F and F16C. */
int rs_packed_kernels_available(void);

/* Number of values in the packed form of an [n, k] matrix (n rounded up to whole panels). */
size_t rs_packed_count(int n, int k);

/* Packs w, [n, k] row-major (a PyTorch Linear weight: [out, in]), into panels; the padding columns of
 * the last panel are zero. out holds rs_packed_count(n, k) values. O(n·k). */
void rs_pack_f32(const float *w, int n, int k, float *out);
/* The same, rounded to IEEE float16 (round to nearest even). Requires rs_packed_kernels_available(). */
void rs_pack_f16(const float *w, int n, int k, uint16_t *out);

/* ---- The single-query path (QueryProduct.c, Attention.c, LayerNorm.c, VectorKernels.c); all require
 * rs_packed_kernels_available(). ---- */

/* Token rows per register block of rs_step_gemm_* (16 accumulators of 16 columns). */
#define RS_STEP_ROWS 16
/* Floats between consecutive steps of a step-major tile (≥ RS_STEP_ROWS). */
#define RS_STEP_STRIDE 16

/* Blocks of at most RS_STEP_ROWS rows that m rows are split into (near-equal sizes: 17 = 9 + 8). */
int rs_step_blocks(int m);
/* Floats of the step-major form of m rows of k values: one tile of k · RS_STEP_STRIDE per block. */
size_t rs_step_major_count(int m, int k);
/* Lays x ([m, k], row stride ldx) out step-major into tiles (rs_step_major_count(m, k) floats): tile b,
 * step j, lane r holds row (first row of block b) + r at column j; lanes past the block's rows are 0.
 * O(m·k), one gather per step. */
void rs_step_major(const float *x, int m, int k, int ldx, float *tiles);

/* out[r, c] = f(Σ_j x[r, j] · w[c, j] + bias[c]) with f = GELU (erf form) when gelu ≠ 0, identity
 * otherwise, for r < m and the columns of panels [panel_begin, panel_end); tiles is x laid out by
 * rs_step_major(x, m, k, …), packed the weights packed by rs_pack_f16 / rs_pack_f32, bias may be NULL.
 * 2·m·k·(panel columns) flops. Blocks of ≤ 11 rows keep two accumulators per row and walk each panel
 * once; blocks of 12-16 rows keep one and walk each half panel (16 columns), widened once per step. */
void rs_step_gemm_f16(const float *tiles, int m, int k, const uint16_t *packed, int n, const float *bias,
                      int gelu, float *out, int ldo, int panel_begin, int panel_end);
void rs_step_gemm_f32(const float *tiles, int m, int k, const float *packed, int n, const float *bias,
                      int gelu, float *out, int ldo, int panel_begin, int panel_end);

/* Floats of scratch rs_attention needs for n tokens: the n × (n rounded up to 16) scores and K transposed
 * 16 keys at a time (head_size × 16). */
size_t rs_attention_scratch_count(int n, int head_size);
/* Self-attention of one sequence of n tokens: qkv is [n, 3·heads·head_size] (Q, K, V side by side, as the
 * fused projection writes it); context[i, head·head_size + d] (row stride ldc) = Σ_j softmax_j(scale ·
 * q_i·k_j) · v_j[d] per head. scratch holds rs_attention_scratch_count(n, head_size) floats.
 * 4·n²·heads·head_size flops + n²·heads exps. */
void rs_attention(const float *qkv, int n, int heads, int head_size, float scale,
                  float *context, int ldc, float *scratch);

/* residual[r] = LayerNorm(x[r] + bias + residual[r]) · weight + shift for rows of width floats (population
 * variance, epsilon inside the square root, as PyTorch's LayerNorm); bias may be NULL. Three passes over
 * each row. */
void rs_add_layer_norm(const float *x, const float *bias, float *residual, int rows, int width,
                       const float *weight, const float *shift, float epsilon);

/* x = GELU(x) = x/2 · (1 + erf(x/√2)) in place; erf within 5e-7 of libm's. O(count). */
void rs_gelu(float *x, size_t count);
/* x = e^x in place for x ≤ 0 (relative error < 2e-7 down to -87; below, the value at -87, ≈ 1.6e-38). O(count). */
void rs_exp_nonpositive(float *x, size_t count);

#endif
