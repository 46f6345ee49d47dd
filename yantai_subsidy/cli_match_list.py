"""``ytsub match CLIENTS``: every client of a list matched, one result per client, in order.

``ytsub match PROFILE`` reads one profile (YAML or JSON). A client list is told from it by
its name or by ``--input-format`` (:func:`.commands.list_format`): a ``.csv``,
``.jsonl``/``.ndjson`` or ``.xlsx``/``.xlsm`` file, a folder of profile files (``*.yaml``,
``*.yml``, ``*.json``, in name order), or ``-`` with ``--input-format csv|jsonl|xlsx``. The
list is read as a batch's input is (:mod:`.batch_read`: UTF-8 or GB18030, whole records),
the results written as a batch's (:mod:`.batch_write`, through :mod:`.atomic`), and long
lists matched in worker processes (:mod:`.batch_parallel`'s pool) with the output of
``--jobs 1``, byte for byte.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from . import shell
from .errors import Message, UsageError
from .result import DisplayUnit, Lang

if TYPE_CHECKING:
    from datetime import date

    from .batch_read import HiddenRead, Records, RowIn
    from .client_list import ClientError
    from .match import Match
    from .memo import MemoFolder
    from .ruleset import RuleSet

#: The profile files of a folder.
PROFILE_EXTENSIONS = (".yaml", ".yml", ".json")

#: A client list's CSV/XLSX columns: one row per client and claimable benefit (and with
#: --totals, per client and period); --keep columns follow.
COLUMNS = (
    "row",
    "name",
    "benefit",
    "measure",
    "period",
    "status",
    "low",
    "high",
    "basis",
    "grounds",
    "to_confirm",
    "unit",
    "group",
    "error",
)


class ListOptions(NamedTuple):
    """What ``ytsub match`` was given for a client list (text as written, None if not given)."""

    fmt: str | None
    lang: str | None
    unit: str | None
    as_of: str | None
    rules: str | None
    output: str | None = None
    keep: str | None = None
    totals: bool = False
    memo: str | None = None
    memo_format: str | None = None
    jobs: str | None = None
    quiet: bool = False
    encoding: str | None = None
    bom: bool = False


# --- one client --------------------------------------------------------------------------------


class Tally(NamedTuple):
    """What the summary needs of one client."""

    ok: bool
    measures: tuple[int, ...] = ()  # of its claimable benefits
    low: Decimal = Decimal(0)
    high: Decimal = Decimal(0)
    #: (benefit, warnings, assumptions, interpretations) of its claimable benefits, for CSV
    #: and XLSX, whose rows have no room for them (JSON lines carry each client's own)
    notes: tuple[tuple[Any, ...], ...] = ()
    #: its own as_of, which --as-of overrode (CSV and XLSX rows do not show the day used)
    day_overridden: bool = False
    #: a rule changed by the client's own set (its CSV rows say only "override")
    changed: bool = False


class Answer(NamedTuple):
    """One client, rendered: its output (a JSON line, or CSV/XLSX rows), its memo and tally."""

    row: int
    payload: bytes | list[list[object]]
    memo: tuple[str, str] | None  # (the name it wants, the text)
    tally: Tally


class Answerer:
    """Matches and renders one client at a time: the same in this process and in a worker,
    so that the output of any --jobs is the output of --jobs 1."""

    def __init__(
        self,
        rules: RuleSet,
        source: str,
        fmt: str,
        lang: Lang,
        unit: DisplayUnit,
        as_of: str | None,
        keep: tuple[tuple[str, str], ...] = (),
        totals: bool = False,
        memo: str | None = None,
        today: date | None = None,
    ) -> None:
        """``source``: the list's name (rows are ``SOURCE, row N``), or "" for a folder of
        profiles (each is its own file); ``memo``: the memos' format, None for no memos."""
        self.rules = rules
        self.source = source
        self.fmt = fmt
        self.lang: Lang = lang
        self.unit: DisplayUnit = unit
        self.as_of = as_of
        self.keep = keep
        self.totals = totals
        self.memo = memo
        self.today = today  # the day of a client without one, fixed for the run

    def __call__(
        self, number: int, cells: dict[str, Any] | None, problem: Message | None
    ) -> Answer:
        from .batch_write import with_kept
        from .client_list import ClientError, match_client

        if cells is None:  # a row that cannot be read (too long, not JSON, …)
            result: Match | ClientError = ClientError(
                number, None, None, str(problem or ""), self._source(number), said=problem
            )
        elif "path" in cells and self.source == "":  # a folder's profile file
            result = self._profile_file(number, cells["path"])
        else:
            result = match_client(
                self.rules,
                number,
                cells,
                self.as_of,
                self.source,
                [k for k, _ in self.keep],
                self.today,
            )
        rendered = self._render(number, result)
        payload: bytes | list[list[object]] = rendered
        if self.keep and isinstance(rendered, bytes):
            payload = _kept_line(with_kept(rendered, cells, self.keep))
        elif self.keep and isinstance(rendered, list):
            payload = [_kept_row(with_kept(row, cells, self.keep)) for row in rendered]
        memo = self._memo(number, result, cells)
        return Answer(number, payload, memo, _tally(result, notes=self.fmt != "jsonl"))

    def _source(self, number: int) -> str:
        from .client_list import row_source

        return row_source((self.source, number))

    def _profile_file(self, number: int, path: str) -> Match | ClientError:
        from .client_list import ClientError, Unframed
        from .errors import YtsubError
        from .match import match
        from .profile import read_profile

        try:
            return match(self.rules, read_profile(path, self.rules), self.as_of, today=self.today)
        except YtsubError as err:
            said = Unframed(err, path)
            return ClientError(number, None, None, str(said), path, said=said)

    def _render(self, number: int, result: Match | ClientError) -> bytes | list[list[object]]:
        from .match import Match

        if self.fmt == "jsonl":
            if isinstance(result, Match):
                from .render.json_ import match_object

                data = {"row": number, **match_object(result, self.lang)}
            else:
                data = result.to_dict(self.lang)
            line = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
            return line.encode("utf-8")
        if not isinstance(result, Match):
            failed = ["error", *[""] * 7, result.render(self.lang)]
            return [[number, result.name or "", "", "", "", *failed]]
        return client_rows(number, result, self.totals)

    def _memo(
        self, number: int, result: Match | ClientError, cells: dict[str, Any] | None
    ) -> tuple[str, str] | None:
        from .match import Match

        if self.memo is None or not isinstance(result, Match):
            return None
        from .memo import memo_text

        wanted = None
        if self.keep and cells is not None:
            wanted = cells.get(self.keep[0][0])
        if wanted is None or str(wanted).strip() == "":
            wanted = result.profile.name
        if (wanted is None or wanted == "") and cells is not None and "path" in cells:
            wanted = os.path.splitext(os.path.basename(cells["path"]))[0]
        name = str(wanted).strip() if wanted is not None else ""
        return name or f"client-{number}", memo_text(result, self.memo, self.lang, self.unit)


