"""Browsing the rule set: the list of measures, one measure in full, and text search."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

from .errors import InputError, UsageError
from .ruleset import Measure, RuleSet
from .values import number_text

SNIPPET_CONTEXT = 18


class Hit(NamedTuple):
    """A measure whose text contains every searched word, with a snippet around the first."""

    measure: Measure
    snippet: str


def measures(
    rules: RuleSet, chapter: int | str | None = None, kind: str | None = None
) -> list[Measure]:
    """The measures, in document order, optionally of one chapter (``7`` or ``"7"``) or kind."""
    if isinstance(chapter, str):
        try:
            text = number_text(chapter, "--chapter")
        except InputError as err:  # --chapter names one of a few chapters: a usage error
            raise UsageError(str(err)) from None
        # a few digits at most: int() refuses more than 4,300 of them with a ValueError
        short = len(text) <= 9 and text.isascii() and text.isdigit()
        if not short:
            shown = text if len(text) <= 40 else text[:40] + "…"
            raise UsageError(
                f"--chapter: the document has chapters 1–{max(rules.document.chapters)},"
                f" not '{shown}'"
            )
        chapter = int(text)
    if chapter is not None and chapter not in rules.document.chapters:
        raise UsageError(
            f"--chapter: the document has chapters 1–{max(rules.document.chapters)}, not {chapter}"
        )
    return [
        m
        for m in rules.measures.values()
        if (chapter is None or m.chapter == chapter) and (kind is None or m.kind == kind)
    ]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def search(rules: RuleSet, words: Sequence[str]) -> list[Hit]:
    """Measures whose text or title (Chinese or English) contains all ``words``."""
    wanted = [_flat(w) for w in words if _flat(w)]
    if not wanted:
        raise UsageError("search: give at least one word, e.g. ytsub search 贷款")
    hits = []
    for measure in rules.measures.values():
        haystack = _flat(measure.text)
        titles = _flat(measure.title.zh + " " + measure.title.en)
        benefit_titles = " ".join(
            _flat(rules.benefits[b].title.zh + rules.benefits[b].title.en) for b in measure.benefits
        )
        if all(w in haystack or w in titles or w in benefit_titles for w in wanted):
            hits.append(Hit(measure, _snippet(measure.text, wanted[0])))
    return hits


def _snippet(text: str, word: str) -> str:
    """About forty characters of the measure's text around ``word``, the word in 【】."""
    flat = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    at = flat.lower().find(word)
    if at < 0:
        return flat[: 2 * SNIPPET_CONTEXT] + "…"
    start = max(0, at - SNIPPET_CONTEXT)
    end = min(len(flat), at + len(word) + SNIPPET_CONTEXT)
    before = ("…" if start > 0 else "") + flat[start:at]
    after = flat[at + len(word) : end] + ("…" if end < len(flat) else "")
    return f"{before}【{flat[at : at + len(word)]}】{after}"
