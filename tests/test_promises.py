"""docs/promises.md cannot drift: its examples run, the tests it names exist, its counts are true.

Regenerate the shown outputs after a deliberate change with ``python -m tests.test_promises --update``
(and read the difference before committing it).
"""

from __future__ import annotations

import re
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tests.test_bad_input import CORPUS, GENERATED
from tests.test_cases import case_files
from tests.test_fuzz_rules import FUZZ_EXAMPLES, SCALE
from tests.test_readme import examples, shell, tidy
from yantai_subsidy.engine import estimate
from yantai_subsidy.ruleset import BOUNDARY_DIRECTION, RuleSet

REPO = Path(__file__).resolve().parent.parent
PROMISES = REPO / "docs" / "promises.md"
TEXT = PROMISES.read_text(encoding="utf-8")
EXAMPLES = examples(TEXT)


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_promises_example(command: str, expected: str) -> None:
    if shutil.which("ytsub", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("ytsub is not installed beside this Python (pip install -e '.[test]')")
    assert tidy(shell(command)) == tidy(expected)


REFERENCE = re.compile(r"`(tests/[\w/.-]+\.py)(?:::(\w+)(?:\[([^\]]+)\])?)?`")


def test_every_test_the_page_names_exists() -> None:
    golden = {f"{d['benefit']}: {c['name']}" for d in case_files() for c in d["cases"]}
    found = REFERENCE.findall(TEXT)
    assert len(found) >= 40
    for path, name, case in found:
        source = (REPO / path).read_text(encoding="utf-8")
        if name:
            assert f"def {name}(" in source, f"{path}::{name} does not exist"
        if case:
            assert name == "test_golden_case"
            assert case in golden, f"no golden case {case!r}"


def test_the_counts_the_page_gives_are_true() -> None:
    assert SCALE == 1
    assert f"{len(CORPUS) + len(GENERATED):,} invocations" in TEXT
    assert f"{len(CORPUS)} invocations written by" in TEXT
    assert f"{len(GENERATED):,} generated" in TEXT
    assert f"{FUZZ_EXAMPLES} examples per run" in TEXT
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "[docs/promises.md](docs/promises.md)" in readme
    assert f"{len(CORPUS) + len(GENERATED):,} bad invocations" in readme
    assert f"({FUZZ_EXAMPLES} examples per run)" in readme


def test_money_is_decimal_end_to_end(rules: RuleSet) -> None:
    """Every benefit's amount and items are Decimal (or None), whole fen for yuan amounts."""
    checked = 0
    for data in case_files():
        for case in data["cases"]:
            if "error" in case["expect"]:
                continue
            result = estimate(
                rules,
                data["benefit"],
                case.get("inputs") or {},
                str(case.get("as_of", data.get("as_of", "2024-06-01"))),
                confirm=case.get("confirm") or [],
            )
            values = [result.amount.low, result.amount.high, *(i.value for i in result.items)]
            for value in values:
                assert value is None or type(value) is Decimal, (data["benefit"], value)
            if result.amount.unit == "CNY":
                for value in (result.amount.low, result.amount.high):
                    assert value is None or value == value.quantize(Decimal("0.01"))
            checked += 1
    assert checked >= 300


def test_boundary_words_read_as_the_civil_code() -> None:
    """《民法典》第1259条: 以上、以下、以内 include the number; 不满、超过 (and 低于) exclude it."""
    includes = {"以上": "min", "以下": "max", "以内": "max", "不低于": "min", "不超过": "max"}
    excludes = {"超过": "min", "低于": "max", "不满": "max"}
    for word, direction in includes.items():
        assert BOUNDARY_DIRECTION[word] == (direction, True), word
    for word, direction in excludes.items():
        assert BOUNDARY_DIRECTION[word] == (direction, False), word


def update() -> None:
    """Rewrite the outputs shown in the page's console blocks from real runs."""

    def refresh(match: re.Match[str]) -> str:
        lines = []
        for command, _ in examples(match.group(0)):
            lines += [f"$ {command}", shell(command)]
        return "```console\n" + "\n".join(lines) + "\n```"

    PROMISES.write_text(
        re.sub(r"```console\n(.*?)```", refresh, TEXT, flags=re.S), encoding="utf-8"
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
    else:
        sys.exit("usage: python -m tests.test_promises --update")
