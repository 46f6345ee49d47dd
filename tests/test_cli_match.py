"""``ytsub match`` and ``ytsub facts`` on the command line: exact exit codes and messages."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

TECH = "examples/profiles/tech-sme.yaml"


def test_the_tech_sme_as_a_new_user_tries_it(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("match", TECH)
    assert (r.code, r.err) == (0, "")
    for text in (
        "烟台某智能科技有限公司 (tech SME) · enterprise",
        "as of 2024-06-01 · 烟政发〔2024〕3号",
        "up to ¥1,000,000.00",  # rd-growth
        "¥912,000.00",  # rd-deduction
        "up to ¥70,000.00",  # techloan
        "up to ¥60,000.00",  # voucher
        "¥960,000.00 – ¥2,090,000.00",
        "all periods added",
        "yearly, for one year",
        "facts that would unlock more",
        "give techreno_loan",
        "confirm in the profile: confirm: [rd-growth.growth_rate,",
        "ic_tech_enterprise: denied in the profile (deny)",
    ):
        assert text in r.out, text
    order = [r.out.index(b) for b in ("rd-growth", "rd-deduction", "techloan", "voucher")]
    assert order == sorted(order)  # largest maximum first


def test_json_is_the_contract(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("match", TECH, "--format", "json")
    assert (r.code, r.err) == (0, "")
    data = json.loads(r.out)
    assert list(data) == [
        "schema",
        "document",
        "as_of",
        "profile",
        "claimable",
        "needs_facts",
        "ineligible",
        "paid_to_others",
        "total",
        "rules_digest",
    ]
    assert data["schema"] == "ytsub.match/1"
    first = data["claimable"][0]
    assert first["schema"] == "ytsub.estimate/1"
    assert first["benefit"] == "rd-growth"
    assert first["match"] == {
        "period": "yearly",
        "beneficiary": "enterprise",
        "variant": None,
        "group": None,
    }
    assert data["total"]["low"] == "960000.00"
    assert data["total"]["high"] == "2090000.00"
    assert data["total"]["by_period"][0] == {
        "period": "one_off",
        "low": "40000.00",
        "high": "110000.00",
        "benefits": ["techloan", "patent-product"],
    }
    assert data["profile"]["facts"]["rd"] == "6800000"
    assert data["needs_facts"][0]["missing"] == ["orchard_area_mu"]
    assert data["ineligible"][0]["benefit"] == "ic-rd"


def test_markdown_for_a_memo(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("match", TECH, "--format", "markdown")
    assert r.code == 0
    assert "| benefit | amount | period | to confirm | clause |" in r.out
    assert (
        "| Sci-tech credit loan subsidy (科信贷) (`techloan`) | up to ¥70,000.00 | one-off |"
        " — | measure 48 “对纳入“科信贷”备案并按时还本付息的科技企业”"  # nothing to confirm
    ) in r.out
    assert "| **all periods added** | **¥960,000.00 – ¥2,090,000.00** |" in r.out


def test_in_chinese_and_in_wan(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("match", TECH, "--lang", "zh", "--unit", "wan")
    assert r.code == 0
    for text in ("可申领", "最高 7万元", "96万元 至 209万元", "补充事实可再匹配", "以上各周期相加"):
        assert text in r.out, text


def test_a_misspelled_fact_is_refused_with_a_suggestion(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    profile = tmp_path / "typo.yaml"
    profile.write_text("kind: enterprise\nfacts:\n  rd: 680万\n  rd_lastyear: 520万\n", "utf-8")
    r = ytsub("match", str(profile))
    assert r.code == 1
    assert r.out == ""
    assert r.err == (
        f"Error: {profile}:4: facts.rd_lastyear: unknown fact (did you mean rd_last_year?):"
        " ytsub facts lists them\n"
    )


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        (
            "en",
            "Error: {profile}:2: YAML anchors and aliases are not allowed (&name, *name): write each value out\n",
        ),
        ("zh", "错误：{profile}:2: 不允许使用 YAML 锚点和别名（&名称、*名称）：请逐一写出各值\n"),
    ],
)
def test_a_profile_with_an_alias_is_refused_as_a_profile(  # type: ignore[no-untyped-def]
    ytsub, tmp_path: Path, lang: str, says: str
) -> None:
    """The loader's refusal is shared with rule files: it said "not allowed in rule files"."""
    profile = tmp_path / "alias.yaml"
    profile.write_text("kind: person\nfacts: &same {outpatient_level2: 900}\nx: *same\n", "utf-8")
    r = ytsub("match", str(profile), "--lang", lang)
    assert (r.code, r.out, r.err) == (2, "", says.format(profile=profile))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            "confirm: [techloan.filed]\ndeny: [techloan.on_time, techloan.filed]\n",
            "9: deny.1: confirm and deny both name techloan.filed",
        ),
        (
            "benefits:\n  techloan:\n    deny: [filed]\nconfirm: [techloan.filed]\n",
            "10: benefits.techloan.deny.0: confirm and deny both name techloan.filed",
        ),
    ],
)
def test_a_condition_confirmed_and_denied_is_refused_where_it_is_denied(  # type: ignore[no-untyped-def]
    ytsub, tmp_path: Path, text: str, says: str
) -> None:
    """The refusal named line 1 of the profile, wherever confirm and deny were."""
    profile = tmp_path / "both.yaml"
    head = "kind: enterprise\nas_of: 2024-06-01\nfacts:\n  techloan_principal: 300万\n"
    profile.write_text(head + "\n" * 3 + text, "utf-8")
    r = ytsub("match", str(profile))
    assert (r.code, r.out, r.err) == (1, "", f"Error: {profile}:{says}\n")


