"""A workbook's cells are read as the sheet means them, or are their row's error.

Formulas: openpyxl reads the result a spreadsheet program stored beside each formula. A
workbook written by a program stores none (openpyxl: an empty result, which reads as an empty
cell: an input silently not given) or a placeholder 0 (xlsxwriter), and asks to be recalculated
when opened. Such a cell is the row's error, naming the cell; a result the spreadsheet stored
is read.

Numbers shown with 万: a number format ``0"万"`` shows 300 as 300万, and openpyxl reads 300.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from yantai_subsidy.__main__ import run

openpyxl = pytest.importorskip("openpyxl")

AS_OF = "2024-06-01"
TAIL = (
    "holds a formula whose result the workbook does not store (it was written by a program, "
    "not saved by a spreadsheet): open and save it in Excel or LibreOffice, or paste the values"
)
FORMULA_C2 = "column 'received': cell C2 " + TAIL


def workbook(path: Path, rows: list[list[object]], edit: dict[str, list[tuple[str, str]]]) -> Path:
    """An openpyxl workbook, then parts of it rewritten (``edit``: part → [(old, new)]), as a
    spreadsheet program or another writer would have stored them."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info).decode("utf-8")
            for old, new in edit.get(info.filename, []):
                assert old in data, (info.filename, old)
                data = data.replace(old, new)
            target.writestr(info, data)
    return path


RECALC = ("xl/workbook.xml", [(' fullCalcOnLoad="1"', "")])  # as Excel saves it


