"""A progress bar on stderr for long batches on a terminal (rich; never in a pipe)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

EVERY = 2000  # rows between updates: the bar must not slow the batch down


@contextmanager
def bytes_read(stream: IO[bytes], total: int) -> Iterator[Callable[..., None]]:
    """Yield a callback ``(row[, position]) -> None`` that advances the bar (to the stream's position)."""
    console = Console(stderr=True)
    columns = (
        TextColumn("rows {task.fields[rows]:>9,}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("batch", total=total, rows=0)

        def advance(row: int, position: int | None = None) -> None:
            if position is None:
                if row % EVERY:
                    return
                try:
                    position = stream.tell()
                except (OSError, ValueError):
                    return
            bar.update(task, completed=position, rows=row)

        yield advance
