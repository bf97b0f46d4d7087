import CKernels
import Foundation
import Testing
@testable import RecEngine

/// The one-pass loader of the semantic space (`ItemEmbeddings.prepare`, `NpyReader.map`) and its C
/// kernels against naive Swift references, and a model over a float16-only space against full scans.
@Suite struct EmbeddingPreparationTests {
    static let widths = [0, 1, 15, 16, 17, 384, 385]

    func randomValues(_ count: Int, _ generator: inout SplitMix64) -> [Float] {
        (0..<count).map { _ in Float(Int64(bitPattern: generator.next() >> 11) - (1 << 52)) / Float(1 << 52) }
    }

    /// Naive reference of both passes: rows normalised in Double, the mean of the non-zero ones, each
    /// centred and normalised again (nil where a row has no vector).
    func reference(_ values: [Float], rows: Int, columns: Int, centred: Bool) -> (rows: [[Float]?], mean: [Float]) {
        var normalised: [[Float]?] = []
        var sum = [Double](repeating: 0, count: columns)
        for r in 0..<rows {
            let row = values[(r * columns)..<((r + 1) * columns)]
            let norm = row.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            guard norm > 0 else { normalised.append(nil); continue }
            let unit = row.map { Float(Double($0) / norm) }
            for j in 0..<columns { sum[j] += Double(unit[j]) }
            normalised.append(unit)
        }
        let covered = normalised.compactMap { $0 }.count
        guard centred else { return (normalised, [Float](repeating: 0, count: columns)) }
        let mean = sum.map { covered > 0 ? Float($0 / Double(covered)) : 0 }
        let out: [[Float]?] = normalised.map { unit in
            guard let unit else { return nil }
            let c = zip(unit, mean).map { $0 - $1 }
            let norm = c.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            return norm > 0 ? c.map { Float(Double($0) / norm) } : nil
        }
        return (out, mean)
    }

    /// Runs both C passes over `values` stored as float16 (`half`) or float32, rows in order.
    func kernelRows(_ values: [Float], rows: Int, columns: Int, half: Bool, centred: Bool, misaligned: Bool = false)
        -> (floats: [Float], halves: [UInt16], has: [UInt8], mean: [Float], bad: Int) {
        let width = half ? 2 : 4
        var raw = [UInt8](repeating: 0, count: rows * columns * width + 1)
        let offset = misaligned ? 1 : 0
        for (i, v) in values.enumerated() {
            let bits: UInt32 = half ? UInt32(Float16(v).bitPattern) : v.bitPattern
            for b in 0..<width { raw[offset + i * width + b] = UInt8((bits >> (8 * b)) & 0xFF) }
        }
        var inverse = [Double](repeating: 0, count: rows), sum = [Double](repeating: 0, count: max(columns, 1))
        var scratch = [Float](repeating: 0, count: max(columns, 1))
        let bad = raw.withUnsafeBytes { r in Int(rk_embedding_norms(r.baseAddress! + offset, half ? 1 : 0, rows, columns, &scratch, &inverse, &sum)) }
        let covered = inverse.filter { $0 > 0 }.count
        let mean = centred ? (0..<columns).map { covered > 0 ? Float(sum[$0] / Double(covered)) : 0 } : []
        var floats = [Float](repeating: .nan, count: rows * columns), halves = [UInt16](repeating: 0xFFFF, count: rows * columns)
        var has = [UInt8](repeating: 9, count: rows)
        let destination = (0..<rows).map { Int64($0) }
        if bad < 0 {
            raw.withUnsafeBytes { r in
                mean.withUnsafeBufferPointer { m in
                    rk_embedding_rows(r.baseAddress! + offset, half ? 1 : 0, rows, columns, inverse, centred ? m.baseAddress : nil, destination,
                                      &scratch, &floats, &halves, &has)
                }
            }
        }
        return (floats, halves, has, mean, bad)
    }

