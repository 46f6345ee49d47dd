"""The rule-file format, as pydantic models (extra="forbid", frozen).

These models only *validate* what a rule file says; the engine works on the
plain objects of :mod:`yantai_subsidy.rules` built from the validated data, so
that a warm start never imports pydantic (DESIGN.md, "Performance").

A parameter carries its number as the document writes it (``10万``,
``1.5%``) and the quote it comes from; a parameter the document does not give
is ``assumed: true`` with a ``basis``. Tests check every quote against the
document (tests/test_provenance.py).
"""

from __future__ import annotations

import re
import string
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from . import values
from .errors import Edited, InputError, Message, RuleValueError, listing
from .ruleset import BOUNDARY_DIRECTION as BOUNDARIES
from .ruleset import parse_bands

SCHEMA_VERSION = 1

ParamType = Literal["money", "rate", "count", "quantity", "date", "bands"]
InputType = Literal["money", "rate", "count", "quantity", "date", "choice", "flag", "bands"]
Beneficiary = Literal["enterprise", "person", "district", "bank", "institution", "project"]
Period = Literal["one_off", "yearly", "quarterly", "monthly", "per_event", "multi_year", "none"]
Funding = Literal["city", "provincial", "province_and_city", "national", "bank", "none"]

_ID = r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$"
#: A choice is written as the document names it: ``3A`` (a logistics grade), ``2024`` (a year).
_CHOICE = r"^[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$"
_SNAKE = r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)

NonEmpty = Annotated[str, Field(min_length=1)]


def _iso_date(raw: Any) -> date:
    """A date written 2024-03-31, and nothing else.

    pydantic would read an integer as seconds since 1970 (``issued: 0`` as 1970-01-01) and
    a datetime as its day: in a rule file, either is a mistake, never a date.
    """
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return raw
    if isinstance(raw, str) and _ISO_DATE.match(raw.strip()):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            raise RuleValueError("schema.not_calendar_date", raw=raw.strip()) from None
    raise RuleValueError("schema.date_format", raw=raw)


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Text(Strict):
    """A text in Chinese and English; ``{param}`` fields name the benefit's parameters."""

    zh: NonEmpty
    en: NonEmpty


class Interpretation(Text):
    """A stated reading of ambiguous wording.

    A reading that changes the amount says so: ``params`` names the parameters whose use
    in a figure rests on it, ``id`` names a reading a calculator applies to a line
    (``sheet.reading(id)``). Either makes the figures it touches ``interpretation`` grounds.
    """

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] | None = None
    params: list[str] = []


class Band(Strict):
    """One band of a progressive (超额累进) table: the rate applies above ``from``."""

    from_: str | int = Field(alias="from")
    rate: str
    of: Literal["lpr_1y", "lpr_5y"] | None = None

    @field_validator("from_")
    @classmethod
    def _money(cls, raw: str | int) -> str | int:
        _check(values.parse_money, raw)
        return raw

    @field_validator("rate")
    @classmethod
    def _rate(cls, raw: str) -> str:
        _check(values.parse_rate, raw)
        return raw


def _without_value(text: str) -> str:
    """A value's error said of the field pydantic names: ``value: `` (``value：``) dropped."""
    return text.removeprefix("value: ").removeprefix("value：")


def _check(parser: Any, raw: Any, **kwargs: Any) -> Any:
    try:
        return parser(raw, "value", **kwargs)
    except InputError as err:
        raise RuleValueError(Edited(err, _without_value)) from None


def infer_param_type(raw: Any) -> str:
    """``1.5%`` is a rate, ``2024-12-31`` a date, a list a table of bands, anything else money."""
    if isinstance(raw, list):
        return "bands"
    if isinstance(raw, date):
        return "date"
    text = values.normalize_text(raw)
    if text.endswith("%"):
        return "rate"
    if _ISO_DATE.match(text):
        return "date"
    return "money"


