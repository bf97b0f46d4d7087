#include "EncoderKernels.h"
#include <immintrin.h>

/* Packing of the layer weights for the single-query products (QueryProduct.c). */
#define NR RS_PANEL_WIDTH
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
