"""Batch estimates: rows in (CSV, JSONL, XLSX), one result out per row, streamed, in order.

A row names its benefit (column ``benefit``, or ``measure``), gives the
benefit's options in snake_case columns, and may hold ``confirm`` / ``deny``
(``;``-separated condition ids), ``set`` (``;``-separated PARAM=VALUE) and
``as_of``. An empty cell means "not given". A row that cannot be estimated
yields an error row with the message the single command would give, and the
batch goes on: no row is ever lost. Rows are read, computed and written one at
a time, so memory stays flat however long the input.

The row's way through: :mod:`.batch_read` reads records and makes them rows,
:class:`RowEstimator` (here) estimates each, :mod:`.batch_write` renders and writes the
result, and :mod:`.batch_parallel` spreads the work over processes for long inputs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from .batch_read import (
    BENEFIT_COLUMNS,
    PLAN_COLUMNS,
    SNIFF_BYTES,
    BatchInputError,
    HiddenRead,
    Records,
    RowIn,
    _cell,
    _plan_cells_as_text,
    check_encoding,
    check_workbook,
    choose_encoding,
    column_name,
    detect_encoding,
    input_format,
    open_input,
    read_records,
    read_rows,
    rows_of,
    scan_input,
)
from .batch_write import (
    CSV_COLUMNS,
    Rendered,
    Result,
    RowError,
    Tally,
    Writer,
    flat_row,
    render_result,
    with_kept,
)
from .engine import Plan, plan
from .errors import InputError, Joined, Message, UsageError, YtsubError, listing
from .render.json_ import jsonl_record
from .result import Estimate, Lang, record
from .ruleset import RuleSet
from .values import parse_date

__all__ = [
    "BENEFIT_COLUMNS",
    "CSV_COLUMNS",
    "PLAN_COLUMNS",
    "SNIFF_BYTES",
    "BatchInputError",
    "HiddenRead",
    "Records",
    "Rendered",
    "Result",
    "RowError",
    "RowEstimator",
    "RowIn",
    "Summary",
    "Tally",
    "Writer",
    "check_encoding",
    "check_workbook",
    "choose_encoding",
    "column_name",
    "detect_encoding",
    "estimate_many",
    "estimate_row",
    "flat_row",
    "input_format",
    "open_input",
    "read_records",
    "read_rows",
    "render_result",
    "rows_of",
    "run_batch",
    "scan_input",
    "with_kept",
]

CONTROL_COLUMNS = ("confirm", "deny", "set", "as_of", "row")


# --- estimating rows ----------------------------------------------------------------------


class RowEstimator:
    """Estimates rows against one rule set, preparing each benefit's plan once.

    Rows of a batch mostly share their benefit, date and confirmations: the prepared
    :class:`~yantai_subsidy.engine.Plan` is looked up by those cells as written.
    """

    def __init__(
        self,
        rules: RuleSet,
        as_of: date | str | None = None,
        columns: Iterable[str] | None = None,
        keep: Iterable[str] = (),
    ) -> None:
        """``columns``: the file's column names, when every row has the same (a CSV's header);
        ``keep``: columns carried into the output (``--keep``), not options of any benefit."""
        self.rules = rules
        self.as_of = as_of
        self._keep = frozenset(keep)
        #: columns that are never a benefit's option, checked by nothing else
        self._ignored = frozenset((*BENEFIT_COLUMNS, *CONTROL_COLUMNS, *self._keep))
        #: benefits whose amount is the claimant's own money: never in a batch's total
        self.own_money = frozenset(b.id for b in rules.benefits.values() if b.own_money)
        #: the run's day (a row's own as_of cell wins over it); a bad one is each row's error
        self.day: date | None = None
        with contextlib.suppress(YtsubError):
            self.day = None if as_of is None else parse_date(as_of, "--as-of")
        self._plans: dict[tuple[object, ...], tuple[Plan, frozenset[str]]] = {}
        present = None if columns is None else set(columns)
        self._keys = tuple(c for c in PLAN_COLUMNS if present is None or c in present)

    def __call__(self, cells: Mapping[str, object]) -> Estimate:
        """A row whose column names are already normalised (``column_name``)."""
        key = tuple(map(cells.get, self._keys))
        try:
            prepared = self._plans.get(key)
        except TypeError:  # an unhashable cell (a list from JSON): prepare without remembering
            prepared = None
        if prepared is None:
            prepared = self._prepare(cells)
            with contextlib.suppress(TypeError):
                if len(self._plans) > 1024:
                    self._plans.clear()
                self._plans[key] = prepared
        prepared_plan, options = prepared
        inputs: dict[str, object] = {}
        for column, value in cells.items():
            if type(value) is str:  # a CSV cell: most cells of a wide mixed file are empty
                if not value or value.isspace():
                    continue  # what _cell says of it: not given, in any column
                if column in options:
                    inputs[column] = value.strip()
                    continue
            elif column in options:
                if isinstance(value, (bool, Decimal, int)) or (
                    isinstance(value, date) and not isinstance(value, datetime)
                ):
                    text: object = value
                else:
                    text = _cell(value, column)
                if text is not None:
                    inputs[column] = text
                continue
            if column not in self._ignored and (
                type(value) is str or _cell(value, column) is not None
            ):
                spec = prepared_plan.spec
                listed = listing(sorted(spec.options))
                raise UsageError(
                    "batch.column_not_an_option", column=column, benefit=spec.id, listed=listed
                )
        return prepared_plan.run(inputs)

    def _prepare(self, cells: Mapping[str, object]) -> tuple[Plan, frozenset[str]]:
        benefit, measure = _cell(cells.get("benefit")), _cell(cells.get("measure"))
        if benefit is None and measure is None:
            raise UsageError("batch.no_benefit_cell")
        prepared = plan(
            self.rules,
            benefit or measure or "",
            _cell(cells.get("as_of")) or self.as_of,
            confirm=_list(cells.get("confirm")),
            deny=_list(cells.get("deny")),
            overrides=_list(cells.get("set")),
        )
        if benefit is not None and measure is not None:
            named = self.rules.measure(measure).number
            if named != prepared.spec.measure:
                raise InputError(
                    "batch.benefit_measure_disagree",
                    benefit=benefit,
                    measure=prepared.spec.measure,
                    cell=measure,
                )
        return prepared, frozenset(prepared.spec.options)


def estimate_row(
    rules: RuleSet,
    row: Mapping[str, object],
    as_of: date | str | None = None,
) -> Estimate:
    """One row: its benefit, options, conditions and overrides, as ``ytsub estimate`` takes them.

    Column names may be written ``guarantee-fee-rate`` or ``Guarantee_Fee_Rate``.
    """
    cells = {column_name(str(key)): value for key, value in row.items() if key is not None}
    return RowEstimator(rules, as_of)(cells)


def _list(value: object) -> list[str]:
    text = _cell(value)
    return [] if text is None else [part.strip() for part in text.split(";") if part.strip()]


def estimate_many(
    rules: RuleSet, rows: Iterable[Mapping[str, object]], as_of: date | str | None = None
) -> Iterator[Estimate | RowError]:
    """Estimate each row; a row that fails yields a :class:`RowError`, and the next row follows.

    ``rows`` are mappings of column names to cells, as ``csv.DictReader`` or
    ``DataFrame.to_dict("records")`` give them (None, "" or NaN for an empty cell; a float
    is read as the figure written, see :func:`_cell`).
    """
    estimator = RowEstimator(rules, as_of)
    for number, row in enumerate(rows, start=1):
        cells = {column_name(str(key)): value for key, value in row.items() if key is not None}
        yield _one(estimator, number, cells).value


def _one(estimator: RowEstimator, number: int, cells: dict[str, Any]) -> Result:
    try:
        _plan_cells_as_text(cells)
        return record(Result, (number, estimator(cells)))
    except YtsubError as err:
        raw = cells.get("benefit") or cells.get("measure")
        return Result(
            number, RowError(number, None if raw is None else str(raw), str(err), err.exit_code)
        )


#: How many different sets of notes a summary keeps (a warning may hold a row's own date).
NOTES_KEPT = 256


class Summary:
    """Counts and the total range, for the line on stderr."""

    def __init__(self) -> None:
        self.rows = 0
        self.ok = 0
        self.failed = 0
        self.blank = 0
        self.low = Decimal(0)
        #: The total of the highs; a row whose high the document does not state adds its low.
        self.high = Decimal(0)
        #: Benefits with no stated maximum (unpublished, at least …): listed, not added, as
        #: ``match`` does. (Their sum would otherwise read "unbounded".)
        self.unstated: set[str] = set()
        self.unstated_rows = 0
        #: Benefits whose amount is the claimant's own money (hpf-rent): listed, not added,
        #: as ``match`` does.
        self.own_money: set[str] = set()
        self.own_money_rows = 0
        #: Rows estimated as of their own as_of cell rather than the run's day; said when the
        #: run's day was given (--as-of), which a CSV or XLSX output does not show per row.
        self.own_day_rows = 0
        self.as_of_given: str | None = None
        self.other_units = 0
        self.overridden = 0  # rows estimated with --set (their `set` cell) or --tiers
        self.overlays: tuple[str, ...] = ()
        self.overlay_risks: tuple[Message, ...] = ()  # what others can write of the overlay
        #: (benefit, warnings, assumptions, interpretations) of the rows, each once, in the
        #: order first met: said on stderr beside CSV and XLSX, which have no room for them.
        self.notes: dict[tuple[Any, ...], None] = {}
        self.notes_left_out = 0
        #: an XLSX input's hidden rows and columns, read as the others: said, not left out
        self.hidden: HiddenRead | None = None

    def merge(self, other: Summary) -> None:
        """Add the counts of a chunk summarised elsewhere (a worker process)."""
        self.rows += other.rows
        self.blank += other.blank
        self.ok += other.ok
        self.failed += other.failed
        self.other_units += other.other_units
        self.overridden += other.overridden
        self.low += other.low
        self.high += other.high
        self.unstated |= other.unstated
        self.unstated_rows += other.unstated_rows
        self.own_money |= other.own_money
        self.own_money_rows += other.own_money_rows
        self.own_day_rows += other.own_day_rows
        for key in other.notes:
            self._note(key)
        self.notes_left_out += other.notes_left_out

    def _note(self, key: tuple[Any, ...]) -> None:
        if key in self.notes:
            return
        if len(self.notes) < NOTES_KEPT:
            self.notes[key] = None
        else:
            self.notes_left_out += 1

    def note_lines(self, lang: Lang) -> list[str]:
        """Each warning, assumption and interpretation met once, naming its benefits."""
        from .render.words import aside, colon, word

        found: dict[tuple[str, str], list[str]] = {}
        for benefit, warnings, assumptions, interpretations in self.notes:
            for kind, group in (
                ("assumption", assumptions),
                ("warning", warnings),
                ("interpretation", interpretations),
            ):
                for note in group:
                    benefits = found.setdefault((kind, note.render(lang)), [])
                    if benefit not in benefits:
                        benefits.append(benefit)
        order = {"assumption": 0, "warning": 1, "interpretation": 2}
        lines = [
            f"{word(kind, lang)}{aside(', '.join(ids), lang)}{colon(lang)}{text}"
            for (kind, text), ids in sorted(found.items(), key=lambda item: order[item[0][0]])
        ]
        if self.notes_left_out:
            lines.append(Message("summary.notes_left_out", count=self.notes_left_out).render(lang))
        return lines

    def add(self, tally: Tally) -> None:
        self.rows += 1
        if not tally.ok:
            self.failed += 1
            return
        self.ok += 1
        if tally.overridden:
            self.overridden += 1
        if tally.unit != "CNY":
            self.other_units += 1
            return
        self.low += tally.low
        if tally.high is None:
            self.unstated_rows += 1
            self.high += tally.low
        else:
            self.high += tally.high

    def line(self, lang: Lang = "en") -> str:
        """The summary on stderr, in the language of the batch (messages.py, ``summary.*``)."""
        from .values import format_money

        total = f"¥{format_money(self.low)} – ¥{format_money(self.high)}"
        counts = {"ok": self.ok, "failed": self.failed, "total": total}
        parts = [
            Message("summary.one_row", **counts)
            if self.rows == 1
            else Message("summary.rows", rows=self.rows, **counts)
        ]
        if self.unstated_rows:
            listed = listing(sorted(self.unstated))
            parts.append(Message("summary.unstated", count=self.unstated_rows, listed=listed))
        if self.own_money_rows:
            listed = listing(sorted(self.own_money))
            parts.append(Message("summary.own_money", count=self.own_money_rows, listed=listed))
        if self.own_day_rows and self.as_of_given:
            parts.append(Message("summary.own_day", count=self.own_day_rows, day=self.as_of_given))
        if self.other_units:
            parts.append(Message("summary.other_units", count=self.other_units))
        if self.blank:
            parts.append(Message("summary.blank", count=self.blank))
        if self.overridden:
            parts.append(Message("summary.overridden", count=self.overridden))
        if self.overlays:
            parts.append(Message("summary.overlays", listed=listing(self.overlays)))
        parts.extend(self.overlay_risks)
        if self.hidden is not None:
            parts.extend(self.hidden.parts("summary.hidden_rows"))
        return Joined("; ", parts).render(lang)


def _estimate_rows(
    estimator: RowEstimator,
    rows: Iterable[RowIn],
    fmt: str,
    lang: Lang,
    emit: Callable[[Any], Any],
    progress: Any = None,
    keep: tuple[tuple[str, str], ...] = (),
) -> Summary:
    """Estimate each row and hand its rendering to ``emit``, in order; the summary of them all.

    ``keep``: input columns carried into every output row, as (normalised name, label).

    This loop runs once per row of every batch, serial or in a worker, so it does the work of
    ``render_result`` and ``Summary.add`` inline.
    """
    summary = Summary()
    jsonl = fmt == "jsonl"
    # The counts and totals live in locals while the loop runs (attribute updates on every row
    # cost more), and go into the summary at the end.
    ok = failed = blank = overridden = other_units = 0
    low: Decimal = Decimal(0)
    high: Decimal = Decimal(0)
    own_money = estimator.own_money
    day = estimator.day
    own_day = 0
    for number, cells, problem in rows:
        if cells is None:
            if problem is None:
                blank += 1
                continue
            error = RowError(number, None, problem.render(lang))
        else:
            try:
                est = estimator(cells)
            except YtsubError as err:
                raw = cells.get("benefit") or cells.get("measure")
                error = RowError(
                    number, None if raw is None else str(raw), err.render(lang), err.exit_code
                )
            else:
                payload = (
                    jsonl_record(est, lang, number) if jsonl else flat_row(Result(number, est))
                )
                emit(with_kept(payload, cells, keep) if keep else payload)
                ok += 1
                if est.overrides:
                    overridden += 1
                if not jsonl and (est.warnings or est.assumptions or est.interpretations):
                    summary._note((est.benefit, est.warnings, est.assumptions, est.interpretations))
                if est.as_of != day:
                    own_day += 1
                amount = est.amount
                if amount.unit != "CNY":
                    other_units += 1
                elif est.benefit in own_money:  # listed, not added (as match does)
                    summary.own_money_rows += 1
                    summary.own_money.add(est.benefit)
                else:
                    low += amount.low
                    if amount.high is not None:
                        high += amount.high
                    else:  # no stated maximum: listed, not added (its low is)
                        high += amount.low
                        summary.unstated_rows += 1
                        summary.unstated.add(est.benefit)
                if progress is not None:
                    progress(number)
                continue
        payload = render_result(Result(number, error), fmt, lang).payload
        emit(with_kept(payload, cells, keep) if keep else payload)
        failed += 1
        if progress is not None:
            progress(number)
    summary.rows, summary.ok, summary.failed, summary.blank = ok + failed, ok, failed, blank
    summary.own_day_rows = own_day
    summary.overridden, summary.other_units = overridden, other_units
    summary.low, summary.high = low, high
    return summary


def run_batch(
    rules: RuleSet,
    rows: Iterable[RowIn],
    writer: Writer,
    as_of: date | str | None = None,
    progress: Any = None,
) -> Summary:
    """Estimate and write each row as it is read, in this process; returns the summary."""
    emit: Callable[[Any], Any] = writer.emit
    if writer.fmt == "jsonl" and writer.binary is not None:
        emit = writer.binary.write  # a JSON line goes straight to the stream
    keep = writer.keep
    estimator = RowEstimator(rules, as_of, keep=[key for key, _ in keep])
    summary = _estimate_rows(estimator, rows, writer.fmt, writer.lang, emit, progress, keep)
    summary.overlays = rules.overlays
    summary.overlay_risks = rules.overlay_risks
    writer.close()
    return summary
