"""The real rule files, mutated at random and loaded as an overlay (hypothesis).

Each example takes one of the 65 bundled files, damages or rewrites it, writes it to an
overlay folder and loads the rule set as ``--rules`` would. Seven families:

* **rewrites that keep the meaning** (the data dumped again in another YAML style, keys
  reordered, comments, CRLF line ends, a BOM): the rule set loads and is *identical* to the
  bundled one;
* **damage that must be refused** (a key written twice, a ``!!python/…`` tag, an anchor and
  alias, more than 1 MB, UTF-16/UTF-32/GB18030/Big5 bytes, broken YAML syntax): loading
  raises a :class:`RuleFileError` whose one-line message names the file, and no code runs;
* **damage that may or may not be acceptable** (a key deleted, a value replaced by one of
  another type, a list item dropped, the file cut short, other YAML tags, stray text): either
  a :class:`RuleFileError` naming the file, or a rule set that names the overlay, whose
  benefits estimate (from their golden cases) and render in every format and both languages
  without any exception but a :class:`YtsubError`;
* **YAML 1.1's other numbers** (a ``value:`` written ``0x1000``, ``5:00:00``, ``1_000``,
  ``.inf``, ``yes``, a timestamp …): refused naming the file; a leading zero on plain digits
  (``0500``) is the number the digits write, never octal;
* **digits of other scripts** in a value (superscript, Arabic-Indic, circled …): refused naming
  the file; full-width digits give the same value;
* **overlay folders with other entries** (READMEs, hidden files, ``.YAML`` names, dangling or
  looping links, FIFOs, folders): loaded with only the rule file, or refused naming the path;
* **a changed cache** (bytes, values with a matching checksum, another owner, group/other
  write): never the published digest with other data.

Never another exception, never code execution. ``FUZZ_EXAMPLES`` examples in all per run.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime
import hashlib
import json
import os
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import RULES_DIR
from tests.test_cases import case_files
from yantai_subsidy import loader
from yantai_subsidy.catalogue import measures
from yantai_subsidy.engine import estimate
from yantai_subsidy.errors import RuleFileError, YtsubError
from yantai_subsidy.render import FORMATS, renderer
from yantai_subsidy.render import help as help_text
from yantai_subsidy.ruleset import RuleSet

RULE_FILES = sorted(path.name for path in RULES_DIR.glob("*.yaml"))
ORIGINAL = {name: (RULES_DIR / name).read_bytes() for name in RULE_FILES}
TEXT = {name: raw.decode("utf-8") for name, raw in ORIGINAL.items()}

#: ``YTSUB_FUZZ_SCALE=20 python -m pytest tests/test_fuzz_rules.py`` for a longer hunt.
SCALE = int(os.environ.get("YTSUB_FUZZ_SCALE", "1"))
NEUTRAL_EXAMPLES = 150 * SCALE
REFUSED_EXAMPLES = 150 * SCALE
EITHER_EXAMPLES = 250 * SCALE
YAML_FORM_EXAMPLES = 100 * SCALE
DIGIT_EXAMPLES = 100 * SCALE
ENTRY_EXAMPLES = 50 * SCALE
CACHE_EXAMPLES = 50 * SCALE
FUZZ_EXAMPLES = (
    NEUTRAL_EXAMPLES
    + REFUSED_EXAMPLES
    + EITHER_EXAMPLES
    + YAML_FORM_EXAMPLES
    + DIGIT_EXAMPLES
    + ENTRY_EXAMPLES
    + CACHE_EXAMPLES
)


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- the bundled files as data, and where they can be cut -----------------------------------


def _data(name: str) -> Any:
    return yaml.safe_load(TEXT[name])


def _paths(node: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key path and list index of a document (``("benefits", 0, "params")`` …)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*here, key)
            yield from _paths(value, (*here, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield (*here, index)
            yield from _paths(value, (*here, index))


def _key_lines(text: str) -> list[int]:
    """0-based lines holding a key of a block mapping, with nothing but spaces before it."""
    lines = text.split("\n")
    found = []
    stack = [yaml.compose(text)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                mark = key.start_mark
                if not node.flow_style and lines[mark.line][: mark.column].strip() == "":
                    found.append(mark.line)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return sorted(set(found))


PATHS = {name: list(_paths(_data(name))) for name in RULE_FILES}
KEY_LINES = {name: _key_lines(TEXT[name]) for name in RULE_FILES}
TOP_KEY_LINES = {
    name: [n for n in KEY_LINES[name] if not TEXT[name].split("\n")[n].startswith(" ")]
    for name in RULE_FILES
}


class _Dumper(yaml.SafeDumper):
    """Never anchors: the loader refuses them (they are tested on their own)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(data: Any, **style: Any) -> bytes:
    text: str = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, **style)
    return text.encode("utf-8")


