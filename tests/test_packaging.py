"""What a user installs: the distribution's name, its declared lowest versions, its type marker."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

import yantai_subsidy
from yantai_subsidy.errors import DISTRIBUTION, install_hint

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(yantai_subsidy.__file__).resolve().parent


def _project() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]  # type: ignore[no-any-return]


def _lower_bounds() -> dict[str, str]:
    """name → the version after ``>=``, for every dependency and extra of pyproject.toml."""
    project = _project()
    declared = list(project["dependencies"])  # type: ignore[call-overload]
    for extra in project["optional-dependencies"].values():  # type: ignore[attr-defined]
        declared += extra
    bounds = {}
    for requirement in declared:
        found = re.match(r"([A-Za-z0-9_.-]+)(?:\[.*\])?>=([0-9.]+)", requirement)
        if found:
            bounds[found[1].lower()] = found[2]
    return bounds


def _pins() -> dict[str, str]:
    text = (ROOT / ".ci" / "lowest-versions.txt").read_text(encoding="utf-8")
    pins = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[name.strip().lower()] = version.strip()
    return pins


def _release(version: str) -> tuple[int, ...]:
    parts = [int(part) for part in version.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def test_the_distribution_is_not_the_unrelated_ytsub_on_pypi() -> None:
    assert _project()["name"] == DISTRIBUTION
    assert DISTRIBUTION != "ytsub"
    assert str(install_hint("excel", "openpyxl")) == (
        "pip install 'yantai-subsidy[excel]' (with pipx: pipx inject yantai-subsidy openpyxl)"
    )
    assert install_hint("excel", "openpyxl").render("zh") == (
        "pip install 'yantai-subsidy[excel]'（使用 pipx 时：pipx inject yantai-subsidy openpyxl）"
    )


def test_every_install_command_in_the_code_names_the_distribution() -> None:
    hard_coded = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in PACKAGE.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"pip install '|pipx inject ", line)
        and path.name not in ("errors.py", "messages.py")
    ]
    assert hard_coded == [], "use errors.install_hint()"


def test_ci_tests_exactly_the_declared_lowest_versions() -> None:
    bounds, pins = _lower_bounds(), _pins()
    for lint_only in ("ruff", "mypy"):
        bounds.pop(lint_only, None)
    assert set(pins) == set(bounds)
    for name, version in bounds.items():
        assert _release(pins[name]) == _release(version), name


def test_the_library_is_marked_as_typed() -> None:
    assert (PACKAGE / "py.typed").is_file()


def test_no_private_imports_of_dependencies() -> None:
    """Only public API of typer, click, rich, pydantic and yaml: a private module (typer._click)
    exists in some versions only, and the declared lowest versions must hold."""
    private = re.compile(r"^\s*(?:from|import)\s+(?:typer|click|rich|pydantic|yaml)(?:\.\w+)*\._")
    found = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in PACKAGE.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if private.match(line)
    ]
    assert found == []
