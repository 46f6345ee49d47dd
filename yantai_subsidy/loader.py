"""The only module that reads rule files: find, parse, validate, overlay, cache.

* The bundled rules ship inside the package (``yantai_subsidy/rules`` in a
  wheel, ``rules/`` beside the package in a checkout).
* ``--rules DIR`` or ``YTSUB_RULES`` overlays a user's files on them, file by
  file: a file of the same name replaces the bundled one, a new file adds a
  measure.
* Rule files are data: parsed with a safe YAML loader that also refuses
  duplicate keys (PyYAML keeps the last one silently), anchors and aliases, and
  files over 1 MB; never executed.
* Validated data is cached as JSON (never pickle), keyed by the status of
  every rule file (name, inode, size, modification and change times; by its
  content while a file has just changed) and the schema version, written
  atomically. A corrupted or stale cache is ignored and rebuilt. A warm start
  therefore needs neither YAML parsing nor pydantic, nor reading the rule files.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, cast

from . import __version__
from .errors import (
    Edited,
    Joined,
    Message,
    RuleFileError,
    RulesPathError,
    RuleValueError,
    UsageError,
    listing,
    os_reason,
)
from .ruleset import SPECIAL_FILES, RuleSet, build_rule_set
from .values import DecimalText, parse_rate

if TYPE_CHECKING:  # pathlib only where a path is shown or an overlay given: a warm start
    from pathlib import Path  # reads the bundled rules as text paths (importing it costs ~4 ms)

SCHEMA_VERSION = 3  # 2: inputs' own_figure; 3: benefits' own_money
MAX_RULE_FILE_BYTES = 1_000_000
MEASURE_FILE = re.compile(r"^m(\d{2,3})-[a-z0-9][a-z0-9-]*\.yaml$")
ENV_RULES = "YTSUB_RULES"
ENV_CACHE = "YTSUB_CACHE_DIR"
CACHE_KEEP = 8
#: The rule files of an overlay folder, all together: the 65 bundled files hold about 0.2 MB.
MAX_OVERLAY_BYTES = 16_000_000


class _Hash(Protocol):
    """What the loader uses of a SHA-256 object (hashlib's, or Python's own)."""

    def update(self, data: bytes, /) -> None: ...
    def digest(self) -> bytes: ...
    def hexdigest(self) -> str: ...


def _sha256(data: bytes = b"") -> _Hash:
    """SHA-256 by Python's own module, or by hashlib in a Python built without it: same bytes.

    hashlib loads OpenSSL's libcrypto, about 2 ms of every start-up, where a warm start hashes
    only the 0.2 MB cache (Python's own SHA-256 takes about 0.5 ms for it).
    """
    if not _SHA256:
        try:
            if sys.version_info >= (3, 12):
                from _sha2 import sha256
            else:
                from _sha256 import sha256  # type: ignore[import-not-found]  # no stub
        except ImportError:
            from hashlib import sha256
        _SHA256.append(sha256)
    return cast(_Hash, _SHA256[0](data))


#: The SHA-256 constructor, found on first use.
_SHA256: list[Callable[[bytes], object]] = []


def bundled_rules_dir() -> Path:
    """``yantai_subsidy/rules`` when installed from a wheel, else ``rules/`` of the checkout."""
    from pathlib import Path

    return Path(_bundled_dir())


def _bundled_dir() -> str:
    """:func:`bundled_rules_dir` as text."""
    here = os.path.dirname(os.path.realpath(__file__))
    for candidate in (os.path.join(here, "rules"), os.path.join(os.path.dirname(here), "rules")):
        if os.path.isfile(os.path.join(candidate, "document.yaml")):
            return candidate
    raise RuleFileError("rules/", Message("rulefile.bundled_missing"))


def source_text_path(rules_dir: Path | None = None) -> Path:
    """The document's text, for ``show``, ``search`` and the quote checks."""
    return (rules_dir or bundled_rules_dir()) / "source" / "yzf-2024-3.txt"


def overlay_dir(explicit: str | os.PathLike[str] | None) -> Path | None:
    """The overlay folder from ``--rules`` or, failing that, ``YTSUB_RULES`` (empty: unset)."""
    if explicit is not None and str(explicit).strip() == "":
        raise UsageError("rulefile.rules_empty")
    raw = explicit if explicit is not None else os.environ.get(ENV_RULES) or None
    if raw is None:
        return None
    from pathlib import Path

    path = Path(raw)
    if not path.is_dir():
        raise RulesPathError(
            str(path), Message("rulefile.not_a_rules_folder", source=overlay_source(explicit))
        )
    return path


def overlay_source(explicit: str | os.PathLike[str] | None) -> str:
    """How the overlay was named, for messages: ``--rules`` or ``YTSUB_RULES``."""
    return "--rules" if explicit is not None else ENV_RULES


def rule_files(overlay: Path | None, source: str = "--rules") -> dict[str, str]:
    """Every rule file by name, the overlay's replacing the bundled ones of the same name.

    An overlay never goes unused in silence: a folder without a rule file, a name that is
    almost one (``m48-techloan.YAML``), a link to nothing, a FIFO or a folder named like a
    rule file is refused naming the path; so is a folder whose rule files hold more than
    ``MAX_OVERLAY_BYTES`` (checked from their sizes before any is read).
    """
    bundled = _bundled_dir()
    with os.scandir(bundled) as entries:
        names = sorted(entry.name for entry in entries if entry.name.endswith(".yaml"))
    files = {name: os.path.join(bundled, name) for name in names}
    if overlay is None:
        return files
    try:
        names = sorted(os.listdir(overlay))
    except OSError as err:
        raise RulesPathError(
            str(overlay), Message("rulefile.cannot_list", source=source, reason=os_reason(err))
        ) from None
    total = 0
    found = 0
    for name in names:
        stem, dot, suffix = name.rpartition(".")
        if name.startswith(".") or not dot or suffix.lower() not in ("yaml", "yml"):
            continue  # a README, an editor's backup, a hidden file: not meant as rules
        path = overlay / name
        if suffix != "yaml":
            raise RuleFileError(
                str(path),
                Message("rulefile.name_not_lower_yaml", stem=stem),
            )
        try:
            info = path.stat()
        except OSError as err:
            what = Message("rulefile.dangling_link" if path.is_symlink() else "rulefile.unreadable")
            raise RuleFileError(
                str(path), Message("rulefile.os_error", what=what, reason=os_reason(err))
            ) from None
        if stat.S_ISDIR(info.st_mode):
            raise RuleFileError(str(path), Message("rulefile.is_a_folder"))
        if not stat.S_ISREG(info.st_mode):
            raise RuleFileError(str(path), Message("rulefile.not_regular_special"))
        total += info.st_size
        if total > MAX_OVERLAY_BYTES:
            raise RuleFileError(
                str(overlay),
                Message(
                    "rulefile.overlay_too_big",
                    source=source,
                    megabytes=MAX_OVERLAY_BYTES // 1_000_000,
                ),
            )
        files[name] = str(path)
        found += 1
    if not found:
        raise RuleFileError(
            str(overlay),
            Message("rulefile.folder_has_no_rules", source=source),
        )
    return files


def overlay_risks(overlay: Path | None, paths: Mapping[str, str]) -> tuple[Message, ...]:
    """What others can write of an overlay, each as a warning naming the path and who.

    The overlay is used all the same (the user asked for it, and a team may share a folder),
    but every answer made with it says so. As ssh checks a key's folders: the overlay folder
    and each folder above it (after following links), each overlaid file, and for a file that
    is a link, the file it leads to and the folders above that. A path is at risk when it is
    owned by another user than the one running ytsub or root, or writable by its group or by
    everyone; a folder above with the sticky bit (``/tmp``) is not, since others cannot
    replace what is in it; the overlay folder itself is, sticky or not, since a file added to
    it is overlaid too. Owner and mode are read, not access: the answer is the same as root.
    Costs one stat per folder of the path and two per overlaid file: only with an overlay.
    """
    if overlay is None or not hasattr(os, "getuid"):
        return ()
    found: list[Message] = []
    seen: set[str] = set()

    def check(path: str, kind: str, *, sticky_protects: bool) -> None:
        if path in seen:
            return
        seen.add(path)
        try:
            info = os.stat(path)
        except OSError:
            return  # a file that cannot be read for its status is refused when it is read
        who = _who_can_write(info, sticky_protects=sticky_protects)
        if who:
            from .shell import written_out  # a table shows the warning as it is

            found.append(
                Message("overlay.writable", what=Message(kind), path=written_out(path), who=who)
            )

    def check_above(path: str) -> None:
        parent = os.path.dirname(path)
        while parent and parent not in seen:
            check(parent, "overlay.folder", sticky_protects=True)
            if parent == os.path.dirname(parent):
                break
            parent = os.path.dirname(parent)

    folder = os.path.realpath(overlay)
    check(folder, "overlay.folder", sticky_protects=False)
    check_above(folder)
    for path in paths.values():
        if os.path.dirname(path) != str(overlay):
            continue  # a bundled file
        if os.path.islink(path):  # what counts is the file it leads to, and where that is
            target = os.path.realpath(path)
            check(target, "overlay.file", sticky_protects=False)
            check_above(target)
        else:
            check(path, "overlay.file", sticky_protects=False)
    return tuple(found)


def _who_can_write(info: os.stat_result, *, sticky_protects: bool) -> Joined | None:
    """Who besides the user (and root) can write this file or folder, or None."""
    mode = info.st_mode
    if sticky_protects and stat.S_ISDIR(mode) and mode & stat.S_ISVTX:
        mode &= ~(stat.S_IWGRP | stat.S_IWOTH)
    who: list[Message] = []
    if info.st_uid not in (os.getuid(), 0):
        who.append(Message("overlay.owner", user=_user_name(info.st_uid)))
    if mode & stat.S_IWGRP and not _private_group(info.st_gid):
        who.append(Message("overlay.group", group=_group_name(info.st_gid)))
    if mode & stat.S_IWOTH:
        who.append(Message("overlay.others"))
    return Joined(" and ", who) if who else None


def _private_group(gid: int) -> bool:
    """Is ``gid`` the running user's own group (named as the user, no other member listed)?

    Debian and Fedora give each user such a group and a umask of 002, so folders a user makes
    are group-writable: writable by nobody else, and not worth a warning on every answer.
    (Another account whose primary group it is would not be listed; that is not looked for.)
    """
    try:
        import grp
        import pwd

        group = grp.getgrgid(gid)
        user = pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):
        return False
    return group.gr_name == user and set(group.gr_mem) <= {user}


