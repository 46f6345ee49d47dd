"""YAML 1.1's surprising scalars never become other numbers, in profiles or in rule files.

PyYAML implements YAML 1.1: unquoted ``010000`` is octal 4096, ``5:00:00`` is 18000
(base 60), ``0x1000`` 4096, ``1_000`` 1000, ``.inf`` infinity, ``yes``/``on`` true and
``2024-06-01 10:00:00`` a datetime. ytsub's loader resolves only plain decimal integers,
``true``/``false``, null and numbers with a fraction (kept as the text written); everything
else stays text, which ytsub's own parsers read as the command line does, or refuse.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import RULES_DIR
from yantai_subsidy import loader
from yantai_subsidy.__main__ import run
from yantai_subsidy.errors import InputError, RuleFileError
from yantai_subsidy.loader import load_rules, parse_yaml
from yantai_subsidy.profile import read_profile
from yantai_subsidy.ruleset import RuleSet
from yantai_subsidy.values import DecimalText

TECHLOAN = (RULES_DIR / "m48-techloan.yaml").read_text(encoding="utf-8")

#: (plain scalar, what ytsub's loader gives, what PyYAML's own safe loader gives)
FORMS: list[tuple[str, Any, Any]] = [
    ("010000", "010000", 4096),
    ("0100000", "0100000", 32768),
    ("5:00:00", "5:00:00", 18000),
    ("0x1000", "0x1000", 4096),
    ("0b1010", "0b1010", 10),
    ("0o17", "0o17", "0o17"),
    ("1_000", "1_000", 1000),
    ("+5", "+5", 5),
    (".inf", ".inf", float("inf")),
    ("-.inf", "-.inf", float("-inf")),
    ("yes", "yes", True),
    ("no", "no", False),
    ("on", "on", True),
    ("off", "off", False),
    ("y", "y", "y"),
    ("2024-06-01", "2024-06-01", date(2024, 6, 1)),
    ("2024-06-01 10:00:00", "2024-06-01 10:00:00", None),  # a datetime
    ("2024-06-01T10:00:00Z", "2024-06-01T10:00:00Z", None),
    ("48", 48, 48),
    ("-3", -3, -3),
    ("0", 0, 0),
    ("true", True, True),
    ("~", None, None),
    ("null", None, None),
]


@pytest.mark.parametrize(("plain", "ours", "theirs"), FORMS, ids=[f[0] for f in FORMS])
def test_only_plain_forms_are_resolved(plain: str, ours: Any, theirs: Any) -> None:
    data, _ = parse_yaml(f"a: {plain}\n".encode(), "f.yaml")
    assert data["a"] == ours
    assert type(data["a"]) is type(ours)
    pyyaml = yaml.safe_load(f"a: {plain}\n")["a"]
    if theirs is not None:
        assert pyyaml == theirs  # what the plain safe loader would have read instead


@pytest.mark.parametrize(
    "plain", ["0.015", "1.5e3", "1_000.5", ".5", "-0.5", "12345678901234567.89"]
)
def test_a_number_with_a_fraction_is_its_text_never_a_float(plain: str) -> None:
    data, _ = parse_yaml(f"a: {plain}\n".encode(), "f.yaml")
    assert isinstance(data["a"], DecimalText)
    assert data["a"] == plain


def test_keys_are_resolved_the_same_way() -> None:
    data, _ = parse_yaml(b"on: 1\nno: 2\n3: x\n010: y\n", "f.yaml")
    assert data == {"on": 1, "no": 2, 3: "x", "010": "y"}


@pytest.mark.parametrize(
    ("tagged", "says"),
    [
        ("!!int 010000", "int '010000' is not a plain decimal integer"),
        ("!!int 0x10", "int '0x10' is not a plain decimal integer"),
        ("!!int 5:00", "is not a plain decimal integer"),
        ("!!bool yes", "bool 'yes' is not true or false"),
        ("!!timestamp 2024-06-01 10:00:00", "is not a date written 2024-03-31"),
    ],
)
def test_explicit_tags_do_not_reintroduce_the_forms(tagged: str, says: str) -> None:
    with pytest.raises(RuleFileError) as raised:
        parse_yaml(f"a: {tagged}\n".encode(), "f.yaml")
    assert says in str(raised.value)
    assert str(raised.value).startswith("f.yaml:1: not valid YAML")


def test_explicit_tags_of_plain_forms_still_work() -> None:
    data, _ = parse_yaml(b"a: !!int 42\nb: !!timestamp 2024-06-01\nc: !!str 7\n", "f.yaml")
    assert data == {"a": 42, "b": date(2024, 6, 1), "c": "7"}


def test_the_c_parser_is_still_used() -> None:
    """libyaml parses about 8 times faster: narrowing the resolvers must not lose it."""
    if not getattr(yaml, "__with_libyaml__", False):  # pragma: no cover - PyYAML without libyaml
        pytest.skip("PyYAML was built without libyaml")
    loader_class = type(loader._SafeLoader("a: 1"))
    assert issubclass(loader_class, yaml.CSafeLoader)


# --- profiles --------------------------------------------------------------------------------


def profile(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def read(rules: RuleSet, path: Path) -> Any:
    return read_profile(str(path), rules)


PERSON = "kind: person\nas_of: 2024-06-01\nfacts:\n  union_fees_paid: {}\n"


@pytest.mark.parametrize(
    ("written", "echo"),
    [("010000", "10000"), ("0100000", "100000"), ("0.5", "0.5"), ("1234567.891", "1234567.891")],
)
def test_a_profile_number_is_read_as_the_digits_written(
    rules: RuleSet, tmp_path: Path, written: str, echo: str
) -> None:
    found = read(rules, profile(tmp_path, PERSON.format(written)))
    assert found.echo["union_fees_paid"] == (echo,)


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("5:00:00", "not an amount of money: '5:00:00'"),
        ("0x1000", "not an amount of money: '0x1000'"),
        ("0b1010", "not an amount of money: '0b1010'"),
        ("1_000", "not an amount of money: '1_000'"),
        (".inf", "not an amount of money: '.inf'"),
        (".nan", "not an amount of money: '.nan'"),
        ("yes", "not an amount of money: 'yes'"),
        ("on", "not an amount of money: 'on'"),
        ("2024-06-01", "not an amount of money: '2024-06-01'"),
        ("1.5e3", "not an amount of money: '1.5e3'"),
        ("+5", "not an amount of money: '+5'"),
        ("true", "give money as text, an integer or a Decimal, not bool"),
    ],
)
def test_a_profile_refuses_what_yaml_1_1_would_reread(
    rules: RuleSet, tmp_path: Path, written: str, says: str
) -> None:
    path = profile(tmp_path, PERSON.format(written))
    with pytest.raises(InputError) as raised:
        read(rules, path)
    assert f"{path}:4: facts.union_fees_paid: {says}" in str(raised.value)


@pytest.mark.parametrize(
    ("as_of", "says"),
    [
        ("2024-06-01 10:00:00", "as_of: not a date: '2024-06-01 10:00:00'"),
        ("2024-06-01T10:00:00", "as_of: not a date"),
        ("20240601", "as_of: not a date: '20240601'"),
        ("yes", "as_of: not a date: 'yes'"),
    ],
)
def test_a_profile_as_of_is_a_date_and_nothing_else(
    rules: RuleSet, tmp_path: Path, as_of: str, says: str
) -> None:
    path = profile(tmp_path, f"kind: enterprise\nas_of: {as_of}\n")
    with pytest.raises(InputError) as raised:
        read(rules, path)
    assert says in str(raised.value)


def test_a_profile_as_of_date_still_reads(rules: RuleSet, tmp_path: Path) -> None:
    assert read(rules, profile(tmp_path, "kind: enterprise\nas_of: 2024-06-01\n")).as_of == date(
        2024, 6, 1
    )


SME = "kind: enterprise\nas_of: 2024-06-01\nbenefits:\n  techloan:\n    set: {{{}: {}}}\n"


@pytest.mark.parametrize(
    ("param", "written", "says"),
    [
        ("lifetime_cap", "0x1000", "not an amount of money: '0x1000'"),
        ("lifetime_cap", "5:00:00", "not an amount of money: '5:00:00'"),
        ("lifetime_cap", "1_000", "not an amount of money: '1_000'"),
        ("lifetime_cap", "yes", "not an amount of money: 'yes'"),
        ("subsidy_rate", "1", "'1' is ambiguous as a rate"),
        ("subsidy_rate", "on", "not a rate: 'on'"),
        ("subsidy_rate", ".inf", "not a rate: '.inf'"),
    ],
)
def test_profile_set_refuses_the_forms(
    rules: RuleSet, tmp_path: Path, param: str, written: str, says: str
) -> None:
    path = profile(tmp_path, SME.format(param, written))
    with pytest.raises(InputError) as raised:
        read(rules, path)
    assert f"benefits.techloan.set.{param}: {says}" in str(raised.value)


def test_profile_set_reads_leading_zeros_as_decimal(rules: RuleSet, tmp_path: Path) -> None:
    found = read(rules, profile(tmp_path, SME.format("lifetime_cap", "0100000")))
    assert found.overrides == {"techloan": {"lifetime_cap": "0100000"}}


def test_a_profile_with_octal_looking_fees_estimates_the_decimal_amount(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's case: union_fees_paid: 010000 was ¥4,096; it is 10,000 as on the command line."""
    path = profile(tmp_path, PERSON.format("010000"))
    assert run(["match", str(path), "--format", "json"]) == 0
    assert '"union_fees_paid": "10000"' in capsys.readouterr().out


