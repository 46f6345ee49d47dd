"""A small parser for the commands whose options are data (``estimate``) or must start fast (``batch``).

``--name value``, ``--name=value``, flags, repeatable options, ``--`` to end options; an
unknown option is a usage error with a suggestion. Typer builds a pydantic adapter for every
option it parses, which costs more than these commands' work on a single estimate.
"""

from collections.abc import Sequence

from .errors import Message, UsageError, did_you_mean
from .records import NamedTuple


class Flag(NamedTuple):
    """How an option is written on the command line."""

    name: str
    takes_value: bool = True
    multiple: bool = False
    #: a benefit's yes/no input may be written --early-stage=false; a switch such as --quiet
    #: or --help takes no value at all (a value would be silently misread)
    yes_no: bool = False


class Parsed:
    """Option values by name, repeatable options as lists, and the positional arguments."""

    def __init__(self) -> None:
        self.values: dict[str, str | bool] = {}
        self.lists: dict[str, list[str]] = {}
        self.positionals: list[str] = []
        #: position in ``positionals`` → the switch written just before it (``--retired yes``)
        self.after_switch: dict[int, tuple[str, Flag]] = {}

    def unexpected(self, position: int, usual: Message) -> UsageError:
        """The error for a left-over argument; after a switch, say that the switch takes no value."""
        token = self.positionals[position]
        if position not in self.after_switch:
            return UsageError("cli.unexpected_argument", token=token, usual=usual)
        written, switch = self.after_switch[position]
        how = Message(
            "hint.switch_alone_or_false" if switch.yes_no else "hint.switch_alone", written=written
        )
        return UsageError("cli.switch_left_over", written=written, token=token, how=how)


def parse_args(
    args: Sequence[str], flags: dict[str, Flag], *, stop_at_positional: bool = False
) -> Parsed:
    """``--name value``, ``--name=value``, flags, repeatable options; ``--`` ends options."""
    parsed = Parsed()
    index = 0
    switch_just_before: tuple[str, Flag] | None = None
    while index < len(args):
        token = args[index]
        index += 1
        written_switch, switch_just_before = switch_just_before, None
        if token == "--":
            parsed.positionals.extend(args[index:])
            break
        if not token.startswith("-") or token == "-" or _is_number(token):
            if written_switch is not None:
                parsed.after_switch[len(parsed.positionals)] = written_switch
            parsed.positionals.append(token)
            if stop_at_positional:
                parsed.positionals.extend(args[index:])
                break
            continue
        name, eq, inline = token.partition("=")
        flag = flags.get(name)
        if flag is None:
            hint = did_you_mean(name, [f for f in flags if f.startswith("--")])
            raise UsageError("cli.no_such_option", name=name, hint=hint)
        if flag.takes_value:
            if eq:
                value = inline
            elif index < len(args):
                value = args[index]
                index += 1
            else:
                raise UsageError("cli.needs_value", name=name)
        elif eq and not flag.yes_no:
            raise UsageError("cli.takes_no_value", name=name)
        else:
            value = inline if eq else "true"
            if not eq:
                switch_just_before = (name, flag)
        if flag.multiple:
            parsed.lists.setdefault(flag.name, []).append(value)
        elif flag.name in parsed.values:
            raise UsageError("cli.given_twice", name=name)
        else:
            parsed.values[flag.name] = value if flag.takes_value or eq else True
    return parsed


def _is_number(token: str) -> bool:
    return len(token) > 1 and (token[1].isdigit() or token[1] == ".")