def _user_name(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return f"uid {uid}"


def _group_name(gid: int) -> str:
    try:
        import grp

        return grp.getgrgid(gid).gr_name
    except (ImportError, KeyError):
        return f"gid {gid}"


# --- reading -------------------------------------------------------------------

_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def read_bytes(path: str | Path) -> bytes:
    """A rule file's bytes: a regular file of at most 1 MB (a FIFO would hang, /dev/zero fill)."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError as err:
        raise RuleFileError(
            _display(path), Message("rulefile.cannot_read", reason=os_reason(err))
        ) from None
    with os.fdopen(fd, "rb") as stream:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise RuleFileError(_display(path), Message("rulefile.not_regular"))
            raw = stream.read(MAX_RULE_FILE_BYTES + 1)
        except OSError as err:
            raise RuleFileError(
                _display(path), Message("rulefile.cannot_read", reason=os_reason(err))
            ) from None
    if len(raw) > MAX_RULE_FILE_BYTES:
        size = max(info.st_size, len(raw))
        raise RuleFileError(_display(path), Message("rulefile.too_big", size=size))
    return raw


def _display(path: str | Path) -> str:
    """``rules/m48-techloan.yaml`` for bundled files, the path as given for a user's."""
    from pathlib import Path

    try:
        return str(Path(path).relative_to(bundled_rules_dir().parent))
    except ValueError:
        return str(path)


def _yaml_error(problem: Message, mark: Any) -> Exception:
    """A YAML error worded by ytsub: PyYAML keeps its problem as it is given, so the message
    is rendered in the language of the command line when it is reported."""
    from yaml.constructor import ConstructorError

    return ConstructorError(None, None, cast(str, problem), mark)


def parse_yaml(raw: bytes, file: str) -> tuple[Any, Any]:
    """The data of a rule file and its YAML node tree (for line numbers), safely."""
    import yaml

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise RuleFileError(file, Message("rulefile.not_utf8", start=err.start)) from None
    text = text.removeprefix("\ufeff")
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise RuleFileError(file, Message("rulefile.empty"))
        _refuse_aliases(node, file)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = None if mark is None else mark.line + 1
        problem: object = err.problem or err.context or "not valid YAML"
        raise RuleFileError(
            file, Message("rulefile.bad_yaml", problem=problem), line=line
        ) from None
    except yaml.reader.ReaderError as err:
        # A control character (or a NUL of UTF-16 bytes): one line, with the line it is on.
        line = text.count("\n", 0, err.position) + 1
        char = err.character if isinstance(err.character, int) else -1
        problem = Message("rulefile.char_not_allowed", char=char, reason=err.reason)
        raise RuleFileError(
            file, Message("rulefile.bad_yaml", problem=problem), line=line
        ) from None
    except yaml.YAMLError as err:
        detail = " ".join(str(err).split())
        raise RuleFileError(file, Message("rulefile.bad_yaml", problem=detail)) from None
    except ValueError as err:  # a date such as 2024-13-01: PyYAML's constructor raises ValueError
        detail = " ".join(str(err).split())
        raise RuleFileError(file, Message("rulefile.bad_yaml", problem=detail)) from None
    except RecursionError:
        raise RuleFileError(file, Message("rulefile.too_deep")) from None
    finally:
        loader.dispose()
    return data, node


#: What a plain (unquoted) scalar may resolve to. YAML 1.1, which PyYAML implements, reads
#: ``010000`` as octal 4096, ``5:00:00`` as 18000, ``0x1000``, ``0b11``, ``1_000``, ``.inf``,
#: ``yes``/``on``/``off`` and ``2024-06-01 10:00:00`` as numbers, booleans and timestamps; a
#: profile or a rule file would then say something else than its writer typed. Here only
#: these forms are resolved (roughly YAML 1.2's JSON schema): everything else stays text, and
#: ytsub's own parsers read it or refuse it with the field named.
_IMPLICIT = (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ("~", "n", "N", "")),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", tuple("tTfF")),
    ("tag:yaml.org,2002:int", r"^-?(?:0|[1-9][0-9]*)$", tuple("-0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?$"
        r"|^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$",
        tuple("-+.0123456789"),
    ),
)
_PLAIN_INT = re.compile(r"^-?(?:0|[1-9][0-9]*)$")
_PLAIN_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _make_loader() -> Any:
    import datetime

    import yaml
    from yaml.constructor import SafeConstructor

    # The C parser when PyYAML has it (8x faster); resolving and constructing are Python either way.
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class SafeLoader(base):  # type: ignore[misc, valid-type]
        """PyYAML's safe loader, refusing duplicate keys and reading numbers as written."""

        yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, Any]]]] = {}

    for tag, pattern, first in _IMPLICIT:
        SafeLoader.add_implicit_resolver(tag, re.compile(pattern), list(first))

    def construct_mapping(loader: Any, node: Any, deep: bool = False) -> Any:
        loader.flatten_mapping(node)
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                first = seen.get(key)
            except TypeError:
                raise _yaml_error(Message("rulefile.key_not_text"), key_node.start_mark) from None
            if first is not None:
                raise _yaml_error(
                    Message("rulefile.duplicate_key", key=key, first=first), key_node.start_mark
                )
            seen[key] = key_node.start_mark.line + 1
        return SafeConstructor.construct_mapping(loader, node, deep=deep)

    # An explicit tag (``!!int 010000``) bypasses the resolvers: these constructors accept only
    # what the resolvers would, so ``!!int 0x10`` or ``!!bool yes`` is refused, never reread.
    def refuse(node: Any, what: str) -> Exception:
        """``what``: the catalogue id of what the tag's value must be (PyYAML keeps the message
        as the error's problem, rendered in the language of the command line)."""
        tag, value = node.tag.rpartition(":")[2], node.value
        problem = Message("rulefile.tag_refused", tag=tag, value=value, what=Message(what))
        return _yaml_error(problem, node.start_mark)

    def construct_int(loader: Any, node: Any) -> int | str:
        text = loader.construct_scalar(node)
        if not _PLAIN_INT.match(text):
            raise refuse(node, "rulefile.what_int")
        # int() refuses more than 4,300 digits: such a number is kept as its text, for the
        # parsers to refuse as absurd ("more than 10^15 yuan") with the field named
        return int(text) if len(text) <= 30 else text

    def construct_float(loader: Any, node: Any) -> DecimalText:
        return DecimalText(loader.construct_scalar(node))

    def construct_bool(loader: Any, node: Any) -> bool:
        text = loader.construct_scalar(node)
        if text.lower() not in ("true", "false"):
            raise refuse(node, "rulefile.what_bool")
        return bool(text.lower() == "true")

    def construct_date(loader: Any, node: Any) -> datetime.date:
        text = loader.construct_scalar(node)
        if not _PLAIN_DATE.match(text):
            raise refuse(node, "rulefile.what_date")
        return datetime.date.fromisoformat(text)

    SafeLoader.add_constructor("tag:yaml.org,2002:map", construct_mapping)
    SafeLoader.add_constructor("tag:yaml.org,2002:int", construct_int)
    SafeLoader.add_constructor("tag:yaml.org,2002:float", construct_float)
    SafeLoader.add_constructor("tag:yaml.org,2002:bool", construct_bool)
    SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", construct_date)
    return SafeLoader


