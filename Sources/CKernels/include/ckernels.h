#ifndef RECSCOPE_CKERNELS_H
#define RECSCOPE_CKERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Small hand-vectorised kernels for RecEngine. Every function has a portable C path; the AVX2/F16C/FMA
/// path is chosen at run time when the CPU (and the OS, through XSAVE) supports it.

/// 1 when the AVX2 + F16C + FMA paths are used on this CPU, 0 when the portable ones are.
int rk_has_avx2_f16c(void);

/// out[r] = scale * (rows[r] . query) for r in 0..<count, where rows is row-major count x dimension IEEE
/// binary16 (bit patterns) and query is dimension float32. Accumulates in float32. Reads count x
/// dimension x 2 bytes once (streaming); the caller splits rows across threads.
void rk_half_gemv(const uint16_t *rows, size_t count, size_t dimension, const float *query, float scale, float *out);

/// The portable path of rk_half_gemv (no intrinsics), exposed so tests compare the two.
void rk_half_gemv_portable(const uint16_t *rows, size_t count, size_t dimension, const float *query, float scale, float *out);

/// dst[i] = binary16 of src[i], round to nearest even (overflow to infinity, NaN kept), count elements.
void rk_floats_to_halves(const float *src, uint16_t *dst, size_t count);

/// dst[i] = float32 of the binary16 src[i] (exact), count elements.
void rk_halves_to_floats(const uint16_t *src, float *dst, size_t count);

/// The sparse part of an implicit-ALS product for one row (Hu, Koren & Volinsky 2008): for each of the
/// row's `count` entries (item `columns[p]`, weight `weights[p]`, confidence c = 1 + alpha * weight),
/// with y = factors + columns[p] * f:
///   residual != 0:  out += (c - (c - 1) * (y . v)) * y      (b - A x, less the dense part)
///   residual == 0:  out += ((c - 1) * (y . v)) * y          (the sparse part of A p)
/// Float32 throughout; AVX2 + FMA when the CPU has them, else portable C. Cost 4 * f * count flops.
void rk_als_sparse_row(const float *factors, size_t f, const int64_t *columns, const float *weights, size_t count,
                       float alpha, const float *v, float *out, int residual);

/// The portable path of rk_als_sparse_row, exposed for tests.
void rk_als_sparse_row_portable(const float *factors, size_t f, const int64_t *columns, const float *weights, size_t count,
                                float alpha, const float *v, float *out, int residual);

/// 1 when the AVX-512 F + BW paths (int8 scan, candidate filter) are used on this CPU, 0 otherwise.
int rk_has_avx512(void);

/// The sum of `count` floats read once with the widest loads available (StreamingRead.c): the
/// memory-bandwidth reference of `bench --clicks-only --bandwidth`. Reads 4 * count bytes.
float rk_stream_sum(const float *values, size_t count);

/// Per-row symmetric int8 quantisation: scales[r] = max_j |rows[r][j]| / 127 and codes[r][j] =
/// round(rows[r][j] / scales[r]) in -127...127 (all zero, scale 0, for a zero row). Then
/// |rows[r][j] - scales[r] * codes[r][j]| <= scales[r] / 2. rows is row-major count x dimension float32.
void rk_quantize_rows_int8(const float *rows, size_t count, size_t dimension, int8_t *codes, float *scales);

/// The portable path of rk_quantize_rows_int8 (rk_quantize_rows_int8 runs AVX-512 when the CPU has it,
/// QuantizeRows.c, with identical codes and scales), exposed so tests compare the two.
void rk_quantize_rows_int8_portable(const float *rows, size_t count, size_t dimension, int8_t *codes, float *scales);

/// out[r] = scale * scales[r] * (codes[r] . query) for r in 0..<count: the first stage of an exact
/// two-stage top-K (an estimate of rows . query within scales[r] * (||query||_1 / 2) plus rounding).
/// Float32 accumulation; AVX-512 when the CPU has it. Reads count x dimension bytes once.
void rk_int8_gemv(const int8_t *codes, const float *scales, size_t count, size_t dimension, const float *query, float scale, float *out);

/// The portable path of rk_int8_gemv, exposed so tests compare the two.
void rk_int8_gemv_portable(const int8_t *codes, const float *scales, size_t count, size_t dimension, const float *query, float scale, float *out);

/// 1 when the AVX-512 VNNI int8 path (rk_int8_gemv_vnni) runs on this CPU, 0 otherwise.
int rk_has_avx512_vnni(void);

/// Per row r of codes (count x dimension int8): sums[r] = sum_j codes[r][j] and magnitudes[r] =
/// sum_j |codes[r][j]| (the first corrects the unsigned query offset of rk_int8_gemv_vnni, the second
/// bounds the query's rounding error).
void rk_int8_row_sums(const int8_t *codes, size_t count, size_t dimension, int32_t *sums, int32_t *magnitudes);

/// Query rounding for rk_int8_gemv_vnni: returns the step s = max|query| / 127 (0 for a zero query)
/// and writes offset[j] = round(query[j] / s) + 128 in 1...255 (128 where s is 0), so query[j] =
/// s * (offset[j] - 128) + e with |e| <= s / 2.
float rk_quantize_query_u8(const float *query, size_t dimension, uint8_t *offset);

