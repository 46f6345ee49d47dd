"""Pure calculators, one module per chapter of the document.

A calculator is a small function ``(sheet) -> Outcome`` registered under the
name a rule file gives in ``calculator:``. It reads the benefit's parameters
and inputs from the :class:`~yantai_subsidy.calc.sheet.Sheet`, writes its
itemised lines there, and returns the amount with its basis. It never reads a
file, prints, or holds a number of the policy: those live in ``rules/``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .sheet import Outcome, Sheet

#: One module per chapter of the document (chapter 9 has no benefit to compute).
CHAPTER_MODULES = (
    "agriculture",
    "industry",
    "services",
    "investment",
    "consumption",
    "trade",
    "innovation",
    "energy",
    "welfare",
)

#: Which chapter module registers each calculator, so that an estimate imports the one module
#: it needs, not all nine (~1 ms of every estimate and match). tests/test_rules.py checks that
#: it names exactly what importing every module registers.
CALCULATOR_MODULES = {
    "orchard": "agriculture",
    "rural-invest": "agriculture",
    "rural-zone": "agriculture",
    "techreno": "industry",
    "doubling": "industry",
    "voucher": "industry",
    "small-taxes": "industry",
    "green-cit": "industry",
    "union-fee": "industry",
    "ic-sales": "industry",
    "ic-rd": "industry",
    "logistics": "services",
    "express-park": "services",
    "express-township": "services",
    "district-rank": "investment",
    "fdi": "investment",
    "nev-parking": "consumption",
    "mortgage": "consumption",
    "first-home": "consumption",
    "home-swap-refund": "consumption",
    "hpf-rent": "consumption",
    "tour-guide": "consumption",
    "travel-deposit": "consumption",
    "flight-intl": "trade",
    "flight-domestic": "trade",
    "overnight-aircraft": "trade",
    "techloan": "innovation",
    "sci-project": "innovation",
    "rd-growth": "innovation",
    "rd-deduction": "innovation",
    "patent-product": "innovation",
    "key-patent": "innovation",
    "techloan-loss": "innovation",
    "resultloan-loss": "innovation",
    "coal-closure": "energy",
    "pv-storage": "energy",
    "storage-compensation": "energy",
    "outpatient": "welfare",
    "childcare": "welfare",
    "childcare-demo": "welfare",
}

_REGISTRY: dict[str, Callable[[Sheet], Outcome]] = {}
_loaded = False


def calculator(name: str) -> Callable[[Callable[[Sheet], Outcome]], Callable[[Sheet], Outcome]]:
    """Register a calculator under the name rule files use (``calculator: techloan``)."""

    def register(func: Callable[[Sheet], Outcome]) -> Callable[[Sheet], Outcome]:
        if name in _REGISTRY and _REGISTRY[name] is not func:
            raise RuntimeError(f"two calculators are registered as {name!r}")
        _REGISTRY[name] = func
        return func

    return register


def registry() -> dict[str, Callable[[Sheet], Outcome]]:
    """Every registered calculator, importing the chapter modules on first use."""
    global _loaded
    if not _loaded:
        for module in CHAPTER_MODULES:
            importlib.import_module(f"{__name__}.{module}")
        _loaded = True
    return _REGISTRY


def calculator_named(name: str) -> Callable[[Sheet], Outcome] | None:
    """The calculator registered as ``name`` (None if there is none), importing only its module."""
    if name not in _REGISTRY:
        module = CALCULATOR_MODULES.get(name)
        if module is None:
            return registry().get(name)
        importlib.import_module(f"{__name__}.{module}")
    return _REGISTRY.get(name)
