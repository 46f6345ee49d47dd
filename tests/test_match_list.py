"""``ytsub match CLIENTS``: a client list, one result per client, each the single profile's own.

Every client's JSON line must be what ``ytsub match PROFILE --format json`` gives for a
profile file stating the same facts (the example list, and lists hypothesis writes); totals
are checked against figures worked by hand from the clauses; errors against exact exit codes
and one-line messages naming row and column.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import Result, assert_group_ended
from yantai_subsidy import batch_parallel, client_list
from yantai_subsidy.loader import load_rules
from yantai_subsidy.memo import RESERVED, STEM_BYTES, MemoFolder, safe_stem

REPO = Path(__file__).resolve().parent.parent
CLIENTS = "examples/match-clients.csv"
AS_OF = "2024-06-01"
RULES = load_rules()


# --- a client's result is the single profile's ---------------------------------------------------

CONTROL = ("kind", "name", "as_of", "confirm", "deny")


def profile_yaml(row: dict[str, str]) -> str:
    """The profile file a consultant would write for a row: plain YAML scalars, lists for
    choices given as alternatives and for confirm/deny."""
    lines = [f"kind: {row['kind']}"]
    if row.get("name"):
        lines.append(f"name: {json.dumps(row['name'], ensure_ascii=False)}")
    if row.get("as_of"):
        lines.append(f"as_of: {row['as_of']}")
    facts = {
        k: v
        for k, v in row.items()
        if v and k not in CONTROL and not k.startswith("benefits.") and k != "id"
    }
    if facts:
        lines.append("facts:")
        for name, value in facts.items():
            shown = f"[{', '.join(value.split(';'))}]" if ";" in value else value
            lines.append(f"  {name}: {shown}")
    for key in ("confirm", "deny"):
        if row.get(key):
            lines.append(f"{key}: [{', '.join(row[key].split(';'))}]")
    sections: dict[str, list[str]] = {}
    for column, value in row.items():
        if column.startswith("benefits.") and value:
            _, benefit, name = column.split(".")
            sections.setdefault(benefit, []).append(f"{name}: {value}")
    if sections:
        lines.append("benefits:")
        lines += [f"  {b}: {{{', '.join(items)}}}" for b, items in sections.items()]
    return "\n".join(lines) + "\n"


def single(ytsub, tmp_path: Path, row: dict[str, str], number: int, *extra: str) -> Result:  # type: ignore[no-untyped-def]
    path = tmp_path / f"client-{number}.yaml"
    path.write_text(profile_yaml(row), encoding="utf-8")
    return ytsub("match", str(path), *extra)  # type: ignore[no-any-return]


def test_every_client_of_the_example_is_its_single_profile(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    listed = ytsub("match", CLIENTS, "--keep", "id", "--quiet")
    assert listed.code == 1  # the example holds one bad row, on purpose
    lines = [json.loads(line) for line in listed.out.splitlines()]
    with open(REPO / CLIENTS, encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [line["row"] for line in lines] == list(range(1, len(rows) + 1))
    assert {r["kind"] for r in rows} == {"enterprise", "person", "district"}
    for number, (row, line) in enumerate(zip(rows, lines, strict=True), start=1):
        assert line.pop("keep") == {"id": row["id"]}
        alone = single(ytsub, tmp_path, row, number, "--format", "json")
        if "error" in line:
            assert (alone.code, alone.out) == (1, "")
            assert alone.err.endswith(line["error"].partition(": ")[2] + "\n"), alone.err
            continue
        assert alone.code == 0, alone.err
        expected = json.loads(alone.out)
        assert line.pop("row") == number
        assert line["profile"].pop("source") == f"{CLIENTS}, row {number}"
        expected["profile"].pop("source")
        assert line == expected, row["name"]


def test_the_bad_row_of_the_example_names_its_row_and_column(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("match", CLIENTS, "--quiet", "--keep", "id")
    bad = [json.loads(line) for line in r.out.splitlines() if '"error"' in line]
    assert bad == [
        {
            "row": 4,
            "schema": "ytsub.match/1",
            "source": f"{CLIENTS}, row 4",
            "name": "丁公司",
            "column": "rd",
            "error": "column rd: must not be negative: '-5'",
            "keep": {"id": "C-04"},
        }
    ]
    assert (r.code, r.err) == (1, "")


# Facts as a consultant's list holds them: values that read, values that are refused, values
# YAML reads otherwise than a CSV cell (yes, 0x10, 1e3, 1_000), and choices as alternatives.
VALUES = {
    "rd": ["680万", "6800000", "3,000,000", "0.03亿", "１２３万", "-5", "abc", "1e3", "1_000"],
    "rd_last_year": ["520万", "0", "NaN", "5200000.50"],
    "techloan_principal": ["300万", "100万元", "0x10", ""],
    "union_fees_paid": ["8000", "9999.995", "1万"],
    "logistics_grade": ["4A", "3A;4A", "6A", "4a"],
    "outpatient_level2": ["900", "2000", "-1"],
    "outpatient_level1": ["1500", "200"],
    "retired": ["true", "false", "yes", "no", "1", "maybe"],
    "rural_zones": ["2", "0", "2.5", "五"],
    "district_rank": ["1", "5", "6"],
    # a rate, a date, a quantity in 万 and a count in 万, as YAML and a cell may read them apart
    "cit_rate": ["15%", "0.15", "15", "1", "0.5"],
    "rd_expensed": ["600万"],
    "fdi_project_type": ["new", "increase;new"],
    "fdi_paid_in_usd": ["6000万", "60000000", "6e7", "5000万"],
    "benefits.fdi.fx_rate": ["7.1", "0.14"],
    "express_park_investment": ["200万"],
    "express_park_parcels": ["4000万", "3999万", "4,000万"],
    "home_sale_date": ["2024-03-01", "2024/3/1", "20240301"],
    "home_purchase_date": ["2024-05-01", "2025-03-02"],
    "mortgage_rate": ["4.1%", "0.041", "4.1"],
    "storage_project_type": ["demo", "demo;long-duration"],
    "storage_available_mw": ["100", "0.5"],
    "confirm": ["techloan.filed;techloan.on_time", "techloan.filed", "nosuch.x", "filed"],
    "deny": ["ic-rd.ic_tech_enterprise", "techloan.on_time"],
}
KINDS = ("enterprise", "person", "district", "Enterprise", "robot")


@st.composite
def client_rows(draw: st.DrawFn) -> list[dict[str, str]]:
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(KINDS))
        names = draw(st.lists(st.sampled_from(sorted(VALUES)), max_size=4, unique=True))
        row = {"kind": kind, "name": draw(st.sampled_from(["甲", "B, Ltd", ""]))}
        row |= {name: draw(st.sampled_from(VALUES[name])) for name in names}
        rows.append(row)
    return rows


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=client_rows())
def test_a_generated_list_answers_as_its_profiles_do(ytsub, tmp_path: Path, rows) -> None:  # type: ignore[no-untyped-def]
    columns = sorted({c for row in rows for c in row}, key=lambda c: (c != "kind", c))
    source = tmp_path / "clients.csv"
    with open(source, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, columns)
        writer.writeheader()
        writer.writerows(rows)
    listed = ytsub("match", str(source), "--as-of", AS_OF, "--quiet")
    lines = [json.loads(line) for line in listed.out.splitlines()]
    assert len(lines) == len(rows)
    for number, (row, line) in enumerate(zip(rows, lines, strict=True), start=1):
        alone = single(ytsub, tmp_path, row, number, "--format", "json", "--as-of", AS_OF)
        assert line.pop("row") == number
        if alone.code:
            assert "error" in line, (row, alone.err)
            assert alone.code == 1, alone.err
            continue
        assert "error" not in line, (row, line)
        line["profile"].pop("source")
        expected = json.loads(alone.out)
        expected["profile"].pop("source")
        assert line == expected, row
    assert listed.code == (1 if any("error" in line for line in lines) else 0)


def test_the_library_matches_many_in_order() -> None:
    from yantai_subsidy import match_many as exported
    from yantai_subsidy.match import match

    rows = [
        {"kind": "person", "outpatient_level2": 900},
        {"kind": "enterprise", "rd": "-5"},
        {"kind": "district", "facts": {"rural_zones": 2}},
        {"Kind": "Person", "Outpatient-Level2": float("nan"), "outpatient_level1": 1500.0},
    ]
    found = list(exported(RULES, rows, AS_OF))
    assert [type(f).__name__ for f in found] == ["Match", "ClientError", "Match", "Match"]
    assert found[0].claimable[0].estimate.amount.low == 350  # type: ignore[union-attr]
    assert (found[1].row, found[1].column) == (2, "rd")  # type: ignore[union-attr]
    assert found[2] == match(
        RULES, {"kind": "district", "facts": {"rural_zones": 2}}, AS_OF
    )._replace(
        profile=found[2].profile  # type: ignore[union-attr]
    )
    # (1500 − 200) × 80% = 1040: an employee at a level-1 hospital (measure 60)
    assert found[3].total.low == 1040  # type: ignore[union-attr]


# --- totals worked by hand ----------------------------------------------------------------------

HAND = """\
id,kind,name,techloan_principal,union_fees_paid,logistics_grade,\
outpatient_level1,outpatient_level2,retired,rural_zones,confirm
H-1,enterprise,B,300万,,,,,,,techloan.filed;techloan.on_time
H-2,enterprise,C,,9000,4A,,,,,logistics.first_rating;logistics.in_statistics
H-3,person,D,,,,,900,,,
H-4,person,E,,,,1500,,true,,
H-5,district,F,,,,,,,2,
H-6,enterprise,G,100万,5000,,,,,,techloan.filed
"""


def test_totals_are_the_clauses_arithmetic(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each client's total, worked from 烟政发〔2024〕3号:

    H-1 measure 48 “最高给予备案贷款本金1.5%的信贷补贴，单户企业累计不超过10万元”:
        3,000,000 × 1.5% = 45,000 ≤ 100,000 → up to 45,000: [0, 45,000], one-off.
    H-2 measure 17 “首次被评定为国家…4A…级物流企业…给予一次性奖励…20万元” → 200,000, one-off;
        measure 12 “工会经费低于1万元的小额缴费工会组织，享受工会经费全额返还” → 9,000 < 10,000:
        9,000, yearly. Total [209,000, 209,000].
    H-3 measure 60, an employee at a level-2 hospital: 起付 400, 报销 70%:
        (900 − 400) × 70% = 350.
    H-4 measure 60, retired, level 1: 起付 200, 80% + 5 points = 85%: (1,500 − 200) × 85% = 1,105.
    H-5 measure 5 “市财政按照500万元/个的标准给予补助”: 2 × 5,000,000 = 10,000,000.
    H-6 measure 48: 1,000,000 × 1.5% = 15,000 (up to; on_time still to confirm) → [0, 15,000];
        measure 12: 5,000 < 10,000 → 5,000. Total [5,000, 20,000].
    All clients: low 0 + 209,000 + 350 + 1,105 + 10,000,000 + 5,000 = 10,215,455;
                 high 45,000 + 209,000 + 350 + 1,105 + 10,000,000 + 20,000 = 10,275,455.
    """
    source = tmp_path / "hand.csv"
    source.write_text(HAND, encoding="utf-8")
    r = ytsub("match", str(source), "--format", "csv", "--totals", "--keep", "id", "--as-of", AS_OF)
    assert r.code == 0, r.err
    rows = list(csv.DictReader(io.StringIO(r.out)))
    overall = {row["id"]: (row["low"], row["high"]) for row in rows if row["period"] == "all"}
    assert overall == {
        "H-1": ("0.00", "45000.00"),
        "H-2": ("209000.00", "209000.00"),
        "H-3": ("350.00", "350.00"),
        "H-4": ("1105.00", "1105.00"),
        "H-5": ("10000000.00", "10000000.00"),
        "H-6": ("5000.00", "20000.00"),
    }
    periods = {(row["id"], row["period"]): row["high"] for row in rows if row["status"] == "total"}
    assert (periods[("H-2", "one_off")], periods[("H-2", "yearly")]) == ("200000.00", "9000.00")
    assert (periods[("H-6", "one_off")], periods[("H-6", "yearly")]) == ("15000.00", "5000.00")
    benefit_rows = [row for row in rows if row["status"] not in ("total", "none")]
    assert [(row["id"], row["benefit"]) for row in benefit_rows] == [
        ("H-1", "techloan"),
        ("H-2", "logistics"),
        ("H-2", "union-fee"),
        ("H-3", "outpatient"),
        ("H-4", "outpatient"),
        ("H-5", "rural-zone"),
        ("H-6", "techloan"),
        ("H-6", "union-fee"),
    ]
    assert benefit_rows[-2]["to_confirm"] == "techloan.on_time"
    assert r.err.splitlines()[:2] == [
        "6 clients: 6 matched, 0 failed; 8 claimable benefit(s); total over all clients"
        " ¥10,215,455.00 – ¥10,275,455.00 (CNY, each client's periods added)",
        "by measure: measure 5: 1, measure 12: 2, measure 17: 1, measure 48: 2, measure 60: 2",
    ]
    # CSV rows have no room for the notes: each is said once, naming its benefits
    notes = r.err.splitlines()[2:]
    assert any(n.startswith("interpretation (techloan): 1.5% is read as") for n in notes), notes
    assert len(notes) == len(set(notes))
    zh = ytsub(
        "match", str(source), "--lang", "zh", "-o", str(tmp_path / "o.jsonl"), "--keep", "id"
    )
    assert len(zh.err.splitlines()) == 2  # JSON lines carry each client's own notes
    assert zh.err.splitlines()[0] == (
        "6 个客户：6 个已匹配，0 个失败；可申领 8 项；全部客户合计 ¥10,215,455.00 – ¥10,275,455.00"
        "（人民币，各客户各周期金额相加）"
    )


