"""A memo per client (``ytsub match CLIENTS --memo DIR``): a folder that appears whole or not at all.

Each memo is the one ``ytsub match PROFILE --format markdown`` prints for that client (or a
print-friendly HTML page of it, ``--memo-format html``). Files are named from the client's
name (or the first ``--keep`` column), made safe for any file system, and never overwrite
one another: a later client whose name comes out the same gets ``-2``, ``-3``, … in list
order. The folder is built as a hidden sibling of DIR and renamed to DIR at the end, so a
refusal, an error, Ctrl-C or a full disk leaves no half folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .errors import OutputError, UsageError, listing, os_reason

if TYPE_CHECKING:
    from .match import Match
    from .result import DisplayUnit, Lang

FORMATS = {"markdown": ".md", "html": ".html"}
#: Names Windows reserves for devices, with any extension (CON.md opens the console there).
RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"{device}{n}" for device in ("com", "lpt") for n in (*"123456789", "¹", "²", "³")}
)
#: Characters no file name may hold on Windows (and / nowhere).
FORBIDDEN = frozenset('<>:"/\\|?*')
#: The longest stem, in UTF-8 bytes: room for "-99999" and ".html" within the 255 bytes most
#: file systems allow.
STEM_BYTES = 200


def memo_format(option: str | None) -> str:
    value = "markdown" if option is None else option.strip().lower()
    if value not in FORMATS:
        raise UsageError("memo.format_unknown", option=option, listed=listing(FORMATS))
    return value


def memo_text(m: Match, fmt: str, lang: Lang, unit: DisplayUnit) -> str:
    """The memo: exactly what ``ytsub match PROFILE --format markdown`` prints (or its page)."""
    from .render import markdown

    text = markdown.match(m, lang=lang, unit=unit)
    text = text if text.endswith("\n") else text + "\n"
    if fmt == "html":
        return html_page(text, m.profile.name or m.profile.source, lang)
    return text


def safe_stem(wanted: str, fallback: str) -> str:
    """A file name (without extension) any file system takes: no separators, control or
    format characters, nothing Windows forbids or reserves, no leading dot, no trailing dot
    or space, at most :data:`STEM_BYTES` bytes of UTF-8; ``fallback`` when nothing is left."""
    text = unicodedata.normalize("NFC", wanted)
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char in FORBIDDEN or category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            kept.append("_" if char in FORBIDDEN else "")
        elif category == "Zs":
            kept.append(" ")
        else:
            kept.append(char)
    stem = " ".join("".join(kept).split())  # runs of white space as one space
    stem = _cut(stem, STEM_BYTES).lstrip(" .-").rstrip(" .")  # "- 0" is not " 0"
    if not stem.strip("_"):
        return fallback
    if stem.split(".")[0].strip().lower() in RESERVED:
        stem = "_" + stem
    return stem


def _cut(text: str, limit: int) -> str:
    """At most ``limit`` bytes of UTF-8, cut between characters."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


