"""Help for ``ytsub estimate``: the benefits, and each benefit's options and conditions.

Built from the rule files, in Chinese or English, as plain text (no rich: help
must be as quick as the command).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

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


#: Help is never wider than this, however wide the terminal: long lines are hard to read.
WIDEST_HELP = 120
#: The option column of a help text is at most this wide; a longer one stands on its own line.
OPTION_COLUMN = 30


_CJK = "\u3000-\u9fff\uff00-\uffef"
_OPENS = "（〔“‘《【〈「『"
_CLOSES = ")）,，。、;；:：”’》】〕〉」』"
#: Where a line may break inside a run without spaces: after a Chinese character (with the
#: punctuation that closes it, and never after one that opens), never inside a number or
#: word (300万 stays whole).
_PIECE = re.compile(
    rf"(?:[^{_CJK}]|[{_OPENS}])*(?![{_OPENS}])[{_CJK}][{_CLOSES}]*|(?:[^{_CJK}]|[{_OPENS}])+"
)


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken at spaces or between Chinese
    characters; white space inside a line is kept as written (help aligns with it).

    A word longer than the line (a path, an identifier) stands whole on its own line rather
    than be cut: the user may need to type it.
    """
    lines: list[str] = []
    line, size = "", 0
    for token in re.findall(r"\S+|\s+", text.replace("\n", " ")):
        if token.isspace():
            if line:
                line, size = line + token, size + len(token)
            continue
        for piece in _PIECE.findall(token):
            wide = display_width(piece)
            # between two pieces of one run is after a Chinese character: a place to break
            if line.strip() and size + wide > width:
                lines.append(line.rstrip())
                line, size = "", 0
            line, size = line + piece, size + wide
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def two_columns(rows: list[tuple[str, str]], width: int = 100, indent: int = 2) -> list[str]:
    """Two columns: the option (or id) and its text, wrapped within ``width``."""
    column = min(OPTION_COLUMN, max((display_width(left) for left, _ in rows), default=0))
    text_width = max(20, width - indent - column - 2)
    lines = []
    for left, right in rows:
        wrapped = wrap(right, text_width)
        pad = " " * (indent + column + 2)
        if display_width(left) > column:
            lines.append(" " * indent + left)
            lines += [pad + part for part in wrapped]
        else:
            gap = " " * (column - display_width(left) + 2)
            lines.append(" " * indent + left + gap + wrapped[0])
            lines += [pad + part for part in wrapped[1:]]
    return [line.rstrip() for line in lines]


def paragraph(text: str, width: int, indent: int = 2) -> list[str]:
    return [" " * indent + line for line in wrap(text, width - indent)]


def help_width(terminal: int) -> int:
    return min(WIDEST_HELP, terminal)