class Param(Strict):
    """A number of the policy, with the sentence it comes from (or the basis of an assumption)."""

    value: str | int | date | list[Band]
    type: ParamType = "money"  # inferred from the value when not written (see infer_param_type)
    unit: str | None = None
    label: Text | None = None
    quote: NonEmpty | None = None
    assumed: bool = False
    basis: Text | None = None
    boundary: str | None = None
    inclusive: bool | None = None
    interpretation: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _infer_type(cls, data: Any) -> Any:
        if isinstance(data, dict) and "type" not in data and "value" in data:
            return {**data, "type": infer_param_type(data["value"])}
        return data

    @field_validator("value", mode="before")
    @classmethod
    def _no_floats(cls, raw: Any) -> Any:
        if isinstance(raw, (float, values.DecimalText)):
            raise RuleValueError("schema.number_unquoted")
        if isinstance(raw, bool):
            raise RuleValueError("schema.param_bool")
        return raw

    @model_validator(mode="after")
    def _consistent(self) -> Param:
        parse_param_value(self.type, self.value)
        if self.type == "quantity" and not self.unit:
            raise RuleValueError("schema.quantity_unit")
        if self.assumed:
            if self.basis is None:
                raise RuleValueError("schema.assumed_basis")
            if self.quote is not None:
                raise RuleValueError("schema.assumed_quote")
        elif self.quote is None:
            raise RuleValueError("schema.param_quote")
        if self.boundary is not None:
            if self.boundary not in BOUNDARIES:
                raise RuleValueError(
                    "schema.boundary_unknown", boundary=self.boundary, listed=listing(BOUNDARIES)
                )
            default_inclusive = BOUNDARIES[self.boundary][1]
            if (
                self.inclusive is not None
                and self.inclusive != default_inclusive
                and self.interpretation is None
            ):
                raise RuleValueError(
                    "schema.boundary_inclusive",
                    boundary=self.boundary,
                    reading=Message("schema.includes" if default_inclusive else "schema.excludes"),
                )
        elif self.inclusive is not None:
            raise RuleValueError("schema.inclusive_alone")
        return self


def parse_param_value(kind: str, raw: Any) -> Any:
    """The typed value of a parameter written as in the document (raises ValueError)."""
    if kind == "bands":
        if not isinstance(raw, list) or not raw:
            raise RuleValueError("schema.bands_empty")
        return raw
    if isinstance(raw, list):
        raise RuleValueError("schema.not_a_list", kind=kind)
    if kind == "money":
        return _check(values.parse_money, raw)
    if kind == "rate":
        return _check(values.parse_rate, raw, maximum=Decimal(10))
    if kind == "count":
        return _check(values.parse_count, raw)
    if kind == "quantity":
        return _check(values.parse_quantity, raw)
    return _check(values.parse_date, raw)


class Choice(Strict):
    value: Annotated[str, Field(pattern=_CHOICE)]
    label: Text
    aliases: list[str] = []


