"""What ``list``, ``show``, ``search``, ``match``, ``facts`` and ``rules`` do, once parsed.

Each takes its options as plain values (text, or None when not given) and returns the exit
code. They import neither typer nor rich (a table imports rich when it renders), so the
command line can call them straight from the arguments its fast parser read
(:mod:`yantai_subsidy.declared`), and the Typer commands of :mod:`yantai_subsidy.cli`, which
declare them, call them too.
"""

from __future__ import annotations

import os
import stat
import sys

from . import shell
from .errors import EXIT_BAD_INPUT, Joined, Message, UsageError, listing

KINDS = ("benefit", "informational", "target")

#: A file name that makes PROFILE a client list (:mod:`.cli_match_list`), and the format it
#: is read as.
LIST_EXTENSIONS = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
}

#: The options only a client list takes (as the Typer command names them), with their flag.
LIST_OPTIONS = {
    "output": "--output",
    "keep": "--keep",
    "totals": "--totals",
    "memo": "--memo",
    "memo_format": "--memo-format",
    "jobs": "--jobs",
    "quiet": "--quiet",
    "encoding": "--encoding",
    "input_format": "--input-format",
    "bom": "--bom",
}


def _render(fmt: str, kind: str, *args: object, lang: str | None, **extra: object) -> None:
    """Render with the module of ``--format`` (validated here, so the message is one line)."""
    from .render import FORMATS, renderer

    chosen = shell.output_format(fmt, FORMATS)
    language = shell.language(lang)
    options = (
        {"color": shell.wants_color(), "width": shell.terminal_width()} if chosen == "table" else {}
    )
    shell.emit(getattr(renderer(chosen), kind)(*args, lang=language, **options, **extra))


def list_measures(
    chapter: str | None, kind: str | None, fmt: str, lang: str | None, rules: str | None
) -> int:
    def action() -> None:
        from .catalogue import measures
        from .loader import load_rules

        if kind is not None and kind not in KINDS:
            raise UsageError("cli.kind_unknown", kind=kind, listed=listing(KINDS))
        rule_set = load_rules(rules)
        _render(fmt, "measures", rule_set, measures(rule_set, chapter, kind), lang=lang)

    return shell.guarded(action)


def show(what: str, fmt: str, lang: str | None, rules: str | None) -> int:
    def action() -> None:
        from .loader import load_rules

        rule_set = load_rules(rules)
        _render(fmt, "measure", rule_set, rule_set.measure(what), lang=lang)

    return shell.guarded(action)


def search(words: list[str], fmt: str, lang: str | None, rules: str | None) -> int:
    """Exit 1 when nothing matches, as grep does: JSON and CSV still print an empty list (so a
    script's parser gets what it expects), the table and Markdown print nothing."""
    found_nothing = False

    def action() -> None:
        nonlocal found_nothing
        from .catalogue import search as find
        from .loader import load_rules
        from .render import FORMATS

        chosen = shell.output_format(fmt, FORMATS)
        hits = find(load_rules(rules), words)
        if not hits:
            found_nothing = True
            found = Message(
                "catalogue.no_match",
                words=Joined(" and ", [Message("catalogue.quoted", word=w) for w in words]),
            )
            shell.say(found.render(shell.message_language()))
            if chosen in ("table", "markdown"):
                return
        _render(fmt, "search", hits, lang=lang)

    code = shell.guarded(action)
    return code or (EXIT_BAD_INPUT if found_nothing else 0)


def match_profile(
    profile: str,
    fmt: str | None,
    lang: str | None,
    unit: str | None,
    as_of: str | None,
    rules: str | None,
    **for_a_list: object,
) -> int:
    """One profile; or, when PROFILE is a client list (see :mod:`.cli_match_list`), each client.

    ``for_a_list``: the options only a client list takes (``--keep``, ``--memo``, …)."""

    def action() -> int | None:
        input_format = for_a_list.pop("input_format", None)
        kind = list_format(profile, input_format if isinstance(input_format, str) else None)
        if kind is not None:  # a client list's module only for a list (importing it: ~1.5 ms)
            from .cli_match_list import ListOptions, run_list

            options = ListOptions(fmt, lang, unit, as_of, rules, **for_a_list)  # type: ignore[arg-type]
            return run_list(profile, kind, options)
        for name, value in for_a_list.items():
            if value not in (None, False):
                raise UsageError(
                    "client.only_for_a_list", option=LIST_OPTIONS[name], profile=profile
                )
        from .loader import load_rules
        from .match import match
        from .profile import read_profile

        display = shell.display_unit(unit)
        chosen = shell.output_format(fmt, ("table", "json", "csv", "markdown"))
        _refuse_appending_to(profile)
        rule_set = load_rules(rules)
        result = match(rule_set, read_profile(profile, rule_set), as_of)
        _render(chosen, "match", result, lang=lang, unit=display)
        if chosen == "csv":  # rows have no room for them: on stderr, each once
            from .render.words import match_side_notes

            for note in match_side_notes(result, shell.language(lang), display):
                shell.say(note)
        return None

    return shell.guarded(action)


def _refuse_appending_to(profile: str) -> None:
    """``ytsub match p.yaml >> p.yaml`` would leave the profile a profile no more."""
    if profile == "-":
        return
    try:
        out = os.fstat(sys.stdout.fileno())
        if stat.S_ISREG(out.st_mode) and os.path.samestat(out, os.stat(profile)):
            raise UsageError("match.stdout_is_profile", source=profile)
    except (AttributeError, OSError, ValueError):  # a test's captured stdout; no such file
        return


def list_format(path: str, input_format: str | None) -> str | None:
    """How PROFILE is read as a client list (csv, jsonl, xlsx, folder), or None: one profile."""
    if input_format is not None:
        from .batch_read import input_format as checked

        return checked(path, input_format)
    if path != "-" and os.path.isdir(path):
        return "folder"
    return LIST_EXTENSIONS.get(os.path.splitext(path)[1].lower())


def list_facts(kind: str | None, fmt: str, lang: str | None, rules: str | None) -> int:
    def action() -> None:
        from .loader import load_rules
        from .vocabulary import vocabulary_for

        rule_set = load_rules(rules)
        found, local = vocabulary_for(rule_set, kind)
        _render(fmt, "facts", rule_set, found, local, lang=lang)

    return shell.guarded(action)


def rules_check(directory: str | None) -> int:
    def action() -> int:
        from pathlib import Path

        from .engine import missing_calculators
        from .loader import check_rules, load_rules, overlay_dir, overlay_risks, rule_files

        if directory is not None and (directory.strip() == "" or not Path(directory).is_dir()):
            raise UsageError("cli.not_a_folder", directory=directory)
        count, errors = check_rules(
            directory, named_as=None if directory is None else "rules check"
        )
        lang = shell.message_language()
        for risk in overlay_risks(overlay_dir(directory), rule_files(overlay_dir(directory))):
            shell.say(Message("text.warning", message=risk).render(lang))  # still OK: a team folder
        for error in errors:
            shell.say(error.render(lang))
        if not errors:
            for problem in missing_calculators(load_rules(directory, use_cache=False)):
                errors.append(problem)  # type: ignore[arg-type]
                shell.say(problem.render(lang))
        if errors:
            shell.say(Message("rulefile.problems", count=len(errors), files=count).render(lang))
            return 1
        shell.emit(f"{count} rule files: OK")
        return 0

    return shell.guarded(action)


def rules_schema() -> int:
    def action() -> None:
        import json

        from .schema import json_schema

        shell.emit(json.dumps(json_schema(), ensure_ascii=False, indent=2))

    return shell.guarded(action)