def _kept_line(payload: bytes | list[object]) -> bytes:
    assert isinstance(payload, bytes)
    return payload


def _kept_row(payload: bytes | list[object]) -> list[object]:
    assert isinstance(payload, list)
    return payload


def client_rows(number: int, m: Match, totals: bool) -> list[list[object]]:
    """A client's CSV/XLSX rows: one per claimable benefit (or one saying there is none), then
    with ``totals`` one per period and one over all periods (each group counted once)."""
    from .render.words import unconfirmed_ids, waits_on

    name = m.profile.name or ""
    rows: list[list[object]] = []
    for entry in m.claimable:
        est = entry.estimate
        amount = est.amount.to_dict()
        pending = ";".join(f"{est.benefit}.{cid}" for cid in unconfirmed_ids(est))
        rows.append(
            [
                number,
                name,
                entry.key,
                est.measure,
                est.period,
                est.status,
                amount["low"],
                amount["high"] or "",
                amount["basis"],
                est.grounds,
                pending,
                amount["unit"],
                entry.group or "",
                "",
            ]
        )
    if not rows:
        rows.append([number, name, "", "", "", "none", *[""] * 8])
    if totals:
        from .result import amount_text

        total = m.total
        sums = [(p.period, p.low, p.high, p.grounds, p.benefits) for p in total.periods]
        every = tuple(key for p in total.periods for key in p.benefits)
        sums.append(("all", total.low, total.high, total.grounds, every))
        for period, low, high, grounds, counted in sums:
            rows.append(
                [
                    number,
                    name,
                    "total",
                    "",
                    period,
                    "total",
                    amount_text(low, "CNY"),
                    amount_text(high, "CNY"),
                    "range",
                    grounds,
                    ";".join(waits_on(m, counted)),
                    "CNY",
                    "",
                    "",
                ]
            )
    return rows


