"""Chinese all the way (issue 15, item 8): every error is a message of the catalogue, said in
the language of ``--lang`` (else ``YTSUB_LANG``, else the locale); English stays as it was.

The expected Chinese lines below are written out by hand, in the words the output already uses
(render/words.py: 补助, 第N条, 档案, 情况), not copied from a run.
"""

from __future__ import annotations

import ast
import csv
import importlib
import io
import json
import pickle
import pkgutil
import re
import shlex
import string
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import yantai_subsidy
from tests import test_bad_input
from yantai_subsidy import errors
from yantai_subsidy.__main__ import run
from yantai_subsidy.declared import COMMANDS
from yantai_subsidy.errors import (
    InputError,
    Message,
    RuleFileError,
    UsageError,
    YtsubError,
    did_you_mean,
    install_hint,
)
from yantai_subsidy.messages import MESSAGES
from yantai_subsidy.ruleset import RuleSet

PACKAGE = Path(yantai_subsidy.__file__).parent
EXAMPLES = PACKAGE.parent / "examples"
#: the example client list (its id column is not a fact: --keep id) and profile folder
CLIENTS, PROFILES = str(EXAMPLES / "match-clients.csv"), str(EXAMPLES / "profiles")

#: test_bad_input's corpus and its fixtures (input files, overlays), run again in Chinese below
CORPUS, GENERATED = test_bad_input.CORPUS, test_bad_input.GENERATED
places, bundled_once = test_bad_input.places, test_bad_input.bundled_once

#: Entries whose Chinese is, rightly, the English: framing around other messages' text.
SAME_IN_BOTH = {"text", "text.at", "text.at_file", "rulefile.invalid", "match.benefit_error"}

#: Entries whose Chinese holds only other messages' text, in full-width punctuation.
ONLY_PUNCTUATION = {"catalogue.quoted", "rulefile.os_error"}

#: Catalogue groups whose ids are built at run time (``"noun." + …``), by what builds them.
BUILT_IDS = {"noun", "who", "kind", "os"}


def _fields(template: str) -> list[tuple[str, str, str]]:
    """The placeholders of a template: (name, conversion, format spec)."""
    return sorted(
        (name, conversion or "", spec or "")
        for _, name, spec, conversion in string.Formatter().parse(template)
        if name is not None
    )


# --- the catalogue -------------------------------------------------------------------------


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    assert len(MESSAGES) > 200
    for key, (english, chinese) in MESSAGES.items():
        assert re.fullmatch(r"[a-z]+(\.[a-zA-Z0-9_]+)?", key), key
        assert english.strip(), key
        assert chinese.strip(), key
        assert _fields(english) == _fields(chinese), key
        if key not in SAME_IN_BOTH:
            assert english != chinese, f"{key}: the Chinese is the English"
        if key not in SAME_IN_BOTH | ONLY_PUNCTUATION:
            assert re.search(r"[\u4e00-\u9fff]", chinese), f"{key}: no Chinese in {chinese!r}"
            words = re.sub(r"\{[^}]*\}", "", english)  # English may quote the document's Chinese
            assert re.search(r"[A-Za-z]{2,}", words), f"{key}: no English in {english!r}"
        filled = {name: 1 for name, _, _ in _fields(english)}
        assert english.format_map(filled), key
        assert chinese.format_map(filled), key


def test_chinese_punctuation_is_full_width_around_chinese_words() -> None:
    """A Chinese sentence uses ：，（） after Chinese words, as the output's Chinese does."""
    for key, (_, chinese) in MESSAGES.items():
        assert not re.search(r"[\u4e00-\u9fff][:;?](\s|$)", chinese), (key, chinese)
        assert not re.search(r"[\u4e00-\u9fff], (?!…)", chinese), (key, chinese)  # YAML: 680万, …
        assert not re.search(r"[\u4e00-\u9fff] ?\((?!\d)", chinese), (key, chinese)


def test_ids_built_at_run_time_have_their_entries(rules: RuleSet) -> None:
    """``noun.*`` for every required argument, ``kind.*`` and ``who.*`` for every kind."""
    for path, spec in COMMANDS.items():
        for _, _, required, metavar in spec["arguments"]:
            if required:
                noun = metavar.lower().rstrip(".").replace("|", " or ")
                assert "noun." + "_".join(noun.split()) in MESSAGES, (path, metavar)
    for measure in rules.measures.values():
        assert f"kind.{measure.kind}" in MESSAGES, measure.kind
    from yantai_subsidy.profile import BENEFICIARY_WORDS

    for benefit in rules.benefits.values():
        assert benefit.beneficiary in BENEFICIARY_WORDS
        assert f"who.{benefit.beneficiary}" in MESSAGES
    for kind in rules.vocabulary().kinds:
        assert f"who.{kind}" in MESSAGES


# --- every raise goes through the catalogue ------------------------------------------------


def _modules() -> Iterator[Path]:
    yield from sorted(PACKAGE.rglob("*.py"))