class _LazyLoader:
    """Builds the loader class on first use, so importing this module does not import yaml."""

    cls: Any = None

    def __call__(self, text: str) -> Any:
        if self.cls is None:
            self.cls = _make_loader()
        return self.cls(text)


_SafeLoader = _LazyLoader()


def _refuse_aliases(node: Any, file: str) -> None:
    """Anchors and aliases (``&a`` / ``*a``) can multiply a small file into a huge one."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            line = current.start_mark.line + 1
            raise RuleFileError(file, Message("rulefile.aliases"), line=line)
        seen.add(id(current))
        value = current.value
        if isinstance(value, list):
            for item in value:
                stack.extend(item if isinstance(item, tuple) else (item,))


def line_of(node: Any, loc: Iterable[Any]) -> int | None:
    """The line of the value at ``loc`` (a pydantic error location) in a YAML node tree."""
    line = None if node is None else node.start_mark.line + 1
    for part in loc:
        if node is None:
            break
        value = node.value
        found = None
        if isinstance(value, list) and value and isinstance(value[0], tuple):
            for key_node, value_node in value:
                if key_node.value == str(part):
                    found = value_node
                    line = key_node.start_mark.line + 1
                    break
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            found = value[part]
            line = found.start_mark.line + 1
        node = found
    return line


# --- validating ------------------------------------------------------------------


def validate_file(name: str, data: Any, node: Any, display: str) -> dict[str, Any]:
    """The validated, normalised data of one rule file, or a RuleFileError naming the field."""
    from pydantic import ValidationError

    from . import schema

    model: Any
    if name == "document.yaml":
        model = schema.DocumentFile
    elif name == "lpr.yaml":
        model = schema.LprFile
    elif name == "facts.yaml":
        model = schema.FactsFile
    elif MEASURE_FILE.match(name):
        model = schema.MeasureFile
    else:
        raise RuleFileError(
            display,
            Message("rulefile.name_not_measure"),
        )
    if not isinstance(data, dict):
        raise RuleFileError(display, Message("rulefile.not_a_mapping"), line=1)
    try:
        validated = model.model_validate(data)
    except ValidationError as err:
        errors = err.errors(include_url=False)
        first = errors[0]
        loc = [part for part in first["loc"] if not _is_type_tag(part)]
        message = _message(first)
        more = Message("rulefile.and_more", count=len(errors) - 1) if len(errors) > 1 else ""
        raise RuleFileError(
            display,
            Message("rulefile.invalid", message=message, more=more),
            path=".".join(str(p) for p in loc),
            line=line_of(node, loc),
        ) from None
    dumped: dict[str, Any] = validated.model_dump(mode="json", by_alias=True, exclude_none=True)
    if name.startswith("m"):
        number = int(MEASURE_FILE.match(name).group(1))  # type: ignore[union-attr]
        if dumped["measure"] != number:
            raise RuleFileError(
                display,
                Message("rulefile.name_and_measure_differ", number=number, said=dumped["measure"]),
                path="measure",
                line=line_of(node, ["measure"]),
            )
    return dumped


def _is_type_tag(part: Any) -> bool:
    """pydantic adds the union member tried (``str``, ``list[Band]``) to locations: not a field."""
    return isinstance(part, str) and (part in ("str", "int", "date", "bool") or "[" in part)


def _message(error: Mapping[str, Any]) -> Message | Edited | str:
    """ytsub's words for a validation error (its own checks' messages, in either language);
    pydantic's own wording of the rest stays English."""
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return Message("rulefile.unknown_key")
    if kind == "missing":
        return Message("rulefile.key_missing")
    own = (error.get("ctx") or {}).get("error")
    if isinstance(own, RuleValueError):
        return own.message
    text = str(error.get("msg", "invalid"))
    return text.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def cross_check(
    files: Mapping[str, Mapping[str, Any]],
    displays: Mapping[str, str],
    nodes: Mapping[str, Any] | None = None,
    overlaid: frozenset[str] = frozenset(),
) -> None:
    """What no single file can check: unique measures, benefit ids and aliases, chapters.

    With the files' YAML ``nodes``, each error gives the line of the field it names.
    """

    def line(name: str, *loc: Any) -> int | None:
        return None if nodes is None else line_of(nodes.get(name), loc)

    for required in SPECIAL_FILES:
        if required not in files:
            raise RuleFileError(required, Message("rulefile.missing"))
    measures: dict[int, str] = {}
    names: dict[str, tuple[str, str]] = {}
    chapters = files["document.yaml"]["chapters"]
    for name, data in files.items():
        if name in SPECIAL_FILES:
            continue
        if str(data["chapter"]) not in {str(c) for c in chapters}:
            listed = listing(str(c) for c in chapters)
            raise RuleFileError(
                displays[name],
                Message(
                    "rulefile.no_such_chapter",
                    chapter=data["chapter"],
                    document=displays["document.yaml"],
                    listed=listed,
                ),
                path="chapter",
                line=line(name, "chapter"),
            )
        number = data["measure"]
        if number in measures:
            raise RuleFileError(
                displays[name],
                Message("rulefile.measure_twice", number=number, other=displays[measures[number]]),
                path="measure",
                line=line(name, "measure"),
            )
        measures[number] = name
        for index, benefit in enumerate(data.get("benefits") or ()):
            for word in [benefit["id"], *(benefit.get("aliases") or ())]:
                key = word.lower()
                if key in names and names[key] != (name, benefit["id"]):
                    other_file, other_id = names[key]
                    raise RuleFileError(
                        displays[name],
                        Message(
                            "rulefile.word_names_two",
                            word=word,
                            other_id=other_id,
                            other_file=displays[other_file],
                        ),
                        path=f"benefits.{index}",
                        line=line(name, "benefits", index),
                    )
                names[key] = (name, benefit["id"])
    benefit_ids = {data_b["id"] for d in files.values() for data_b in d.get("benefits") or ()}
    for name, data in files.items():
        for index, benefit in enumerate(data.get("benefits") or ()):
            for other in benefit.get("not_combinable_with") or ():
                if other not in benefit_ids:
                    raise RuleFileError(
                        displays[name],
                        Message("rulefile.not_combinable_unknown", other=other),
                        path=f"benefits.{index}.not_combinable_with",
                        line=line(name, "benefits", index, "not_combinable_with"),
                    )
    _check_facts(files, displays, overlaid)