    @Test(arguments: widths)
    func kernelsMatchTheNaiveReference(columns: Int) {
        var generator = SplitMix64(seed: UInt64(columns) + 1)
        let rows = 6
        var values = randomValues(rows * columns, &generator)
        for j in 0..<columns { values[2 * columns + j] = 0 }  // a zero row
        if columns > 0 { for j in 0..<columns { values[4 * columns + j] = Float(1e-40) * Float(j % 3 + 1) } }  // subnormal row
        for half in [false, true] {
            let stored = half ? values.map { Float(Float16($0)) } : values
            for centred in [false, true] {
                let want = reference(stored, rows: rows, columns: columns, centred: centred && columns > 0)
                for misaligned in [false, true] {
                    let got = kernelRows(stored, rows: rows, columns: columns, half: half, centred: centred, misaligned: misaligned)
                    #expect(got.bad == -1)
                    if centred { for (a, b) in zip(got.mean, want.mean) { #expect(abs(a - b) <= 1e-6) } }
                    for r in 0..<rows {
                        let row = Array(got.floats[(r * columns)..<((r + 1) * columns)])
                        #expect((got.has[r] == 1) == (want.rows[r] != nil && columns > 0), "row \(r) half \(half) centred \(centred)")
                        let expected = want.rows[r] ?? [Float](repeating: 0, count: columns)
                        for j in 0..<columns {
                            #expect(abs(row[j] - expected[j]) <= 2e-6, "row \(r) column \(j) half \(half) centred \(centred)")
                            #expect(got.halves[r * columns + j] == Float16(row[j]).bitPattern)
                        }
                    }
                }
            }
        }
    }

    @Test func firstNonFiniteValueIsFound() {
        let columns = 17
        var values = [Float](repeating: 0.5, count: 4 * columns)
        values[2 * columns + 5] = .infinity
        values[3 * columns + 1] = .nan
        for half in [false, true] {
            #expect(kernelRows(values, rows: 4, columns: columns, half: half, centred: true).bad == 2 * columns + 5)
        }
    }

    @Test(arguments: widths)
    func vectorQuantisersMatchThePortableOnes(columns: Int) {
        var generator = SplitMix64(seed: UInt64(columns) + 100)
        let rows = 9
        var values = randomValues(rows * columns, &generator)
        for j in 0..<columns { values[1 * columns + j] = 0 }  // a zero row
        // Exact halves of a code step (ties of the rounding): row 3 is 127 × (k + ½) / 127 steps of 1/127.
        for j in 0..<columns { values[3 * columns + j] = j == 0 ? 1 : Float(j % 127) / 127 + 0.5 / 127 }
        for j in 0..<columns { values[4 * columns + j] = j == 0 ? -1 : -Float(j % 7) / 7 - 0.5 / 7 }
        var codes = [Int8](repeating: 0, count: rows * columns), codesRef = codes
        var scales = [Float](repeating: 0, count: rows), scalesRef = scales
        rk_quantize_rows_int8(values, rows, columns, &codes, &scales)
        rk_quantize_rows_int8_portable(values, rows, columns, &codesRef, &scalesRef)
        #expect(codes == codesRef)
        #expect(scales == scalesRef)
        // The portable loop itself: round-half-away codes within half a step of every value.
        for r in 0..<rows where scalesRef[r] > 0 {
            for j in 0..<columns { #expect(abs(values[r * columns + j] - scalesRef[r] * Float(codesRef[r * columns + j])) <= scalesRef[r] * 0.5001) }
        }

        let width = rk_nibble_row_bytes(columns)
        var packed = [UInt8](repeating: 0, count: rows * width), packedRef = packed
        var s = scales, e = scales, m = scales, sRef = scales, eRef = scales, mRef = scales
        rk_quantize_rows_nibble(values, rows, columns, &packed, &s, &e, &m)
        rk_quantize_rows_nibble_portable(values, rows, columns, &packedRef, &sRef, &eRef, &mRef)
        #expect(packed == packedRef)
        #expect(s == sRef && m == mRef)
        for r in 0..<rows { #expect(abs(e[r] - eRef[r]) <= eRef[r] * 1e-6, "row \(r)") }
    }

    // MARK: - The loader

    func float32Npy(rows: Int, columns: Int, _ values: [Float]) -> Data {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        var data = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        data.append(contentsOf: Array(header.utf8))
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// A catalogue of 40 items; the files name 33 of them in a shuffled order, one row is zero.
    func files(half: Bool, in directory: String) throws -> (vectors: String, ids: String, catalog: Catalog, values: [Float], order: [Int]) {
        let catalog = Catalog(ids: (0..<40).map { "m\($0)" }, titles: (0..<40).map { "t\($0)" })
        var generator = SplitMix64(seed: 77)
        var order = Array(0..<40).shuffled(using: &generator)
        order.removeLast(7)
        let columns = 17
        var values = randomValues(order.count * columns, &generator)
        for j in 0..<columns { values[5 * columns + j] = 0 }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let vectors = directory + "/v.npy", ids = directory + "/ids.csv"
        try (half ? NpyWriter.float16(rows: order.count, columns: columns, values: values) : float32Npy(rows: order.count, columns: columns, values))
            .write(to: URL(fileURLWithPath: vectors))
        try ("item,text\n" + order.map { "m\($0),text \($0)\n" }.joined()).write(toFile: ids, atomically: true, encoding: .utf8)
        return (vectors, ids, catalog, half ? values.map { Float(Float16($0)) } : values, order)
    }

    @Test(arguments: [false, true], [false, true])
    func prepareAgreesWithReadAlignAndCentre(halfFile: Bool, halfSpace: Bool) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-prepare-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let f = try files(half: halfFile, in: directory)
        let old = try ItemEmbeddings.align(matrix: NpyReader.read(path: f.vectors), ids: EmbeddingIDs.read(path: f.ids), catalog: f.catalog, vectorsName: "v.npy")
        for centred in [false, true] {
            let want = centred ? old.centred() : old
            let got = try ItemEmbeddings.prepare(vectorsPath: f.vectors, idsPath: f.ids, catalog: f.catalog, centred: centred, halfPrecision: halfSpace)
            #expect(got.isCentred == centred && got.space.isHalfPrecision == halfSpace)
            #expect(got.space.hasVector == want.hasVector && got.space.texts == want.texts)
            #expect(maxDifference(got.mean, centred ? old.meanVector : [Float](repeating: 0, count: 17)) <= 1e-7)
            let tolerance: Float = halfSpace ? 1.0 / 2048 : 2e-6
            #expect(maxDifference(got.space.vectors, want.vectors) <= tolerance)
            for item in [0, 5, 39] { #expect(maxDifference(got.space.vector(of: item), want.vector(of: item)) <= tolerance) }
        }
        #expect(try ItemEmbeddings.load(vectorsPath: f.vectors, idsPath: f.ids, catalog: f.catalog).vectors == ItemEmbeddings.prepare(
            vectorsPath: f.vectors, idsPath: f.ids, catalog: f.catalog, centred: false, halfPrecision: false).space.vectors)
    }

    @Test("map() refuses every bad fixture with read()'s message")
    func mapRefusesLikeRead() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: NpyFixtures.directory).filter { $0.hasPrefix("bad_") && $0 != "bad_nan.npy" && $0 != "bad_inf_f2.npy" }
        #expect(names.count >= 10)
        for name in names {
            var readError: RecError?, mapError: RecError?
            do { _ = try NpyReader.read(path: NpyFixtures.path(name), displayName: name) } catch let e as RecError { readError = e }
            do { _ = try NpyReader.map(path: NpyFixtures.path(name), displayName: name) } catch let e as RecError { mapError = e }
            #expect(readError != nil && readError == mapError, "\(name)")
        }
        #expect(throws: RecError(file: "dir", "is a directory, not a .npy file")) { try NpyReader.map(path: NpyFixtures.directory, displayName: "dir") }
        #expect(throws: RecError(file: "nope.npy", "cannot open file")) { try NpyReader.map(path: NpyFixtures.path("nope.npy"), displayName: "nope.npy") }
        let mapped = try NpyReader.map(path: NpyFixtures.path("ok_f2_v3.npy"))
        #expect(mapped.rows == 2 && mapped.columns == 4 && (0..<8).map { mapped.value(at: $0).bitPattern } == NpyFixtures.values.map(\.bitPattern))
    }

    @Test("prepare() refuses non-finite values, row-count mismatches and unknown ids as load() did")
    func prepareRefusesLikeLoad() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-prepare-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let catalog = Catalog(ids: ["a", "b", "c"], titles: ["a", "b", "c"])
        let ids = directory + "/ids.csv", vectors = directory + "/v.npy"
        try "item\na\nb\n".write(toFile: ids, atomically: true, encoding: .utf8)
        for (name, text) in [("bad_nan.npy", "non-finite value nan at row 1, column 2"), ("bad_inf_f2.npy", "non-finite value inf at row 0, column 3")] {
            #expect(throws: RecError(file: name, text)) {
                try ItemEmbeddings.prepare(vectorsPath: NpyFixtures.path(name), idsPath: ids, catalog: catalog, vectorsDisplayName: name)
            }
        }
        try float32Npy(rows: 3, columns: 2, [1, 0, 0, 1, 1, 1]).write(to: URL(fileURLWithPath: vectors))
        #expect(throws: RecError(file: "v.npy", "has 3 rows but \(ids) lists 2 ids")) {
            try ItemEmbeddings.prepare(vectorsPath: vectors, idsPath: ids, catalog: catalog, vectorsDisplayName: "v.npy")
        }
        try "item\na\nzz\nc\n".write(toFile: ids, atomically: true, encoding: .utf8)
        #expect(throws: RecError(file: ids, line: 3, "unknown item 'zz' (not in the catalogue)")) {
            try ItemEmbeddings.prepare(vectorsPath: vectors, idsPath: ids, catalog: catalog)
        }
    }

    // MARK: - A model over a float16-only space

    @Test func halfSpaceModelPrunesExactlyAndMatchesTheFloatSpace() throws {
        var generator = SplitMix64(seed: 31)
        let items = 5000, columns = 40
        let values = randomValues(items * columns, &generator)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-prepare-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let catalog = Catalog(ids: (0..<items).map { "i\($0)" }, titles: (0..<items).map { "t\($0)" })
        try NpyWriter.float16(rows: items, columns: columns, values: values).write(to: URL(fileURLWithPath: directory + "/v.npy"))
        try ("item\n" + (0..<items).map { "i\($0)\n" }.joined()).write(toFile: directory + "/ids.csv", atomically: true, encoding: .utf8)
        let half = try ItemEmbeddings.prepare(vectorsPath: directory + "/v.npy", idsPath: directory + "/ids.csv", catalog: catalog, halfPrecision: true)
        let float = try ItemEmbeddings.prepare(vectorsPath: directory + "/v.npy", idsPath: directory + "/ids.csv", catalog: catalog, halfPrecision: false)
        let pruning = SemanticRecommender(prepared: half, twoStage: true), scanning = SemanticRecommender(prepared: half, twoStage: false)
        let reference = SemanticRecommender(prepared: float, halfPrecision: false)
        #expect(pruning.embeddings.halfRows?.bits == pruning.halfVectors?.bits && pruning.firstStage != nil && pruning.coarseStage != nil)
        let history = [WeightedItem(item: 1, weight: 2), WeightedItem(item: 30, weight: 1), WeightedItem(item: 4999, weight: 0.5)]
        let a = pruning.makeSemanticScorer(history: history), b = scanning.makeSemanticScorer(history: history)
        let r = reference.makeSemanticScorer(history: history)
        let full = scores(of: b, itemCount: items)
        #expect(maxDifference(full, scores(of: r, itemCount: items)) <= 2 * pow(2, -11) + Float(columns) * pow(2, -22))
        for k in [1, 10, 50] {
            var estimates = [Float]()
            let pruned = try #require(a.prunedTop(k: k, excluded: { $0 == 1 }, estimates: &estimates))
            #expect(pruned == TopK.select(full.enumerated().map { $0.offset == 1 ? -.infinity : $0.element }, k: k), "k \(k)")
        }
        for item in [0, 17, 4999] {
            #expect(pruning.similarItems(to: item, k: 10) == scanning.similarItems(to: item, k: 10))
            #expect(abs(pruning.embeddings.cosine(item, 3) - reference.embeddings.cosine(item, 3)) <= 2e-3)
            #expect(abs(a.score(of: item) - r.score(of: item)) <= 2e-3)
        }
        // The map and the user space read float16 rows block by block, as the float32 ones.
        let halfMap = try pruning.map(), floatMap = try reference.map()
        #expect(halfMap.hasPoint == floatMap.hasPoint)
        for item in [0, 17, 4999] {
            #expect(abs(abs(halfMap.points[item].x) - abs(floatMap.points[item].x)) <= 1e-2)
        }
        let space = pruning.userSpace(decay: .standard) { [history, [WeightedItem(item: 2, weight: 1)]] }
        let floatSpace = reference.userSpace(decay: .standard) { [history, [WeightedItem(item: 2, weight: 1)]] }
        #expect(space.hasProfile == floatSpace.hasProfile && maxDifference(space.profiles, floatSpace.profiles) <= 2e-3)
    }
}
