"""Help for ``ytsub estimate``: the benefits, and each benefit's options and conditions.

Built from the rule files, in Chinese or English, as plain text (no rich: help
must be as quick as the command).
"""

from __future__ import annotations

import unicodedata

from yantai_subsidy.result import Lang
from yantai_subsidy.ruleset import Benefit, InputSpec, RuleSet, Text

METAVARS = {
    "money": "MONEY",
    "rate": "RATE",
    "count": "N",
    "quantity": "NUMBER",
    "date": "DATE",
    "bands": "BANDS",
    "flag": "",
}

TYPE_HELP = {
    "money": (
        "元，可写 3000000、3,000,000、300万、0.03亿",
        "yuan: 3000000, 3,000,000, 300万 or 0.03亿",
    ),
    "rate": ("比例，如 1.5% 或 0.015", "a rate: 1.5% or 0.015"),
    "count": ("整数", "a whole number"),
    "quantity": ("数值", "a number"),
    "date": ("日期，如 2024-03-31 或 2024年3月31日", "a date: 2024-03-31 or 2024年3月31日"),
    "bands": ("分档表 起点:比例,…", "bands FROM:RATE,…"),
}

BENEFICIARY = {
    "enterprise": ("企业", "the enterprise"),
    "person": ("个人", "the person"),
    "district": ("区市", "the district"),
    "bank": ("贷款银行", "the lending bank"),
    "institution": ("机构", "the institution"),
    "project": ("项目", "the project"),
}

PERIOD = {
    "one_off": ("一次性", "one-off"),
    "yearly": ("每年", "per year"),
    "quarterly": ("每季度", "per quarter"),
    "monthly": ("每月", "per month"),
    "per_event": ("每次", "per event"),
    "multi_year": ("按所给期限合计", "in total, over the years or months given"),
    "none": ("无金额", "no amount"),
}


def _t(text: Text | tuple[str, str], lang: Lang) -> str:
    zh, en = (text.zh, text.en) if isinstance(text, Text) else text
    return zh if lang == "zh" else en


