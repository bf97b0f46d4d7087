/* Self-attention of one short sequence, all heads, in one call (the query path): for each head,
 * scores = scale · Q·Kᵀ, a softmax per row, context = P·V. It replaces 2 × heads tiny sgemm calls
 * per layer, whose set-up cost exceeds their arithmetic at a query's 9-32 tokens. Every token attends
 * to every token of its own sequence (sequences are passed without padding, so no mask is needed). */
#include "EncoderKernels.h"
#include "VectorMath.h"

/* Sum of the lanes of v. */
RS_INLINE RS_TARGET float lane_sum(__m512 v) { return _mm512_reduce_add_ps(v); }

RS_TARGET void rs_attention(const float *qkv, int n, int heads, int head_size, float scale,
                            float *context, int ldc, float *scores) {
    int hidden = heads * head_size, ldq = 3 * hidden;
    int chunks = (head_size + 15) / 16;
    for (int head = 0; head < heads; head++) {
        const float *q0 = qkv + head * head_size, *k0 = q0 + hidden, *v0 = q0 + 2 * hidden;
        for (int i = 0; i < n; i++) {
            const float *q = q0 + (size_t)i * ldq;
            /* Scores of row i, and their maximum. */
            float maximum = -__builtin_inff();
            for (int j = 0; j < n; j++) {
                const float *kr = k0 + (size_t)j * ldq;
                __m512 sum = _mm512_setzero_ps();
                for (int c = 0; c < chunks; c++) {
                    int live = head_size - 16 * c < 16 ? head_size - 16 * c : 16;
                    __mmask16 mask = (__mmask16)((1u << live) - 1);
                    sum = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(mask, q + 16 * c), _mm512_maskz_loadu_ps(mask, kr + 16 * c), sum);
                }
                float s = lane_sum(sum) * scale;
                scores[j] = s;
                if (s > maximum) maximum = s;
            }
            /* Softmax: e^(s − max), normalised by the sum. */
            __m512 top = _mm512_set1_ps(maximum), total = _mm512_setzero_ps();
            for (int j = 0; j < n; j += 16) {
                __mmask16 mask = n - j >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - j)) - 1);
                __m512 e = rs_exp16(_mm512_sub_ps(_mm512_maskz_loadu_ps(mask, scores + j), top));
                e = _mm512_maskz_mov_ps(mask, e);
                total = _mm512_add_ps(total, e);
                _mm512_mask_storeu_ps(scores + j, mask, e);
            }
            float inverse = 1.0f / lane_sum(total);
            /* Context row i = Σ_j p_j · v_j. */
            float *out = context + (size_t)i * ldc + head * head_size;
            for (int c = 0; c < chunks; c++) {
                int live = head_size - 16 * c < 16 ? head_size - 16 * c : 16;
                __mmask16 mask = (__mmask16)((1u << live) - 1);
                __m512 acc = _mm512_setzero_ps();
                for (int j = 0; j < n; j++)
                    acc = _mm512_fmadd_ps(_mm512_set1_ps(scores[j]), _mm512_maskz_loadu_ps(mask, v0 + (size_t)j * ldq + 16 * c), acc);
                _mm512_mask_storeu_ps(out + 16 * c, mask, _mm512_mul_ps(acc, _mm512_set1_ps(inverse)));
            }
        }
    }
}
