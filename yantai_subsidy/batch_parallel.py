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
from datetime import date
from typing import IO, TYPE_CHECKING, Any, NamedTuple

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
    parts: str | None = None,
    leftovers: tuple[str, ...] = (),
) -> None:
    """``parts``: the folder where a chunk's rendering is written (else it is sent back);
    ``leftovers``: what to remove if the main process dies without cleaning up."""
    import signal

    from .loader import load_rules

    # Ctrl-C reaches the workers too; the main process alone answers it (it ends the pool),
    # so a worker must not print a traceback of its own. SIGTERM (how the pool ends a worker)
    # does its default, whatever handler the main process had when it forked.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGPIPE"):  # the main process is gone: end silently, not with a traceback
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    _end_with_the_parent(leftovers)
    _WORKER.update(
        parts=parts,
        estimator=RowEstimator(load_rules(rules_dir), as_of, keep=[key for key, _ in keep]),
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
    beside: str | None = None,
    leftovers: tuple[str, ...] = (),
) -> Summary:
    """Like :func:`run_batch`, with ``jobs`` worker processes; the output is the same, byte
    for byte. ``source``: the input's :class:`Records` (or rows already read, from XLSX).

    JSON lines and CSV going to a real file are written by the workers into part files, in
    a private folder made in ``beside`` (the output's folder; else the temporary folder),
    and appended in order; the folder is removed however the batch ends. ``leftovers``:
    what the workers remove if the main process is killed (the half-written output).
    """
    import shutil
    import tempfile
    from collections import deque
    from multiprocessing.pool import AsyncResult

    summary = Summary()
    summary.overlays = overlays
    pending: deque[tuple[int, AsyncResult[tuple[bytes | str | list[list[object]], Summary]]]] = (
        deque()
    )

    target = _real_file(writer)
    parts = None
    if target is not None:
        parts = tempfile.mkdtemp(prefix=".ytsub-parts-", dir=beside)

    def drain_one() -> None:
        last, task = pending.popleft()
        payload, counts = task.get()
        if parts is None:
            writer.emit_many(payload)
        else:
            assert target is not None
            assert isinstance(payload, str)
            _append_part(payload, target)
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
        parts,
        (*leftovers, *([parts] if parts else [])),
    )
    try:
        with _worker_pool(jobs, _start_worker, settings) as pool:
            for chunk in _chunks(source):
                last = chunk.first + len(chunk.items) - 1
                pending.append((last, pool.apply_async(_work, (chunk,))))
                while len(pending) > 2 * jobs:
                    drain_one()
            while pending:
                drain_one()
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


def worker_count(jobs: int | None, size: int | None) -> int:
    """``--jobs``, else one worker per core (at most 4) for a file over 1 MB, else 1."""
    if jobs is not None:
        if jobs < 1:
            raise UsageError("batch.jobs_below_one", jobs=jobs)
        return jobs
    if size is None or size < PARALLEL_FROM_BYTES:
        return 1
    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )
    return max(1, min(cores, 4))
