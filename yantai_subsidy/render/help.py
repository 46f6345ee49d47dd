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
from yantai_subsidy.values import format_rate

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
    rf"\[[^\]\s]*\][{_CLOSES}]*"  # a bracketed tag, [必填] or [默认 …]'s first word, stays whole
    rf"|(?:[^{_CJK}]|[{_OPENS}])*(?![{_OPENS}])[{_CJK}][{_CLOSES}]*|(?:[^{_CJK}]|[{_OPENS}])+"
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
    if spec.maximum is not None:  # a guard on the input (a rate's plausible top, 360 months)
        most = format_rate(spec.maximum) if spec.type == "rate" else str(spec.maximum)
        parts.append(f"[至多 {most}]" if lang == "zh" else f"[at most {most}]")
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
            "估算日期 [默认烟台当日]"
            if zh
            else "the date of the estimate [default: today in Yantai]",
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


#: The Chinese of the help texts cli.py and cli_batch.py declare, by their English (one
#: declaration; tests/test_help.py checks that every text has its Chinese here).
HELP_ZH = {
    "Itemised, source-quoted estimates for Yantai's 2024 policy package 烟政发〔2024〕3号.": (
        "烟政发〔2024〕3号政策措施的补助估算：逐项计算，注明出处。"
    ),
    "print the version and exit": "显示版本后退出",
    "Install completion for the current shell.": "为当前 shell 安装命令补全",
    "Show completion for the current shell, to copy it or customize the installation.": (
        "显示当前 shell 的补全脚本，以便复制或自行安装"
    ),
    "All 62 measures: number, chapter, kind, title, and the benefits ytsub computes.": (
        "全部62条措施：条号、章、类型、标题，以及 ytsub 可估算的补助。"
    ),
    "only this chapter (1–10)": "只列该章（1–10）",
    "only the measures of this kind": "只列该类型的措施",
    "output format": "输出格式",
    "language (default: YTSUB_LANG, else the locale)": "语言（默认取 YTSUB_LANG 或系统语言）",
    "overlay the rule files of DIR on the bundled ones (or YTSUB_RULES)": (
        "用 DIR 中的规则文件覆盖内置规则（或 YTSUB_RULES）"
    ),
    "A measure's text, responsible units, and each benefit's parameters with their quotes.": (
        "一条措施的原文、责任单位，以及各项补助的参数及其出处。"
    ),
    "a measure number (50) or a benefit (techloan)": "条号（50）或补助编号（techloan）",
    "Measures whose text, titles or summaries contain every word, with a snippet.": (
        "原文、标题或说明中含有全部词语的措施，附摘录。"
    ),
    "Exit 1 when nothing matches, as grep does: JSON and CSV still print an empty list (so a"
    " script's parser gets what it expects), the table and Markdown print nothing.": (
        "无匹配时退出码为1（同 grep）：JSON 和 CSV 仍输出空列表，表格和 Markdown 不输出。"
    ),
    "words that must all occur (贷款, loan)": "须全部出现的词语（贷款、loan）",
    "Estimate one benefit: ytsub estimate BENEFIT [options] (ytsub estimate --help lists them).": (
        "估算一项补助：ytsub estimate BENEFIT [选项]（ytsub estimate --help 列出全部补助）。"
    ),
    "Estimate every row of a CSV, JSONL or XLSX file: ytsub batch FILE|- [options] (--help).": (
        "逐行估算 CSV、JSONL 或 XLSX 文件：ytsub batch FILE|- [选项]（见 --help）。"
    ),
    "Every benefit a profile may claim: amounts, conditions to confirm, facts that would unlock"
    " more.": "一份档案可申领的全部补助：金额、待确认的条件，以及还需补充的情况。",
    "a YAML or JSON profile (examples/profiles/); - reads stdin; or a client list: a .csv,"
    " .jsonl or .xlsx file, or a folder of profiles": (
        "YAML 或 JSON 档案（见 examples/profiles/）；- 表示从标准输入读取；或客户清单："
        ".csv、.jsonl 或 .xlsx 文件，或档案文件夹"
    ),
    "A client list (one profile per row: kind, name, fact columns, confirm, deny) gives one"
    " result per client, in order: a row that cannot be matched becomes an error row naming its"
    " column, the others go on, and the exit code is then 1.": (
        "客户清单（每行一份档案：kind、name、各情况列、confirm、deny）按顺序为每个客户给出一个结果："
        "无法匹配的行成为错误行并指明其列，其余照常进行，此时退出码为1。"
    ),
    "output format (default: table; a client list: jsonl|csv|xlsx, by --output's name)": (
        "输出格式（默认 table；客户清单为 jsonl|csv|xlsx，按 --output 的文件名）"
    ),
    "a client list: write to FILE (it appears only when every client is done)": (
        "客户清单：写入 FILE（全部客户完成后才出现）"
    ),
    "a client list: columns to carry into every result row (comma-separated: id,phone)": (
        "客户清单：带入每个结果行的列（以逗号分隔：id,phone）"
    ),
    "a client list: a total row per client and period (CSV, XLSX)": (
        "客户清单：每个客户按周期加合计行（CSV、XLSX）"
    ),
    "a client list: one memo per client into the new folder DIR": (
        "客户清单：为每个客户写一份备忘录到新文件夹 DIR"
    ),
    "the memos' format (default: markdown)": "备忘录格式（默认 markdown）",
    "a client list: worker processes, 1 to 32 (default: one per core for files over 1 MB)": (
        "客户清单：工作进程数，1 至 32（默认：超过 1 MB 的文件每核一个）"
    ),
    "a client list: no summary on stderr": "客户清单：不在标准错误输出汇总",
    "a client list's encoding (default: UTF-8, else GB18030, detected)": (
        "客户清单的编码（默认 UTF-8，否则自动识别为 GB18030）"
    ),
    "read PROFILE (or -) as a client list of this format": "按此格式将 PROFILE（或 -）读作客户清单",
    "a client list's CSV for Excel: a BOM, CRLF, no cell a formula": (
        "客户清单的 CSV 供 Excel 使用：带 BOM、CRLF 换行，任何单元格都不作公式"
    ),
    "show amounts in yuan or in 万": "金额以元或万元显示",
    "the date of the estimates (default: the profile's as_of, else today in Yantai)": (
        "估算日期（默认取档案的 as_of，否则为烟台当日）"
    ),
    "The facts a profile may state, with their units and the benefits that read them.": (
        "档案可填写的情况，及其单位和用到它们的补助。"
    ),
    "only the facts of an enterprise, a person or a district": "只列企业、个人或区市的情况",
    "Check the rule files, or print their JSON Schema.": "检查规则文件，或输出其 JSON Schema。",
    "Validate the rule set (with DIR overlaid): every error as file:line: field: message.": (
        "校验规则集（可叠加 DIR）：每个错误按 文件:行: 字段: 说明 列出。"
    ),
    "a folder of rule files to overlay and check": "要叠加并检查的规则文件目录",
    "Print the JSON Schema of a measure file, for editors.": "输出措施规则文件的 JSON Schema，供编辑器使用。",
    "show this help": "显示帮助",
    # ytsub batch (cli_batch.OPTIONS; its SUMMARY has SUMMARY_ZH beside it)
    "output format (default: --output's name, else jsonl)": (
        "输出格式（默认按 --output 的文件名，否则为 jsonl）"
    ),
    "write to FILE instead of stdout (it appears only when the batch is done)": (
        "写入 FILE 而非标准输出（全部完成后才出现）"
    ),
    "input encoding (default: UTF-8, else GB18030, detected)": (
        "输入编码（默认 UTF-8，否则自动识别为 GB18030）"
    ),
    "input format (default: from the file name)": "输入格式（默认按文件名）",
    "CSV for Excel: a BOM, CRLF, and no cell read as a formula": (
        "供 Excel 使用的 CSV：带 BOM、CRLF 换行，任何单元格都不会被当作公式"
    ),
    "input columns to carry into every result row (comma-separated: id,name)": (
        "带入每个结果行的输入列（以逗号分隔：id,name）"
    ),
    "no summary on stderr": "不在标准错误输出汇总",
    "the date of the estimates (a row's as_of column wins; default today in Yantai)": (
        "估算日期（行内 as_of 列优先；默认烟台当日）"
    ),
    "worker processes, 1 to 32 (default: one per core for files over 1 MB)": (
        "工作进程数，1 至 32（默认：超过 1 MB 的文件每核一个）"
    ),
}

