"""Running a batch in worker processes: whole records in, rendered rows out, in input order.

The main process reads the input and finds where each record ends; workers receive chunks of
whole records over the pool's pipes (never byte ranges), estimate and render them, and the
main process writes their output in order. The output is the serial output, byte for byte.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import date
from typing import IO, TYPE_CHECKING, Any, NamedTuple, TypeVar

from .batch import RowEstimator, Summary, _estimate_rows
from .batch_read import Records, RowIn, rows_of
from .batch_write import Writer, _ExcelSafeWriter
from .errors import OutputError, UsageError
from .result import Lang

if TYPE_CHECKING:  # concurrent.futures is imported only when a batch runs in parallel
    from concurrent.futures import Future

    from .ruleset import RuleSet


# --- in parallel ------------------------------------------------------------------------------
#
# Estimating is CPU work and rows are independent, so a long batch spreads chunks of rows over
# worker processes and writes their results in input order as they come back. At most a few
# chunks are in flight: memory stays flat however long the input.

CHUNK_ROWS = 2000
_WORKER: dict[str, Any] = {}
_R = TypeVar("_R")


def _start_worker(
    rules: RuleSet,
    as_of: date | str | None,
    fmt: str,
    lang: Lang,
    lineterminator: str,
    excel: bool = False,
    keep: tuple[tuple[str, str], ...] = (),
    parts: str | None = None,
) -> None:
    """``rules``: the main process's rules, so every worker estimates with exactly the rules
    the main process loaded (a rule file edited while the batch starts changes nothing);
    ``parts``: the folder where a chunk's rendering is written (else it is sent back)."""
    _WORKER.update(
        parts=parts,
        estimator=RowEstimator(rules, as_of, keep=[key for key, _ in keep]),
        keep=keep,
        as_of=as_of,
        fmt=fmt,
        lang=lang,
        lineterminator=lineterminator,
        excel=excel,
    )


def _end_with_the_parent(leftovers: tuple[str, ...] = ()) -> None:
    """A worker whose main process died (SIGKILL, a crash) ends too, instead of waiting on
    its pipe forever and printing tracebacks later; it removes ``leftovers`` first (the
    folder of parts, the half-written output), which the main process can no longer do."""
    import shutil
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        for path in leftovers:
            if os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(path)
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
        data = b"".join(payloads)
    elif fmt == "csv":
        text = io.StringIO()
        rows_out: Any = csv.writer(text, lineterminator=_WORKER["lineterminator"])
        if _WORKER["excel"]:
            rows_out = _ExcelSafeWriter(rows_out)
        rows_out.writerows(payloads)
        if _WORKER["parts"] is None:
            return text.getvalue(), summary
        data = text.getvalue().encode("utf-8")
    else:
        return payloads, summary
    if _WORKER["parts"] is None:
        return data, summary
    # The rendering goes to a file the main process appends by the kernel: sending it back
    # through the pool's pipe costs the main process more than the estimating saves.
    import tempfile

    fd, part = tempfile.mkstemp(prefix="part-", dir=_WORKER["parts"])
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    return part, summary


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


class WorkerError(OutputError):
    """A worker process could not start, or ended before its work was done (killed, out of
    memory). The run stops: the rows it owed are not invented, nor waited for forever."""


_FAILED: list[str] = []  # in a worker: why it could not start