def lines(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> tuple[int, list[dict]]:
    code = run(["batch", str(path), "--as-of", AS_OF, "-q", *extra])
    return code, [json.loads(line) for line in capsys.readouterr().out.splitlines()]


ROWS: list[list[object]] = [
    ["benefit", "amount", "received"],
    ["techloan", 3000000, "=40000*2"],
    ["techloan", 3000000, 0],
]


def test_a_formula_without_its_result_is_the_rows_error_not_an_empty_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: row 1 was estimated as if nothing had been received (high 45,000, where the
    80,000 received leaves 20,000), without a sign."""
    code, out = lines(capsys, workbook(tmp_path / "b.xlsx", ROWS, {}))
    assert code == 1
    assert (out[0]["row"], out[0]["benefit"], out[0]["error"]) == (1, None, FORMULA_C2)
    assert out[1]["amount"]["high"] == "45000.00"  # the next row is estimated


def test_the_error_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = lines(capsys, workbook(tmp_path / "b.xlsx", ROWS, {}), "--lang", "zh")
    assert code == 1
    assert out[0]["error"] == (
        "列“received”：单元格C2是公式，但工作簿中没有保存其计算结果（文件由程序写出，"
        "未经电子表格软件保存）：请用 Excel 或 LibreOffice 打开并保存，或粘贴为数值"
    )


def test_a_result_the_spreadsheet_stored_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Saved by a spreadsheet: the formula's result beside it, and no recalculation asked."""
    saved = {"xl/worksheets/sheet1.xml": [("<v />", "<v>80000</v>")], RECALC[0]: RECALC[1]}
    code, out = lines(capsys, workbook(tmp_path / "b.xlsx", ROWS, saved))
    assert code == 0
    # min(1.5% × 3,000,000, 100,000 − 80,000) = 20,000
    assert out[0]["inputs"] == {"amount": "3000000", "received": "80000"}
    assert out[0]["amount"]["high"] == "20000.00"


def test_a_placeholder_result_of_a_workbook_to_be_recalculated_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """xlsxwriter stores 0 as every formula's result and asks for recalculation on opening:
    the 0 is not the formula's result (read, it would say nothing was received)."""
    placeholder = {"xl/worksheets/sheet1.xml": [("<v />", "<v>0</v>")]}
    code, out = lines(capsys, workbook(tmp_path / "b.xlsx", ROWS, placeholder))
    assert code == 1
    assert out[0]["error"] == FORMULA_C2


def test_a_stored_empty_text_result_is_an_empty_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """=IF(…, "") as Excel stores it (t="str", an empty value): the cell is empty, as shown."""
    empty = {
        "xl/worksheets/sheet1.xml": [
            ('<c r="C2"><f>40000*2</f><v />', '<c r="C2" t="str"><f>IF(0,1,"")</f><v></v>')
        ],
        RECALC[0]: RECALC[1],
    }
    code, out = lines(capsys, workbook(tmp_path / "b.xlsx", ROWS, empty))
    assert code == 0
    assert out[0]["inputs"] == {"amount": "3000000"}
    assert out[0]["amount"]["high"] == "45000.00"


def test_cells_without_references_are_counted_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """r="…" is optional on a cell: the column is then the cell's place in its row."""
    bare = {"xl/worksheets/sheet1.xml": [(' r="A2"', ""), (' r="B2"', ""), (' r="C2"', "")]}
    code, out = lines(capsys, workbook(tmp_path / "b.xlsx", ROWS, bare))
    assert (code, out[0]["error"]) == (1, FORMULA_C2)


def test_a_formula_in_the_header_refuses_the_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows: list[list[object]] = [["benefit", "amount", '=LOWER("RECEIVED")'], *ROWS[2:]]
    code = run(["batch", str(workbook(tmp_path / "b.xlsx", rows, {})), "--as-of", AS_OF])
    captured = capsys.readouterr()
    assert (code, captured.out) == (2, "")
    assert captured.err == "Error: cell C1 of the header " + TAIL + "\n"


def test_a_client_list_names_the_cell_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows: list[list[object]] = [
        ["kind", "name", "techloan_principal"],
        ["enterprise", "A", "=1000000*5"],
        ["enterprise", "B", 5000000],
    ]
    path = workbook(tmp_path / "clients.xlsx", rows, {})
    code = run(["match", str(path), "--as-of", AS_OF, "-f", "jsonl", "-q"])
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1
    assert (out[0]["row"], out[0]["error"]) == (1, "column 'techloan_principal': cell C2 " + TAIL)
    assert (out[1]["row"], out[1]["profile"]["name"], out[1].get("error")) == (2, "B", None)


# --- numbers shown with 万 or 亿 ---------------------------------------------------------------


def formatted(path: Path, cells: list[tuple[object, str]]) -> Path:
    """One techloan row per cell: its amount, with that number format."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["benefit", "amount"])
    for row, (amount, code) in enumerate(cells, start=2):
        sheet.append(["techloan", amount])
        sheet[f"B{row}"].number_format = code
    book.save(path)
    return path


def test_a_number_a_format_shows_with_wan_is_its_rows_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: the cell that shows 300万 was read as 300 yuan (high 4.50, for 45,000)."""
    path = formatted(tmp_path / "b.xlsx", [(300, '0"万"'), (3, '0.00"亿"'), (3000000, "#,##0")])
    code, out = lines(capsys, path)
    assert code == 1
    assert out[0]["error"] == (
        "column 'amount': cell B2 holds the number 300, which its number format (0\"万\") "
        "shows with 万: it may mean 300万 or 300 yuan; write the amount in full, or as text "
        "(300万)"
    )
    assert out[1]["error"].startswith("column 'amount': cell B3 holds the number 3, which")
    assert "it may mean 3亿 or 3 yuan" in out[1]["error"]
    assert out[2]["amount"]["high"] == "45000.00"


def test_the_wan_error_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = lines(capsys, formatted(tmp_path / "b.xlsx", [(300, '0"万"')]), "--lang", "zh")
    assert code == 1
    assert out[0]["error"] == (
        '列“amount”：单元格B2的数值为300，其数字格式（0"万"）显示为“万”：可能是300万，'
        "也可能是300元；请写出完整金额，或写成文本（300万）"
    )


@pytest.mark.parametrize("code", ['0!.0000"万"', '0"."0000"万元"', '0\\.0000"万"'])
def test_a_format_moving_the_point_shows_the_yuan_held_and_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], code: str
) -> None:
    """The accountants' format shows the 3,000,000 it holds as 300.0000万: what it holds."""
    code_, out = lines(capsys, formatted(tmp_path / "b.xlsx", [(3000000, code)]))
    assert code_ == 0
    assert out[0]["inputs"] == {"amount": "3000000"}
    assert out[0]["amount"]["high"] == "45000.00"


def test_text_in_a_wan_formatted_cell_says_its_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = lines(capsys, formatted(tmp_path / "b.xlsx", [("300万", '0"万"')]))
    assert code == 0
    assert out[0]["amount"]["high"] == "45000.00"


# --- merged cells ------------------------------------------------------------------------------


