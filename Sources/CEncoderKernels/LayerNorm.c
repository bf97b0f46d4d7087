/* Residual addition and LayerNorm of the query path's rows, vectorised over 16 columns at a time. */
#include "EncoderKernels.h"
#include "VectorMath.h"

RS_TARGET void rs_add_layer_norm(const float *x, const float *bias, float *residual, int rows, int width,
                                 const float *weight, const float *shift, float epsilon) {
    for (int r = 0; r < rows; r++) {
        float *row = residual + (size_t)r * width;
        const float *in = x + (size_t)r * width;
        /* v = x + bias + residual, kept in the residual row; its sum for the mean. */
        __m512 sum = _mm512_setzero_ps();
        for (int c = 0; c < width; c += 16) {
            __mmask16 mask = width - c >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (width - c)) - 1);
            __m512 v = _mm512_add_ps(_mm512_maskz_loadu_ps(mask, in + c), _mm512_maskz_loadu_ps(mask, row + c));
            if (bias) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(mask, bias + c));
            _mm512_mask_storeu_ps(row + c, mask, v);
            sum = _mm512_add_ps(sum, v);
        }
        __m512 mean = _mm512_set1_ps(_mm512_reduce_add_ps(sum) / (float)width);
        /* Population variance around the mean (a second pass: no cancellation). */
        __m512 squares = _mm512_setzero_ps();
        for (int c = 0; c < width; c += 16) {
            __mmask16 mask = width - c >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (width - c)) - 1);
            __m512 d = _mm512_maskz_sub_ps(mask, _mm512_maskz_loadu_ps(mask, row + c), mean);
            squares = _mm512_fmadd_ps(d, d, squares);
        }
        float variance = _mm512_reduce_add_ps(squares) / (float)width;
        __m512 inverse = _mm512_set1_ps(1.0f / __builtin_sqrtf(variance + epsilon));
        for (int c = 0; c < width; c += 16) {
            __mmask16 mask = width - c >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (width - c)) - 1);
            __m512 v = _mm512_mul_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(mask, row + c), mean), inverse);
            v = _mm512_fmadd_ps(v, _mm512_maskz_loadu_ps(mask, weight + c), _mm512_maskz_loadu_ps(mask, shift + c));
            _mm512_mask_storeu_ps(row + c, mask, v);
        }
    }
}
