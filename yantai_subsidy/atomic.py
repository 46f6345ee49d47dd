"""Output files that appear whole or not at all, and ends that clean up after themselves.

``-o FILE`` is written to a temporary file beside FILE and renamed over it only when the
batch has succeeded: a refusal, an error, Ctrl-C, SIGTERM or a full disk leaves FILE as it
was (or absent). Beside, not in /tmp, so that the rename stays within one file system.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
from collections.abc import Iterator
from typing import IO, Any

from .errors import UsageError, os_reason

#: How the temporary file is named: hidden, and recognisable as ytsub's if a SIGKILL leaves it.
TEMP_SUFFIX = ".ytsub-partial"


class OutputFile:
    """``path`` opened for writing through a temporary file beside it; see :meth:`commit`.

    A path that is not a regular file (``/dev/null``, a FIFO, a terminal) is written directly:
    there is nothing to keep, and renaming over a device would replace it.
    """

    def __init__(self, path: str, binary: bool) -> None:
        self.path = path
        target = os.path.realpath(path)  # through a symlink: keep the link, replace its file
        try:
            existing: os.stat_result | None = os.stat(target)
        except OSError:
            existing = None
        self.temp: str | None = None
        try:
            if existing is not None and not os.access(target, os.W_OK):
                # Renaming over a read-only file would succeed (the folder is writable):
                # refuse it, as opening it for writing would.
                raise PermissionError(13, "Permission denied")
            if existing is not None and not stat.S_ISREG(existing.st_mode):
                self.target = target
                stream: IO[Any] = _open(target, binary)
            else:
                self.target = target
                folder, name = os.path.split(target)
                fd, self.temp = tempfile.mkstemp(
                    prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=folder or "."
                )
                os.fchmod(fd, _mode_for(existing))
                stream = (
                    os.fdopen(fd, "wb")
                    if binary
                    else os.fdopen(fd, "w", encoding="utf-8", newline="")
                )
        except OSError as err:
            raise UsageError("output.cannot_write_file", path=path, reason=os_reason(err)) from None
        self.stream = stream

    def commit(self) -> None:
        """Make the written file FILE: flushed to disk, then renamed over it in one step."""
        self.stream.flush()
        if self.temp is not None:
            os.fsync(self.stream.fileno())
        self.stream.close()
        if self.temp is not None:
            os.replace(self.temp, self.target)
            self.temp = None

    def discard(self) -> None:
        """Forget what was written: the temporary file goes, FILE stays as it was."""
        with contextlib.suppress(OSError, ValueError):
            self.stream.close()
        if self.temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.temp)
            self.temp = None


def _open(path: str, binary: bool) -> IO[Any]:
    if binary:
        return open(path, "wb")
    return open(path, "w", encoding="utf-8", newline="")


def _mode_for(existing: os.stat_result | None) -> int:
    """The permissions FILE has, or would have if created plainly (0666 less the umask)."""
    if existing is not None:
        return stat.S_IMODE(existing.st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def same_file(stream: IO[Any], path: str) -> bool:
    """Whether ``path`` names the file ``stream`` reads (by path, symlink or hard link)."""
    try:
        return os.path.samestat(os.fstat(stream.fileno()), os.stat(path))
    except (OSError, ValueError, AttributeError):
        return False


class Terminated(SystemExit):
    """SIGTERM, SIGHUP or SIGQUIT: unwinds like Ctrl-C, so every ``finally`` cleans up, then
    exits."""


@contextlib.contextmanager
def ends_cleanly() -> Iterator[None]:
    """SIGTERM, SIGHUP and SIGQUIT (Ctrl-\\, the other key that stops a program) raise
    :class:`Terminated` while the block runs (the default kills the process at once, leaving
    temporary files and worker processes behind)."""

    def stop(signum: int, _frame: object) -> None:
        raise Terminated(128 + signum)

    previous = {}
    for signum in (
        signal.SIGTERM,
        getattr(signal, "SIGHUP", None),
        getattr(signal, "SIGQUIT", None),
    ):
        if signum is not None:
            with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
                previous[signum] = signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
