"""Renderers: one module per output format, each returning a string.

``table`` (the only importer of rich), ``json``, ``csv`` and ``markdown``
each render an estimate, the list of measures, one measure, and search hits.
The command line picks the module by ``--format``; rich is imported only
when a table is asked for.
"""

from __future__ import annotations

import importlib
from types import ModuleType

FORMATS = ("table", "json", "csv", "markdown")


def renderer(fmt: str) -> ModuleType:
    """The module that renders ``fmt`` (imported on demand, so JSON never pays for rich)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    module = "json_" if fmt == "json" else "csv_" if fmt == "csv" else fmt
    return importlib.import_module(f"{__name__}.{module}")
