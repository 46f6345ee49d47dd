"""The README cannot drift: every ``$ ytsub …`` example runs, and its output is the one shown.

Regenerate the shown outputs after a deliberate change with ``python -m tests.test_readme --update``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
DOCUMENTS = [README, REPO / "examples" / "recipes.md"]
CI = REPO / ".ci" / "run"


def examples(text: str) -> list[tuple[str, str]]:
    """(command, expected output) for each ``$ `` line of the console blocks."""
    found: list[tuple[str, str]] = []
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        command = None
        output: list[str] = []
        for line in block.rstrip("\n").split("\n"):
            if line.startswith("$ "):
                if command is not None:
                    found.append((command, "\n".join(output)))
                command, output = line[2:], []
            else:
                output.append(line)
        if command is not None:
            found.append((command, "\n".join(output)))
    return found


def shell(command: str) -> str:
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "NO_COLOR": "1",
        "YTSUB_LANG": "en",
    }
    env.pop("YTSUB_RULES", None)
    done = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, cwd=REPO, env=env, check=False
    )
    return (done.stdout + done.stderr).rstrip("\n")


def tidy(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))


EXAMPLES = [
    pytest.param(command, expected, id=f"{document.name}: {command}")
    for document in DOCUMENTS
    for command, expected in examples(document.read_text(encoding="utf-8"))
]


@pytest.mark.parametrize(("command", "expected"), EXAMPLES)
def test_readme_example(command: str, expected: str) -> None:
    if shutil.which("ytsub", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("ytsub is not installed beside this Python (pip install -e '.[test]')")
    if "| jq" in command and shutil.which("jq") is None:
        first = command.split("|", 1)[0]
        json_out = shell(first)
        assert json_out.lstrip().startswith("{"), json_out
        pytest.skip("jq is not installed: the ytsub part ran, the jq part was not checked")
    assert tidy(shell(command)) == tidy(expected)


def test_readme_has_examples() -> None:
    assert len(examples(README.read_text(encoding="utf-8"))) >= 12


def quick_start() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = text.split("<!-- quick-start -->", 1)[1].split("<!-- /quick-start -->", 1)[0]
    return [
        line for line in block.strip().strip("`").removeprefix("bash").strip().split("\n") if line
    ]


def test_quick_start_is_two_lines() -> None:
    install_and_run, install_and_test = quick_start()
    assert install_and_run.endswith("ytsub estimate techloan --amount 3000000")
    assert "pip install" in install_and_run
    assert install_and_test.endswith("python -m pytest")
    assert "'.[test]'" in install_and_test


def test_ci_runs_the_quick_start() -> None:
    script = CI.read_text(encoding="utf-8")
    assert "<!-- quick-start -->" in script  # .ci/run reads the two lines from this README


def update() -> None:
    """Rewrite the outputs shown in the console blocks from real runs."""

    def refresh(match: re.Match[str]) -> str:
        lines = []
        for command, _ in examples(match.group(0)):
            lines.append(f"$ {command}")
            output = shell(command)
            if output:
                lines.append(output)
        return "```console\n" + "\n".join(lines) + "\n```"

    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        document.write_text(
            re.sub(r"```console\n(.*?)```", refresh, text, flags=re.S), encoding="utf-8"
        )


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
    else:
        sys.exit("usage: python -m tests.test_readme --update")
