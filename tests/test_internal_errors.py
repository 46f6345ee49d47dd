"""An unexpected error in any command: one line asking for a report, exit 70, never a traceback.

Each case injects a failure where a bug could hide (a calculator, the loader, a renderer, the
catalogue, the batch writer) and runs the command as a user would.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from yantai_subsidy import calc, catalogue, loader, schema
from yantai_subsidy.__main__ import run
from yantai_subsidy.render import json_, table

HINT = "This is a bug in ytsub: please report it with the command you ran and ytsub --version."


def broken(*_: object, **__: object) -> object:
    raise ZeroDivisionError("division by zero\n  and a second line")


@pytest.fixture
def rows_csv(tmp_path: Path) -> str:
    path = tmp_path / "rows.csv"
    path.write_text("benefit,amount\ntechloan,5\ntechloan,6\n", encoding="utf-8")
    return str(path)


def _calculator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(calc.registry(), "techloan", broken)


def _loader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "build_rule_set", broken)
    monkeypatch.setenv("YTSUB_CACHE_DIR", "off")


CASES: list[tuple[str, list[str], Callable[[pytest.MonkeyPatch], None]]] = [
    ("calculator, table", ["estimate", "techloan", "--amount", "5"], _calculator),
    (
        "calculator, json",
        ["estimate", "techloan", "--amount", "5", "--format", "json"],
        _calculator,
    ),
    ("calculator, batch", ["batch", "{rows}"], _calculator),
    ("loader, estimate", ["estimate", "techloan", "--amount", "5"], _loader),
    ("loader, list", ["list"], _loader),
    ("catalogue, list", ["list"], lambda mp: mp.setattr(catalogue, "measures", broken)),
    ("catalogue, search", ["search", "贷款"], lambda mp: mp.setattr(catalogue, "search", broken)),
    ("renderer, show", ["show", "48"], lambda mp: mp.setattr(table, "measure", broken)),
    (
        "renderer, estimate json",
        ["estimate", "techloan", "--amount", "5", "--format", "json"],
        lambda mp: mp.setattr(json_, "estimate", broken),
    ),
    ("rules check", ["rules", "check"], lambda mp: mp.setattr(loader, "check_rules", broken)),
    ("rules schema", ["rules", "schema"], lambda mp: mp.setattr(schema, "json_schema", broken)),
]


@pytest.mark.parametrize(("args", "inject"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_an_unexpected_error_is_one_line_and_exit_70(
    args: list[str],
    inject: Callable[[pytest.MonkeyPatch], None],
    rows_csv: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    inject(monkeypatch)
    code = run([arg.format(rows=rows_csv) for arg in args])
    out, err = capsys.readouterr()
    assert code == 70
    assert err == (
        "Error: internal error (ZeroDivisionError: division by zero and a second line). "
        + HINT
        + "\n"
    )
    if args[0] != "batch":
        assert out == ""
    assert "Traceback" not in out + err
