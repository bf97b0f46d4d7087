#ifndef RECSCOPE_VECTOR_MATH_H
#define RECSCOPE_VECTOR_MATH_H
/* Private to CEncoderKernels: 16-lane float32 math shared by the kernels' epilogues. */
#include <immintrin.h>

#define RS_TARGET __attribute__((target("avx512f,f16c,fma")))
#define RS_INLINE static inline __attribute__((always_inline))

/* erf for 16 lanes: a rational minimax approximation on [-4, 4] (erf(±4) = ±1 in float32), odd
 * numerator of degree 13 over an even denominator of degree 8; within 5e-7 of libm's erff (tested). */
RS_INLINE RS_TARGET __m512 rs_erf16(__m512 a) {
    __m512 x = _mm512_max_ps(_mm512_min_ps(a, _mm512_set1_ps(4.0f)), _mm512_set1_ps(-4.0f));
    __m512 x2 = _mm512_mul_ps(x, x);
    __m512 p = _mm512_set1_ps(-2.72614225801306e-10f);
    p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(2.77068142495902e-08f));
    p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(-2.10102402082508e-06f));
    p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(-5.69250639462346e-05f));
    p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(-7.34990630326855e-04f));
    p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(-2.95459980854025e-03f));
    p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(-1.60960333262415e-02f));
    p = _mm512_mul_ps(x, p);
    __m512 q = _mm512_set1_ps(-1.45660718464996e-05f);
    q = _mm512_fmadd_ps(x2, q, _mm512_set1_ps(-2.13374055278905e-04f));
    q = _mm512_fmadd_ps(x2, q, _mm512_set1_ps(-1.68282697438203e-03f));
    q = _mm512_fmadd_ps(x2, q, _mm512_set1_ps(-7.37332916720468e-03f));
    q = _mm512_fmadd_ps(x2, q, _mm512_set1_ps(-1.42647390514189e-02f));
    return _mm512_div_ps(p, q);
}

/* GELU (erf form), x/2 · (1 + erf(x/√2)), for 16 lanes. */
RS_INLINE RS_TARGET __m512 rs_gelu16(__m512 x) {
    __m512 e = rs_erf16(_mm512_mul_ps(x, _mm512_set1_ps(0.70710678118654752f)));
    return _mm512_mul_ps(_mm512_mul_ps(x, _mm512_set1_ps(0.5f)), _mm512_add_ps(e, _mm512_set1_ps(1.0f)));
}

/* e^x for 16 lanes, x ≤ 0 (softmax after subtracting the maximum): x = n·ln2 + y with n an integer
 * (applied by scalef) and |y| ≤ ln2/2, y computed in two parts (Cody-Waite: ln2 = hi + lo, hi exact in
 * 16 bits, so n·hi is exact), then e^y by its Taylor polynomial of degree 7 (truncation < 5e-9); relative
 * error < 2e-7 (tested); inputs below -87 are clamped there (e^-87 ≈ 1.6e-38, still a normal float). */
RS_INLINE RS_TARGET __m512 rs_exp16(__m512 x) {
    x = _mm512_max_ps(x, _mm512_set1_ps(-87.0f));
    __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                    _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 y = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693145751953125f), x);
    y = _mm512_fnmadd_ps(n, _mm512_set1_ps(1.428606820309417232e-6f), y);
    __m512 p = _mm512_set1_ps(1.0f / 5040.0f);
    p = _mm512_fmadd_ps(p, y, _mm512_set1_ps(1.0f / 720.0f));
    p = _mm512_fmadd_ps(p, y, _mm512_set1_ps(1.0f / 120.0f));
    p = _mm512_fmadd_ps(p, y, _mm512_set1_ps(1.0f / 24.0f));
    p = _mm512_fmadd_ps(p, y, _mm512_set1_ps(1.0f / 6.0f));
    p = _mm512_fmadd_ps(p, y, _mm512_set1_ps(0.5f));
    p = _mm512_fmadd_ps(p, y, _mm512_set1_ps(1.0f));
    p = _mm512_fmadd_ps(p, y, _mm512_set1_ps(1.0f));
    return _mm512_scalef_ps(p, n);
}

#endif
