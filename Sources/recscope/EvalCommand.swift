import ArgumentParser
import Foundation
import RecEngine

extension ScoreNormalisation: ExpressibleByArgument {}

/// `recscope eval`: the temporal evaluation protocol over any algorithms, and `--tune` to choose
/// parameters on a validation split carved from the training data.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate algorithms with the temporal protocol (NDCG, precision, recall, hit rate, MAP @K, coverage, novelty, diversity, Gini).",
        discussion: """
        Protocol "temporal": every interaction counts once (weight 1); per user, events sorted by \
        (timestamp, item id), the last ceil(holdout × n) (at least 1) are held out; models are fitted on \
        the rest; each user's ranking covers every item not in their training set. Progress goes to \
        stderr. --tune instead searches parameters on a validation split carved from the training data \
        only (each user's last ceil(holdout × n) training events) and prints the best settings. \
        --as-recommend ranks each user's training history as recommend and the explorer do instead \
        (rating-centred event weights, 90-day half-life decay from the newest training event).
        """
    )

    static let defaultAlgorithms: [Algorithm] = [.popularity, .content, .itemKNN, .als, .ease, .hybrid]

    @Option(name: .long, help: ArgumentHelp("Comma-separated algorithms (default: popularity,content,itemknn,als,ease,hybrid, and semantic when item embeddings are found).", valueName: "a,b,..."))
    var algos: String?

    @Option(name: .customShort("k"), help: "Cut-off K of the ranking metrics.")
    var k: Int = 10

    @Option(name: .long, help: "Share of each user's newest events held out, in (0, 1].")
    var holdout: Double = 0.2

    @Option(name: .long, help: ArgumentHelp("Hybrid recipe instead of the tuned one: ALGO:WEIGHT[@HALF_LIFE/FLOOR],... e.g. ease:1@5/0.1,itemknn:0.2@20/0.1,als:0.1", valueName: "RECIPE"))
    var hybrid: String?

    @Option(name: .long, help: "Hybrid score normalisation: zscore, minmax or max.")
    var normalisation: ScoreNormalisation = .zScore

    @Flag(name: .customLong("as-recommend"), help: "Score each training history with the weights recommend and the explorer use (rating-centred, 90-day half-life decay) instead of weight 1.")
    var asRecommend = false

    @Flag(name: .long, help: "Search parameters on the validation split instead of evaluating.")
    var tune = false

    @OptionGroup var dataOptions: DataOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func validate() throws {
        guard k >= 1 && k <= 100_000 else { throw ValidationError("-k must be between 1 and 100000, got \(k)") }
        guard holdout > 0 && holdout <= 1 && holdout.isFinite else { throw ValidationError("--holdout must be in (0, 1], got \(holdout)") }
        _ = try algorithms()
        if let hybrid {
            do { _ = try HybridConfiguration.parse(hybrid) } catch let error as RecError { throw ValidationError(error.description) }
        }
    }

    func algorithms() throws -> [Algorithm] {
        guard let algos else { return Self.defaultAlgorithms }
        let names = algos.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ValidationError("--algos needs at least one algorithm") }
        return try names.map { name in
            do { return try AlgorithmRegistry.parse(name, context: "--algos") } catch let error as RecError { throw ValidationError(error.message) }
        }
    }

    func run() throws {
        let directory = dataOptions.resolvedDirectory()
        let dataset = try DatasetLoader.load(directory: directory, options: LoadOptions(lenient: dataOptions.lenient))
        if let summary = dataset.skipped.summary { progress("warning: \(summary)") }
        let split = try TemporalSplit(events: dataset.eventsByUser, itemCount: dataset.catalog.count, holdout: holdout)
        if tune {
            try runTuning(dataset: dataset, split: split)
            return
        }
        let cache = dataOptions.noCache ? nil : ModelCache(directory: ModelCache.defaultDirectory())
        var configuration = ModelConfiguration.tuned
        if let hybrid { configuration.hybrid = try HybridConfiguration.parse(hybrid, normalisation: normalisation) }
        else { configuration.hybrid.normalisation = normalisation }
        let factory = ModelFactory(matrix: split.trainingMatrix, dataset: split.trainingDataset(of: dataset), configuration: configuration, cache: cache)
        let hasSemantic = try dataOptions.embeddings.offerSemantic(to: factory, catalog: dataset.catalog, directory: directory)
        if let factors = dataOptions.factors {
            // Imported factors are taken as they are (trained elsewhere, possibly on the held-out events too).
            let model = try FactorModel.load(directory: factors, dataset: dataset)
            for note in model.notes { progress("eval: note: \(note)") }
            factory.external[.factors] = FactorsRecommender(model: model, regularization: dataOptions.factorsLambda, alpha: dataOptions.factorsAlpha)
        }
        let features = factory.contentFeatures()
        let histories = asRecommend ? Evaluator.asRecommendHistories(split: split) : nil
        var rows: [(Algorithm, ModelFactory.FittedModel, EvaluationMetrics)] = []
        let (usable, notes) = AlgorithmRegistry.servable(try algorithms() + (algos == nil && hasSemantic ? [.semantic] : [])
                                                                  + (algos == nil && dataOptions.factors != nil ? [.factors] : []), for: dataset)
        for note in notes { progress("eval: note: \(note)") }
        for algorithm in usable {
            progress("eval: fitting \(algorithm.rawValue)")
            let fitted = try factory.model(algorithm, progress: progress)
            progress("eval: ranking \(algorithm.rawValue) (\(fitted.fromCache ? "from cache" : "fitted in \(fixed(fitted.milliseconds, 0)) ms"))")
            let name = algorithm.rawValue
            let lists = Evaluator.rankings(model: fitted.model, split: split, k: k, histories: histories, progress: { done, total in
                if done == total || done % 200 == 0 { FileHandle.standardError.write(Data("eval: \(name) \(done)/\(total) users\n".utf8)) }
            })
            let metrics = Evaluator.metrics(rankings: lists, split: split, k: k, similarity: { Double(features.cosine($0, $1)) })
            rows.append((algorithm, fitted, metrics))
        }
        let users = rows.first?.2.users ?? split.heldOut.filter { !$0.isEmpty }.count
        if json {
            emit(.object([
                ("protocol", .string("temporal")), ("k", .int(k)), ("holdout", .double(holdout)),
                ("history_weights", .string(asRecommend ? "as-recommend" : "unit")),
                ("users", .int(users)), ("items", .int(dataset.catalog.count)),
                ("results", .array(rows.map { algorithm, fitted, m in
                    .object([
                        ("algorithm", .string(algorithm.rawValue)),
                        ("params", .object(fitted.parameters.map { ($0.0, Self.parameterJSON($0.1)) })),
                        ("precision", .double(Self.round(m.precision))), ("recall", .double(Self.round(m.recall))),
                        ("ndcg", .double(Self.round(m.ndcg))), ("hit_rate", .double(Self.round(m.hitRate))),
                        ("map", .double(Self.round(m.map))), ("coverage", .double(Self.round(m.coverage))),
                        ("novelty", .double(Self.round(m.novelty))), ("diversity", .double(Self.round(m.diversity))),
                        ("gini", .double(Self.round(m.gini))), ("fit_ms", .double((fitted.milliseconds * 10).rounded() / 10)),
                        ("cached", .bool(fitted.fromCache)),
                    ])
                })),
            ]))
            return
        }
        emit("recscope eval — protocol temporal, K=\(k), holdout \(holdout): \(grouped(users)) users, \(grouped(dataset.catalog.count)) items (\(dataset.name))")
        emit(asRecommend ? "history weights: as recommend (rating-centred, half-life 90 days)" : "history weights: 1 per training item (no decay)")
        let header = ["algorithm", "ndcg", "precision", "recall", "hit_rate", "map", "coverage", "novelty", "diversity", "gini", "fit_ms"]
        emit(column(header[0], 12) + header.dropFirst().map { column($0, 10, alignRight: true) }.joined())
        for (algorithm, fitted, m) in rows {
            let values = [m.ndcg, m.precision, m.recall, m.hitRate, m.map, m.coverage].map { fixed($0, 4) } + [fixed(m.novelty, 2), fixed(m.diversity, 3), fixed(m.gini, 3)]
            emit(column(algorithm.rawValue, 12) + values.map { column($0, 10, alignRight: true) }.joined()
                 + column(fitted.fromCache ? "cached" : fixed(fitted.milliseconds, 0), 10, alignRight: true))
        }
        for (algorithm, fitted, _) in rows {
            emit("  \(algorithm.rawValue): " + fitted.parameters.map { "\($0.0)=\($0.1)" }.joined(separator: " "))
        }
    }

    /// Searches item-kNN, EASE, ALS, recency emphasis and hybrid weights on the validation split.
    func runTuning(dataset: Dataset, split: TemporalSplit) throws {
        let tuner = try Tuner(split: split, k: k)
        var trials: [Tuner.Trial] = []
        let report: (Tuner.Trial) -> Void = { trial in
            trials.append(trial)
            progress("tune: \(trial.algorithm.rawValue) \(trial.parameters) → ndcg \(fixed(trial.ndcg, 4))")
        }
        let matrix = tuner.validation.trainingMatrix
        let wanted = Set(try algorithms())
        var configuration = ModelConfiguration.tuned
        if wanted.contains(.itemKNN) || wanted.contains(.hybrid) {
            let result = try tuner.search(.itemKNN, grid: Tuner.Grids.itemKNN, describe: { $0.description }, fit: { try ItemKNNRecommender.fit($1, parameters: $0) }, report: report)
            if let best = result.best { configuration.itemKNN = best }
        }
        if wanted.contains(.ease) || wanted.contains(.hybrid) {
            let result = try tuner.search(.ease, grid: Tuner.Grids.ease, describe: { $0.description }, fit: { try EASERecommender.fit($1, parameters: $0) }, report: report)
            if let best = result.best { configuration.ease = best }
        }
        if wanted.contains(.als) || wanted.contains(.hybrid) {
            let result = try tuner.search(.als, grid: Tuner.Grids.als, describe: { $0.description }, fit: { try ALSRecommender.fit($1, parameters: $0) }, report: report)
            if let best = result.best { configuration.als = best }
        }
        if wanted.contains(.hybrid) {
            let factory = ModelFactory(matrix: matrix, dataset: tuner.validation.trainingDataset(of: dataset), configuration: configuration)
            // Recency emphasis for the additive components, then the weights.
            var recipe = HybridConfiguration(components: [
                HybridComponent(algorithm: .ease, weight: 1), HybridComponent(algorithm: .itemKNN, weight: 0),
                HybridComponent(algorithm: .als, weight: 0), HybridComponent(algorithm: .popularity, weight: 0),
                HybridComponent(algorithm: .content, weight: 0),
            ])
            for index in [0, 1] {
                let base = try factory.model(recipe.components[index].algorithm).model
                let result = try tuner.search(base.algorithm, grid: [nil] + Tuner.Grids.recency.map { Optional($0) },
                                              describe: { "recency " + ($0?.description ?? "off") },
                                              fit: { parameters, _ in try parameters.map { try RecencyWeightedRecommender(base: base, parameters: $0) } ?? base },
                                              report: report)
                recipe.components[index].recency = result.best ?? nil
            }
            let result = try tuner.searchHybrid(start: recipe, factory: factory, report: report)
            configuration.hybrid = HybridConfiguration(components: result.best.components.filter { $0.weight != 0 }, normalisation: result.best.normalisation)
        }
        // Best per algorithm, and separately per algorithm with recency emphasis.
        func label(_ trial: Tuner.Trial) -> String { trial.algorithm.rawValue + (trial.parameters.hasPrefix("recency") && !trial.parameters.hasSuffix("off") ? "+recency" : "") }
        let best = Dictionary(grouping: trials, by: label).compactMapValues { $0.max { $0.ndcg < $1.ndcg } }
        if json {
            emit(.object([
                ("protocol", .string("temporal-validation")), ("k", .int(k)), ("holdout", .double(holdout)),
                ("trials", .array(trials.map { .object([("algorithm", .string($0.algorithm.rawValue)), ("params", .string($0.parameters)), ("ndcg", .double(Self.round($0.ndcg)))]) })),
                ("best", .object(best.sorted { $0.key < $1.key }.map { ($0.key, .object([("params", .string($0.value.parameters)), ("ndcg", .double(Self.round($0.value.ndcg)))])) })),
            ]))
            return
        }
        emit("recscope eval --tune — validation split carved from the training data (K=\(k), holdout \(holdout)); \(trials.count) trials")
        for (name, trial) in best.sorted(by: { $0.key < $1.key }) {
            emit("  best \(column(name, 16)) ndcg \(fixed(trial.ndcg, 4))  \(trial.parameters)")
        }
        emit("chosen: itemknn \(configuration.itemKNN.description); ease \(configuration.ease.description); als \(configuration.als.description); hybrid \(configuration.hybrid.description)")
    }

    static func round(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

    /// Numbers as JSON numbers, everything else as strings.
    static func parameterJSON(_ text: String) -> JSONValue {
        if let int = Int(text) { return .int(int) }
        if let double = Double(text), double.isFinite { return .double(double) }
        return .string(text)
    }
}

/// A progress line on stderr.
private func progress(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
