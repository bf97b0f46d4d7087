/* The epilogues' vector math over whole arrays: for the tests (against libm in Double) and for callers
 * outside the fused products. */
#include "EncoderKernels.h"
#include "VectorMath.h"

RS_TARGET void rs_gelu(float *x, size_t count) {
    size_t c = 0;
    for (; c + 16 <= count; c += 16) _mm512_storeu_ps(x + c, rs_gelu16(_mm512_loadu_ps(x + c)));
    if (c < count) {
        __mmask16 mask = (__mmask16)((1u << (count - c)) - 1);
        _mm512_mask_storeu_ps(x + c, mask, rs_gelu16(_mm512_maskz_loadu_ps(mask, x + c)));
    }
}

RS_TARGET void rs_exp_nonpositive(float *x, size_t count) {
    size_t c = 0;
    for (; c + 16 <= count; c += 16) _mm512_storeu_ps(x + c, rs_exp16(_mm512_loadu_ps(x + c)));
    if (c < count) {
        __mmask16 mask = (__mmask16)((1u << (count - c)) - 1);
        _mm512_mask_storeu_ps(x + c, mask, rs_exp16(_mm512_maskz_loadu_ps(mask, x + c)));
    }
}
