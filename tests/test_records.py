"""yantai_subsidy.records.NamedTuple builds the class typing.NamedTuple builds (start-up speed)."""

from __future__ import annotations

import importlib
import pickle
import typing
from decimal import Decimal
from typing import Any

import pytest

from yantai_subsidy import records
from yantai_subsidy.result import Money

#: a record with what ytsub's records use: defaults, a docstring, methods, a property, a
#: classmethod, a class constant; and the qualified name a record defined in a function gets
BODY = '''
class Sample(Base):
    """A sample record."""

    amount: Decimal
    label: str = "x"
    parts: tuple[str, ...] = ()
    LIMIT = 3

    def doubled(self) -> Decimal:
        return self.amount * 2

    @property
    def first(self) -> str:
        return self.parts[0] if self.parts else ""

    @classmethod
    def zero(cls) -> Any:
        return cls(Decimal(0))

    def __repr__(self) -> str:
        return f"Sample<{self.amount}>"
'''


def build(base: Any, body: str = BODY) -> Any:
    namespace: dict[str, Any] = {"Base": base, "Decimal": Decimal, "Any": Any, "__name__": "m"}
    exec(body, namespace)  # the fixed source above, built with either base
    return namespace["Sample"]


def test_builds_what_typing_builds() -> None:
    ours, theirs = build(records.NamedTuple), build(typing.NamedTuple)
    for attribute in ("_fields", "_field_defaults", "__doc__", "__module__", "__qualname__"):
        assert getattr(ours, attribute) == getattr(theirs, attribute), attribute
    assert ours.__mro__[1:] == theirs.__mro__[1:] == (tuple, object)
    # typing's base reaches the class through __mro_entries__, which leaves __orig_bases__
    assert set(vars(ours)) == set(vars(theirs)) - {"__orig_bases__"}
    for made in (ours, theirs):
        one = made(Decimal(2), parts=("a", "b"))
        assert one == (Decimal(2), "x", ("a", "b"))
        assert (one.doubled(), one.first, made.LIMIT, repr(one)) == (4, "a", 3, "Sample<2>")
        assert made.zero() == (0, "x", ())
        assert one._replace(label="y")._asdict() == {
            "amount": Decimal(2),
            "label": "y",
            "parts": ("a", "b"),
        }
        with pytest.raises(TypeError):
            made()  # amount has no default


def test_refuses_what_typing_refuses() -> None:
    defaults_first = "class Sample(Base):\n    a: int = 1\n    b: int\n"
    overwrites = "class Sample(Base):\n    a: int\n    def _replace(self): ...\n"
    for body, error in ((defaults_first, TypeError), (overwrites, AttributeError)):
        for base in (records.NamedTuple, typing.NamedTuple):
            with pytest.raises(error):
                build(base, body)


@pytest.mark.parametrize(
    "module",
    ["result", "ruleset", "engine", "match", "profile", "vocabulary", "cli_args", "catalogue"],
)
def test_every_record_of_the_start_up_path_is_a_plain_named_tuple(module: str) -> None:
    found = importlib.import_module(f"yantai_subsidy.{module}")
    made = [
        value
        for value in vars(found).values()
        if isinstance(value, type)
        and value.__module__ == found.__name__
        and "_fields" in vars(value)
    ]
    assert made
    for record in made:
        assert record.__bases__ == (tuple,)
        assert record._fields == tuple(record.__annotations__)
        assert getattr(found, record.__qualname__) is record  # pickled by name


def test_records_pickle_as_named_tuples() -> None:
    money = Money(Decimal("1.50"))
    assert pickle.loads(pickle.dumps(money)) == money
