"""``ytsub`` and ``python -m yantai_subsidy``.

``estimate`` and ``batch`` go straight to their own parser: building the Typer
app costs more than an estimate (Typer validates every parameter with pydantic).
Everything else goes through the Typer app in :mod:`yantai_subsidy.cli`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["estimate"]:
        from .cli_estimate import run as run_estimate

        return run_estimate(args[1:])
    if args[:1] == ["batch"]:
        from .cli_batch import run as run_batch

        return run_batch(args[1:])
    from .shell import guarded

    return guarded(lambda: _run_app(args))


def _run_app(args: list[str]) -> int:
    from typer._click.exceptions import NoArgsIsHelpError, UsageError

    from .cli import app
    from .shell import say

    try:
        code = app(args=args, prog_name="ytsub", standalone_mode=False)
    except NoArgsIsHelpError as shown:
        say(shown.format_message())  # `ytsub` or `ytsub rules` alone: the help, as before
        return shown.exit_code
    except UsageError as err:
        # One line, like every other error, instead of click's usage block.
        where = err.ctx.command_path if err.ctx is not None else "ytsub"
        say(f"Error: {err.format_message().rstrip('.')} (see {where} --help)")
        return err.exit_code
    except SystemExit as done:
        code = done.code
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":
            return 0  # Typer met a closed pipe printing help (`| head`): quietly, as every command
        return code if isinstance(code, int) else (0 if code is None else 1)
    except BrokenPipeError:
        raise
    except OSError as err:  # click printing help or the version to a full disk
        from .shell import output_error

        raise output_error(err) from None
    return code if isinstance(code, int) else 0


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
