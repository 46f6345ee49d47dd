"""Every number in rules/ comes from the document, or says it does not.

* every quote occurs in the document (after NFKC and removing whitespace: the text came from a PDF);
* the number of each parameter's value appears in its quote, in some written form;
* a boundary word (以上, 超过 …) appears in the quote of the parameter it qualifies;
* every measure's text is the document's text of that measure, verbatim;
* every assumption has a basis and no quote.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import DOCUMENT, RULES_DIR

MEASURE_FILES = sorted(RULES_DIR.glob("m[0-9][0-9]-*.yaml"))


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


DOC = norm(DOCUMENT.read_text(encoding="utf-8"))


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def measure_texts() -> dict[int, str]:
    """The document's measures, split at "N." from the first chapter heading to the closing paragraph."""
    body = DOC[
        DOC.index("一、推动农业高质量发展") : DOC.index("各级各有关部门和单位要按照职责分工")
    ]
    starts = []
    position = 0
    for number in range(1, 63):
        match = re.compile(rf"(?<![0-9.]){number}\.(?=\D)").search(body, position)
        assert match, f"measure {number} not found in the document"
        starts.append((number, match.start(), match.end()))
        position = match.end()
    texts = {}
    for index, (number, _, end) in enumerate(starts):
        stop = starts[index + 1][1] if index + 1 < len(starts) else len(body)
        text = body[end:stop]
        text = re.sub(
            r"(?<=[)）])[一二三四五六七八九十]+、[^)）]*$", "", text
        )  # a chapter heading follows
        texts[number] = text
    return texts


TEXTS = measure_texts()


def params_of(data: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (benefit["id"], name, param)
        for benefit in data.get("benefits") or ()
        for name, param in (benefit.get("params") or {}).items()
    ]


ALL_PARAMS = [
    pytest.param(path, bid, name, param, id=f"{path.stem}:{bid}.{name}")
    for path in MEASURE_FILES
    for bid, name, param in params_of(load(path))
]


def test_there_are_62_measure_files() -> None:
    assert [int(p.name[1:3]) for p in MEASURE_FILES] == list(range(1, 63))


@pytest.mark.parametrize("path", MEASURE_FILES, ids=lambda p: p.stem)
def test_measure_text_is_the_documents(path: Path) -> None:
    data = load(path)
    assert norm(data["text"]) == TEXTS[data["measure"]]


@pytest.mark.parametrize("path", MEASURE_FILES, ids=lambda p: p.stem)
def test_title_is_the_measures_first_phrase(path: Path) -> None:
    data = load(path)
    assert norm(data["text"]).startswith(norm(data["title"]["zh"]) + "。")


@pytest.mark.parametrize("path", MEASURE_FILES, ids=lambda p: p.stem)
def test_responsible_units_are_in_the_measure(path: Path) -> None:
    data = load(path)
    tail = norm(data["text"]).split("责任单位", 1)[1]
    for unit in data["responsible"]:
        assert norm(unit) in tail


def quotes_of(data: dict[str, Any]) -> list[str]:
    found = [p["quote"] for _, _, p in params_of(data) if p.get("quote")]
    for benefit in data.get("benefits") or ():
        found += [c["quote"] for c in benefit.get("conditions") or () if c.get("quote")]
        effective = benefit.get("effective") or {}
        if effective.get("quote"):
            found.append(effective["quote"])
    return found


@pytest.mark.parametrize("path", MEASURE_FILES, ids=lambda p: p.stem)
def test_every_quote_is_in_its_measure(path: Path) -> None:
    data = load(path)
    for quote in quotes_of(data):
        assert norm(quote) in TEXTS[data["measure"]], quote


def written_forms(kind: str, written: Any) -> list[str]:
    """How the document may write a parameter's value: 10万 / 100000 / 10万元; 1.5%; 2025年12月31日."""
    text = norm(str(written))
    if kind == "rate":
        number = text.removesuffix("%")
        return [f"{number}%", f"{number}个百分点"]
    if kind == "date":
        year, month, day = (int(part) for part in text.split("-"))
        forms = [f"{year}年{month}月{day}日"]
        if (month, day) == (12, 31):
            forms += [f"{year}年底", f"{year}年末"]
        return forms
    forms = [text, text.removesuffix("元")]
    if text.isdigit() and 1 <= int(text) <= 10:
        forms.append("一二三四五六七八九十"[int(text) - 1])  # 连续三年
        if text == "2":
            forms.append("两")
    return forms


def number_in(form: str, quote: str) -> bool:
    """``form`` occurs in ``quote`` as a whole number, not as part of a longer one (3 is not in 2023)."""
    return re.search(rf"(?<![0-9.]){re.escape(form)}(?![0-9])", quote) is not None


@pytest.mark.parametrize(("path", "benefit", "name", "param"), ALL_PARAMS)
def test_quoted_param_has_its_number_in_the_quote(
    path: Path, benefit: str, name: str, param: dict[str, Any]
) -> None:
    if param.get("assumed"):
        assert not param.get("quote"), "an assumption has no quote"
        assert param.get("basis"), "an assumption needs a basis"
        return
    quote = norm(param["quote"])
    assert norm(quote) in DOC
    if param.get("type") == "bands" or isinstance(param["value"], list):
        pytest.fail("a quoted table of bands needs a check of its own")
    kind = param.get("type") or ("rate" if str(param["value"]).endswith("%") else "money")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(param["value"])):
        kind = "date"
    forms = written_forms(kind, param["value"])
    assert any(number_in(norm(form), quote) for form in forms), (
        f"{param['value']} not in “{param['quote']}”"
    )


@pytest.mark.parametrize(("path", "benefit", "name", "param"), ALL_PARAMS)
def test_boundary_word_is_in_the_quote(
    path: Path, benefit: str, name: str, param: dict[str, Any]
) -> None:
    if param.get("boundary") is None:
        return
    assert param["boundary"] in norm(param["quote"])


def test_document_facts_are_quoted() -> None:
    data = load(RULES_DIR / "document.yaml")
    assert norm(data["horizon"]["quote"]) in DOC
    assert norm(data["number"]) in DOC
    assert norm(data["title"]["zh"]) in DOC
    assert "2024年2月8日" in DOC
    assert str(data["issued"]) == "2024-02-08"
    for number, chapter in data["chapters"].items():
        assert norm(chapter["zh"]) in DOC, number


def test_bundled_source_is_the_document() -> None:
    text = DOCUMENT.read_text(encoding="utf-8")
    assert "烟政发〔2024〕3号" in text
    assert len(TEXTS) == 62


def test_number_check_can_fail() -> None:
    """The checks above would catch a wrong figure: 1.6% is not in the 1.5% quote, 3 is not in 2023."""
    assert not any(
        number_in(f, "最高给予备案贷款本金1.5%的信贷补贴") for f in written_forms("rate", "1.6%")
    )
    assert not number_in("3", "2023年")
    assert number_in("10万", "单户企业累计不超过10万元")
    assert Decimal("0.015") == Decimal("1.5") / 100