class Mutation(NamedTuple):
    """A mutated rule file; shown by its description, not its bytes, when an example fails."""

    name: str
    raw: bytes
    what: str
    says: str = ""  # for damage that must be refused: a phrase of the message

    def __repr__(self) -> str:
        return f"Mutation({self.what!r})"


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


# --- loading an overlay fast: files that are still the bundled bytes are not parsed again ---


@pytest.fixture(scope="module")
def overlay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An overlay folder, with the loader remembering what the bundled bytes parse to.

    Only the parsing and validation of unchanged bundled files are memoised; everything
    else (reading, the size limit, the digest, cross-checks, building the rule set) runs as
    ``--rules`` runs it.
    """
    parsed: dict[bytes, tuple[Any, Any]] = {}
    validated: dict[int, dict[str, Any]] = {}
    real_parse, real_validate = loader.parse_yaml, loader.validate_file

    def parse_yaml(raw: bytes, file: str) -> tuple[Any, Any]:
        if raw in parsed:
            return parsed[raw]
        return real_parse(raw, file)

    def validate_file(name: str, data: Any, node: Any, display: str) -> dict[str, Any]:
        if id(data) in validated:
            return validated[id(data)]
        return real_validate(name, data, node, display)

    for name, raw in ORIGINAL.items():
        data, node = real_parse(raw, name)
        parsed[raw] = (data, node)
        validated[id(data)] = real_validate(name, data, node, name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "parse_yaml", parse_yaml)
        patch.setattr(loader, "validate_file", validate_file)
        yield tmp_path_factory.mktemp("overlay")


BASE = loader.load_rules(use_cache=False)


def load(folder: Path, name: str, raw: bytes) -> RuleSet | RuleFileError:
    target = folder / name
    target.write_bytes(raw)
    try:
        return loader.load_rules(folder, use_cache=False)
    except RuleFileError as err:
        return err
    finally:
        target.unlink()


def same_meaning(rules: RuleSet) -> RuleSet:
    return rules._replace(digest="", overlays=())


def assert_names_the_file(err: RuleFileError, folder: Path, name: str) -> None:
    text = str(err)
    assert str(folder / name) in text, text
    assert "\n" not in text, text


# --- using a rule set the way the commands do -------------------------------------------------

SAMPLES: dict[str, dict[str, Any]] = {}
for _data_file in case_files():
    for _case in _data_file["cases"]:
        if "error" not in _case["expect"]:
            SAMPLES[_data_file["benefit"]] = {
                "inputs": _case.get("inputs") or {},
                "as_of": str(_case.get("as_of", _data_file.get("as_of", "2024-06-01"))),
            }
            break
#: Benefits that read document.yaml's horizon and lpr.yaml's rates.
SHARED_USERS = ("techloan", "techreno")


def exercise(rules: RuleSet, name: str) -> None:
    """Estimate and render what the file defines; only a YtsubError may stop it."""
    if name in loader.SPECIAL_FILES:
        benefits = [b for b in SHARED_USERS if b in rules.benefits]
        shown = [rules.measures[rules.benefits[b].measure] for b in benefits]
    else:
        shown = [m for m in rules.measures.values() if m.file == name]
        benefits = [b for m in shown for b in m.benefits]
    for lang in ("en", "zh"):
        with contextlib.suppress(YtsubError):
            renderer("json").measures(rules, measures(rules), lang=lang)
        for measure in shown:
            for fmt in FORMATS:
                with contextlib.suppress(YtsubError):
                    renderer(fmt).measure(rules, measure, lang=lang, width=100)
        for benefit in benefits:
            with contextlib.suppress(YtsubError):
                help_text.benefit(rules, rules.benefits[benefit], lang)
    for benefit in benefits:
        sample = SAMPLES.get(benefit)
        if sample is None:
            continue
        try:
            result = estimate(rules, benefit, sample["inputs"], sample["as_of"], confirm=["all"])
        except YtsubError:
            continue
        assert result.overlays == rules.overlays
        for fmt in FORMATS:
            for lang in ("en", "zh"):
                shown_as = renderer(fmt).estimate(result, lang=lang, unit="wan", width=100)
                if fmt == "json":
                    assert all(json.dumps(path) in shown_as for path in rules.overlays)


# --- 1. rewrites that keep the meaning ---------------------------------------------------------


def _shuffled(data: Any, rng: random.Random) -> Any:
    if isinstance(data, dict):
        items = list(data.items())
        rng.shuffle(items)
        return {key: _shuffled(value, rng) for key, value in items}
    if isinstance(data, list):
        return [_shuffled(value, rng) for value in data]
    return data


COMMENT = "# a comment: 注释 !!python/object &a *a 'quoted' [x] {y}"


@st.composite
def rewrites(draw: st.DrawFn) -> Mutation:
    name = draw(st.sampled_from(RULE_FILES))
    how = draw(st.sampled_from(["dump", "reorder", "comments", "crlf", "bom", "blank", "all"]))
    what = f"{name}: {how}"
    text = TEXT[name]
    if how in ("dump", "reorder", "all"):
        data = _data(name)
        if how != "dump":
            data = _shuffled(data, draw(st.randoms(use_true_random=False)))
        style = {
            "default_flow_style": draw(st.sampled_from([False, None, True])),
            "width": draw(st.sampled_from([40, 80, 100_000])),
            "indent": draw(st.integers(2, 6)),
            "sort_keys": draw(st.booleans()),
            "explicit_start": draw(st.booleans()),
        }
        what += f" {style}"
        text = dump(data, **style).decode("utf-8")
    if how == "comments":
        lines = text.split("\n")
        spots = sorted(draw(st.lists(st.sampled_from(TOP_KEY_LINES[name]), max_size=5)))
        for at in reversed(spots):
            lines.insert(at, COMMENT)
        text = "\n".join(lines)
    if how in ("comments", "all"):
        text = f"{COMMENT}\n{text}\n{COMMENT}"  # and no newline at the end
    if how in ("blank", "all"):
        text = "\n\n" + text + "\n\n\n"
    raw = text.encode("utf-8")
    if how in ("crlf", "all"):
        raw = raw.replace(b"\n", b"\r\n")
    if how in ("bom", "all"):
        raw = codecs.BOM_UTF8 + raw
    return Mutation(name, raw, what)


@fuzz_settings(NEUTRAL_EXAMPLES)
@given(case=rewrites())
def test_rewrites_keep_the_meaning(overlay: Path, case: Mutation) -> None:
    loaded = load(overlay, case.name, case.raw)
    assert isinstance(loaded, RuleSet), str(loaded)
    assert same_meaning(loaded) == same_meaning(BASE)
    assert loaded.overlays == (str(overlay / case.name),)


# --- 2. damage that must be refused ------------------------------------------------------------

PYTHON_TAGS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/apply:builtins.exec [\"open('{marker}', 'w').close()\"]",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/object:pathlib.Path {{}}",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/tuple [1, 2]",
]
BROKEN_LINES = ["[", "{", "key: [unclosed", "'unterminated", "\tkey: tab", "- a", ": x", "%%"]
ENCODINGS = ["utf-16", "utf-16-le", "utf-32", "gb18030", "big5"]


@st.composite
def damage(draw: st.DrawFn, marker: Path) -> Mutation:
    name = draw(st.sampled_from(RULE_FILES))
    how = draw(st.sampled_from(["duplicate", "python tag", "alias", "huge", "encoding", "syntax"]))
    text = TEXT[name]
    lines = text.split("\n")
    if how == "duplicate":
        at = draw(st.sampled_from(KEY_LINES[name]))
        raw = "\n".join([*lines[: at + 1], lines[at], *lines[at + 1 :]]).encode("utf-8")
        return Mutation(name, raw, f"{name}: line {at + 1} twice: {lines[at]!r}", "duplicate key")
    if how == "python tag":
        at = draw(st.sampled_from(KEY_LINES[name]))
        tag = draw(st.sampled_from(PYTHON_TAGS)).format(marker=marker)
        key = lines[at].split(":", 1)[0]
        raw = "\n".join([*lines[:at], f"{key}: {tag}", *lines[at + 1 :]]).encode("utf-8")
        return Mutation(name, raw, f"{name}: line {at + 1} is {key}: {tag}", "not valid YAML")
    if how == "alias":
        at = draw(st.sampled_from(TOP_KEY_LINES[name]))
        key, _, rest = lines[at].partition(":")
        lines[at] = f"{key}: &anchor{rest}"
        lines.append("zz_again: *anchor")
        raw = "\n".join(lines).encode("utf-8")
        return Mutation(name, raw, f"{name}: {key} anchored and aliased", "anchors and aliases")
    if how == "huge":
        size = draw(st.integers(loader.MAX_RULE_FILE_BYTES + 1, 2 * loader.MAX_RULE_FILE_BYTES))
        padding = b"# " + b"x" * size + b"\n"
        raw = ORIGINAL[name] + padding if draw(st.booleans()) else padding + ORIGINAL[name]
        return Mutation(name, raw, f"{name} + {size} bytes", "more than a rule file may hold")
    if how == "encoding":
        encoding = draw(st.sampled_from(ENCODINGS))
        # Not UTF-8, or NUL bytes that YAML refuses: either way, refused.
        return Mutation(name, text.encode(encoding, errors="replace"), f"{name} in {encoding}")
    at = draw(st.sampled_from(TOP_KEY_LINES[name]))
    broken = draw(st.sampled_from(BROKEN_LINES))
    raw = "\n".join([*lines[:at], broken, *lines[at:]]).encode("utf-8")
    return Mutation(name, raw, f"{name}: {broken!r} before line {at + 1}")


@pytest.fixture(scope="module")
def marker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The file an executed tag would create."""
    return tmp_path_factory.mktemp("marker") / "code-ran"


