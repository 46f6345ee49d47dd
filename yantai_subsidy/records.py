"""``NamedTuple`` for ytsub's records: typing's class syntax, built for less at start-up.

``typing.NamedTuple`` checks each field's annotation as a type at class creation; under
``from __future__ import annotations`` every annotation is a string, which it compiles into a
``ForwardRef``. The ~40 records that every command imports spent ~3 ms of each start-up on
that (bench/startup.py: ~2.5 ms less for estimate, list, match and facts with this class).
This one builds the same ``collections.namedtuple`` class, keeping the annotations as written;
nothing in ytsub reads them at run time, and mypy sees ``typing.NamedTuple`` itself.
tests/test_records.py checks that both build alike.
"""

from __future__ import annotations

import collections
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    #: what typing.NamedTuple refuses to let a class body set, and what it does not copy
    _PROHIBITED = frozenset(
        {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults"}
        | {"_make", "_replace", "_asdict", "_source"}
    )
    _SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})

    class _RecordMeta(type):
        def __new__(cls, typename: str, bases: tuple[type, ...], ns: dict[str, Any]) -> type:
            if ns.get("__module__") == __name__ and typename == "NamedTuple":
                return super().__new__(cls, typename, bases, ns)  # the base class below
            if bases != (NamedTuple,):
                raise TypeError("a record inherits from NamedTuple alone")
            annotations = ns.get("__annotations__", {})
            defaults = []
            for name in annotations:
                if name in ns:
                    defaults.append(ns[name])
                elif defaults:
                    raise TypeError(
                        f"Non-default namedtuple field {name} cannot follow default field"
                    )
            record = collections.namedtuple(
                typename, annotations, defaults=defaults, module=ns["__module__"]
            )
            record.__annotations__ = record.__new__.__annotations__ = dict(annotations)
            for key, value in ns.items():
                if key in _PROHIBITED:
                    raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
                if key not in _SPECIAL and key not in record._fields:
                    setattr(record, key, value)
            return record

    class NamedTuple(metaclass=_RecordMeta):
        """Subclass as ``typing.NamedTuple``: the class made is a plain namedtuple."""