def test_a_profile_from_stdin(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("match", "-", "--format", "csv", stdin="kind: district\nfacts: {district_rank: 2}\n")
    assert r.code == 0
    assert r.out.splitlines()[:2] == [
        "section,benefit,measure,status,low,high,basis,unit,period,group,facts_needed,grounds",
        # rank 2 rests on the reading of the range by even steps (issue 12)
        "claimable,district-rank,21,eligible,4000000.00,4000000.00,exact,CNY,quarterly,,,interpretation",
    ]
    r = ytsub("match", "-", stdin='{"kind": "district", "facts": {"district_rnk": 2}}')
    assert (r.code, r.err) == (
        1,
        "Error: <stdin>: facts.district_rnk: unknown fact (did you mean district_rank?):"
        " ytsub facts lists them\n",
    )


@pytest.mark.parametrize(
    ("args", "code", "err"),
    [
        (
            ("match", "missing.yaml"),
            2,
            "Error: missing.yaml: cannot read: No such file or directory\n",
        ),
        (
            ("match", TECH, "--format", "xml"),
            2,
            "Error: --format: 'xml' is not one of table, json, csv, markdown\n",
        ),
        (("match", TECH, "--unit", "usd"), 2, "Error: --unit: 'usd' is not one of yuan, wan\n"),
        (
            ("match", TECH, "--as-of", "2024-02-30"),
            1,
            "Error: --as-of: not a calendar date: '2024-02-30'\n",
        ),
        (
            ("facts", "--kind", "firm"),
            2,
            "Error: --kind: 'firm' is not one of enterprise, person, district\n",
        ),
    ],
)
def test_errors_are_one_line_with_their_exit_code(
    ytsub, args: tuple[str, ...], code: int, err: str
) -> None:  # type: ignore[no-untyped-def]
    r = ytsub(*args)
    assert (r.code, r.out, r.err) == (code, "", err)


def test_as_of_on_the_command_line_wins(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("match", TECH, "--as-of", "2025-03-01", "--format", "json")
    data = json.loads(r.out)
    assert data["as_of"] == "2025-03-01"
    assert any("the package was issued for 2024" in w for w in data["claimable"][0]["warnings"])


def test_facts_lists_the_vocabulary(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("facts", "--kind", "district", "--format", "csv")
    assert (r.code, r.err) == (0, "")
    assert r.out == (
        "fact,type,unit,label,read_by\n"
        "rural_zones,count,zones,municipal rural-revitalisation zones newly created in the"
        " district,"
        "rural-zone.zones\n"
        "district_rank,count,rank,the district's rank in the quarter's project assessment,"
        "district-rank.rank\n"
    )
    r = ytsub("facts", "--format", "json")
    data = json.loads(r.out)
    assert data["schema"] == "ytsub.facts/1"
    rd = next(f for f in data["facts"] if f["fact"] == "rd")
    assert rd["read_by"] == ["rd-growth.rd", "ic-rd.rd"]
    assert data["local"]["techreno"] == ["years", "tiers", "lpr"]
    table = ytsub("facts", "--lang", "zh")
    assert "上年度研发费用" in table.out
    assert "techreno: years, tiers, lpr" in table.out


def test_estimates_never_pay_for_the_vocabulary() -> None:
    """The profile vocabulary is built on first use: ytsub estimate imports none of it."""
    code = (
        "import sys\nfrom yantai_subsidy.__main__ import run\n"
        "run(['estimate', 'techloan', '--amount', '1', '--format', 'json'])\n"
        "names = ('yantai_subsidy.match', 'yantai_subsidy.profile', 'yantai_subsidy.vocabulary')\n"
        "print(sorted(m for m in names if m in sys.modules), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip() == "[]"


@pytest.mark.parametrize("columns", ["60", "80", "100", "120"])
@pytest.mark.parametrize("profile", sorted(Path("examples/profiles").glob("*.yaml")))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_identifier_or_figure_is_split_at_any_width(
    ytsub, monkeypatch: pytest.MonkeyPatch, columns: str, profile: Path, lang: str
) -> None:  # type: ignore[no-untyped-def]
    """What a user types back (--confirm growth_rate) and every figure stand whole on a line."""
    monkeypatch.setenv("COLUMNS", columns)
    table = ytsub("match", str(profile), "--lang", lang).out
    found = json.loads(ytsub("match", str(profile), "--format", "json").out)
    lines = table.splitlines()
    for claim in found["claimable"]:
        assert any(claim["benefit"] in line for line in lines), claim["benefit"]
        for condition in claim["conditions"]:
            if condition["status"] == "unconfirmed":
                assert any(condition["id"] in line for line in lines), condition["id"]
    for figure in (found["total"]["low"], found["total"]["high"]):
        if figure is not None:
            assert f"{Decimal(figure):,}" in table, figure


def test_piped_tables_follow_columns(ytsub, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    def cell_len(line: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)

    monkeypatch.setenv("COLUMNS", "80")
    widths = [cell_len(line) for line in ytsub("match", TECH).out.splitlines()]
    assert max(widths) == 80
    monkeypatch.delenv("COLUMNS")
    widths = [cell_len(line) for line in ytsub("match", TECH).out.splitlines()]
    assert max(widths) == 100  # a pipe, no COLUMNS: 100


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("env", "color"),
    [
        ({}, True),
        ({"TERM": "dumb"}, False),
        ({"NO_COLOR": "1"}, False),
        ({"TERM": "dumb", "FORCE_COLOR": "1"}, True),
    ],
)
def test_colour_on_a_terminal_unless_dumb_or_no_color(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], color: bool
) -> None:
    from yantai_subsidy.shell import wants_color

    for key in ("TERM", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert wants_color(_Terminal()) is color


@pytest.mark.parametrize(
    "name", ["\\u001b[2JX", "A\\u202eB", "A\\u0007B"], ids=["esc", "bidi", "bell"]
)
def test_a_profile_name_with_a_control_character_is_refused(  # type: ignore[no-untyped-def]
    ytsub, tmp_path: Path, name: str
) -> None:
    """A YAML profile cannot hold one (the YAML reader refuses it); a JSON profile or a
    client list's cell could, and the table's heading passed it to the terminal."""
    profile = tmp_path / "p.json"
    profile.write_text(
        '{"kind": "person", "name": "' + name + '", "facts": {"outpatient_level2": 900}}', "utf-8"
    )
    r = ytsub("match", str(profile))
    assert (r.code, r.out) == (1, "")
    assert r.err.startswith(f"Error: {profile}: name: a control character (")
    clients = tmp_path / "clients.jsonl"
    clients.write_text(
        '{"kind": "person", "name": "' + name + '", "outpatient_level2": 900}\n', "utf-8"
    )
    r = ytsub("match", str(clients), "-q")
    assert r.code == 1
    assert "column name: a control character (" in r.out


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_a_profile_path_with_a_control_character_is_written_out(  # type: ignore[no-untyped-def]
    ytsub, tmp_path: Path, fmt: str
) -> None:
    """A profile without a name is headed by its path: a file name may hold an ESC sequence,
    a bidi override or a line break, which the heading passed to the terminal as they were."""
    folder = tmp_path / "in\x1b[2Jhere"
    folder.mkdir()
    profile = folder / "a\u202eb\nc.json"
    profile.write_text('{"kind": "person", "facts": {"outpatient_level2": 900}}', "utf-8")
    r = ytsub("match", str(profile), "--format", fmt, "--as-of", "2024-06-01")
    assert r.code == 0, r.err
    assert not {"\x1b", "\u202e"} & set(r.out)
    assert "/in\\x1b[2Jhere/a\\u202eb\\nc.json" in r.out  # the table may fold what is before
    r = ytsub("match", str(profile), "--format", "json", "--as-of", "2024-06-01")
    assert json.loads(r.out)["profile"]["source"] == str(profile)  # JSON escapes it itself
