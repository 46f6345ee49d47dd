"""The validated rule set as plain frozen objects: what the engine works on.

Built from validated rule data (``schema.py`` checked it), either freshly
parsed or read back from the data-only cache: one builder serves both paths,
so a warm start means exactly what a cold one does.
"""

import itertools
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from . import values
from .errors import Message, UsageError, did_you_mean, listing
from .records import NamedTuple
from .result import Arg, Money, Msg, Qty, Rate, Written, record

if TYPE_CHECKING:
    from .vocabulary import Vocabulary

#: How Chinese legal texts draw boundaries (《民法典》第1259条; FACTS.md): for each word,
#: whether it bounds a value from below ("min") or above ("max"), and whether the number
#: itself is included. 以上/以下/以内/不超过 include it; 超过/低于/不满 exclude it.
BOUNDARY_DIRECTION: dict[str, tuple[str, bool]] = {
    "以上": ("min", True),
    "不低于": ("min", True),
    "不少于": ("min", True),
    "超过": ("min", False),
    "高于": ("min", False),
    "以下": ("max", True),
    "以内": ("max", True),
    # "出售后1年内" (measure 34) is 1年以内: the last day of the year is inside.
    "内": ("max", True),
    "不超过": ("max", True),
    "不高于": ("max", True),
    "低于": ("max", False),
    "不满": ("max", False),
    "少于": ("max", False),
    "不足": ("max", False),
    "未满": ("max", False),
    "满": ("min", True),
    "达到": ("min", True),
    # Dates: "2025年12月31日前" and "2023年4月1日（含当日）以后" bound a day; 前/以前 are read as
    # "on or before" (a deadline includes its day), 以后 as "on or after".
    "以后": ("min", True),
    "以前": ("max", True),
    "前": ("max", True),
}


class Text(NamedTuple):
    """A bilingual text of a rule file; ``{param}`` fields are filled when it is shown."""

    zh: str
    en: str

    def fill(self, args: Mapping[str, Arg]) -> Msg:
        return Msg(self.zh, self.en, tuple(args.items()) if _has_fields(self) else ())


def _has_fields(text: Text) -> bool:
    return "{" in text.zh or "{" in text.en


class Band(NamedTuple):
    """From ``start`` upward the ``rate`` applies (of the LPR when ``of`` says so)."""

    start: Decimal
    rate: Decimal
    of: str | None = None


class Param(NamedTuple):
    name: str
    type: str
    value: Any  # Decimal (money, rate, quantity), int (count), date, or tuple[Band, ...]
    written: str
    unit: str | None = None
    label: Text | None = None
    quote: str | None = None
    assumed: bool = False
    basis: Text | None = None
    boundary: str | None = None
    inclusive: bool | None = None
    interpretation: Text | None = None

    def as_arg(self) -> Arg:
        """The value as a typed message argument (money in yuan, rates as %)."""
        if self.type == "money":
            return record(Money, (self.value,))
        if self.type == "rate":
            return record(Rate, (self.value,))
        if self.type in ("count", "quantity"):
            return Qty(Decimal(self.value), self.unit or "")
        if self.type == "date":
            return self.value  # type: ignore[no-any-return]
        return self.written

    def as_written(self) -> Written:
        """The value as the rule writes it, for prose: ``10万`` (English adds ``(¥100,000)``)."""
        return Written(self.written, self.value if self.type == "money" else None)

    @property
    def direction(self) -> str | None:
        """``min`` for 以上/超过/不低于 …, ``max`` for 以下/低于/不超过 …, None without a boundary."""
        return BOUNDARY_DIRECTION[self.boundary][0] if self.boundary else None

    @property
    def includes_bound(self) -> bool:
        if self.inclusive is not None:
            return self.inclusive
        return BOUNDARY_DIRECTION[self.boundary][1] if self.boundary else True


class Choice(NamedTuple):
    value: str
    label: Text
    aliases: tuple[str, ...] = ()


