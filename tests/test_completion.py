"""Shell completion, driven as the shells' scripts drive it: ytsub run with _YTSUB_COMPLETE set.

bash sets COMP_WORDS and COMP_CWORD; zsh, fish and PowerShell set _TYPER_COMPLETE_ARGS (the
scripts are Typer's: ``ytsub --show-completion``). Each test names the words typed so far.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from yantai_subsidy.__main__ import run

REPO = Path(__file__).resolve().parent.parent


def complete(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    line: str,
    shell: str = "bash",
) -> tuple[list[str], int]:
    """What ytsub offers after ``line`` (the word being typed is the text after the last space)."""
    for key in ("COMP_WORDS", "COMP_CWORD", "_TYPER_COMPLETE_ARGS", "_TYPER_COMPLETE_FISH_ACTION"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("_YTSUB_COMPLETE", f"complete_{shell}")
    if shell == "bash":
        words = line.split(" ")
        monkeypatch.setenv("COMP_WORDS", line)
        monkeypatch.setenv("COMP_CWORD", str(len(words) - 1))
    else:
        monkeypatch.setenv("_TYPER_COMPLETE_ARGS", line)
        if shell == "fish":
            monkeypatch.setenv("_TYPER_COMPLETE_FISH_ACTION", "get-args")
    code = run([])
    out, err = capsys.readouterr()
    assert err == ""
    return out.splitlines(), code


@pytest.fixture
def offered(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    def offer(line: str) -> list[str]:
        words, code = complete(monkeypatch, capsys, line)
        assert code == 0
        return words

    return offer


def test_commands(offered) -> None:  # type: ignore[no-untyped-def]
    assert offered("ytsub ") == [
        "list",
        "show",
        "search",
        "estimate",
        "batch",
        "match",
        "facts",
        "rules",
    ]
    assert offered("ytsub es") == ["estimate"]
    assert offered("ytsub rules ") == ["check", "schema"]
    assert {"--version", "--install-completion", "--show-completion", "--help"} <= set(
        offered("ytsub --")
    )


def test_benefit_ids_and_aliases(offered) -> None:  # type: ignore[no-untyped-def]
    assert offered("ytsub estimate tech") == ["techreno", "techloan", "techloan-loss"]
    assert "kexindai" in offered("ytsub estimate ke")
    assert "科信贷" in offered("ytsub estimate 科")
    assert offered("ytsub estimate --lang zh tech") == ["techreno", "techloan", "techloan-loss"]


def test_a_benefits_options_come_from_its_rule_file(offered) -> None:  # type: ignore[no-untyped-def]
    options = offered("ytsub estimate techreno --")
    assert {"--loan", "--investment", "--years", "--guarantee-fee-rate", "--tiers", "--lpr"} <= set(
        options
    )
    assert {"--confirm", "--deny", "--set", "--format", "--as-of"} <= set(options)
    assert "--amount" not in options  # techloan's, not techreno's
    assert offered("ytsub estimate techloan --amount 300万 --am") == ["--amount"]


def test_choice_values(offered) -> None:  # type: ignore[no-untyped-def]
    assert offered("ytsub estimate sci-project --type ") == ["innovation", "demonstration"]
    assert offered("ytsub estimate techloan --format ") == ["table", "json", "csv", "markdown"]
    assert offered("ytsub estimate techloan --lang ") == ["zh", "en"]
    assert offered("ytsub batch in.csv --format ") == ["jsonl", "csv", "xlsx"]
    assert offered("ytsub list --kind ") == ["benefit", "informational", "target"]
    assert offered("ytsub facts --kind ") == ["enterprise", "person", "district"]
    assert offered("ytsub match p.yaml --unit ") == ["yuan", "wan"]


def test_condition_ids_after_confirm_and_deny(offered) -> None:  # type: ignore[no-untyped-def]
    assert offered("ytsub estimate techloan --confirm ") == ["filed", "on_time", "all"]
    assert offered("ytsub estimate techloan --deny on") == ["on_time"]
    # a comma-separated list: the last id is completed, the ones before it kept
    assert offered("ytsub estimate techloan --confirm filed,o") == ["filed,on_time"]
    # a condition the inputs decide is not for the user to confirm
    assert "investment_band" not in offered("ytsub estimate techreno --confirm ")


def test_set_parameter_names(offered) -> None:  # type: ignore[no-untyped-def]
    assert offered("ytsub estimate techloan --set ") == ["subsidy_rate=", "lifetime_cap="]


def test_chapters_and_measure_numbers(offered) -> None:  # type: ignore[no-untyped-def]
    assert offered("ytsub list --chapter ") == [str(n) for n in range(1, 11)]
    shown = offered("ytsub show ")
    assert shown[:3] == ["1", "2", "3"]
    assert "62" in shown
    assert "techloan" in shown


@pytest.mark.parametrize(
    "line",
    ["ytsub batch ", "ytsub match ", "ytsub batch in.csv --output ", "ytsub rules check "],
)
def test_files_are_left_to_the_shell(offered, line: str) -> None:  # type: ignore[no-untyped-def]
    assert offered(line) == []  # bash's `complete -o default` then offers file names


def test_zsh_fish_and_powershell_replies(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    zsh, _ = complete(monkeypatch, capsys, "ytsub estimate sci-project --type ", "zsh")
    assert zsh == [
        '_arguments \'*: :(("innovation":"major science and technology innovation project"',
        '"demonstration":"demonstration project"))\'',
    ]
    assert complete(monkeypatch, capsys, "ytsub match ", "zsh") == (["_files"], 0)
    fish, _ = complete(monkeypatch, capsys, "ytsub estimate sci-project --ty", "fish")
    assert fish == ["--type\ttype of project"]
    monkeypatch.setenv("_TYPER_COMPLETE_FISH_ACTION", "is-args")
    monkeypatch.setenv("_TYPER_COMPLETE_ARGS", "ytsub match ")
    assert run([]) == 1  # no candidates: fish offers files
    monkeypatch.setenv("_YTSUB_COMPLETE", "complete_powershell")
    monkeypatch.setenv("_TYPER_COMPLETE_ARGS", "ytsub list --kind t")
    monkeypatch.setenv("_TYPER_COMPLETE_WORD_TO_COMPLETE", "t")
    capsys.readouterr()
    assert run([]) == 0
    assert capsys.readouterr().out == "target::: \n"


def test_an_unknown_benefit_or_an_open_quote(offered) -> None:  # type: ignore[no-untyped-def]
    assert offered("ytsub estimate nosuch --") == []
    # an unclosed quote keeps its word, as click reads it
    assert offered('ytsub estimate "tech') == ["techreno", "techloan", "techloan-loss"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_bash_script_ytsub_installs_completes(tmp_path: Path) -> None:
    """The whole round trip: Typer's bash script, sourced, asks ytsub and fills COMPREPLY."""
    script = subprocess.run(
        [sys.executable, "-m", "yantai_subsidy", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "SHELL": "/bin/bash"},
    )
    if script.returncode != 0 or "complete -o default" not in script.stdout:
        pytest.skip(f"the shell could not be detected here: {script.stderr.strip()}")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "ytsub").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m yantai_subsidy "$@"\n')
    (bin_dir / "ytsub").chmod(0o755)
    (tmp_path / "completion.bash").write_text(script.stdout)
    test = (
        f'export PATH="{bin_dir}:$PATH"; source {tmp_path / "completion.bash"}; '
        "COMP_WORDS=(ytsub estimate techloan --confirm ''); COMP_CWORD=4; "
        '_ytsub_completion ytsub; echo "${COMPREPLY[*]}"'
    )
    done = subprocess.run(
        ["bash", "--norc", "-c", test], capture_output=True, text=True, check=False, cwd=REPO
    )
    assert done.stdout.split() == ["filed", "on_time", "all"], done.stderr


def test_a_rules_overlay_on_the_line_is_read(offered, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = (REPO / "rules" / "m48-techloan.yaml").read_text(encoding="utf-8")
    changed = source.replace("aliases: [kexindai, 科信贷]", "aliases: [kexindai, 科信贷, sciloan]")
    assert changed != source
    (tmp_path / "m48-techloan.yaml").write_text(changed, encoding="utf-8")
    assert offered("ytsub estimate sci") == ["sci-project"]
    assert offered(f"ytsub estimate --rules {tmp_path} sci") == ["sci-project", "sciloan"]
