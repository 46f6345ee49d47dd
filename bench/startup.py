"""Start-up time of ``ytsub estimate``, as ratios to importing its dependencies.

    python bench/startup.py [--runs 21]

The floor is ``python -c "import typer, rich, pydantic, yaml"`` in the same
environment. Targets (DESIGN.md, "Performance"): the JSON estimate at most 1.0×
the floor, the table at most 1.2×. Commands are run interleaved, after a warm-up
that fills the rule cache, and compared by their medians, so that a busy machine
slows all of them alike. Exits 1 when a target is missed.
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

TARGETS = {"json": 1.0, "table": 1.2}


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
    commands = {
        "floor": [sys.executable, "-c", "import typer, rich, pydantic, yaml"],
        "json": [*estimate, "--format", "json"],
        "table": estimate,
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
    print(f"{'floor':6} {floor * 1000:7.1f} ms   (python -c 'import typer, rich, pydantic, yaml')")
    failed = False
    for name, target in TARGETS.items():
        ratio = medians[name] / floor
        verdict = "ok" if ratio <= target else "MISSED"
        failed |= ratio > target
        print(
            f"{name:6} {medians[name] * 1000:7.1f} ms   {ratio:4.2f}× floor (target ≤ {target}×) {verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