def benefits(rules: RuleSet, lang: Lang, width: int = 100) -> str:
    """``ytsub estimate --help``: every benefit, with its measure and title."""
    width = help_width(width)
    head = (
        [
            "用法：ytsub estimate BENEFIT [选项]",
            "",
            *paragraph("估算一项补助。BENEFIT 可用编号、别名，或只有一项的条款号。", width),
            "",
            "可估算项目：",
        ]
        if lang == "zh"
        else [
            "Usage: ytsub estimate BENEFIT [OPTIONS]",
            "",
            *paragraph(
                "Estimate one benefit. BENEFIT is its id, an alias, or the number of a measure"
                " with one benefit.",
                width,
            ),
            "",
            "Benefits:",
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
    tail = [
        "",
        "选项：" if lang == "zh" else "Options:",
        *two_columns(common_options(lang), width),
        "",
        *wrap(
            "每项的选项和条件：ytsub estimate BENEFIT --help"
            if lang == "zh"
            else "Options and conditions of each: ytsub estimate BENEFIT --help",
            width,
        ),
    ]
    return "\n".join(head + two_columns(rows, width) + tail)


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


def benefit(rules: RuleSet, b: Benefit, lang: Lang, width: int = 100) -> str:
    """``ytsub estimate BENEFIT --help``: what it is, who receives it, its options and conditions."""
    width = help_width(width)
    args = b.param_args()
    zh = lang == "zh"
    measure = rules.measures[b.measure]
    lines = [
        ("用法：" if zh else "Usage: ")
        + f"ytsub estimate {b.id} "
        + ("[选项]" if zh else "[OPTIONS]"),
        "",
        *paragraph(f"{b.title.zh} · {b.title.en}", width),
        *paragraph(
            (f"第{b.measure}条 · " if zh else f"measure {b.measure} · ")
            + f"{rules.document.number} · "
            + ("受益方：" if zh else "paid to ")
            + _t(BENEFICIARY[b.beneficiary], lang)
            + " · "
            + _t(PERIOD[b.period], lang),
            width,
        ),
    ]
    if b.aliases:
        lines += paragraph(("别名：" if zh else "aliases: ") + ", ".join(b.aliases), width)
    lines += ["", *paragraph(b.summary.fill(args).render(lang), width), ""]
    lines.append("选项：" if zh else "Options:")
    lines += two_columns([_option(spec, b, lang) for spec in b.inputs] or [("", "—")], width)
    if b.conditions:
        lines += [
            "",
            *wrap(
                "条件（--confirm ID / --deny ID，可重复或用逗号分隔；--confirm all 确认全部）："
                if zh
                else "Conditions (--confirm ID / --deny ID, repeatable or comma-separated;"
                " --confirm all):",
                width,
            ),
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
        lines += two_columns(rows, width)
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
    lines += two_columns(rows, width)
    lines += [
        "",
        "通用选项：" if zh else "Common options:",
        *two_columns(common_options(lang), width),
        "",
        ("原文：" if zh else "The measure: ") + f"ytsub show {measure.number}",
    ]
    return "\n".join(lines)


def common_options(lang: Lang) -> list[tuple[str, str]]:
    """The options every benefit takes, as ``estimate``'s help lists them."""
    zh = lang == "zh"
    return [
        (
            "-f, --format table|json|csv|markdown",
            "输出格式 [默认 table]" if zh else "output format [default: table]",
        ),
        (
            "--lang zh|en",
            "语言（默认取 YTSUB_LANG 或系统语言）"
            if zh
            else "language (default: YTSUB_LANG, else the locale)",
        ),
        ("--unit yuan|wan", "金额以元或万元显示" if zh else "show amounts in yuan or in 万"),
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
        ("-h, --help", "显示帮助" if zh else "show this help"),
    ]


# --- the commands Typer declares: the same layout, read from their click declaration ---------


def declared(command: Any, path: str, width: int = 100) -> str:
    """Help for a command (or group) Typer declares, laid out as ``estimate``'s and ``batch``'s.

    Read from the click declaration Typer builds (``typer.main.get_command``): the options'
    names, metavars, help and defaults are written once, in cli.py.
    """
    width = help_width(width)
    params = [p for p in command.params if not getattr(p, "hidden", False)]
    arguments = [p for p in params if p.param_type_name == "argument"]
    options = [p for p in params if p.param_type_name == "option"]
    commands = getattr(command, "commands", None)
    usage = f"Usage: {path}" + "".join(f" {_argument_metavar(a)}" for a in arguments)
    usage += " COMMAND [ARGS]..." if commands else " [OPTIONS]"
    lines = [usage]
    for text in _paragraphs(command.help):
        lines += ["", *paragraph(text, width)]
    if arguments:
        lines += ["", "Arguments:"]
        lines += two_columns([(_argument_metavar(a), _described(a)) for a in arguments], width)
    lines += ["", "Options:"]
    rows = [(_option_names(o), _described(o)) for o in options]
    rows.append(("-h, --help", "show this help"))
    lines += two_columns(rows, width)
    if commands:
        lines += ["", "Commands:"]
        lines += two_columns(
            [(name, next(iter(_paragraphs(sub.help)), "")) for name, sub in commands.items()],
            width,
        )
    return "\n".join(lines)


def _paragraphs(text: str | None) -> list[str]:
    """A docstring's paragraphs, each on one line (the first is the command's summary)."""
    return [" ".join(part.split()) for part in (text or "").split("\n\n") if part.strip()]


def _argument_metavar(argument: Any) -> str:
    return str(argument.metavar or argument.name.upper())


def _option_names(option: Any) -> str:
    names = ", ".join(sorted(option.opts, key=len))
    if option.is_flag:
        return names
    return f"{names} {option.metavar or 'VALUE'}"


def _described(param: Any) -> str:
    text = " ".join((getattr(param, "help", None) or "").split()).rstrip(".")
    if text[:1].isupper() and text[1:2].islower():  # Typer's own options write sentences
        text = text[0].lower() + text[1:]
    default = param.default
    if getattr(param, "required", False):
        text += " [required]"
    elif isinstance(default, str) and default and not getattr(param, "is_flag", False):
        text += f" [default: {default}]"
    return text.strip()