/// out[r] = scale * scales[r] * step * (sum_j offset[j] * codes[r][j] - 128 * sums[r]): the int8 estimate
/// with the query rounded too (exact int32 products, AVX-512 VNNI vpdpbusd, 64 per instruction).
/// Requires rk_has_avx512_vnni(); reads count x dimension bytes once.
void rk_int8_gemv_vnni(const int8_t *codes, const float *scales, const int32_t *sums, size_t count, size_t dimension,
                       const uint8_t *offset, float step, float scale, float *out);

/// Writes to `out` (ascending) every index r < count with estimates[r] + scales[r] * bound >= threshold
/// (the rows an upper bound cannot rule out; NaN never qualifies) and returns how many. `out` must hold
/// count entries. One pass over 8 bytes per row.
size_t rk_rows_reaching(const float *estimates, const float *scales, size_t count, float bound, float threshold, uint32_t *out);

/// As rk_rows_reaching with a second per-row term: estimates[r] + scales[r] * bound + extra[r] * extraBound.
size_t rk_rows_reaching2(const float *estimates, const float *scales, const float *extra, size_t count, float bound, float extraBound,
                         float threshold, uint32_t *out);

/// Writes to `out` (ascending) every index r < count with scores[r] >= threshold (NaN never qualifies)
/// and returns how many. `out` must hold count entries. One pass over 4 bytes per row.
size_t rk_indices_at_least(const float *scores, size_t count, float threshold, uint32_t *out);

// MARK: - 4-bit (nibble) coarse stage in front of the int8 one

/// Bytes of one packed 4-bit row of `dimension` values: 64 bytes per block of 128 values (the last block
/// padded with zero codes). In block b, byte i holds value 128b + i in its low nibble and value
/// 128b + 64 + i in its high nibble, each as code + 8 (code in -7...7, so a nibble in 1...15; 8 is zero).
size_t rk_nibble_row_bytes(size_t dimension);

/// Per-row 4-bit quantisation: scales[r] = max_j |rows[r][j]| / 7, code = round(value / scale) in -7...7
/// (all zero, scale 0, for a zero or non-finite row), packed as rk_nibble_row_bytes describes. Also writes
/// upper bounds of the residual norm ||rows[r] - scales[r] * codes[r]||_2 (residuals[r]) and of
/// scales[r] * ||codes[r]||_2 (magnitudes[r]), computed in double and rounded up.
void rk_quantize_rows_nibble(const float *rows, size_t count, size_t dimension, uint8_t *packed, float *scales, float *residuals,
                             float *magnitudes);

/// The portable path of rk_quantize_rows_nibble: the AVX-512 path (QuantizeRows.c) writes the same codes,
/// scales and magnitudes, and residuals equal up to the order of a double sum. Exposed for tests.
void rk_quantize_rows_nibble_portable(const float *rows, size_t count, size_t dimension, uint8_t *packed, float *scales, float *residuals,
                                      float *magnitudes);

/// Query rounding for the nibble scan: returns the step s = max|query| / 127 (0 for a zero query) and
/// writes out[j] = round(query[j] / s) in -127...127 for j < dimension, 0 up to `padded` (a multiple of
/// 128), their sum (*sum) and an upper bound of ||query - s * out||_2 (*residual).
float rk_quantize_query_s8(const float *query, size_t dimension, size_t padded, int8_t *out, int32_t *sum, float *residual);

/// out[r] = scale * step * scales[r] * (sum_j nibble[r][j] * query[j] - 8 * querySum): the 4-bit estimate
/// of rows . query (exact int32 products). AVX-512 VNNI (vpdpbusd, 128 values per row and block in two
/// instructions) when the CPU has it, else the portable loop. Reads count * rk_nibble_row_bytes bytes once.
void rk_nibble_gemv(const uint8_t *packed, const float *scales, size_t count, size_t dimension, const int8_t *query, int32_t querySum,
                    float step, float scale, float *out);

/// The portable path of rk_nibble_gemv, exposed so tests compare the two.
void rk_nibble_gemv_portable(const uint8_t *packed, const float *scales, size_t count, size_t dimension, const int8_t *query,
                             int32_t querySum, float step, float scale, float *out);

/// Pass 1 of preparing embedding rows (EmbeddingRows.c) over `count` rows of `raw` (row-major count x
/// dimension little-endian values, float16 when `half` is non-zero else float32, any alignment):
/// inverse[r] = 1 / ||row r||_2 in double (0 for a zero row), and, when `sum` is not NULL,
/// sum[j] += (float)(row r [j] * inverse[r]) for every non-zero row (the normalised rows' sum, in
/// double). Returns the flat index r * dimension + j of the first non-finite value (rows after it
/// untouched), or -1. `scratch` holds `dimension` floats. Reads the rows once.
long long rk_embedding_norms(const void *raw, int half, size_t count, size_t dimension, float *scratch, double *inverse, double *sum);

/// Pass 2: row r of `raw` scaled by inverse[r], then, when `mean` is not NULL, minus `mean` and scaled
/// to unit length again, written to row destination[r] of `float_rows` and/or (rounded to nearest
/// even) `half_rows` (either may be NULL); has[destination[r]] = 1, or 0 with a zero row written when
/// inverse[r] is 0 or the centred row is zero. `scratch` holds `dimension` floats.
void rk_embedding_rows(const void *raw, int half, size_t count, size_t dimension, const double *inverse, const float *mean,
                       const int64_t *destination, float *scratch, float *float_rows, uint16_t *half_rows, uint8_t *has);

#endif
