import Foundation
import Testing
@testable import RecEngine

@Suite("ItemEmbeddings")
struct ItemEmbeddingsTests {
    let catalog = Catalog(ids: ["10", "20", "30", "40"], titles: ["a", "b", "c", "d"])

    func ids(_ csv: String, file: String = "ids.csv") throws -> EmbeddingIDs {
        try EmbeddingIDs.from(CSVTable.parse(Data(csv.utf8), file: file))
    }

    func matrix(rows: Int, _ values: [Float]) -> NpyMatrix {
        NpyMatrix(rows: rows, columns: values.count / rows, values: values, storedType: .float32, version: (1, 0))
    }

    @Test("rows are aligned to the catalogue by id, normalised; missing and zero rows have no vector")
    func alignsAndNormalises() throws {
        let idList = try ids("item,text\n30,\"c, the \"\"third\"\"\"\n10,first\n40,zero\n")
        let m = matrix(rows: 3, [3, 4, 0,
                                 0, 0, 2,
                                 0, 0, 0])
        let e = try ItemEmbeddings.align(matrix: m, ids: idList, catalog: catalog, vectorsName: "v.npy")
        #expect(e.dimension == 3 && e.itemCount == 4)
        #expect(e.hasVector == [true, false, true, false])
        #expect(e.coveredCount == 2)
        #expect(Array(e.vector(of: 2)) == [0.6, 0.8, 0])
        #expect(Array(e.vector(of: 0)) == [0, 0, 1])
        #expect(Array(e.vector(of: 1)) == [0, 0, 0])
        #expect(e.texts == ["first", "", "c, the \"third\"", "zero"])
        #expect(e.cosine(0, 2) == 0)
        #expect(e.cosine(1, 2) == 0)
    }

    @Test("centring subtracts the mean of covered items and re-normalises, by hand")
    func centring() {
        // (1,0), (0,1), none: mean (0.5, 0.5); centred (0.5,−0.5)/|·| and (−0.5,0.5)/|·|.
        let e = ItemEmbeddings(dimension: 2, rows: [[2, 0], [0, 5], nil])
        #expect(e.meanVector == [0.5, 0.5])
        let c = e.centred()
        let h = 1 / Float(2).squareRoot()
        #expect(c.hasVector == [true, true, false])
        #expect(abs(c.vectors[0] - h) < 1e-6 && abs(c.vectors[1] + h) < 1e-6)
        #expect(abs(c.cosine(0, 1) + 1) < 1e-6)
        // Two identical vectors centre to zero: no vector left.
        #expect(ItemEmbeddings(dimension: 2, rows: [[1, 1], [2, 2]]).centred().hasVector == [false, false])
    }

    @Test("row count must match the ids file")
    func rowCountMismatch() throws {
        let idList = try ids("item\n10\n20\n", file: "my_ids.csv")
        #expect(throws: RecError(file: "v.npy", "has 3 rows but my_ids.csv lists 2 ids")) {
            try ItemEmbeddings.align(matrix: matrix(rows: 3, [1, 2, 3]), ids: idList, catalog: catalog, vectorsName: "v.npy")
        }
    }

    @Test("an id unknown to the catalogue is refused with its line")
    func unknownID() throws {
        let idList = try ids("item\n10\n99\n", file: "my_ids.csv")
        #expect(throws: RecError(file: "my_ids.csv", line: 3, "unknown item '99' (not in the catalogue)")) {
            try ItemEmbeddings.align(matrix: matrix(rows: 2, [1, 2]), ids: idList, catalog: catalog, vectorsName: "v.npy")
        }
    }

    @Test("the ids file needs an item column and unique, non-empty ids")
    func idsFileChecks() throws {
        #expect(throws: RecError(file: "ids.csv", line: 1, "missing column 'item' (header has: id, text)")) {
            try ids("id,text\n10,x\n")
        }
        #expect(throws: RecError(file: "ids.csv", line: 4, "duplicate item id '10' (first on line 2)")) {
            try ids("item\n10\n20\n10\n")
        }
        #expect(throws: RecError(file: "ids.csv", line: 3, "empty item id")) {
            try ids("item,text\n10,x\n,y\n")
        }
    }

    @Test("load reads both files from disk and names them in errors")
    func loadFromDisk() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-emb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let idsPath = dir.appendingPathComponent("ids.csv").path
        try "item\n20\n40\n".write(toFile: idsPath, atomically: true, encoding: .utf8)
        let e = try ItemEmbeddings.load(vectorsPath: NpyFixtures.path("ok_f2_v1.npy"), idsPath: idsPath, catalog: catalog,
                                        vectorsDisplayName: "ok.npy", idsDisplayName: "ids.csv")
        #expect(e.dimension == 4)
        #expect(e.hasVector == [false, true, false, true])
        let row0 = NpyFixtures.values[0..<4]
        let norm = row0.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        for (got, raw) in zip(e.vector(of: 1), row0) { #expect(abs(got - raw / norm) < 1e-6) }

        try "item\n20\n".write(toFile: idsPath, atomically: true, encoding: .utf8)
        #expect(throws: RecError(file: "ok.npy", "has 2 rows but ids.csv lists 1 ids")) {
            try ItemEmbeddings.load(vectorsPath: NpyFixtures.path("ok_f2_v1.npy"), idsPath: idsPath, catalog: catalog,
                                    vectorsDisplayName: "ok.npy", idsDisplayName: "ids.csv")
        }
    }

    @Test("SampleData's committed embeddings load and cover the whole catalogue")
    func sampleDataEmbeddings() throws {
        let data = try SampleDataFixture.dataset()
        let e = try SampleDataFixture.embeddings()
        #expect(e.itemCount == data.catalog.count)
        #expect(e.dimension == 384)
        #expect(e.coveredCount == data.catalog.count)
        let toyStory = try data.catalog.require("1")
        #expect(e.texts[toyStory].hasPrefix("Toy Story. Year: 1995. Genres: Adventure, Animation"))
    }
}

/// SampleData loaded once for the tests that need the real catalogue.
enum SampleDataFixture {
    static let directory: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("SampleData/movielens-small").path
    }()

    private static let loaded: Result<(Dataset, ItemEmbeddings), RecError> = {
        do {
            let data = try DatasetLoader.load(directory: directory)
            guard let files = ItemEmbeddings.defaultFiles(in: directory) else {
                return .failure(RecError(file: directory, "no item_embeddings.npy / item_embeddings_ids.csv"))
            }
            let embeddings = try ItemEmbeddings.load(vectorsPath: files.vectors, idsPath: files.ids, catalog: data.catalog)
            return .success((data, embeddings))
        } catch let error as RecError {
            return .failure(error)
        } catch {
            return .failure(RecError("\(error)"))
        }
    }()

    static func dataset() throws -> Dataset { try loaded.get().0 }
    static func embeddings() throws -> ItemEmbeddings { try loaded.get().1 }
}
