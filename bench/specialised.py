"""What the engine's generality costs: a techloan row written by hand against ytsub's own.

    python bench/specialised.py [--rows 50000]

For the decision left open on issue 16 (README, "Performance"): the bench's mixed file is
made as bench/batch.py makes it, and its techloan rows are estimated and written as JSON lines
twice, in this process:

- by ytsub (``RowEstimator`` and ``jsonl_record``, as ``ytsub batch`` does);
- by a function written for techloan alone, as code specialised per benefit would be: the
  texts that do not change from row to row (head, conditions, notes, quotes) are taken once
  from ytsub's own lines, and each row's two lines are formatted in place.

Only the rows on which the two give the same bytes are timed (the function leaves out two
branches: subsidies received above the cap, and inputs ytsub echoes in another form); the
count is printed. CPU time, best of 3. This is a measurement, not a fast path: nothing in
ytsub uses it.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from batch import make_mixed

from yantai_subsidy.batch import RowEstimator, read_rows
from yantai_subsidy.loader import load_rules
from yantai_subsidy.render.json_ import jsonl_record

# techloan's figures, typed in as the hand-written loops of bench/batch.py type them
FEN, RATE, CAP, ZERO = Decimal("0.01"), Decimal("0.015"), Decimal(100000), Decimal(0)
SHARE = b'{"label":"up to 1.5% of the filed principal","formula":"'
LEFT = b'{"label":"lifetime cap per enterprise, less subsidies received","formula":"'


def between(line: bytes, start: bytes, end: bytes) -> bytes:
    return line[line.index(start) + len(start) : line.index(end)]


def specialised(lines: list[bytes], rows: list[Any]) -> Any:
    """A techloan row's JSON line, from fragments taken once from ytsub's own lines."""
    first = lines[0]
    head = first[first.index(b',"schema"') : first.index(b',"inputs"')]
    closing = first[first.index(b'"warnings"') :]
    conditions = {
        (cells.get("confirm"), cells.get("deny")): between(line, b'"conditions":', b',"items"')
        for (_, cells, _), line in zip(rows, lines, strict=True)
    }

    def row(number: int, cells: dict[str, str]) -> bytes:
        written, received_text = cells["amount"], cells["received"]
        principal = Decimal(written)
        received = Decimal(received_text) if received_text else ZERO
        share = (principal * RATE).quantize(FEN, ROUND_HALF_UP)
        left = max(ZERO, CAP - received).quantize(FEN)
        binds = share > left
        if cells.get("deny"):
            status, high, basis = "ineligible", "0.00", "exact"
        else:
            status = "eligible" if cells.get("confirm") == "all" else "conditional"
            high, basis = str(left if binds else share), "up_to"
        given = f',"received":"{received_text}"' if received_text else ""
        applied = " (applied)" if binds else ""
        return b"".join(
            [
                b'{"row":%d' % number,
                head,
                f',"inputs":{{"amount":"{written}"{given}}},"status":"{status}","amount":'
                f'{{"low":"0.00","high":"{high}","basis":"{basis}","unit":"CNY"}},'
                f'"grounds":"document","conditions":'.encode(),
                conditions[cells.get("confirm"), cells.get("deny")],
                b',"items":[',
                SHARE,
                f'{principal:,.2f} × 1.5%","value":"{share}","unit":"CNY","grounds":"document"}},'.encode(),
                LEFT,
                f'{CAP:,.2f} − {received:,.2f} received{applied}","value":"{left}","unit":"CNY",'
                f'"grounds":"document"}}],'.encode(),
                closing,
            ]
        )

    return row


def best_of_three(work: Any) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000, help="rows of the mixed file")
    rows_wanted = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mixed.csv"
        make_mixed(path, rows_wanted)
        every = list(read_rows(io.BytesIO(path.read_bytes()), "csv"))
    rows = [r for r in every if r[1] is not None and r[1]["benefit"] == "techloan"]
    estimator = RowEstimator(load_rules())
    lines = [jsonl_record(estimator(cells), "en", number) for number, cells, _ in rows]
    row = specialised(lines, rows)
    same = [r for r, line in zip(rows, lines, strict=True) if row(r[0], r[1]) == line]
    print(f"techloan rows of the mixed file: {len(rows):,}; the same bytes on {len(same):,}")

    def by_ytsub() -> None:
        for number, cells, _ in same:
            jsonl_record(estimator(cells), "en", number)

    def by_hand() -> None:
        for number, cells, _ in same:
            row(number, cells)

    general, special = best_of_three(by_ytsub), best_of_three(by_hand)
    per_row = 1e6 / len(same)
    print(f"  ytsub (estimate and JSON line)  {general * per_row:6.1f} µs a row")
    print(f"  specialised by hand             {special * per_row:6.1f} µs a row")
    print(f"  generality costs {general / special:.1f}× (for information)")


if __name__ == "__main__":
    main()
