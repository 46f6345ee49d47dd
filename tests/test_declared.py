"""The fast parser's copy of the command line is the Typer declaration, and answers as Typer does.

``yantai_subsidy/declared.py`` is written from ``cli.declaration()``; after changing an option
in cli.py, rewrite it with ``YTSUB_WRITE_DECLARED=1 python -m pytest tests/test_declared.py``.
"""

from __future__ import annotations

import os
import pprint
import subprocess
import sys
from pathlib import Path

import pytest

from yantai_subsidy import __main__ as entry
from yantai_subsidy import commands, declared
from yantai_subsidy.cli import declaration

DECLARED = Path(declared.__file__)
HEADER = '''"""The Typer commands of cli.py as plain data, read by the fast parser of ``__main__``.

Written by tests/test_declared.py from ``cli.declaration()``, which fails when the two differ:
do not edit by hand. Each command: the :mod:`.commands` function it calls; its options
(flag → [parameter, takes a value, repeatable]); its arguments ([parameter, nargs, required,
metavar]); the defaults of its parameters.
"""

from typing import Any

COMMANDS: dict[str, dict[str, Any]] = '''


def test_the_copy_is_the_declaration() -> None:
    fresh = declaration()
    if os.environ.get("YTSUB_WRITE_DECLARED"):
        DECLARED.write_text(HEADER + pprint.pformat(fresh, width=96, sort_dicts=True) + "\n")
        # formatted as CI checks it (ruff format --check), so a rewrite is ready to commit
        subprocess.run([sys.executable, "-m", "ruff", "format", str(DECLARED)], check=True)
    assert fresh == declared.COMMANDS
    for spec in fresh.values():
        assert callable(getattr(commands, spec["function"]))


CORPUS = [
    ["list", "--format", "csv"],
    ["list", "--chapter", "9", "-f", "json"],
    ["list", "--chapter=9", "--kind", "target", "--format=csv"],
    ["list", "--chapter", "11"],
    ["list", "--kind", "foo"],
    ["list", "--chapter"],
    ["list", "extra"],
    ["list", "--nosuch"],
    ["list", "--format", "json", "--format", "csv"],
    ["match", "examples/profiles/tech-sme.yaml", "--unit", "wan", "--unit", "yuan"],
    ["list", "--chpter", "3"],
    ["show", "48", "--format", "json"],
    ["show", "techloan", "--lang", "zh", "--format", "markdown"],
    ["show"],
    ["show", "48", "extra"],
    ["show", "999"],
    ["search", "贷款", "风险", "--format", "csv"],
    ["search", "interest", "subsidy", "-f", "json"],
    ["search", "no-such-word", "--format", "json"],
    ["search"],
    ["search", "--", "-x"],
    ["match", "examples/profiles/tech-sme.yaml", "--format", "json"],
    ["match", "examples/profiles/young-renter.yaml", "--format", "csv", "--lang", "zh"],
    ["match", "examples/profiles/tech-sme.yaml", "--as-of", "2024-06-01", "--unit", "wan"],
    ["match"],
    ["match", "nosuch.yaml"],
    ["facts", "--kind", "district", "--format", "csv"],
    ["facts", "--kind", "nobody"],
    ["rules", "check"],
    ["rules", "check", "/nonexistent"],
    ["rules", "check", "a", "b"],
    ["rules", "schema", "extra"],
]


@pytest.mark.parametrize("args", CORPUS, ids=" ".join)
def test_the_fast_parser_answers_as_typer_does(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    fast = entry.run(args)
    fast_out = capsys.readouterr()
    plain = entry.guarded_app(args)
    plain_out = capsys.readouterr()
    assert (fast, fast_out.out, fast_out.err) == (plain, plain_out.out, plain_out.err)