# --- rule files --------------------------------------------------------------------------------


def overlay(tmp_path: Path, value: str) -> Path:
    folder = tmp_path / "overlay"
    folder.mkdir(exist_ok=True)
    text = TECHLOAN.replace("        value: 10万\n", f"        value: {value}\n", 1)
    assert text != TECHLOAN
    (folder / "m48-techloan.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("5:00:00", "not an amount of money: '5:00:00'"),
        ("0x1000", "not an amount of money: '0x1000'"),
        ("1_000", "not an amount of money: '1_000'"),
        (".inf", "not an amount of money: '.inf'"),
        ("yes", "not an amount of money: 'yes'"),
        ("0.5", "write the number as the document does"),
        ("!!int 0100000", "int '0100000' is not a plain decimal integer"),
    ],
)
def test_an_overlay_refuses_the_forms(tmp_path: Path, written: str, says: str) -> None:
    with pytest.raises(RuleFileError) as raised:
        load_rules(overlay(tmp_path, written), use_cache=False)
    assert says in str(raised.value)
    assert "m48-techloan.yaml" in str(raised.value)


def test_an_overlay_cap_with_a_leading_zero_is_the_digits_written(tmp_path: Path) -> None:
    """The issue's case: lifetime_cap: {value: 0100000} was a cap of ¥32,768."""
    rules = load_rules(overlay(tmp_path, "0100000"), use_cache=False)
    assert str(rules.benefits["techloan"].params["lifetime_cap"].value) == "100000"
