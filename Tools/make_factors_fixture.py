#!/usr/bin/env python3
"""Writes the imported-factors fixture (Tests/RecEngineTests/Fixtures/factors-implicit/): an implicit ALS
model trained on SampleData/movielens-small, exported as `--factors` expects it, and implicit's own
top-10 for a few users, which `FactorsReferenceTests` compares with recscope's `factors` sessions.

The outputs are committed, so the tests never need Python; rerun only to change them (needs
implicit, numpy, pandas, scipy):
  python3 Tools/make_factors_fixture.py

The factors are stored as float16 and implicit ranks with the same float16-rounded values (widened to
float32), so both sides score identical vectors. Users 9 and 10 are left out of user_ids.csv, so their
sessions fold in from history instead; two unknown ids (one user, one item) exercise the notes.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sparse
from implicit.cpu.als import AlternatingLeastSquares

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "RecEngineTests" / "Fixtures" / "factors-implicit"
USERS = [1, 2, 100, 414, 610]          # MovieLens userIds checked by the test
WITHOUT_ROW = {9, 10}                  # exported without a row

ratings = pd.read_csv(ROOT / "SampleData" / "movielens-small" / "ratings.csv")
movies = pd.read_csv(ROOT / "SampleData" / "movielens-small" / "movies.csv")
user_ids = np.sort(ratings.userId.unique())
item_ids = movies.movieId.to_numpy()              # every catalogue item, rated or not
user_row = {u: i for i, u in enumerate(user_ids)}
item_row = {m: i for i, m in enumerate(item_ids)}
matrix = sparse.csr_matrix((np.ones(len(ratings), dtype=np.float32),
                            (ratings.userId.map(user_row), ratings.movieId.map(item_row))),
                           shape=(len(user_ids), len(item_ids)))

model = AlternatingLeastSquares(factors=16, regularization=0.05, alpha=1.0, iterations=10, random_state=0)
model.fit(matrix, show_progress=False)
user_f16 = model.user_factors.astype(np.float16)
item_f16 = model.item_factors.astype(np.float16)
model.user_factors = user_f16.astype(np.float32)
model.item_factors = item_f16.astype(np.float32)

OUT.mkdir(parents=True, exist_ok=True)
keep = [i for i, u in enumerate(user_ids) if u not in WITHOUT_ROW]
np.save(OUT / "user_factors.npy", np.concatenate([user_f16[keep], np.ones((1, 16), dtype=np.float16)]))
np.save(OUT / "item_factors.npy", np.concatenate([item_f16, np.ones((1, 16), dtype=np.float16)]))
pd.DataFrame({"user": [str(user_ids[i]) for i in keep] + ["no-such-user"]}).to_csv(OUT / "user_ids.csv", index=False)
pd.DataFrame({"item": [str(m) for m in item_ids] + ["no-such-item"]}).to_csv(OUT / "item_ids.csv", index=False)

expected = {}
for user in USERS:
    row = user_row[user]
    items, scores = model.recommend(row, matrix[row], N=10, filter_already_liked_items=True)
    expected[str(user)] = {"items": [str(item_ids[i]) for i in items], "scores": [float(s) for s in scores]}
(OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
print(f"wrote {OUT} ({len(keep)} users, {len(item_ids)} items, 16 factors)")
