"""Every line recomputes by hand (issue 12, docs/promises.md promise 1).

For every golden case, in English and in Chinese (the table, Markdown, JSON and CSV all show the
same rendered formula), each line in yuan has a value equal to its formula evaluated on the
figures it shows, rounded half-up to the fen; a total line's formula shows the items it adds as
they are shown, so totals are held to the sum of their items too. Every such line must parse: a
formula this reader cannot evaluate fails the test rather than being skipped.
"""

from __future__ import annotations

import ast
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

import pytest

from tests.test_cases import case_files, run_case
from yantai_subsidy.result import Lang
from yantai_subsidy.ruleset import RuleSet

FEN = Decimal("0.01")
#: 1,000,000.00 or 3.45% or 240 (a thousands comma is never followed by a space: min(3, 2))
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|\d+(?:\.\d+)?%?")
#: words and units beside the figures (received, LPR, MW, 个月, 已封顶 …): letters, CJK, "/" and "·"
WORDS = re.compile(r"[A-Za-z\u3000-\u9fff·/：:]+")
SYMBOLS = {"×": "*", "÷": "/", "−": "-", "^": "**", "，": ",", "（": "(", "）": ")"}


def expression(formula: str) -> str:
    """The formula as a Python expression of D('…') figures; ``, r = …`` is substituted."""
    text = formula
    found = re.search(r"[,，]\s*r = (.+)$", text)
    if found:
        text = text[: found.start()].replace("r", "(" + found.group(1) + ")")
    text = text.replace("min(", "\x01(").replace("max(", "\x02(")
    text = WORDS.sub("", text)  # before ÷ becomes "/"
    text = text.replace("\x01", "min").replace("\x02", "max")
    for symbol, python in SYMBOLS.items():
        text = text.replace(symbol, python)
    text = re.sub(r"\(\s*\)", "", text)  # what was "(applied)", "（已封顶）" or "guide(s)"

    def figure(match: re.Match[str]) -> str:
        raw = match.group(0).replace(",", "")
        return f"(D('{raw[:-1]}')/D('100'))" if raw.endswith("%") else f"D('{raw}')"

    return NUMBER.sub(figure, text).strip()


def evaluate(node: ast.AST) -> Decimal:
    """Arithmetic on Decimal figures only: + − × ÷, powers, min, max (nothing else runs)."""
    if isinstance(node, ast.Expression):
        return evaluate(node.body)
    if isinstance(node, ast.BinOp):
        left, right = evaluate(node.left), evaluate(node.right)
        operations: dict[type, Any] = {
            ast.Add: lambda: left + right,
            ast.Sub: lambda: left - right,
            ast.Mult: lambda: left * right,
            ast.Div: lambda: left / right,
            ast.Pow: lambda: left**right,
        }
        return operations[type(node.op)]()  # type: ignore[no-any-return]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -evaluate(node.operand)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.func.id == "D" and isinstance(node.args[0], ast.Constant):
            return Decimal(str(node.args[0].value))
        if node.func.id in ("min", "max"):
            values = [evaluate(arg) for arg in node.args]
            return min(values) if node.func.id == "min" else max(values)
    raise ValueError(f"not arithmetic: {ast.dump(node)}")


def recompute(formula: str) -> Decimal:
    with localcontext() as context:
        context.prec = 50
        value = evaluate(ast.parse(expression(formula), mode="eval"))
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def golden() -> list[Any]:
    cases = []
    for data in case_files():
        for case in data["cases"]:
            if "error" not in case["expect"]:
                cases.append(pytest.param(data, case, id=f"{data['benefit']}: {case['name']}"))
    return cases


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("data", "case"), golden())
def test_every_line_recomputes_from_the_figures_it_shows(
    rules: RuleSet, data: dict[str, Any], case: dict[str, Any], lang: Lang
) -> None:
    est = run_case(rules, data, case)
    for item in est.items:
        if item.value is None or item.unit != "CNY":
            continue
        formula = item.formula.render(lang)
        assert recompute(formula) == item.value, (
            f"{item.label.render(lang)}: {formula} does not give {item.value}"
        )


def test_the_reader_knows_wrong_arithmetic_when_it_sees_it() -> None:
    """The check can fail: the issue's own examples of lines that did not recompute."""
    assert recompute("350.00 + 350.00") == Decimal("700.00")  # printed 700.01 before
    assert recompute("6,544.44 × 240 − 1,000,000.00") == Decimal("570665.60")  # not 570,665.72
    assert recompute("max(0, 100,000.00 − 150,000.00 received) (applied)") == Decimal("0.00")
    assert recompute("1,000,000.00 × 35% × LPR 3.45%") == Decimal("12075.00")
    assert recompute("min(3, 2) hours × 5.00 yuan/hour") == Decimal("10.00")
    with pytest.raises(ValueError, match="not arithmetic"):
        recompute("__import__('os')")


# --- beyond the golden cases: random figures, many decimals, rates finer than a hundredth --

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

#: an amount as a user writes it: up to 10^12 yuan, with none to four decimals
MONEY = st.builds(
    lambda whole, decimals, places: (
        f"{whole}.{decimals:04d}"[: len(str(whole)) + 1 + places] if places else str(whole)
    ),
    st.integers(min_value=0, max_value=10**12),
    st.integers(min_value=0, max_value=9999),
    st.integers(min_value=0, max_value=4),
)
#: a rate as a user writes it: 0.001% to 20%, up to three decimals (3.455%)
RATE = st.integers(min_value=1, max_value=20000).map(lambda n: f"{Decimal(n) / 1000}%")


@settings(max_examples=60, deadline=None)
@given(
    benefit_inputs=st.one_of(
        st.fixed_dictionaries({"loan": MONEY, "guarantee_fee_rate": RATE, "lpr": RATE}).map(
            lambda inputs: ("techreno", inputs)
        ),
        st.fixed_dictionaries(
            {
                "balance": MONEY,
                "months": st.integers(min_value=1, max_value=360).map(str),
                "current_rate": RATE,
                "new_rate": RATE,
            }
        ).map(lambda inputs: ("mortgage", inputs)),
        st.fixed_dictionaries({"loss": MONEY}).map(lambda inputs: ("resultloan-loss", inputs)),
        st.fixed_dictionaries({"amount": MONEY}).map(lambda inputs: ("techloan", inputs)),
        st.fixed_dictionaries({"level1": MONEY, "level2": MONEY, "level3": MONEY}).map(
            lambda inputs: ("outpatient", inputs)
        ),
        st.fixed_dictionaries(
            {"taxpayer": st.just("small-scale"), "stamp_duty": MONEY, "property_tax": MONEY}
        ).map(lambda inputs: ("small-taxes", inputs)),
    ),
    lang=st.sampled_from(["en", "zh"]),
)
def test_every_line_recomputes_for_any_figures(
    rules: RuleSet, benefit_inputs: tuple[str, dict[str, str]], lang: Lang
) -> None:
    """Promise 1 on figures no golden case has: a rate of 3.455% is shown as 3.455%, an input of
    1,000.0049 with all its digits, so every line in yuan still recomputes from what it shows."""
    from yantai_subsidy.engine import estimate
    from yantai_subsidy.errors import InputError

    benefit, inputs = benefit_inputs
    try:
        est = estimate(rules, benefit, inputs, "2024-06-01")
    except InputError:
        return  # refused as implausible (a rate above its maximum, …): nothing shown
    for item in est.items:
        if item.value is None or item.unit != "CNY":
            continue
        formula = item.formula.render(lang)
        assert recompute(formula) == item.value, (
            f"{item.label.render(lang)}: {formula} does not give {item.value}"
        )
