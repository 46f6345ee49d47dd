"""Batch throughput and memory, as ratios measured in one run.

    python bench/batch.py [--rows 100000] [--runs 5] [--memory-rows 400000]

1. Time: ``ytsub batch ROWS.csv`` (CSV → JSONL, every row a full estimate object) against a
   ten-line hand-written Decimal loop over the same file that reads the CSV, computes
   min(1.5% × amount, 10万) rounded to the fen and writes a JSON line with the amount.
   Target (issue 6): at most 3× the loop. Both run as fresh processes, interleaved, medians.
   ``ytsub batch`` runs as a user runs it (by default one worker per core for a file over 1 MB);
   the same batch with ``--jobs 1`` is timed too and reported, for one core.
2. Memory: the peak resident memory of ``ytsub batch`` at 400,000 rows against 100,000 rows.
   Target: at most 1.5× (the batch streams: memory must not grow with the input).
Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = """
import csv, json, sys
from decimal import ROUND_HALF_UP, Decimal
rate, cap, fen = Decimal("0.015"), Decimal("100000"), Decimal("0.01")
with open(sys.argv[1], newline="", encoding="utf-8") as rows, open(sys.argv[2], "w", encoding="utf-8") as out:
    for number, row in enumerate(csv.DictReader(rows), start=1):
        high = min(Decimal(row["amount"]) * rate, cap).quantize(fen, ROUND_HALF_UP)
        amount = {"low": "0.00", "high": str(high), "basis": "up_to", "unit": "CNY"}
        out.write(json.dumps({"row": number, "benefit": row["benefit"], "amount": amount}) + "\\n")
"""

MEASURE_RSS = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def make_csv(path: Path, rows: int) -> None:
    """Rows of 科信贷 principals between 0 and 2000万 yuan (some above the 10万 cap's 666万)."""
    generator = random.Random(2024)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("benefit,amount\n")
        for _ in range(rows):
            out.write(f"techloan,{generator.randint(0, 20_000_000)}\n")


def ytsub() -> list[str]:
    script = Path(sys.executable).parent / "ytsub"
    return [str(script)] if script.exists() else [sys.executable, "-m", "yantai_subsidy"]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def peak_rss_kb(command: list[str]) -> int:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE_RSS, *command], check=True, capture_output=True, text=True
    )
    return int(out.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--memory-rows", type=int, default=400_000)
    args = parser.parse_args()
    # An editable install has no bytecode when PYTHONDONTWRITEBYTECODE is set; a wheel
    # install always has it. Compile once so both are measured alike.
    import yantai_subsidy

    compileall.compile_dir(Path(yantai_subsidy.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows, many = folder / "rows.csv", folder / "many.csv"
        make_csv(rows, args.rows)
        make_csv(many, args.memory_rows)
        baseline = folder / "baseline.py"
        baseline.write_text(BASELINE, encoding="utf-8")
        ours_out, base_out = folder / "ours.jsonl", folder / "base.jsonl"
        ours = [
            *ytsub(),
            "batch",
            str(rows),
            "--as-of",
            "2024-06-01",
            "--quiet",
            "--output",
            str(ours_out),
        ]
        serial = [*ours, "--jobs", "1"]
        base = [sys.executable, str(baseline), str(rows), str(base_out)]
        timed(ours)  # warm-up: rule cache, bytecode, page cache
        times: dict[str, list[float]] = {"loop": [], "ytsub": [], "serial": []}
        for _ in range(args.runs):
            times["loop"].append(timed(base))
            times["ytsub"].append(timed(ours))
            times["serial"].append(timed(serial))
        lines = sum(1 for _ in ours_out.open(encoding="utf-8"))
        assert lines == args.rows, f"ytsub wrote {lines} lines for {args.rows} rows"
        loop, mine = statistics.median(times["loop"]), statistics.median(times["ytsub"])
        one_core = statistics.median(times["serial"])
        small = peak_rss_kb(
            [
                *ytsub(),
                "batch",
                str(rows),
                "--as-of",
                "2024-06-01",
                "--quiet",
                "--output",
                os.devnull,
            ]
        )
        large = peak_rss_kb(
            [
                *ytsub(),
                "batch",
                str(many),
                "--as-of",
                "2024-06-01",
                "--quiet",
                "--output",
                os.devnull,
            ]
        )
    ratio, growth = mine / loop, large / small
    print(f"rows: {args.rows:,} CSV → JSONL, {args.runs} runs each, medians")
    print(f"hand-written loop  {loop:6.2f} s  ({args.rows / loop:9,.0f} rows/s)")
    print(
        f"ytsub batch        {mine:6.2f} s  ({args.rows / mine:9,.0f} rows/s)  {ratio:4.2f}× the loop (target ≤ 3×)"
    )
    print(
        f"  with --jobs 1    {one_core:6.2f} s  ({args.rows / one_core:9,.0f} rows/s)"
        f"  {one_core / loop:4.2f}× the loop (one core; for information)"
    )
    at_small = f"{small / 1024:.1f} MB at {args.rows:,} rows"
    at_large = f"{large / 1024:.1f} MB at {args.memory_rows:,}"
    print(f"peak memory        {at_small}, {at_large}: {growth:4.2f}× (target ≤ 1.5×)")
    return 0 if ratio <= 3 and growth <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
