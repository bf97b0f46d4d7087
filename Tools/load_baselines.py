#!/usr/bin/env python3
"""recscope's load time next to polars and pandas reading the same CSV files, measured in one run.

Each reader reads items.csv, users.csv (when present) and interactions.csv of a generic-layout
directory; medians over --runs (files in the page cache after the first). recscope's figures come from
`recscope bench --load --json` run in the same session: "cold" parses the CSV files and builds the
events and the content space; "warm" reads its snapshot. The readers do less than recscope's cold
load (they only parse into columns: no id interning, no per-user events, no content space).

  python3 -m venv /tmp/venv && /tmp/venv/bin/pip install polars pandas pyarrow
  /tmp/venv/bin/python Tools/load_baselines.py /tmp/scale-1m --recscope .build/release/recscope

Prints a Markdown table (seconds and MB/s of input) for the README.
"""
import argparse
import json
import os
import statistics
import subprocess
import time


def timed(function, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="generic-layout data directory (items.csv, interactions.csv[, users.csv])")
    parser.add_argument("--recscope", default=".build/release/recscope", help="recscope binary")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    files = [os.path.join(args.data, name) for name in ("items.csv", "users.csv", "interactions.csv")]
    files = [path for path in files if os.path.exists(path)]
    megabytes = sum(os.path.getsize(path) for path in files) / 1e6

    import pandas
    import polars

    rows = []

    def polars_all():
        for path in files:
            polars.read_csv(path, infer_schema_length=10_000)

    def pandas_arrow():
        for path in files:
            pandas.read_csv(path, engine="pyarrow")

    def pandas_c():
        for path in files:
            pandas.read_csv(path)

    report = json.loads(subprocess.run([args.recscope, "bench", "--load", "--loads", str(args.runs), "--data", args.data, "--json"],
                                       check=True, capture_output=True, text=True).stdout)
    rows.append((f"recscope cold ({report['path'].split(':')[0]} parse, events, content space)", report["cold_ms"]["median"] / 1000))
    rows.append(("recscope warm (snapshot)", report["warm_ms"]["median"] / 1000))
    rows.append((f"polars {polars.__version__} read_csv", timed(polars_all, args.runs)))
    rows.append((f"pandas {pandas.__version__} read_csv (pyarrow engine)", timed(pandas_arrow, args.runs)))
    rows.append((f"pandas {pandas.__version__} read_csv (C engine)", timed(pandas_c, max(1, args.runs // 2))))

    print(f"{report['items']:,} items, {report['users']:,} users, {report['events']:,} events; "
          f"{megabytes:.1f} MB of CSV; median of {args.runs}; {os.cpu_count()} cores")
    print()
    print("| reader | seconds | MB/s |")
    print("|---|---:|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | {megabytes / seconds:.0f} |")
    print()
    print(f"recscope resident after load {report['resident_after_load_mb']:.0f} MB, peak {report['peak_resident_mb']:.0f} MB")


if __name__ == "__main__":
    main()