class InputSpec(NamedTuple):
    """An option of the benefit: ``--amount`` for ``amount``."""

    name: str
    option: str  # as the command line writes it: --guarantee-fee-rate for guarantee_fee_rate
    type: str
    label: Text
    help: Text | None = None
    required: bool = False
    default: str | None = None
    choices: tuple[Choice, ...] | None = None
    unit: str | None = None
    minimum: int | None = None
    positive: bool = False
    maximum: Decimal | None = None  # a rate's largest plausible value, a count's largest one
    maximum_basis: Text | None = None  # what sets a count's maximum (schema.Input)
    replaces: str | None = None
    own_figure: bool = False  # replaces an assumed parameter with the claimant's own figure


def _maximum(data: Mapping[str, Any]) -> Decimal | None:
    """An input's maximum: a rate (``20%``), or a whole number (360 months)."""
    if data.get("maximum") is None:
        return None
    if data["type"] == "count":
        return Decimal(values.parse_count(str(data["maximum"])))
    return values.parse_rate(str(data["maximum"]))


class ConditionSpec(NamedTuple):
    id: str
    text: Text
    quote: str | None = None
    decided_by: str | None = None
    partial: bool = False  # limits only part of the amount (schema.ConditionSpec)


class Window(NamedTuple):
    """A dated window (benefit validity, a national rule's term, the document's horizon)."""

    start: date | None
    until: date | None
    quote: str | None = None
    assumed: bool = False
    basis: Text | None = None
    label: Text | None = None


class Benefit(NamedTuple):
    id: str
    measure: int
    aliases: tuple[str, ...]
    calculator: str
    title: Text
    summary: Text
    beneficiary: str
    period: str
    funding: str
    inputs: tuple[InputSpec, ...]
    params: Mapping[str, Param]
    conditions: tuple[ConditionSpec, ...]
    options: Mapping[str, InputSpec]  # the inputs by name
    required: tuple[str, ...]  # the names of the inputs that must be given
    interpretations: tuple[Text, ...] = ()
    warnings: tuple[Text, ...] = ()
    effective: Window | None = None
    not_combinable_with: tuple[str, ...] = ()
    requires_one_of: tuple[str, ...] = ()
    #: readings a calculator may apply to a line (interpretations with an ``id``)
    readings: frozenset[str] = frozenset()
    #: parameters whose use in a figure rests on a stated reading (interpretations' ``params``)
    interpreted: frozenset[str] = frozenset()
    #: the amount is the claimant's own money (schema.Benefit.own_money): never in a total
    own_money: bool = False

    def input(self, name: str) -> InputSpec | None:
        return self.options.get(name)

    def param_args(self, params: Mapping[str, Param] | None = None) -> dict[str, Arg]:
        """Every parameter as written, to fill ``{param}`` fields in prose texts."""
        return {name: p.as_written() for name, p in (params or self.params).items()}


class Measure(NamedTuple):
    number: int
    chapter: int
    title: Text
    kind: str
    responsible: tuple[str, ...]
    text: str
    benefits: tuple[str, ...]
    file: str


class Document(NamedTuple):
    number: str
    issuer: str
    title: Text
    issued: date
    horizon: Window
    source: str
    chapters: Mapping[int, Text]


class LprRate(NamedTuple):
    start: date
    one_year: Decimal
    five_year: Decimal
    source: str


class LprTable(NamedTuple):
    rates: tuple[LprRate, ...]
    stale_after_days: int
    publisher: Text
    checked: date | None = None  # last compared with the published rates (lpr.yaml checked.date)

    @property
    def known_until(self) -> date:
        """The last day the table is known to hold: its check, else its last change."""
        return self.checked or self.rates[-1].start

    def on(self, day: date) -> LprRate | None:
        """The rate in force on ``day``: the latest entry that started on or before it."""
        current = None
        for rate in self.rates:
            if rate.start <= day:
                current = rate
        return current

    def is_stale_on(self, day: date) -> bool:
        """True when ``day`` is so far past the last known change that a newer one may exist."""
        return day > self.known_until + timedelta(days=self.stale_after_days)


#: Rule files that are not measures.
SPECIAL_FILES = ("document.yaml", "lpr.yaml", "facts.yaml")


