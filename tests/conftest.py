"""Shared fixtures: the bundled rule set, loaded once, with a private cache folder."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from yantai_subsidy.__main__ import run
from yantai_subsidy.loader import load_rules
from yantai_subsidy.ruleset import RuleSet

REPO = Path(__file__).resolve().parent.parent
RULES_DIR = REPO / "rules"
DOCUMENT = RULES_DIR / "source" / "yzf-2024-3.txt"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never read or write the user's cache; each run starts from its own folder.

    The terminal's own settings (COLUMNS, FORCE_COLOR) are cleared too: expected tables are
    100 columns wide and plain, as ytsub writes them to a pipe.
    """
    unset = ("YTSUB_RULES", "COLUMNS", "FORCE_COLOR")
    saved = {key: os.environ.get(key) for key in ("YTSUB_CACHE_DIR", "YTSUB_LANG", *unset)}
    os.environ["YTSUB_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    for key in unset:
        os.environ.pop(key, None)
    os.environ["YTSUB_LANG"] = "en"
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(autouse=True)
def _no_command_line_left_over() -> Iterator[None]:
    """A test that calls a command's function (or CliRunner) directly is told in the language of
    its own environment, not of the last ``run()`` of an earlier test (shell.hear)."""
    from yantai_subsidy import shell

    yield
    shell.hear([])


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return load_rules()


#: No test of this suite takes more than a few seconds; one that hangs (a worker process that
#: never answers) fails after this long instead of holding CI until its time runs out.
TEST_TIME_LIMIT = int(os.environ.get("YTSUB_TEST_TIME_LIMIT", "300"))


@pytest.fixture(autouse=True)
def _time_limit() -> Iterator[None]:
    import signal

    if not hasattr(signal, "SIGALRM"):  # pragma: no cover - not POSIX
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"the test ran for more than {TEST_TIME_LIMIT} s: a hang?")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(TEST_TIME_LIMIT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def assert_group_ended(group: int, failure: str) -> None:
    """Wait up to 10 s for every process of a job's process group (its workers) to end."""
    import time

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    pytest.fail(failure)


@dataclass
class Result:
    """What one run of ytsub in this process gave: its exit code, stdout and stderr."""

    code: int
    out: str
    err: str


@pytest.fixture
def ytsub(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Result]:
    """``ytsub(*args, stdin=…)`` runs the command line in the checkout's folder (the README's
    paths), with ``stdin`` (text or bytes) as standard input when given."""
    monkeypatch.chdir(REPO)

    def invoke(*args: str, stdin: str | bytes | None = None) -> Result:
        if stdin is not None:
            data = stdin.encode() if isinstance(stdin, str) else stdin
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        code = run(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke
