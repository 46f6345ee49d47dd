"""Changed rules never pass for the published ones: --set, --tiers and --rules are always named.

Every format names each overridden value (with the rule's value) and each overlaid file
(the one-row CSV on stderr), and the rules digest of the estimate changes; a batch does the
same per row (JSONL) and in its summary (CSV, XLSX).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_cases import case_files
from yantai_subsidy.__main__ import run
from yantai_subsidy.engine import estimate
from yantai_subsidy.loader import load_rules
from yantai_subsidy.render import FORMATS
from yantai_subsidy.ruleset import RuleSet

AS_OF = "2024-06-01"
OVERLAY = str(REPO / "examples" / "rules-overlay")
OVERLAID = "examples/rules-overlay/m08-techreno.yaml"  # shown relative to the checkout


def ytsub(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_issue_example_shows_the_override_in_the_table_and_the_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """ytsub estimate techloan --amount 3000000 --set subsidy_rate=2% (the issue's "done when")."""
    args = ("estimate", "techloan", "--amount", "3000000", "--set", "subsidy_rate=2%")
    code, table, err = ytsub(capsys, *args)
    assert (code, err) == (0, "")
    assert "override: subsidy_rate set to 2% with --set (the rule says 1.5%)" in table
    assert "up to ¥60,000.00" in table
    code, out, _ = ytsub(capsys, *args, "--format", "json")
    data = json.loads(out)
    assert data["overrides"] == [
        {"param": "subsidy_rate", "rule_value": "1.5%", "value": "2%", "by": "--set"}
    ]
    _, plain, _ = ytsub(capsys, "estimate", "techloan", "--amount", "3000000", "--format", "json")
    assert data["rules_digest"] != json.loads(plain)["rules_digest"]
    assert "最高给予备案贷款本金1.5%的信贷补贴" not in data["source"]["quotes"]


ASSUMED = {"bands"}  # parameters the rules mark assumed: true among those changed below
CHANGED = {
    "--set": (
        [
            "techloan",
            "--amount",
            "3000000",
            "--set",
            "subsidy_rate=2%",
            "--set",
            "lifetime_cap=20万",
        ],
        [("subsidy_rate", "2%", "1.5%", "--set"), ("lifetime_cap", "20万", "10万", "--set")],
        [],
    ),
    "--tiers": (
        ["techreno", "--loan", "1000万", "--tiers", "0:1%"],
        [("bands", "0:1%", "0:35% LPR", "--tiers")],
        [],
    ),
    "--rules": (["techreno", "--loan", "1000万", "--rules", OVERLAY], [], [OVERLAID]),
    "all three": (
        [
            "techreno",
            "--loan",
            "1000万",
            "--rules",
            OVERLAY,
            "--tiers",
            "0:1%",
            "--set",
            "yearly_cap=200万",
        ],
        [("yearly_cap", "200万", "100万", "--set"), ("bands", "0:1%", "0:35% LPR", "--tiers")],
        [OVERLAID],
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("change", list(CHANGED))
def test_every_format_names_every_change(
    capsys: pytest.CaptureFixture[str], change: str, fmt: str, lang: str
) -> None:
    args, overrides, overlays = CHANGED[change]
    code, out, err = ytsub(
        capsys, "estimate", *args, "--format", fmt, "--lang", lang, "--as-of", AS_OF
    )
    assert code == 0, err
    shown = out + err if fmt == "csv" else out
    if fmt != "csv":
        assert err == ""
    if fmt == "json":
        data = json.loads(out)
        assert [(o["param"], o["value"], o["rule_value"], o["by"]) for o in data["overrides"]] == (
            overrides
        )
        assert data["source"]["overlays"] == overlays
        return
    flat = " ".join(shown.split())  # the table wraps long lines
    for param, value, rule_value, by in overrides:
        # techreno's bands are an assumption (the document gives no table): not "the rule"
        if lang == "en":
            was = "in place of the assumed" if param in ASSUMED else "the rule says"
            assert f"{param} set to {value} with {by} ({was} {rule_value})" in flat
        else:
            was = "替代假设值" if param in ASSUMED else "规则为"
            assert f"{param} 由 {by} 改为 {value}（{was} {rule_value}）" in flat
    for path in overlays:
        assert path.replace(" ", "") in flat.replace(" ", "")
    if not overrides and not overlays:
        pytest.fail("nothing changed")


def test_a_csv_of_published_rules_names_no_changed_rules(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ("estimate", "techloan", "--amount", "5", "--as-of", "2024-06-01", "--format", "csv")
    code, _, err = ytsub(capsys, *args)
    assert code == 0
    assert "changed rules" not in err
    assert err.startswith(
        "interpretation: 1.5% is read as a one-off share"
    )  # its reading, as in the table


# --- every parameter of every benefit ------------------------------------------------------------

SAMPLES = {}
for _data in case_files():
    for _case in _data["cases"]:
        if "error" not in _case["expect"]:
            SAMPLES.setdefault(_data["benefit"], _case.get("inputs") or {})

RULES = load_rules()
PARAMS = [(b.id, name) for b in RULES.benefits.values() for name in b.params]


@pytest.mark.parametrize(("benefit", "param"), PARAMS, ids=[f"{b}.{p}" for b, p in PARAMS])
def test_any_set_is_listed_and_changes_the_digest(rules: RuleSet, benefit: str, param: str) -> None:
    """Even --set to the rule's own value is listed: the estimate says which rules it used."""
    written = rules.benefits[benefit].params[param].written
    plain = estimate(rules, benefit, SAMPLES[benefit], AS_OF)
    changed = estimate(rules, benefit, SAMPLES[benefit], AS_OF, overrides=[f"{param}={written}"])
    assert [(o.param, o.by) for o in changed.overrides] == [(param, "--set")]
    assert changed.to_dict()["overrides"][0]["rule_value"] == written
    assert changed.rules_digest != plain.rules_digest
    assert plain.overrides == ()


def test_two_different_sets_have_different_digests(rules: RuleSet) -> None:
    inputs = {"amount": "3000000"}
    digests = {
        estimate(rules, "techloan", inputs, AS_OF, overrides=[f"subsidy_rate={rate}"]).rules_digest
        for rate in ("1%", "2%", "3%")
    }
    assert len(digests) == 3


def test_an_overlay_changes_the_digest_and_is_named(rules: RuleSet) -> None:
    custom = load_rules(OVERLAY)
    assert custom.digest != rules.digest
    result = estimate(custom, "techreno", {"loan": "1000万"}, AS_OF)
    assert result.overlays == (OVERLAID,)
    assert result.rules_digest == custom.digest


# --- batch ------------------------------------------------------------------------------------------


def test_batch_names_changed_rules_per_row_and_in_its_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "rows.csv"
    source.write_text(
        "benefit,amount,loan,set\n"
        "techloan,3000000,,subsidy_rate=2%\n"
        "techloan,3000000,,\n"
        "techreno,,1000万,\n",
        encoding="utf-8",
    )
    code, out, err = ytsub(capsys, "batch", str(source), "--as-of", AS_OF, "--rules", OVERLAY)
    assert code == 0
    first, second, third = (json.loads(line) for line in out.splitlines())
    assert first["overrides"] == [
        {"param": "subsidy_rate", "rule_value": "1.5%", "value": "2%", "by": "--set"}
    ]
    assert second["overrides"] == []
    assert first["rules_digest"] != second["rules_digest"]
    assert all(line["source"]["overlays"] for line in (first, second, third))
    assert "; 1 row(s) with changed parameters (set); rule files overlaid: " in err
    assert err.rstrip().endswith(OVERLAID)
    code, _, err = ytsub(capsys, "batch", str(source), "--format", "csv", "--as-of", AS_OF)
    assert code == 0
    assert "1 row(s) with changed parameters (set)" in err
    assert "rule files overlaid" not in err


@pytest.mark.parametrize(
    ("option", "says"),
    [
        (
            "--lpr",
            "Error: --lpr: 0.5 reads as 50%, above 20%: write a per-cent with its sign (0.5%)",
        ),
        (
            "--guarantee-fee-rate",
            "Error: --guarantee-fee-rate: 0.5 reads as 50%, above 10%: write a per-cent with its "
            "sign (0.5%)",
        ),
    ],
)
@pytest.mark.parametrize("rules", [None, OVERLAY], ids=["bundled", "example overlay"])
def test_the_example_overlay_keeps_the_guards_of_its_inputs(
    capsys: pytest.CaptureFixture[str], option: str, says: str, rules: str | None
) -> None:
    """It changes one reading (“No figure is changed”): it had lost the guards of --lpr and
    --guarantee-fee-rate, so that --lpr 0.5 was read as an LPR of 50% (¥1,000,000)."""
    args = ["estimate", "techreno", "--loan", "1000万", "--investment", "2000万", option, "0.5"]
    args += [] if rules is None else ["--rules", rules]
    code, out, err = ytsub(capsys, *args, "--as-of", AS_OF)
    assert (code, out, err) == (1, "", says + "\n")


# --- match ------------------------------------------------------------------------------------------

SET_IN_PROFILE = (
    "kind: enterprise\nas_of: 2024-06-01\nfacts:\n  techloan_principal: 300万\n"
    "  techreno_loan: 1000万\n  techreno_investment: 2000万\n"
    "benefits:\n  techloan:\n    set: {subsidy_rate: 1.7%}\n"
)
NAMED = {
    "en": (
        "subsidy_rate set to 1.7% with benefits.techloan.set (the rule says 1.5%)",
        f"rule files overlaid: {OVERLAID}",
    ),
    "zh": (
        "subsidy_rate 由 benefits.techloan.set 改为 1.7%（规则为 1.5%）",
        f"规则覆盖文件：{OVERLAID}",
    ),
}


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_match_names_what_its_changed_rules_changed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str, lang: str
) -> None:
    """A match said "with changed rules (see override)" and named no change: neither a
    profile's set: nor the files of --rules were anywhere in the table, Markdown or CSV."""
    profile = tmp_path / "sme.yaml"
    profile.write_text(SET_IN_PROFILE, encoding="utf-8")
    args = ("match", str(profile), "-f", fmt, "--lang", lang, "--rules", OVERLAY)
    code, out, err = ytsub(capsys, *args)
    assert code == 0
    said = " ".join((out + err).split())  # the table wraps its lines
    for named in NAMED[lang]:
        assert " ".join(named.split()) in said, named
    if fmt != "csv":  # the total's own line: not "assumptions or readings"
        some = {"en": "part of it rests on changed rules", "zh": "部分金额基于改动后的规则"}
        assert some[lang] in said


def test_a_match_says_which_key_of_the_profile_changed_a_rule(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    profile = tmp_path / "sme.yaml"
    profile.write_text(SET_IN_PROFILE, encoding="utf-8")
    code, out, _ = ytsub(capsys, "match", str(profile), "-f", "json")
    assert code == 0
    (techloan,) = [e for e in json.loads(out)["claimable"] if e["benefit"] == "techloan"]
    assert techloan["overrides"] == [
        {
            "param": "subsidy_rate",
            "rule_value": "1.5%",
            "value": "1.7%",
            "by": "benefits.techloan.set",
        }
    ]


def test_a_client_list_summary_names_its_changed_rules(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Beside a CSV of clients, the summary is all a reader has: as a batch's, it says how many
    clients had a rule changed by their own set, and which files --rules overlaid."""
    clients = tmp_path / "clients.csv"
    clients.write_text(
        "kind,techloan_principal,techreno_loan,techreno_investment,benefits.techloan.set\n"
        "enterprise,300万,,,subsidy_rate=1.7%\n"
        "enterprise,300万,1000万,2000万,\n",
        encoding="utf-8",
    )
    args = ("match", str(clients), "-f", "csv", "-o", str(tmp_path / "out.csv"), "--as-of", AS_OF)
    code, _, err = ytsub(capsys, *args, "--rules", OVERLAY)
    assert code == 0
    assert err.splitlines()[0].endswith(
        f"; 1 client(s) with changed parameters (set); rule files overlaid: {OVERLAID}"
    )
    code, _, err = ytsub(capsys, *args, "--lang", "zh")
    assert code == 0
    assert err.splitlines()[0].endswith("；1 个客户改动了参数（set）")
