"""Shared fixtures: the bundled rule set, loaded once, with a private cache folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from yantai_subsidy.loader import load_rules
from yantai_subsidy.ruleset import RuleSet

REPO = Path(__file__).resolve().parent.parent
RULES_DIR = REPO / "rules"
DOCUMENT = RULES_DIR / "source" / "yzf-2024-3.txt"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never read or write the user's cache; each run starts from its own folder."""
    saved = {key: os.environ.get(key) for key in ("YTSUB_CACHE_DIR", "YTSUB_RULES", "YTSUB_LANG")}
    os.environ["YTSUB_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    os.environ.pop("YTSUB_RULES", None)
    os.environ["YTSUB_LANG"] = "en"
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return load_rules()
