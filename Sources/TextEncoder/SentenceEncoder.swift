import CLinearAlgebra
import Dispatch
import Foundation

/// all-MiniLM-L6-v2 in process: text → 384-d L2-normalised sentence vector, as sentence-transformers
/// computes it (WordPiece tokens, 6-layer BERT, mean pooling, normalisation).
///
/// ```swift
/// let encoder = try SentenceEncoder(directory: ModelLocation.directory())
/// let vector = encoder.encode("funny space adventure").vector   // 384 floats, norm 1
/// ```
///
/// Loading maps `model.safetensors` and reads `vocab.txt` and `config.json` (tens of milliseconds).
/// Encoding costs ≈ 21 MFLOP per token (see `flops(tokens:)`); batches are sorted by length and packed
/// without padding. Instances are immutable and safe to share across threads.
public final class SentenceEncoder: Sendable {
    /// The vector of one text.
    public struct Encoding: Sendable, Equatable {
        /// L2-normalised, `dimensions` floats.
        public var vector: [Float]
        /// Tokens fed to the model, `[CLS]` and `[SEP]` included (≤ `maxTokens`).
        public var tokenCount: Int
        /// Whether the text was cut to `maxTokens`.
        public var truncated: Bool
    }

    public let directory: String
    public let configuration: BertConfiguration
    public let tokenizer: WordPieceTokenizer
    /// Longest input in tokens (sentence_bert_config.json's max_seq_length, 256 for this model).
    public let maxTokens: Int
    public var dimensions: Int { configuration.hiddenSize }
    /// The kernel short passes (≤ `packedRowLimit` tokens, e.g. one query) run on; `.sgemm` when the
    /// CPU lacks AVX-512 whatever was asked.
    public let smallBatchKernel: SmallBatchKernel
    /// Most tokens a pass may have to run on `smallBatchKernel`; longer passes run on sgemm.
    public static var packedRowLimit: Int { BertForward.packedRowLimit }
    private let weights: BertWeights
    private let packed: PackedWeights?

