"""Many profiles at once: a client list for ``ytsub match``, one profile per row, in order.

A row of a client list (CSV, JSON lines, XLSX, or records from pandas) is a profile written
flat: ``kind``, ``name``, ``as_of``, ``confirm`` / ``deny`` (``;``-separated
``benefit.condition`` ids), one column per fact (``ytsub facts``), and
``benefits.BENEFIT.INPUT`` for a benefit's own inputs (also ``benefits.BENEFIT.confirm``,
``.deny`` and ``.set`` as ``PARAM=VALUE;…``). Each row becomes the mapping a profile file
holds and is checked by :func:`~yantai_subsidy.profile.check_profile`, so a cell is read
exactly as the same value in a profile file; an error names the row's column instead of a
file's line. A row that cannot be matched yields a :class:`ClientError` and the next follows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple, Protocol

from .batch_read import _cell, column_name
from .errors import InputError, Message, UsageError, YtsubError, did_you_mean
from .match import BenefitError, Match, match
from .profile import Profile, check_profile
from .ruleset import RuleSet

#: The columns of a client list that are not facts.
CONTROL_COLUMNS = ("kind", "name", "as_of", "confirm", "deny")
#: ``benefits.BENEFIT.INPUT``: a benefit's own input (or its confirm, deny, set).
SECTION = "benefits"
#: A header must name this column (and an example header, for the message of an empty input).
CLIENT_HEADER = (("kind",), "kind,name,…")


class ClientError(NamedTuple):
    """A client (row) that could not be matched: the message names its column where it can.

    ``message`` is the English text; ``said``, when given, the same message in either
    language (:meth:`render`), as ``ytsub match CLIENTS --lang zh`` writes it.
    """

    row: int
    name: str | None
    column: str | None
    message: str
    source: str
    exit_code: int = 1
    said: Said | None = None

    def render(self, lang: str = "en") -> str:
        """The message in ``lang`` (``message`` itself when it was given as a text only)."""
        return self.message if self.said is None or lang == "en" else self.said.render(lang)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        from .render.json_ import MATCH_SCHEMA

        return {
            "row": self.row,
            "schema": MATCH_SCHEMA,
            "source": self.source,
            "name": self.name,
            "column": self.column,
            "error": self.render(lang),
        }


class Said(Protocol):
    """A message that can be said in either language (:class:`~.errors.Message`, an error)."""

    def render(self, lang: str = "en") -> str: ...


class Unframed:
    """An error without the name of the file or row it is about, which the result names
    already (``p.yaml: cannot read: …`` → ``cannot read: …``), in either language: messages
    frame a location as ``{where}: …`` in English and ``{where}: …`` or ``{where}：…`` in Chinese."""

    __slots__ = ("err", "where")

    def __init__(self, err: Said, where: str) -> None:
        self.err, self.where = err, where

    def render(self, lang: str = "en") -> str:
        text = self.err.render(lang)
        for separator in (": ",) if lang == "en" else (": ", "："):
            if text.startswith(self.where + separator):
                return text[len(self.where) + len(separator) :]
        return text

    def __str__(self) -> str:
        return self.render("en")


def benefit_id(rules: RuleSet, written: str) -> str | None:
    """The benefit a column names: column names are read as options are (``rd-growth`` is
    ``rd_growth``), while benefit ids have hyphens."""
    if written in rules.benefits:
        return written
    for benefit in rules.benefits:
        if column_name(benefit) == written:
            return benefit
    return None


def check_columns(rules: RuleSet, names: Iterable[str], keep: Iterable[str] = ()) -> None:
    """Refuse a header with a column that no row could use (before any row is matched).

    Which facts a row may give depends on its kind, so that is each row's own check; a name
    that is no fact, no column of a client list and no benefit's input is a mistake in
    every row. Raises :class:`UsageError` naming the column.
    """
    kept = set(keep)
    facts = rules.vocabulary().facts
    for name in names:
        if not name or name in kept or name in CONTROL_COLUMNS or name in facts:
            continue
        if name == SECTION or name.startswith(SECTION + "."):
            _check_section_column(rules, name)
            continue
        hint = did_you_mean(name, [*facts, *CONTROL_COLUMNS])
        raise UsageError("client.column_unknown", name=name, hint=hint)


def _check_section_column(rules: RuleSet, name: str) -> None:
    parts = name.split(".")
    if len(parts) != 3 or not all(parts):
        raise UsageError("client.section_column", name=name)
    if benefit_id(rules, parts[1]) is None:
        hint = did_you_mean(parts[1], rules.benefits)
        raise UsageError("client.unknown_benefit", name=name, benefit=parts[1], hint=hint)


def client_data(
    cells: Mapping[str, Any], rules: RuleSet, keep: Iterable[str] = ()
) -> dict[str, Any]:
    """A row's cells as the mapping a profile file holds (empty cells left out).

    A choice fact may list alternatives separated by ``;`` (as a profile's YAML list); a
    ``facts`` or ``benefits`` mapping (a nested record from Python) is taken as a profile's.
    """
    kept = set(keep)
    facts = rules.vocabulary().facts
    data: dict[str, Any] = {}
    # a kept column is carried into the results; one that is also a fact (or kind, name, …)
    # is still read as one
    found: dict[str, Any] = {}
    sections: dict[str, dict[str, Any]] = {}
    for column, value in cells.items():
        if column in kept and not _profile_column(column, facts):
            continue
        if column in ("facts", SECTION) and isinstance(value, Mapping):
            target = found if column == "facts" else sections
            for key, inner in value.items():
                target[str(key)] = dict(inner) if isinstance(inner, Mapping) else inner
            continue
        try:
            text = value if isinstance(value, (list, tuple, Mapping)) else _cell(value, column)
        except YtsubError as err:  # a float only arithmetic gives, an infinity
            raise ClientRowError(err, column) from None
        if text is None or (isinstance(text, (list, tuple)) and not text):
            continue
        if column in CONTROL_COLUMNS:
            data[column] = list(text) if isinstance(text, tuple) else text
        elif column.startswith(SECTION + "."):
            _, written, name = [*column.split(".", 2), "", ""][:3]
            benefit = benefit_id(rules, written) or written
            if name == "set" and isinstance(text, str):
                text = _assignments(text, column)
            sections.setdefault(benefit, {})[name] = text
        else:
            fact = facts.get(column)
            if fact is not None and fact.type == "choice" and isinstance(text, str) and ";" in text:
                text = [part.strip() for part in text.split(";") if part.strip()]
            found[column] = text
    if found:
        data["facts"] = found
    if sections:
        data[SECTION] = sections
    return data


def _profile_column(column: str, facts: Mapping[str, object]) -> bool:
    return column in CONTROL_COLUMNS or column in facts or column.startswith(SECTION + ".")


def _assignments(text: str, column: str) -> dict[str, str]:
    """``subsidy_rate=2%;cap=20万``: a benefit's parameters replaced, as a profile's ``set``."""
    found: dict[str, str] = {}
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        name, equals, value = part.partition("=")
        if not equals or not name.strip():
            wrong = Message("client.set_not_assignments", part=part)
            where = Message("client.column", column=column)
            raise ClientRowError(Message("text.at_file", where=where, message=wrong), column)
        found[name.strip()] = value.strip()
    return found


def column_of(loc: Sequence[str | int]) -> str | None:
    """The column a profile's key path stands in: ``["facts", "rd"]`` → ``rd``."""
    if not loc:
        return None
    head = str(loc[0])
    if head == "facts":
        return str(loc[1]) if len(loc) > 1 else "facts"
    if head == SECTION:
        return ".".join(str(part) for part in loc[:3])
    return head


class _Locator:
    """Names where a value of a row stands (``column rd``), and remembers the last column named
    (the error that follows is about it)."""

    def __init__(self, columns: Iterable[str] = ()) -> None:
        self.column: str | None = None
        self.columns = tuple(columns)

    def __call__(self, loc: Sequence[str | int]) -> Message:
        column = column_of(loc)
        if column is not None and column not in self.columns:
            # a benefit named by its section (benefits.voucher): the row's first column of it
            column = next((c for c in self.columns if c.startswith(column + ".")), column)
        self.column = column
        if self.column is None:
            return Message("client.the_row")
        return Message("client.column", column=self.column)


def row_source(listed: tuple[str, int]) -> str:
    """Where a row stands, as JSON's ``source`` says it in any language: ``LIST, row N``."""
    name, number = listed
    return f"{name}, row {number}" if name else f"row {number}"


def client_profile(
    rules: RuleSet,
    cells: Mapping[str, Any],
    listed: tuple[str, int],
    keep: Iterable[str] = (),
) -> Profile:
    """One row's profile (``listed``: the list's name and the row); raises
    :class:`ClientRowError` naming the column."""
    locator = _Locator(cells)
    source = row_source(listed)
    try:
        data = client_data(cells, rules, keep)
        profile = check_profile(data, rules, source=source, locate=locator)
    except ClientRowError:
        raise
    except YtsubError as err:
        raise ClientRowError(err, locator.column, err.exit_code) from None
    return profile._replace(listed=listed)


class ClientRowError(InputError):
    """A row of a client list that is not a profile; ``column``: where (None: the row).

    ``message``: a catalogue message, or the error found in the row (said in its language)."""

    def __init__(
        self, message: Message | YtsubError, column: str | None, exit_code: int = 1
    ) -> None:
        super().__init__(message if isinstance(message, Message) else Message("text", text=message))
        self.column = column
        self.exit_code = exit_code


def match_client(
    rules: RuleSet,
    number: int,
    profile: Profile | Mapping[str, Any],
    as_of: date | str | None,
    source: str,
    keep: Iterable[str] = (),
    today: date | None = None,
) -> Match | ClientError:
    """One client matched, or the error that stopped it (the message as the row's own).

    ``source``: the list's name (a row's profile is ``source, row N``; "" for rows from
    Python), or a :class:`Profile`'s own source."""
    name = None
    if not isinstance(profile, Profile):
        listed = (source, number)
        source = row_source(listed)
    try:
        if not isinstance(profile, Profile):
            name = _cell(profile.get("name"), "name") if "name" in profile else None
            profile = client_profile(rules, profile, listed, keep)
        name = profile.name
        return match(rules, profile, as_of, today=today)
    except ClientRowError as err:
        return ClientError(number, name, err.column, str(err), source, err.exit_code, err)
    except BenefitError as err:  # met while estimating: it names the row's columns
        said = Unframed(err, source)
        column = err.columns[0] if err.columns else None
        return ClientError(number, name, column, str(said), source, err.exit_code, said)
    except YtsubError as err:
        said = Unframed(err, source)
        return ClientError(number, name, None, str(said), source, err.exit_code, said)


def match_many(
    rules: RuleSet,
    profiles: Iterable[Profile | Mapping[str, Any]],
    as_of: date | str | None = None,
) -> Iterator[Match | ClientError]:
    """Match each profile, in order: a :class:`~yantai_subsidy.match.Match`, or a
    :class:`ClientError` for one that cannot be matched (and the next follows).

    ``profiles``: :class:`~yantai_subsidy.profile.Profile` objects, profile mappings as a
    YAML file holds them, or flat rows of a client list (``df.to_dict("records")``: NaN is an
    empty cell). ``as_of`` wins over each profile's own date, as ``--as-of`` does.
    """
    from . import values

    if as_of is not None:
        as_of = values.parse_date(as_of, "as_of")
    today = values.today()  # once: a run across midnight matches every client on one day
    for number, item in enumerate(profiles, start=1):
        if isinstance(item, Profile):
            yield match_client(rules, number, item, as_of, item.source, today=today)
        else:
            cells = {column_name(str(k)): v for k, v in item.items() if k is not None}
            yield match_client(rules, number, cells, as_of, "", today=today)