def test_a_periods_total_is_as_sure_as_what_it_adds(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A --totals row of one period states the grounds of the amounts of that period only: a
    one-off award quoted from the clause is not 'assumption' because another period's amount
    rests on an assumed rate (techreno's bands); the total over all periods is the weakest."""
    source = write(tmp_path / "c.csv", "kind,logistics_grade,techreno_loan\nenterprise,4A,1000万\n")
    r = ytsub("match", source, "--format", "csv", "--totals", "-q", "--as-of", AS_OF)
    assert r.code == 0, r.err
    rows = list(csv.DictReader(io.StringIO(r.out)))
    said = {(row["benefit"], row["period"]): row["grounds"] for row in rows}
    assert said == {
        ("logistics", "one_off"): "document",
        ("techreno", "multi_year"): "assumption",
        ("total", "one_off"): "document",
        ("total", "multi_year"): "assumption",
        ("total", "all"): "assumption",
    }


# --- what is refused, and how -----------------------------------------------------------------


def write(path: Path, text: str, encoding: str = "utf-8") -> str:
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_an_unknown_column_refuses_the_list(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write(tmp_path / "c.csv", "kind,rd,rd_lastyear\nenterprise,680万,520万\n")
    r = ytsub("match", source)
    assert (r.code, r.out) == (2, "")
    assert r.err == (
        "Error: column 'rd_lastyear' is neither a fact nor a column of a client list"
        " (did you mean rd_last_year?): ytsub facts lists the facts; to carry it into the"
        " results, name it in --keep\n"
    )
    bad_benefit = write(tmp_path / "b.csv", "kind,benefits.vouchr.category\nenterprise,dcmm\n")
    r = ytsub("match", bad_benefit)
    assert (r.code, r.out) == (2, "")
    assert r.err == (
        "Error: column 'benefits.vouchr.category': unknown benefit 'vouchr' (did you mean"
        " voucher?): ytsub list shows them\n"
    )


def test_a_list_needs_a_kind_column_and_a_client(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("match", write(tmp_path / "none.csv", "name,rd\nA,1\n"))
    assert (r.code, r.out, r.err) == (2, "", "Error: no 'kind' column in the header: name,rd\n")
    r = ytsub("match", write(tmp_path / "empty.csv", ""))
    assert (r.code, r.out) == (2, "")
    assert r.err == "Error: the input is empty: a CSV needs a header row (kind,name,…)\n"
    for name, text in (("empty.jsonl", "\n\n"), ("header.csv", "kind,name\n,\n\n")):
        r = ytsub("match", write(tmp_path / name, text), "-f", "csv")
        assert (r.code, r.out) == (2, "")  # not even the header: the output is untouched
        assert r.err == "Error: the input holds no client: a client list has one profile per row\n"


def test_bad_rows_name_row_and_column_and_the_rest_go_on(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write(
        tmp_path / "c.jsonl",
        '{"kind": "robot", "name": "R"}\n'
        '{"kind": "person", "outpatient_level2": "abc"}\n'
        "not json\n"
        '{"kind": "person", "outpatient_level2": 900}\n'
        '{"kind": "person", "confirm": "techloan.filed"}\n',
    )
    r = ytsub("match", source, "--as-of", AS_OF, "--quiet")
    lines = [json.loads(line) for line in r.out.splitlines()]
    assert r.code == 1
    errors = [(x["row"], x.get("column"), x.get("error")) for x in lines if "error" in x]
    assert errors == [
        (1, "kind", "column kind: 'robot' is not one of enterprise, person, district"),
        (
            2,
            "outpatient_level2",
            "column outpatient_level2: not an amount of money: 'abc'"
            " (write 3000000, 3,000,000, 300万 or 0.03亿)",
        ),
        (3, None, "not a JSON object: Expecting value (column 1)"),
        (5, "confirm", "column confirm: techloan is for an enterprise, not a person"),
    ]
    assert (lines[3]["row"], lines[3]["total"]["low"]) == (4, "350.00")


def test_a_gb18030_list_reads_as_its_utf8_twin(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = (REPO / CLIENTS).read_text(encoding="utf-8")
    utf8 = ytsub("match", CLIENTS, "--format", "csv", "--keep", "id", "-q")
    gbk = ytsub(
        "match", write(tmp_path / "gbk.csv", text, "gb18030"), "-f", "csv", "--keep", "id", "-q"
    )
    bom = ytsub(
        "match", write(tmp_path / "bom.csv", "\ufeff" + text), "-f", "csv", "--keep", "id", "-q"
    )
    assert utf8.code == gbk.code == bom.code == 1
    assert "丙物流有限公司" in gbk.out
    assert gbk.out == utf8.out == bom.out


def test_the_output_may_not_be_the_input(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "c.csv"
    source.write_text("kind,outpatient_level2\nperson,900\n", encoding="utf-8")
    before = source.read_bytes()
    r = ytsub("match", str(source), "-o", str(source))
    assert (r.code, r.out) == (2, "")
    assert r.err == f"Error: --output {source} is the input file: write to another file\n"
    assert source.read_bytes() == before
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "a.yaml").write_text("kind: person\nfacts: {outpatient_level2: 900}\n")
    r = ytsub("match", str(folder), "-o", str(folder / "a.yaml"))
    assert (r.code, r.out) == (2, "")
    assert "is a profile of the input folder" in r.err


def test_one_profile_keeps_its_command(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("match", "examples/profiles/young-renter.yaml", "--keep", "id")
    assert (r.code, r.out) == (2, "")
    assert r.err == (
        "Error: --keep: only for a client list (a .csv, .jsonl or .xlsx file, or a folder of"
        " profiles); examples/profiles/young-renter.yaml is one profile\n"
    )
    r = ytsub("match", CLIENTS, "--format", "json", "--keep", "id")
    assert (r.code, r.err) == (2, "Error: --format: 'json' is not one of jsonl, csv, xlsx\n")


def test_standard_input_is_a_list_when_its_format_is_named(ytsub) -> None:  # type: ignore[no-untyped-def]
    data = (REPO / CLIENTS).read_bytes()
    piped = ytsub("match", "-", "--input-format", "csv", "-q", "--keep", "id", stdin=data)
    named = ytsub("match", CLIENTS, "-q", "--keep", "id")
    assert piped.code == named.code == 1
    assert piped.out == named.out.replace(f'"{CLIENTS}, row', '"<stdin>, row')


def test_a_folder_of_profiles_is_a_list(ytsub) -> None:  # type: ignore[no-untyped-def]
    r = ytsub("match", "examples/profiles", "-q")
    lines = [json.loads(line) for line in r.out.splitlines()]
    names = sorted(os.listdir(REPO / "examples" / "profiles"))
    assert [line["profile"]["source"] for line in lines] == [
        f"examples/profiles/{n}" for n in names
    ]
    for name, line in zip(names, lines, strict=True):
        alone = ytsub("match", f"examples/profiles/{name}", "--format", "json")
        assert json.loads(alone.out) == {k: v for k, v in line.items() if k != "row"}
    assert r.code == 0
    with mock.patch.object(batch_parallel, "CHUNK_ROWS", 2):
        assert ytsub("match", "examples/profiles", "-q", "-j", "2") == r


# --- memos -----------------------------------------------------------------------------------------


def test_a_memo_per_client_is_its_markdown(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    memos = tmp_path / "memos"
    r = ytsub(
        "match",
        CLIENTS,
        "--memo",
        str(memos),
        "--lang",
        "zh",
        "-q",
        "-o",
        str(tmp_path / "o.csv"),
        "--keep",
        "id",
    )
    assert r.code == 1
    with open(REPO / CLIENTS, encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    written = sorted(p.name for p in memos.iterdir())
    good = [row for row in rows if row["id"] != "C-04"]
    assert len(written) == len(good) == 11
    for number, row in enumerate(rows, start=1):
        if row["id"] == "C-04":
            continue
        alone = single(ytsub, tmp_path, row, number, "--format", "markdown", "--lang", "zh")
        memo = (memos / f"{row['id']}.md").read_text(encoding="utf-8")  # the kept id names it
        # a Chinese memo says the row in Chinese: the list's name as code, then 第N行
        assert memo == alone.out.replace(
            f"`{tmp_path / f'client-{number}.yaml'}`", f"`{CLIENTS}` 第{number}行"
        )
    assert not [p for p in tmp_path.iterdir() if "partial" in p.name]


def test_a_rows_source_is_said_in_the_memos_language_and_stable_in_json(
    ytsub, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The memo (and Markdown) says where the client stands in its own language; the JSON
    ``source`` keeps one documented form, ``LIST, row N``, in either language (scripts read it)."""
    said = {}
    for lang in ("zh", "en"):
        memos = tmp_path / f"memos-{lang}"
        out = tmp_path / f"o-{lang}.jsonl"
        r = ytsub(
            "match",
            CLIENTS,
            "--keep",
            "id",
            "--memo",
            str(memos),
            "--lang",
            lang,
            "-q",
            "-o",
            str(out),
        )
        assert r.code == 1, r.err
        lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
        sources = [line.get("source") or line["profile"]["source"] for line in lines]
        assert sources == [f"{CLIENTS}, row {n}" for n in range(1, 13)]
        said[lang] = (memos / "C-05.md").read_text(encoding="utf-8").splitlines()[2]
    # a Chinese memo ends its sentences as Chinese does (。), not with an English full stop
    for memo in (tmp_path / "memos-zh").iterdir():
        for line in memo.read_text(encoding="utf-8").splitlines():
            assert not re.search(r"[\u4e00-\u9fff）]\.\**$", line), (memo.name, line)
    assert said == {
        "zh": f"个人 · 估算日期 2024-06-01 · 档案 `{CLIENTS}` 第5行",
        "en": f"person · as of 2024-06-01 · profile `{CLIENTS}, row 5`",
    }
    # rows from Python (no list name): "row N" / "第N行"
    from yantai_subsidy import ClientError, match_many
    from yantai_subsidy.render import markdown

    (m,) = match_many(load_rules(), [{"kind": "person", "outpatient_level2": "900"}], "2024-06-01")
    assert not isinstance(m, ClientError)
    assert m.profile.source == "row 1"
    assert "档案 第1行" in markdown.match(m, lang="zh")
    assert "profile `row 1`" in markdown.match(m, lang="en")


def test_memos_are_named_by_the_kept_id_and_never_overwrite(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write(
        tmp_path / "c.csv",
        "id,kind,name,outpatient_level2\n"
        "A/1,person,王,900\n,person,王,900\n,person,王,900\n,person,CON,900\n,person,,900\n"
        "x,person,王,900\n,person,Ab,900\n,person,aB,900\n",
    )
    r = ytsub("match", source, "--memo", str(tmp_path / "m"), "--keep", "id", "-q")
    assert r.code == 0, r.err
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == sorted(
        ["A_1.md", "王.md", "王-2.md", "_CON.md", "client-5.md", "x.md", "Ab.md", "aB-2.md"]
    )


def test_a_memo_folder_is_new_or_empty_and_writable(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "mine.txt").write_text("mine")
    r = ytsub("match", CLIENTS, "--memo", str(taken))
    assert (r.code, r.out) == (2, "")
    assert r.err == (
        f"Error: --memo: {taken} is not empty: name a new or empty folder"
        " (memos are never mixed with other files)\n"
    )
    assert [p.name for p in taken.iterdir()] == ["mine.txt"]
    blocked = tmp_path / "file"
    blocked.write_text("")
    r = ytsub("match", CLIENTS, "--memo", str(blocked / "memos"))
    assert (r.code, r.out) == (2, "")
    assert r.err == f"Error: --memo: cannot write {blocked / 'memos'}: Not a directory\n"
    r = ytsub("match", CLIENTS, "--memo", str(blocked))
    assert (r.code, r.err) == (
        2,
        f"Error: --memo: {blocked} exists and is not a folder: name a new folder\n",
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    for inside in (empty, empty / "out.csv"):
        r = ytsub("match", CLIENTS, "--memo", str(empty), "-o", str(inside), "--keep", "id")
        assert (r.code, r.out) == (2, "")
        assert r.err == (
            f"Error: --output {inside} is inside --memo {empty}: the memo folder holds memos only\n"
        )
    r = ytsub(
        "match",
        CLIENTS,
        "--memo",
        str(empty),
        "-q",
        "-o",
        str(tmp_path / "o.jsonl"),
        "--keep",
        "id",
    )
    assert (r.code, len(list(empty.iterdir()))) == (1, 11)
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        r = ytsub("match", CLIENTS, "--memo", str(locked / "memos"))
        assert (r.code, r.out) == (2, "")
        assert r.err.startswith(f"Error: --memo: cannot write {locked / 'memos'}: ")


def test_a_failed_run_leaves_no_half_folder_and_no_half_output(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from yantai_subsidy.errors import OutputError

    real = MemoFolder.add
    calls = []

    def failing(self: MemoFolder, wanted: str, text: str) -> str:
        calls.append(wanted)
        if len(calls) == 5:
            raise OutputError("--memo: cannot write: No space left on device (no memo is left)")
        return real(self, wanted, text)

    out = tmp_path / "out.csv"
    with mock.patch.object(MemoFolder, "add", failing):
        r = ytsub(
            "match",
            CLIENTS,
            "--memo",
            str(tmp_path / "memos"),
            "-o",
            str(out),
            "-f",
            "csv",
            "--keep",
            "id",
        )
    assert (r.code, r.out) == (1, "")
    assert r.err == "Error: --memo: cannot write: No space left on device (no memo is left)\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_html_memos_escape_and_stand_alone(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write(
        tmp_path / "c.csv", 'kind,name,outpatient_level2\nperson,"<script>x</script>",900\n'
    )
    r = ytsub("match", source, "--memo", str(tmp_path / "m"), "--memo-format", "html", "-q")
    assert r.code == 0, r.err
    (page,) = (tmp_path / "m").iterdir()
    assert page.name == "_script_x__script_.html"
    html = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert html.startswith("<!DOCTYPE html>")
    for absent in ("<script>", "http", "<link", " src="):
        assert absent not in html
    assert "<td>¥350.00</td>" in html


NAMES = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Z", "C", "M")), max_size=120
) | st.sampled_from(
    # "- 0" was " 0": a dash taken off left the space before it at the front
    [
        "CON",
        "con.txt",
        "LPT9",
        "COM¹",
        "..",
        ".",
        "-rf",
        " a. ",
        "a" * 300,
        "/",
        "\\",
        "- 0",
        "-. -x",
    ]
)


@settings(max_examples=200, deadline=None)
@given(name=NAMES)
@example(name="- 0")
@example(name="-. -x")
@example(name=". -x")
def test_a_memo_name_is_safe_on_any_file_system(name: str) -> None:
    stem = safe_stem(name, "client-1")
    assert stem
    assert len((stem + "-99999.html").encode("utf-8")) <= 255
    assert len(stem.encode("utf-8")) <= STEM_BYTES
    assert not set(stem) & set('<>:"/\\|?*')
    assert all(ch.isprintable() or ch == " " for ch in stem), repr(stem)
    assert not stem.startswith((".", "-", " "))
    assert not stem.endswith((".", " "))
    assert stem.split(".")[0].strip().lower() not in RESERVED


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(names=st.lists(NAMES, min_size=1, max_size=12))
def test_memo_names_never_collide(tmp_path: Path, names: list[str]) -> None:
    import tempfile

    target = Path(tempfile.mkdtemp(dir=tmp_path)) / "memos"  # a new folder for each example
    with MemoFolder.opened(str(target), "markdown") as folder:
        written = [folder.add(name, f"memo {i}\n") for i, name in enumerate(names)]
        folder.commit()
    assert len({w.casefold() for w in written}) == len(names)
    for i, name in enumerate(written):
        assert (target / name).read_text(encoding="utf-8") == f"memo {i}\n"


# --- any --jobs, the bytes of --jobs 1 -------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "xlsx"])  # a workbook is dated by --as-of
def test_any_jobs_writes_the_serial_bytes(ytsub, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    if fmt == "xlsx":
        pytest.importorskip("openpyxl")
    text = (REPO / CLIENTS).read_text(encoding="utf-8")
    head, *rows = text.splitlines()
    source = write(tmp_path / "many.csv", "\n".join([head, *(rows * 5), ""]))
    outputs = {}
    with mock.patch.object(batch_parallel, "CHUNK_ROWS", 7):  # many chunks, over both workers
        for jobs in ("1", "2", "3"):
            out = tmp_path / f"out-{jobs}.{fmt}"
            memos = tmp_path / f"memos-{jobs}"
            r = ytsub(
                "match",
                source,
                "-j",
                jobs,
                "-o",
                str(out),
                "--totals",
                "--keep",
                "id",
                "--memo",
                str(memos),
            )
            outputs[jobs] = (
                r.code,
                r.err,
                out.read_bytes(),
                {p.name: p.read_bytes() for p in memos.iterdir()},
            )
    assert (outputs["1"][0], len(outputs["1"][3])) == (1, 55)
    assert outputs["2"] == outputs["1"] == outputs["3"]


def test_the_example_list_is_exported_with_estimate() -> None:
    import yantai_subsidy

    assert "match_many" in yantai_subsidy.__all__
    assert yantai_subsidy.match_many is client_list.match_many


# --- other inputs and outputs ------------------------------------------------------------------


def test_an_xlsx_list_in_and_out(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A workbook reads as its CSV twin (numbers and dates as the cells hold them); the results
    workbook holds the CSV's rows, amounts as numbers and text never as a formula."""
    import datetime

    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["id", "kind", "name", "as_of", "outpatient_level2", "techloan_principal", "confirm"]
    )
    sheet.append(["X-1", "person", "甲", datetime.datetime(2024, 6, 1), 900, None, None])
    sheet.append(
        [
            "X-2",
            "enterprise",
            "乙",
            datetime.datetime(2024, 6, 1),
            None,
            3000000.0,
            "techloan.filed",
        ]
    )
    sheet.append(["X-3", "person", "丙", "2024-06-01", -1, None, None])
    source = tmp_path / "clients.xlsx"
    book.save(source)
    text = (
        "id,kind,name,as_of,outpatient_level2,techloan_principal,confirm\n"
        "X-1,person,甲,2024-06-01,900,,\nX-2,enterprise,乙,2024-06-01,,3000000,techloan.filed\n"
        "X-3,person,丙,2024-06-01,-1,,\n"
    )
    twin = write(tmp_path / "clients.csv", text)
    from_book = ytsub("match", str(source), "--keep", "id", "-q", "-f", "csv")
    from_csv = ytsub("match", twin, "--keep", "id", "-q", "-f", "csv")
    with mock.patch.object(batch_parallel, "CHUNK_ROWS", 1):  # a sheet's rows over two workers
        in_workers = ytsub("match", str(source), "--keep", "id", "-q", "-f", "csv", "-j", "2")
    assert from_book.code == from_csv.code == in_workers.code == 1
    assert from_book.out == from_csv.out == in_workers.out
    out = tmp_path / "out.xlsx"
    formula = write(tmp_path / "formula.csv", text.replace("甲", "=1+1"))
    r = ytsub("match", formula, "--keep", "id", "-q", "-o", str(out), "--totals")
    assert (r.code, r.out) == (1, "")
    result = openpyxl.load_workbook(out)
    assert result.sheetnames == ["clients"]
    rows = list(result["clients"].iter_rows(values_only=True))
    assert rows[0][:6] == ("row", "name", "benefit", "measure", "period", "status")
    assert rows[1][:8] == (1, "=1+1", "outpatient", 60, "yearly", "eligible", 350, 350)
    assert result["clients"]["B2"].data_type == "s"  # the name stays text
    assert rows[-1][5] == "error"


def test_a_csv_for_excel_never_holds_a_formula(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write(tmp_path / "c.csv", "kind,name,outpatient_level2\nperson,=HYPERLINK(1),900\n")
    r = ytsub("match", source, "-f", "csv", "--bom", "-q")
    assert r.code == 0, r.err
    assert r.out.startswith("\ufeffrow,name,")
    assert "\r\n1,'=HYPERLINK(1),outpatient," in r.out
    r = ytsub("match", source, "--bom", "-q")
    assert (r.code, r.err) == (2, "Error: --bom: only for CSV output, not jsonl\n")


def test_a_kept_fact_is_still_read(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write(tmp_path / "c.csv", "kind,outpatient_level2\nperson,900\n")
    r = ytsub("match", source, "--keep", "outpatient_level2", "-q", "--as-of", AS_OF)
    (line,) = [json.loads(x) for x in r.out.splitlines()]
    assert (line["total"]["low"], line["keep"]) == ("350.00", {"outpatient_level2": "900"})


def test_a_json_line_may_hold_a_whole_profile(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    young = (REPO / "examples" / "profiles" / "young-renter.yaml").read_text(encoding="utf-8")
    import yaml

    data = yaml.safe_load(young)
    data["as_of"] = str(data["as_of"])
    source = write(tmp_path / "c.jsonl", json.dumps(data, ensure_ascii=False) + "\n")
    r = ytsub("match", source, "-q")
    alone = ytsub("match", "examples/profiles/young-renter.yaml", "--format", "json")
    (line,) = [json.loads(x) for x in r.out.splitlines()]
    del line["row"]
    line["profile"]["source"] = "examples/profiles/young-renter.yaml"
    assert line == json.loads(alone.out)


def test_the_readme_library_example_says_what_match_many_gives() -> None:
    import re
    from decimal import Decimal

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"## As a library\n\n```python\n(.*?)```", readme, re.S)
    start = block.index("from yantai_subsidy import ClientError, match_many")
    code, said = block[start:].rsplit("\n# ", 1)
    setup, expression = code.split("\n[", 1)  # the list the comment under it shows
    namespace: dict[str, object] = {"rules": RULES}
    exec(setup, namespace)
    assert eval("[" + expression, namespace) == eval(said, {"Decimal": Decimal})


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_leaves_no_memo_folder_no_output_no_worker(tmp_path: Path, jobs: str) -> None:
    import signal
    import subprocess
    import time

    head, *rows = (REPO / CLIENTS).read_text(encoding="utf-8").splitlines()
    source = write(tmp_path / "in.csv", "\n".join([head, *(rows * 2000), ""]))
    command = [sys.executable, "-m", "yantai_subsidy", "match", source, "--keep", "id", "-j", jobs]
    with subprocess.Popen(
        [*command, "--memo", str(tmp_path / "memos"), "-o", str(tmp_path / "out.csv")],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as job:
        deadline = time.monotonic() + 120  # a loaded machine starts slowly
        while time.monotonic() < deadline and not any(
            any(part.iterdir()) for part in tmp_path.glob(".memos.*") if part.is_dir()
        ):
            time.sleep(0.05)
        job.send_signal(signal.SIGTERM)  # to the main process only, as `kill PID` does
        _, err = job.communicate(timeout=120)
    assert job.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]
    assert_group_ended(job.pid, "a worker outlived the run")


def test_completion_offers_a_client_lists_choices(monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from tests.test_completion import complete

    assert complete(monkeypatch, capsys, "ytsub match c.csv --memo-format ") == (
        ["markdown", "html"],
        0,
    )
    formats, _ = complete(monkeypatch, capsys, "ytsub match c.csv -f ")
    assert formats == ["table", "json", "csv", "markdown", "jsonl", "xlsx"]
    options, _ = complete(monkeypatch, capsys, "ytsub match c.csv --")
    assert {"--keep", "--totals", "--memo", "--memo-format", "--jobs", "--input-format"} <= set(
        options
    )


def test_an_html_memo_keeps_a_pipe_in_a_cell() -> None:
    from yantai_subsidy.memo import html_page

    page = html_page("| a | b |\n|---|---|\n| x \\| y | `z` |\n", "t", "en")
    assert "<tr><td>x | y</td><td><code>z</code></td></tr>" in page


def test_pandas_cells_and_a_benefits_own_columns() -> None:
    """Floats only arithmetic gives and infinities name their column; a benefit's own input,
    conditions and changed parameters read as its profile section does."""
    from yantai_subsidy import ClientError, match_many
    from yantai_subsidy.match import match

    rows = [
        {"kind": "enterprise", "rd": 0.1 + 0.2},
        {"kind": "enterprise", "rd": float("inf")},
        {"kind": "enterprise", "benefits.voucher.set": "voucher_cap"},
        {
            "kind": "enterprise",
            "innovation_services_cost": "20万",
            "benefits.voucher.category": "dcmm",
            "benefits.voucher.confirm": "qualified",
            "benefits.voucher.set": "voucher_rate=30%",
        },
    ]
    found = list(match_many(RULES, rows, AS_OF))
    errors = [(f.column, f.message) for f in found if isinstance(f, ClientError)]
    assert errors == [
        (
            "rd",
            "column 'rd': the float 0.30000000000000004 is not an exact figure (arithmetic on"
            " floats): give it as text, or round it",
        ),
        ("rd", "column 'rd': inf is not a finite number"),
        (
            "benefits.voucher.set",
            "column benefits.voucher.set: write PARAM=VALUE;… (subsidy_rate=2%), not 'voucher_cap'",
        ),
    ]
    section = {
        "kind": "enterprise",
        "facts": {"innovation_services_cost": "20万"},
        "benefits": {
            "voucher": {
                "category": "dcmm",
                "confirm": ["qualified"],
                "set": {"voucher_rate": "30%"},
            }
        },
    }
    alone = match(RULES, section, AS_OF)
    assert found[3] == alone._replace(profile=found[3].profile)  # type: ignore[union-attr]
    assert alone.claimable[0].estimate.overrides  # the changed rate is shown


def test_a_name_with_a_line_break_is_its_rows_error_not_a_memo_row(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A spreadsheet cell may hold a line break (Alt+Enter): in a Markdown memo it would end
    the heading, and a second line starting with "|" would read as a table row with its own
    figure (a total of ¥9,999,999.00 nobody computed). A name is refused with a line break,
    as with any control character (the row's error names the column), and no memo holds the
    forged row; the other client's memo is written."""
    fake = "| **total** | **¥9,999,999.00** |"
    source = write(
        tmp_path / "c.csv",
        f'kind,name,outpatient_level2\r\nperson,"ACME\r\n{fake}",900\r\n'
        f'person,"Li\rSi | Co",900\r\nperson,Wang | Co,900\r\n',
    )
    r = ytsub("match", source, "--memo", str(tmp_path / "m"), "-q")
    assert r.code == 1, r.err
    errors = [json.loads(line) for line in r.out.splitlines() if '"error"' in line]
    assert [(e["row"], e["column"]) for e in errors] == [(1, "name"), (2, "name")]
    assert "U+000D" in errors[0]["error"]
    assert "U+000D" in errors[1]["error"]
    memos = sorted((tmp_path / "m").iterdir())
    texts = [memo.read_text(encoding="utf-8") for memo in memos]
    assert len(texts) == 1
    assert texts[0].splitlines()[0].startswith("### Wang | Co · ")
    assert "9,999,999.00" not in texts[0]