class RuleSet(NamedTuple):
    """Every measure and benefit, with the document, the LPR and where they came from."""

    document: Document
    lpr: LprTable
    measures: Mapping[int, Measure]
    benefits: Mapping[str, Benefit]
    digest: str
    aliases: Mapping[str, str]
    overlays: tuple[str, ...] = ()
    #: rules/facts.yaml as validated; :meth:`vocabulary` builds it when a profile needs it
    facts_file: Mapping[str, Any] = {}
    #: what others can write of the overlay (loader.overlay_risks): a warning on every answer
    overlay_risks: tuple[Message, ...] = ()

    def benefit(self, name: str) -> Benefit:
        """A benefit by id, alias, or the number of a measure that has exactly one benefit."""
        found = self.benefits.get(name)
        if found is not None:
            return found
        if values.foreign_digit(name) is not None:
            raise UsageError(
                "rules.benefit_foreign_digit", name=name, digit=values.foreign_digit(name)
            )
        key = values.normalize_text(name)
        if key in self.benefits:
            return self.benefits[key]
        lowered = key.lower()
        if lowered in self.benefits:
            return self.benefits[lowered]
        if key in self.aliases:
            return self.benefits[self.aliases[key]]
        if lowered in self.aliases:
            return self.benefits[self.aliases[lowered]]
        number = key.lower().removeprefix("m")
        if _short_number(number) and int(number) in self.measures:
            measure = self.measures[int(number)]
            if len(measure.benefits) == 1:
                return self.benefits[measure.benefits[0]]
            if not measure.benefits:
                raise UsageError(
                    "rules.measure_no_amount",
                    number=measure.number,
                    kind=Message("kind." + measure.kind),
                )
            raise UsageError(
                "rules.measure_several_benefits",
                number=measure.number,
                listed=listing(measure.benefits),
            )
        hint = did_you_mean(key, [*self.benefits, *self.aliases])
        raise UsageError("rules.unknown_benefit", name=name, hint=hint)

    def vocabulary(self) -> "Vocabulary":
        """The profile vocabulary (rules/facts.yaml), built on first use: estimates never pay for it."""
        from .vocabulary import vocabulary_of

        return vocabulary_of(self)

    def measure(self, name: str) -> Measure:
        """A measure by number (``48``, ``m48``) or by one of its benefits."""
        if values.foreign_digit(name) is not None:
            raise UsageError(
                "rules.measure_foreign_digit", name=name, digit=values.foreign_digit(name)
            )
        key = values.normalize_text(name).lower().removeprefix("m")
        if key.isascii() and key.isdigit():
            if _short_number(key) and int(key) in self.measures:
                return self.measures[int(key)]
            raise UsageError("rules.no_such_measure", number=key, max=max(self.measures))
        return self.measures[self.benefit(name).measure]


def _short_number(text: str) -> bool:
    """Digits 0–9, few enough for int() (which refuses over 4,300 of them with a ValueError)."""
    return len(text) <= 9 and text.isascii() and text.isdigit()


# --- building from validated data ------------------------------------------------


def _text(data: Mapping[str, str] | None) -> Text | None:
    return None if data is None else Text(data["zh"], data["en"])


def _written(raw: Any) -> str:
    return raw if isinstance(raw, str) else str(raw)


def build_param(name: str, data: Mapping[str, Any]) -> Param:
    """A runtime parameter from its validated dict (as model_dump(mode="json") gives it)."""
    kind = data["type"]
    raw = data["value"]
    value = parse_value(kind, raw)
    written = _written(raw) if kind != "bands" else format_bands(value)
    return Param(
        name=name,
        type=kind,
        value=value,
        written=written,
        unit=data.get("unit"),
        label=_text(data.get("label")),
        quote=data.get("quote"),
        assumed=bool(data.get("assumed")),
        basis=_text(data.get("basis")),
        boundary=data.get("boundary"),
        inclusive=data.get("inclusive"),
        interpretation=_text(data.get("interpretation")),
    )


