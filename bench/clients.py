"""``ytsub match CLIENTS``: clients per second, and memory, measured in one run.

    python bench/clients.py [--clients 10000] [--runs 3] [--memory-clients 40000]

1. Time: ``ytsub match CLIENTS.csv`` (JSON lines, every client a full ``ytsub.match/1``
   object) on a list of the example clients repeated (examples/match-clients.csv: all three
   kinds; its bad row left out), with ``--jobs 1`` and as a user runs it (one worker per core for a
   file over 1 MB), fresh processes, medians. Target (issue 17): 10,000 clients in under 60 s.
   Also with ``--memo DIR --totals -f csv``, the consultant's run.
2. Memory: the peak resident memory at ``--memory-clients`` against ``--clients`` (one worker):
   the list streams, so the ratio must stay near 1 (target: at most 1.5×).
Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from batch import peak_rss_kb, timed, ytsub  # bench/batch.py: fresh processes, medians, RSS

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "match-clients.csv"


def make_list(path: Path, clients: int) -> None:
    """The example's good rows, repeated (ids made unique) until ``clients`` rows."""
    head, *rows = EXAMPLE.read_text(encoding="utf-8").splitlines()
    good = [row for row in rows if not row.startswith("C-04,")]  # its bad row would exit 1
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(head + "\n")
        for number in range(clients):
            out.write(f"N{number}-{good[number % len(good)]}\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--memory-clients", type=int, default=40_000)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        source = base / "clients.csv"
        make_list(source, args.clients)
        common = [*ytsub(), "match", str(source), "--keep", "id", "-q", "--as-of", "2024-06-01"]
        runs = {
            "jsonl, --jobs 1": [*common, "-j", "1", "-o", str(base / "out.jsonl")],
            "jsonl, --jobs 2": [*common, "-j", "2", "-o", str(base / "out.jsonl")],
        }
        memo_run = [*common, "-j", "2", "-f", "csv", "--totals", "-o", str(base / "out.csv")]
        times: dict[str, list[float]] = {name: [] for name in [*runs, "csv + --memo, --jobs 2"]}
        for _ in range(args.runs):
            for name, command in runs.items():
                times[name].append(timed(command))
            shutil.rmtree(base / "memos", ignore_errors=True)
            times["csv + --memo, --jobs 2"].append(
                timed([*memo_run, "--memo", str(base / "memos")])
            )
        for name, found in times.items():
            seconds = statistics.median(found)
            rate = args.clients / seconds
            print(f"{name:28} {args.clients:,} clients in {seconds:6.2f} s: {rate:8,.0f} clients/s")
            if seconds >= 60 * args.clients / 10_000:
                ok = False
                print("  target missed: 10,000 clients in under 60 s")
        large = base / "large.csv"
        make_list(large, args.memory_clients)
        small_rss = peak_rss_kb([*common, "-j", "1", "-o", str(base / "small.jsonl")])
        large_common = [
            *ytsub(),
            "match",
            str(large),
            "--keep",
            "id",
            "-q",
            "--as-of",
            "2024-06-01",
        ]
        large_rss = peak_rss_kb([*large_common, "-j", "1", "-o", str(base / "large.jsonl")])
        ratio = large_rss / small_rss
        print(
            f"peak RSS: {small_rss / 1024:.0f} MB at {args.clients:,} clients,"
            f" {large_rss / 1024:.0f} MB at {args.memory_clients:,}: {ratio:.2f}× (target ≤ 1.5×)"
        )
        ok = ok and ratio <= 1.5
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