def display_width(text: str) -> int:
    """Columns a text takes on a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _rows(rows: list[tuple[str, str]], indent: int = 2) -> list[str]:
    width = min(28, max((display_width(left) for left, _ in rows), default=0))
    lines = []
    for left, right in rows:
        size = display_width(left)
        if size > width:
            lines.append(" " * indent + left)
            lines.append(" " * (indent + width + 2) + right)
        else:
            lines.append(" " * indent + left + " " * (width - size) + "  " + right)
    return lines


def benefits(rules: RuleSet, lang: Lang) -> str:
    """``ytsub estimate --help``: every benefit, with its measure and title."""
    head = (
        [
            "用法：ytsub estimate BENEFIT [选项]",
            "",
            "可估算项目（BENEFIT 可用编号、别名，或只有一项的条款号）：",
        ]
        if lang == "zh"
        else [
            "Usage: ytsub estimate BENEFIT [OPTIONS]",
            "",
            "Benefits (an id, an alias, or the number of a measure with one benefit):",
        ]
    )
    rows = []
    for benefit in sorted(rules.benefits.values(), key=lambda b: (b.measure, b.id)):
        aliases = f" ({', '.join(benefit.aliases)})" if benefit.aliases else ""
        rows.append(
            (
                f"{benefit.id}{aliases}",
                f"m{benefit.measure}  {benefit.title.zh} · {benefit.title.en}",
            )
        )
    tail = (
        ["", "每项的选项和条件：ytsub estimate BENEFIT --help"]
        if lang == "zh"
        else ["", "Options and conditions of each: ytsub estimate BENEFIT --help"]
    )
    return "\n".join(head + _rows(rows) + tail)


def _option(spec: InputSpec, benefit: Benefit, lang: Lang) -> tuple[str, str]:
    args = benefit.param_args()
    if spec.type == "choice":
        assert spec.choices is not None
        metavar = "|".join(c.value for c in spec.choices)
    else:
        metavar = METAVARS[spec.type]
    left = f"{spec.option} {metavar}".rstrip()
    parts = [spec.label.fill(args).render(lang)]
    if spec.unit:
        parts.append(f"[{spec.unit}]")
    if spec.help:
        parts.append("— " + spec.help.fill(args).render(lang))
    if spec.type in TYPE_HELP:
        parts.append(f"({_t(TYPE_HELP[spec.type], lang)})")
    if spec.choices:
        parts.append("; ".join(f"{c.value}: {_t(c.label, lang)}" for c in spec.choices))
    if spec.required:
        parts.append("[必填]" if lang == "zh" else "[required]")
    elif spec.default is not None:
        parts.append(f"[默认 {spec.default}]" if lang == "zh" else f"[default: {spec.default}]")
    return left, " ".join(parts)


def benefit(rules: RuleSet, b: Benefit, lang: Lang) -> str:
    """``ytsub estimate BENEFIT --help``: what it is, who receives it, its options and conditions."""
    args = b.param_args()
    zh = lang == "zh"
    measure = rules.measures[b.measure]
    lines = [
        f"ytsub estimate {b.id} — {b.title.zh} · {b.title.en}",
        (f"第{b.measure}条 · " if zh else f"measure {b.measure} · ")
        + f"{rules.document.number} · "
        + ("受益方：" if zh else "paid to ")
        + _t(BENEFICIARY[b.beneficiary], lang)
        + " · "
        + _t(PERIOD[b.period], lang),
    ]
    if b.aliases:
        lines.append(("别名：" if zh else "aliases: ") + ", ".join(b.aliases))
    lines += ["", b.summary.fill(args).render(lang), ""]
    lines.append("选项：" if zh else "Options:")
    lines += _rows([_option(spec, b, lang) for spec in b.inputs] or [("", "—")])
    if b.conditions:
        lines += [
            "",
            "条件（--confirm ID / --deny ID，可重复或用逗号分隔；--confirm all 确认全部）："
            if zh
            else "Conditions (--confirm ID / --deny ID, repeatable or comma-separated; --confirm all):",
        ]
        rows = []
        for cond in b.conditions:
            text = cond.text.fill(args).render(lang)
            if cond.decided_by:
                option = "--" + cond.decided_by.replace("_", "-")
                text += (
                    f"（给出 {option} 时自动判断）" if zh else f" (decided by {option} when given)"
                )
            rows.append((cond.id, text))
        lines += _rows(rows)
    lines += [
        "",
        "参数（--set 参数=值 可改动）："
        if zh
        else "Parameters (change one with --set PARAM=VALUE):",
    ]
    rows = []
    for name, param in b.params.items():
        origin = ("假设" if zh else "assumed") if param.assumed else f"“{param.quote}”"
        rows.append((name, f"{param.written}  {origin}"))
    lines += _rows(rows)
    lines += [
        "",
        "通用选项：" if zh else "Common options:",
        *_rows(
            [
                (
                    "--format table|json|csv|markdown",
                    "输出格式 [默认 table]" if zh else "output format [default: table]",
                ),
                (
                    "--lang zh|en",
                    "语言（默认取 YTSUB_LANG 或系统语言）"
                    if zh
                    else "language (default: YTSUB_LANG, else the locale)",
                ),
                (
                    "--unit yuan|wan",
                    "金额以元或万元显示" if zh else "show amounts in yuan or in 万",
                ),
                (
                    "--as-of DATE",
                    "估算日期 [默认今天]" if zh else "the date of the estimate [default: today]",
                ),
                (
                    "--rules DIR",
                    "用该目录中的规则文件覆盖内置规则（或 YTSUB_RULES）"
                    if zh
                    else "overlay the rule files of DIR on the bundled ones (or YTSUB_RULES)",
                ),
            ]
        ),
        "",
        ("原文：" if zh else "The measure: ") + f"ytsub show {measure.number}",
    ]
    return "\n".join(lines)
