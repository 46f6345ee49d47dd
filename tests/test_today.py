"""The day of an estimate when none is given: today in Yantai, fixed once for a whole run.

The document's dates are Yantai's days (China Standard Time, UTC+8). A batch or a client list
without --as-of takes today once, at its start: estimating each benefit's rows on the day its
plan was made let a run across midnight (or its workers, each with its own clock) put rows of
one file on two days, with different warnings and deadlines.
"""

from __future__ import annotations

import itertools
import json
import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from yantai_subsidy import values
from yantai_subsidy.__main__ import run
from yantai_subsidy.client_list import match_many
from yantai_subsidy.loader import load_rules

UTC = timezone.utc


@pytest.mark.parametrize(
    ("now", "day"),
    [
        (datetime(2024, 12, 31, 15, 59, 59, tzinfo=UTC), date(2024, 12, 31)),  # 23:59:59 there
        (datetime(2024, 12, 31, 16, 0, 0, tzinfo=UTC), date(2025, 1, 1)),  # midnight there
        (datetime(2024, 12, 31, 16, 0, 1, tzinfo=UTC), date(2025, 1, 1)),
        # 20:00 on 31 December in Paris (UTC+1) is already 1 January in Yantai
        (datetime(2024, 12, 31, 20, 0, tzinfo=timezone(timedelta(hours=1))), date(2025, 1, 1)),
        (datetime(2024, 6, 30, 23, 0, tzinfo=timezone(timedelta(hours=9))), date(2024, 6, 30)),
    ],
)
def test_today_is_yantais_day(now: datetime, day: date) -> None:
    assert values.today(now) == day


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[date]:
    """A clock that moves on a day each time it is read; the days it gave."""
    given: list[date] = []
    days = (date(2025, 1, 1) + timedelta(days=n) for n in itertools.count())

    def moving(now: datetime | None = None) -> date:
        given.append(next(days))
        return given[-1]

    monkeypatch.setattr(values, "today", moving)
    return given


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_estimates_every_row_on_the_day_it_started(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clock: list[date], jobs: str
) -> None:
    source = tmp_path / "rows.csv"
    cells = {"techloan": "3000000,,", "voucher": ",100000,", "logistics": ",,5A"}
    rows = [f"{benefit},{cells[benefit]}\n" for benefit in [*cells] * 40]  # three plans
    source.write_text("benefit,amount,cost,grade\n" + "".join(rows), encoding="utf-8")
    assert run(["batch", str(source), "-q", "-j", jobs]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(out) == 120
    assert {row["as_of"] for row in out} == {"2025-01-01"}
    assert clock[0] == date(2025, 1, 1)


def test_a_rows_own_day_still_wins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clock: list[date]
) -> None:
    source = tmp_path / "rows.csv"
    source.write_text("benefit,amount,as_of\ntechloan,3000000,2024-06-01\ntechloan,1,\n")
    assert run(["batch", str(source), "-q"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["as_of"] for row in out] == ["2024-06-01", "2025-01-01"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_client_list_matches_every_client_on_the_day_it_started(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clock: list[date], jobs: str
) -> None:
    source = tmp_path / "clients.csv"
    source.write_text(
        "kind,name,techloan_principal\n"
        + "".join(f"enterprise,E{n},{n + 1}00万\n" for n in range(30)),
        encoding="utf-8",
    )
    assert run(["match", str(source), "-f", "jsonl", "-q", "-j", jobs]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {client["as_of"] for client in out} == {"2025-01-01"}


def test_match_many_takes_today_once(clock: list[date]) -> None:
    profiles = [{"kind": "enterprise", "name": f"E{n}"} for n in range(5)]
    found = list(match_many(load_rules(), profiles))
    assert {m.as_of for m in found} == {date(2025, 1, 1)}  # type: ignore[union-attr]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_rows_whose_own_as_of_overrode_the_given_day_are_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    """A row's as_of cell wins over --as-of; a CSV or XLSX output has no as_of column, so the
    summary says how many rows were estimated on another day than the one asked for."""
    source = tmp_path / "rows.csv"
    source.write_text(
        "benefit,amount,as_of\n"
        + "techloan,3000000,2024-03-01\ntechloan,3000000,\ntechloan,1000000,2024-06-01\n" * 10,
        encoding="utf-8",
    )
    arguments = ["batch", str(source), "-f", "csv", "-o", os.devnull, "-j", jobs]
    assert run([*arguments, "--as-of", "2024-06-01"]) == 0
    assert capsys.readouterr().err.splitlines()[0] == (
        "30 rows: 30 ok, 0 failed; total ¥0.00 – ¥1,050,000.00 (CNY); 10 row(s) estimated as"
        " of their own as_of cell, not --as-of 2024-06-01"
    )
    assert run(arguments) == 0  # no day asked for: the rows' own days are no surprise
    assert "as_of" not in capsys.readouterr().err.splitlines()[0]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_clients_whose_own_as_of_was_overridden_are_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    """In a client list --as-of wins over a client's own as_of (as over a profile's), and a
    CSV or XLSX output has no as_of column: the summary counts the clients it overrode."""
    source = tmp_path / "clients.csv"
    source.write_text(
        "kind,name,as_of,techloan_principal\n"
        + "enterprise,A,2024-03-01,300万\nenterprise,B,,300万\nenterprise,C,2024-06-01,300万\n" * 5,
        encoding="utf-8",
    )
    arguments = ["match", str(source), "-f", "csv", "-o", os.devnull, "-j", jobs]
    assert run([*arguments, "--as-of", "2024-06-01"]) == 0
    first = capsys.readouterr().err.splitlines()[0]
    assert first.endswith(
        "; 5 client(s) with their own as_of matched as of --as-of 2024-06-01 instead"
    )
    assert run(arguments) == 0
    assert "as_of" not in capsys.readouterr().err.splitlines()[0]