def _tally(result: Match | ClientError, notes: bool) -> Tally:
    from .match import Match

    if not isinstance(result, Match):
        return Tally(False)
    said = (
        tuple(
            (e.benefit, e.warnings, e.assumptions, e.interpretations)
            for e in (entry.estimate for entry in result.claimable)
            if e.warnings or e.assumptions or e.interpretations
        )
        if notes
        else ()
    )
    return Tally(
        True,
        tuple(entry.estimate.measure for entry in result.claimable),
        result.total.low,
        result.total.high,
        said,
        result.profile.as_of is not None and result.profile.as_of != result.as_of,
        any(entry.estimate.overrides for entry in result.claimable),
    )


# --- the summary --------------------------------------------------------------------------------


class Summary:
    """Clients matched, claimable benefits by measure, and the range over all clients."""

    def __init__(self) -> None:
        self.clients = 0
        self.failed = 0
        self.blank = 0
        self.by_measure: Counter[int] = Counter()
        self.low = Decimal(0)
        self.high = Decimal(0)
        self.days_overridden = 0
        self.as_of_given: str | None = None
        self.changed = 0
        self.overlays: tuple[str, ...] = ()  # the files --rules overlaid, as a batch names them
        self.overlay_risks: tuple[Message, ...] = ()  # what others can write of the overlay
        #: an XLSX list's hidden rows and columns, read as the others (as a batch says them)
        self.hidden: HiddenRead | None = None
        from .batch import Summary as BatchSummary

        #: each warning, assumption and interpretation met once, said as batch says them
        self.notes = BatchSummary()

    def add(self, tally: Tally) -> None:
        self.clients += 1
        if not tally.ok:
            self.failed += 1
            return
        for note in tally.notes:
            self.notes._note(note)
        self.by_measure.update(tally.measures)
        self.low += tally.low
        self.high += tally.high
        self.days_overridden += tally.day_overridden
        self.changed += tally.changed

    def lines(self, lang: Lang) -> list[str]:
        """The summary on stderr, in the language of the run (messages.py, ``summary.*``)."""
        from .errors import Joined, listing
        from .values import format_money

        counts = {
            "matched": self.clients - self.failed,
            "failed": self.failed,
            "claimable": sum(self.by_measure.values()),
            "total": f"¥{format_money(self.low)} – ¥{format_money(self.high)}",
        }
        parts = [
            Message("summary.one_client", **counts)
            if self.clients == 1
            else Message("summary.clients", clients=self.clients, **counts)
        ]
        if self.blank:
            parts.append(Message("summary.blank", count=self.blank))
        if self.days_overridden and self.as_of_given:
            parts.append(
                Message("summary.days_overridden", count=self.days_overridden, day=self.as_of_given)
            )
        if self.changed:
            parts.append(Message("summary.clients_changed", count=self.changed))
        if self.overlays:
            parts.append(Message("summary.overlays", listed=listing(self.overlays)))
        parts.extend(self.overlay_risks)
        if self.hidden is not None:
            parts.extend(self.hidden.parts("summary.hidden_clients"))
        head = Joined("; ", parts).render(lang)
        if not self.by_measure:
            return [head]
        listed = Joined(
            ", ",
            (
                Message("summary.measure_count", measure=n, count=count)
                for n, count in sorted(self.by_measure.items())
            ),
        )
        return [head, Message("summary.by_measure", listed=listed).render(lang)]


# --- running the list ---------------------------------------------------------------------------