#: The words of the layout itself.
LAYOUT = {
    "Usage: ": ("用法：", "Usage: "),
    "[OPTIONS]": ("[选项]", "[OPTIONS]"),
    "COMMAND [ARGS]...": ("命令 [参数]...", "COMMAND [ARGS]..."),
    "Arguments:": ("参数：", "Arguments:"),
    "Options:": ("选项：", "Options:"),
    "Commands:": ("命令：", "Commands:"),
    "[required]": ("[必填]", "[required]"),
}


def in_lang(text: str, lang: Lang) -> str:
    """A declared help text in ``lang`` (Chinese from :data:`HELP_ZH`)."""
    return HELP_ZH.get(text, text) if lang == "zh" else text


def _w(key: str, lang: Lang) -> str:
    zh, en = LAYOUT[key]
    return zh if lang == "zh" else en


def declared(command: Any, path: str, width: int = 100, lang: Lang = "en") -> str:
    """Help for a command (or group) Typer declares, laid out as ``estimate``'s and ``batch``'s.

    Read from the click declaration Typer builds (``typer.main.get_command``): the options'
    names, metavars, help and defaults are written once, in cli.py (their Chinese in
    :data:`HELP_ZH`).
    """
    width = help_width(width)
    params = [p for p in command.params if not getattr(p, "hidden", False)]
    arguments = [p for p in params if p.param_type_name == "argument"]
    options = [p for p in params if p.param_type_name == "option"]
    commands = getattr(command, "commands", None)
    usage = _w("Usage: ", lang) + path + "".join(f" {_argument_metavar(a)}" for a in arguments)
    usage += " " + (_w("COMMAND [ARGS]...", lang) if commands else _w("[OPTIONS]", lang))
    lines = [usage]
    for text in _paragraphs(command.help):
        lines += ["", *paragraph(in_lang(text, lang), width)]
    if arguments:
        lines += ["", _w("Arguments:", lang)]
        lines += two_columns(
            [(_argument_metavar(a), _described(a, lang)) for a in arguments], width
        )
    lines += ["", _w("Options:", lang)]
    rows = [(_option_names(o), _described(o, lang)) for o in options]
    rows.append(("-h, --help", in_lang("show this help", lang)))
    lines += two_columns(rows, width)
    if commands:
        lines += ["", _w("Commands:", lang)]
        lines += two_columns(
            [
                (name, in_lang(next(iter(_paragraphs(sub.help)), ""), lang))
                for name, sub in commands.items()
            ],
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


def _described(param: Any, lang: Lang = "en") -> str:
    text = " ".join((getattr(param, "help", None) or "").split())
    text = in_lang(text, lang).rstrip(".")
    if text[:1].isupper() and text[1:2].islower():  # Typer's own options write sentences
        text = text[0].lower() + text[1:]
    default = param.default
    if getattr(param, "required", False):
        text += " " + _w("[required]", lang)
    elif isinstance(default, str) and default and not getattr(param, "is_flag", False):
        text += f" [默认 {default}]" if lang == "zh" else f" [default: {default}]"
    return text.strip()
