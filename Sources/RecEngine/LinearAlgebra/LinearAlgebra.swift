import CLinearAlgebra

/// Thin, typed wrappers over OpenBLAS (cblas_*) and LAPACKE for `DenseMatrix` (row-major).
///
/// Symmetric matrices are handed to LAPACK as column-major with the opposite triangle, which is the
/// same memory, so no transposing copies are made. Factorisation failures throw `RecError`.
public enum LinearAlgebra {
    /// Limits OpenBLAS to `threads` threads (process-wide).
    public static func setThreadCount(_ threads: Int) {
        openblas_set_num_threads(Int32(max(1, threads)))
    }

    /// C ← alpha · op(A) · op(B) + beta · C (cblas_sgemm). Cost 2·m·n·k flops.
    public static func multiply(_ a: DenseMatrix, transposeA: Bool = false, _ b: DenseMatrix, transposeB: Bool = false,
                                alpha: Float = 1, beta: Float = 0, into c: inout DenseMatrix) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let n = transposeB ? b.rows : b.columns
        guard m == c.rows, n == c.columns, k == (transposeB ? b.columns : b.rows) else {
            preconditionFailure("multiply: shape mismatch \(a.rows)x\(a.columns) · \(b.rows)x\(b.columns) → \(c.rows)x\(c.columns)")
        }
        if m == 0 || n == 0 { return }
        if k == 0 {
            for i in c.values.indices { c.values[i] *= beta }
            return
        }
        a.values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                c.values.withUnsafeMutableBufferPointer { pc in
                    cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                                Int32(m), Int32(n), Int32(k), alpha, pa.baseAddress, Int32(a.columns),
                                pb.baseAddress, Int32(b.columns), beta, pc.baseAddress, Int32(c.columns))
                }
            }
        }
    }

    /// op(A) · op(B) as a new matrix. Cost 2·m·n·k flops.
    public static func product(_ a: DenseMatrix, transposeA: Bool = false, _ b: DenseMatrix, transposeB: Bool = false) -> DenseMatrix {
        var c = DenseMatrix(rows: transposeA ? a.columns : a.rows, columns: transposeB ? b.rows : b.columns)
        multiply(a, transposeA: transposeA, b, transposeB: transposeB, into: &c)
        return c
    }

    /// The Gram matrix AᵀA (columns × columns), both triangles filled (cblas_ssyrk). Cost rows·columns² flops.
    public static func gram(_ a: DenseMatrix) -> DenseMatrix {
        var c = DenseMatrix(rows: a.columns, columns: a.columns)
        guard a.rows > 0, a.columns > 0 else { return c }
        a.values.withUnsafeBufferPointer { pa in
            c.values.withUnsafeMutableBufferPointer { pc in
                cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(a.columns), Int32(a.rows), 1,
                            pa.baseAddress, Int32(a.columns), 0, pc.baseAddress, Int32(a.columns))
            }
        }
        mirrorUpperToLower(&c)
        return c
    }

    /// The outer Gram matrix AAᵀ (rows × rows), both triangles filled (cblas_ssyrk). Cost rows²·columns flops.
    public static func outerGram(_ a: DenseMatrix) -> DenseMatrix {
        var c = DenseMatrix(rows: a.rows, columns: a.rows)
        guard a.rows > 0, a.columns > 0 else { return c }
        a.values.withUnsafeBufferPointer { pa in
            c.values.withUnsafeMutableBufferPointer { pc in
                cblas_ssyrk(CblasRowMajor, CblasUpper, CblasNoTrans, Int32(a.rows), Int32(a.columns), 1,
                            pa.baseAddress, Int32(a.columns), 0, pc.baseAddress, Int32(a.rows))
            }
        }
        mirrorUpperToLower(&c)
        return c
    }

    /// y ← alpha · A · x + beta · y (cblas_sgemv). Cost 2·rows·columns flops.
    public static func multiplyVector(_ a: DenseMatrix, _ x: UnsafePointer<Float>, alpha: Float = 1, beta: Float = 0,
                                      into y: UnsafeMutablePointer<Float>) {
        guard a.rows > 0 else { return }
        a.values.withUnsafeBufferPointer { pa in
            cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(a.rows), Int32(a.columns), alpha, pa.baseAddress,
                        Int32(a.columns), x, 1, beta, y, 1)
        }
    }

    /// y ← A · x for a tall, narrow A (a catalogue's factor rows): from 65,536 rows the rows are split
    /// over the cores, each computing its rows' dot products (memory-bound: one streaming read of A);
    /// below that, one cblas_sgemv. Cost 2·rows·columns flops.
    public static func multiplyRows(_ a: DenseMatrix, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        guard a.rows >= SparseMatrix.parallelRows else { return multiplyVector(a, x, into: y) }
        let columns = a.columns
        a.values.withUnsafeBufferPointer { pa in
            nonisolated(unsafe) let base = pa.baseAddress!, x = x, y = y
            RowBlocks.forEach(a.rows) { rows in
                for r in rows { y[r] = VectorKernels.dot(base + r * columns, x, columns) }
            }
        }
    }

    /// Cholesky factor of a symmetric positive-definite matrix in place (LAPACK spotrf): afterwards the
    /// upper triangle (row-major) holds U with A = UᵀU; the strict lower triangle is left as it was.
    /// Cost n³/3 flops. Throws when A is not positive definite.
    public static func choleskyFactor(_ a: inout DenseMatrix) throws {
        precondition(a.rows == a.columns, "choleskyFactor: matrix not square")
        let n = a.rows
        guard n > 0 else { return }
        // Row-major upper == column-major lower.
        let info = a.values.withUnsafeMutableBufferPointer { pa in
            LAPACKE_spotrf_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), pa.baseAddress, Int32(n))
        }
        if info != 0 { throw RecError("Cholesky factorisation failed (LAPACK info \(info)): matrix not positive definite; increase the regularisation") }
    }

    /// Solves A·X = B in place of `rhs` (row-major n × nrhs) given `factor` from `choleskyFactor`
    /// (LAPACK spotrs). Cost 2·n²·nrhs flops.
    public static func choleskySolve(factor: DenseMatrix, _ rhs: inout DenseMatrix) {
        let n = factor.rows
        guard n > 0, rhs.columns > 0 else { return }
        // Transposing the row-major rhs makes it column-major n × nrhs.
        var columnMajor = rhs.transposed
        factor.values.withUnsafeBufferPointer { pf in
            columnMajor.values.withUnsafeMutableBufferPointer { pb in
                _ = LAPACKE_spotrs_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), Int32(rhs.columns),
                                        pf.baseAddress, Int32(n), pb.baseAddress, Int32(n))
            }
        }
        rhs = columnMajor.transposed
    }

    /// Solves A·x = b for one vector in place (`vector` has n elements), given `factor` from
    /// `choleskyFactor`. Cost 2·n² flops.
    public static func choleskySolve(factor: DenseMatrix, vector: UnsafeMutablePointer<Float>) {
        let n = factor.rows
        guard n > 0 else { return }
        factor.values.withUnsafeBufferPointer { pf in
            _ = LAPACKE_spotrs_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), 1, pf.baseAddress, Int32(n), vector, Int32(n))
        }
    }

    /// Solves Uᵀ·z = v in place (forward substitution with the Cholesky factor's upper triangle U,
    /// cblas_strsv), so that zᵀz' = vᵀA⁻¹v'. Cost n² flops.
    public static func choleskyHalfSolve(factor: DenseMatrix, vector: UnsafeMutablePointer<Float>) {
        let n = factor.rows
        guard n > 0 else { return }
        factor.values.withUnsafeBufferPointer { pf in
            cblas_strsv(CblasRowMajor, CblasUpper, CblasTrans, CblasNonUnit, Int32(n), pf.baseAddress, Int32(n), vector, 1)
        }
    }

    /// Inverse of a symmetric positive-definite matrix in place (LAPACK spotrf + spotri), both
    /// triangles filled. Cost n³ flops. Throws when A is not positive definite.
    public static func invertSymmetricPositiveDefinite(_ a: inout DenseMatrix) throws {
        try choleskyFactor(&a)
        let n = a.rows
        guard n > 0 else { return }  // the 0 × 0 inverse is itself (LAPACK refuses a leading dimension of 0)
        let info = a.values.withUnsafeMutableBufferPointer { pa in
            LAPACKE_spotri_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), pa.baseAddress, Int32(n))
        }
        if info != 0 { throw RecError("matrix inversion failed (LAPACK info \(info)): matrix singular; increase the regularisation") }
        mirrorUpperToLower(&a)
    }

    /// Copies the upper triangle (row-major) onto the lower one. Cost n².
    public static func mirrorUpperToLower(_ a: inout DenseMatrix) {
        let n = a.rows
        a.values.withUnsafeMutableBufferPointer { p in
            for r in 0..<n {
                for c in 0..<r { p[r * n + c] = p[c * n + r] }
            }
        }
    }
}