def _error_classes() -> set[str]:
    """Every class a raise may use for a user's error: YtsubError's subclasses, RuleValueError."""
    for info in pkgutil.walk_packages([str(PACKAGE)], "yantai_subsidy."):
        importlib.import_module(info.name)
    found: set[str] = set()
    todo: list[type] = [YtsubError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return found | {"RuleValueError"}


def _english_text(node: ast.expr) -> bool:
    """A text written in place: a literal, an f-string, text joined with + or %, or .format()."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value not in MESSAGES
    if _built_id(node):
        return False
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _english_text(node.left) or _english_text(node.right)
    if isinstance(node, ast.IfExp):
        return _english_text(node.body) or _english_text(node.orelse)
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, (ast.Constant, ast.JoinedStr))
    )


def _built_id(node: ast.expr) -> bool:
    """``"noun." + word``: an id of a catalogue group built at run time (BUILT_IDS)."""
    return (
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Add)
        and isinstance(node.left, ast.Constant)
        and node.left.value in {group + "." for group in BUILT_IDS}
    )


def _texts_outside_the_catalogue(source: str, classes: set[str]) -> list[str]:
    """Where an error (or a message) is made from a text of its own instead of a catalogue id."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name in classes:
            index = 1 if name in ("RuleFileError", "RulesPathError") else 0
        elif name in ("Message", "fail"):  # a message, or a profile's error (profile.py)
            index = 0 if name == "Message" else 1
        else:
            continue
        if len(node.args) > index and _english_text(node.args[index]):
            found.append(f"line {node.lineno}: {ast.unparse(node)[:100]}")
    return found


def test_no_error_is_raised_with_a_text_of_its_own() -> None:
    """A new raise cannot skip the catalogue: `raise InputError(f"…")` fails here."""
    classes = _error_classes()
    assert {"InputError", "UsageError", "BatchInputError", "RulesPathError"} <= classes
    found = {
        str(path.relative_to(PACKAGE)): problems
        for path in _modules()
        if (problems := _texts_outside_the_catalogue(path.read_text(encoding="utf-8"), classes))
    }
    assert found == {}


def test_the_scan_finds_a_raise_with_its_own_text() -> None:
    """The scan above can fail: each way of writing English in place is caught."""
    classes = {"InputError", "RuleFileError"}
    bad = [
        'raise InputError(f"{name}: not a number")',
        'raise InputError("not a number")',
        'raise InputError("--amount: " + text)',
        'raise InputError("{}: bad".format(name))',
        'raise RuleFileError(path, f"cannot read {x}")',
        'raise self.fail(loc, "a single value")',
        'raise InputError(Message("value.not_sure"))',
    ]
    for source in bad:
        assert _texts_outside_the_catalogue(source, classes), source
    good = 'raise InputError("value.not_number", name=name, text=text)\nMessage("value.empty")'
    assert _texts_outside_the_catalogue(good, classes) == []


def test_every_id_written_in_the_code_is_in_the_catalogue_and_every_entry_is_used() -> None:
    groups = {key.partition(".")[0] for key in MESSAGES if "." in key}
    written: set[str] = set()
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = node.value if isinstance(node, ast.Constant) else None
            if (
                isinstance(text, str)
                and re.fullmatch(r"[a-z]+\.[a-zA-Z][a-zA-Z0-9_]*", text)
                and text.partition(".")[0] in groups
                and text.rpartition(".")[2] not in ("yaml", "py", "json")
            ):
                written.add(text)
    assert written - MESSAGES.keys() == set()
    unused = {
        key
        for key in MESSAGES
        if key not in written
        and key.partition(".")[0] not in BUILT_IDS
        and key not in ("text", "error", "internal", "text.at", "text.at_file")
    }
    assert unused == set()


# --- errors: English as before, Chinese on demand --------------------------------------------


def test_str_is_the_english_text_and_render_gives_either_language() -> None:
    err = InputError(
        "value.not_money", name="--amount", text="abc", examples=Message("value.money_examples")
    )
    english = "--amount: not an amount of money: 'abc' (write 3000000, 3,000,000, 300万 or 0.03亿)"
    assert str(err) == err.render("en") == english
    assert err.args == (english,)
    assert (
        err.render("zh") == "--amount：不是金额：“abc”（请写作 3000000、3,000,000、300万或0.03亿）"
    )


def test_a_library_users_own_text_is_kept_as_it_is() -> None:
    """Code outside ytsub may raise its errors with a text of its own (ytsub's own code cannot:
    test_no_error_is_raised_with_a_text_of_its_own)."""
    err = InputError("amount: my own check failed")
    assert str(err) == err.render("zh") == "amount: my own check failed"


def test_hints_lists_and_nested_errors_follow_the_language() -> None:
    hint = did_you_mean("--amout", ["--amount", "--rate"])
    assert str(hint) == " (did you mean --amount?)"
    assert did_you_mean("--zzz", ["--amount"]) == ""
    err = UsageError("cli.no_such_option", name="--amout", hint=hint)
    assert str(err) == "no such option: --amout (did you mean --amount?)"
    assert err.render("zh") == "没有此选项：--amout（是否指 --amount？）"
    assert str(errors.listing([])) == "none"
    assert errors.listing(["a", "b"]).render("zh") == "a、b"
    outer = InputError("match.benefit_error", source="p.yaml", benefit="techloan", text=err)
    assert outer.render("zh") == "p.yaml: techloan: 没有此选项：--amout（是否指 --amount？）"
    assert str(install_hint("excel", "openpyxl")).startswith("pip install 'yantai-subsidy[excel]'")


def test_rule_file_errors_keep_their_framing_in_both_languages() -> None:
    err = RuleFileError("rules/m48.yaml", Message("rulefile.empty"), path="params", line=3)
    assert str(err) == "rules/m48.yaml:3: params: the file is empty"
    assert err.render("zh") == "rules/m48.yaml:3: params: 文件为空"
    assert err.detail == "the file is empty"
    plain = RuleFileError("rules/m48.yaml", "Input should be a valid string")  # pydantic's words
    assert plain.render("zh") == str(plain) == "rules/m48.yaml: Input should be a valid string"


@pytest.mark.parametrize(
    "err",
    [
        InputError("value.negative", name="--amount", text="-5"),
        UsageError(
            "cli.no_such_option", name="--amout", hint=did_you_mean("--amout", ["--amount"])
        ),
        RuleFileError("m48.yaml", Message("rulefile.bad_yaml", problem="x"), path="a.b", line=2),
        errors.UnreadableInputError("profile.cannot_read", source="p.yaml", reason="gone"),
    ],
)
def test_an_error_crosses_processes_whole(err: YtsubError) -> None:
    """A batch's worker sends its errors back pickled (--jobs): class, code and both texts."""
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is type(err)
    assert (str(back), back.render("zh"), back.exit_code) == (
        str(err),
        err.render("zh"),
        err.exit_code,
    )


def test_an_os_error_is_said_in_chinese_when_the_catalogue_knows_it() -> None:
    import errno

    missing = FileNotFoundError(errno.ENOENT, "No such file or directory")
    assert errors.os_reason(missing).render("zh") == "文件或目录不存在"
    assert str(errors.os_reason(missing)) == "No such file or directory"
    odd = OSError(errno.ECHILD, "No child processes")  # not in the catalogue: the system's words
    assert errors.os_reason(odd).render("zh") == "No child processes"


# --- the command line ------------------------------------------------------------------------


@dataclass
class Said:
    code: int
    out: str
    err: str


@pytest.fixture
def ytsub(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    def invoke(*args: str) -> Said:
        code = run(list(args))
        captured = capsys.readouterr()
        return Said(code, captured.out, captured.err)

    return invoke


#: (arguments, exit code, the Chinese line, the English line as it has always been)
CASES = [
    (
        ["estimate", "techloan", "--amount", "abc"],
        1,
        "错误：--amount：不是金额：“abc”（请写作 3000000、3,000,000、300万或0.03亿）",
        "Error: --amount: not an amount of money: 'abc' (write 3000000, 3,000,000, 300万 or 0.03亿)",
    ),
    (
        ["estimate", "techloan", "--amount", ""],
        1,
        "错误：--amount：值为空：请给出金额，例如 3000000、3,000,000、300万或0.03亿",
        "Error: --amount: empty value: give an amount of money such as 3000000, 3,000,000,"
        " 300万 or 0.03亿",
    ),
    (
        ["estimate", "techloan", "--amount", "-5"],
        1,
        "错误：--amount：不得为负数：“-5”",
        "Error: --amount: must not be negative: '-5'",
    ),
    (
        ["estimate", "techloan", "--amout", "5"],
        2,
        "错误：没有此选项：--amout（是否指 --amount？）",
        "Error: no such option: --amout (did you mean --amount?)",
    ),
    (
        ["estimate", "techloan"],
        2,
        "错误：techloan 需要 --amount（备案贷款本金）：见 ytsub estimate techloan --help",
        "Error: techloan needs --amount (filed loan principal): ytsub estimate techloan --help",
    ),
    (
        ["estimate"],
        2,
        "错误：缺少补助：ytsub estimate BENEFIT [选项]（ytsub estimate --help 列出全部补助）",
        "Error: which benefit? ytsub estimate BENEFIT [options] (ytsub estimate --help lists them)",
    ),
    (
        ["estimate", "techloa", "--amount", "5"],
        2,
        "错误：未知补助“techloa”（是否指 techloan？）：ytsub estimate --help 列出全部补助",
        "Error: unknown benefit 'techloa' (did you mean techloan?): ytsub estimate --help lists them",
    ),
    (
        ["estimate", "techloan", "--amount", "5", "--amount", "6"],
        2,
        "错误：--amount 给出了两次",
        "Error: --amount is given twice",
    ),
    (
        ["estimate", "techloan", "--amount", "5", "extra"],
        2,
        "错误：多余的参数“extra”（选项写作 --name value）",
        "Error: unexpected argument 'extra' (options are written --name value)",
    ),
    (
        ["estimate", "techloan", "--amount", "5", "--format", "xml"],
        2,
        "错误：--format：“xml”不在 table、json、csv、markdown 之列",
        "Error: --format: 'xml' is not one of table, json, csv, markdown",
    ),
    (
        ["estimate", "techloan", "--amount", "5", "--as-of", "2024-13-01"],
        1,
        "错误：--as-of：不是日历上的日期：“2024-13-01”",
        "Error: --as-of: not a calendar date: '2024-13-01'",
    ),
    (
        ["estimate", "techloan", "--amount", "5", "--confirm", "nope"],
        1,
        "错误：--confirm：techloan 没有条件“nope”：现有条件：filed、on_time",
        "Error: --confirm: techloan has no condition 'nope': its conditions are filed, on_time",
    ),
    (
        ["estimate", "techloan", "--amount", "5", "--set", "rate=2%"],
        1,
        "错误：--set：techloan 没有参数“rate”：现有参数：subsidy_rate、lifetime_cap",
        "Error: --set: techloan has no parameter 'rate': its parameters are subsidy_rate,"
        " lifetime_cap",
    ),
    (
        ["estimate", "3", "--amount", "5"],
        2,
        "错误：第3条没有可估算的金额（政策说明）：见 ytsub show 3",
        "Error: measure 3 has no amount to estimate (informational): see ytsub show 3",
    ),
    (
        ["lst"],
        2,
        "错误：没有此命令：“lst”（是否指 'list'？）（见 ytsub --help）",
        "Error: No such command 'lst'. Did you mean 'list'? (see ytsub --help)",
    ),
    (
        ["rules", "nosuch"],
        2,
        "错误：没有此命令：“nosuch”（见 ytsub rules --help）",
        "Error: No such command 'nosuch' (see ytsub rules --help)",
    ),
    (
        ["list", "--chapter", "11"],
        2,
        "错误：--chapter：文件共有第1–10章，没有第11章",
        "Error: --chapter: the document has chapters 1–10, not 11",
    ),
    (
        ["list", "--chpter", "3"],
        2,
        "错误：没有此选项：--chpter（是否指 --chapter？）",
        "Error: no such option: --chpter (did you mean --chapter?)",
    ),
    (
        ["list", "extra"],
        2,
        "错误：多余的参数“extra”（见 ytsub list --help）",
        "Error: unexpected argument 'extra' (see ytsub list --help)",
    ),
    (
        ["show"],
        2,
        "错误：缺少措施或补助：ytsub show MEASURE|BENEFIT [选项]（见 ytsub show --help）",
        "Error: which measure or benefit? ytsub show MEASURE|BENEFIT [options]"
        " (see ytsub show --help)",
    ),
    (
        ["show", "99"],
        2,
        "错误：没有第99条：措施编号为 1–62",
        "Error: there is no measure 99: measures are numbered 1–62",
    ),
    (
        ["search", "zzzznotthere"],
        1,
        "没有措施含有全部词语：“zzzznotthere”。",
        "No measure contains 'zzzznotthere'.",
    ),
    (
        ["match", "/nonexistent/p.yaml"],
        2,
        "错误：/nonexistent/p.yaml：无法读取：文件或目录不存在",
        "Error: /nonexistent/p.yaml: cannot read: No such file or directory",
    ),
    (
        ["facts", "--kind", "alien"],
        2,
        "错误：--kind：“alien”不在 enterprise、person、district 之列",
        "Error: --kind: 'alien' is not one of enterprise, person, district",
    ),
    (
        ["batch"],
        2,
        "错误：缺少文件：ytsub batch FILE|- [选项]（见 ytsub batch --help）",
        "Error: which file? ytsub batch FILE|- [options] (ytsub batch --help)",
    ),
    (
        ["batch", "-", "--jobs", "x"],
        2,
        "错误：--jobs：请给出工作进程数（整数），而不是“x”",
        "Error: --jobs: give a whole number of worker processes, not 'x'",
    ),
    (
        ["batch", "-", "--encoding", "nope"],
        2,
        "错误：--encoding：未知编码“nope”",
        "Error: --encoding: unknown encoding 'nope'",
    ),
    # ytsub match over a client list (issue 17): its options, its header, its memo folder
    (
        ["match", CLIENTS],
        2,
        "错误：列“id”既不是情况，也不是客户清单的列：ytsub facts 列出全部情况；"
        "如需将其带入结果，请在 --keep 中列出",
        "Error: column 'id' is neither a fact nor a column of a client list: ytsub facts lists"
        " the facts; to carry it into the results, name it in --keep",
    ),
    (
        ["match", CLIENTS, "--keep", "id", "--bom"],
        2,
        "错误：--bom：仅用于 CSV 输出，不用于 jsonl",
        "Error: --bom: only for CSV output, not jsonl",
    ),
    (
        ["match", PROFILES, "--keep", "id"],
        2,
        "错误：--keep：档案文件夹没有可带入结果的列",
        "Error: --keep: a folder of profiles has no columns to keep",
    ),
    (
        ["match", f"{PROFILES}/young-renter.yaml", "--keep", "id"],
        2,
        "错误：--keep：仅用于客户清单（.csv、.jsonl 或 .xlsx 文件，或档案文件夹）；"
        f"{PROFILES}/young-renter.yaml 是单个档案",
        "Error: --keep: only for a client list (a .csv, .jsonl or .xlsx file, or a folder of"
        f" profiles); {PROFILES}/young-renter.yaml is one profile",
    ),
    (
        ["match", CLIENTS, "--keep", "id", "--memo-format", "html"],
        2,
        "错误：--memo-format：请给出 --memo DIR，即备忘录写入的文件夹",
        "Error: --memo-format: give --memo DIR, the folder the memos go to",
    ),
    (
        ["match", CLIENTS, "--keep", "id", "--memo", "m", "--memo-format", "pdf"],
        2,
        "错误：--memo-format：“pdf”不在 markdown、html 之列",
        "Error: --memo-format: 'pdf' is not one of markdown, html",
    ),
    (
        ["match", CLIENTS, "--keep", "id", "--memo", PROFILES],
        2,
        f"错误：--memo：{PROFILES} 不是空文件夹：请指定一个新的或空的文件夹（备忘录从不与其他文件混放）",
        f"Error: --memo: {PROFILES} is not empty: name a new or empty folder (memos are never"
        " mixed with other files)",
    ),
    (
        ["match", CLIENTS, "--keep", "id", "--memo", CLIENTS],
        2,
        f"错误：--memo：{CLIENTS} 已存在且不是文件夹：请指定一个新文件夹",
        f"Error: --memo: {CLIENTS} exists and is not a folder: name a new folder",
    ),
    (
        ["match", CLIENTS, "--keep", "id", "--memo", PROFILES, "-o", f"{PROFILES}/out.csv"],
        2,
        f"错误：--output {PROFILES}/out.csv 位于 --memo {PROFILES} 之内：备忘录文件夹只存放备忘录",
        f"Error: --output {PROFILES}/out.csv is inside --memo {PROFILES}: the memo folder holds"
        " memos only",
    ),
]


@pytest.fixture
def zh_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("YTSUB_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")


@pytest.mark.parametrize(("args", "code", "chinese", "english"), CASES, ids=lambda v: str(v)[:40])
def test_errors_in_chinese_with_lang_zh(ytsub, args, code, chinese, english) -> None:  # type: ignore[no-untyped-def]
    said = ytsub(*args, "--lang", "zh")
    assert (said.code, said.err) == (code, chinese + "\n")


@pytest.mark.parametrize(("args", "code", "chinese", "english"), CASES, ids=lambda v: str(v)[:40])
def test_errors_in_chinese_in_a_zh_locale(ytsub, zh_locale, args, code, chinese, english) -> None:  # type: ignore[no-untyped-def]
    said = ytsub(*args)
    assert (said.code, said.err) == (code, chinese + "\n")


@pytest.mark.parametrize(("args", "code", "chinese", "english"), CASES, ids=lambda v: str(v)[:40])
def test_errors_in_english_as_before(ytsub, zh_locale, args, code, chinese, english) -> None:  # type: ignore[no-untyped-def]
    said = ytsub(*args, "--lang=en")  # --lang wins over the locale, written either way
    assert (said.code, said.err) == (code, english + "\n")


def test_lang_is_read_wherever_it_is_written(ytsub) -> None:  # type: ignore[no-untyped-def]
    """Before the benefit, after it, as --lang=zh: an error before parsing ends is Chinese too."""
    for args in (
        ["estimate", "--lang", "zh", "techloan", "--amount", "abc"],
        ["estimate", "--lang=zh", "techloan", "--amount", "abc"],
        ["estimate", "techloan", "--amount", "abc", "--lang=zh"],
    ):
        said = ytsub(*args)
        assert said.err.startswith("错误：--amount：不是金额"), args
    said = ytsub("estimate", "--lang", "zh", "techloan", "--nope")
    assert said.err == "错误：没有此选项：--nope\n"


def test_a_wrong_lang_is_refused_in_the_language_of_the_locale(ytsub, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    said = ytsub("estimate", "techloan", "--amount", "5", "--lang", "xx")
    assert (said.code, said.err) == (2, "Error: --lang: 'xx' is not one of zh, en\n")
    for name in ("YTSUB_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    said = ytsub("estimate", "techloan", "--amount", "5", "--lang", "xx")
    assert (said.code, said.err) == (2, "错误：--lang：“xx”不在 zh、en 之列\n")
    monkeypatch.setenv("YTSUB_LANG", "klingon")  # passed over too: the locale says it
    said = ytsub("estimate", "techloan", "--amount", "5")
    assert (said.code, said.err) == (2, "错误：YTSUB_LANG：“klingon”不在 zh、en 之列\n")
    monkeypatch.setenv("YTSUB_LANG", "en")  # YTSUB_LANG wins over the locale
    said = ytsub("estimate", "techloan", "--amount", "abc")
    assert said.err.startswith("Error: --amount: not an amount of money")


def test_a_profile_error_names_the_key_in_chinese(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for text, chinese in (
        (
            "kind: enterprise\nfacts:\n  rd: abc\n",
            "facts.rd: 不是金额：“abc”（请写作 3000000、3,000,000、300万或0.03亿）",
        ),
        (
            "kind: enterprize\n",
            "kind: “enterprize”不在 enterprise、person、district 之列（是否指 enterprise？）",
        ),
        (
            "kind: person\nfacts:\n  rd: 5万\n",
            "facts.rd: 个人可申领的补助都不读取此情况（",
        ),
    ):
        profile = tmp_path / "p.yaml"
        profile.write_text(text, encoding="utf-8")
        said = ytsub("match", str(profile), "--lang", "zh")
        assert said.code == 1
        assert said.err.startswith(f"错误：{profile}:"), said.err
        assert chinese in said.err, said.err


def test_every_bad_profile_of_the_match_corpus_is_said_in_chinese(rules: RuleSet) -> None:
    """test_match's bad profiles: each refusal in Chinese, naming the same key."""
    from tests import test_match
    from yantai_subsidy.profile import check_profile

    test = test_match.test_a_bad_profile_is_refused_naming_the_problem
    (mark,) = [m for m in test.pytestmark if m.name == "parametrize"]  # type: ignore[attr-defined]
    for profile, english in mark.args[1]:
        with pytest.raises(InputError) as refused:
            check_profile(profile, rules)
        assert str(refused.value) == english
        chinese = refused.value.render("zh")
        parts = english.split(": ")
        where = f"<profile>: {parts[1]}: " if len(parts) > 2 else "<profile>: "
        assert chinese.startswith(where), chinese
        assert re.search(r"[\u4e00-\u9fff]", chinese), chinese
        assert not re.search(r"\b(is|not|the|give|write|a|no)\b", chinese), chinese


def test_an_estimate_error_is_restated_in_the_profiles_words_in_chinese(rules: RuleSet) -> None:
    from yantai_subsidy.match import match

    facts = {
        "mortgage_balance": "30万",
        "mortgage_months_left": 60,
        "mortgage_rate": "3.5%",
        "mortgage_new_rate": "4%",
    }
    with pytest.raises(InputError) as refused:
        match(rules, {"kind": "person", "facts": facts}, "2024-06-01")
    assert refused.value.render("zh") == (
        "<profile>: mortgage: facts.mortgage_new_rate：4% 高于 facts.mortgage_rate 3.5%："
        "该措施是降低利率，没有可节省的利息"
    )


def test_rules_check_speaks_the_language_of_ytsub_lang(ytsub, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import RULES_DIR

    bad = tmp_path / "rules"
    bad.mkdir()
    text = (RULES_DIR / "m48-techloan.yaml").read_text(encoding="utf-8")
    (bad / "m48-techloan.yaml").write_text(
        text.replace("kind: benefit", "kind: benefit\nknd: x"), encoding="utf-8"
    )
    monkeypatch.setenv("YTSUB_LANG", "zh")
    said = ytsub("rules", "check", str(bad))
    assert said.code == 1
    assert said.err == (
        f"{bad / 'm48-techloan.yaml'}:6: knd: 未知的键（是否拼错？schema 中没有此字段："
        "ytsub rules schema 列出全部字段）\n65 个规则文件中有 1 处问题。\n"
    )
    (bad / "m48-techloan.yaml").write_text(
        text.replace("value: 1.5%\n", "value: 1.5%\n        assumed: true\n"), encoding="utf-8"
    )
    said = ytsub("rules", "check", str(bad))
    assert "假设的参数需要依据（basis）：数值从何而来？" in said.err, said.err


def test_an_internal_error_asks_for_a_report_in_chinese(ytsub, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from yantai_subsidy import calc

    def broken(*_: object, **__: object) -> object:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setitem(calc.registry(), "techloan", broken)
    said = ytsub("estimate", "techloan", "--amount", "5", "--lang", "zh")
    assert (said.code, said.err) == (
        70,
        "错误：内部错误（ZeroDivisionError：division by zero）。这是 ytsub 的缺陷："
        "请连同所运行的命令和 ytsub --version 的输出一并报告。\n",
    )


def test_a_broken_catalogue_still_gives_one_line(ytsub, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from yantai_subsidy import calc, messages

    def broken(*_: object, **__: object) -> object:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setitem(calc.registry(), "techloan", broken)
    monkeypatch.setattr(messages, "render", broken)
    said = ytsub("estimate", "techloan", "--amount", "5", "--lang", "zh")
    assert (said.code, said.err) == (
        70,
        "Error: internal error (ZeroDivisionError: division by zero)\n",
    )


@pytest.mark.usefixtures("bundled_once")
def test_the_whole_bad_input_corpus_is_refused_in_chinese(
    places: dict[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each of test_bad_input's 1,622 invocations, with YTSUB_LANG=zh: the same exit code and
    number of lines, each in Chinese (no ``Error:``), nothing on stdout, no traceback."""
    monkeypatch.setenv("YTSUB_LANG", "zh")
    checked = 0
    for bad in CORPUS + GENERATED:
        args = [word.format(**places) for word in shlex.split(bad.args)]
        if "--lang" in args:  # its own language, or its own refusal
            continue
        code = run(args)
        out, err = capsys.readouterr()
        assert (code, out, err.count("\n")) == (bad.code, "", bad.lines), (bad.args, err)
        assert "Error" not in err, (bad.args, err)
        assert "Traceback" not in err, (bad.args, err)
        for line in err.splitlines():
            assert re.search(r"[\u4e00-\u9fff]", line), (bad.args, line)
        if bad.lines == 1:
            assert err.startswith("错误："), (bad.args, err)
        else:
            assert err.splitlines()[-1] == "65 个规则文件中有 1 处问题。", (bad.args, err)
        checked += 1
    assert checked > 1500


# --- batch: each row's error in the output's language --------------------------------------


BAD_ROWS = "benefit,amount\ntechloan,abc\nnope,5\ntechloan,5,extra\n,\ntechloan,3000000\n"


def _batch(ytsub, tmp_path: Path, *options: str) -> Said:  # type: ignore[no-untyped-def]
    source = tmp_path / "rows.csv"
    source.write_text(BAD_ROWS, encoding="utf-8")
    return ytsub("batch", str(source), "--as-of", "2024-06-01", *options)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_batch_row_errors_follow_lang(ytsub, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    said = _batch(ytsub, tmp_path, "--format", fmt, "--lang", "zh")
    assert said.code == 1
    if fmt == "jsonl":
        found = [json.loads(line).get("error") for line in said.out.splitlines()]
    else:
        import csv
        import io

        found = [row["error"] or None for row in csv.DictReader(io.StringIO(said.out))]
    assert found == [
        "--amount：不是金额：“abc”（请写作 3000000、3,000,000、300万或0.03亿）",
        "未知补助“nope”：ytsub estimate --help 列出全部补助",
        "该行有 3 个单元格，但标题行只有 2 列",
        None,
    ]
    assert said.err.splitlines()[0] == (
        "共 4 行：成功 1 行，失败 3 行；合计 ¥0.00 – ¥45,000.00（元）；跳过 1 个空行"
    )


def test_every_bad_row_of_the_batch_corpus_is_said_in_chinese(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """test_batch_bad_rows' rows (CSV and JSON lines), with --lang zh: each error row in Chinese;
    a JSON or Python parser's own words may stay English inside it."""
    from tests.test_batch_bad_rows import HEADER, JSONL_ROWS, ROWS

    rows = tmp_path / "rows.csv"
    rows.write_text("\n".join([HEADER, *(row for row, _, _ in ROWS)]) + "\n", encoding="utf-8")
    lines = tmp_path / "rows.jsonl"
    lines.write_text("\n".join(line for line, _ in JSONL_ROWS) + "\n", encoding="utf-8")
    expected = [*(error for _, error, _ in ROWS), *(error for _, error in JSONL_ROWS)]
    found = []
    for source in (rows, lines):
        said = ytsub("batch", str(source), "--lang", "zh", "--as-of", "2024-06-01", "--quiet")
        found += [json.loads(line).get("error") for line in said.out.splitlines()]
    assert [error is None for error in found] == [error is None for error in expected]
    for error in filter(None, found):
        assert re.search(r"[\u4e00-\u9fff]", error), error
        assert not re.search(r"\b(is|not|the|give|write)\b", error.replace("Expecting", "")), error


def test_batch_in_english_is_as_before(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    said = _batch(ytsub, tmp_path, "--format", "jsonl", "--lang", "en")
    found = [json.loads(line).get("error") for line in said.out.splitlines()]
    assert found == [
        "--amount: not an amount of money: 'abc' (write 3000000, 3,000,000, 300万 or 0.03亿)",
        "unknown benefit 'nope': ytsub estimate --help lists them",
        "row has 3 cells but the header names 2 columns",
        None,
    ]
    assert said.err.splitlines()[0] == (
        "4 rows: 1 ok, 3 failed; total ¥0.00 – ¥45,000.00 (CNY); 1 blank row(s) skipped"
    )


def test_batch_rows_say_the_same_from_worker_processes(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    one = _batch(ytsub, tmp_path, "--format", "csv", "--lang", "zh", "--jobs", "1")
    two = _batch(ytsub, tmp_path, "--format", "csv", "--lang", "zh", "--jobs", "2")
    assert (one.code, one.out, one.err) == (two.code, two.out, two.err)
    assert "不是金额" in two.out


# --- ytsub match over a client list: its refusals and its rows' errors -----------------------


def test_a_client_lists_refusals_in_chinese(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """What needs a file or folder of its own (CASES has the rest): one Chinese line, exit 2,
    and the English line as it has always been."""
    empty = tmp_path / "empty"
    empty.mkdir()
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "a.yaml").write_text("kind: person\n", encoding="utf-8")
    blocked = tmp_path / "file"
    blocked.write_text("")
    lists = {}
    for name, text in (
        ("benefit.csv", "kind,benefits.vouchr.category\nenterprise,dcmm\n"),
        ("section.csv", "kind,benefits.voucher\nenterprise,dcmm\n"),
        ("blank.csv", "kind,name\n,\n"),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
        lists[name] = str(tmp_path / name)
    cases = [
        (
            ["match", str(empty)],
            f"错误：{empty}：文件夹中没有档案文件（*.yaml、*.yml、*.json）",
            f"Error: {empty}: no profile files (*.yaml, *.yml, *.json) in the folder",
        ),
        (
            ["match", str(folder), "-o", str(folder / "a.yaml")],
            f"错误：--output {folder / 'a.yaml'} 是输入文件夹中的档案：请写入另一个文件",
            f"Error: --output {folder / 'a.yaml'} is a profile of the input folder: write to"
            " another file",
        ),
        (
            ["match", lists["benefit.csv"]],
            "错误：列“benefits.vouchr.category”：未知补助“vouchr”（是否指 voucher？）："
            "ytsub list 列出全部补助",
            "Error: column 'benefits.vouchr.category': unknown benefit 'vouchr' (did you mean"
            " voucher?): ytsub list shows them",
        ),
        (
            ["match", lists["section.csv"]],
            "错误：列“benefits.voucher”：补助自身的输入写作 benefits.BENEFIT.INPUT"
            "（benefits.voucher.category）",
            "Error: column 'benefits.voucher': a benefit's own input is written"
            " benefits.BENEFIT.INPUT (benefits.voucher.category)",
        ),
        (
            ["match", lists["blank.csv"], "-f", "csv"],
            "错误：输入中没有客户：客户清单每行一份档案",
            "Error: the input holds no client: a client list has one profile per row",
        ),
        (
            ["match", CLIENTS, "--keep", "id", "--memo", str(blocked / "memos")],
            f"错误：--memo：无法写入 {blocked / 'memos'}：不是目录",
            f"Error: --memo: cannot write {blocked / 'memos'}: Not a directory",
        ),
    ]
    for args, chinese, english in cases:
        said = ytsub(*args, "--lang", "zh")
        assert (said.code, said.out, said.err) == (2, "", chinese + "\n"), args
        said = ytsub(*args)
        assert (said.code, said.out, said.err) == (2, "", english + "\n"), args
    assert [p.name for p in folder.iterdir()] == ["a.yaml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "benefit.csv",
        "blank.csv",
        "empty",
        "file",
        "profiles",
        "section.csv",
    ]


#: A client list's bad rows (JSON lines): a wrong kind, a wrong fact, a line that is no JSON, a
#: good client, a condition of another kind's benefit, a benefit's set that is no PARAM=VALUE.
CLIENT_ROWS = (
    '{"kind": "robot", "name": "R"}\n'
    '{"kind": "person", "outpatient_level2": "abc"}\n'
    "not json\n"
    '{"kind": "person", "outpatient_level2": 900}\n'
    '{"kind": "person", "confirm": "techloan.filed"}\n'
    '{"kind": "enterprise", "benefits.techloan.set": "oops"}\n'
)
CLIENT_ERRORS_ZH = [
    "列 kind: “robot”不在 enterprise、person、district 之列",
    "列 outpatient_level2: 不是金额：“abc”（请写作 3000000、3,000,000、300万或0.03亿）",
    "不是 JSON 对象：Expecting value（第1列）",
    None,
    "列 confirm: techloan 面向企业，而非个人",
    "列 benefits.techloan.set: 请写作 PARAM=VALUE;…（subsidy_rate=2%），而不是“oops”",
]
#: as ytsub match has always written them (tests/test_match_list.py)
CLIENT_ERRORS_EN = [
    "column kind: 'robot' is not one of enterprise, person, district",
    "column outpatient_level2: not an amount of money: 'abc'"
    " (write 3000000, 3,000,000, 300万 or 0.03亿)",
    "not a JSON object: Expecting value (column 1)",
    None,
    "column confirm: techloan is for an enterprise, not a person",
    "column benefits.techloan.set: write PARAM=VALUE;… (subsidy_rate=2%), not 'oops'",
]


def _errors(said: Said, fmt: str) -> list[str | None]:
    if fmt == "jsonl":
        return [json.loads(line).get("error") for line in said.out.splitlines()]
    import csv
    import io

    return [row["error"] or None for row in csv.DictReader(io.StringIO(said.out))]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_client_lists_row_errors_follow_lang(ytsub, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "clients.jsonl"
    source.write_text(CLIENT_ROWS, encoding="utf-8")
    args = ("match", str(source), "--as-of", "2024-06-01", "--format", fmt)
    zh = ytsub(*args, "--lang", "zh")
    assert zh.code == 1
    assert _errors(zh, fmt) == CLIENT_ERRORS_ZH
    assert zh.err.splitlines()[0] == (
        "6 个客户：1 个已匹配，5 个失败；可申领 1 项；全部客户合计 ¥350.00 – ¥350.00"
        "（人民币，各客户各周期金额相加）"
    )
    for english in (ytsub(*args), ytsub(*args, "--lang", "en")):
        assert english.code == 1
        assert _errors(english, fmt) == CLIENT_ERRORS_EN
        assert english.err.splitlines()[0] == (
            "6 clients: 1 matched, 5 failed; 1 claimable benefit(s); total over all clients"
            " ¥350.00 – ¥350.00 (CNY, each client's periods added)"
        )
    # the same list in worker processes: the same bytes
    two = ytsub(*args, "--lang", "zh", "--jobs", "2")
    assert (two.code, two.out, two.err) == (zh.code, zh.out, zh.err)


def test_a_rows_estimate_error_leaves_out_the_rows_name_in_both_languages(
    ytsub, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """An error met while matching (match.benefit_error, "{source}: {benefit}: …") starts with
    the row's name, which the result's ``source`` gives: it is left out in either language.
    It names the columns the user wrote, as an error met while reading the row does (never
    the profile's key ``facts.X``), and its ``column`` is the first it names."""
    source = tmp_path / "clients.csv"
    source.write_text(
        "kind,mortgage_balance,mortgage_months_left,mortgage_rate,mortgage_new_rate\n"
        "person,30万,60,3.5%,4%\n",
        encoding="utf-8",
    )
    found = {}
    for lang in ("zh", "en"):
        said = ytsub("match", str(source), "--as-of", "2024-06-01", "--lang", lang, "-q")
        (line,) = [json.loads(line) for line in said.out.splitlines()]
        assert (said.code, line["source"], line["row"]) == (1, f"{source}, row 1", 1)
        assert line["column"] == "mortgage_new_rate"
        found[lang] = line["error"]
        as_csv = ytsub(
            "match", str(source), "--as-of", "2024-06-01", "--lang", lang, "-q", "--format", "csv"
        )
        assert list(csv.reader(io.StringIO(as_csv.out)))[1][-1] == found[lang]
    assert found == {
        "zh": "mortgage: 列 mortgage_new_rate：4% 高于 列 mortgage_rate 3.5%："
        "该措施是降低利率，没有可节省的利息",
        "en": "mortgage: column mortgage_new_rate: 4% is above column mortgage_rate 3.5%: the"
        " measure lowers the rate, there is no interest to save",
    }
    # the same facts in a profile file keep the profile's words
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "kind: person\nfacts:\n  mortgage_balance: 30万\n  mortgage_months_left: 60\n"
        "  mortgage_rate: 3.5%\n  mortgage_new_rate: 4%\n",
        encoding="utf-8",
    )
    alone = ytsub("match", str(profile), "--as-of", "2024-06-01")
    assert alone.err == (
        f"Error: {profile}: mortgage: facts.mortgage_new_rate: 4% is above facts.mortgage_rate"
        " 3.5%: the measure lowers the rate, there is no interest to save\n"
    )


def test_a_rows_estimate_error_names_a_section_column_and_works_from_python() -> None:
    """A row's benefit input (``benefits.B.INPUT``) is named as its column, and rows from
    Python (``match_many``) name their columns too."""
    from yantai_subsidy import ClientError, load_rules, match_many

    rows = [
        {
            "kind": "person",
            "home_sale_price": "100万",
            "home_purchase_price": "120万",
            "home_sale_tax_paid": "200万",
            "home_sale_date": "2024-03-01",
            "home_purchase_date": "2024-05-01",
        }
    ]
    (found,) = match_many(load_rules(), rows, "2024-06-01")
    assert isinstance(found, ClientError)
    assert (found.row, found.column) == (1, "home_sale_tax_paid")
    assert found.message == (
        "home-swap-refund: column home_sale_tax_paid: 2,000,000.00 is more than the column"
        " home_sale_price 1,000,000.00: the income tax on a sale cannot exceed its price"
    )
    assert found.render("zh") == (
        "home-swap-refund: 列 home_sale_tax_paid：2,000,000.00 超过 列 home_sale_price"
        " 1,000,000.00：一笔销售的所得税不能超过其售价"
    )


def test_a_client_lists_xlsx_error_column_follows_lang(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    source = tmp_path / "clients.jsonl"
    source.write_text(CLIENT_ROWS, encoding="utf-8")
    for lang, expected in (("zh", CLIENT_ERRORS_ZH), ("en", CLIENT_ERRORS_EN)):
        out = tmp_path / f"{lang}.xlsx"
        said = ytsub("match", str(source), "--as-of", "2024-06-01", "-o", str(out), "--lang", lang)
        assert said.code == 1
        sheet = openpyxl.load_workbook(out, read_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        column = rows[0].index("error")
        assert [row[column] for row in rows[1:]] == expected


def test_a_client_lists_summary_follows_lang(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Clients, blank rows (in batch's words), claimable benefits by measure: the summary's
    first two lines, for many clients and for one."""
    many = tmp_path / "many.csv"
    many.write_text("kind,outpatient_level2\nperson,900\n,\nperson,abc\n", encoding="utf-8")
    one = tmp_path / "one.csv"
    one.write_text("kind,outpatient_level2\nperson,900\n", encoding="utf-8")
    expected = {
        (many, "zh"): [
            "2 个客户：1 个已匹配，1 个失败；可申领 1 项；全部客户合计 ¥350.00 – ¥350.00"
            "（人民币，各客户各周期金额相加）；跳过 1 个空行",
            "按措施：第60条 1 项",
        ],
        (many, "en"): [
            "2 clients: 1 matched, 1 failed; 1 claimable benefit(s); total over all clients"
            " ¥350.00 – ¥350.00 (CNY, each client's periods added); 1 blank row(s) skipped",
            "by measure: measure 60: 1",
        ],
        (one, "zh"): [
            "1 个客户：1 个已匹配，0 个失败；可申领 1 项；全部客户合计 ¥350.00 – ¥350.00"
            "（人民币，各客户各周期金额相加）",
            "按措施：第60条 1 项",
        ],
        (one, "en"): [
            "1 client: 1 matched, 0 failed; 1 claimable benefit(s); total over all clients"
            " ¥350.00 – ¥350.00 (CNY, each client's periods added)",
            "by measure: measure 60: 1",
        ],
    }
    for (source, lang), lines in expected.items():
        said = ytsub("match", str(source), "--as-of", "2024-06-01", "-f", "csv", "--lang", lang)
        assert said.err.splitlines()[:2] == lines, (source.name, lang)
        notes = said.err.splitlines()[2:]  # each note once, in the language of the run
        assert notes
        assert all(
            note.startswith("理解（" if lang == "zh" else "interpretation (") for note in notes
        )


def test_a_folders_profile_errors_follow_lang_without_the_files_name(ytsub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A profile's error in a folder's result: the result names the file (``source``), so a
    message that starts with it leaves it out, in English (``p.yaml: …``) as in Chinese
    (``p.yaml：…``); one that names a line (``p.yaml:2: …``) keeps it."""
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        "kind: person\nfacts: {outpatient_level2: abc}\n", encoding="utf-8"
    )
    (folder / "b.yaml").write_bytes(b"\xff\xfe")
    (folder / "c.yaml").write_text("kind: person\nfacts: {outpatient_level2: 900}\n")
    a = folder / "a.yaml"
    zh = ytsub("match", str(folder), "--as-of", "2024-06-01", "--lang", "zh", "-q")
    en = ytsub("match", str(folder), "--as-of", "2024-06-01", "-q")
    assert zh.code == en.code == 1
    assert _errors(zh, "jsonl") == [
        f"{a}:2: facts.outpatient_level2: 不是金额：“abc”（请写作 3000000、3,000,000、300万或0.03亿）",
        "不是 UTF-8（第0字节）：请保存为 UTF-8",
        None,
    ]
    assert _errors(en, "jsonl") == [
        f"{a}:2: facts.outpatient_level2: not an amount of money: 'abc'"
        " (write 3000000, 3,000,000, 300万 or 0.03亿)",
        "not UTF-8 (byte 0): save it as UTF-8",
        None,
    ]


def test_a_client_error_keeps_its_english_message_and_renders_chinese() -> None:
    """The library's ClientError.message stays English (README); render and to_dict say it
    in either language."""
    from yantai_subsidy import ClientError, match_many
    from yantai_subsidy.loader import load_rules

    found = list(match_many(load_rules(), [{"kind": "robot"}, {"kind": "enterprise", "rd": "-5"}]))
    assert all(isinstance(f, ClientError) for f in found)
    errors = [f for f in found if isinstance(f, ClientError)]
    assert [e.message for e in errors] == [
        "column kind: 'robot' is not one of enterprise, person, district",
        "column rd: must not be negative: '-5'",
    ]
    assert [e.render("en") for e in errors] == [e.message for e in errors]
    assert [e.render("zh") for e in errors] == [
        "列 kind: “robot”不在 enterprise、person、district 之列",
        "列 rd: 不得为负数：“-5”",
    ]
    assert errors[1].to_dict()["error"] == errors[1].message
    assert errors[1].to_dict("zh")["error"] == "列 rd: 不得为负数：“-5”"
    plain = ClientError(1, None, None, "my own text", "row 1")  # a text only: as it is
    assert plain.render("zh") == "my own text"


# --- cost: the catalogue is read only to say something ---------------------------------------


def test_the_catalogue_is_not_loaded_when_nothing_goes_wrong() -> None:
    probe = (
        "import sys, contextlib, io\n"
        "from yantai_subsidy.__main__ import run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = run(sys.argv[1:])\n"
        "print(code, 'yantai_subsidy.messages' in sys.modules)\n"
    )
    ok = [
        "estimate",
        "techloan",
        "--amount",
        "3000000",
        "--format",
        "json",
        "--as-of",
        "2024-06-01",
    ]
    found = subprocess.run(
        [sys.executable, "-c", probe, *ok], capture_output=True, text=True, check=True
    )
    assert found.stdout.split() == ["0", "False"]
    found = subprocess.run(
        [sys.executable, "-c", probe, "estimate", "techloan", "--amount", "abc"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert found.stdout.split() == ["1", "True"]
