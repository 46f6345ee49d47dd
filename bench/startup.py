"""Start-up time of every command, as ratios to importing ytsub's dependencies.

    python bench/startup.py [--runs 21]

The floor is ``python -c "import typer, rich, pydantic, yaml"`` in the same
environment. Targets (DESIGN.md, "Performance"): the JSON estimate at most 0.5×
the floor, the estimate's table at most 0.8×, list/show/search/match/facts at most
1.0× (their default output, a table, and their JSON, reported for information; so is
importing rich's console and table, with and without PyYAML: the tables' own floor).
Commands are run interleaved, after a warm-up that fills the rule cache, and
compared by their medians, so that a busy machine slows all of them alike. Exits 1
when a target is missed.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

#: name → the most it may take, as a multiple of the floor (None: reported, no target)
TARGETS: dict[str, float | None] = {
    "json": 0.5,
    "table": 0.8,
    "list": 1.0,
    "show": 1.0,
    "search": 1.0,
    "match": 1.0,
    "facts": 1.0,
    "list json": None,
    "match json": None,
    "rich": None,
    "rich+yaml": None,
}


def ytsub_command() -> list[str]:
    """The installed ``ytsub`` script beside this Python, else ``python -m yantai_subsidy``."""
    script = Path(sys.executable).parent / "ytsub"
    if script.exists():
        return [str(script)]
    found = shutil.which("ytsub")
    return [found] if found else [sys.executable, "-m", "yantai_subsidy"]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()

    # An editable install has no bytecode when PYTHONDONTWRITEBYTECODE is set; a wheel
    # install always has it. Compile once so both are measured alike.
    import yantai_subsidy

    compileall.compile_dir(Path(yantai_subsidy.__file__).parent, quiet=1)

    ytsub = ytsub_command()
    estimate = [*ytsub, "estimate", "techloan", "--amount", "3000000"]
    profile = str(Path(__file__).resolve().parent.parent / "examples/profiles/tech-sme.yaml")
    commands = {
        "floor": [sys.executable, "-c", "import typer, rich, pydantic, yaml"],
        "json": [*estimate, "--format", "json"],
        "table": estimate,
        "list": [*ytsub, "list"],
        "show": [*ytsub, "show", "48"],
        "search": [*ytsub, "search", "贷款"],
        "match": [*ytsub, "match", profile],
        "facts": [*ytsub, "facts"],
        "list json": [*ytsub, "list", "--format", "json"],
        "match json": [*ytsub, "match", profile, "--format", "json"],
        # what the tables cannot go below: importing the part of rich they use (and PyYAML,
        # which a YAML profile needs), before ytsub reads a rule or rich renders a cell
        "rich": [sys.executable, "-c", "import rich.console, rich.table"],
        "rich+yaml": [sys.executable, "-c", "import rich.console, rich.table, yaml"],
    }
    env = {**os.environ, "NO_COLOR": "1"}
    for command in commands.values():  # warm-up: rule cache, bytecode, page cache
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)

    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
            times[name].append(time.perf_counter() - start)

    medians = {name: statistics.median(values) for name, values in times.items()}
    floor = medians["floor"]
    print(f"runs: {args.runs} each, interleaved; command: {' '.join(ytsub)}")
    print(f"{'floor':10} {floor * 1000:7.1f} ms   (python -c 'import typer, rich, pydantic, yaml')")
    failed = False
    for name, target in TARGETS.items():
        ratio = medians[name] / floor
        if target is None:
            verdict = "(for information)"
        else:
            verdict = f"(target ≤ {target}×) " + ("ok" if ratio <= target else "MISSED")
            failed |= ratio > target
        print(f"{name:10} {medians[name] * 1000:7.1f} ms   {ratio:4.2f}× floor {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