@fuzz_settings(REFUSED_EXAMPLES)
@given(data=st.data())
def test_damage_is_refused_naming_the_file(
    overlay: Path, marker: Path, data: st.DataObject
) -> None:
    case = data.draw(damage(marker))
    loaded = load(overlay, case.name, case.raw)
    assert isinstance(loaded, RuleFileError), "a damaged file loaded"
    assert_names_the_file(loaded, overlay, case.name)
    assert case.says in str(loaded)
    assert not marker.exists(), "a rule file ran code"


# --- 3. damage that may be acceptable: refused by name, or usable ------------------------------

REPLACEMENTS: list[Any] = [
    None,
    "",
    " ",
    0,
    -1,
    7,
    10**30,
    True,
    False,
    1.5,
    float("nan"),
    "abc",
    "1.5%",
    "345",
    "10万",
    "-5",
    "nan",
    "1e400",
    "2024-02-30",
    datetime.date(2024, 2, 29),
    "{}",
    "{0}",
    "{subsidy_rate",
    "{subsidy_rate:d}",
    "{subsidy_rate!r}",
    "{subsidy_rate.__class__}",
    "以上",
    "x" * 5000,
    [],
    [1, "a"],
    [{"from": "0", "rate": "1%"}],
    {},
    {"zh": "中", "en": "en"},
    {"value": "1%", "quote": "x"},
]
OTHER_TAGS = [
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!float 1.5",
    "!!str 7",
    "!!timestamp 2024-01-01",
    "!foo x",
]


