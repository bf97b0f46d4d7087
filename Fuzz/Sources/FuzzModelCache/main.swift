import Foundation
import FuzzSupport
@testable import RecEngine

/// The model cache's decoders. The first input byte picks the path, the rest is the bytes it reads:
/// - 0: a whole cache file (`ModelCache.load(data:…)`: magic, key, parameter string, payload length,
///   payload, checksum) holding an item-kNN model;
/// - 1, 2, 3: a payload straight into `ItemKNNRecommender.decode`, `ALSRecommender.decode`,
///   `EASERecommender.decode` (the checksum would otherwise keep mutated payloads from ever reaching them).
/// A decoded model is then used as a session would: a scorer over a two-item history, every score,
/// an explanation and the similar items of the first and last item — none may trap.
enum Fixed {
    /// Key and parameters the whole-file seeds were written with (Fuzz/Tools/make_seeds.py).
    static let key: UInt64 = 0x0123_4567_89AB_CDEF
    static let knn = ItemKNNParameters.tuned
    static let als = ALSParameters(factors: 4)
    static let ease = EASEParameters.tuned
}

func exercise(_ model: any Recommender) {
    let n = model.itemCount
    guard n > 0 else { return }
    let scorer = model.makeScorer(history: [WeightedItem(item: 0, weight: 1), WeightedItem(item: n - 1, weight: 2)])
    scorer.apply([WeightedItem(item: n / 2, weight: 1.5)])
    var scores = [Float](repeating: 0, count: n)
    scorer.score(into: &scores)
    _ = scorer.explain(item: n - 1)
    _ = model.similarItems(to: 0, k: 5)
    _ = model.similarItems(to: n - 1, k: 5)
}

func fuzzOne(_ input: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = input else { return 0 }
    guard size >= 1 else { return 0 }
    let payload = Data(bytes: data + 1, count: size - 1)
    do {
        switch data[0] % 4 {
        case 0:
            let model = try ModelCache.load(data: payload, file: "fuzz.bin", key: Fixed.key, parameters: ItemKNNRecommender.cacheParameters(Fixed.knn),
                                            decode: { try ItemKNNRecommender.decode(from: &$0, parameters: Fixed.knn) })
            exercise(model)
        case 1:
            var reader = BinaryReader(data: payload, file: "fuzz.bin")
            exercise(try ItemKNNRecommender.decode(from: &reader, parameters: Fixed.knn))
        case 2:
            var reader = BinaryReader(data: payload, file: "fuzz.bin")
            exercise(try ALSRecommender.decode(from: &reader, parameters: Fixed.als))
        default:
            var reader = BinaryReader(data: payload, file: "fuzz.bin")
            exercise(try EASERecommender.decode(from: &reader, parameters: Fixed.ease))
        }
    } catch is RecError {
    } catch {
        FuzzInput.violated("decoder threw a non-RecError: \(error)")
    }
    return 0
}

FuzzMain.run(fuzzOne)
