import Foundation
import Testing
@testable import RecEngine

/// Models handed to `ModelFactory` from outside report real parameters (regression: `eval` printed an
/// empty "factors: " line for `--factors DIR`).
@Suite struct ExternalModelParametersTests {
    @Test func importedFactorsReportDimensionFoldInAndCoverage() throws {
        let dataset = FactorModelTests.dataset()
        let model = try FactorModel.load(directory: try FactorModelTests.directory(), dataset: dataset)
        let engine = Engine(dataset: dataset)
        let factory = ModelFactory(matrix: engine.collaborativeMatrix, dataset: dataset)
        factory.external[.factors] = FactorsRecommender(model: model, regularization: 3, alpha: 0.5)
        let fitted = try factory.model(.factors)
        #expect(fitted.parameters.map { "\($0.0)=\($0.1)" } == [
            "dimension=2", "fold_in_regularization=3.0", "fold_in_alpha=0.5", "items_with_factors=6/7", "users_with_factors=2/2",
        ])
    }

    @Test func semanticReportsDimensionCoverageAndStorage() throws {
        let catalog = Catalog(ids: ["a", "b", "c"])
        let embeddings = ItemEmbeddings(dimension: 4, rows: [[1, 0, 0, 0], nil, [0, 1, 0, 0]])
        let dataset = Dataset(name: "s", format: .generic, catalog: catalog, users: UserTable(ids: ["u"]), eventsByUser: [[]])
        let factory = ModelFactory(matrix: Engine(dataset: dataset).collaborativeMatrix, dataset: dataset)
        factory.external[.semantic] = SemanticRecommender(embeddings: embeddings, centred: false)
        let parameters = try factory.model(.semantic).parameters
        #expect(parameters.map(\.0) == ["dimension", "items_with_vectors", "vectors", "centred"])
        #expect(parameters.map(\.1) == ["4", "2/3", "float32", "no"])
    }
}