@st.composite
def edits(draw: st.DrawFn) -> Mutation:
    name = draw(st.sampled_from(RULE_FILES))
    how = draw(st.sampled_from(["delete", "replace", "replace", "cut", "tag", "insert", "bytes"]))
    if how in ("delete", "replace"):
        data = _data(name)
        path = draw(st.sampled_from(PATHS[name]))
        parent = _get(data, path[:-1])
        where = ".".join(map(str, path))
        if how == "delete":
            what = f"{name}: {where} deleted"
            del parent[path[-1]]
        else:
            value = draw(st.sampled_from(REPLACEMENTS))
            what = f"{name}: {where} = {value!r}"[:200]
            parent[path[-1]] = value
        return Mutation(name, dump(data, width=100_000), what)
    if how == "cut":
        cut = draw(st.integers(0, len(ORIGINAL[name])))
        return Mutation(name, ORIGINAL[name][:cut], f"{name} cut at byte {cut}")
    lines = TEXT[name].split("\n")
    at = draw(st.sampled_from(KEY_LINES[name]))
    if how == "tag":
        key = lines[at].split(":", 1)[0]
        tag = draw(st.sampled_from(OTHER_TAGS))
        lines[at] = f"{key}: {tag}"
        return Mutation(name, "\n".join(lines).encode("utf-8"), f"{name}: {key}: {tag}")
    if how == "insert":
        stray = draw(st.text(max_size=30))
        raw = "\n".join([*lines[:at], stray, *lines[at:]]).encode("utf-8")
        return Mutation(name, raw, f"{name}: {stray!r} before line {at + 1}")
    changed = bytearray(ORIGINAL[name])
    spots = draw(
        st.lists(
            st.tuples(st.integers(0, len(changed) - 1), st.integers(0, 255)),
            min_size=1,
            max_size=5,
        )
    )
    for offset, byte in spots:
        changed[offset] = byte
    return Mutation(name, bytes(changed), f"{name}: bytes {spots} (offset, value)")