def parse_value(kind: str, raw: Any, name: str = "value") -> Any:
    """Typed value of a parameter of ``kind`` written as ``raw`` (raises InputError)."""
    if kind == "money":
        return values.parse_money(raw, name)
    if kind == "rate":
        return values.parse_rate(raw, name, maximum=Decimal(10))
    if kind == "count":
        return values.parse_count(raw, name)
    if kind == "quantity":
        return values.parse_quantity(raw, name)
    if kind == "date":
        return values.parse_date(raw, name)
    if kind == "bands":
        return parse_bands(raw, name)
    raise ValueError(f"unknown parameter type {kind!r}")  # pragma: no cover - schema forbids it


#: A band's own yearly rate on the loan (not a share of the LPR) above this is more than any
#: interest it could subsidise: '0:0.5' meant as 0.5% is refused, never read as 50%.
BAND_RATE_MAXIMUM = Decimal("0.2")


def parse_bands(raw: Any, name: str = "value") -> tuple[Band, ...]:
    """Bands from rule data (a list of {from, rate, of}) or from text ``0:1.5%,1000万:1%``."""
    from .errors import InputError

    if isinstance(raw, str):
        values.refuse_foreign_digits(raw, name)  # before NFKC turns ¹⁰⁰⁰ into 1000
        entries: list[dict[str, Any]] = []
        for part in values.normalize_text(raw).split(","):
            start, sep, rate = part.partition(":")
            if not sep:
                raise InputError("rules.bands_syntax", name=name, part=part)
            rate = rate.strip()
            of = None
            if rate.lower().endswith("lpr"):
                rate, of = rate[:-3].strip(), "lpr_1y"
            entries.append({"from": start.strip(), "rate": rate, "of": of})
        raw = entries
    bands = tuple(
        Band(
            start=values.parse_money(entry["from"], Message("rules.band_start", name=name)),
            rate=values.parse_rate(
                entry["rate"],
                Message("rules.band_rate", name=name),
                maximum=values.ONE if entry.get("of") else BAND_RATE_MAXIMUM,
            ),
            of=entry.get("of"),
        )
        for entry in raw
    )
    if not bands or bands[0].start != 0:
        raise InputError("rules.first_band_not_zero", name=name)
    if any(later.start <= earlier.start for earlier, later in itertools.pairwise(bands)):
        raise InputError("rules.bands_not_increasing", name=name)
    return bands


def format_bands(bands: tuple[Band, ...]) -> str:
    """``0:1.5%,1000万:1%``: the text form ``--tiers`` takes."""
    parts = []
    for band in bands:
        start = values.plain_number(band.start)
        rate = values.format_rate(band.rate) + (" LPR" if band.of else "")
        parts.append(f"{start}:{rate}")
    return ",".join(parts)


def _window(data: Mapping[str, Any] | None) -> Window | None:
    if data is None:
        return None
    return Window(
        start=_date(data.get("from")),
        until=_date(data.get("until")),
        quote=data.get("quote"),
        assumed=bool(data.get("assumed")),
        basis=_text(data.get("basis")),
        label=_text(data.get("label")),
    )


def _date(raw: str | None) -> date | None:
    return None if raw is None else date.fromisoformat(raw)


