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
    # a value after a switch is named as such, not as a stray argument
    Bad(
        f"estimate outpatient --level1 900 --retired yes {AS_OF}",
        2,
        "--retired takes no value, so 'yes' is left over: write --retired alone, or --retired=false",
    ),
    Bad(
        f"{TECHLOAN} --help no",
        2,
        "--help takes no value, so 'no' is left over: write --help alone",
    ),
    Bad("batch examples/batch.csv --quiet yes", 2, "--quiet takes no value, so 'yes' is left over"),
    Bad(f"{TECHLOAN} 5", 2, "unexpected argument '5' (options are written --name value)"),
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
    Bad("estimate techloan --amount 5 --as-of 06/01/2024", 1, "--as-of: not a date: '06/01/2024'"),
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
    Bad(f"{TECHRENO} --lpr 345%", 1, "--lpr: 345% is above 20%"),
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
    # an exchange rate written the other way round (dollars per yuan), or as a bank's board
    # quotes it (外汇牌价: yuan per 100 dollars): either gave an answer off by a factor of 50 or
    # 100 without a sign (710 reached the 1亿 cap)
    Bad(
        f"estimate fdi --type new --paid-in-usd 6000万 --fx-rate 0.14 {AS_OF}",
        1,
        "--fx-rate: 0.14 is not yuan per US dollar (about 7 in 2024, e.g. 7.1)",
    ),
    Bad(
        f"estimate fdi --type new --paid-in-usd 6000万 --fx-rate 710.5 {AS_OF}",
        1,
        "--fx-rate: 710.5 is not yuan per US dollar (about 7 in 2024, e.g. 7.1): a rate quoted"
        " per 100 dollars (外汇牌价) is divided by 100",
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
    Bad("list --chapter 0", 2, "--chapter: the document has chapters 1–10, not 0"),
    Bad("list --chapter 11", 2, "--chapter: the document has chapters 1–10, not 11"),
    Bad("list --chapter abc", 2, "--chapter: the document has chapters 1–10, not 'abc'"),
    Bad("list --chapter ''", 2, "--chapter: the document has chapters 1–10, not ''"),
    Bad("list --chapter -1", 2, "--chapter: the document has chapters 1–10, not '-1'"),
    Bad("list --chapter 1e400", 2, "--chapter: the document has chapters 1–10, not '1e400'"),
    Bad("list --chapter 99999999999999999999", 2, "not '99999999999999999999'"),
    Bad("list --chapter", 2, "--chapter needs a value"),
    Bad("list --kind foo", 2, "--kind: 'foo' is not one of benefit, informational, target"),
    Bad("list --kind ''", 2, "--kind: '' is not one of"),
    Bad("list --format xml", 2, "--format: 'xml' is not one of table, json, csv, markdown"),
    Bad("list --format ''", 2, "--format: '' is not one of"),
    Bad("list --lang fr", 2, "--lang: 'fr' is not one of zh, en"),
    Bad("list --lang ''", 2, "--lang: '' is not one of zh, en"),
    Bad("list --rules /nonexistent", 2, "/nonexistent: --rules: not a folder of rule files"),
    Bad("list --rules ''", 2, "--rules: empty value"),
    Bad("list --rules {overlays}/broken", 1, "m48-techloan.yaml:6: knd: unknown key"),
    Bad("list extra", 2, "unexpected argument 'extra' (see ytsub list --help)"),
    Bad("list --nosuch", 2, "no such option: --nosuch"),
    # --- show ----------------------------------------------------------------------------------------
    Bad("show", 2, "which measure or benefit? ytsub show MEASURE|BENEFIT [options]"),
    Bad("show 0", 2, "there is no measure 0: measures are numbered 1–62"),
    Bad("show 99", 2, "there is no measure 99"),
    Bad("show 99999999999999999999", 2, "there is no measure 99999999999999999999"),
    Bad("show nosuch", 2, "unknown benefit 'nosuch'"),
    Bad("show ''", 2, "unknown benefit ''"),
    Bad("show 4.8", 2, "unknown benefit '4.8'"),
    Bad("show 48 extra", 2, "unexpected argument 'extra' (see ytsub show --help)"),
    Bad("show 48 --format xml", 2, "--format: 'xml' is not one of"),
    Bad("show 48 --format ''", 2, "--format: '' is not one of"),
    Bad("show 48 --lang xx", 2, "--lang: 'xx' is not one of zh, en"),
    Bad("show 48 --rules /nonexistent", 2, "--rules: not a folder of rule files"),
    Bad("show 48 --rules {overlays}/retyped", 1, "{overlays}/retyped/m48-techloan.yaml:"),
    # --- search --------------------------------------------------------------------------------------
    Bad("search", 2, "which word? ytsub search WORD... [options]"),
    Bad("search ''", 2, "search: give at least one word, e.g. ytsub search 贷款"),
    Bad("search '  '", 2, "search: give at least one word"),
    Bad("search 贷款 --format xml", 2, "--format: 'xml' is not one of"),
    Bad("search 贷款 --format ''", 2, "--format: '' is not one of"),
    Bad("search 贷款 --lang fr", 2, "--lang: 'fr' is not one of zh, en"),
    Bad("search 贷款 --rules ''", 2, "--rules: empty value"),
    # --- batch (a whole input refused; bad rows are in tests/test_batch_bad_rows.py) --------------------------
    Bad("batch", 2, "which file? ytsub batch FILE|- [options]"),
    Bad("batch /nonexistent.csv", 2, "/nonexistent.csv: cannot read: No such file or directory"),
    Bad("batch ''", 2, "the input file's name is empty: give a file, or - for standard input"),
    Bad("batch {inputs}/good.csv -o ''", 2, "--output: the file name is empty: name a file"),
    Bad("batch {inputs}/good.csv -j 5000", 2, "--jobs: give at most 32 worker processes, not 5000"),
    Bad("match ''", 2, "the profile's file name is empty: give a profile file, or - for"),
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
    Bad("rules schema extra", 2, "unexpected argument 'extra'"),
    Bad("frobnicate", 2, "No such command 'frobnicate'"),
    Bad("--nosuch", 2, "no such option: --nosuch"),
    # --- digits of other kinds: only 0-9 and full-width ０-９ -------------------------------------
    Bad(f"estimate techloan --amount 10²万 {AS_OF}", 1, "--amount: '10²万' holds '²'"),
    Bad(f"estimate techloan --amount 10³ {AS_OF}", 1, "--amount: '10³' holds '³'"),
    Bad(f"estimate techloan --amount ⑳万 {AS_OF}", 1, "--amount: '⑳万' holds '⑳'"),
    Bad(f"estimate techloan --amount 3٠0 {AS_OF}", 1, "--amount: '3٠0' holds '٠'"),
    Bad(f"estimate techloan --amount ٣٠٠万 {AS_OF}", 1, "--amount: '٣٠٠万' holds '٣'"),
    Bad(f"estimate techloan --amount ३०० {AS_OF}", 1, "holds '३', which ytsub does not read"),
    Bad(f"estimate techloan --amount 𝟑𝟎𝟎 {AS_OF}", 1, "holds '𝟑'"),
    Bad("estimate techloan --amount 5 --as-of 2024-06-1²", 1, "--as-of: '2024-06-1²' holds '²'"),
    Bad("estimate techloan --amount 5 --as-of ٢٠٢٤-06-01", 1, "--as-of: '٢٠٢٤-06-01' holds"),
    Bad(f"{TECHRENO} --lpr 3.4٥%", 1, "--lpr: '3.4٥%' holds '٥'"),
    Bad(f"{TECHRENO} --years ³", 1, "--years: '³' holds '³'"),
    Bad(f"{TECHLOAN} --set lifetime_cap=¹⁰万", 1, "--set lifetime_cap: '¹⁰万' holds '¹'"),
    Bad(f"{TECHRENO} --tiers 0:1%,¹⁰⁰⁰万:2%", 1, "--tiers: '0:1%,¹⁰⁰⁰万:2%' holds '¹'"),
    Bad(f"{TECHRENO} --set bands=0:1%,1000万:⁵%", 1, "--set bands: '0:1%,1000万:⁵%' holds '⁵'"),
    Bad("list --chapter ²", 2, "--chapter: '²' holds '²'"),
    Bad("list --chapter ٣", 2, "--chapter: '٣' holds '٣'"),
    Bad("show ⁴⁸", 2, "there is no measure '⁴⁸': '⁴' is not a digit ytsub reads"),
    Bad("show ٤٨", 2, "there is no measure '٤٨'"),
    Bad("estimate ٤٨ --amount 5", 2, "unknown benefit '٤٨': '٤' is not a digit ytsub reads"),
    Bad("estimate ⑧ --loan 5", 2, "unknown benefit '⑧'"),
    Bad("batch {inputs}/good.csv --jobs ٣", 2, "--jobs: give a whole number of worker processes"),
    # --- numbers too long for int() (which refuses 4,301 digits with a ValueError) -------------------
    Bad(f"list --chapter {'9' * 4301}", 2, "--chapter: the document has chapters 1–10, not '999"),
    Bad(f"show {'9' * 4301}", 2, "there is no measure 999"),
    Bad(f"estimate {'9' * 4301} --amount 5", 2, "unknown benefit '999"),
    Bad(f"batch {{inputs}}/good.csv --jobs {'9' * 4301}", 2, "--jobs: give a whole number"),
    Bad(
        f"{TECHLOAN} --received {'9' * 5000}",
        1,
        "--received: 9999999999999999999999999999999999999999… is",
    ),
    Bad(
        "match {profiles}/long-int.json",
        1,
        "facts.union_fees_paid: 9999999999999999999999999999999999999999…",
    ),
    Bad(
        "match {profiles}/long-int.yaml",
        1,
        "facts.union_fees_paid: 9999999999999999999999999999999999999999…",
    ),
    # --- a bare rate of 1: 100% or 1%? -----------------------------------------------------------------
    Bad(f"{TECHRENO} --lpr 1", 1, "--lpr: '1' is ambiguous as a rate: write 100% or 1%"),
    Bad(f"{TECHRENO} --lpr 1.0", 1, "--lpr: '1.0' is ambiguous as a rate"),
    Bad(f"{TECHRENO} --lpr １", 1, "--lpr: '1' is ambiguous as a rate"),
    Bad(f"{TECHLOAN} --set subsidy_rate=1", 1, "--set subsidy_rate: '1' is ambiguous as a rate"),
    Bad(f"{TECHRENO} --tiers 0:1", 1, "--tiers (band rate): '1' is ambiguous as a rate"),
    Bad("match {profiles}/cit-rate-1.yaml", 1, "facts.cit_rate: '1' is ambiguous as a rate"),
    # --- a bare fraction that reads as a rate no one pays: 0.5 is 50%, not 0.5% ---------------------
    # (each gave an answer: an LPR of 50% reached the yearly cap, a mortgage at 50% saved ¥8.5
    # million on ¥1 million, a fee of 50% silently lost the guarantee subsidy)
    Bad(
        f"{TECHRENO} --lpr 0.5",
        1,
        "--lpr: 0.5 reads as 50%, above 20%: write a per-cent with its sign (0.5%)",
    ),
    Bad(
        f"{TECHRENO} --guarantee-fee-rate 0.5",
        1,
        "--guarantee-fee-rate: 0.5 reads as 50%, above 10%: write a per-cent with its sign (0.5%)",
    ),
    Bad(
        "estimate mortgage --balance 100万 --months 240 --current-rate 0.5 --new-rate 0.04",
        1,
        "--current-rate: 0.5 reads as 50%, above 20%: write a per-cent with its sign (0.5%)",
    ),
    Bad(
        "estimate rd-deduction --expensed 100万 --cit-rate 0.5",
        1,
        "--cit-rate: 0.5 reads as 50%, above 25%: write a per-cent with its sign (0.5%)",
    ),
    Bad("estimate rd-deduction --expensed 100万 --cit-rate 30%", 1, "--cit-rate: 30% is above 25%"),
    Bad(
        f"{TECHRENO} --tiers 0:0.5",
        1,
        "--tiers (band rate): 0.5 reads as 50%, above 20%: write a per-cent with its sign (0.5%)",
    ),
    Bad(f"{TECHRENO} --tiers 0:1%,1000万:50%", 1, "--tiers (band rate): 50% is above 20%"),
    # --- YAML 1.1's surprising scalars, in profiles and overlays ----------------------------------------
    Bad("match {profiles}/sexagesimal.yaml", 1, "not an amount of money: '5:00:00'"),
    Bad("match {profiles}/hex.yaml", 1, "facts.union_fees_paid: not an amount of money: '0x1000'"),
    Bad("match {profiles}/underscore.yaml", 1, "not an amount of money: '1_000'"),
    Bad("match {profiles}/yes.yaml", 1, "not an amount of money: 'yes'"),
    Bad("match {profiles}/inf.yaml", 1, "not an amount of money: '.inf'"),
    Bad("match {profiles}/timestamp.yaml", 1, "as_of: not a date: '2024-06-01 10:00:00'"),
    Bad("match {profiles}/set-hex.yaml", 1, "set.lifetime_cap: not an amount of money: '0x1000'"),
    Bad("match {profiles}/tagged-int.yaml", 2, "int '010000' is not a plain decimal integer"),
    Bad(f"{TECHLOAN} --rules {{overlays}}/hex", 1, "not an amount of money: '0x1000'"),
    Bad(f"{TECHLOAN} --rules {{overlays}}/sexagesimal", 1, "not an amount of money: '5:00:00'"),
    # --- profiles that cannot be read as a whole -------------------------------------------------------
    Bad("match {profiles}/deep.json", 2, "nested too deeply to be a profile"),
    Bad("match {profiles}/surrogate.json", 2, "\\ud800 is half of a UTF-16 surrogate pair"),
    # a folder is a client list (one profile per file): what only a list takes is refused elsewhere
    Bad("match {profiles} --keep id", 2, "--keep: a folder of profiles has no columns to keep"),
    Bad("match {profiles}/deep.json --totals", 2, "--totals: only for a client list"),
    Bad("match {profiles} --format table", 2, "--format: 'table' is not one of jsonl, csv, xlsx"),
    Bad("match {profiles} --memo-format html", 2, "--memo-format: give --memo DIR"),
    Bad("match {profiles} --jobs 0", 2, "--jobs: give 1 or more, not 0"),
    Bad("match {profiles} --jobs 33", 2, "--jobs: give at most 32 worker processes, not 33"),
    Bad("match {profiles} --memo ''", 2, "--memo: the folder name is empty: name a new or empty"),
    Bad("match /nonexistent.yaml", 2, "/nonexistent.yaml: cannot read: No such file or directory"),
    # --- overlays that would have been ignored ------------------------------------------------------------
    Bad(
        f"{TECHLOAN} --rules {{overlays}}/empty", 1, "/empty: --rules: no rule file in this folder"
    ),
    Bad(f"{TECHLOAN} --rules {{overlays}}/upper", 1, "m48-techloan.YAML: not a rule file name"),
    Bad(f"{TECHLOAN} --rules {{overlays}}/dangling", 1, "a link to nothing, or a loop of links"),
    Bad(f"{TECHLOAN} --rules {{overlays}}/fifo", 1, "not a regular file (a FIFO"),
    Bad(f"{TECHLOAN} --rules {{overlays}}/dirnamed", 1, "m48-techloan.yaml: a folder, not a rule"),
    Bad("list --rules {overlays}/empty", 1, "no rule file in this folder"),
    Bad("rules check {overlays}/fifo", 1, "not a regular file (a FIFO"),
    Bad("rules check {overlays}/empty", 1, "/empty: rules check: no rule file in this folder"),
    # --- an option given twice, in every command ----------------------------------------------------------
    Bad("list --chapter 9 --chapter 10", 2, "--chapter is given twice"),
    Bad("list --kind benefit --kind target", 2, "--kind is given twice"),
    Bad("list -f json --format csv", 2, "--format is given twice"),
    Bad("show 48 --lang en --lang zh", 2, "--lang is given twice"),
    Bad("search 贷款 --rules {overlays}/hex --rules {overlays}/hex", 2, "--rules is given twice"),
    Bad(
        "match {profiles}/good.yaml --as-of 2023-01-01 --as-of 2024-06-01",
        2,
        "--as-of is given twice",
    ),
    Bad("match {profiles}/good.yaml --unit wan --unit yuan", 2, "--unit is given twice"),
    Bad("facts --kind person --kind person", 2, "--kind is given twice"),
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
        ("10²万", "'10²万' holds '²', which ytsub does not read as a digit"),
        ("٣٠٠", "'٣٠٠' holds '٣'"),
    ],
    "rate": [
        ("345", "'345' is not a rate: write it with a per-cent sign"),
        ("1", "'1' is ambiguous as a rate: write 100% or 1%, or a fraction below 1"),
        ("1.5²%", "'1.5²%' holds '²'"),
        ("-1%", "must not be negative: '-1%'"),
        ("", "empty value"),
        ("abc", "not a rate: 'abc'"),
        ("nan", "'nan' is not a finite number"),
        ("150%", "150% is above "),  # 100%, or the option's own maximum (20% for --lpr)
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
        ("⑫", "'⑫' holds '⑫'"),
    ],
    "quantity": [
        ("-1", "must not be negative: '-1'"),
        ("", "empty value"),
        ("abc", "not a number: 'abc'"),
        ("inf", "'inf' is not a finite number"),
        ("1e400", "not a number: '1e400'"),
        ("99999999999999999999", "99999999999999999999 is absurdly large"),
        ("5亩", "not a number: '5亩'"),
        ("3٠0", "'3٠0' holds '٠'"),
    ],
    "date": [
        ("2024-02-30", "not a calendar date: '2024-02-30'"),
        ("2024-13-01", "not a calendar date: '2024-13-01'"),
        ("2023-02-29", "not a calendar date: '2023-02-29'"),
        ("2024年2月30日", "not a calendar date: '2024年2月30日'"),
        ("01/02/2024", "not a date: '01/02/2024'"),
        ("20240101", "not a date: '20240101'"),
        ("", "empty value"),
        ("1899-12-31", "1899-12-31 is outside the years 1900–2100"),
        ("2024-06-1²", "'2024-06-1²' holds '²'"),
    ],
    "choice": [
        ("nosuch", "'nosuch' is not one of"),
        ("", "'' is not one of"),
        ("²", "'²' holds '²'"),
    ],
    "bands": [
        ("5:1%", "the first band must start at 0"),
        ("0:1%,0:2%", "band starts must increase"),
        ("abc", "bands are written FROM:RATE"),
        ("0:1%,¹⁰⁰⁰万:2%", "'0:1%,¹⁰⁰⁰万:2%' holds '¹'"),
    ],
    "flag": [
        ("maybe", "a yes/no flag: write true or false, not 'maybe'"),
        ("¹", "'¹' holds '¹'"),
    ],
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
        "hex": techloan.replace("        value: 10万\n", "        value: 0x1000\n", 1),
        "sexagesimal": techloan.replace("        value: 10万\n", "        value: 5:00:00\n", 1),
        "broken": techloan.replace("kind: benefit", "kind: benefit\nknd: x"),
        "retyped": techloan.replace("        value: 1.5%\n", "        value: 10万\n", 1).replace(
            "quote: 最高给予备案贷款本金1.5%的信贷补贴",
            "assumed: true\n        basis: {zh: 测, en: test}",
        ),
    }.items():
        (overlays / name).mkdir()
        (overlays / name / "m48-techloan.yaml").write_text(text, encoding="utf-8")
    for name in ("empty", "upper", "dangling", "fifo", "dirnamed"):
        (overlays / name).mkdir()
    (overlays / "empty" / "README.md").write_text("notes", encoding="utf-8")
    (overlays / "upper" / "m48-techloan.YAML").write_text(techloan, encoding="utf-8")
    (overlays / "dangling" / "m48-techloan.yaml").symlink_to(overlays / "nowhere.yaml")
    os.mkfifo(overlays / "fifo" / "m48-techloan.yaml")
    (overlays / "dirnamed" / "m48-techloan.yaml").mkdir()
    profiles = tmp_path_factory.mktemp("profiles")
    fees = "kind: person\nas_of: 2024-06-01\nfacts:\n  union_fees_paid: {}\n"
    sme = "kind: enterprise\nas_of: 2024-06-01\n"
    for name, text in {
        "good.yaml": sme,
        "cit-rate-1.yaml": sme + "facts:\n  cit_rate: 1\n  rd: 100万\n",
        "sexagesimal.yaml": fees.format("5:00:00"),
        "hex.yaml": fees.format("0x1000"),
        "underscore.yaml": fees.format("1_000"),
        "yes.yaml": fees.format("yes"),
        "inf.yaml": fees.format(".inf"),
        "tagged-int.yaml": fees.format("!!int 010000"),
        "timestamp.yaml": "kind: enterprise\nas_of: 2024-06-01 10:00:00\n",
        "set-hex.yaml": sme + "benefits:\n  techloan:\n    set: {lifetime_cap: 0x1000}\n",
        "deep.json": "[" * 100_000,
        "long-int.yaml": fees.format("9" * 5000),
        "long-int.json": '{"kind": "person", "facts": {"union_fees_paid": ' + "9" * 5000 + "}}",
        "surrogate.json": '{"kind": "enterprise", "name": "\\ud800"}',
    }.items():
        (profiles / name).write_text(text, encoding="utf-8")
    return {"inputs": str(inputs), "overlays": str(overlays), "profiles": str(profiles)}


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
@pytest.mark.parametrize("bad", CORPUS + GENERATED, ids=[b.args[:200] for b in CORPUS + GENERATED])
def test_refused(bad: Bad, places: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert_refused(bad, places, capsys)


def assert_refused(bad: Bad, places: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
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


# --- one exit code for each kind of mistake, in every command ------------------------------------
#
# The table of README.md ("Exit codes") and docs/promises.md, as a matrix: each kind of mistake
# made in each command that can make it gives the same code. 2: the command line is wrong, or
# what it names cannot be opened or read as a whole; 1: the work started and a value, a rule
# file or a profile's content was refused.

BASE = {
    "list": "list",
    "show": "show 48",
    "search": "search 贷款",
    "estimate": TECHLOAN,
    "batch": "batch {inputs}/good.csv",
    "match": "match {profiles}/good.yaml",
    "facts": "facts",
    "rules check": "rules check",
}
FORMAT = {"batch": "csv"}  # the others print json


def _matrix() -> Iterator[tuple[str, str, Bad]]:
    for command, base in BASE.items():
        fmt = FORMAT.get(command, "json")
        yield "unknown option", command, Bad(f"{base} --nosuch", 2, "such option: --nosuch")
        if command != "rules check":
            yield (
                "option given twice",
                command,
                Bad(f"{base} --format {fmt} --format {fmt}", 2, "--format is given twice"),
            )
            yield "option without its value", command, Bad(f"{base} --format", 2, "--format")
            yield (
                "a value outside an option's own list",
                command,
                Bad(f"{base} --format xml", 2, "--format: 'xml' is not one of"),
            )
            yield (
                "a --rules folder that is not there",
                command,
                Bad(f"{base} --rules /nonexistent", 2, "/nonexistent: --rules: not a folder"),
            )
            yield (
                "a rule file that is refused",
                command,
                Bad(f"{base} --rules {{overlays}}/broken", 1, "knd: unknown key"),
            )
        if command not in ("search", "estimate"):
            yield "an extra argument", command, Bad(f"{base} x y", 2, "nexpected")
    yield "an extra argument", "estimate", Bad(f"{TECHLOAN} extra", 2, "unexpected argument")
    yield (
        "a --rules folder that is not there",
        "rules check",
        Bad("rules check /nonexistent", 2, "'/nonexistent': not a folder"),
    )
    yield (
        "a rule file that is refused",
        "rules check",
        Bad("rules check {overlays}/broken", 1, "knd: unknown key", lines=2),
    )
    for command, args in {
        "show": "show",
        "search": "search",
        "estimate": "estimate",
        "batch": "batch",
        "match": "match",
    }.items():
        yield "a missing argument", command, Bad(args, 2, "")
    for command, args in {"show": "show 99", "estimate": "estimate nosuch --amount 5"}.items():
        yield (
            "an unknown benefit or measure",
            command,
            Bad(args, 2, "99" if command == "show" else "nosuch"),
        )
    yield (
        "a missing file",
        "batch",
        Bad("batch /nonexistent.csv", 2, "/nonexistent.csv: cannot read"),
    )
    yield (
        "a missing file",
        "match",
        Bad("match /nonexistent.yaml", 2, "/nonexistent.yaml: cannot read"),
    )
    yield (
        "a file that cannot be read as a whole",
        "batch",
        Bad("batch {inputs}/empty.csv", 2, "empty"),
    )
    yield (
        "a file that cannot be read as a whole",
        "match",
        Bad("match {profiles}/deep.json", 2, "nested too deeply"),
    )
    yield (
        "a file whose content is refused",
        "match",
        Bad("match {profiles}/hex.yaml", 1, "not an amount of money: '0x1000'"),
    )
    for command, base in (
        ("estimate", "estimate techloan --amount 5"),
        ("batch", BASE["batch"]),
        ("match", BASE["match"]),
    ):
        yield (
            "a bad value",
            command,
            Bad(f"{base} --as-of 2024-02-30", 1, "--as-of: not a calendar date"),
        )
    yield (
        "a value outside an option's own list",
        "list",
        Bad("list --chapter x", 2, "--chapter: the document has chapters 1–10, not 'x'"),
    )
    yield (
        "a value outside an option's own list",
        "facts",
        Bad("facts --kind firm", 2, "--kind: 'firm' is not one of"),
    )


MATRIX = list(_matrix())


@pytest.mark.usefixtures("bundled_once")
@pytest.mark.parametrize("bad", [m[2] for m in MATRIX], ids=[f"{m[0]}: {m[1]}" for m in MATRIX])
def test_one_exit_code_per_kind_of_mistake(
    bad: Bad, places: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert_refused(bad, places, capsys)


def test_each_kind_of_mistake_has_one_code() -> None:
    codes: dict[str, set[int]] = {}
    for kind, _, bad in MATRIX:
        codes.setdefault(kind, set()).add(bad.code)
    assert all(len(found) == 1 for found in codes.values()), codes
    every = set(BASE)
    for kind in (
        "unknown option",
        "a rule file that is refused",
        "a --rules folder that is not there",
    ):
        assert {command for k, command, _ in MATRIX if k == kind} == every, kind


@pytest.mark.usefixtures("bundled_once")
@pytest.mark.parametrize("command", list(BASE))
def test_ytsub_rules_is_named_as_ytsub_rules(
    command: str,
    places: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("YTSUB_RULES", "/nonexistent")
    assert_refused(
        Bad(BASE[command], 2, "/nonexistent: YTSUB_RULES: not a folder of rule files"),
        places,
        capsys,
    )
