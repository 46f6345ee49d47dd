"""Each profile of examples/profiles/ against amounts worked out by hand (tests/profiles/*.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO
from yantai_subsidy.match import Entry, match
from yantai_subsidy.profile import read_profile
from yantai_subsidy.result import amount_text
from yantai_subsidy.ruleset import RuleSet

EXPECTED = sorted((Path(__file__).parent / "profiles").glob("*.yaml"))


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def amount(entry: Entry) -> dict[str, str | None]:
    found = entry.estimate.amount.to_dict()
    return {"low": found["low"], "high": found["high"], "basis": found["basis"]}


def described(entry: Entry) -> dict[str, Any]:
    est = entry.estimate
    return {
        "benefit": entry.key,
        "status": est.status,
        "amount": amount(entry),
        "period": est.period,
        "to_confirm": [c.id for c in est.conditions if c.status == "unconfirmed"],
    }


def expected(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in item.items() if k != "worked"} for item in items]


def test_every_example_profile_has_its_hand_worked_result() -> None:
    examples = sorted(p.stem for p in (REPO / "examples" / "profiles").glob("*.yaml"))
    assert examples == sorted(p.stem for p in EXPECTED)
    assert examples == [
        "logistics",
        "manufacturer",
        "retired-resident",
        "tech-sme",
        "young-renter",
    ]


@pytest.mark.parametrize("path", EXPECTED, ids=[p.stem for p in EXPECTED])
def test_example_profile(rules: RuleSet, path: Path) -> None:
    data = load(path)
    assert all("worked" in item for item in data["claimable"] + data["paid_to_others"])
    result = match(rules, read_profile(str(REPO / data["profile"]), rules))
    assert [described(e) for e in result.claimable] == expected(data["claimable"])
    assert [described(e) for e in result.others] == expected(data["paid_to_others"])
    assert sorted(
        (e.key, [c.id for c in e.estimate.conditions if c.status == "unmet"])
        for e in result.ineligible
    ) == sorted((item["benefit"], item["unmet"]) for item in data["ineligible"])
    total = result.total
    assert {
        p.period: [amount_text(p.low, "CNY"), amount_text(p.high, "CNY")] for p in total.periods
    } == data["total"]["by_period"]
    assert [amount_text(total.low, "CNY"), amount_text(total.high, "CNY")] == data["total"]["all"]
    assert list(total.unstated) == data["total"]["unstated"]
    assert list(total.own_money) == data["total"].get("own_money", [])
    assert [list(g.members) for g in total.groups] == data["total"]["not_added"]
    assert [n.benefit for n in result.needs[: len(data["needs_facts_first"])]] == data[
        "needs_facts_first"
    ]
