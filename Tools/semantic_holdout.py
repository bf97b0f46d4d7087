#!/usr/bin/env python3
"""Why recscope centres the semantic space: a quick hold-out check on a MovieLens directory.

For every user, the oldest 80% of ratings (by timestamp) form the history and the newest 20% the
test set. The profile is the weighted mean of the history items' vectors (weight max(0, 1 + r − μ),
no time decay), items are ranked by cosine with it (history excluded), and hit@10 = |top-10 ∩ test| /
min(10, |test|), averaged over users. Compared: raw unit vectors vs vectors centred on the catalogue
mean and re-normalised (what SemanticRecommender does by default).

  python3 Tools/semantic_holdout.py SampleData/movielens-small
"""
import csv
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np


def hit_at_10(vectors, events):
    total, users = 0.0, 0
    for history_and_test in events.values():
        history_and_test.sort()
        cut = int(len(history_and_test) * 0.8)
        history, test = history_and_test[:cut], history_and_test[cut:]
        if not history or not test:
            continue
        mean = np.mean([r for _, _, r in history])
        weights = np.array([max(0.0, 1 + r - mean) for _, _, r in history])
        if weights.sum() <= 0:
            continue
        seen = [i for _, i, _ in history]
        scores = vectors @ (weights[:, None] * vectors[seen]).sum(axis=0)
        scores[seen] = -np.inf
        top = set(np.argpartition(-scores, 10)[:10])
        truth = {i for _, i, _ in test}
        total += len(top & truth) / min(10, len(truth))
        users += 1
    return total / users


def main():
    directory = Path(sys.argv[1] if len(sys.argv) > 1 else "SampleData/movielens-small")
    vectors = np.load(directory / "item_embeddings.npy").astype(np.float32)
    with open(directory / "item_embeddings_ids.csv", newline="", encoding="utf-8") as f:
        index = {row["item"]: i for i, row in enumerate(csv.DictReader(f))}
    events = defaultdict(list)
    with open(directory / "ratings.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            events[row["userId"]].append((int(row["timestamp"]), index[row["movieId"]], float(row["rating"])))
    centred = vectors - vectors.mean(axis=0)
    centred /= np.linalg.norm(centred, axis=1, keepdims=True)
    print(f"length of the mean unit vector: {np.linalg.norm(vectors.mean(axis=0)):.3f}")
    print(f"hit@10 raw:     {hit_at_10(vectors, events):.4f}")
    print(f"hit@10 centred: {hit_at_10(centred, events):.4f}")


if __name__ == "__main__":
    main()
