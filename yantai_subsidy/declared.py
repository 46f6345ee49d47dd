"""The Typer commands of cli.py as plain data, read by the fast parser of ``__main__``.

Written by tests/test_declared.py from ``cli.declaration()``, which fails when the two differ:
do not edit by hand. Each command: the :mod:`.commands` function it calls; its options
(flag → [parameter, takes a value, repeatable]); its arguments ([parameter, nargs, required,
metavar]); the defaults of its parameters.
"""

from typing import Any

COMMANDS: dict[str, dict[str, Any]] = {
    "facts": {
        "arguments": [],
        "defaults": {"fmt": "table", "kind": None, "lang": None, "rules": None},
        "function": "list_facts",
        "options": {
            "--format": ["fmt", True, False],
            "--kind": ["kind", True, False],
            "--lang": ["lang", True, False],
            "--rules": ["rules", True, False],
            "-f": ["fmt", True, False],
        },
    },
    "list": {
        "arguments": [],
        "defaults": {"chapter": None, "fmt": "table", "kind": None, "lang": None, "rules": None},
        "function": "list_measures",
        "options": {
            "--chapter": ["chapter", True, False],
            "--format": ["fmt", True, False],
            "--kind": ["kind", True, False],
            "--lang": ["lang", True, False],
            "--rules": ["rules", True, False],
            "-f": ["fmt", True, False],
        },
    },
    "match": {
        "arguments": [["profile", 1, True, "PROFILE"]],
        "defaults": {
            "as_of": None,
            "bom": False,
            "encoding": None,
            "fmt": None,
            "input_format": None,
            "jobs": None,
            "keep": None,
            "lang": None,
            "memo": None,
            "memo_format": None,
            "output": None,
            "profile": None,
            "quiet": False,
            "rules": None,
            "totals": False,
            "unit": None,
        },
        "function": "match_profile",
        "options": {
            "--as-of": ["as_of", True, False],
            "--bom": ["bom", False, False],
            "--encoding": ["encoding", True, False],
            "--format": ["fmt", True, False],
            "--input-format": ["input_format", True, False],
            "--jobs": ["jobs", True, False],
            "--keep": ["keep", True, False],
            "--lang": ["lang", True, False],
            "--memo": ["memo", True, False],
            "--memo-format": ["memo_format", True, False],
            "--output": ["output", True, False],
            "--quiet": ["quiet", False, False],
            "--rules": ["rules", True, False],
            "--totals": ["totals", False, False],
            "--unit": ["unit", True, False],
            "-f": ["fmt", True, False],
            "-j": ["jobs", True, False],
            "-o": ["output", True, False],
            "-q": ["quiet", False, False],
        },
    },
    "rules check": {
        "arguments": [["directory", 1, False, "[DIR]"]],
        "defaults": {"directory": None},
        "function": "rules_check",
        "options": {},
    },
    "rules schema": {"arguments": [], "defaults": {}, "function": "rules_schema", "options": {}},
    "search": {
        "arguments": [["words", -1, True, "WORD..."]],
        "defaults": {"fmt": "table", "lang": None, "rules": None, "words": None},
        "function": "search",
        "options": {
            "--format": ["fmt", True, False],
            "--lang": ["lang", True, False],
            "--rules": ["rules", True, False],
            "-f": ["fmt", True, False],
        },
    },
    "show": {
        "arguments": [["what", 1, True, "MEASURE|BENEFIT"]],
        "defaults": {"fmt": "table", "lang": None, "rules": None, "what": None},
        "function": "show",
        "options": {
            "--format": ["fmt", True, False],
            "--lang": ["lang", True, False],
            "--rules": ["rules", True, False],
            "-f": ["fmt", True, False],
        },
    },
}