def _start(
    initializer: Callable[..., None], settings: tuple[Any, ...], leftovers: tuple[str, ...]
) -> None:
    """A worker's start: signals as the main process wants them, then ``initializer``; what
    fails is said by the worker's first task, as one line (not a traceback on stderr)."""
    import signal

    try:
        # Ctrl-C (and Ctrl-\\) reach the workers too; the main process alone answers them (it
        # ends the run), so a worker must not print a traceback of its own. SIGTERM does its
        # default, whatever handler the main process had when it forked.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if hasattr(signal, "SIGQUIT"):
            signal.signal(signal.SIGQUIT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if hasattr(signal, "SIGPIPE"):  # the main process is gone: end silently
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        _end_with_the_parent(leftovers)
        initializer(*settings)
    except Exception as err:  # noqa: BLE001 - said by the first task as one line, not a traceback
        _FAILED.append(f"{type(err).__name__}: {err}")


def _run(work: Callable[[Chunk], _R], chunk: Chunk | None) -> _R | None:
    """A task in a worker: ``work(chunk)``, unless the worker could not start."""
    if _FAILED:
        raise WorkerError("batch.worker_could_not_start", reason=_FAILED[0])
    return None if chunk is None else work(chunk)


def run_in_order(
    jobs: int,
    start: tuple[Callable[..., None], tuple[Any, ...], tuple[str, ...]],
    work: Callable[[Chunk], _R],
    chunks: Iterable[Chunk],
    sink: Callable[[_R], None],
    progress_bar: Callable[[], AbstractContextManager[Callable[..., None] | None]] | None = None,
) -> None:
    """``work`` on each chunk in ``jobs`` worker processes, each result given to ``sink`` in
    input order; at most ``2 × jobs`` chunks in flight, so memory stays flat.

    ``start``: each worker's initializer, its arguments (inherited, not pickled, where workers
    are forked) and what the workers remove if the main process is killed.
    ``progress_bar``: makes the callback that advances a bar by rows, once the workers run.

    concurrent.futures, not multiprocessing.Pool: a Pool restarts a worker that dies or
    cannot start and waits for its lost chunk forever; here the run stops with one line.
    """
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pending: deque[tuple[int, Future[_R | None]]] = deque()
    done = 0

    def take_one(progress: Callable[..., None] | None) -> None:
        nonlocal done
        last, task = pending.popleft()
        result = task.result()
        assert result is not None
        sink(result)
        done = last
        if progress is not None:
            progress(last)

    pool = ProcessPoolExecutor(jobs, context, _start, start)
    try:
        # The first task forks every worker (a forking executor starts them all at once, from
        # Python 3.10.5) while this process has one thread: a fork beside a running thread (the
        # progress bar's) could copy a lock that thread holds into the child, held forever.
        pool.submit(_run, work, None).result()
        with progress_bar() if progress_bar is not None else contextlib.nullcontext() as progress:
            for chunk in chunks:
                pending.append((chunk.first + len(chunk.items) - 1, pool.submit(_run, work, chunk)))
                while len(pending) > 2 * jobs:
                    take_one(progress)
            while pending:
                take_one(progress)
    except BrokenProcessPool:  # from a result, or from submitting to a broken pool
        raise WorkerError("batch.worker_ended", done=done) from None
    finally:
        # However the run ends, the chunks still running finish and the rest are cancelled:
        # nothing a worker writes outlives it.
        pool.shutdown(wait=True, cancel_futures=True)


def run_batch_parallel(
    rules: RuleSet,
    source: Records | Iterable[RowIn],
    writer: Writer,
    jobs: int,
    as_of: date | str | None = None,
    progress_bar: Callable[[], AbstractContextManager[Callable[..., None] | None]] | None = None,
    overlays: tuple[str, ...] = (),
    beside: str | None = None,
    leftovers: tuple[str, ...] = (),
) -> Summary:
    """Like :func:`run_batch`, with ``jobs`` worker processes; the output is the same, byte
    for byte. ``source``: the input's :class:`Records` (or rows already read, from XLSX);
    ``progress_bar``: makes the callback that advances a progress bar, once the workers run.

    JSON lines and CSV going to a real file are written by the workers into part files, in
    a private folder made in ``beside`` (the output's folder; else the temporary folder),
    and appended in order; the folder is removed however the batch ends. ``leftovers``:
    what the workers remove if the main process is killed (the half-written output).
    """
    import shutil
    import tempfile

    summary = Summary()
    summary.overlays = overlays
    summary.overlay_risks = rules.overlay_risks
    target = _real_file(writer)
    parts = None
    if target is not None:
        parts = tempfile.mkdtemp(prefix=".ytsub-parts-", dir=beside)

    def write(result: tuple[bytes | str | list[list[object]], Summary]) -> None:
        payload, counts = result
        if parts is None:
            writer.emit_many(payload)
        else:
            assert target is not None
            assert isinstance(payload, str)
            _append_part(payload, target)
        summary.merge(counts)

    settings = (
        rules,
        as_of,
        writer.fmt,
        writer.lang,
        writer.lineterminator,
        writer.excel,
        writer.keep,
        parts,
    )
    leftovers = (*leftovers, *([parts] if parts else []))
    try:
        run_in_order(
            jobs, (_start_worker, settings, leftovers), _work, _chunks(source), write, progress_bar
        )
    finally:
        if parts is not None:
            shutil.rmtree(parts, ignore_errors=True)
    writer.close()
    return summary


def _real_file(writer: Writer) -> IO[Any] | None:
    """The stream JSON lines or CSV go to, when it is a file the kernel can append to."""
    if writer.fmt not in ("jsonl", "csv"):
        return None
    stream = writer.stream
    try:
        os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError):  # a test's StringIO, a closed stream
        return None
    return stream


def _append_part(part: str, output: IO[Any]) -> None:
    """Append a finished part (UTF-8 bytes) to the output, by the kernel where it can."""
    import shutil

    output.flush()
    target = output.fileno()
    with open(part, "rb") as done:
        size = os.fstat(done.fileno()).st_size
        sent = 0
        try:
            while sent < size:
                count = os.sendfile(target, done.fileno(), sent, size - sent)
                if count == 0:
                    break
                sent += count
        except OSError as err:  # sendfile to this kind of output is not supported here
            if err.errno in (errno.ENOSPC, errno.EFBIG, errno.EPIPE, errno.EDQUOT):
                raise
            done.seek(sent)
            with os.fdopen(os.dup(target), "wb", closefd=True) as raw:
                shutil.copyfileobj(done, raw)
    os.unlink(part)


PARALLEL_FROM_BYTES = 1_000_000
#: The most workers --jobs may ask for. The main process reads and writes every row (about a
#: tenth of a worker's work, bench/batch.py), so beyond some ten workers more only wait on it.
MAX_JOBS = 32


def worker_count(jobs: int | None, size: int | None) -> int:
    """``--jobs``, else one worker per core (at most 4) for a file over 1 MB, else 1."""
    if jobs is not None:
        if jobs < 1:
            raise UsageError("batch.jobs_below_one", jobs=jobs)
        if jobs > MAX_JOBS:  # every worker is forked at once: --jobs 5000 would be 5000 processes
            raise UsageError("batch.jobs_too_many", jobs=jobs, most=MAX_JOBS)
        return jobs
    if size is None or size < PARALLEL_FROM_BYTES:
        return 1
    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )
    return max(1, min(cores, 4))