class Input(Strict):
    """An option of ``ytsub estimate BENEFIT``: ``amount`` is ``--amount``."""

    name: Annotated[str, Field(pattern=_SNAKE)]
    type: InputType
    label: Text
    help: Text | None = None
    required: bool = False
    default: str | int | None = None
    choices: list[Choice] | None = None
    unit: str | None = None
    minimum: Annotated[int, Field(ge=0)] | None = None
    positive: bool = False
    #: a rate's largest plausible value (``20%`` for an interest rate): a bare fraction above it
    #: (0.5 for 0.5%) is refused saying how it was read, never taken as 50%; or a whole
    #: number's largest possible one (a mortgage's 360 months), with the rule that sets it
    maximum: str | int | None = None
    maximum_basis: Text | None = None
    replaces: str | None = None  # the parameter this input stands in for (--tiers for bands)
    #: the claimant's own figure for an assumed parameter (its tax rate): giving it is an input,
    #: not a change of the rules (as --tiers, a district's band table, is)
    own_figure: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Input:
        if self.required and self.default is not None:
            raise RuleValueError("schema.required_default")
        if (self.type == "choice") != (self.choices is not None):
            raise RuleValueError("schema.choices_type")
        if self.maximum is not None:
            if self.type == "rate":
                _check(values.parse_rate, str(self.maximum))
            elif self.type == "count":
                _check(values.parse_count, str(self.maximum))
                if self.maximum_basis is None:
                    raise RuleValueError("schema.maximum_basis")
            else:
                raise RuleValueError("schema.maximum_not_rate")
        if self.maximum_basis is not None and self.type != "count":
            raise RuleValueError("schema.maximum_basis_not_count")
        if self.type == "flag" and (self.required or self.default is not None):
            raise RuleValueError("schema.flag_default")
        if self.default is not None and self.type == "choice":
            assert self.choices is not None
            if str(self.default) not in {c.value for c in self.choices}:
                raise RuleValueError("schema.default_not_choice", default=self.default)
        elif self.default is not None:
            # A default the option itself would refuse would surface as the user's error.
            raw = str(self.default)
            if self.type == "rate":
                top = values.ONE if self.maximum is None else values.parse_rate(str(self.maximum))
                value = _check(values.parse_rate, raw, maximum=top)
            elif self.type == "bands":
                value = _check(parse_bands, raw)
            else:
                value = parse_param_value(self.type, raw)
            numeric = self.type in ("money", "count", "quantity")
            if numeric and self.minimum is not None and value < self.minimum:
                raise RuleValueError("schema.default_below_minimum", raw=raw, minimum=self.minimum)
            if self.positive and value == 0:
                raise RuleValueError("schema.default_zero", raw=raw)
        return self


class ConditionSpec(Strict):
    """A condition of the benefit; ``decided_by`` names the input that settles it."""

    id: Annotated[str, Field(pattern=_SNAKE)]
    zh: NonEmpty
    en: NonEmpty
    quote: NonEmpty | None = None
    decided_by: str | None = None
    #: the condition limits only part of the amount (sci-project's long_cycle gates the years
    #: after the first): failing it removes that part, which the calculator works out, and
    #: never makes the whole benefit ineligible
    partial: bool = False


class Effective(Strict):
    """Dates between which the benefit (or the national rule it applies) runs."""

    from_: IsoDate | None = Field(default=None, alias="from")
    until: IsoDate | None = None
    quote: NonEmpty | None = None
    assumed: bool = False
    basis: Text | None = None
    label: Text | None = None

    @model_validator(mode="after")
    def _sourced(self) -> Effective:
        if self.assumed and self.basis is None:
            raise RuleValueError("schema.dates_basis")
        if not self.assumed and self.quote is None:
            raise RuleValueError("schema.dates_quote")
        if self.from_ and self.until and self.from_ > self.until:
            raise RuleValueError("schema.from_after_until")
        return self


