import ArgumentParser
import RecEngine

/// `--item-embeddings FILE --item-ids FILE`: semantic item vectors from any model. Without them, the
/// data directory's own `item_embeddings.npy` + `item_embeddings_ids.csv` are used when present
/// (SampleData ships them), enabling `--algo semantic` and `--space semantic`.
struct EmbeddingOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Item vectors: a 2-D float32/float16 .npy, one row per item (see docs/SEMANTIC.md).", valueName: "FILE"))
    var itemEmbeddings: String?

    @Option(name: .long, help: ArgumentHelp("CSV naming the item of each vector row: column 'item' (and optional 'text'), same order as the .npy.", valueName: "FILE"))
    var itemIds: String?

    func validate() throws {
        if (itemEmbeddings == nil) != (itemIds == nil) {
            throw ValidationError("--item-embeddings and --item-ids go together")
        }
    }

    /// Registers the semantic model on `engine` from the flags or the data directory's default files.
    func attach(to engine: Engine) throws {
        if let itemEmbeddings, let itemIds {
            try engine.attachSemantic(vectorsPath: itemEmbeddings, idsPath: itemIds)
        } else {
            try engine.attachDefaultSemantic()
        }
    }
}