def merged(path: Path, merges: list[str], received: list[object]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["benefit", "amount", "received"])
    for value in received:
        sheet.append(["techloan", 2000000, value])
    for cells in merges:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def test_a_cell_under_a_merged_value_is_its_rows_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: rows 2 and 3, which show 80,000 received, were estimated as if nothing had been
    received (30,000 each, for 20,000)."""
    path = merged(tmp_path / "b.xlsx", ["C2:C4", "C5:C6"], [80000, None, None, None, None])
    code, out = lines(capsys, path)
    assert code == 1
    assert out[0]["amount"]["high"] == "20000.00"  # the first cell holds the value: read
    assert [o["error"] for o in out[1:3]] == [
        f"column 'received': cell C{row} lies in the merged cell C2:C4, which shows 80000 there "
        "but holds it only in C2: unmerge it and fill each row"
        for row in (3, 4)
    ]
    # a merged cell holding nothing shows nothing: its rows are read as they are
    assert [o["amount"]["high"] for o in out[3:]] == ["30000.00", "30000.00"]


def test_a_cell_merged_across_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["benefit", "amount", "received"])
    sheet.append(["techloan", 2000000, None])
    sheet.merge_cells("B2:C2")
    book.save(tmp_path / "b.xlsx")
    code, out = lines(capsys, tmp_path / "b.xlsx", "--lang", "zh")
    assert code == 1
    assert out[0]["error"] == (
        "列“received”：单元格C2位于合并单元格B2:C2中，显示为2000000，但该值只保存在B2中："
        "请取消合并，并在每一行填写"
    )


# --- the sheet read --------------------------------------------------------------------------


def sheets(path: Path, active: int, hidden_first: bool = False) -> Path:
    book = openpyxl.Workbook()
    first = book.active
    first.title = "2023"
    first.append(["benefit", "amount"])
    first.append(["techloan", 1000000])
    if hidden_first:
        first.sheet_state = "hidden"
    second = book.create_sheet("2024")
    second.append(["benefit", "amount"])
    second.append(["techloan", 3000000])
    book.active = active
    book.save(path)
    return path


@pytest.mark.parametrize("hidden_first", [False, True])
def test_a_workbook_that_opens_on_another_sheet_than_the_first_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hidden_first: bool
) -> None:
    """Before: the first sheet (2023) was estimated, though the workbook opens on 2024, and
    a hidden first sheet gave "no 'benefit' column", of a sheet its user never sees."""
    out = tmp_path / "out.csv"
    out.write_text("kept\n", encoding="utf-8")
    path = sheets(tmp_path / "b.xlsx", active=1, hidden_first=hidden_first)
    code = run(["batch", str(path), "--as-of", AS_OF, "-o", str(out)])
    captured = capsys.readouterr()
    assert (code, captured.out, out.read_text(encoding="utf-8")) == (2, "", "kept\n")
    assert captured.err == (
        "Error: the workbook opens on sheet '2024', but the first sheet, '2023', is the one "
        "read: move '2024' to the front (or save it on its own), or open the workbook on "
        "'2023' and save it\n"
    )


def test_a_workbook_that_opens_on_its_first_sheet_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = lines(capsys, sheets(tmp_path / "b.xlsx", active=0))
    assert (code, [o["inputs"]["amount"] for o in out]) == (0, ["1000000"])


# --- a sheet with too many misread cells is refused as a whole ---------------------------------


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("formula", "formulas whose results the workbook does not store (B6 is one)"),
        ("wan", "numbers that their format shows with 万 or 亿 (B6 is one)"),
        ("merged", "merged cells (A"),  # the merged cells are listed in no particular order
    ],
)
def test_a_sheet_with_more_misread_cells_than_remembered_is_refused(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    said: str,
) -> None:
    """Each misread cell is remembered while the rows are read; past a limit (4 here, 10,000
    in use) the sheet is refused before any row, so that memory stays flat."""
    from yantai_subsidy import batch_read

    monkeypatch.setattr(batch_read, "SUSPECT_LIMIT", 4)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["benefit", "amount", "note"])
    for row in range(2, 8):
        sheet.append(["techloan", "=3000000*1" if kind == "formula" else 300, "x"])
        if kind == "wan":
            sheet[f"B{row}"].number_format = '0"万"'
        if kind == "merged":
            sheet.merge_cells(f"A{row}:C{row}")
    book.save(tmp_path / "b.xlsx")
    out = tmp_path / "out.jsonl"
    code = run(["batch", str(tmp_path / "b.xlsx"), "--as-of", AS_OF, "-o", str(out)])
    captured = capsys.readouterr()
    assert (code, out.exists()) == (2, False)
    assert captured.err.startswith("Error: the first sheet holds more than 4 " + said)


# --- rows and columns the sheet hides ----------------------------------------------------------


def hiding(
    path: Path,
    amounts: list[object],
    hidden_rows: tuple[int, ...] = (),
    hidden_columns: tuple[str, ...] = (),
    received: object = None,
) -> Path:
    """One techloan row per amount (sheet rows 2, 3, …), with a `received` column; the rows
    and columns named hidden, as Excel hides them by hand or by its filter."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["benefit", "amount", "received"])
    for amount in amounts:
        sheet.append(["techloan", amount, received])
    for row in hidden_rows:
        sheet.row_dimensions[row].hidden = True
    for letters in hidden_columns:
        sheet.column_dimensions[letters].hidden = True
    sheet.auto_filter.ref = f"A1:C{len(amounts) + 1}"
    book.save(path)
    return path