class Benefit(Strict):
    """Something ``ytsub estimate`` computes: inputs, parameters, conditions, notes."""

    id: Annotated[str, Field(pattern=_ID)]
    aliases: list[NonEmpty] = []
    calculator: Annotated[str, Field(pattern=_ID)]
    title: Text
    summary: Text
    beneficiary: Beneficiary
    period: Period
    funding: Funding = "city"
    inputs: list[Input] = []
    params: dict[Annotated[str, Field(pattern=_SNAKE)], Param] = {}
    conditions: list[ConditionSpec] = []
    interpretations: list[Interpretation] = []
    warnings: list[Text] = []
    effective: Effective | None = None
    #: Benefits the document says may not be combined with this one (不同时享受); a benefit that
    #: names itself may not combine its own variants (measure 52: long-duration and demonstration).
    not_combinable_with: list[str] = []
    #: Optional inputs of which at least one must be given (the taxes of small-taxes, the
    #: hospital levels of outpatient): the calculator refuses to run without one, and
    #: ``ytsub match`` names them as the facts a profile still needs.
    requires_one_of: list[str] = []
    #: The amount is the claimant's own money made available (a withdrawal of their provident
    #: fund), not a payment to them: ``ytsub match`` lists it beside the total, never in it.
    own_money: bool = False

    @model_validator(mode="after")
    def _references(self) -> Benefit:
        if self.own_money and self.funding != "none":
            raise RuleValueError("schema.own_money_funded")
        inputs = [i.name for i in self.inputs]
        if len(set(inputs)) != len(inputs):
            raise RuleValueError("schema.inputs_same_name")
        if self.requires_one_of:
            one_of = self.requires_one_of
            if len(one_of) < 2 or len(set(one_of)) != len(one_of):
                raise RuleValueError("schema.one_of_few")
            for name in one_of:
                spec = next((i for i in self.inputs if i.name == name), None)
                if spec is None:
                    raise RuleValueError("schema.one_of_unknown", name=name)
                if spec.required:
                    raise RuleValueError("schema.one_of_required", name=name)
        conditions = [c.id for c in self.conditions]
        if len(set(conditions)) != len(conditions):
            raise RuleValueError("schema.conditions_same_id")
        for cond in self.conditions:
            if cond.decided_by is not None and cond.decided_by not in inputs:
                raise RuleValueError(
                    "schema.decided_by_unknown", cond=cond.id, decided_by=cond.decided_by
                )
        for inp in self.inputs:
            if inp.replaces is not None and inp.replaces not in self.params:
                raise RuleValueError(
                    "schema.replaces_unknown", name=inp.name, replaces=inp.replaces
                )
            if inp.own_figure and (inp.replaces is None or not self.params[inp.replaces].assumed):
                # a figure the document gives is the rule: replacing it changes the rules
                raise RuleValueError("schema.own_figure_not_assumed", name=inp.name)
        readings = [i.id for i in self.interpretations if i.id is not None]
        if len(set(readings)) != len(readings):
            raise RuleValueError("schema.interpretations_same_id")
        for reading in self.interpretations:
            for name in reading.params:
                if name not in self.params:
                    raise RuleValueError("schema.reading_param_unknown", name=name)
        texts: list[str] = [self.summary.zh, self.summary.en]
        for group in (self.interpretations, self.warnings):
            texts += [t for text in group for t in (text.zh, text.en)]
        texts += [t for c in self.conditions for t in (c.zh, c.en)]
        for param in self.params.values():
            if param.interpretation is not None:
                texts += [param.interpretation.zh, param.interpretation.en]
        for inp in self.inputs:
            texts += [inp.label.zh, inp.label.en]
            if inp.help is not None:
                texts += [inp.help.zh, inp.help.en]
        for text in texts:
            for field in placeholders(text):
                if field not in self.params:
                    raise RuleValueError("schema.field_not_param", field=field, text=text[:40])
        return self


def placeholders(text: str) -> list[str]:
    """The ``{name}`` fields of a text; ``{}``, ``{0}`` and ``{name:spec}`` are refused.

    Texts are filled with ``str.format`` when shown: a field that names no parameter, or
    carries a format, would fail only then.
    """
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as err:
        raise RuleValueError("schema.unbalanced_braces", text=text[:40], detail=err) from None
    fields = []
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        if not field or field.isdigit():
            raise RuleValueError("schema.field_no_param", field=field, text=text[:40])
        if spec or conversion:
            raise RuleValueError("schema.field_format", text=text[:40], field=field)
        fields.append(field)
    return fields


class MeasureFile(Strict):
    """``rules/mNN-slug.yaml``: one measure of the document."""

    schema_: Literal[1] = Field(alias="schema")
    measure: Annotated[int, Field(ge=1, le=999)]
    chapter: Annotated[int, Field(ge=1, le=99)]
    title: Text
    kind: Literal["benefit", "informational", "target"]
    responsible: list[NonEmpty]
    text: NonEmpty
    benefits: list[Benefit] = []

    @model_validator(mode="after")
    def _kind_matches(self) -> MeasureFile:
        if (self.kind == "benefit") != bool(self.benefits):
            raise RuleValueError("schema.kind_benefit")
        return self


class Horizon(Strict):
    from_: IsoDate = Field(alias="from")
    until: IsoDate
    quote: NonEmpty