def _check_facts(
    files: Mapping[str, Mapping[str, Any]], displays: Mapping[str, str], overlaid: frozenset[str]
) -> None:
    """facts.yaml names inputs that exist, with the fact's type, unit and choices.

    When an overlaid measure file drops or changes an input the bundled vocabulary reads, the
    error names the overlaid file: that is the file the user changed.
    """
    display = displays["facts.yaml"]
    inputs: dict[str, dict[str, Mapping[str, Any]]] = {}
    owner: dict[str, str] = {}
    for name, data in files.items():
        if name not in SPECIAL_FILES:
            for benefit in data.get("benefits") or ():
                inputs[benefit["id"]] = {i["name"]: i for i in benefit.get("inputs") or ()}
                owner[benefit["id"]] = name

    def blame(benefit: str, message: Message, path: str) -> RuleFileError:
        source = owner.get(benefit)
        if source in overlaid and "facts.yaml" not in overlaid:
            return RuleFileError(
                displays[source],
                Message(
                    "rulefile.vocabulary_reads_change", display=display, path=path, message=message
                ),
            )
        return RuleFileError(display, message, path=path)

    def no_benefit(benefit: str, path: str) -> RuleFileError:
        changed = sorted(displays[n] for n in overlaid if n not in SPECIAL_FILES)
        if changed and "facts.yaml" not in overlaid:
            return RuleFileError(
                display,
                Message("rulefile.benefit_removed", benefit=benefit, listed=listing(changed)),
                path=path,
            )
        return RuleFileError(
            display, Message("rulefile.no_such_benefit", benefit=benefit), path=path
        )

    def find(ref: str, path: str) -> Mapping[str, Any]:
        benefit, _, name = ref.partition(".")
        if benefit not in inputs:
            raise no_benefit(benefit, path)
        if name not in inputs[benefit]:
            listed = listing(inputs[benefit])
            raise blame(
                benefit,
                Message("rulefile.no_such_input", benefit=benefit, name=name, listed=listed),
                path,
            )
        return inputs[benefit][name]

    vocabulary = files["facts.yaml"]
    for fact_id, fact in vocabulary["facts"].items():
        choices: set[str] | None = None
        for index, ref in enumerate(fact["inputs"]):
            path = f"facts.{fact_id}.inputs.{index}"
            spec = find(ref, path)
            benefit = ref.partition(".")[0]
            if spec["type"] != fact["type"]:
                raise blame(
                    benefit,
                    Message(
                        "rulefile.fact_type", ref=ref, type=spec["type"], fact_type=fact["type"]
                    ),
                    path,
                )
            if spec["type"] == "quantity" and spec.get("unit") not in (None, fact.get("unit")):
                raise blame(
                    benefit,
                    Message(
                        "rulefile.fact_unit", ref=ref, unit=spec["unit"], fact_unit=fact.get("unit")
                    ),
                    path,
                )
            if spec["type"] == "choice":
                values = {c["value"] for c in spec["choices"]}
                if choices is not None and values != choices:
                    raise blame(
                        benefit,
                        Message("rulefile.fact_choices", ref=ref, other=fact["inputs"][0]),
                        path,
                    )
                choices = values
    for benefit, names in (vocabulary.get("local") or {}).items():
        for index, name in enumerate(names):
            find(f"{benefit}.{name}", f"local.{benefit}.{index}")
    _check_links(files, vocabulary, display, blame, no_benefit)


