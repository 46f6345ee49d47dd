"""Bad input, as a table: every refused invocation exits 1 or 2 with one line naming the option.

Two tables, one test:

* ``CORPUS``, written by hand: every command (estimate, list, show, search, batch, rules),
  the options every command shares, values that only a given benefit refuses (a tax above
  the sale price, a band table out of order, a zero where zero means nothing), and the
  contradictions (``--confirm x --deny x``, ``--tiers`` with ``--set bands``);
* ``GENERATED``, from the rule set: for every benefit, each of its options given each bad
  value of its type (money, rate, count, quantity, date, choice, flag, bands: negative,
  empty, NaN, infinity, 1e400, 20 digits, malformed 万/亿, ``345`` for a rate, impossible
  dates …), each required option left out, an unknown option, condition and parameter, a
  condition both confirmed and denied, and a parameter ``--set`` to a bad value.

For each: the exit code, one line on stderr that starts with ``Error:`` and holds the
expected words (the option or value), nothing on stdout, and no traceback.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.conftest import RULES_DIR
from tests.test_cases import case_files
from yantai_subsidy import loader
from yantai_subsidy.__main__ import run
from yantai_subsidy.ruleset import Benefit, InputSpec, RuleSet

AS_OF = "--as-of 2024-06-01"
TECHLOAN = f"estimate techloan --amount 5 {AS_OF}"
TECHRENO = f"estimate techreno --loan 1000万 {AS_OF}"
SWAP = (
    "estimate home-swap-refund --sale-date 2024-03-01 --purchase-date 2024-09-01 --as-of 2024-10-01"
)


@dataclass(frozen=True)
class Bad:
    """One refused invocation: the arguments (shell words), exit code, and words of the message."""

    args: str
    code: int
    says: str
    lines: int = 1  # lines on stderr: `rules check` lists each problem, then a summary


CORPUS: list[Bad] = [
    # --- estimate: which benefit --------------------------------------------------------------
    Bad("estimate", 2, "which benefit? ytsub estimate BENEFIT"),
    Bad("estimate nosuch", 2, "unknown benefit 'nosuch'"),
    Bad("estimate techlon --amount 5", 2, "unknown benefit 'techlon' (did you mean techloan?)"),
    Bad("estimate ''", 2, "unknown benefit ''"),
    Bad("estimate 99", 2, "unknown benefit '99'"),
    Bad("estimate 50", 2, "measure 50 has no amount to estimate (informational)"),
    Bad("estimate 12", 2, "measure 12 has several benefits: small-taxes, green-cit, union-fee"),
    # --- estimate: how options are written ----------------------------------------------------
    Bad(f"{TECHLOAN} extra", 2, "unexpected argument 'extra'"),
    Bad("estimate techloan --amount", 2, "--amount needs a value"),
    Bad(f"{TECHLOAN} --amount 6", 2, "--amount is given twice"),
    Bad(f"estimate techloan --amount=5 --amount=6 {AS_OF}", 2, "--amount is given twice"),
    Bad(f"{TECHLOAN} -x", 2, "no such option: -x"),
    Bad(
        f"estimate techloan --amout 5 {AS_OF}",
        2,
        "no such option: --amout (did you mean --amount?)",
    ),
    Bad(f"{TECHLOAN} -- --amount", 2, "unexpected argument '--amount'"),
    Bad(f"{TECHLOAN} -f", 2, "-f needs a value"),
    Bad(f"{TECHLOAN} --help=no", 2, "--help does not take a value"),
    Bad("estimate --help=1", 2, "--help does not take a value"),
    Bad(f"{TECHLOAN} -h=x", 2, "-h does not take a value"),
    Bad("batch examples/batch.csv --quiet=no", 2, "--quiet does not take a value"),
    Bad("batch examples/batch.csv --bom=false --format csv", 2, "--bom does not take a value"),
    Bad("batch --help=no", 2, "--help does not take a value"),
    # --- estimate: the common options ---------------------------------------------------------
    Bad(f"{TECHLOAN} --format xml", 2, "--format: 'xml' is not one of table, json, csv, markdown"),
    Bad(f"{TECHLOAN} --format ''", 2, "--format: '' is not one of"),
    Bad(f"{TECHLOAN} --format json --format csv", 2, "--format is given twice"),
    Bad(f"{TECHLOAN} --lang fr", 2, "--lang: 'fr' is not one of zh, en"),
    Bad(f"{TECHLOAN} --lang ''", 2, "--lang: '' is not one of zh, en"),
    Bad(f"{TECHLOAN} --lang english", 2, "--lang: 'english' is not one of zh, en"),
    Bad(f"{TECHLOAN} --unit usd", 2, "--unit: 'usd' is not one of yuan, wan"),
    Bad(f"{TECHLOAN} --unit ''", 2, "--unit: '' is not one of yuan, wan"),
    Bad(
        "estimate techloan --amount 5 --as-of 2024-02-30",
        1,
        "--as-of: not a calendar date: '2024-02-30'",
    ),
    Bad(
        "estimate techloan --amount 5 --as-of 2024-13-01",
        1,
        "--as-of: not a calendar date: '2024-13-01'",
    ),
    Bad(
        "estimate techloan --amount 5 --as-of 2023-02-29",
        1,
        "--as-of: not a calendar date: '2023-02-29'",
    ),
    Bad("estimate techloan --amount 5 --as-of 2024-00-10", 1, "--as-of: not a calendar date"),
    Bad("estimate techloan --amount 5 --as-of 2024年2月30日", 1, "--as-of: not a calendar date"),
    Bad("estimate techloan --amount 5 --as-of 2024/06/01", 1, "--as-of: not a date: '2024/06/01'"),
    Bad("estimate techloan --amount 5 --as-of ''", 1, "--as-of: empty value"),
    Bad(
        "estimate techloan --amount 5 --as-of 1800-01-01",
        1,
        "--as-of: 1800-01-01 is outside the years",
    ),
    Bad(
        "estimate techloan --amount 5 --as-of 2024-06-01 --as-of 2024-07-01",
        2,
        "--as-of is given twice",
    ),
    Bad(f"{TECHLOAN} --rules /nonexistent", 2, "/nonexistent: --rules: not a folder of rule files"),
    Bad(f"{TECHLOAN} --rules ''", 2, "--rules: empty value"),
    Bad(f"{TECHLOAN} --rules=", 2, "--rules: empty value"),
    Bad(f"{TECHLOAN} --rules", 2, "--rules needs a value"),
    Bad(
        f"{TECHLOAN} --rules {{overlays}}/broken",
        1,
        "{overlays}/broken/m48-techloan.yaml:6: knd: unknown key",
    ),
    Bad(f"{TECHLOAN} --rules {{overlays}}/retyped", 1, "reads subsidy_rate as a rate, not a money"),
    # --- estimate: --set ----------------------------------------------------------------------
    Bad(
        f"{TECHLOAN} --set subsidy_rate",
        1,
        "--set: write PARAM=VALUE (e.g. subsidy_rate=2%), not 'subsidy_rate'",
    ),
    Bad(f"{TECHLOAN} --set =2%", 1, "--set: write PARAM=VALUE"),
    Bad(f"{TECHLOAN} --set subsidy_rate=", 1, "--set subsidy_rate: empty value"),
    Bad(f"{TECHLOAN} --set rate=2%", 1, "--set: techloan has no parameter 'rate'"),
    Bad(
        f"{TECHLOAN} --set subsidy_rate=2% --set subsidy_rate=3%",
        1,
        "--set: subsidy_rate is set twice",
    ),
    Bad(f"{TECHLOAN} --set subsidy_rate=345", 1, "--set subsidy_rate: '345' is not a rate"),
    Bad(f"{TECHLOAN} --set subsidy_rate=2000%", 1, "--set subsidy_rate: 2000% is above 1000%"),
    Bad(f"{TECHLOAN} --set subsidy_rate=-1%", 1, "--set subsidy_rate: must not be negative"),
    Bad(
        f"{TECHLOAN} --set lifetime_cap=nan", 1, "--set lifetime_cap: 'nan' is not a finite number"
    ),
    Bad(
        f"{TECHLOAN} --set lifetime_cap=1e400",
        1,
        "--set lifetime_cap: not an amount of money: '1e400'",
    ),
    Bad(f"{TECHLOAN} --set lifetime_cap=-10万", 1, "--set lifetime_cap: must not be negative"),
    Bad(
        f"{TECHRENO} --tiers 0:1% --set bands=0:2%",
        1,
        "--tiers and --set bands both replace bands: give one",
    ),
    Bad(f"{TECHRENO} --set bands=5:1%", 1, "--set bands: the first band must start at 0"),
    # --- estimate: conditions -----------------------------------------------------------------
    Bad(f"{TECHLOAN} --confirm ''", 1, "--confirm: empty condition id"),
    Bad(f"{TECHLOAN} --confirm ,", 1, "--confirm: empty condition id"),
    Bad(f"{TECHLOAN} --deny ' ; '", 1, "--deny: empty condition id"),
    Bad(f"{TECHLOAN} --deny all", 1, "--deny: techloan has no condition 'all'"),
    Bad(f"{TECHLOAN} --confirm filed,fild", 1, "has no condition 'fild' (did you mean filed?)"),
    Bad(
        f"{TECHLOAN} --confirm filed --deny filed",
        1,
        "--confirm and --deny both name 'filed': give one",
    ),
    Bad(f"{TECHLOAN} --confirm filed,on_time --deny on_time", 1, "both name 'on_time'"),
    Bad(
        f"{TECHRENO} --investment 2000万 --deny investment_band",
        1,
        "--deny investment_band: contradicts --investment",
    ),
    Bad(
        f"{TECHRENO} --investment 1万 --confirm investment_band",
        1,
        "--confirm investment_band: contradicts --investment",
    ),
    Bad(
        f"estimate rural-zone --confirm x {AS_OF}",
        1,
        "rural-zone has no condition 'x': its conditions are none",
    ),
    # --- estimate: values a benefit refuses -----------------------------------------------------
    Bad(f"{TECHRENO} --tiers 0:1%,1000万:2%,500万:1%", 1, "--tiers: band starts must increase"),
    Bad(f"{TECHRENO} --tiers 1000:1%", 1, "--tiers: the first band must start at 0"),
    Bad(f"{TECHRENO} --tiers 0:1%,,", 1, "--tiers: bands are written FROM:RATE"),
    Bad(
        f"{TECHRENO} --tiers 0-1%",
        1,
        "--tiers: bands are written FROM:RATE,…, e.g. 0:1.5%,1000万:1%; got '0-1%'",
    ),
    Bad(
        f"{TECHRENO} --tiers 0:1%,abc:2%", 1, "--tiers (band start): not an amount of money: 'abc'"
    ),
    Bad(f"{TECHRENO} --tiers 0:345", 1, "--tiers (band rate): '345' is not a rate"),
    Bad(
        f"{TECHRENO} --lpr 345",
        1,
        "--lpr: '345' is not a rate: write it with a per-cent sign (3.45%)",
    ),
    Bad(f"{TECHRENO} --lpr 345%", 1, "--lpr: 345% is above 100%"),
    Bad(f"{TECHRENO} --lpr 3.45%%", 1, "--lpr: not a rate: '3.45%%'"),
    Bad(f"{TECHRENO} --lpr 0", 1, "--lpr: must be more than 0%"),
    Bad(f"{TECHRENO} --guarantee-fee-rate 2", 1, "--guarantee-fee-rate: '2' is not a rate"),
    Bad(f"{TECHRENO} --years 0", 1, "--years: must be at least 1, not 0"),
    Bad(
        "estimate mortgage --balance 100万 --months 120 --current-rate 3% --new-rate 4%",
        1,
        "--new-rate: 4% is above --current-rate 3%",
    ),
    Bad(
        f"{SWAP} --sale-price 100万 --purchase-price 120万 --tax-paid 200万",
        1,
        "--tax-paid: 2,000,000.00 is more than the --sale-price 1,000,000.00",
    ),
    Bad(
        f"{SWAP} --sale-price 0 --purchase-price 120万 --tax-paid 0",
        1,
        "--sale-price: must be more than 0",
    ),
    Bad(
        f"{SWAP} --sale-price 100万 --purchase-price 0 --tax-paid 0",
        1,
        "--purchase-price: must be more than 0",
    ),
    Bad(
        f"estimate fdi --type new --paid-in-usd 100 --fx-rate 7 --spent-usd 200 {AS_OF}",
        1,
        "--spent-usd: the spending of the paid-in foreign capital cannot exceed --paid-in-usd",
    ),
    Bad(
        f"estimate fdi --type new --paid-in-usd 100 --fx-rate 0 {AS_OF}",
        1,
        "--fx-rate: must be more than 0",
    ),
    Bad(
        f"estimate nev-parking --hours 25 --rate 5 {AS_OF}",
        1,
        "--hours: 25 hours is more than one day",
    ),
    Bad(
        f"estimate coal-closure --capacity-kw 5 --year 2024 --unit-kw 6 {AS_OF}",
        1,
        "--unit-kw: the largest unit closed (6 kW) cannot be larger than the capacity closed",
    ),
    Bad(
        f"estimate coal-closure --capacity-kw 5 --year 2024 --unit-kw 0 {AS_OF}",
        1,
        "--unit-kw: must be more than 0",
    ),
    Bad(f"estimate district-rank --rank 0 {AS_OF}", 1, "--rank: must be at least 1, not 0"),
    Bad(
        f"estimate flight-intl --round-trips 0 {AS_OF}",
        1,
        "--round-trips: must be at least 1, not 0",
    ),
    Bad(
        f"estimate overnight-aircraft --aircraft 0 {AS_OF}",
        1,
        "--aircraft: must be at least 1, not 0",
    ),
    Bad(f"estimate tour-guide --guides 0 {AS_OF}", 1, "--guides: must be at least 1, not 0"),
    Bad(f"estimate rural-zone --zones 0 {AS_OF}", 1, "--zones: must be at least 1, not 0"),
    Bad(
        f"estimate nev-parking --hours 3 --rate 5 --days 0 {AS_OF}",
        1,
        "--days: must be at least 1, not 0",
    ),
    Bad(
        f"estimate outpatient {AS_OF}",
        2,
        "outpatient needs at least one of --level1, --level2, --level3",
    ),
    Bad(
        f"estimate small-taxes --taxpayer individual {AS_OF}",
        2,
        "small-taxes needs the amount due of at least one tax",
    ),
    Bad(f"estimate small-taxes --property-tax 1000 {AS_OF}", 2, "small-taxes needs --taxpayer"),
    Bad(
        f"estimate resultloan-loss --loss 5 --early-stage=maybe {AS_OF}",
        1,
        "--early-stage: a yes/no flag",
    ),
    # --- list ------------------------------------------------------------------------------------
    Bad("list --chapter 0", 1, "--chapter: the document has chapters 1–10, not 0"),
    Bad("list --chapter 11", 1, "--chapter: the document has chapters 1–10, not 11"),
    Bad("list --chapter abc", 1, "--chapter: the document has chapters 1–10, not 'abc'"),
    Bad("list --chapter ''", 1, "--chapter: the document has chapters 1–10, not ''"),
    Bad("list --chapter -1", 1, "--chapter: the document has chapters 1–10, not '-1'"),
    Bad("list --chapter 1e400", 1, "--chapter: the document has chapters 1–10, not '1e400'"),
    Bad("list --chapter 99999999999999999999", 1, "not '99999999999999999999'"),
    Bad("list --chapter", 2, "Option '--chapter' requires an argument"),
    Bad("list --kind foo", 2, "--kind: 'foo' is not one of benefit, informational, target"),
    Bad("list --kind ''", 2, "--kind: '' is not one of"),
    Bad("list --format xml", 2, "--format: 'xml' is not one of table, json, csv, markdown"),
    Bad("list --format ''", 2, "--format: '' is not one of"),
    Bad("list --lang fr", 2, "--lang: 'fr' is not one of zh, en"),
    Bad("list --lang ''", 2, "--lang: '' is not one of zh, en"),
    Bad("list --rules /nonexistent", 2, "/nonexistent: --rules: not a folder of rule files"),
    Bad("list --rules ''", 2, "--rules: empty value"),
    Bad("list --rules {overlays}/broken", 1, "m48-techloan.yaml:6: knd: unknown key"),
    Bad("list extra", 2, "Got unexpected extra argument(s) (extra) (see ytsub list --help)"),
    Bad("list --nosuch", 2, "No such option: --nosuch"),
    # --- show ----------------------------------------------------------------------------------------
    Bad("show", 2, "Missing argument 'MEASURE|BENEFIT' (see ytsub show --help)"),
    Bad("show 0", 2, "there is no measure 0: measures are numbered 1–62"),
    Bad("show 99", 2, "there is no measure 99"),
    Bad("show 99999999999999999999", 2, "there is no measure 99999999999999999999"),
    Bad("show nosuch", 2, "unknown benefit 'nosuch'"),
    Bad("show ''", 2, "unknown benefit ''"),
    Bad("show 4.8", 2, "unknown benefit '4.8'"),
    Bad("show 48 extra", 2, "Got unexpected extra argument(s) (extra)"),
    Bad("show 48 --format xml", 2, "--format: 'xml' is not one of"),
    Bad("show 48 --format ''", 2, "--format: '' is not one of"),
    Bad("show 48 --lang xx", 2, "--lang: 'xx' is not one of zh, en"),
    Bad("show 48 --rules /nonexistent", 2, "--rules: not a folder of rule files"),
    Bad("show 48 --rules {overlays}/retyped", 1, "{overlays}/retyped/m48-techloan.yaml:"),
    # --- search --------------------------------------------------------------------------------------
    Bad("search", 2, "Missing argument 'WORD...'"),
    Bad("search ''", 1, "search: give at least one word, e.g. ytsub search 贷款"),
    Bad("search '  '", 1, "search: give at least one word"),
    Bad("search 贷款 --format xml", 2, "--format: 'xml' is not one of"),
    Bad("search 贷款 --format ''", 2, "--format: '' is not one of"),
    Bad("search 贷款 --lang fr", 2, "--lang: 'fr' is not one of zh, en"),
    Bad("search 贷款 --rules ''", 2, "--rules: empty value"),
    # --- batch (a whole input refused; bad rows are in tests/test_batch_bad_rows.py) --------------------------
    Bad("batch", 2, "which file? ytsub batch FILE|- [options]"),
    Bad("batch /nonexistent.csv", 2, "/nonexistent.csv: cannot read: No such file or directory"),
    Bad(
        "batch {inputs}/good.csv --format xml", 2, "--format: 'xml' is not one of jsonl, csv, xlsx"
    ),
    Bad("batch {inputs}/good.csv --format ''", 2, "--format: '' is not one of jsonl, csv, xlsx"),
    Bad(
        "batch {inputs}/good.csv --input-format xml",
        2,
        "--input-format: 'xml' is not one of csv, jsonl, xlsx",
    ),
    Bad("batch {inputs}/good.csv --encoding nosuch", 2, "--encoding: unknown encoding 'nosuch'"),
    Bad(
        "batch {inputs}/good.csv --as-of 2024-02-30",
        1,
        "--as-of: not a calendar date: '2024-02-30'",
    ),
    Bad("batch {inputs}/good.csv --lang fr", 2, "--lang: 'fr' is not one of zh, en"),
    Bad("batch {inputs}/good.csv --rules ''", 2, "--rules: empty value"),
    Bad("batch {inputs}/empty.csv", 2, "the input is empty: a CSV needs a header row"),
    Bad(
        "batch {inputs}/no-benefit.csv",
        2,
        "no 'benefit' (or 'measure') column in the header: amount",
    ),
    Bad(
        "batch {inputs}/twice.csv",
        2,
        "column 'amount' appears twice in the header (amount, Amount)",
    ),
    Bad("batch {inputs}/gb.csv --encoding ascii", 2, "the input is not ascii"),
    # --- rules and the top level ----------------------------------------------------------------------
    Bad("rules nosuch", 2, "No such command 'nosuch'"),
    Bad("rules check /nonexistent", 2, "'/nonexistent': not a folder"),
    Bad("rules check ''", 2, "'': not a folder"),
    Bad(
        "rules check {overlays}/broken",
        1,
        "{overlays}/broken/m48-techloan.yaml:6: knd: unknown key",
        lines=2,
    ),
    Bad(
        "rules check {overlays}/retyped",
        1,
        "the calculator 'techloan' reads subsidy_rate as a rate",
        lines=2,
    ),
    Bad("rules schema extra", 2, "Got unexpected extra argument(s) (extra)"),
    Bad("frobnicate", 2, "No such command 'frobnicate'"),
    Bad("--nosuch", 2, "No such option: --nosuch"),
]


# --- the generated table ----------------------------------------------------------------------

#: For each input type: (bad value, words of the message after "--option: ").
BAD_VALUES: dict[str, list[tuple[str, str]]] = {
    "money": [
        ("-5", "must not be negative: '-5'"),
        ("−5", "must not be negative"),
        ("", "empty value"),
        ("abc", "not an amount of money: 'abc'"),
        ("nan", "'nan' is not a finite number"),
        ("inf", "'inf' is not a finite number"),
        ("-Infinity", "'-Infinity' is not a finite number"),
        ("1e400", "not an amount of money: '1e400'"),
        ("12345678901234567890", "12345678901234567890 is more than 10^15 yuan"),
        ("3万万", "not an amount of money: '3万万'"),
        ("万", "not an amount of money: '万'"),
        ("3亿万", "not an amount of money: '3亿万'"),
        ("三百万", "not an amount of money: '三百万'"),
        ("3,00", "not an amount of money: '3,00'"),
        ("1.2.3", "not an amount of money: '1.2.3'"),
    ],
    "rate": [
        ("345", "'345' is not a rate: write it with a per-cent sign"),
        ("-1%", "must not be negative: '-1%'"),
        ("", "empty value"),
        ("abc", "not a rate: 'abc'"),
        ("nan", "'nan' is not a finite number"),
        ("150%", "150% is above 100%"),
        ("1e400", "not a rate: '1e400'"),
        ("3.45%%", "not a rate: '3.45%%'"),
    ],
    "count": [
        ("-1", "must not be negative: '-1'"),
        ("", "empty value"),
        ("1.5", "not a whole number: '1.5'"),
        ("abc", "not a whole number: 'abc'"),
        ("nan", "'nan' is not a finite number"),
        ("1e400", "not a whole number: '1e400'"),
        ("99999999999999999999", "99999999999999999999 is absurdly large"),
        ("3万万", "not a whole number: '3万万'"),
    ],
    "quantity": [
        ("-1", "must not be negative: '-1'"),
        ("", "empty value"),
        ("abc", "not a number: 'abc'"),
        ("inf", "'inf' is not a finite number"),
        ("1e400", "not a number: '1e400'"),
        ("99999999999999999999", "99999999999999999999 is absurdly large"),
        ("5亩", "not a number: '5亩'"),
    ],
    "date": [
        ("2024-02-30", "not a calendar date: '2024-02-30'"),
        ("2024-13-01", "not a calendar date: '2024-13-01'"),
        ("2023-02-29", "not a calendar date: '2023-02-29'"),
        ("2024年2月30日", "not a calendar date: '2024年2月30日'"),
        ("2024/01/01", "not a date: '2024/01/01'"),
        ("20240101", "not a date: '20240101'"),
        ("", "empty value"),
        ("1899-12-31", "1899-12-31 is outside the years 1900–2100"),
    ],
    "choice": [("nosuch", "'nosuch' is not one of"), ("", "'' is not one of")],
    "bands": [
        ("5:1%", "the first band must start at 0"),
        ("0:1%,0:2%", "band starts must increase"),
        ("abc", "bands are written FROM:RATE"),
    ],
    "flag": [("maybe", "a yes/no flag: write true or false, not 'maybe'")],
}
#: A bad value of each parameter type, for --set (the message names "--set PARAM").
BAD_SET = {
    "money": ("abc", "not an amount of money: 'abc'"),
    "rate": ("345", "'345' is not a rate"),
    "count": ("1.5", "not a whole number: '1.5'"),
    "quantity": ("abc", "not a number: 'abc'"),
    "date": ("2024-02-30", "not a calendar date: '2024-02-30'"),
    "bands": ("5:1%", "the first band must start at 0"),
}

RULES = loader.load_rules()
SAMPLES: dict[str, tuple[dict[str, str], str]] = {}
for _data in case_files():
    for _case in _data["cases"]:
        if "error" not in _case["expect"] and not _case.get("deny"):
            inputs = {key: str(value) for key, value in (_case.get("inputs") or {}).items()}
            SAMPLES.setdefault(
                _data["benefit"],
                (inputs, str(_case.get("as_of", _data.get("as_of", "2024-06-01")))),
            )


def _words(benefit: Benefit, inputs: dict[str, str], as_of: str) -> list[str]:
    words = ["estimate", benefit.id]
    for name, value in inputs.items():
        spec = benefit.options[name]
        words += [spec.option] if spec.type == "flag" else [spec.option, value]
    return [*words, "--as-of", as_of]


def _given(spec: InputSpec, value: str) -> list[str]:
    return [f"{spec.option}={value}"] if spec.type == "flag" else [spec.option, value]


def generated() -> Iterator[Bad]:
    for benefit in RULES.benefits.values():
        inputs, as_of = SAMPLES[benefit.id]
        for spec in benefit.inputs:
            others = {k: v for k, v in inputs.items() if k != spec.name}
            base = _words(benefit, others, as_of)
            bad = list(BAD_VALUES[spec.type])
            if spec.positive:
                bad.append(("0", "must be more than 0"))
            if spec.minimum:
                bad.append((str(spec.minimum - 1), f"must be at least {spec.minimum}"))
            for value, says in bad:
                yield Bad(shlex.join([*base, *_given(spec, value)]), 1, f"{spec.option}: {says}")
            if spec.required:
                yield Bad(shlex.join(base), 2, f"{benefit.id} needs {spec.option}")
        base = _words(benefit, inputs, as_of)
        yield Bad(shlex.join([*base, "--nosuch", "1"]), 2, "no such option: --nosuch")
        yield Bad(
            shlex.join([*base, "--confirm", "nosuch"]),
            1,
            f"--confirm: {benefit.id} has no condition 'nosuch'",
        )
        yield Bad(
            shlex.join([*base, "--deny", "nosuch"]),
            1,
            f"--deny: {benefit.id} has no condition 'nosuch'",
        )
        yield Bad(
            shlex.join([*base, "--set", "nosuch=1"]),
            1,
            f"--set: {benefit.id} has no parameter 'nosuch'",
        )
        if benefit.conditions:
            cid = benefit.conditions[-1].id
            yield Bad(
                shlex.join([*base, "--confirm", cid, "--deny", cid]),
                1,
                f"--confirm and --deny both name '{cid}'",
            )
        for name, param in list(benefit.params.items())[:2]:
            value, says = BAD_SET[param.type]
            yield Bad(shlex.join([*base, "--set", f"{name}={value}"]), 1, f"--set {name}: {says}")


GENERATED = list(generated())


# --- files the table refers to ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """``{inputs}``: batch inputs; ``{overlays}``: rule folders with one bad file each."""
    inputs = tmp_path_factory.mktemp("inputs")
    (inputs / "good.csv").write_text("benefit,amount\ntechloan,5\n", encoding="utf-8")
    (inputs / "empty.csv").write_text("", encoding="utf-8")
    (inputs / "no-benefit.csv").write_text("amount\n5\n", encoding="utf-8")
    (inputs / "twice.csv").write_text("benefit,amount,Amount\ntechloan,5,6\n", encoding="utf-8")
    (inputs / "gb.csv").write_bytes("benefit,amount\ntechloan,５万\n".encode())
    overlays = tmp_path_factory.mktemp("overlays")
    techloan = (RULES_DIR / "m48-techloan.yaml").read_text(encoding="utf-8")
    for name, text in {
        "broken": techloan.replace("kind: benefit", "kind: benefit\nknd: x"),
        "retyped": techloan.replace("        value: 1.5%\n", "        value: 10万\n", 1).replace(
            "quote: 最高给予备案贷款本金1.5%的信贷补贴",
            "assumed: true\n        basis: {zh: 测, en: test}",
        ),
    }.items():
        (overlays / name).mkdir()
        (overlays / name / "m48-techloan.yaml").write_text(text, encoding="utf-8")
    return {"inputs": str(inputs), "overlays": str(overlays)}


@pytest.fixture
def bundled_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled rule set is read once for the whole table, not once per invocation.

    Only ``load_rules()`` without an overlay is served from memory; ``--rules DIR`` loads as
    always. (Loading is tested in tests/test_loader.py and tests/test_fuzz_rules.py; this table
    is about what each command refuses, and runs about 1,400 invocations.)
    """
    real = loader.load_rules

    def load_rules(rules: object = None, *, use_cache: bool = True) -> RuleSet:
        if rules is None and not os.environ.get(loader.ENV_RULES):
            return RULES
        return real(rules, use_cache=use_cache)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "load_rules", load_rules)