class DocumentFile(Strict):
    """``rules/document.yaml``: the document's own facts."""

    schema_: Literal[1] = Field(alias="schema")
    number: NonEmpty
    issuer: NonEmpty
    title: Text
    issued: IsoDate
    horizon: Horizon
    source: NonEmpty
    chapters: dict[int, Text]


class LprEntry(Strict):
    from_: IsoDate = Field(alias="from")
    one_year: str
    five_year: str
    source: NonEmpty

    @field_validator("one_year", "five_year")
    @classmethod
    def _rate(cls, raw: str) -> str:
        _check(values.parse_rate, raw)
        return raw


class LprCheck(Strict):
    """When the table was last compared with the published rates, and against what.

    ``date``, not ``on``: YAML reads a bare ``on`` as true."""

    date_: date = Field(alias="date")
    source: NonEmpty


class LprFile(Strict):
    """``rules/lpr.yaml``: the Loan Prime Rate as published, dated."""

    schema_: Literal[1] = Field(alias="schema")
    publisher: Text
    stale_after_days: Annotated[int, Field(ge=1)]
    #: without it, staleness counts from the last entry's date
    checked: LprCheck | None = None
    rates: list[LprEntry]

    @model_validator(mode="after")
    def _ordered(self) -> LprFile:
        dates = [r.from_ for r in self.rates]
        if not dates or dates != sorted(set(dates)):
            raise RuleValueError("schema.rates_order")
        if self.checked is not None and self.checked.date_ < dates[-1]:
            raise RuleValueError("schema.checked_before_rate")
        return self


FactType = Literal["money", "rate", "count", "quantity", "date", "choice", "flag"]
#: ``techloan.amount``: an input of a benefit.
_INPUT_REF = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*\.[a-z][a-z0-9]*(?:_[a-z0-9]+)*$"
_UNIT_TYPES = ("money", "count", "quantity")


