import Foundation
import Testing
@testable import TextEncoder

/// Small safetensors files written by the tests: one valid, and one per refusal the issue lists.
@Suite("safetensors reader")
struct SafeTensorsTests {
    /// A temporary directory per test.
    final class Scratch {
        let directory: String
        init() {
            directory = NSTemporaryDirectory() + "recscope-safetensors-" + UUID().uuidString
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: directory) }

        /// Writes `header` (JSON text) and `data` in safetensors layout; `lengthOverride` replaces the
        /// 8-byte header length.
        func write(_ name: String, header: String, data: [UInt8], lengthOverride: UInt64? = nil) -> String {
            var bytes: [UInt8] = []
            let json = Array(header.utf8)
            withUnsafeBytes(of: (lengthOverride ?? UInt64(json.count)).littleEndian) { bytes.append(contentsOf: $0) }
            bytes += json + data
            let path = directory + "/" + name
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            return path
        }
    }

    static func floats(_ values: [Float]) -> [UInt8] {
        values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
    }

    func refusal(_ path: String) -> String? {
        do {
            _ = try SafeTensorsFile(path: path)
            return nil
        } catch let error as EncoderError {
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test("reads F32, F16 and BF16 tensors, in place and widened")
    func readsTensors() throws {
        let scratch = Scratch()
        let f16: [UInt8] = [Float16(1.5), Float16(-2)].flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
        let bf16: [UInt8] = [Float(3.0), Float(-0.5)].flatMap { v in
            withUnsafeBytes(of: UInt16(v.bitPattern >> 16).littleEndian) { Array($0) }
        }
        let header = #"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"F16","shape":[2],"data_offsets":[16,20]},"c":{"dtype":"BF16","shape":[2],"data_offsets":[20,24]},"ids":{"dtype":"I64","shape":[1],"data_offsets":[24,32]}}"#
        let path = scratch.write("ok.safetensors", header: header,
                                 data: Self.floats([1, 2, 3, 4]) + f16 + bf16 + [7, 0, 0, 0, 0, 0, 0, 0])
        let file = try SafeTensorsFile(path: path)
        #expect(file.tensors.count == 4)
        #expect(try file.floats("a", shape: [2, 2], shapeSource: "test") == [1, 2, 3, 4])
        #expect(try file.floats("b", shape: [2], shapeSource: "test") == [1.5, -2])
        #expect(try file.floats("c", shape: [2], shapeSource: "test") == [3, -0.5])
    }

    @Test("refuses a missing tensor, a non-float dtype and a wrong shape, naming the file")
    func refusesTensorUse() throws {
        let scratch = Scratch()
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"ids":{"dtype":"I64","shape":[1],"data_offsets":[8,16]}}"#
        let path = scratch.write("use.safetensors", header: header, data: Self.floats([1, 2]) + [UInt8](repeating: 0, count: 8))
        let file = try SafeTensorsFile(path: path)
        #expect(throws: EncoderError(file: path, "missing tensor b")) { try file.floats("b", shape: [2], shapeSource: "config.json") }
        #expect(throws: EncoderError(file: path, "tensor ids has dtype I64; only F32, F16 and BF16 are read")) {
            try file.floats("ids", shape: [1], shapeSource: "config.json")
        }
        #expect(throws: EncoderError(file: path, "tensor a has shape [2], config.json implies [3]")) {
            try file.floats("a", shape: [3], shapeSource: "config.json")
        }
    }

    @Test("refuses broken files with one line naming the file")
    func refusesBrokenFiles() {
        let scratch = Scratch()
        let two = Self.floats([1, 2])
        let cases: [(String, String, [UInt8], UInt64?, String)] = [
            ("length.safetensors", #"{}"#, two, 1_000_000, "header length 1000000 runs past the end of the file (18 bytes)"),
            ("json.safetensors", #"{"a": {"dtype": "F32", "shape": [2], "#, two, nil, "malformed JSON header (37 bytes)"),
            ("notobject.safetensors", #"[1, 2]"#, two, nil, "malformed JSON header (6 bytes)"),
            ("outside.safetensors", #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, two, nil,
             "tensor a has data_offsets [0, 16] outside the data (8 bytes)"),
            ("reversed.safetensors", #"{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}}"#, two, nil,
             "tensor a has data_offsets [8, 4] outside the data (8 bytes)"),
            ("size.safetensors", #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, two, nil,
             "tensor a has data_offsets [0, 8] (8 bytes), but F32 [3] needs 12"),
            ("overlap.safetensors", #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
             two, nil, "tensors a and b overlap (bytes 4..<8)"),
            ("dtype.safetensors", #"{"a":{"dtype":"F128","shape":[1],"data_offsets":[0,8]}}"#, two, nil,
             "tensor a has unknown dtype F128; only F32, F16 and BF16 are read"),
            ("nodtype.safetensors", #"{"a":{"shape":[2],"data_offsets":[0,8]}}"#, two, nil, "tensor a has no dtype"),
            ("noshape.safetensors", #"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, two, nil, "tensor a has no valid shape"),
            ("nooffsets.safetensors", #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0]}}"#, two, nil, "tensor a has no valid data_offsets"),
        ]
        for (name, header, data, length, message) in cases {
            let path = scratch.write(name, header: header, data: data, lengthOverride: length)
            #expect(refusal(path) == "\(path): \(message)")
        }
        let short = scratch.directory + "/short.safetensors"
        FileManager.default.createFile(atPath: short, contents: Data([1, 2, 3]))
        #expect(refusal(short) == "\(short): file of 3 bytes is too short for the 8-byte header length")
        let missing = scratch.directory + "/absent.safetensors"
        #expect(refusal(missing) == "\(missing): cannot open (No such file or directory)")
    }

    @Test("a model directory that is missing, incomplete, truncated or from another model is refused in one line")
    func refusesModelDirectories() throws {
        let scratch = Scratch()
        let missing = scratch.directory + "/nowhere"
        #expect(throws: EncoderError(file: missing, "no such model directory; \(ModelLocation.fetchHint)")) {
            try SentenceEncoder(directory: missing)
        }
        let dir = scratch.directory + "/model"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(throws: EncoderError(file: dir + "/config.json", "missing; \(ModelLocation.fetchHint)")) {
            try SentenceEncoder(directory: dir)
        }
        let config = #"{"model_type":"bert","hidden_size":8,"num_hidden_layers":1,"num_attention_heads":2,"intermediate_size":16,"hidden_act":"gelu","max_position_embeddings":16,"type_vocab_size":2,"vocab_size":5}"#
        FileManager.default.createFile(atPath: dir + "/config.json", contents: Data(config.utf8))
        FileManager.default.createFile(atPath: dir + "/vocab.txt", contents: Data("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n".utf8))
        // Truncated: the header promises more than the file holds.
        _ = scratch.write("model/model.safetensors", header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#,
                          data: [1, 2, 3])
        #expect(throws: EncoderError(file: dir + "/model.safetensors", "tensor a has data_offsets [0, 8] outside the data (3 bytes)")) {
            try SentenceEncoder(directory: dir)
        }
        // Valid file, but not this model's tensors.
        _ = scratch.write("model/model.safetensors", header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#,
                          data: Self.floats([1, 2]))
        #expect(throws: EncoderError(file: dir + "/model.safetensors", "missing tensor embeddings.word_embeddings.weight")) {
            try SentenceEncoder(directory: dir)
        }
        // Another model's config.
        FileManager.default.createFile(atPath: dir + "/config.json", contents: Data(config.replacingOccurrences(of: "\"bert\"", with: "\"gpt2\"").utf8))
        #expect(throws: EncoderError(file: dir + "/config.json", "model_type is gpt2, not bert: this is another model")) {
            try SentenceEncoder(directory: dir)
        }
        // A vocabulary from a different model.
        FileManager.default.createFile(atPath: dir + "/config.json", contents: Data(config.replacingOccurrences(of: "\"vocab_size\":5", with: "\"vocab_size\":30522").utf8))
        #expect(throws: EncoderError(file: dir + "/vocab.txt", "has 5 tokens, config.json says vocab_size 30522: files from different models")) {
            try SentenceEncoder(directory: dir)
        }
    }
}