@fuzz_settings(EITHER_EXAMPLES)
@given(case=edits())
def test_edits_are_refused_by_name_or_usable(overlay: Path, case: Mutation) -> None:
    loaded = load(overlay, case.name, case.raw)
    if isinstance(loaded, RuleFileError):
        assert_names_the_file(loaded, overlay, case.name)
        return
    assert loaded.overlays == (str(overlay / case.name),)
    assert loaded.digest != BASE.digest or case.raw == ORIGINAL[case.name]
    exercise(loaded, case.name)


# --- the fuzzer itself ---------------------------------------------------------------------------


def test_the_fuzzer_runs_at_least_500_examples() -> None:
    assert FUZZ_EXAMPLES >= 500


def test_every_rule_file_is_fuzzed() -> None:
    assert len(RULE_FILES) == 65
    assert all(KEY_LINES[name] and TOP_KEY_LINES[name] and PATHS[name] for name in RULE_FILES)


def test_the_bundled_files_load_through_the_memo(overlay: Path) -> None:
    for name in ("m48-techloan.yaml", "document.yaml", "lpr.yaml"):
        loaded = load(overlay, name, ORIGINAL[name])
        assert isinstance(loaded, RuleSet)
        assert same_meaning(loaded) == same_meaning(BASE)
        exercise(loaded, name)


