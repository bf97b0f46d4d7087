#ifndef RECSCOPE_CLINEARALGEBRA_SHIM_H
#define RECSCOPE_CLINEARALGEBRA_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif
