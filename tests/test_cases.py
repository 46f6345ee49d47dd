"""Golden cases as data: tests/cases/<benefit>.yaml, each worked out by hand from the clause.

A case file::

    benefit: techloan
    as_of: 2024-06-01            # default for its cases
    monotone_in: [amount]        # for tests/test_properties.py
    cases:
      - name: what the case shows
        worked: 3,000,000 × 1.5% = 45,000 < 10万 cap     # the hand computation
        inputs: {amount: "3000000"}
        confirm: [filed]          # optional; also deny, set ({param: value}), as_of
        expect:
          status: conditional
          low: "0.00"
          high: "45000.00"
          basis: up_to
          conditions: {filed: met}                 # optional
          warnings: ["substring", …]               # optional: each must occur in a warning
          no_warnings: ["substring", …]            # optional: none may occur
          assumptions: 1                           # optional: how many
          items: ["substring of a label", …]       # optional
          grounds: assumption                      # optional: how sure the amount is
          item_grounds: [document, assumption]     # optional: each line with a value, in order
      - name: a refused input
        inputs: {amount: "-1"}
        expect: {error: "--amount: must not be negative"}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from yantai_subsidy.engine import estimate
from yantai_subsidy.errors import YtsubError
from yantai_subsidy.ruleset import RuleSet

CASES_DIR = Path(__file__).parent / "cases"
CASE_FILES = sorted(CASES_DIR.glob("*.yaml"))
AMOUNT_KEYS = ("low", "high")


def case_files() -> list[dict[str, Any]]:
    return [
        yaml.safe_load(path.read_text(encoding="utf-8")) | {"_file": path.name}
        for path in CASE_FILES
    ]


def all_cases() -> list[Any]:
    params = []
    for data in case_files():
        for case in data["cases"]:
            params.append(pytest.param(data, case, id=f"{data['benefit']}: {case['name']}"))
    return params


def run_case(rules: RuleSet, data: dict[str, Any], case: dict[str, Any]) -> Any:
    return estimate(
        rules,
        data["benefit"],
        case.get("inputs") or {},
        str(case.get("as_of", data.get("as_of", "2024-06-01"))),
        confirm=case.get("confirm") or [],
        deny=case.get("deny") or [],
        overrides={k: str(v) for k, v in (case.get("set") or {}).items()},
    )


@pytest.mark.parametrize(("data", "case"), all_cases())
def test_golden_case(rules: RuleSet, data: dict[str, Any], case: dict[str, Any]) -> None:
    assert case.get("worked"), "each case shows its hand computation in `worked`"
    expect = case["expect"]
    if "error" in expect:
        with pytest.raises(YtsubError) as raised:
            run_case(rules, data, case)
        assert expect["error"] in str(raised.value)
        if "exit" in expect:
            assert raised.value.exit_code == expect["exit"]
        return
    result = run_case(rules, data, case).to_dict()
    assert result["status"] == expect["status"]
    for key in AMOUNT_KEYS:
        if key in expect:
            wanted = expect[key]
            assert wanted is None or isinstance(wanted, str), (
                f"write {key} as a string, e.g. '45000.00'"
            )
            assert result["amount"][key] == wanted, f"{key}: {result['amount'][key]} != {wanted}"
    assert result["amount"]["basis"] == expect["basis"]
    assert result["amount"]["unit"] == expect.get("unit", "CNY")
    states = {c["id"]: c["status"] for c in result["conditions"]}
    for cid, state in (expect.get("conditions") or {}).items():
        assert states[cid] == state, f"condition {cid}: {states[cid]} != {state}"
    for text in expect.get("warnings") or ():
        assert any(text in w for w in result["warnings"]), (
            f"no warning contains {text!r}: {result['warnings']}"
        )
    for text in expect.get("no_warnings") or ():
        assert not any(text in w for w in result["warnings"]), f"a warning contains {text!r}"
    if "assumptions" in expect:
        assert len(result["assumptions"]) == expect["assumptions"], result["assumptions"]
    if "grounds" in expect:
        assert result["grounds"] == expect["grounds"], f"grounds: {result['grounds']}"
    if "item_grounds" in expect:
        valued = [i["grounds"] for i in result["items"] if i["value"] is not None]
        assert valued == expect["item_grounds"], f"item grounds: {valued}"
    labels = [i["label"] + " " + i["formula"] for i in result["items"]]
    for text in expect.get("items") or ():
        assert any(text in label for label in labels), f"no item contains {text!r}: {labels}"


def test_every_benefit_has_at_least_four_cases(rules: RuleSet) -> None:
    counted = {data["benefit"]: len(data["cases"]) for data in case_files()}
    for benefit in rules.benefits:
        assert counted.get(benefit, 0) >= 4, (
            f"{benefit} needs golden cases in tests/cases/{benefit}.yaml"
        )


def test_every_benefit_states_its_grounds_in_a_case(rules: RuleSet) -> None:
    """How sure each benefit's amount is was worked out by hand, at least once per benefit."""
    stated = {
        data["benefit"]
        for data in case_files()
        for case in data["cases"]
        if "grounds" in (case.get("expect") or {})
    }
    missing = sorted(set(rules.benefits) - stated)
    assert not missing, f"no golden case states the grounds of {missing}"


def test_case_files_are_named_after_their_benefit() -> None:
    for data in case_files():
        assert data["_file"] == f"{data['benefit']}.yaml"