def _check_links(
    files: Mapping[str, Mapping[str, Any]],
    vocabulary: Mapping[str, Any],
    display: str,
    blame: Callable[[str, Message, str], RuleFileError],
    no_benefit: Callable[[str, str], RuleFileError],
) -> None:
    """facts.yaml's ``settles``, ``implies`` and ``warns`` name facts, conditions, parameters and
    benefits that exist; one an overlaid measure file drops is blamed on that file."""
    benefits: dict[str, Mapping[str, Any]] = {
        b["id"]: b
        for name, data in files.items()
        if name not in SPECIAL_FILES
        for b in data.get("benefits") or ()
    }
    facts = vocabulary["facts"]

    def condition(ref: str, path: str) -> Mapping[str, Any]:
        name, _, cid = ref.partition(".")
        benefit = benefits.get(name)
        if benefit is None:
            raise no_benefit(name, path)
        if cid not in {c["id"] for c in benefit.get("conditions") or ()}:
            raise blame(name, Message("rulefile.no_such_condition", ref=ref), path)
        return benefit

    def fact(name: str, path: str, wanted: str | None = None) -> Mapping[str, Any]:
        found = facts.get(name)
        if found is None or (wanted is not None and found["type"] != wanted):
            raise RuleFileError(
                display,
                Message("rulefile.no_such_fact", name=name, type=wanted or "any"),
                path=path,
            )
        return dict(found)

    for index, link in enumerate(vocabulary.get("settles") or ()):
        path = f"settles.{index}"
        benefit = condition(link["condition"], f"{path}.condition")
        read = fact(link["fact"], f"{path}.fact", "count")["inputs"]
        if any(ref.partition(".")[0] == benefit["id"] for ref in read):
            raise RuleFileError(
                display, Message("rulefile.settles_an_input", fact=link["fact"]), path=path
            )
    for index, link in enumerate(vocabulary.get("warns") or ()):
        path = f"warns.{index}"
        for number, name in enumerate(link["benefits"]):
            if name not in benefits:
                raise no_benefit(name, f"{path}.benefits.{number}")
            param = link.get("unless_set")
            if param is not None and param not in (benefits[name].get("params") or {}):
                raise blame(
                    name,
                    Message("rulefile.no_such_param_of", benefit=name, name=param),
                    f"{path}.unless_set",
                )
        if link.get("unless") is not None:
            fact(link["unless"], f"{path}.unless")
        if link.get("condition") is not None:
            condition(link["condition"], f"{path}.condition")
            continue
        refs = fact(link["fact"], f"{path}.fact", "choice")["inputs"]
        choices = {
            c["value"]
            for ref in refs
            for b in [benefits[ref.partition(".")[0]]]
            for i in b.get("inputs") or ()
            if i["name"] == ref.partition(".")[2]
            for c in i.get("choices") or ()
        }
        for number, value in enumerate(link["values"]):
            if value not in choices:  # the fact's own inputs were checked: their choices agree
                raise blame(
                    refs[0].partition(".")[0],
                    Message("rulefile.not_a_choice_of", value=value, fact=link["fact"]),
                    f"{path}.values.{number}",
                )
    for index, link in enumerate(vocabulary.get("implies") or ()):
        path = f"implies.{index}"
        benefit = condition(link["condition"], f"{path}.condition")
        fact(link["fact"], f"{path}.fact")
        if link["param"] not in (benefit.get("params") or {}):
            raise blame(
                benefit["id"],
                Message("rulefile.no_such_param_of", benefit=benefit["id"], name=link["param"]),
                f"{path}.param",
            )


# --- the cache ---------------------------------------------------------------------
#
# Trust, as ssh trusts its files: the cache folder is used only when it is a real folder (not
# a link), owned by the user and writable by nobody else; it is opened once and every file in
# it is reached through that descriptor, so it cannot be swapped between the check and the use.
# A cached file is used only when it is a regular file (never a FIFO or a device), owned by the
# user, not writable by others, of a bounded size, marked as ytsub's, for these very rule files
# (its key: their status, or their content), and undamaged (its checksum). Housekeeping deletes
# only files with ytsub's own name and marker. And the digest an estimate shows folds in the
# checksum of the data actually used and the rule files' digest the header records, so even a
# cache changed by someone who could write it cannot pass for published rules (such a person
# could key published data to changed rule files, as they could change the rule files).

#: ``YTSUB_CACHE_DIR`` values that turn the cache off (any case).
CACHE_OFF = frozenset({"", "off", "none", "no", "false", "0"})
CACHE_MARK = "ytsub rules cache"
CACHE_NAME = re.compile(r"^rules-[0-9a-f]{32}\.json$")
_DIR_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_DIRECTORY", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_CACHE_READ_FLAGS = _READ_FLAGS | getattr(os, "O_NOFOLLOW", 0)


def cache_dir() -> str | None:
    """Where validated rules are cached, or None when the cache is off.

    ``YTSUB_CACHE_DIR``: a folder, or ``off`` (also ``none``, ``no``, ``false``, ``0``, empty;
    any case) for no cache; a relative path is not used (the cache would follow the current
    folder). Else ``$XDG_CACHE_HOME/ytsub``, where a relative ``XDG_CACHE_HOME`` is ignored
    as the XDG specification says, then ``~/.cache/ytsub``.
    """
    raw = os.environ.get(ENV_CACHE)
    if raw is not None:
        value = raw.strip()
        if value.lower() in CACHE_OFF or not os.path.isabs(value):
            return None
        return value
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return os.path.join(base, "ytsub")


def _cache_key(digest: str) -> str:
    seed = f"ytsub {__version__} schema {SCHEMA_VERSION} {digest}".encode()
    return _sha256(seed).hexdigest()[:32]