@pytest.mark.usefixtures("bundled_once")
@pytest.mark.parametrize("bad", CORPUS + GENERATED, ids=[b.args for b in CORPUS + GENERATED])
def test_refused(bad: Bad, places: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    args = [word.format(**places) for word in shlex.split(bad.args)]
    says = bad.says.format(**places)
    code = run(args)
    out, err = capsys.readouterr()
    assert (code, out) == (bad.code, ""), err
    assert err.endswith("\n"), err
    assert err.count("\n") == bad.lines, err
    if bad.lines == 1:
        assert err.startswith("Error: "), err
    else:  # `rules check`: a line for each problem, then how many
        assert err.splitlines()[-1].endswith("problem(s) in 65 rule files."), err
    assert says in err, err
    assert "Traceback" not in err


def test_the_corpus_covers_every_command_and_benefit() -> None:
    commands = {shlex.split(b.args)[0] for b in CORPUS if not b.args.startswith("-")}
    assert {"estimate", "list", "show", "search", "batch", "rules"} <= commands
    benefits = {shlex.split(b.args)[1] for b in GENERATED}
    assert benefits == set(RULES.benefits)
    types = {spec.type for b in RULES.benefits.values() for spec in b.inputs}
    assert types == set(BAD_VALUES)
    assert len(CORPUS) + len(GENERATED) >= 150


def test_a_corpus_size_worth_stating() -> None:
    """The counts docs/promises.md states."""
    assert len(CORPUS) >= 150
    assert len(GENERATED) >= 500
