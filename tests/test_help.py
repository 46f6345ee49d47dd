"""Help: one layout for every command, wrapped to the terminal, and each option declared once.

The golden texts in tests/help/ were read and approved by a person; after a deliberate change,
rewrite them with ``YTSUB_WRITE_HELP=1 python -m pytest tests/test_help.py`` and read the diff.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest
import typer.main
from hypothesis import given, settings
from hypothesis import strategies as st

from yantai_subsidy.__main__ import run
from yantai_subsidy.cli import app
from yantai_subsidy.cli_batch import OPTIONS
from yantai_subsidy.ruleset import RuleSet

GOLDEN = Path(__file__).resolve().parent / "help"
COMMANDS = [
    "",
    "list",
    "show",
    "search",
    "match",
    "facts",
    "rules",
    "rules check",
    "rules schema",
    "estimate",
    "estimate techloan",
    "estimate techreno",
    "batch",
    "list --lang zh",
    "match --lang zh",
    "rules --lang zh",
    "batch --lang zh",
    "estimate techloan --lang zh",
]


def width_of(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def help_text(
    command: str, columns: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    code = run([*command.split(), "--help"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    return out


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("command", COMMANDS)
def test_golden_help(
    command: str, columns: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = help_text(command, columns, monkeypatch, capsys)
    golden = GOLDEN / f"{command.replace(' --', '-').replace(' ', '-') or 'ytsub'}-{columns}.txt"
    if os.environ.get("YTSUB_WRITE_HELP"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("columns", [60, 80, 100, 120, 200])
@pytest.mark.parametrize("command", COMMANDS)
def test_help_fits_the_terminal(
    command: str, columns: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No line wider than the terminal (help stops growing at 120), and one layout for all."""
    text = help_text(command, columns, monkeypatch, capsys)
    lines = text.splitlines()
    zh = "--lang zh" in command
    usage = "用法：" if zh else "Usage: "
    assert lines[0].startswith(f"{usage}ytsub {command.replace(' --lang zh', '')}".rstrip())
    assert ("选项：" if zh else "Options:") in lines
    assert any(line.split()[:2] == ["-h,", "--help"] for line in lines if line.strip())
    shown = text.replace("[ARGS]...", "").replace("[参数]...", "").replace("WORD...", "")
    assert "..." not in shown  # nothing cut short
    for line in lines:
        assert width_of(line) <= min(columns, 120) or len(line.split()) == 1, line


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_benefit_help_fits_80_columns(
    rules: RuleSet, lang: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for benefit in rules.benefits:
        text = help_text(f"estimate {benefit} --lang {lang}", 80, monkeypatch, capsys)
        spec = rules.benefits[benefit]
        for option in spec.inputs:
            assert option.option in text, (benefit, option.option)
        for condition in spec.conditions:
            assert condition.id in text
        for line in text.splitlines():
            assert width_of(line) <= 80 or len(line.split()) == 1, (benefit, line)


def test_every_declared_option_is_in_the_help(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        if name in ("estimate", "batch"):
            continue  # their own declarations: below and in test_every_benefit_help_fits_80_columns
        for sub, leaf in getattr(command, "commands", {name: command}).items():
            path = name if sub == name else f"{name} {sub}"
            text = help_text(path, 100, monkeypatch, capsys)
            for param in leaf.params:
                for opt in param.opts:
                    assert opt in text if opt.startswith("-") else True, (path, opt)
    text = help_text("batch", 100, monkeypatch, capsys)
    for option in OPTIONS:
        for flag in option.flags:
            assert flag in text
        assert option.metavar in text


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(
        st.one_of(
            st.text(alphabet="abcdefghij0123456789%,.:-", min_size=1, max_size=14),
            st.text(alphabet="贷款补贴万元（）〔〕，。“”", min_size=1, max_size=10),
            st.sampled_from([" ", "  ", "\n"]),
        ),
        max_size=40,
    ).map("".join),
    width=st.integers(min_value=10, max_value=120),
)
def test_wrap_keeps_every_character_and_the_width(text: str, width: int) -> None:
    from yantai_subsidy.render.help import _PIECE, display_width, wrap

    lines = wrap(text, width)
    opener_alone = re.search(r"[（〔“](\s|$)", text)  # an opener with nothing after it to join
    assert "".join("".join(lines).split()) == "".join(text.split())
    for line in lines:
        # only a piece that cannot be broken (a long word or number) may run past the width
        assert display_width(line) <= width or (
            len(_PIECE.findall(line.split()[-1])) == 1 and (len(line.split()) == 1)
        ), (line, width)
        if not opener_alone:  # an opening bracket goes with what follows
            assert not line.endswith(tuple("（〔“")), line


def test_every_declared_help_text_has_its_chinese() -> None:
    """--lang zh (or a zh locale) gives Chinese help: no declared text is left untranslated."""
    from yantai_subsidy.cli_batch import SUMMARY, SUMMARY_ZH
    from yantai_subsidy.render.help import HELP_ZH, _paragraphs

    group = typer.main.get_command(app)
    texts = {option.help for option in OPTIONS}
    assert SUMMARY_ZH != SUMMARY

    def walk(command: object) -> None:
        texts.update(_paragraphs(command.help))  # type: ignore[attr-defined]
        for param in command.params:  # type: ignore[attr-defined]
            if getattr(param, "help", None):
                texts.add(" ".join(param.help.split()))
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(group)
    assert sorted(texts - set(HELP_ZH)) == []