    /// Loads the model in `directory`. Throws one `EncoderError` line naming the file at fault: a
    /// missing directory or file (with the `make model` hint), a safetensors refusal, a config.json
    /// that is not this kind of model, a vocabulary whose size differs from the config, or tensors whose
    /// dtype or shape do not match. `smallBatchKernel` chooses how single queries multiply (packing the
    /// weights for it adds ≈ 20-40 ms to loading and 21 MB (float16) or 42 MB (float32) of memory).
    public init(directory: String, smallBatchKernel: SmallBatchKernel = .default) throws {
        self.directory = directory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw EncoderError(file: directory, "no such model directory; \(ModelLocation.fetchHint)")
        }
        for name in ["config.json", "vocab.txt", "model.safetensors"]
        where !FileManager.default.fileExists(atPath: directory + "/" + name) {
            throw EncoderError(file: directory + "/" + name, "missing; \(ModelLocation.fetchHint)")
        }
        let configPath = directory + "/config.json"
        let configuration = try BertConfiguration(file: configPath)
        let vocabPath = directory + "/vocab.txt"
        let tokenizer = try WordPieceTokenizer(vocabularyFile: vocabPath)
        guard tokenizer.pieces.count == configuration.vocabularySize else {
            throw EncoderError(file: vocabPath, "has \(tokenizer.pieces.count) tokens, config.json says vocab_size \(configuration.vocabularySize): files from different models")
        }
        let file = try SafeTensorsFile(path: directory + "/model.safetensors")
        let weights = try BertWeights(file: file, configuration: configuration, configSource: "config.json")
        self.weights = weights
        let kernel = SmallBatchKernel.packedAvailable ? smallBatchKernel : .sgemm
        self.smallBatchKernel = kernel
        self.packed = kernel == .sgemm ? nil : PackedWeights(weights, half: kernel == .packedFloat16)
        self.configuration = configuration
        self.tokenizer = tokenizer
        self.maxTokens = min(Self.maxSequenceLength(directory: directory) ?? 256, configuration.maxPositions)
    }

    private static func maxSequenceLength(directory: String) -> Int? {
        struct File: Decodable { let max_seq_length: Int? }
        guard let data = FileManager.default.contents(atPath: directory + "/sentence_bert_config.json"),
              let file = try? JSONDecoder().decode(File.self, from: data),
              let length = file.max_seq_length, length >= 2 else { return nil }
        return length
    }

    /// The token ids of `text` as the model sees them.
    public func tokenize(_ text: String) -> WordPieceTokenizer.Tokens {
        tokenizer.tokenize(text, maxTokens: maxTokens)
    }

    /// Encodes one text. Cost ≈ 21 MFLOP per token plus attention: a few milliseconds for a short query
    /// (see README, "The text encoder"). A text of at most `packedRowLimit` tokens runs on
    /// `smallBatchKernel`, its products split over `threads` threads (BLAS's own threads otherwise).
    /// `profile`, when given, receives the time of every stage.
    public func encode(_ text: String, threads: Int = 1, profile: EncoderProfile? = nil) -> Encoding {
        let tokens = profile.time(.tokenize) { tokenize(text) }
        let forward = BertForward(weights: weights, packed: packed, threads: max(1, threads), profile: profile)
        var vector = [Float](repeating: 0, count: dimensions)
        vector.withUnsafeMutableBufferPointer { forward.encode([tokens.ids], into: $0.baseAddress!) }
        return Encoding(vector: vector, tokenCount: tokens.ids.count, truncated: tokens.truncated)
    }

    /// Bytes of layer weights one short pass reads: the packed copy's size, or the float32 weights' for sgemm.
    public var smallBatchWeightBytes: Int {
        if let packed { return packed.bytes }
        let c = configuration
        return c.layerCount * c.hiddenSize * (4 * c.hiddenSize + 2 * c.intermediateSize) * MemoryLayout<Float>.size
    }

    /// Encodes `texts`, sorted by length into packed batches of at most `batchTokens` tokens, spread over
    /// `threads` workers (each calls BLAS on its own batches; set BLAS to one thread first with
    /// `SentenceEncoder.setBLASThreads(1)` when `threads` > 1). `progress` is called with the number of
    /// texts done after each batch, from the worker threads. Results are in input order.
    public func encode(_ texts: [String], threads: Int = 1, batchTokens: Int = 2048,
                       progress: (@Sendable (Int) -> Void)? = nil) -> [Encoding] {
        let tokens = texts.map { tokenize($0) }
        let order = tokens.indices.sorted { tokens[$0].ids.count > tokens[$1].ids.count }
        var batches: [[Int]] = []
        var current: [Int] = []
        var currentTokens = 0
        for index in order {
            let n = tokens[index].ids.count
            if !current.isEmpty && currentTokens + n > batchTokens {
                batches.append(current); current = []; currentTokens = 0
            }
            current.append(index)
            currentTokens += n
        }
        if !current.isEmpty { batches.append(current) }
        let packed = batches

        let h = dimensions
        let vectors = UnsafeMutablePointer<Float>.allocate(capacity: max(texts.count * h, 1))
        defer { vectors.deallocate() }
        let forward = BertForward(weights: weights, packed: self.packed)
        let output = SendablePointer(vectors)
        let counter = DoneCounter()
        let workers = max(1, min(threads, batches.count))
        let run: @Sendable (Int) -> Void = { worker in
            var b = worker
            while b < packed.count {
                let batch = packed[b]
                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: batch.count * h)
                forward.encode(batch.map { tokens[$0].ids }, into: scratch)
                for (k, index) in batch.enumerated() {
                    (output.pointer + index * h).update(from: scratch + k * h, count: h)
                }
                scratch.deallocate()
                let done = counter.add(batch.count)
                progress?(done)
                b += workers
            }
        }
        if workers == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: run) }
        return tokens.indices.map { index in
            Encoding(vector: Array(UnsafeBufferPointer(start: vectors + index * h, count: h)),
                     tokenCount: tokens[index].ids.count, truncated: tokens[index].truncated)
        }
    }

    /// Flops to encode one sequence of `tokens` tokens (linear layers and attention).
    public func flops(tokens: Int) -> Double { BertForward.flops(tokens: tokens, configuration) }

    /// Sets OpenBLAS's thread count for the whole process (e.g. 1 before `encode(threads: 2)`, so each
    /// worker's products run on its own core). Not safe while another thread is inside BLAS.
    public static func setBLASThreads(_ count: Int) { openblas_set_num_threads(Int32(max(1, count))) }

    /// OpenBLAS's current thread count.
    public static var blasThreads: Int { Int(openblas_get_num_threads()) }
}

/// A raw output pointer handed to worker threads that write disjoint rows.
private struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    init(_ pointer: UnsafeMutablePointer<Float>) { self.pointer = pointer }
}

/// Texts finished so far, across workers.
private final class DoneCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    func add(_ count: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        done += count
        return done
    }
}