class Fact(Strict):
    """A fact a profile may state, with one meaning across the rule set.

    ``inputs`` are the benefit inputs that read it (``rd-growth.rd``); the loader checks that
    each exists and has the fact's type (and, for a choice, the same choices).
    """

    type: FactType
    unit: str | None = None  # CNY, CNY/hour, kW, months …: for money, counts and quantities
    label: Text
    help: Text | None = None
    #: the most one profile of a kind may state of a count (a person is one guide); ``help``
    #: says why
    maximum: dict[Annotated[str, Field(pattern=_SNAKE)], Annotated[int, Field(ge=1)]] | None = None
    inputs: Annotated[list[Annotated[str, Field(pattern=_INPUT_REF)]], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> Fact:
        if self.maximum is not None and (self.type != "count" or self.help is None):
            raise RuleValueError("schema.fact_maximum")
        if len(set(self.inputs)) != len(self.inputs):
            raise RuleValueError("schema.input_twice")
        benefits = [ref.split(".")[0] for ref in self.inputs]
        if len(set(benefits)) != len(benefits):
            raise RuleValueError("schema.fact_two_inputs")
        if self.type in _UNIT_TYPES and not self.unit:
            raise RuleValueError("schema.fact_unit", type=self.type)
        if self.type not in _UNIT_TYPES and self.unit:
            raise RuleValueError("schema.fact_no_unit", type=self.type)
        return self


class ProfileKind(Strict):
    """What a profile is (enterprise, person, district), and whose benefits it may claim.

    ``receives``: benefits paid to such a profile (an enterprise's projects and its union
    included). ``on_behalf``: benefits paid to someone else on its account (a childcare
    institution for a family's child; a bank for an enterprise's loan loss): shown, never
    added to its total.
    """

    label: Text
    receives: Annotated[list[Beneficiary], Field(min_length=1)]
    on_behalf: list[Beneficiary] = []

    @model_validator(mode="after")
    def _disjoint(self) -> ProfileKind:
        both = set(self.receives) & set(self.on_behalf)
        if both:
            raise RuleValueError("schema.received_and_behalf", beneficiary=sorted(both)[0])
        return self


_CONDITION_REF = _INPUT_REF  # benefit.condition, written as benefit.input is


class Settles(Strict):
    """A condition a fact answers though its benefit does not read the fact as an input
    (measure 35's no_home, from the homes measure 33 counts): a count of ``met_when`` meets it,
    any other leaves it unmet. ``met``: the reading, said on the estimate; ``unmet``: the
    reason (``{value}``: the count given)."""

    fact: Annotated[str, Field(pattern=_SNAKE)]
    condition: Annotated[str, Field(pattern=_CONDITION_REF)]
    met_when: Annotated[int, Field(ge=0)]
    met: Text
    unmet: Text


class Implies(Strict):
    """A figure a confirmed condition establishes (a pollution-control enterprise is taxed at
    measure 12's 15%): a profile that confirms ``condition`` and does not give ``fact`` has
    stated it as the condition's benefit's parameter ``param``. ``note`` says so on the
    estimate (``{value}``: the figure)."""

    condition: Annotated[str, Field(pattern=_CONDITION_REF)]
    fact: Annotated[str, Field(pattern=_SNAKE)]
    param: Annotated[str, Field(pattern=_SNAKE)]
    note: Text


class Warns(Strict):
    """A choice of a fact (``fact`` and ``values``), or a confirmed ``condition``, under which a
    benefit's figure does not fit (a small low-profit enterprise is not taxed at the standard
    25% rd-deduction assumes): the estimate says ``note``, unless the profile gives the fact
    ``unless`` (its own rate) or sets the benefit's parameter ``unless_set``."""

    fact: Annotated[str, Field(pattern=_SNAKE)] | None = None
    values: Annotated[list[str], Field(min_length=1)] | None = None
    condition: Annotated[str, Field(pattern=_CONDITION_REF)] | None = None
    benefits: Annotated[list[Annotated[str, Field(pattern=_ID)]], Field(min_length=1)]
    unless: Annotated[str, Field(pattern=_SNAKE)] | None = None
    unless_set: Annotated[str, Field(pattern=_SNAKE)] | None = None
    note: Text

    @model_validator(mode="after")
    def _one_cause(self) -> Warns:
        by_fact = self.fact is not None and self.values is not None
        if by_fact == (self.condition is not None) or (self.fact is None) != (self.values is None):
            raise RuleValueError("schema.warns_cause")
        return self


class FactsFile(Strict):
    """``rules/facts.yaml``: the vocabulary of profiles (``ytsub facts``, ``ytsub match``)."""

    schema_: Literal[1] = Field(alias="schema")
    kinds: Annotated[dict[Annotated[str, Field(pattern=_SNAKE)], ProfileKind], Field(min_length=1)]
    facts: dict[Annotated[str, Field(pattern=_SNAKE)], Fact]
    #: Inputs that only make sense for their own benefit (years to total, a rule stand-in such as
    #: --tiers): a profile gives them in its ``benefits.<id>`` section.
    local: dict[
        Annotated[str, Field(pattern=_ID)], list[Annotated[str, Field(pattern=_SNAKE)]]
    ] = {}
    settles: list[Settles] = []
    implies: list[Implies] = []
    warns: list[Warns] = []

    @model_validator(mode="after")
    def _one_meaning(self) -> FactsFile:
        owner: dict[str, str] = {}
        for fact_id, fact in self.facts.items():
            for ref in fact.inputs:
                if ref in owner:
                    raise RuleValueError(
                        "schema.read_as_two_facts", ref=ref, owner=owner[ref], fact_id=fact_id
                    )
                owner[ref] = fact_id
        for fact_id, fact in self.facts.items():
            for kind in fact.maximum or {}:
                if kind not in self.kinds:
                    raise RuleValueError("schema.maximum_kind", fact_id=fact_id, kind=kind)
        for benefit, names in self.local.items():
            if len(set(names)) != len(names):
                raise RuleValueError("schema.local_twice", benefit=benefit)
            for name in names:
                ref = f"{benefit}.{name}"
                if ref in owner:
                    raise RuleValueError("schema.local_and_fact", ref=ref, owner=owner[ref])
        return self


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a measure file, for editors (``ytsub rules schema``)."""
    return MeasureFile.model_json_schema(by_alias=True)
