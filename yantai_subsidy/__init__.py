"""ytsub: itemised, source-quoted estimates for Yantai's 2024 policy package 烟政发〔2024〕3号.

The library API::

    from yantai_subsidy import load_rules, estimate
    rules = load_rules()
    result = estimate(rules, "techloan", {"amount": "300万"})
    result.amount.high          # Decimal('45000.00')
    result.to_dict()            # the JSON object of ``ytsub estimate --format json``
    for found in match_many(rules, clients):   # profiles, or rows of a client list, in order
        ...                     # a Match, or a ClientError naming the row and column

Names are imported on first use, so ``ytsub estimate … --format json`` pays
only for what it needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "ClientError",
    "Estimate",
    "RowError",
    "RuleSet",
    "YtsubError",
    "__version__",
    "estimate",
    "estimate_many",
    "load_rules",
    "match_many",
]

if TYPE_CHECKING:
    from .batch import RowError, estimate_many
    from .client_list import ClientError, match_many
    from .engine import estimate
    from .errors import YtsubError
    from .loader import load_rules
    from .result import Estimate
    from .ruleset import RuleSet

_LAZY = {
    "estimate": ("engine", "estimate"),
    "estimate_many": ("batch", "estimate_many"),
    "RowError": ("batch", "RowError"),
    "load_rules": ("loader", "load_rules"),
    "match_many": ("client_list", "match_many"),
    "ClientError": ("client_list", "ClientError"),
    "Estimate": ("result", "Estimate"),
    "RuleSet": ("ruleset", "RuleSet"),
    "YtsubError": ("errors", "YtsubError"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(f".{module}", __name__), attr)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
