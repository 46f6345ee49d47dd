"""Browsing the rule set: the list of measures, one measure in full, and text search."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from .errors import InputError, UsageError
from .records import NamedTuple
from .ruleset import Measure, RuleSet
from .values import number_text

SNIPPET_CONTEXT = 18


class Hit(NamedTuple):
    """A measure that contains every searched word, with a snippet around the first word's match.

    ``snippet`` is plain text: ``start`` and ``length`` say where the match stands in it (None
    when the first word matched nowhere a snippet can show), so machine formats carry no
    display markers and the table and Markdown mark the match themselves (:func:`marked`).
    """

    measure: Measure
    snippet: str
    start: int | None
    length: int


def marked(hit: Hit) -> str:
    """The snippet with its match in 【】, for people."""
    if hit.start is None:
        return hit.snippet
    end = hit.start + hit.length
    return f"{hit.snippet[: hit.start]}【{hit.snippet[hit.start : end]}】{hit.snippet[end:]}"


def measures(
    rules: RuleSet, chapter: int | str | None = None, kind: str | None = None
) -> list[Measure]:
    """The measures, in document order, optionally of one chapter (``7`` or ``"7"``) or kind."""
    if isinstance(chapter, str):
        try:
            text = number_text(chapter, "--chapter")
        except InputError as err:  # --chapter names one of a few chapters: a usage error
            raise UsageError(err.message) from None
        # a few digits at most: int() refuses more than 4,300 of them with a ValueError
        short = len(text) <= 9 and text.isascii() and text.isdigit()
        if not short:
            shown = text if len(text) <= 40 else text[:40] + "…"
            raise UsageError(
                "catalogue.chapter_not_a_number", max=max(rules.document.chapters), shown=shown
            )
        chapter = int(text)
    if chapter is not None and chapter not in rules.document.chapters:
        raise UsageError(
            "catalogue.no_such_chapter", max=max(rules.document.chapters), chapter=chapter
        )
    return [
        m
        for m in rules.measures.values()
        if (chapter is None or m.chapter == chapter) and (kind is None or m.kind == kind)
    ]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


#: An English word; anything else (Chinese, numbers, 1.5%) is matched as a run of characters.
_LATIN_WORD = re.compile(r"[a-z]+(?:['’-][a-z]+)*")


def word_form(word: str) -> str:
    """A crude English stem, so that a word matches its plural and inflected forms.

    subsidy ~ subsidies, loan ~ loans, tax ~ taxes, guarantee ~ guaranteed ~ guarantees. Both the
    searched word and the text's words go through it, so the rule only has to be consistent.
    """
    word = word.lower()
    if word.endswith(("ies", "ied")) and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    elif word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-1] if word.endswith("eed") else word[:-2]
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


class _Term(NamedTuple):
    """One searched term: an English word (matched by word form) or a run of other characters."""

    text: str
    english: bool


def _terms(words: Sequence[str]) -> list[_Term]:
    terms = []
    for raw in words:
        flat = unicodedata.normalize("NFKC", raw).lower()
        at = 0
        for found in _LATIN_WORD.finditer(flat):
            terms += [_Term(part, False) for part in [_flat(flat[at : found.start()])] if part]
            terms.append(_Term(found.group(), True))
            at = found.end()
        terms += [_Term(part, False) for part in [_flat(flat[at:])] if part]
    return terms


class _Field(NamedTuple):
    """A text a measure is searched in: the document's text, a title, a benefit's summary."""

    text: str
    flat: str
    forms: frozenset[str]


def _field(text: str) -> _Field:
    lowered = unicodedata.normalize("NFKC", text).lower()
    return _Field(text, _flat(text), frozenset(map(word_form, _LATIN_WORD.findall(lowered))))


def _fields(rules: RuleSet, measure: Measure) -> list[_Field]:
    """The measure's text first (its snippet is the most useful), then titles and summaries."""
    texts = [measure.text, measure.title.zh, measure.title.en]
    for benefit_id in measure.benefits:
        benefit = rules.benefits[benefit_id]
        summary = benefit.summary.fill(benefit.param_args())
        texts += [benefit.title.zh, benefit.title.en, summary.render("zh"), summary.render("en")]
    return [_field(text) for text in texts]


def _found(term: _Term, field: _Field) -> bool:
    return word_form(term.text) in field.forms if term.english else term.text in field.flat


def search(rules: RuleSet, words: Sequence[str]) -> list[Hit]:
    """Measures whose text, titles or benefit summaries (Chinese or English) contain all ``words``.

    Chinese and other non-Latin text is matched as a run of characters (贷款 in 科技贷款); an
    English word matches its word forms (subsidy finds subsidies), never part of another word.
    """
    wanted = _terms(words)
    if not wanted:
        raise UsageError("catalogue.search_no_word")
    hits = []
    for measure in rules.measures.values():
        fields = _fields(rules, measure)
        if all(any(_found(term, field) for field in fields) for term in wanted):
            first = next(field for field in fields if _found(wanted[0], field))
            hits.append(_snippet(measure, first, wanted[0]))
    return hits


def _snippet(measure: Measure, field: _Field, term: _Term) -> Hit:
    """About forty characters of ``field`` around the first match of ``term``.

    Chinese text loses its white space (the document's line breaks); English keeps single
    spaces and is cut at word boundaries.
    """
    if term.english:
        text = " ".join(unicodedata.normalize("NFKC", field.text).split())
        match = next(
            (
                m
                for m in _LATIN_WORD.finditer(text.lower())
                if word_form(m.group()) == word_form(term.text)
            ),
            None,
        )
        at, length = (match.start(), match.end() - match.start()) if match else (-1, 0)
    else:
        text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", field.text))
        at, length = text.lower().find(term.text), len(term.text)
    if at < 0:
        return Hit(measure, text[: 2 * SNIPPET_CONTEXT] + "…", None, 0)
    start = max(0, at - SNIPPET_CONTEXT)
    end = min(len(text), at + length + SNIPPET_CONTEXT)
    if term.english:  # widen to whole words
        start = text.rfind(" ", 0, start) + 1 if start > 0 else 0
        found = text.find(" ", end)
        end = len(text) if found < 0 else found
    before = ("…" if start > 0 else "") + text[start:at]
    snippet = before + text[at:end] + ("…" if end < len(text) else "")
    return Hit(measure, snippet, len(before), length)
