/// An algorithm recscope knows, by its CLI name (`content`, `itemknn`, …). The names and everything
/// else about each algorithm live in its descriptor (`AlgorithmDescriptor`), listed once in
/// `AlgorithmRegistry.all`; each algorithm's file declares its `Algorithm` constant.
public struct Algorithm: RawRepresentable, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    public let rawValue: String

    /// The registered algorithm of that name, or nil. Cost: a scan of the registry (a handful).
    public init?(rawValue: String) {
        guard AlgorithmRegistry.all.contains(where: { $0.algorithm.rawValue == rawValue }) else { return nil }
        self.rawValue = rawValue
    }

    /// For the constants each algorithm's file declares.
    init(named name: String) { rawValue = name }

    /// Every registered algorithm, in registry order (the explorer's `a` cycle, `eval`'s rows).
    public static var allCases: [Algorithm] { AlgorithmRegistry.all.map(\.algorithm) }

    public var description: String { rawValue }
}

/// What one algorithm says about itself: its name, how it is built (fitted, restored from the model
/// cache, or taken from the engine), which parameters it reports, whether it can serve a data set and
/// whether it can be a hybrid component. The CLI, `eval`, the hybrid and the explorer iterate
/// `AlgorithmRegistry.all` instead of naming algorithms, so a new algorithm is its own file (model,
/// scorer, descriptor) plus one line in the registry.
public protocol AlgorithmDescriptor: Sendable {
    var algorithm: Algorithm { get }
    /// One line for help texts.
    var summary: String { get }
    /// True when the model is fitted on the interaction matrix (and worth caching / fitting in the
    /// background); false for models the engine builds at once (content, popularity) or that come
    /// with the data (semantic).
    var isFitted: Bool { get }
    /// Position among the live hybrid's weight-0 components (lower first); nil when the algorithm can
    /// never be a hybrid component.
    var hybridOrder: Int? { get }
    /// Nil when the algorithm can serve `dataset`, else a one-line reason (EASE above its item limit).
    /// Such an algorithm is left out wherever it would appear, with this note.
    func unavailableReason(for dataset: Dataset) -> String?
    /// Builds the model from `factory`'s matrix, data set, configuration and cache. Cost: the fit, or a
    /// cache read.
    func build(in factory: ModelFactory, progress: (String) -> Void) throws -> ModelFactory.FittedModel
    /// For models that come with the data: what the user gives to get one (appended to "not
    /// available" errors); nil otherwise.
    var howToProvide: String? { get }
}

extension AlgorithmDescriptor {
    public func unavailableReason(for dataset: Dataset) -> String? { nil }
    public var howToProvide: String? { nil }
}

/// The one list of algorithms.
public enum AlgorithmRegistry {
    /// Every algorithm, in the order they are offered (the explorer's `a` cycle, `eval`'s rows).
    public static let all: [any AlgorithmDescriptor] = [
        ContentAlgorithm(),
        PopularityAlgorithm(),
        ItemKNNAlgorithm(),
        ALSAlgorithm(),
        EASEAlgorithm(),
        SemanticAlgorithm(),
        FactorsAlgorithm(),
        HybridAlgorithm(),
    ]

    /// The descriptor of `algorithm`. Every `Algorithm` value is registered, so this never fails for one
    /// made by `init?(rawValue:)` or a declared constant.
    public static func descriptor(_ algorithm: Algorithm) -> any AlgorithmDescriptor {
        guard let found = all.first(where: { $0.algorithm == algorithm }) else {
            preconditionFailure("algorithm '\(algorithm.rawValue)' is declared but not in AlgorithmRegistry.all")
        }
        return found
    }

    /// The algorithm named `name` (case-insensitive), or a one-line error listing the known names.
    public static func parse(_ name: String, context: String = "") throws -> Algorithm {
        guard let algorithm = Algorithm(rawValue: name.lowercased()) else {
            throw RecError("unknown algorithm '\(name)'\(context.isEmpty ? "" : " in \(context)") (known: \(names))")
        }
        return algorithm
    }

    /// "content, popularity, itemknn, …" for messages and help.
    public static var names: String { all.map(\.algorithm.rawValue).joined(separator: ", ") }

    /// `algorithms` split into those that can serve `dataset` and one-line notes for those left out.
    public static func servable(_ algorithms: [Algorithm], for dataset: Dataset) -> (usable: [Algorithm], notes: [String]) {
        var usable: [Algorithm] = []
        var notes: [String] = []
        for algorithm in algorithms {
            if let reason = descriptor(algorithm).unavailableReason(for: dataset) {
                notes.append("\(algorithm.rawValue) left out: \(reason)")
            } else {
                usable.append(algorithm)
            }
        }
        return (usable, notes)
    }
}
