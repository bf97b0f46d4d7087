#!/usr/bin/env python3
"""recscope's in-process encoder beside sentence-transformers, measured in the same run.

Runs `recscope bench --encoder --json`, then times sentence-transformers (PyTorch, CPU) on the same
model directory, the same query and the same item texts, and prints one Markdown table. Medians.

  python3 -m venv /tmp/ref && /tmp/ref/bin/pip install sentence-transformers torch
  make model && swift build -c release --product recscope
  HF_HUB_OFFLINE=1 /tmp/ref/bin/python Tools/bench_encoder.py [--texts 2000] [--threads 2]
"""

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERY = "a funny space adventure with talking robots"  # the query `recscope bench --encoder` times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recscope", default=str(ROOT / ".build/release/recscope"))
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--model", default=os.environ.get("RECSCOPE_MODEL_DIR", str(Path.home() / ".cache/recscope/models/all-MiniLM-L6-v2")))
    args = parser.parse_args()

    ours = json.loads(subprocess.run([args.recscope, "bench", "--encoder", "--json", "--texts", str(args.texts), "--model", args.model],
                                     check=True, capture_output=True, text=True, cwd=ROOT).stdout)

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    started = time.perf_counter()
    import torch
    from sentence_transformers import SentenceTransformer
    import_s = time.perf_counter() - started
    torch.set_num_threads(args.threads)
    started = time.perf_counter()
    model = SentenceTransformer(args.model, device="cpu")
    load_ms = (time.perf_counter() - started) * 1000

    # The same sample of item texts as the Swift benchmark: rows i * n / count of the committed ids file.
    with open(ROOT / "SampleData/movielens-small/item_embeddings_ids.csv", newline="", encoding="utf-8") as f:
        all_texts = [row["text"] for row in csv.DictReader(f)]
    count = min(args.texts, len(all_texts))
    texts = [all_texts[i * len(all_texts) // count] for i in range(count)]

    torch.set_num_threads(1)
    for _ in range(5):
        model.encode([QUERY])
    query_ms = []
    for _ in range(60):
        started = time.perf_counter()
        model.encode([QUERY])
        query_ms.append((time.perf_counter() - started) * 1000)
    torch.set_num_threads(args.threads)
    model.encode(texts[:64], batch_size=32)
    batch_s = []
    for _ in range(3):
        started = time.perf_counter()
        model.encode(texts, batch_size=32)
        batch_s.append(time.perf_counter() - started)

    st_query = statistics.median(query_ms)
    st_rate = count / statistics.median(batch_s)
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    print(f"all-MiniLM-L6-v2 on this machine ({args.threads} cores, load average {load}); medians")
    print()
    print("| | recscope (Swift, OpenBLAS) | sentence-transformers (PyTorch) |")
    print("|---|---|---|")
    print(f"| one query, {ours['query']['tokens']} tokens, 1 thread | {ours['query']['median_ms']:.2f} ms | {st_query:.2f} ms |")
    print(f"| {count:,} item texts, {args.threads} threads | {ours['batch']['texts_per_second']:.0f} texts/s | {st_rate:.0f} texts/s |")
    print(f"| weights load | {ours['load_ms']['median']:.0f} ms | {load_ms:.0f} ms (+ {import_s:.1f} s to import torch) |")
    print(f"| ceiling from sgemm | query {ours['query']['ideal_ms']:.2f} ms, batch {ours['batch']['ideal_texts_per_second']:.0f} texts/s | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