def run_list(path: str, kind: str, options: ListOptions) -> int:
    """Match every client of the list at ``path`` (read as ``kind``); the exit code."""
    from . import batch_parallel as parallel
    from . import batch_read as reading
    from .atomic import ends_cleanly
    from .batch_write import Writer
    from .cli_batch import (
        _destination,
        _jobs,
        _keep,
        _refuse_unknown_kept,
        output_format,
        stdout_if_dash,
    )
    from .client_list import check_columns
    from .loader import load_rules
    from .memo import MemoFolder, memo_format

    # Every option is checked before the input is opened or an output touched.
    output = stdout_if_dash(options.output)
    fmt = output_format(options.fmt, output)
    lang = shell.language(options.lang)
    unit = shell.display_unit(options.unit)
    jobs = _jobs(options.jobs)
    if jobs is not None:
        parallel.worker_count(jobs, None)
    if options.encoding is not None:
        reading.check_encoding(options.encoding)
    if options.bom and fmt != "csv":
        raise UsageError("client.bom_not_csv", fmt=fmt)
    keep_names = _keep(options.keep, COLUMNS)
    keep = tuple((reading.column_name(name), name) for name in keep_names)
    if keep and kind == "folder":
        raise UsageError("client.keep_with_folder")
    if options.memo == "":  # else read as this folder, refused only after every client was answered
        raise UsageError("memo.empty_name")
    if options.memo == "-":  # not stdout, as -o - is: a memo is one file per client
        raise UsageError("memo.dash")
    if options.memo_format is not None and options.memo is None:
        raise UsageError("client.memo_format_without_memo")
    memo_kind = memo_format(options.memo_format) if options.memo is not None else None
    from .values import parse_date, today

    # today, fixed once for the run: the day of a client without its own, and with --as-of
    # the day an XLSX output is dated
    day = today()
    dated = day if options.as_of is None else parse_date(options.as_of, "--as-of")
    if options.memo is not None and output is not None and _within(output, options.memo):
        raise UsageError("client.output_in_memo", output=output, memo=options.memo)
    rules = load_rules(options.rules)

    with contextlib.ExitStack() as stack:
        stack.enter_context(ends_cleanly())
        memos = None
        if options.memo is not None:  # a folder that is taken or cannot be written: refused now
            memos = stack.enter_context(MemoFolder.opened(options.memo, memo_kind or "markdown"))
        size: int | None = None
        source: Records | Iterable[RowIn]
        hidden = reading.HiddenRead()  # a sheet's, read in this process whatever --jobs
        if kind == "folder":
            files = _profile_files(path, output)
            source = [(number, {"path": file}, None) for number, file in enumerate(files, start=1)]
            label = ""
        else:
            stream, seekable, size = reading.open_input(path)
            if path != "-":
                stack.callback(stream.close)
            label = "<stdin>" if path == "-" else path
            from .cli_batch import _refuse_writing_the_input

            _refuse_writing_the_input(stream, path, output)
            source, names = _read_list(stream, kind, options.encoding, seekable, output, hidden)
            if names is not None:
                check_columns(rules, names, [k for k, _ in keep])
                _refuse_unknown_kept(keep_names, list(names))
        workers = parallel.worker_count(jobs, size)
        settings = (label, fmt, lang, unit, options.as_of, keep, options.totals, memo_kind, day)
        summary = Summary()
        summary.as_of_given = options.as_of  # a client's own as_of then says --as-of won
        summary.overlays = rules.overlays
        summary.overlay_risks = rules.overlay_risks
        summary.hidden = hidden
        where = stack.enter_context(_destination(output, fmt))
        text, binary = (where.stream, None) if fmt == "csv" else (None, where.stream)
        writer = Writer(
            fmt,
            text=text,
            binary=binary,
            lang=lang,
            bom=options.bom,
            keep=keep_names,
            columns=COLUMNS,
            sheet="clients",
            dated=dated,
        )
        sink = _sink(writer, memos, summary)
        if workers > 1:
            # what the workers remove if this process is killed: the half memo folder and output
            leftovers = (*([memos.temp] if memos and memos.temp else []), *where.leftovers)
            _run_parallel(source, workers, (rules, *settings), leftovers, sink, summary)
        else:
            answer = Answerer(rules, *settings)
            for number, cells, problem in _rows(source):
                if cells is None and problem is None:
                    summary.blank += 1
                    continue
                sink(answer(number, cells, problem))
        if summary.clients == 0:  # (a folder's files, or rows all blank past the first)
            raise reading.BatchInputError("client.no_client")
        writer.close()
        if memos is not None:
            memos.commit()  # before the output is renamed: a failure leaves neither
    if not options.quiet:
        for line in summary.lines(lang):
            shell.say(line)
        for line in summary.notes.note_lines(lang):  # CSV and XLSX rows have no room for them
            shell.say(line)
    return 1 if summary.failed else 0


def _within(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or lies inside it (through links)."""
    found, root = os.path.realpath(path), os.path.realpath(folder)
    return found == root or found.startswith(root.rstrip(os.sep) + os.sep)


def _profile_files(folder: str, output: str | None) -> list[str]:
    """The folder's profile files, in name order (hidden files and subfolders left out)."""
    from .batch_read import BatchInputError
    from .errors import os_reason

    try:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda e: e.name)
    except OSError as err:
        raise BatchInputError("input.cannot_read", path=folder, reason=os_reason(err)) from None
    files = [
        os.path.join(folder, e.name)
        for e in entries
        if not e.name.startswith(".")
        and e.name.lower().endswith(PROFILE_EXTENSIONS)
        and e.is_file()
    ]
    if not files:
        raise BatchInputError("client.folder_no_profiles", folder=folder)
    if output is not None:
        for file in files:
            with contextlib.suppress(OSError):
                if os.path.samefile(file, output):
                    raise UsageError("client.output_is_profile", output=output)
    return files


