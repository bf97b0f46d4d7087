import Foundation
import Testing

/// The in-process encoder through the built binary: `encode`, `embed`, and the one-line answer when
/// the model is missing. The model comes from `make model` (make test runs it first).
@Suite(.serialized) struct EncoderCLITests {
    static let modelDirectory: String = {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["RECSCOPE_MODEL_DIR"], !dir.isEmpty { return dir }
        return (env["HOME"] ?? NSHomeDirectory()) + "/.cache/recscope/models/all-MiniLM-L6-v2"
    }()

    func requireModel() throws {
        let path = Self.modelDirectory + "/model.safetensors"
        guard FileManager.default.fileExists(atPath: path) else {
            Issue.record("these tests need the model at \(Self.modelDirectory): run `make model` (make test does)")
            throw CocoaError(.fileNoSuchFile)
        }
    }

    /// A float16 C-order .npy (as numpy and `recscope embed` write it) → (rows, columns, values).
    static func readFloat16Npy(_ path: String) throws -> (Int, Int, [Float]) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let major = bytes[6]
        let headerLength = major == 1 ? Int(bytes[8]) | Int(bytes[9]) << 8
            : Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        let start = (major == 1 ? 10 : 12) + headerLength
        let header = String(decoding: bytes[..<start], as: UTF8.self)
        #expect(header.contains("'<f2'"))
        let shape = header.split(separator: "(")[1].split(separator: ")")[0].split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces))! }
        var values: [Float] = []
        values.reserveCapacity(shape[0] * shape[1])
        var i = start
        while i + 1 < bytes.count {
            values.append(Float(Float16(bitPattern: UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8)))
            i += 2
        }
        return (shape[0], shape[1], values)
    }

    @Test func embedReproducesTheCommittedSampleDataVectors() throws {
        try requireModel()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-embed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: out) }
        let vectors = out.appendingPathComponent("items.npy").path
        let result = try BinaryRunner.run(["embed", "--out", vectors])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote 9,742 × 384 float16 vectors"))
        #expect(result.stderr.contains("ETA"), "progress goes to stderr")

        let committed = BinaryRunner.packageRoot.appendingPathComponent("SampleData/movielens-small")
        // The texts (the template) are the same byte for byte as Tools/embed_items.py wrote them.
        let ours = try String(contentsOfFile: out.appendingPathComponent("items_ids.csv").path, encoding: .utf8)
        let theirs = try String(contentsOf: committed.appendingPathComponent("item_embeddings_ids.csv"), encoding: .utf8)
        #expect(ours == theirs)

        let (rows, columns, a) = try Self.readFloat16Npy(vectors)
        let (rowsB, columnsB, b) = try Self.readFloat16Npy(committed.appendingPathComponent("item_embeddings.npy").path)
        #expect(rows == 9742 && columns == 384 && rows == rowsB && columns == columnsB)
        var worst = 1.0, worstRow = -1
        for r in 0..<min(rows, rowsB) {
            var dot = 0.0, na = 0.0, nb = 0.0
            for c in 0..<columns {
                let x = Double(a[r * columns + c]), y = Double(b[r * columns + c])
                dot += x * y; na += x * x; nb += y * y
            }
            let cosine = dot / (na.squareRoot() * nb.squareRoot())
            if cosine < worst { worst = cosine; worstRow = r }
        }
        #expect(worst >= 0.999, "lowest cosine \(worst) at row \(worstRow)")
    }

    @Test func encodeBothForms() throws {
        try requireModel()
        let json = try BinaryRunner.json(try BinaryRunner.run(["encode", "--json", "funny space adventure", ""]))
        #expect(json["model"] as? String == "all-MiniLM-L6-v2")
        #expect(json["dimensions"] as? Int == 384)
        let vectors = try #require(json["vectors"] as? [[String: Any]])
        #expect(vectors.count == 2)
        #expect(vectors[0]["text"] as? String == "funny space adventure")
        #expect(vectors[0]["tokens"] as? Int == 5)
        #expect(vectors[1]["tokens"] as? Int == 2)
        let vector = try #require(vectors[0]["vector"] as? [Double])
        #expect(vector.count == 384)
        #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)

        let text = try BinaryRunner.run(["encode", "hello world"])
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n")
        #expect(lines.first == "\"hello world\" — 4 tokens, 384 dimensions:")
        #expect(lines.count == 2 && lines[1].split(separator: " ").count == 384)

        let long = try BinaryRunner.run(["encode", "--json", String(repeating: "word ", count: 400)])
        let longVectors = try #require(try BinaryRunner.json(long)["vectors"] as? [[String: Any]])
        #expect(longVectors[0]["tokens"] as? Int == 256)
        #expect(longVectors[0]["truncated"] as? Bool == true)
        let longText = try BinaryRunner.run(["encode", String(repeating: "word ", count: 400)])
        #expect(longText.stdout.contains("256 tokens, truncated to 256"))
    }

    @Test func missingModelIsOneLineWithTheFixAndOtherCommandsStillWork() throws {
        let missing = "/nonexistent/recscope-model"
        for arguments in [["encode", "hi"], ["embed", "--out", "/tmp/never.npy"], ["bench", "--encoder"]] {
            let result = try BinaryRunner.run(arguments, environment: ["RECSCOPE_MODEL_DIR": missing])
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr == "Error: no all-MiniLM-L6-v2 model in \(missing): run `make model` to fetch it (about 84 MB, once), or point --model / RECSCOPE_MODEL_DIR at it\n", "\(arguments)")
        }
        let other = try BinaryRunner.run(["recommend", "--user", "1", "-k", "3"], environment: ["RECSCOPE_MODEL_DIR": missing])
        #expect(other.status == 0 && other.stdout.contains("Top 3 for user 1"))
        // A directory from another model: one line naming the file.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recscope-othermodel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"model_type": "gpt2", "n_embd": 768}"#.utf8).write(to: dir.appendingPathComponent("config.json"))
        try Data("[PAD]\n".utf8).write(to: dir.appendingPathComponent("vocab.txt"))
        try Data([1, 2, 3]).write(to: dir.appendingPathComponent("model.safetensors"))
        let wrong = try BinaryRunner.run(["encode", "--model", dir.path, "hi"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr == "Error: \(dir.path)/config.json: not a BERT config.json (missing hidden_size)\n")
    }

    @Test func searchAudienceAndRecommendIntentBothForms() throws {
        try requireModel()
        let search = try BinaryRunner.json(try BinaryRunner.run(["search", "--query", "scary haunted house", "-k", "3", "--json"]))
        #expect(search["query"] as? String == "scary haunted house")
        let found = try #require(search["items"] as? [[String: Any]])
        #expect(found.count == 3 && found.map { $0["rank"] as? Int } == [1, 2, 3])
        #expect(found.contains { ($0["title"] as? String ?? "").contains("Haunted") }, "\(found)")
        let sims = found.compactMap { $0["similarity"] as? Double }
        #expect(sims == sims.sorted(by: >))
        let searchText = try BinaryRunner.run(["search", "--query", "scary haunted house", "-k", "3"])
        #expect(searchText.status == 0 && searchText.stdout.contains("Haunted"))

        let audience = try BinaryRunner.json(try BinaryRunner.run(["audience", "--text", "an animated film about a lost robot", "-k", "4", "--json"]))
        #expect(audience["text"] as? String == "an animated film about a lost robot")
        #expect((audience["users"] as? [[String: Any]])?.count == 4)
        let similar = try #require(audience["similar_items"] as? [[String: Any]])
        #expect(similar.contains { ($0["title"] as? String ?? "").contains("Robot") }, "\(similar)")
        let audienceText = try BinaryRunner.run(["audience", "--text", "an animated film about a lost robot", "-k", "4"])
        #expect(audienceText.status == 0 && audienceText.stdout.contains("nearest existing items:"))

        let plain = try BinaryRunner.json(try BinaryRunner.run(["recommend", "--user", "1", "-k", "5", "--json"]))
        let moved = try BinaryRunner.json(try BinaryRunner.run(["recommend", "--user", "1", "-k", "5", "--intent", "funny space adventure", "--intent-weight", "0.5", "--json"]))
        let intent = try #require(moved["intent"] as? [String: Any])
        #expect(intent["text"] as? String == "funny space adventure" && intent["weight"] as? Double == 0.5)
        let items = try #require(moved["items"] as? [[String: Any]])
        #expect(items.allSatisfy { $0["intent_similarity"] is Double })
        #expect(items.map { $0["item"] as? String } != (plain["items"] as? [[String: Any]])?.map { $0["item"] as? String }, "the intent moves the ranking")
        let words = try BinaryRunner.run(["recommend", "--new-user", "-k", "3", "--intent", "scary haunted house"])
        #expect(words.status == 0 && words.stdout.contains("words alone") && words.stdout.contains("Haunted"))

        let empty = try BinaryRunner.run(["recommend", "--user", "1", "--intent", "   "])
        #expect(empty.status != 0 && empty.stderr.contains("--intent is empty"))
        let emptyQuery = try BinaryRunner.run(["search", "--query", ""])
        #expect(emptyQuery.status == 1 && emptyQuery.stderr == "Error: --query is empty: give some words, e.g. --query \"funny space adventure\"\n")
    }
}