def rewrite(path: Path, edit: list[tuple[str, str]]) -> None:
    """The workbook's sheet rewritten in place (``edit``: [(old, new)]), as another writer
    stores it."""
    source = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as book, zipfile.ZipFile(path, "w") as target:
        for info in book.infolist():
            data = book.read(info).decode("utf-8")
            if info.filename == "xl/worksheets/sheet1.xml":
                for old, new in edit:
                    assert old in data, old
                    data = data.replace(old, new)
            target.writestr(info, data)


def summary(
    capsys: pytest.CaptureFixture[str], path: Path, *extra: str
) -> tuple[int, list[dict], str]:
    code = run(["batch", str(path), "--as-of", AS_OF, *extra])
    captured = capsys.readouterr()
    return code, [json.loads(line) for line in captured.out.splitlines()], captured.err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_rows_the_sheet_hides_are_estimated_and_the_summary_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    """Before: a row filtered out in Excel was estimated and added to the total, and nothing
    said so: the total was not the one the user saw. Each row is still estimated (one output
    row per input row; hidden is not deleted), and the summary names the hidden ones."""
    amounts = [1000000, 2000000, 3000000, 1000000, 1000000]
    path = hiding(tmp_path / "b.xlsx", amounts, hidden_rows=(3, 5))
    code, out, err = summary(capsys, path, "--jobs", jobs)
    assert code == 0
    assert [o["inputs"]["amount"] for o in out] == [str(a) for a in amounts]  # every row
    # 1.5% of each: 15,000 + 30,000 + 45,000 + 15,000 + 15,000, the hidden 30,000 and 15,000 in
    assert err == (
        "5 rows: 5 ok, 0 failed; total ¥0.00 – ¥120,000.00 (CNY); 2 row(s) hidden in the "
        "sheet (filtered out or hidden: sheet rows 3, 5) were estimated like the others: their "
        "amounts are in the total\n"
    )


def test_the_hidden_rows_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = hiding(tmp_path / "b.xlsx", [1000000, 2000000, 3000000], hidden_rows=(3, 4))
    code, _, err = summary(capsys, path, "--lang", "zh")
    assert code == 0
    assert err == (
        "共 3 行：成功 3 行，失败 0 行；合计 ¥0.00 – ¥90,000.00（元）；"
        "工作表中隐藏（筛选掉或隐藏）的 2 行（工作表第 3、4 行）也已估算，其金额计入合计\n"
    )


def test_a_plain_sheet_says_nothing_of_hidden_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = summary(capsys, hiding(tmp_path / "b.xlsx", [1000000, 2000000]))
    assert (code, err) == (0, "2 rows: 2 ok, 0 failed; total ¥0.00 – ¥45,000.00 (CNY)\n")


def test_hidden_blank_rows_and_error_rows_are_not_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hidden blank row is skipped as any blank row; a hidden row that cannot be read is an
    error row, in no total: only rows estimated are said."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["benefit", "amount"])
    sheet.append(["techloan", 1000000])
    sheet.append([None, None])
    sheet.append(["techloan", "=1000000*2"])  # a formula without its result: an error row
    sheet.append(["techloan", 3000000])
    for row in (3, 4, 5):
        sheet.row_dimensions[row].hidden = True
    book.save(tmp_path / "b.xlsx")
    code, out, err = summary(capsys, tmp_path / "b.xlsx")
    assert (code, len(out)) == (1, 3)
    assert err.endswith(
        "; 1 blank row(s) skipped; 1 row(s) hidden in the sheet (filtered out or hidden: "
        "sheet rows 5) were estimated like the others: their amounts are in the total\n"
    )