#: A rule file whose inode changed less than this long ago (or in the future) is read and
#: hashed: two writes within one tick of the file system's clock can leave its size and times
#: as they were, so its status cannot yet tell its content (git's "racily clean" entries).
SETTLED_NS = 2_000_000_000


def _settled_key(paths: Mapping[str, str]) -> tuple[str, int] | None:
    """A cache key from each rule file's name, inode, size and times, and their total size.

    A warm start then neither reads nor hashes the rule files (~2 ms of ``ytsub estimate``):
    as a .pyc is checked against its source's status, not its bytes. Any write to a file
    changes its ctime, which ``touch`` or ``cp -p`` cannot set back; replacing it changes its
    inode. None (key by content) when a file is not a regular one, cannot be read for its
    status, or changed less than SETTLED_NS ago.
    """
    now = time.time_ns()
    parts = [f"ytsub {__version__} schema {SCHEMA_VERSION} status"]
    total = 0
    for name, path in paths.items():
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            return None
        if not stat.S_ISREG(info.st_mode) or now - info.st_ctime_ns < SETTLED_NS:
            return None
        total += info.st_size
        parts.append(
            f"{name}\0{info.st_dev}\0{info.st_ino}\0{info.st_size}"
            f"\0{info.st_mtime_ns}\0{info.st_ctime_ns}"
        )
    return _sha256("\n".join(parts).encode()).hexdigest()[:32], total


def _own(info: os.stat_result) -> bool:
    """Owned by the user running ytsub, and writable by nobody else (group or others)."""
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _open_cache_dir(directory: str, *, tighten: bool) -> int | None:
    """A descriptor of the cache folder if it is the user's own (created 0700 if missing).

    ``tighten``: the folder is ytsub's own default one (``…/ytsub``), which an older ytsub made
    group-writable under a umask of 002; if the user owns it, group and others lose write
    access and it is used (cached files are checked one by one: never another owner's). A
    folder named with ``YTSUB_CACHE_DIR`` is the user's to set: it is never changed.
    """
    if not hasattr(os, "getuid") or not hasattr(os, "O_NOFOLLOW"):
        return None  # ownership cannot be checked here: no cache rather than a shared one
    try:
        fd = os.open(directory, _DIR_FLAGS)
    except FileNotFoundError:
        from pathlib import Path

        try:
            Path(directory).parent.mkdir(parents=True, exist_ok=True)
            os.mkdir(directory, 0o700)
            fd = os.open(directory, _DIR_FLAGS)
        except OSError:
            return None
    except OSError:
        return None  # a link, not a folder, no permission
    try:
        info = os.fstat(fd)
        if tighten and info.st_uid == os.getuid() and info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            os.fchmod(fd, stat.S_IMODE(info.st_mode) & ~(stat.S_IWGRP | stat.S_IWOTH))
            info = os.fstat(fd)
        if _own(info):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _cache_limit(rule_bytes: int) -> int:
    """The most bytes a cache of rule files of this size may hold (their validated data is similar)."""
    return 4 * rule_bytes + 1_000_000


def _read_cache(
    folder: int, name: str, key: str, limit: int
) -> tuple[dict[str, Any], str, str | None] | None:
    """The cached files, the checksum of their data and the digest of the rule files they came
    from (None if the header has none), or None if not to be trusted.

    The file is two lines of JSON: ``{"mark": …, "key": …, "sha256": …, "source": …}`` and the
    validated files. The checksum covers the second line, so damage that still parses is caught.
    """
    try:
        fd = os.open(name, _CACHE_READ_FLAGS, dir_fd=folder)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode) or not _own(info) or info.st_size > limit:
                return None
            raw = stream.read(limit + 1)
        if len(raw) > limit:
            return None
        head, _, body = raw.partition(b"\n")
        header = json.loads(head)
        if not isinstance(header, dict) or header.get("mark") != CACHE_MARK:
            return None
        checksum = _sha256(body).hexdigest()
        if header.get("key") != key or header.get("sha256") != checksum:
            return None
        files = json.loads(body)
    except (OSError, ValueError, RecursionError):
        return None
    source = header.get("source")
    if not (isinstance(source, str) and source.startswith("sha256:")):
        source = None
    return (files, checksum, source) if isinstance(files, dict) else None


def _write_cache(folder: int, name: str, key: str, body: bytes, checksum: str, source: str) -> None:
    """Write atomically (temp file + rename); a cache that cannot be written is simply skipped."""
    header = {"mark": CACHE_MARK, "key": key, "sha256": checksum, "source": source}
    head = json.dumps(header).encode()
    temp = f".rules-{os.urandom(8).hex()}.tmp"
    written = False
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(temp, flags, 0o600, dir_fd=folder)
        with os.fdopen(fd, "wb") as out:
            out.write(head + b"\n" + body)
        os.replace(temp, name, src_dir_fd=folder, dst_dir_fd=folder)
        written = True
        _drop_old_caches(folder)
    except OSError:
        return
    finally:
        if not written:
            with contextlib.suppress(OSError):
                os.unlink(temp, dir_fd=folder)  # a write that failed leaves nothing behind


def _drop_old_caches(folder: int) -> None:
    """Keep the few most recent rule sets (a consultant may switch between --rules folders).

    Only files ytsub wrote are deleted: its own name (``rules-`` and 32 hex digits), a regular
    file of the user's, whose first line carries ytsub's mark. Anything else in the folder
    (``YTSUB_CACHE_DIR`` may name a folder that holds other files) is left alone.
    """
    ours: list[tuple[float, str]] = []
    for name in os.listdir(folder):
        if not CACHE_NAME.match(name):
            continue
        try:
            fd = os.open(name, _CACHE_READ_FLAGS, dir_fd=folder)
        except OSError:
            continue
        with os.fdopen(fd, "rb") as stream:
            info = os.fstat(stream.fileno())
            head = stream.read(200)
        marked = f'"mark": "{CACHE_MARK}"'.encode() in head.partition(b"\n")[0]
        if stat.S_ISREG(info.st_mode) and _own(info) and marked:
            ours.append((info.st_mtime, name))
    for _, name in sorted(ours, reverse=True)[CACHE_KEEP:]:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=folder)


# --- loading ---------------------------------------------------------------------


