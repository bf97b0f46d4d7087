#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora into Fuzz/Corpus/<Target>/ (committed; rerun to regenerate).

Seeds are small slices of SampleData (MovieLens ml-latest-small), of the MovieLens 100K files in
../shared/data/movielens-100k when present (the committed seeds were made from it), the test fixtures,
and model-cache payloads built here in the exact format of Sources/RecEngine/Cache/BinaryCoding.swift.
Multi-file seeds join the files of a data directory with the byte 0x1E (see FuzzSupport).

Usage: python3 Fuzz/Tools/make_seeds.py   (from the repository root)
"""
import os
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "Fuzz", "Corpus")
SAMPLE = os.path.join(ROOT, "SampleData", "movielens-small")
ML100K = os.path.join(ROOT, "..", "shared", "data", "movielens-100k")
SEP = b"\x1e"


def write(target, name, data):
    directory = os.path.join(CORPUS, target)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def lines(path, count=None):
    with open(path, "rb") as f:
        data = f.read().split(b"\n")
    return data if count is None else data[:count]


def csv_seeds():
    for name, count in [("movies.csv", 12), ("ratings.csv", 12), ("tags.csv", 12), ("links.csv", 6), ("item_embeddings_ids.csv", 6)]:
        write("FuzzCSV", "sample-" + name, b"\n".join(lines(os.path.join(SAMPLE, name), count)) + b"\n")
    write("FuzzCSV", "pca_expected.csv", open(os.path.join(ROOT, "Tests/RecEngineTests/Fixtures/npy/pca_expected.csv"), "rb").read())
    write("FuzzCSV", "quoted.csv", b'\xef\xbb\xbfitem,text\r\n1,"a ""quoted"", multi\r\nline field"\r\n"2",\r\n\r\n3,plain\r\n')
    write("FuzzCSV", "ragged.csv", b"a,b,c\n1\n1,2,3,4\n,,\n")


def movielens_seeds():
    movies = lines(os.path.join(SAMPLE, "movies.csv"))
    head, body = movies[0], [l for l in movies[1:40] if l]
    ids = {l.split(b",")[0] for l in body}
    ratings = lines(os.path.join(SAMPLE, "ratings.csv"))
    rating_rows = [l for l in ratings[1:] if l and l.split(b",")[1] in ids][:30]
    tags = lines(os.path.join(SAMPLE, "tags.csv"))
    tag_rows = [l for l in tags[1:] if l and l.split(b",")[1] in ids][:15]
    files = [b"\n".join([head] + body) + b"\n", b"\n".join([ratings[0]] + rating_rows) + b"\n", b"\n".join([tags[0]] + tag_rows) + b"\n"]
    write("FuzzMovieLens", "sample-with-tags", SEP.join(files))
    write("FuzzMovieLens", "sample-no-tags", SEP.join(files[:2]))
    write("FuzzMovieLens", "bad-rows", SEP.join([
        b'movieId,title,genres\n1,"Toy Story (1995)",Adventure|Animation\n2,Heat (1995),(no genres listed)\n2,Dup,Drama\n',
        b"userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,2,x,964981247\n2,9,3,1\n2,1,-1,2\n3,2,5,2018-09-24T14:05:00Z\n",
        b"userId,movieId,tag,timestamp\n1,1,  Funny  Movie ,1\n1,7,x,1\n",
    ]))


def ml100k_seeds():
    if not os.path.isdir(ML100K):
        print("skipping MovieLens 100K seeds: %s not found" % ML100K, file=sys.stderr)
        return
    genre = open(os.path.join(ML100K, "u.genre"), "rb").read()
    items = [l for l in lines(os.path.join(ML100K, "u.item")) if l][:20]
    ids = {l.split(b"|")[0] for l in items}
    data = [l for l in lines(os.path.join(ML100K, "u.data")) if l and l.split(b"\t")[1] in ids][:30]
    users = {l.split(b"\t")[0] for l in data}
    user_rows = [l for l in lines(os.path.join(ML100K, "u.user")) if l and l.split(b"|")[0] in users][:20]
    files = [genre, b"\n".join(items) + b"\n", b"\n".join(data) + b"\n", b"\n".join(user_rows) + b"\n"]
    write("FuzzMovieLens100K", "sample-with-users", SEP.join(files))
    write("FuzzMovieLens100K", "sample-no-users", SEP.join(files[:3]))
    write("FuzzMovieLens100K", "bad-rows", SEP.join([
        b"unknown|0\nAction|1\nbad\n",
        b"1|Caf\xe9 (1995)|01-Jan-1995||url|0|1\n1|Dup|x||u|0|0\n2|Short\n",
        b"1\t1\t3\t881250949\r\n2\t9\t4\t1\n3\t1\tx\t1\n4\t1\t3\n",
        b"1|24|M|technician|85711\n1|30|F|x|1\n",
    ]))


def generic_seeds():
    write("FuzzGeneric", "rating-timestamp-users", SEP.join([
        b"item,title,genres,tags,text\na1,Alpha,Comedy|Drama,funny|dark,\"An alpha, with text\"\nb1,Beta,,,\nc1,Gamma,Drama,,x\n",
        b"user,item,rating,timestamp\nu1,a1,5,2018-09-24\nu1,b1,3,2018-09-24T14:05:00Z\nu2,c1,4,1537797900\nu2,a1,1,1537797900.5\n",
        b"user,age,country\nu1,31,FR\nu3,40,\n",
    ]))
    write("FuzzGeneric", "weight-no-time", SEP.join([
        b"item,title\na1,A\nb1,B\n",
        b"item,user,weight\na1,u1,2.5\nb1,u1,1\nb1,u9,3\n",
    ]))
    write("FuzzGeneric", "bad-rows", SEP.join([
        b"item,title,genres\na,A,x\na,Dup,y\n,Empty,z\nb\n",
        b"user,item,rating,timestamp\nu,a,NaN,1\nu,a,-2,1\nu,zz,1,1\nu,a,1,yesterday\nu,a,1,1e30\n",
        b"user\nu\nu\n\n",
    ]))


def npy_seeds():
    directory = os.path.join(ROOT, "Tests/RecEngineTests/Fixtures/npy")
    for name in sorted(os.listdir(directory)):
        if name.endswith(".npy"):
            write("FuzzNpy", name, open(os.path.join(directory, name), "rb").read())


def npy(rows, columns, values, descr="<f4"):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%d, %d), }" % (descr, rows, columns)
    header += " " * (63 - (10 + len(header)) % 64) + "\n"  # pad to a multiple of 64 like NumPy
    fmt = "<%d%s" % (len(values), "f" if descr == "<f4" else "e")
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + struct.pack(fmt, *values)


def embeddings_seeds():
    ids = b"item,text\n1,Toy Story (1995)\n3,\"Heat, (1995)\"\n12,Last\n"
    write("FuzzEmbeddings", "three-rows-f4", ids + SEP + npy(3, 4, [1, 0, 0, 0, 0.5, 0.5, 0, 0, 0, 0, 0, 0]))
    write("FuzzEmbeddings", "two-rows-f2", b"item\n2\n5\n" + SEP + npy(2, 2, [1, -1, 0.25, 3], "<f2"))
    with open(os.path.join(SAMPLE, "item_embeddings_ids.csv"), "rb") as f:
        head = f.read().split(b"\n")[:1]
    write("FuzzEmbeddings", "sample-header-no-rows", b"\n".join(head) + b"\n" + SEP + npy(0, 384, []))


def engine_seeds():
    directory = os.path.join(CORPUS, "FuzzGeneric")
    for name in sorted(os.listdir(directory)):
        write("FuzzEngine", name, open(os.path.join(directory, name), "rb").read())
    write("FuzzEngine", "far-timestamps", SEP.join([
        b"item,title,genres,tags\na,A,Comedy|Drama,funny\nb,B,Drama,\nc,C,Comedy,dark|funny\n",
        b"user,item,weight,timestamp\nu,a,1000000000,0001-01-01\nu,b,0.000001,9999-12-31T23:59:59Z\nu,c,1,1500000000\nv,c,2,1500000000\n",
    ]))


def safetensors_seeds():
    import json
    def file(tensors, metadata=True):
        header, data = {}, b""
        if metadata:
            header["__metadata__"] = {"format": "pt"}
        for name, (dtype, shape, raw) in tensors.items():
            header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
            data += raw
        text = json.dumps(header, separators=(",", ":")).encode()
        text += b" " * ((8 - len(text) % 8) % 8)
        return struct.pack("<Q", len(text)) + text + data
    write("FuzzSafeTensors", "three-dtypes", file({
        "embeddings.word_embeddings.weight": ("F32", [2, 3], struct.pack("<6f", 1, -2, 0.5, 0, 3, 4)),
        "embeddings.LayerNorm.weight": ("F16", [3], struct.pack("<3e", 1, 0.5, -2)),
        "encoder.layer.0.output.dense.bias": ("BF16", [2], struct.pack("<2H", 0x3F80, 0xC000)),
        "embeddings.position_ids": ("I64", [1, 2], struct.pack("<2q", 0, 1)),
    }))
    write("FuzzSafeTensors", "empty-tensor-no-metadata", file({"x": ("F32", [0, 4], b"")}, metadata=False))


def text_encoder_seeds():
    for name, text in [
        ("ascii", "Toy Story (1995): unaffable toys, talking!"),
        ("accents-cjk", "Caf\u00e9 Am\u00e9lie \u96fb\u5f71 na\u00efve \u00c9COLE"),
        ("specials", "[CLS] hello [MASK]world[SEP] [unk] [PAD"),
        ("controls", "tab\there\r\nzero\u0000width\u200bjoiner\ufffd soft\u00adhyphen"),
        ("long-word", "a" * 120 + " " + "b" * 99),
    ]:
        write("FuzzTextEncoder", name, text.encode("utf-8"))
    write("FuzzTextEncoder", "invalid-utf8", b"caf\xc3 \xff\xfe ok \xe9\x9b")


def command_seeds():
    write("FuzzCommand", "every-verb", "\n".join([
        "user 1", "new-user", "item toy story", "item", "genre Comedy", "genre", "sort events", "click \"Shining, The (1980)\"",
        "click 318", "undo", "reset", "algorithm ease", "algo hybrid", "half-life 45", "h 0.5", "window 3",
        "weight ease 0.3", "weights ease=0.2,als=0.1", "wait 2s", "wait 500ms", "pause", "help", "# a comment",
        "alg ease # trailing comment", "   ", "unknown-verb x", "click \"unterminated",
    ]).encode() + b"\n")


def scenario_seeds():
    for name in sorted(os.listdir(os.path.join(ROOT, "SampleData", "scenarios"))):
        if name.endswith(".scen"):
            write("FuzzScenario", name, open(os.path.join(ROOT, "SampleData", "scenarios", name), "rb").read())
    write("FuzzScenario", "crlf-bom-comments", "\ufeffuser 1\r\n# comment\r\n\r\nalgorithm hybrid   # trailing\r\n"
          "caption \"a # in quotes\"\r\nintent \"dark comedy\" weight 0.8\r\nintent cosy space  # c\r\nclick 318\r\nwait 2s\r\n".encode())
    # Many lines inside the 64 KB input limit: 58,000 lines, mostly blank, every 50th a step.
    write("FuzzScenario", "many-lines", b"".join(b"undo\n" if i % 50 == 0 else b"\n" for i in range(58000)))
    write("FuzzScenario", "bad-lines", b"user 1\nfrobnicate 3\nclick \"open\nintent x weight 3\n\xc3\x28\n")


def bert_config_seeds():
    config = ('{"architectures": ["BertModel"], "hidden_act": "gelu", "hidden_size": 384, "intermediate_size": 1536, '
              '"layer_norm_eps": 1e-12, "max_position_embeddings": 512, "model_type": "bert", "num_attention_heads": 12, '
              '"num_hidden_layers": 6, "position_embedding_type": "absolute", "type_vocab_size": 2, "vocab_size": 30522}')
    write("FuzzBertConfig", "minilm", config.encode())
    write("FuzzBertConfig", "minimal", b'{"hidden_size":8,"num_hidden_layers":1,"num_attention_heads":2,"intermediate_size":16,'
          b'"max_position_embeddings":4,"vocab_size":9}')
    write("FuzzBertConfig", "other-model", config.replace('"bert"', '"roberta"').replace('"gelu"', '"relu"').encode())
    write("FuzzBertConfig", "bad-sizes", config.replace("384", "385").replace('"layer_norm_eps": 1e-12', '"layer_norm_eps": -1').encode())


def vocabulary_seeds():
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)] + [str(d) for d in range(10)]
    pieces = specials + letters + ["##" + c for c in letters] + ["the", "toy", "##s", "caf\u00e9", "##\u00e9", "\u96fb", "(", ")", ",", "!", "'", "-"]
    write("FuzzVocabulary", "small", ("\n".join(pieces) + "\n").encode())
    write("FuzzVocabulary", "crlf-duplicates", ("\r\n".join(pieces[:8] + ["[UNK]", "toy", "e\u0301"]) + "\r\n").encode())
    write("FuzzVocabulary", "no-unk", b"[PAD]\n[CLS]\n[SEP]\nx")


def generic_chunks_seeds():
    source = os.path.join(CORPUS, "FuzzGeneric")
    for name in sorted(os.listdir(source)):
        write("FuzzGenericChunks", name, open(os.path.join(source, name), "rb").read())


# --- model cache (BinaryWriter format: little-endian UInt64 words) ---
def u64(v):
    return struct.pack("<Q", v & 0xFFFFFFFFFFFFFFFF)


def floats(values):
    return u64(len(values)) + struct.pack("<%df" % len(values), *values)


def int32s(values):
    return u64(len(values)) + struct.pack("<%di" % len(values), *values)


def ints(values):
    return u64(len(values)) + b"".join(u64(v) for v in values)


def matrix(rows, columns, values):
    return u64(rows) + u64(columns) + floats(values)


def string(s):
    b = s.encode()
    return u64(len(b)) + b


def fnv_words(payload):
    h = 0xCBF29CE484222325
    words = len(payload) // 8
    for i in range(words):
        h = ((h ^ struct.unpack_from("<Q", payload, i * 8)[0]) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    for b in payload[words * 8:]:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def model_cache_seeds():
    # item-kNN over 3 items: item 0 ~ 1 (0.5), item 1 ~ 0 (0.5), 2 (0.25); item 2 none.
    knn = u64(3) + ints([0, 1, 3, 3]) + int32s([1, 0, 2]) + floats([0.5, 0.5, 0.25])
    als = matrix(3, 4, [0.1 * (i + 1) for i in range(12)])
    ease = matrix(3, 3, [0, 0.2, -0.1, 0.3, 0, 0.05, -0.2, 0.1, 0])
    write("FuzzModelCache", "knn-payload", b"\x01" + knn)
    write("FuzzModelCache", "als-payload", b"\x02" + als)
    write("FuzzModelCache", "ease-payload", b"\x03" + ease)
    # A whole file as ModelCache.store writes it, with the target's key and parameter string
    # (ItemKNNRecommender.cacheParameters(.tuned)).
    key = 0x0123456789ABCDEF
    parameters = "itemknn v1 neighbours=10 shrinkage=25.0 weighting=none k1=1.2 b=0.75"
    whole = b"RSCACHE2" + u64(key) + string(parameters) + u64(len(knn)) + knn + u64(fnv_words(knn))
    write("FuzzModelCache", "knn-file", b"\x00" + whole)


if __name__ == "__main__":
    csv_seeds()
    movielens_seeds()
    ml100k_seeds()
    generic_seeds()
    generic_chunks_seeds()
    npy_seeds()
    embeddings_seeds()
    engine_seeds()
    safetensors_seeds()
    text_encoder_seeds()
    command_seeds()
    scenario_seeds()
    bert_config_seeds()
    vocabulary_seeds()
    # FuzzSnapshot's seed is the body of a real snapshot, written by the target itself:
    # RECSCOPE_FUZZ_WRITE_SEED=Fuzz/Corpus/FuzzSnapshot/generic-3-items Fuzz/.build/release/FuzzSnapshot
    model_cache_seeds()
    for target in sorted(os.listdir(CORPUS)):
        files = os.listdir(os.path.join(CORPUS, target))
        size = sum(os.path.getsize(os.path.join(CORPUS, target, f)) for f in files)
        print("%-20s %3d seeds %7d bytes" % (target, len(files), size))