def test_a_zero_height_row_is_hidden_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A row 0 high shows nothing, as a hidden one (a program may write it so)."""
    path = hiding(tmp_path / "b.xlsx", [1000000, 2000000])
    rewrite(path, [('<row r="3">', '<row r="3" ht="0" customHeight="1">')])
    _, _, err = summary(capsys, path)
    assert err.endswith(
        "(filtered out or hidden: sheet rows 3) were estimated like the others: their amounts are in the total\n"
    )


def test_the_hidden_rows_named_are_bounded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Memory stays flat: the first 10 hidden rows are named, the rest counted."""
    amounts = [1000000] * 14
    path = hiding(tmp_path / "b.xlsx", amounts, hidden_rows=tuple(range(2, 16)))
    _, _, err = summary(capsys, path)
    assert err.endswith(
        "14 row(s) hidden in the sheet (filtered out or hidden: sheet rows 2, 3, 4, 5, 6, 7, "
        "8, 9, 10, 11, …) were estimated like the others: their amounts are in the total\n"
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_hidden_column_holding_values_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    """A hidden column's values are options the user does not see: read, and said."""
    path = hiding(tmp_path / "b.xlsx", [2000000, 2000000], hidden_columns=("C",), received=80000)
    code, out, err = summary(capsys, path, "--jobs", jobs)
    assert code == 0
    assert [o["inputs"]["received"] for o in out] == ["80000", "80000"]
    assert err == (
        "2 rows: 2 ok, 0 failed; total ¥0.00 – ¥40,000.00 (CNY); column(s) hidden in the "
        "sheet were read like the others: 'received' (column C)\n"
    )
    code, _, err = summary(capsys, path, "--lang", "zh")
    assert err.endswith("；工作表中隐藏的列也已读取：“received”（C列）\n")


def test_an_empty_hidden_column_is_not_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hiding(tmp_path / "b.xlsx", [2000000], hidden_columns=("C",))
    _, _, err = summary(capsys, path)
    assert err == "1 row: 1 ok, 0 failed; total ¥0.00 – ¥30,000.00 (CNY)\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_client_list_says_its_hidden_clients_and_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["kind", "name", "techloan_principal"])
    for name in "ABC":
        sheet.append(["enterprise", name, 5000000])
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["C"].hidden = True
    book.save(tmp_path / "clients.xlsx")
    args = ["match", str(tmp_path / "clients.xlsx"), "--as-of", AS_OF, "-f", "jsonl"]
    code = run([*args, "--jobs", jobs])
    captured = capsys.readouterr()
    out = [json.loads(line) for line in captured.out.splitlines()]
    assert (code, [o["profile"]["name"] for o in out]) == (0, ["A", "B", "C"])
    head = captured.err.splitlines()[0]
    assert head.endswith(
        "; 1 client(s) on rows hidden in the sheet (filtered out or hidden: sheet rows 3) "
        "were matched like the others: their amounts are in the total; column(s) hidden in the "
        "sheet were read like the others: 'techloan_principal' (column C)"
    )
    run([*args, "--lang", "zh"])
    head = capsys.readouterr().err.splitlines()[0]
    assert head.endswith(
        "；工作表中隐藏（筛选掉或隐藏）的行上有 1 个客户（工作表第 3 行），也已匹配，其金额计入合计"
        "；工作表中隐藏的列也已读取：“techloan_principal”（C列）"
    )


@pytest.mark.parametrize(
    "edit",
    [
        [],  # openpyxl's own: no row or column says hidden
        # LibreOffice writes hidden="false" on every row and column
        [('<row r="2">', '<row r="2" hidden="false" ht="12.8">')],
    ],
)
def test_a_sheet_hiding_nothing_is_not_read_twice(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    edit: list[tuple[str, str]],
) -> None:
    """The second look at the sheet costs a parse: only a sheet that hides something pays it."""
    from yantai_subsidy import batch_read

    def never(book: object) -> None:
        raise AssertionError("the sheet was read twice")

    monkeypatch.setattr(batch_read, "_scan_first_sheet", never)
    rows: list[list[object]] = [["benefit", "amount"], ["techloan", 1000000]]
    path = workbook(tmp_path / "b.xlsx", rows, {"xl/worksheets/sheet1.xml": edit})
    code, out = lines(capsys, path)
    assert (code, out[0]["amount"]["high"]) == (0, "15000.00")


def test_columns_hidden_past_the_header_cost_nothing_and_say_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hiding every unused column to the right (E:XFD) is common: 16,380 columns hidden,
    none of them named, none said."""
    path = hiding(tmp_path / "b.xlsx", [2000000] * 3)
    rewrite(
        path, [("<sheetData>", '<cols><col min="5" max="16384" hidden="1"/></cols><sheetData>')]
    )
    _, _, err = summary(capsys, path)
    assert err == "3 rows: 3 ok, 0 failed; total ¥0.00 – ¥90,000.00 (CNY)\n"


def test_a_hidden_row_past_excels_last_is_not_remembered(tmp_path: Path) -> None:
    """A hostile row number cannot make the bitmap of hidden rows grow past 128 KiB."""
    from yantai_subsidy.batch_read import EXCEL_ROWS, check_workbook

    rows: list[list[object]] = [["benefit", "amount"], ["techloan", 1]]
    edits = [
        ('<row r="2">', '<row r="2" hidden="1">'),
        ("</sheetData>", '<row r="999999999" hidden="1"/></sheetData>'),
    ]
    path = workbook(tmp_path / "b.xlsx", rows, {"xl/worksheets/sheet1.xml": edits})
    with path.open("rb") as stream:
        found = check_workbook(stream)
    assert found.hidden_rows[0] == 1 << 2  # row 2
    assert len(found.hidden_rows) == 1
    assert EXCEL_ROWS >> 3 == 128 * 1024


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('<row r="3">', "<row r='3' hidden='1'>"),  # XML allows single quotes
        ('<row r="3">', '<row r="3" hidden="true">'),
    ],
)
def test_a_row_hidden_in_another_spelling_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str
) -> None:
    path = hiding(tmp_path / "b.xlsx", [1000000, 2000000])
    rewrite(path, [(old, new)])
    _, _, err = summary(capsys, path)
    assert err.endswith(
        "sheet rows 3) were estimated like the others: their amounts are in the total\n"
    )


def test_a_zero_width_column_is_hidden_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hiding(tmp_path / "b.xlsx", [2000000], received=80000)
    rewrite(path, [("<sheetData>", '<cols><col min="3" max="3" width="0"/></cols><sheetData>')])
    _, _, err = summary(capsys, path)
    assert err.endswith(
        "; column(s) hidden in the sheet were read like the others: 'received' (column C)\n"
    )


def test_hidden_column_ranges_overlapping_or_odd(tmp_path: Path) -> None:
    """Ranges that overlap, run past Excel's last column, or end before they start."""
    from yantai_subsidy.batch_read import EXCEL_COLUMNS, check_workbook

    cols = (
        '<cols><col min="2" max="4" hidden="1"/><col min="3" max="6" hidden="true"/>'
        '<col min="8" max="7" hidden="1"/><col min="10" max="9" width="0"/>'
        '<col min="16380" max="99999999" hidden="1"/><col min="12" max="12" hidden="0"/>'
        "</cols><sheetData>"
    )
    rows: list[list[object]] = [["benefit", "amount"], ["techloan", 1]]
    path = workbook(
        tmp_path / "b.xlsx", rows, {"xl/worksheets/sheet1.xml": [("<sheetData>", cols)]}
    )
    with path.open("rb") as stream:
        found = check_workbook(stream)
    assert found.hidden_columns == frozenset({2, 3, 4, 5, 6, *range(16380, EXCEL_COLUMNS + 1)})


def test_an_odd_hidden_column_does_not_turn_the_other_checks_off(tmp_path: Path) -> None:
    """A <col> whose bounds are no numbers is passed over, not the sheet's other checks (here
    openpyxl then refuses the sheet; another reader may not)."""
    from yantai_subsidy.batch_read import check_workbook

    odd = '<cols><col min="x" max="" hidden="1"/></cols><sheetData>'
    path = workbook(tmp_path / "b.xlsx", ROWS, {"xl/worksheets/sheet1.xml": [("<sheetData>", odd)]})
    with path.open("rb") as stream:
        found = check_workbook(stream)
    assert (found.uncomputed, found.hidden_columns) == (frozenset({(2, 3)}), frozenset())
