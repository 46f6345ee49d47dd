"""Running a batch in worker processes: whole records in, rendered rows out, in input order.

The main process reads the input and finds where each record ends; workers receive chunks of
whole records over the pool's pipes (never byte ranges), estimate and render them, and the
main process writes their output in order. The output is the serial output, byte for byte.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from .batch import RowEstimator, Summary, _estimate_rows
from .batch_read import Records, RowIn, rows_of
from .batch_write import Writer, _ExcelSafeWriter
from .errors import UsageError
from .result import Lang

if TYPE_CHECKING:  # multiprocessing is imported only when a batch runs in parallel
    from multiprocessing.pool import Pool

# --- in parallel ------------------------------------------------------------------------------
#
# Estimating is CPU work and rows are independent, so a long batch spreads chunks of rows over
# worker processes and writes their results in input order as they come back. At most a few
# chunks are in flight: memory stays flat however long the input.

CHUNK_ROWS = 2000
_WORKER: dict[str, Any] = {}


def _start_worker(
    rules_dir: str | None,
    as_of: date | str | None,
    fmt: str,
    lang: Lang,
    lineterminator: str,
    excel: bool = False,
    keep: tuple[tuple[str, str], ...] = (),
) -> None:
    import signal

    from .loader import load_rules

    # Ctrl-C reaches the workers too; the main process alone answers it (it ends the pool),
    # so a worker must not print a traceback of its own. SIGTERM (how the pool ends a worker)
    # does its default, whatever handler the main process had when it forked.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGPIPE"):  # the main process is gone: end silently, not with a traceback
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    _end_with_the_parent()
    _WORKER.update(
        estimator=RowEstimator(load_rules(rules_dir), as_of, keep=[key for key, _ in keep]),
        keep=keep,
        as_of=as_of,
        fmt=fmt,
        lang=lang,
        lineterminator=lineterminator,
        excel=excel,
    )


def _end_with_the_parent() -> None:
    """A worker whose main process died (SIGKILL, a crash) ends too, instead of waiting on
    its pipe forever and printing tracebacks later."""
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="ytsub-parent-watch", daemon=True).start()


class Chunk(NamedTuple):
    """Whole records for a worker: their format (``rows`` when already read into cells, as an
    XLSX sheet's are), the CSV header's names, the number of the first, and the records."""

    fmt: str
    names: tuple[str, ...]
    first: int
    items: list[Any]


def _work(chunk: Chunk) -> tuple[bytes | str | list[list[object]], Summary]:
    """A chunk rendered in a worker: JSONL as bytes, CSV as text, XLSX as rows of cells; its summary."""
    estimator, fmt, lang = _WORKER["estimator"], _WORKER["fmt"], _WORKER["lang"]
    payloads: list[Any] = []
    if chunk.fmt == "rows":
        rows: Iterable[RowIn] = chunk.items
    else:
        rows = rows_of(Records(chunk.fmt, chunk.names, iter(chunk.items)), chunk.first)
    summary = _estimate_rows(estimator, rows, fmt, lang, payloads.append, keep=_WORKER["keep"])
    if fmt == "jsonl":
        return b"".join(payloads), summary
    if fmt == "csv":
        text = io.StringIO()
        rows_out: Any = csv.writer(text, lineterminator=_WORKER["lineterminator"])
        if _WORKER["excel"]:
            rows_out = _ExcelSafeWriter(rows_out)
        rows_out.writerows(payloads)
        return text.getvalue(), summary
    return payloads, summary


def _chunks(source: Records | Iterable[RowIn]) -> Iterator[Chunk]:
    """Whole records in chunks of :data:`CHUNK_ROWS`, numbered in input order."""
    if isinstance(source, Records):
        fmt, names, items = source.fmt, source.names, source.items
    else:
        fmt, names, items = "rows", (), iter(source)
    first = 1
    while batch := list(itertools.islice(items, CHUNK_ROWS)):
        yield Chunk(fmt, names, first, batch)
        first += len(batch)


@contextlib.contextmanager
def _worker_pool(
    jobs: int, initializer: Callable[..., None], settings: tuple[Any, ...]
) -> Iterator[Pool]:
    """``jobs`` worker processes (forked where the platform can); closed and joined when the
    work is done, terminated when it fails or is interrupted."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pool = context.Pool(jobs, initializer, settings)
    try:
        yield pool
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def run_batch_parallel(
    rules_dir: str | None,
    source: Records | Iterable[RowIn],
    writer: Writer,
    jobs: int,
    as_of: date | str | None = None,
    progress: Any = None,
    overlays: tuple[str, ...] = (),
) -> Summary:
    """Like :func:`run_batch`, with ``jobs`` worker processes; the output is the same, byte
    for byte. ``source``: the input's :class:`Records` (or rows already read, from XLSX)."""
    from collections import deque
    from multiprocessing.pool import AsyncResult

    summary = Summary()
    summary.overlays = overlays
    pending: deque[tuple[int, AsyncResult[tuple[bytes | str | list[list[object]], Summary]]]] = (
        deque()
    )

    def drain_one() -> None:
        last, task = pending.popleft()
        payload, counts = task.get()
        writer.emit_many(payload)
        summary.merge(counts)
        if progress is not None:
            progress(last)

    settings = (
        rules_dir,
        as_of,
        writer.fmt,
        writer.lang,
        writer.lineterminator,
        writer.excel,
        writer.keep,
    )
    with _worker_pool(jobs, _start_worker, settings) as pool:
        for chunk in _chunks(source):
            last = chunk.first + len(chunk.items) - 1
            pending.append((last, pool.apply_async(_work, (chunk,))))
            while len(pending) > 2 * jobs:
                drain_one()
        while pending:
            drain_one()
    writer.close()
    return summary


PARALLEL_FROM_BYTES = 1_000_000


def worker_count(jobs: int | None, size: int | None) -> int:
    """``--jobs``, else one worker per core (at most 4) for a file over 1 MB, else 1."""
    if jobs is not None:
        if jobs < 1:
            raise UsageError(f"--jobs: give 1 or more, not {jobs}")
        return jobs
    if size is None or size < PARALLEL_FROM_BYTES:
        return 1
    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )
    return max(1, min(cores, 4))