def test_samples_cover_every_benefit() -> None:
    assert set(SAMPLES) == set(BASE.benefits)


VALUE_LINE = re.compile(r"^\s+value: \S")


# --- 4. YAML 1.1's other numbers: never a different value ---------------------------------------

#: ``value:`` lines with a scalar on the line (bands are lists: their values are on other lines).
VALUE_LINES = {
    name: [n for n, line in enumerate(TEXT[name].split("\n")) if VALUE_LINE.match(line)]
    for name in RULE_FILES
    if any(VALUE_LINE.match(line) for line in TEXT[name].split("\n"))
}
#: Plain scalars that YAML 1.1 reads as numbers, booleans or timestamps: each one refused.
YAML_1_1_FORMS = [
    "010000",  # octal in YAML 1.1: read here as 10000, then it is the value of the line
    "0x1000",
    "0b1010",
    "0o17",
    "1_000",
    "5:00:00",
    "190:20:30",
    ".inf",
    "-.inf",
    ".NaN",
    "yes",
    "No",
    "on",
    "OFF",
    "2024-06-01 10:00:00",
    "2024-06-01t10:00:00.5z",
    "1e3",
    "+5",
    "1.5",
]


@st.composite
def yaml_1_1_values(draw: st.DrawFn) -> Mutation:
    name = draw(st.sampled_from(sorted(VALUE_LINES)))
    at = draw(st.sampled_from(VALUE_LINES[name]))
    form = draw(st.sampled_from(YAML_1_1_FORMS))
    lines = TEXT[name].split("\n")
    indent, _, old = lines[at].partition("value: ")
    if form == "010000":
        digits = old.strip()
        form = "0" + digits if digits.isdigit() else "0x10"  # a leading zero on plain digits
    lines[at] = f"{indent}value: {form}"
    return Mutation(
        name, "\n".join(lines).encode("utf-8"), f"{name}:{at + 1}: value {old} → {form}"
    )


@fuzz_settings(YAML_FORM_EXAMPLES)
@given(case=yaml_1_1_values())
def test_yaml_1_1_numbers_are_refused_or_read_as_the_digits_written(
    overlay: Path, case: Mutation
) -> None:
    """``0x1000``, ``5:00:00``, ``yes``, ``.inf`` … are refused naming the file; a leading zero on
    plain digits (``0500``) gives the value of the digits (500), never octal."""
    loaded = load(overlay, case.name, case.raw)
    form = case.what.rpartition("→ ")[2]
    if form.startswith("0") and form.isdigit():
        assert isinstance(loaded, RuleSet), str(loaded)
        measure = next(m for m in loaded.measures.values() if m.file == case.name)
        written = {
            p.written: p.value for b in measure.benefits for p in loaded.benefits[b].params.values()
        }
        assert int(written[form]) == int(form, 10)
        return
    assert isinstance(loaded, RuleFileError), f"{case.what} loaded"
    assert_names_the_file(loaded, overlay, case.name)


# --- 5. digits of other scripts in a value: refused; full-width digits: the same value --------------

DIGIT_LINES = {
    name: [
        n
        for n, line in enumerate(TEXT[name].split("\n"))
        if VALUE_LINE.match(line) and any(c.isdigit() for c in line.partition("value: ")[2])
    ]
    for name in RULE_FILES
}
DIGIT_LINES = {name: lines for name, lines in DIGIT_LINES.items() if lines}
#: For each ASCII digit, its look-alikes: full-width (read), then others (refused).
OTHER_DIGITS = {
    str(d): [
        chr(0xFF10 + d),  # full-width: what Chinese input methods type
        "⁰¹²³⁴⁵⁶⁷⁸⁹"[d],  # superscript
        "₀₁₂₃₄₅₆₇₈₉"[d],  # subscript
        chr(0x0660 + d),  # Arabic-Indic
        chr(0x06F0 + d),  # Extended Arabic-Indic
        chr(0x0966 + d),  # Devanagari
        chr(0x1D7CE + d),  # mathematical bold
        "⓪①②③④⑤⑥⑦⑧⑨"[d],  # circled
    ]
    for d in range(10)
}