def build_benefit(measure: int, data: Mapping[str, Any]) -> Benefit:
    inputs = tuple(
        InputSpec(
            name=i["name"],
            option="--" + i["name"].replace("_", "-"),
            type=i["type"],
            label=Text(i["label"]["zh"], i["label"]["en"]),
            help=_text(i.get("help")),
            required=bool(i.get("required")),
            default=None if i.get("default") is None else str(i["default"]),
            choices=None
            if i.get("choices") is None
            else tuple(
                Choice(
                    c["value"],
                    Text(c["label"]["zh"], c["label"]["en"]),
                    tuple(c.get("aliases") or ()),
                )
                for c in i["choices"]
            ),
            unit=i.get("unit"),
            minimum=i.get("minimum"),
            positive=bool(i.get("positive")),
            maximum=_maximum(i),
            maximum_basis=None
            if i.get("maximum_basis") is None
            else Text(i["maximum_basis"]["zh"], i["maximum_basis"]["en"]),
            replaces=i.get("replaces"),
            own_figure=bool(i.get("own_figure")),
        )
        for i in data.get("inputs") or ()
    )
    return Benefit(
        id=data["id"],
        measure=measure,
        aliases=tuple(data.get("aliases") or ()),
        calculator=data["calculator"],
        title=Text(data["title"]["zh"], data["title"]["en"]),
        summary=Text(data["summary"]["zh"], data["summary"]["en"]),
        beneficiary=data["beneficiary"],
        period=data["period"],
        funding=data.get("funding") or "city",
        inputs=inputs,
        params={name: build_param(name, p) for name, p in (data.get("params") or {}).items()},
        conditions=tuple(
            ConditionSpec(
                c["id"],
                Text(c["zh"], c["en"]),
                c.get("quote"),
                c.get("decided_by"),
                bool(c.get("partial")),
            )
            for c in data.get("conditions") or ()
        ),
        options={spec.name: spec for spec in inputs},
        required=tuple(spec.name for spec in inputs if spec.required),
        interpretations=tuple(Text(t["zh"], t["en"]) for t in data.get("interpretations") or ()),
        warnings=tuple(Text(t["zh"], t["en"]) for t in data.get("warnings") or ()),
        effective=_window(data.get("effective")),
        not_combinable_with=tuple(data.get("not_combinable_with") or ()),
        requires_one_of=tuple(data.get("requires_one_of") or ()),
        readings=frozenset(
            t["id"] for t in data.get("interpretations") or () if t.get("id") is not None
        ),
        interpreted=frozenset(
            name for t in data.get("interpretations") or () for name in t.get("params") or ()
        ),
        own_money=bool(data.get("own_money")),
    )


def build_rule_set(
    files: Mapping[str, Mapping[str, Any]],
    digest: str,
    overlays: tuple[str, ...] = (),
    overlay_risks: tuple[Message, ...] = (),
) -> RuleSet:
    """The rule set from validated file data keyed by file name (``m48-techloan.yaml`` …)."""
    doc = files["document.yaml"]
    document = Document(
        number=doc["number"],
        issuer=doc["issuer"],
        title=Text(doc["title"]["zh"], doc["title"]["en"]),
        issued=date.fromisoformat(doc["issued"]),
        horizon=Window(
            start=date.fromisoformat(doc["horizon"]["from"]),
            until=date.fromisoformat(doc["horizon"]["until"]),
            quote=doc["horizon"]["quote"],
        ),
        source=doc["source"],
        chapters={int(k): Text(v["zh"], v["en"]) for k, v in doc["chapters"].items()},
    )
    lpr_data = files["lpr.yaml"]
    lpr = LprTable(
        rates=tuple(
            LprRate(
                start=date.fromisoformat(r["from"]),
                one_year=values.parse_rate(r["one_year"]),
                five_year=values.parse_rate(r["five_year"]),
                source=r["source"],
            )
            for r in lpr_data["rates"]
        ),
        stale_after_days=lpr_data["stale_after_days"],
        publisher=Text(lpr_data["publisher"]["zh"], lpr_data["publisher"]["en"]),
        checked=(
            date.fromisoformat(str(lpr_data["checked"]["date"]))
            if lpr_data.get("checked")
            else None
        ),
    )
    measures: dict[int, Measure] = {}
    benefits: dict[str, Benefit] = {}
    aliases: dict[str, str] = {}
    for name in sorted(files):
        if name in SPECIAL_FILES:
            continue
        data = files[name]
        number = data["measure"]
        built = [build_benefit(number, b) for b in data.get("benefits") or ()]
        measures[number] = Measure(
            number=number,
            chapter=data["chapter"],
            title=Text(data["title"]["zh"], data["title"]["en"]),
            kind=data["kind"],
            responsible=tuple(data["responsible"]),
            text=data["text"],
            benefits=tuple(b.id for b in built),
            file=name,
        )
        for benefit in built:
            benefits[benefit.id] = benefit
            for alias in benefit.aliases:
                aliases[alias] = benefit.id
                aliases[alias.lower()] = benefit.id
    return RuleSet(
        document=document,
        lpr=lpr,
        measures=dict(sorted(measures.items())),
        benefits=benefits,
        digest=digest,
        overlays=overlays,
        aliases=aliases,
        facts_file=files["facts.yaml"],
        overlay_risks=overlay_risks,
    )
