import RecEngine

/// The semantic rows of `recscope bench` (only when the data directory has embeddings, or the
/// `--item-embeddings`/`--item-ids` flags name some).
enum SemanticBench {
    /// Runs `SemanticBenchmark` and returns the text lines and the JSON object; nil without embeddings.
    static func run(engine: Engine, options: EmbeddingOptions, loads: Int, users: Int, clicks: Int) throws -> (lines: [String], json: JSONValue)? {
        let files: (vectors: String, ids: String)
        if let vectors = options.itemEmbeddings, let ids = options.itemIds {
            files = (vectors, ids)
        } else if let found = ItemEmbeddings.defaultFiles(in: engine.directory) {
            files = found
        } else {
            return nil
        }
        let r = try SemanticBenchmark.run(engine: engine, vectorsPath: files.vectors, idsPath: files.ids, loads: loads, users: users, clicks: clicks)
        let method = r.twoStage
            ? "exact top-K: \(r.fourBitStage ? "4-bit then int8" : "int8") estimates (\(QuantizedRows.usesVNNI ? "AVX-512 VNNI" : "widened to float32")) with bounds, float16 rescoring, \(r.threads) threads"
            : (r.halfPrecision ? "float16 kernel (\(r.vectorKernel ? "AVX2/F16C" : "portable C")), \(r.threads) threads" : "sgemv") + " + top-K"
        let lines = [
            "semantic space (\(grouped(r.items)) × \(r.dimension)):",
            "  load embeddings      median " + column(fixed(r.load.median / 1000, 1), 7, alignRight: true) + " ms   (\(r.load.count) runs)",
            "  click → top-10       median " + column(fixed(r.clickTop10.median, 1), 7, alignRight: true) + " µs   p99 " + column(fixed(r.clickTop10.p99, 1), 7, alignRight: true)
                + " µs (profile axpy + \(method); "
                + "\(fixed(Double(r.bytesPerClick) / 1e6, 0)) MB at \(fixed(gigabytesPerSecond(r.bytesPerClick, r.clickTop10.median), 1)) GB/s)",
            "  similar items (k=10) median " + column(fixed(r.similarItems.median, 1), 7, alignRight: true) + " µs",
            "  PCA map fit          median " + column(fixed(r.map.median / 1000, 1), 7, alignRight: true) + " ms   (\(r.map.count) runs)",
        ]
        let json: JSONValue = .object([
            ("items", .int(r.items)), ("dimension", .int(r.dimension)),
            ("load_ms_median", .double(r.load.median / 1000)),
            ("click_top10_us", .object([("median", .double(r.clickTop10.median)), ("p99", .double(r.clickTop10.p99)), ("clicks", .int(r.clickTop10.count))])),
            ("half_precision", .bool(r.halfPrecision)), ("two_stage", .bool(r.twoStage)), ("vector_kernel", .bool(r.vectorKernel)), ("bytes_per_click", .int(r.bytesPerClick)),
            ("gb_per_s", .double(gigabytesPerSecond(r.bytesPerClick, r.clickTop10.median))),
            ("similar_items_us_median", .double(r.similarItems.median)),
            ("map_fit_ms_median", .double(r.map.median / 1000)),
        ])
        return (lines, json)
    }
}