@st.composite
def other_digits(draw: st.DrawFn) -> Mutation:
    name = draw(st.sampled_from(sorted(DIGIT_LINES)))
    at = draw(st.sampled_from(DIGIT_LINES[name]))
    lines = TEXT[name].split("\n")
    head, _, value = lines[at].partition("value: ")
    spots = [i for i, c in enumerate(value) if c.isdigit()]
    spot = draw(st.sampled_from(spots))
    other = draw(st.sampled_from(OTHER_DIGITS[value[spot]]))
    lines[at] = f"{head}value: {value[:spot]}{other}{value[spot + 1 :]}"
    what = f"{name}:{at + 1}: {value!r} with {other!r} (U+{ord(other):04X})"
    return Mutation(
        name, "\n".join(lines).encode("utf-8"), what, "full" if other > "\uff00" else ""
    )


@fuzz_settings(DIGIT_EXAMPLES)
@given(case=other_digits())
def test_a_digit_of_another_script_is_refused_naming_the_file(
    overlay: Path, case: Mutation
) -> None:
    loaded = load(overlay, case.name, case.raw)
    full_width = any(0xFF10 <= ord(c) <= 0xFF19 for c in case.raw.decode("utf-8"))
    if full_width:
        assert isinstance(loaded, RuleSet), str(loaded)
        assert same_meaning(loaded) == same_meaning(BASE) or _only_written_differs(loaded)
        return
    assert isinstance(loaded, RuleFileError), f"{case.what} loaded"
    assert_names_the_file(loaded, overlay, case.name)
    assert "which ytsub does not read as a digit" in str(loaded)


def _only_written_differs(rules: RuleSet) -> bool:
    """Full-width digits give the same values; only the text as written (shown) differs."""
    for benefit_id, benefit in rules.benefits.items():
        base = BASE.benefits[benefit_id]
        if {k: p.value for k, p in benefit.params.items()} != {
            k: p.value for k, p in base.params.items()
        }:
            return False
    return True


# --- 6. overlay folders with other entries: never ignored in silence ---------------------------------

#: (entry, refused?) — what may sit beside a rule file in an overlay folder.
ENTRIES = {
    "README.md": False,
    "notes.txt": False,
    ".hidden.yaml": False,
    "m48-techloan.yaml~": False,
    "m49-other.YAML": True,
    "m49-other.yml": True,
    "dangling": True,
    "loop": True,
    "fifo": True,
    "folder": True,
}


def _make_entry(folder: Path, entry: str) -> None:
    if entry == "dangling":
        (folder / "m60-gone.yaml").symlink_to(folder / "nowhere.yaml")
    elif entry == "loop":
        (folder / "m61-a.yaml").symlink_to(folder / "m61-b.yaml")
        (folder / "m61-b.yaml").symlink_to(folder / "m61-a.yaml")
    elif entry == "fifo":
        os.mkfifo(folder / "m62-pipe.yaml")
    elif entry == "folder":
        (folder / "m59-dir.yaml").mkdir()
    else:
        (folder / entry).write_bytes(ORIGINAL["m48-techloan.yaml"])


def _load_folder(folder: Path) -> RuleSet | RuleFileError:
    try:
        return loader.load_rules(folder, use_cache=False)
    except RuleFileError as err:
        return err