def load_rules(rules: str | os.PathLike[str] | None = None, *, use_cache: bool = True) -> RuleSet:
    """The rule set: the bundled rules with ``rules`` (or ``YTSUB_RULES``) overlaid on them."""
    overlay = overlay_dir(rules)
    paths = rule_files(overlay, overlay_source(rules))
    overlays: tuple[str, ...] = ()
    if overlay is not None:
        from pathlib import Path

        overlays = tuple(_display(p) for p in paths.values() if Path(p).parent == overlay)
    risks = overlay_risks(overlay, paths)
    directory = cache_dir() if use_cache else None
    own_default = os.environ.get(ENV_CACHE) is None
    folder = None if directory is None else _open_cache_dir(directory, tighten=own_default)
    try:
        settled = None if folder is None else _settled_key(paths)  # before the files are read
        if folder is not None and settled is not None:
            key, size = settled
            cached = _read_cache(folder, f"rules-{key}.json", key, _cache_limit(size))
            if cached is not None and cached[2] is not None:
                rule_set = _from_cache(cached[0], cached[1], cached[2], overlays, risks)
                if rule_set is not None:
                    return rule_set
        contents = {name: read_bytes(path) for name, path in paths.items()}
        source = rules_digest(contents)
        key = _cache_key(source) if settled is None else settled[0]
        if folder is not None and settled is None:  # a file has just changed: keyed by content
            limit = _cache_limit(sum(len(raw) for raw in contents.values()))
            cached = _read_cache(folder, f"rules-{key}.json", key, limit)
            if cached is not None:
                rule_set = _from_cache(cached[0], cached[1], source, overlays, risks)
                if rule_set is not None:
                    return rule_set
        validated = validate_all(paths, contents)
        body = json.dumps(validated, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        checksum = _sha256(body).hexdigest()
        rule_set = build_rule_set(validated, data_digest(source, checksum), overlays, risks)
        if folder is not None:
            _write_cache(folder, f"rules-{key}.json", key, body, checksum, source)
        return rule_set
    finally:
        if folder is not None:
            os.close(folder)


def _from_cache(
    files: dict[str, Any],
    checksum: str,
    source: str,
    overlays: tuple[str, ...],
    risks: tuple[Message, ...],
) -> RuleSet | None:
    try:
        return build_rule_set(files, data_digest(source, checksum), overlays, risks)
    except Exception:  # noqa: BLE001 - any damage to the cache means: rebuild it
        return None


def rules_digest(contents: Mapping[str, bytes]) -> str:
    """``sha256:…`` over every rule file's name and bytes: it changes when any rule does."""
    hasher = _sha256()
    for name in sorted(contents):
        hasher.update(name.encode() + b"\0" + _sha256(contents[name]).digest())
    return "sha256:" + hasher.hexdigest()


def data_digest(source: str, checksum: str) -> str:
    """The digest estimates show: the rule files' bytes and the data actually used, together.

    Loaded from the files or from an honest cache it is the same; a cache whose data differs
    from what the files give yields another digest, never the published one.
    """
    return "sha256:" + _sha256(f"{source}\0{checksum}".encode()).hexdigest()


def validate_all(
    paths: Mapping[str, str], contents: Mapping[str, bytes]
) -> dict[str, dict[str, Any]]:
    """Parse and validate every file; the first error stops (``check_rules`` collects them all)."""
    displays = {name: _display(path) for name, path in paths.items()}
    validated = {}
    nodes = {}
    for name, raw in contents.items():
        data, nodes[name] = parse_yaml(raw, displays[name])
        validated[name] = validate_file(name, data, nodes[name], displays[name])
    cross_check(validated, displays, nodes, _overlaid(paths))
    errors = check_calculators(paths, validated, nodes, displays)
    errors += check_quoted_figures(paths, validated, nodes, displays)
    if errors:
        raise errors[0]
    return validated


def _overlaid(paths: Mapping[str, str]) -> frozenset[str]:
    """The files that come from an overlay folder rather than the bundled rules."""
    bundled = _bundled_dir()
    return frozenset(name for name, path in paths.items() if os.path.dirname(path) != bundled)


def check_rules(
    rules: str | os.PathLike[str] | None = None, *, named_as: str | None = None
) -> tuple[int, list[RuleFileError]]:
    """Validate a rule set without stopping at the first error: (files checked, errors)."""
    overlay = overlay_dir(rules)
    paths = rule_files(overlay, named_as or overlay_source(rules))
    displays = {name: _display(path) for name, path in paths.items()}
    errors: list[RuleFileError] = []
    validated: dict[str, dict[str, Any]] = {}
    nodes: dict[str, Any] = {}
    for name, path in paths.items():
        try:
            data, nodes[name] = parse_yaml(read_bytes(path), displays[name])
            validated[name] = validate_file(name, data, nodes[name], displays[name])
        except RuleFileError as err:
            errors.append(err)
    if not errors:
        try:
            cross_check(validated, displays, nodes, _overlaid(paths))
        except RuleFileError as err:
            errors.append(err)
    if not errors:
        errors.extend(check_calculators(paths, validated, nodes, displays))
        errors.extend(check_quoted_figures(paths, validated, nodes, displays))
    return len(paths), errors


# --- what a calculator reads ---------------------------------------------------------------
#
# A calculator (yantai_subsidy/calc) reads its benefit's parameters and inputs by name and
# decides some of its conditions. The bundled rule of a benefit is what its calculator is
# tested with, so an overlaid rule must give the calculator the same things: otherwise a
# parameter deleted or retyped in a user's file would surface as an internal error (exit 70)
# in the middle of an estimate, or an input added to it would be ignored without a word.


def calculator_needs(benefit: Mapping[str, Any]) -> dict[str, Any]:
    """What the calculator of a (validated) benefit reads: parameters, inputs, decided conditions."""
    return {
        "params": {
            name: (p["type"], p.get("boundary") is not None)
            for name, p in (benefit.get("params") or {}).items()
        },
        "inputs": {
            i["name"]: {
                "type": i["type"],
                "choices": sorted(c["value"] for c in i.get("choices") or ()),
                "replaces": i.get("replaces"),
                "always": bool(i.get("required")) or i.get("default") is not None,
                "minimum": max(i.get("minimum") or 0, 1 if i.get("positive") else 0),
                "positive": bool(i.get("positive")),
                "maximum": i.get("maximum"),
            }
            for i in benefit.get("inputs") or ()
        },
        "decides": sorted(c["id"] for c in benefit.get("conditions") or () if c.get("decided_by")),
        "readings": sorted(r["id"] for r in benefit.get("interpretations") or () if r.get("id")),
    }


def check_calculators(
    paths: Mapping[str, str],
    validated: Mapping[str, Mapping[str, Any]],
    nodes: Mapping[str, Any],
    displays: Mapping[str, str],
) -> list[RuleFileError]:
    """Each benefit of an overlaid file against what its calculator reads in the bundled rules."""
    bundled = bundled_rules_dir()
    overlaid = [name for name, path in paths.items() if os.path.dirname(path) != str(bundled)]
    if not overlaid:
        return []
    reference: dict[str, dict[str, Any]] = {}
    for name in paths:
        source: Mapping[str, Any] | None = validated[name]
        if name in overlaid:
            source = _bundled_file(bundled / name)
        for benefit in (source or {}).get("benefits") or ():
            reference.setdefault(benefit["calculator"], calculator_needs(benefit))
    errors = []
    for name in overlaid:
        for index, benefit in enumerate(validated[name].get("benefits") or ()):
            needs = reference.get(benefit["calculator"])
            if needs is None:
                continue  # a calculator no bundled rule uses: `rules check` reports if it is missing
            for path, problem in _unmet_needs(benefit, needs):
                loc = f"benefits.{index}.{path}".split(".")
                where = [int(part) if part.isdigit() else part for part in loc]
                errors.append(
                    RuleFileError(
                        displays[name],
                        problem,
                        path=".".join(loc),
                        line=line_of(nodes.get(name), where),
                    )
                )
                break  # one problem per benefit: the first one
    return errors


def _bound(need: Mapping[str, Any]) -> Any:
    """An input's maximum as a number: a whole number's, or a rate's."""
    if need["type"] == "count":
        return int(need["maximum"])
    return parse_rate(str(need["maximum"]))


def check_quoted_figures(
    paths: Mapping[str, str],
    validated: Mapping[str, Mapping[str, Any]],
    nodes: Mapping[str, Any],
    displays: Mapping[str, str],
) -> list[RuleFileError]:
    """An overlaid parameter whose figure is not the published rule's, under the published
    rule's quote: every estimate would cite the document's sentence (“…1.5%…”) as the source
    of a calculation made with another figure (2%). A figure changed with its quote, or
    marked ``assumed: true`` with a basis, says where it comes from."""
    from .schema import parse_param_value

    bundled = bundled_rules_dir()
    errors = []
    for name, path in paths.items():
        if os.path.dirname(path) == str(bundled):
            continue
        published = _bundled_file(bundled / name) or {}
        by_id = {b["id"]: b for b in published.get("benefits") or ()}
        for index, benefit in enumerate(validated[name].get("benefits") or ()):
            before = (by_id.get(benefit["id"]) or {}).get("params") or {}
            for param, now in (benefit.get("params") or {}).items():
                was = before.get(param)
                if was is None or not now.get("quote") or now["quote"] != was.get("quote"):
                    continue
                if now["type"] != was["type"]:
                    continue  # said by check_calculators
                try:
                    same = parse_param_value(now["type"], now["value"]) == parse_param_value(
                        was["type"], was["value"]
                    )
                except ValueError:
                    same = now["value"] == was["value"]
                if same:
                    continue
                loc: list[Any] = ["benefits", index, "params", param, "value"]
                errors.append(
                    RuleFileError(
                        displays[name],
                        Message(
                            "rulefile.figure_not_quoted",
                            value=now["value"],
                            quote=now["quote"],
                            published=was["value"],
                        ),
                        path=".".join(str(part) for part in loc),
                        line=line_of(nodes.get(name), loc),
                    )
                )
    return errors


def _bundled_file(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    data, node = parse_yaml(read_bytes(path), _display(path))
    return validate_file(path.name, data, node, _display(path))


def _unmet_needs(
    benefit: Mapping[str, Any], needs: Mapping[str, Any]
) -> Iterable[tuple[str, Message]]:
    """(field path, problem) for each thing the calculator reads that the benefit does not give."""
    calc = benefit["calculator"]
    params = calculator_needs(benefit)["params"]
    for name, (kind, bounded) in needs["params"].items():
        if name not in params:
            yield "params", Message("rulefile.needs_param", calc=calc, name=name, kind=kind)
        elif params[name][0] != kind:
            yield (
                f"params.{name}",
                Message(
                    "rulefile.param_type", calc=calc, name=name, kind=kind, got=params[name][0]
                ),
            )
        elif bounded and not params[name][1]:
            yield (
                f"params.{name}",
                Message("rulefile.param_boundary", calc=calc, name=name),
            )
    have = calculator_needs(benefit)["inputs"]
    positions = {i["name"]: n for n, i in enumerate(benefit.get("inputs") or ())}
    for name, want in needs["inputs"].items():
        got = have.get(name)
        option = "--" + name.replace("_", "-")
        if got is None:
            yield (
                "inputs",
                Message("rulefile.needs_input", calc=calc, option=option, kind=want["type"]),
            )
            continue
        at = f"inputs.{positions[name]}"
        if got["type"] != want["type"]:
            yield (
                f"{at}.type",
                Message(
                    "rulefile.input_type",
                    calc=calc,
                    option=option,
                    kind=want["type"],
                    got=got["type"],
                ),
            )
        elif got["choices"] != want["choices"]:
            yield (
                f"{at}.choices",
                Message(
                    "rulefile.input_choices",
                    calc=calc,
                    listed=listing(want["choices"]),
                    option=option,
                ),
            )
        elif got["replaces"] != want["replaces"]:
            what = want["replaces"] or Message("rulefile.no_parameter")
            yield (
                f"{at}.replaces",
                Message("rulefile.input_replaces", calc=calc, option=option, what=what),
            )
        elif want["always"] and not got["always"]:
            yield at, Message("rulefile.input_always", calc=calc, option=option)
        elif got["minimum"] < want["minimum"]:
            yield (
                at,
                Message(
                    "rulefile.input_minimum", calc=calc, option=option, minimum=want["minimum"]
                ),
            )
        elif want["positive"] and not got["positive"]:
            yield at, Message("rulefile.input_positive", calc=calc, option=option)
        elif want["maximum"] is not None and (
            got["maximum"] is None or _bound(got) > _bound(want)
        ):  # a guard against 0.5 meant as 0.5%: without it, --lpr 0.5 is 50%, in silence
            yield (
                at,
                Message(
                    "rulefile.input_maximum", calc=calc, option=option, maximum=want["maximum"]
                ),
            )
    for name in have:
        if name not in needs["inputs"]:
            at = f"inputs.{positions[name]}"
            option = "--" + name.replace("_", "-")
            yield at, Message("rulefile.input_unread", calc=calc, option=option)
    ids = {c["id"] for c in benefit.get("conditions") or ()}
    for cid in needs["decides"]:
        if cid not in ids:
            yield "conditions", Message("rulefile.needs_condition", calc=calc, cid=cid)
    readings = {r.get("id") for r in benefit.get("interpretations") or ()}
    for rid in needs["readings"]:
        if rid not in readings:
            yield "interpretations", Message("rulefile.needs_reading", calc=calc, rid=rid)