def _read_list(
    stream: Any,
    kind: str,
    encoding: str | None,
    seekable: bool,
    output: str | None,
    hidden: HiddenRead | None = None,
) -> tuple[Records | Iterator[RowIn], tuple[str, ...] | None]:
    """The list's records (its header read and checked now), or an XLSX sheet's rows; and
    the columns of a CSV or a sheet (None for JSON lines, whose rows name their own).

    ``hidden``: where a sheet's hidden rows and columns that were read are counted."""
    from . import batch_read as reading
    from .client_list import CLIENT_HEADER

    if kind == "xlsx":  # the sheet is read and bounded as a batch's, then handed out as rows
        rows, head = _first_client(
            reading.read_rows(stream, kind, header=CLIENT_HEADER, hidden=hidden),
            lambda row: row[1] is None and row[2] is None,
        )
        return rows, None if head[1] is None else tuple(head[1])
    if seekable and output is None:
        # stdout cannot be taken back: bytes that are not the encoding, or a quote never
        # closed, refuse the input before anything is written (as batch does)
        encoding = reading.scan_input(stream, kind, encoding, CLIENT_HEADER)
    records = reading.read_records(stream, kind, encoding, seekable, header=CLIENT_HEADER)
    items, _ = _first_client(
        records.items,
        (lambda line: not line.strip()) if kind == "jsonl" else (lambda f: not "".join(f).strip()),
    )
    return records._replace(items=items), records.names if kind == "csv" else None


def _first_client(items: Iterator[Any], blank: Callable[[Any], bool]) -> tuple[Iterator[Any], Any]:
    """The items again, and the first that is not blank, read before anything is written: a
    list with no client is refused (exit 2) while the output is still untouched."""
    from .batch_read import BatchInputError

    seen = []
    for item in items:
        seen.append(item)
        if not blank(item):
            return itertools.chain(seen, items), item
    raise BatchInputError("client.no_client")


def _rows(source: Records | Iterable[RowIn], first: int = 1) -> Iterator[RowIn]:
    from .batch_read import Records, rows_of

    if isinstance(source, Records):
        return rows_of(source, first)
    return iter(source)


def _sink(writer: Any, memos: MemoFolder | None, summary: Summary) -> Callable[[Answer], None]:
    """Where each answer goes, in input order: the output, the memo folder, the summary."""

    def take(answer: Answer) -> None:
        if isinstance(answer.payload, bytes):
            writer.emit(answer.payload)
        else:
            for row in answer.payload:
                writer.emit(row)
        if memos is not None and answer.memo is not None:
            memos.add(*answer.memo)
        summary.add(answer.tally)

    return take


# --- in worker processes -------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _start_worker(rules: RuleSet, *settings: Any) -> None:
    """A worker answers with the rules the main process loaded (inherited where it forks)."""
    _WORKER["answer"] = Answerer(rules, *settings)


def _work(chunk: Any) -> tuple[list[Answer], int]:
    """A chunk of whole records answered in a worker; and how many rows were blank."""
    from .batch_read import Records

    answer: Answerer = _WORKER["answer"]
    rows = (
        chunk.items if chunk.fmt == "rows" else Records(chunk.fmt, chunk.names, iter(chunk.items))
    )
    out: list[Answer] = []
    blank = 0
    for number, cells, problem in _rows(rows, chunk.first):
        if cells is None and problem is None:
            blank += 1
            continue
        out.append(answer(number, cells, problem))
    return out, blank


def _run_parallel(
    source: Records | Iterable[RowIn],
    jobs: int,
    settings: tuple[Any, ...],
    leftovers: tuple[str, ...],
    sink: Callable[[Answer], None],
    summary: Summary,
) -> None:
    """Chunks of whole records to ``jobs`` workers, their answers taken in input order;
    ``leftovers``: what the workers remove if this process is killed."""
    from .batch_parallel import _chunks, run_in_order

    def take(result: tuple[list[Answer], int]) -> None:
        answers, blank = result
        summary.blank += blank
        for answer in answers:
            sink(answer)

    run_in_order(jobs, (_start_worker, settings, leftovers), _work, _chunks(source), take)
