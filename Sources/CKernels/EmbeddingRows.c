// Preparing sentence-embedding rows for the semantic scorer straight from a .npy file's data: widen
// (float16 or float32, little-endian, any alignment), check finiteness, L2-normalise, optionally
// centre on the catalogue mean and re-normalise, and write each row to its catalogue position in
// float32 and/or float16. Two passes over the file's bytes; the caller splits the rows over threads.
//
// Sums of squares run in double over 8 interleaved lanes (lane j % 8), added lane 0..7 at the end, so
// the result does not depend on how the compiler vectorises the loop.

#include "ckernels.h"

#include <math.h>
#include <string.h>

/// Row `r` of `raw` widened into `out` (exact for float16).
static void widen_row(const void *raw, int half, size_t r, size_t dimension, float *out) {
    if (half) {
        const unsigned char *bytes = (const unsigned char *)raw + r * dimension * 2;
        if (((uintptr_t)bytes & 1u) == 0) {
            rk_halves_to_floats((const uint16_t *)(const void *)bytes, out, dimension);
        } else {
            for (size_t j = 0; j < dimension; j++) {
                uint16_t h;
                memcpy(&h, bytes + 2 * j, 2);
                rk_halves_to_floats(&h, out + j, 1);
            }
        }
    } else {
        memcpy(out, (const unsigned char *)raw + r * dimension * 4, dimension * 4);
    }
}

/// Σ x[j]² in double, 8 lanes (see the file comment).
static double sum_of_squares(const float *x, size_t dimension) {
    double lanes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    size_t j = 0;
    for (; j + 8 <= dimension; j += 8) {
        for (size_t k = 0; k < 8; k++) lanes[k] += (double)x[j + k] * (double)x[j + k];
    }
    for (size_t k = 0; j + k < dimension; k++) lanes[k] += (double)x[j + k] * (double)x[j + k];
    return ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
}

long long rk_embedding_norms(const void *raw, int half, size_t count, size_t dimension, float *scratch, double *inverse, double *sum) {
    for (size_t r = 0; r < count; r++) {
        widen_row(raw, half, r, dimension, scratch);
        // x − x is 0 for finite x and NaN for ±inf and NaN: one branch per row.
        float probe = 0;
        for (size_t j = 0; j < dimension; j++) probe += scratch[j] - scratch[j];
        if (probe != 0 || probe != probe) {
            for (size_t j = 0; j < dimension; j++) {
                if (!isfinite(scratch[j])) return (long long)(r * dimension + j);
            }
        }
        const double squares = sum_of_squares(scratch, dimension);
        if (!(squares > 0)) {
            inverse[r] = 0;
            continue;
        }
        // In double: for a row of subnormal values the inverse overflows float.
        const double scale = 1.0 / sqrt(squares);
        inverse[r] = scale;
        if (sum) {
            for (size_t j = 0; j < dimension; j++) sum[j] += (double)(float)((double)scratch[j] * scale);
        }
    }
    return -1;
}

void rk_embedding_rows(const void *raw, int half, size_t count, size_t dimension, const double *inverse, const float *mean,
                       const int64_t *destination, float *scratch, float *float_rows, uint16_t *half_rows, uint8_t *has) {
    for (size_t r = 0; r < count; r++) {
        const size_t target = (size_t)destination[r];
        float *out_float = float_rows ? float_rows + target * dimension : NULL;
        uint16_t *out_half = half_rows ? half_rows + target * dimension : NULL;
        int keep = inverse[r] > 0;
        if (keep) {
            widen_row(raw, half, r, dimension, scratch);
            const double scale = inverse[r];
            for (size_t j = 0; j < dimension; j++) scratch[j] = (float)((double)scratch[j] * scale);
            if (mean) {
                for (size_t j = 0; j < dimension; j++) scratch[j] = scratch[j] - mean[j];
                const double squares = sum_of_squares(scratch, dimension);
                if (squares > 0) {
                    const double centred_scale = 1.0 / sqrt(squares);
                    for (size_t j = 0; j < dimension; j++) scratch[j] = (float)((double)scratch[j] * centred_scale);
                } else {
                    keep = 0;
                }
            }
        }
        if (!keep) memset(scratch, 0, dimension * sizeof(float));
        has[target] = (uint8_t)keep;
        if (out_float) memcpy(out_float, scratch, dimension * sizeof(float));
        if (out_half) rk_floats_to_halves(scratch, out_half, dimension);
    }
}
