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
 * exactly once per product while every token row is multiplied against each loaded weight vector
 * (up to 10 rows in registers, further rows re-read the panel from L1/L2). Arithmetic is float32
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

/* out[r, c] = Σ_j x[r, j] · w[c, j] (+ bias[c] when bias is not NULL), for r < m and the columns of
 * panels [panel_begin, panel_end) (column c < n); x is [m, k] with row stride k, out has row stride ldo.
 * 2·m·k·(panel columns) flops, reading the panels once. Requires rs_packed_kernels_available(). */
void rs_packed_gemm_f32(const float *x, int m, int k, const float *packed, int n, const float *bias,
                        float *out, int ldo, int panel_begin, int panel_end);
void rs_packed_gemm_f16(const float *x, int m, int k, const uint16_t *packed, int n, const float *bias,
                        float *out, int ldo, int panel_begin, int panel_end);

#endif