@fuzz_settings(ENTRY_EXAMPLES)
@given(
    entries=st.lists(st.sampled_from(sorted(ENTRIES)), unique=True, max_size=4),
    with_rule=st.booleans(),
)
def test_an_overlay_folder_is_used_whole_or_refused_by_path(
    tmp_path_factory: pytest.TempPathFactory, entries: list[str], with_rule: bool
) -> None:
    folder = tmp_path_factory.mktemp("entries")
    if with_rule:
        (folder / "m48-techloan.yaml").write_bytes(ORIGINAL["m48-techloan.yaml"])
    for entry in entries:
        _make_entry(folder, entry)
    loaded = _load_folder(folder)
    if isinstance(loaded, RuleFileError):
        assert str(folder) in str(loaded), str(loaded)
        assert "\n" not in str(loaded)
        assert any(ENTRIES[e] for e in entries) or not with_rule, str(loaded)
        return
    assert with_rule, "an overlay without a rule file loaded"
    assert not any(ENTRIES[e] for e in entries), f"{entries} loaded"
    assert loaded.overlays == (str(folder / "m48-techloan.yaml"),)


# --- 7. a changed cache never passes for the published rules ---------------------------------------------


#: (file, benefit index, parameter) of every money or rate parameter of the bundled rules.
PARAM_VALUES = [
    (name, index, key)
    for name in RULE_FILES
    for index, benefit in enumerate(_data(name).get("benefits") or ())
    for key, param in (benefit.get("params") or {}).items()
    if not isinstance(param["value"], list)
    and (str(param["value"]).endswith("%") or str(param["value"]).endswith("万"))
    and str(param["value"]) not in ("15%", "12345")
]


@fuzz_settings(CACHE_EXAMPLES)
@given(data=st.data())
def test_a_changed_cache_never_passes_for_the_published_rules(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    """Bytes changed, values changed with the checksum made to match, or the file or folder
    handed to another owner or made writable by others: the rules are the published ones and
    so is the digest, or the digest is another one, never the published digest with other data."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("YTSUB_CACHE_DIR", str(folder))
        loader.load_rules()
        [path] = folder.glob("rules-*.json")
        head, body = path.read_bytes().split(b"\n", 1)
        how = data.draw(st.sampled_from(["bytes", "param", "anywhere", "owner", "mode"]))
        if how == "bytes":
            changed = bytearray(path.read_bytes())
            for _ in range(data.draw(st.integers(1, 4))):
                changed[data.draw(st.integers(0, len(changed) - 1))] = data.draw(
                    st.integers(0, 255)
                )
            path.write_bytes(bytes(changed))
        else:
            files = json.loads(body)
            if how == "anywhere":
                name = data.draw(st.sampled_from(sorted(files)))
                trail = data.draw(st.sampled_from(list(_paths(files[name])) or [()]))
                if trail:
                    parent = _get(files[name], trail[:-1])
                    parent[trail[-1]] = data.draw(st.sampled_from(["15%", "0", "x", 7, None, []]))
            else:  # a parameter's figure changed to another valid one: the attacker's aim
                param = data.draw(st.sampled_from(PARAM_VALUES))
                name, benefit, key = param
                old = files[name]["benefits"][benefit]["params"][key]
                old["value"] = "15%" if old["type"] == "rate" else "12345"
            new_body = json.dumps(files, ensure_ascii=False, separators=(",", ":")).encode()
            header = json.loads(head)
            header["sha256"] = hashlib.sha256(new_body).hexdigest()
            path.write_bytes(json.dumps(header).encode() + b"\n" + new_body)
            if how == "owner":
                os.chown(data.draw(st.sampled_from([path, folder])), 65534, 65534)
            elif how == "mode":
                target = data.draw(st.sampled_from([path, folder]))
                target.chmod(target.stat().st_mode | data.draw(st.sampled_from([0o020, 0o002])))
        try:
            loaded = loader.load_rules()
        except YtsubError:
            return  # refused with ytsub's own error: nothing was shown as published
    if loaded.digest == BASE.digest:
        assert loaded == BASE
    if how == "param":
        assert loaded != BASE  # the changed figure was used (that is what a cache is for) …
        assert loaded.digest != BASE.digest  # … and never shown as the published rules
    if how in ("owner", "mode"):
        assert loaded == BASE  # not used at all