class MemoFolder:
    """The memos of a run, written into a hidden sibling of ``path`` and renamed at the end."""

    def __init__(self, path: str, fmt: str) -> None:
        self.path = path
        self.suffix = FORMATS[fmt]
        self.used: set[str] = set()
        self.tried: dict[str, int] = {}  # a stem → the count its next memo starts from
        target = os.path.realpath(path)
        if os.path.lexists(path) and not os.path.isdir(path):
            raise UsageError("memo.not_a_folder", path=path)
        if os.path.isdir(path):
            try:
                with os.scandir(path) as entries:
                    taken = next(entries, None) is not None
            except OSError as err:
                raise UsageError("memo.cannot_read", path=path, reason=os_reason(err)) from None
            if taken:
                raise UsageError("memo.not_empty", path=path)
        parent, name = os.path.split(target)
        try:
            self.temp: str | None = tempfile.mkdtemp(
                prefix=f".{name}.", suffix=".ytsub-partial", dir=parent or "."
            )
        except OSError as err:
            raise UsageError("memo.cannot_write", path=path, reason=os_reason(err)) from None
        self.target = target

    @classmethod
    @contextlib.contextmanager
    def opened(cls, path: str, fmt: str) -> Iterator[MemoFolder]:
        """The folder, removed unless :meth:`commit` was called."""
        folder = cls(path, fmt)
        try:
            yield folder
        finally:
            folder.discard()

    def add(self, wanted: str, text: str) -> str:
        """Write one memo; its file name (``wanted`` made safe, and unique in this folder)."""
        assert self.temp is not None
        stem = safe_stem(wanted, "client")
        name = self._unique(stem)
        try:
            with open(os.path.join(self.temp, name), "x", encoding="utf-8", newline="") as out:
                out.write(text)
        except OSError as err:
            raise OutputError(
                "memo.cannot_write_none_left", path=self.path, reason=os_reason(err)
            ) from None
        return name

    def _unique(self, stem: str) -> str:
        """``stem.md``, else ``stem-2.md``, …: compared as case-insensitive file systems do."""
        base = unicodedata.normalize("NFC", stem).casefold()
        count = self.tried.get(base, 1)  # 10,000 clients of one name: no quadratic search
        while True:
            name = (stem if count == 1 else f"{stem}-{count}") + self.suffix
            key = unicodedata.normalize("NFC", name).casefold()
            if key not in self.used:
                self.used.add(key)
                self.tried[base] = count + 1
                return name
            count += 1

    def commit(self) -> None:
        """The folder becomes ``path`` (an empty folder there is replaced)."""
        assert self.temp is not None
        try:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self.temp, 0o777 & ~umask)
            if os.path.isdir(self.target):
                os.rmdir(self.target)  # empty, as checked at the start
            os.rename(self.temp, self.target)
        except OSError as err:
            raise OutputError(
                "memo.cannot_write_none_left", path=self.path, reason=os_reason(err)
            ) from None
        self.temp = None

    def discard(self) -> None:
        if self.temp is not None:
            shutil.rmtree(self.temp, ignore_errors=True)
            self.temp = None


def html_page(markdown_text: str, title: str, lang: Lang) -> str:
    """A print-friendly page of a memo: its Markdown shown as headings, tables and paragraphs,
    every text escaped, no script and no external asset."""
    import re
    from html import escape

    body: list[str] = []
    table: list[list[str]] = []

    def cells(line: str) -> list[str]:
        """A Markdown table row's cells (a ``\\|`` inside a cell is a pipe of its text)."""
        inner = line.strip().removeprefix("|").removesuffix("|")
        return [part.strip().replace("\\|", "|") for part in re.split(r"(?<!\\)\|", inner)]

    def flush() -> None:
        if not table:
            return
        head, *rows = table
        out = ["<table>", "<tr>" + "".join(f"<th>{_inline(c)}</th>" for c in head) + "</tr>"]
        for row in rows:
            if all(set(c) <= set("-:") for c in row):
                continue  # the Markdown rule under the head
            out.append("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>")
        body.append("\n".join([*out, "</table>"]))
        table.clear()

    for line in markdown_text.splitlines():
        if line.startswith("|"):
            table.append(cells(line))
            continue
        flush()
        if line.startswith("#"):
            level = min(len(line) - len(line.lstrip("#")), 6)
            body.append(f"<h{level}>{_inline(line.lstrip('#').strip())}</h{level}>")
        elif line.startswith(("- ", "* ")):
            body.append(f"<p class=item>• {_inline(line[2:])}</p>")
        elif line.strip():
            body.append(f"<p>{_inline(line)}</p>")
    flush()
    style = (
        "body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
        "table{border-collapse:collapse;width:100%;margin:1em 0}"
        "th,td{border:1px solid #888;padding:.3em;vertical-align:top;text-align:left}"
        "code{font-family:monospace}@media print{body{margin:0}}"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _inline(text: str) -> str:
    """Escaped text, with Markdown's `code` and **bold** kept as such."""
    import re
    from html import escape

    escaped = escape(text, quote=True)
    escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
    return re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", escaped)
