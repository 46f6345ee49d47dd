"""The command line: exact exit codes, messages on stderr, results on stdout."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import RULES_DIR, Result
from yantai_subsidy import __version__, calc
from yantai_subsidy.__main__ import run
from yantai_subsidy.cli import app

AS_OF = "--as-of=2024-06-01"


@pytest.fixture
def ytsub(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """As conftest's, without moving to the checkout's folder."""

    def invoke(*args: str) -> Result:
        code = run(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


def test_quick_start_table(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("estimate", "techloan", "--amount", "3000000")
    assert r.code == 0, r.err
    assert r.err == ""
    assert "Sci-tech credit loan subsidy" in r.out
    assert "measure 48 · 烟政发〔2024〕3号" in r.out
    assert "up to ¥45,000.00" in r.out
    assert "3,000,000.00 × 1.5%" in r.out
    assert "confirm with --confirm filed,on_time" in r.out
    assert "“最高给予备案贷款本金1.5%的信贷补贴”" in r.out
    assert "\x1b[" not in r.out  # no colour into a pipe


def test_quick_start_json_is_the_contract(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("estimate", "techloan", "--amount", "3000000", "--format", "json", AS_OF)
    assert r.code == 0
    data = json.loads(r.out)
    assert list(data) == [
        "schema",
        "document",
        "measure",
        "benefit",
        "title",
        "as_of",
        "inputs",
        "status",
        "amount",
        "grounds",
        "conditions",
        "items",
        "warnings",
        "assumptions",
        "interpretations",
        "overrides",
        "source",
        "rules_digest",
    ]
    assert data["schema"] == "ytsub.estimate/1"
    assert data["document"] == "烟政发〔2024〕3号"
    assert data["measure"] == 48
    assert data["benefit"] == "techloan"
    assert data["as_of"] == "2024-06-01"
    assert data["inputs"] == {"amount": "3000000"}
    assert data["status"] == "conditional"
    assert data["amount"] == {"low": "0.00", "high": "45000.00", "basis": "up_to", "unit": "CNY"}
    assert [c["id"] for c in data["conditions"]] == ["filed", "on_time"]
    assert {c["status"] for c in data["conditions"]} == {"unconfirmed"}
    assert data["items"][0] == {
        "label": "up to 1.5% of the filed principal",
        "formula": "3,000,000.00 × 1.5%",
        "value": "45000.00",
        "unit": "CNY",
        "grounds": "document",
    }
    assert data["grounds"] == "document"
    assert data["source"]["measure"] == 48
    assert "单户企业累计不超过10万元" in data["source"]["quotes"]
    assert data["rules_digest"].startswith("sha256:")


def test_chinese_and_wan(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("estimate", "科信贷", "--amount", "300万", "--lang", "zh", "--unit", "wan", AS_OF)
    assert r.code == 0
    assert "最高 4.5万元" in r.out
    assert "第48条" in r.out
    assert "状态：有待确认" in r.out


def test_chinese_json_titles(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("estimate", "techloan", "--amount", "1", "--lang", "zh", "--format", "json", AS_OF)
    assert json.loads(r.out)["title"] == "科信贷信贷补贴"


def test_csv_and_markdown(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("estimate", "techloan", "--amount", "3000000", "--format", "csv", AS_OF)
    assert (
        r.out == "benefit,measure,status,low,high,basis,unit,grounds\n"
        "techloan,48,conditional,0.00,45000.00,up_to,CNY,document\n"
    )
    r = ytsub("estimate", "techloan", "--amount", "3000000", "--format", "markdown", AS_OF)
    assert "| up to 1.5% of the filed principal | 3,000,000.00 × 1.5% | 45,000.00 |" in r.out
    assert "**up to ¥45,000.00**" in r.out


@pytest.mark.parametrize("name", ["techloan", "kexindai", "科信贷", "KEXINDAI"])
def test_aliases(ytsub, name: str) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("estimate", name, "--amount", "3000000", "--format", "csv", AS_OF)
    assert r.code == 0
    assert ",45000.00," in r.out


@pytest.mark.parametrize("name", ["techreno", "jigaidai", "技改贷", "8", "m8"])
def test_techreno_names(ytsub, name: str) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("estimate", name, "--loan", "10000000", "--format", "csv", AS_OF)
    assert r.code == 0, r.err
    assert (
        r.out.splitlines()[1] == "techreno,8,conditional,120750.00,120750.00,exact,CNY,assumption"
    )


def test_techreno_says_its_bands_are_assumed(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("estimate", "techreno", "--loan", "10000000", "--investment", "20000000", AS_OF)
    assert r.code == 0
    assert (
        "assumption: interest-subsidy bands: 0:35% LPR is an assumption, not in the document"
        in r.out
    )
    # cited by its title: its document number could not be verified (FACTS.md, issue 12)
    assert "《省级“技改专项贷”贴息和担保补助管理实施细则》" in r.out.replace("\n", "")
    assert "鲁财工" not in r.out
    r = ytsub(
        "estimate",
        "techreno",
        "--loan",
        "15000000",
        "--tiers",
        "0:1.5%,1000万:1%",
        "--format",
        "json",
        AS_OF,
    )
    data = json.loads(r.out)
    assert data["amount"]["high"] == "200000.00"
    assert data["assumptions"] == []
    assert data["overrides"] == [
        {
            "param": "bands",
            "rule_value": "0:35% LPR",
            "value": "0:1.5%,10000000:1%",
            "by": "--tiers",
        }
    ]


def test_techreno_investment_of_5000wan_is_outside(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("estimate", "techreno", "--loan", "1000万", "--investment", "5000万", AS_OF)
    assert r.code == 0
    assert "ineligible" in r.out
    assert "total investment 50,000,000.00 is not less than 50,000,000.00" in r.out


def test_set_override_is_shown_and_changes_the_digest(ytsub) -> None:  # type: ignore[no-untyped-def]
    plain = json.loads(
        ytsub("estimate", "techloan", "--amount", "3000000", "--format", "json", AS_OF).out
    )
    r = ytsub(
        "estimate",
        "techloan",
        "--amount",
        "3000000",
        "--set",
        "subsidy_rate=2%",
        "--format",
        "json",
        AS_OF,
    )
    data = json.loads(r.out)
    assert data["amount"]["high"] == "60000.00"
    assert data["overrides"] == [
        {"param": "subsidy_rate", "rule_value": "1.5%", "value": "2%", "by": "--set"}
    ]
    assert data["rules_digest"] != plain["rules_digest"]
    assert "最高给予备案贷款本金1.5%的信贷补贴" not in data["source"]["quotes"]
    table = ytsub(
        "estimate", "techloan", "--amount", "3000000", "--set", "subsidy_rate=2%", AS_OF
    ).out
    assert "override: subsidy_rate set to 2% with --set (the rule says 1.5%)" in table


def test_rules_overlay_anywhere_on_the_line(ytsub) -> None:  # type: ignore[no-untyped-def]
    """The example overlay reads 5000万元以下 as inclusive: a 5000万 project becomes eligible."""
    overlay = str(RULES_DIR.parent / "examples" / "rules-overlay")
    for args in (
        ["estimate", "techreno", "--loan", "1000万", "--investment", "5000万", "--rules", overlay],
        ["estimate", "--rules", overlay, "techreno", "--loan", "1000万", "--investment", "5000万"],
        [
            "estimate",
            "techreno",
            f"--rules={overlay}",
            "--loan",
            "1000万",
            "--investment",
            "5000万",
        ],
    ):
        data = json.loads(ytsub(*args, "--format", "json", AS_OF).out)
        assert data["status"] == "conditional"
        assert data["amount"]["high"] == "120750.00"
        [named] = data["source"]["overlays"]
        assert named.endswith("examples/rules-overlay/m08-techreno.yaml")


def test_confirm_and_deny(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub(
        "estimate",
        "techloan",
        "--amount",
        "3000000",
        "--confirm",
        "filed,on_time",
        "--format",
        "json",
        AS_OF,
    )
    assert json.loads(r.out)["status"] == "eligible"
    r = ytsub(
        "estimate", "techloan", "--amount", "3000000", "--confirm", "all", "--format", "json", AS_OF
    )
    assert json.loads(r.out)["status"] == "eligible"
    r = ytsub(
        "estimate",
        "techloan",
        "--amount",
        "3000000",
        "--confirm",
        "filed",
        "--deny",
        "on_time",
        AS_OF,
    )
    assert "status: ineligible" in r.out
    assert "¥0.00 (not eligible)" in r.out
    assert "denied with --deny on_time" in r.out


def test_estimate_help_lists_benefits(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("estimate", "--help")
    assert r.code == 0
    assert "techloan (kexindai, 科信贷)" in r.out
    assert "techreno (jigaidai, 技改贷)" in r.out


def test_benefit_help(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("estimate", "techreno", "--help")
    assert r.code == 0
    assert "--loan MONEY" in r.out
    assert "[required]" in r.out
    assert "investment_band" in r.out
    assert "decided by --investment when given" in r.out
    assert "bands                   0:35% LPR  assumed" in r.out
    r = ytsub("estimate", "techreno", "--help", "--lang", "zh")
    assert "项目贷款金额" in r.out
    assert "[必填]" in r.out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["estimate", "techloan", "--amount", "abc"],
            1,
            "Error: --amount: not an amount of money: 'abc'",
        ),
        (
            ["estimate", "techloan", "--amount", "-5"],
            1,
            "Error: --amount: must not be negative: '-5'",
        ),
        (["estimate", "techloan", "--amount", ""], 1, "Error: --amount: empty value"),
        (
            ["estimate", "techloan", "--amount", "nan"],
            1,
            "Error: --amount: 'nan' is not a finite number",
        ),
        (
            ["estimate", "techloan", "--amount", "inf"],
            1,
            "Error: --amount: 'inf' is not a finite number",
        ),
        (
            ["estimate", "techloan", "--amount", "1e400"],
            1,
            "Error: --amount: not an amount of money: '1e400'",
        ),
        (["estimate", "techloan", "--amount", "12345678901234567890"], 1, "more than 10^15 yuan"),
        (
            ["estimate", "techloan", "--amount", "5", "--as-of", "2024-02-30"],
            1,
            "Error: --as-of: not a calendar date",
        ),
        (
            ["estimate", "techloan", "--amount", "5", "--as-of", "2024-13-01"],
            1,
            "Error: --as-of: not a calendar date",
        ),
        (
            ["estimate", "techloan", "--amount", "5", "--confirm", "fild"],
            1,
            "(did you mean filed?)",
        ),
        (
            ["estimate", "techloan", "--amount", "5", "--confirm", "filed", "--deny", "filed"],
            1,
            "Error: --confirm and --deny both name 'filed': give one",
        ),
        (
            ["estimate", "techloan", "--amount", "5", "--set", "rate=2%"],
            1,
            "Error: --set: techloan has no parameter 'rate'",
        ),
        (
            ["estimate", "techloan", "--amount", "5", "--set", "subsidy_rate"],
            1,
            "Error: --set: write PARAM=VALUE",
        ),
        (
            ["estimate", "techloan", "--amount", "5", "--set", "subsidy_rate=345"],
            1,
            "Error: --set subsidy_rate: '345' is not a rate",
        ),
        (
            ["estimate", "techreno", "--loan", "5", "--lpr", "345"],
            1,
            "Error: --lpr: '345' is not a rate",
        ),
        (
            ["estimate", "techreno", "--loan", "5", "--tiers", "1000:1%"],
            1,
            "Error: --tiers: the first band must start at 0",
        ),
        (
            ["estimate", "techreno", "--loan", "5", "--years", "0"],
            1,
            "Error: --years: must be at least 1",
        ),
        (["estimate", "techloan"], 2, "Error: techloan needs --amount (filed loan principal)"),
        (["estimate", "techloan", "--amount"], 2, "Error: --amount needs a value"),
        (
            ["estimate", "techloan", "--amout", "5"],
            2,
            "Error: no such option: --amout (did you mean --amount?)",
        ),
        (
            ["estimate", "techloan", "--amount", "5", "--amount", "6"],
            2,
            "Error: --amount is given twice",
        ),
        (
            ["estimate", "techloan", "--amount", "5", "extra"],
            2,
            "Error: unexpected argument 'extra'",
        ),
        (["estimate", "nosuch"], 2, "Error: unknown benefit 'nosuch'"),
        (["estimate", "techlon", "--amount", "5"], 2, "(did you mean techloan?)"),
        (["estimate", "50"], 2, "Error: measure 50 has no amount to estimate (informational)"),
        (["estimate"], 2, "Error: which benefit?"),
        (
            ["estimate", "techloan", "--amount", "5", "--format", "xml"],
            2,
            "Error: --format: 'xml' is not one of",
        ),
        (
            ["estimate", "techloan", "--amount", "5", "--lang", "fr"],
            2,
            "Error: --lang: 'fr' is not one of zh, en",
        ),
        (
            ["estimate", "techloan", "--amount", "5", "--unit", "usd"],
            2,
            "Error: --unit: 'usd' is not one of yuan, wan",
        ),
        (
            ["list", "--kind", "foo"],
            2,
            "Error: --kind: 'foo' is not one of benefit, informational, target",
        ),
        (["list", "--format", "xml"], 2, "Error: --format: 'xml' is not one of"),
        (
            ["list", "--chapter", "11"],
            2,
            "Error: --chapter: the document has chapters 1–10, not 11",
        ),
        (["show", "99"], 2, "Error: there is no measure 99"),
        (["search"], 2, "which word?"),
        (["frobnicate"], 2, "No such command 'frobnicate'"),
    ],
)
def test_errors(ytsub, args: list[str], code: int, message: str) -> None:  # type: ignore[no-untyped-def]
    r = ytsub(*args)
    assert r.code == code
    assert message in r.err
    assert r.out == ""
    assert "Traceback" not in r.err


def test_one_line_errors_from_estimate(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("estimate", "techloan", "--amount", "abc")
    assert r.err.count("\n") == 1


def test_internal_error_exits_70(ytsub, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    def broken(sheet: object) -> object:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setitem(calc.registry(), "techloan", broken)
    r = ytsub("estimate", "techloan", "--amount", "5")
    assert r.code == 70
    assert r.err.startswith("Error: internal error (ZeroDivisionError: division by zero)")
    assert "please report it" in r.err
    assert "Traceback" not in r.err


def test_version(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("--version")
    assert (r.code, r.out) == (0, f"ytsub {__version__}\n")
    assert ytsub("-V").out == f"ytsub {__version__}\n"


def test_list(ytsub) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(ytsub("list", "--format", "json").out)
    assert len(data) == 62
    assert data[47] == {
        "measure": 48,
        "chapter": 7,
        "kind": "benefit",
        "title": "Credit support for tech-based SMEs",
        "benefits": data[47]["benefits"],
    }
    assert "techloan" in data[47]["benefits"]
    assert [
        m["measure"] for m in json.loads(ytsub("list", "--kind", "target", "--format", "json").out)
    ] == [
        1,
        2,
        15,
        16,
        19,
        20,
        22,
        24,
        25,
        31,
        38,
        54,
        58,
        59,
        62,
    ]
    table = ytsub("list").out
    assert "Nuclear power" in table


def test_show_informational_measure(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("show", "50")
    assert r.code == 0
    assert "支持核电加快发展。鼓励核电机组参与电力市场" in r.out
    assert "informational" in r.out
    data = json.loads(ytsub("show", "50", "--format", "json").out)
    assert data["kind"] == "informational"
    assert data["responsible"] == [
        "市发展改革委",
        "烟台供电公司",
    ]


def test_show_benefit(ytsub) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(ytsub("show", "techloan", "--format", "json").out)
    assert data["measure"] == 48
    [techloan] = [b for b in data["benefits"] if b["id"] == "techloan"]
    assert techloan["params"]["subsidy_rate"] == {
        "value": "1.5%",
        "type": "rate",
        "quote": "最高给予备案贷款本金1.5%的信贷补贴",
        "assumed": False,
    }


def test_search_finds_the_loan_measures(ytsub) -> None:  # type: ignore[no-untyped-def]
    hits = json.loads(ytsub("search", "贷款", "--format", "json").out)
    numbers = [h["measure"] for h in hits]
    assert {8, 32, 33, 48}.issubset(numbers)
    for hit in hits:  # machine formats carry the match's place, not display markers
        assert "【" not in hit["snippet"]
        start, length = hit["match"]["start"], hit["match"]["length"]
        assert hit["snippet"][start : start + length] == "贷款"
    table = ytsub("search", "贷款", "风险").out
    assert "【贷款】" in table


def test_search_csv_gives_the_match_position(ytsub) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(io.StringIO(ytsub("search", "贷款", "--format", "csv").out)))
    assert rows
    for row in rows:
        start, length = int(row["match_start"]), int(row["match_length"])
        assert row["snippet"][start : start + length] == "贷款"
        assert "【" not in row["snippet"]


@pytest.mark.parametrize(
    ("words", "measure"),
    [
        (["interest subsidy"], 8),  # title says "subsidies", and the words are apart
        (["interest", "subsidies"], 8),
        (["loans"], 48),  # benefit title: "Sci-tech credit loan subsidy"
        (["guaranteed"], 8),  # a benefit summary: "guaranteed by a municipal government …"
        (["TAXES"], 12),  # "six taxes and two fees", in capitals
    ],
)
def test_search_english_word_forms(ytsub, words: list[str], measure: int) -> None:  # type: ignore[no-untyped-def]
    found = [h["measure"] for h in json.loads(ytsub("search", *words, "--format", "json").out)]
    assert measure in found, found


def test_search_english_words_do_not_match_inside_other_words(ytsub) -> None:  # type: ignore[no-untyped-def]
    # "tax" is a word of many titles; "ax" is part of them, never a word of its own
    r = ytsub("search", "ax", "--format", "json")
    assert (r.code, r.out) == (1, "[]\n")


@pytest.mark.parametrize(
    ("fmt", "out"),
    [
        ("table", ""),
        ("markdown", ""),
        ("json", "[]\n"),
        ("csv", "measure,title,snippet,match_start,match_length\n"),
    ],
)
def test_search_without_a_match_exits_1(ytsub, fmt: str, out: str) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("search", "no-such-word", "--format", fmt)
    assert (r.code, r.out, r.err) == (1, out, "No measure contains 'no-such-word'.\n")


def test_rules_check_ok_and_bad(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("rules", "check")
    assert (r.code, r.out) == (0, "65 rule files: OK\n")
    bad = tmp_path / "rules"
    bad.mkdir()
    text = (RULES_DIR / "m48-techloan.yaml").read_text(encoding="utf-8")
    (bad / "m48-techloan.yaml").write_text(
        text.replace("kind: benefit", "kind: benefit\nknd: x"), encoding="utf-8"
    )
    r = ytsub("rules", "check", str(bad))
    assert r.code == 1
    assert f"{bad / 'm48-techloan.yaml'}:6: knd: unknown key" in r.err
    assert "1 problem(s) in 65 rule files." in r.err


def test_rules_schema(ytsub) -> None:  # type: ignore[no-untyped-def]
    schema = json.loads(ytsub("rules", "schema").out)
    assert "benefits" in schema["properties"]


def test_typer_route_gives_the_same_estimate() -> None:
    """`ytsub estimate` skips building the Typer app; going through it must not change anything."""
    args = ["estimate", "techloan", "--amount", "3000000", "--format", "json", AS_OF]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0
    assert json.loads(result.output)["amount"]["high"] == "45000.00"


def test_python_dash_m(tmp_path: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "yantai_subsidy",
            "estimate",
            "techloan",
            "--amount",
            "3000000",
            "--format",
            "csv",
            AS_OF,
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[1] == "techloan,48,conditional,0.00,45000.00,up_to,CNY,document"


def test_json_path_imports_neither_rich_nor_typer_nor_pydantic() -> None:
    """With the rule cache warm, the JSON path needs none of the heavy imports (DESIGN.md, "Performance")."""
    warm = "from yantai_subsidy.loader import load_rules\nload_rules()"
    subprocess.run([sys.executable, "-c", warm], check=True)
    code = (
        "import sys\nfrom yantai_subsidy.__main__ import run\n"
        "run(['estimate', 'techloan', '--amount', '1', '--format', 'json'])\n"
        "print(sorted(m for m in ('rich', 'typer', 'pydantic', 'yaml') if m in sys.modules), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip() == "[]"
    assert json.loads(out.stdout)["amount"]["high"] == "0.02"


@pytest.mark.parametrize(
    "args",
    [
        ["estimate", "techloan", "--amount", "1"],
        ["match", "examples/profiles/tech-sme.yaml"],
        ["facts"],
    ],
    ids=lambda args: args[0],
)
def test_json_path_imports_nothing_only_rare_paths_use(args: list[str]) -> None:
    """No pathlib (an overlay, a message naming a path), shutil (a terminal's width), difflib
    (a typo), tempfile, the search catalogue, OpenSSL (hashlib: only a --set digest needs it)
    or the client list's module when a command prints JSON from a warm cache."""
    warm = "from yantai_subsidy.loader import load_rules\nload_rules()"
    subprocess.run([sys.executable, "-c", warm], check=True)
    rare = (
        "pathlib",
        "shutil",
        "difflib",
        "tempfile",
        "yantai_subsidy.catalogue",
        "_hashlib",
        "yantai_subsidy.cli_match_list",
    )
    code = (
        "import sys\nfrom yantai_subsidy.__main__ import run\n"
        f"code = run({[*args, '--format', 'json']!r})\n"
        f"print(code, sorted(m for m in {rare!r} if m in sys.modules), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip() == "0 []"
    assert json.loads(out.stdout)


@pytest.mark.parametrize(("args", "collects"), [(["list"], False), (["batch", "x.csv"], True)])
def test_only_batch_keeps_the_garbage_collector(
    monkeypatch: pytest.MonkeyPatch, args: list[str], collects: bool
) -> None:
    """A bounded command skips the collector's passes; batch's work grows with its input."""
    import gc

    from yantai_subsidy import __main__ as entry

    seen: list[bool] = []
    monkeypatch.setattr(sys, "argv", ["ytsub", *args])
    monkeypatch.setattr(entry, "run", lambda: seen.append(gc.isenabled()) or 0)
    try:
        with pytest.raises(SystemExit) as done:
            entry.main()
    finally:
        gc.enable()
    assert (done.value.code, seen) == (0, [collects])


COMMAND_LINES = [
    ["list"],
    ["show", "48"],
    ["search", "贷款"],
    ["match", "examples/profiles/tech-sme.yaml"],
    ["facts"],
    ["estimate", "techloan", "--amount", "5"],
    ["batch", "examples/batch.csv"],
]


@pytest.mark.parametrize("command", COMMAND_LINES, ids=lambda c: c[0])
@pytest.mark.parametrize(
    ("mistake", "message"),
    [
        (["--lang"], "Error: --lang needs a value\n"),
        (["--langg", "zh"], "Error: no such option: --langg (did you mean --lang?)\n"),
        (["--help=x"], "Error: --help does not take a value\n"),
    ],
)
def test_one_style_of_error_for_every_command(
    ytsub, command: list[str], mistake: list[str], message: str
) -> None:  # type: ignore[no-untyped-def]
    """A user cannot tell which parser answered: the same mistake reads the same everywhere."""
    r = ytsub(*command, *mistake)
    assert (r.code, r.out, r.err) == (2, "", message)
