import Testing
@testable import RecEngine

/// Values checked against hand computation (N = 4 items, see `tinyCatalog`):
/// df(Comedy) = 3, df(Drama) = 2, df(funny) = 2; idf = ln((1+N)/(1+df)) + 1
///   idf(Comedy) = ln(5/4) + 1 = 1.2231436, idf(Drama) = idf(funny) = ln(5/3) + 1 = 1.5108256.
/// A: Comedy tf 1, funny tf 1 + ln 2 → (1.2231436, 2.5580175) / 2.8354528 = (0.4313775, 0.9021715).
/// B: Comedy, Drama → (1.2231436, 1.5108256) / 1.9438804 = (0.6292275, 0.7772212).
/// C: Drama, funny (tf 1) → (0.7071068, 0.7071068).  D: Comedy → 1.
@Suite struct ContentFeaturesTests {
    let features = ContentFeatures(catalog: tinyCatalog())

    func weight(_ item: Int, _ name: String) -> Float {
        features.namedVector(of: item).first { $0.feature == name }?.value ?? 0
    }

    @Test func dimensionsAndIdf() {
        #expect(features.featureNames == ["genre:Comedy", "genre:Drama", "tag:funny"])
        #expect(abs(features.idf[0] - 1.2231436) < 1e-6)
        #expect(abs(features.idf[1] - 1.5108256) < 1e-6)
        #expect(abs(features.idf[2] - 1.5108256) < 1e-6)
    }

    @Test func tfidfWeightsAreNormalised() {
        #expect(abs(weight(0, "genre:Comedy") - 0.4313775) < 1e-6)
        #expect(abs(weight(0, "tag:funny") - 0.9021715) < 1e-6)
        #expect(abs(weight(1, "genre:Comedy") - 0.6292275) < 1e-6)
        #expect(abs(weight(1, "genre:Drama") - 0.7772212) < 1e-6)
        #expect(abs(weight(2, "genre:Drama") - 0.7071068) < 1e-6)
        #expect(abs(weight(3, "genre:Comedy") - 1) < 1e-6)
    }

    @Test func cosines() {
        #expect(abs(features.cosine(0, 1) - 0.2714346) < 1e-6)   // 0.4313775 × 0.6292275
        #expect(abs(features.cosine(0, 2) - 0.6379316) < 1e-6)   // 0.9021715 × 0.7071068
        #expect(abs(features.cosine(1, 2) - 0.5495784) < 1e-6)   // 0.7772212 × 0.7071068
        #expect(features.cosine(2, 3) == 0)
    }

    @Test func similarItemsRankByCosineAndSkipZeros() {
        let similar = features.similarItems(to: 0, k: 10)
        #expect(similar.map(\.item) == [2, 3, 1])   // 0.638, 0.431, 0.271
        #expect(abs(similar[1].score - 0.4313775) < 1e-6)
        #expect(features.similarItems(to: 2, k: 10).map(\.item) == [0, 1])
    }

    @Test func itemWithoutFeaturesIsAZeroVector() {
        var catalog = tinyCatalog()
        catalog.ids.append("E"); catalog.titles.append("Empty"); catalog.genres.append([]); catalog.tags.append([]); catalog.texts.append("")
        let f = ContentFeatures(catalog: catalog)
        #expect(f.items.range(ofRow: 4).isEmpty)
        #expect(f.similarItems(to: 4, k: 3).isEmpty)
    }
}
