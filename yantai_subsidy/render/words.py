"""The words every renderer shares, in Chinese and English."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from yantai_subsidy.result import DisplayUnit, Estimate, Lang, Override
from yantai_subsidy.values import format_money, format_quantity

if TYPE_CHECKING:
    from yantai_subsidy.match import Entry, Match, Need
    from yantai_subsidy.profile import Profile
    from yantai_subsidy.vocabulary import Fact

WORDS: dict[str, tuple[str, str]] = {
    "item": ("项目", "item"),
    "formula": ("计算", "formula"),
    "amount": ("金额", "amount"),
    "estimate": ("估算", "estimate"),
    "status": ("状态", "status"),
    "conditions": ("条件", "conditions"),
    "warning": ("提示", "warning"),
    "assumption": ("假设", "assumption"),
    "interpretation": ("理解", "interpretation"),
    "override": ("改动", "override"),
    "source": ("出处", "source"),
    "measure": ("第{n}条", "measure {n}"),
    "eligible": ("符合条件", "eligible"),
    "conditional": ("有待确认", "conditional"),
    "ineligible": ("不符合条件", "ineligible"),
    "met": ("已满足", "met"),
    "unmet": ("不满足", "unmet"),
    "unconfirmed": ("待确认", "unconfirmed"),
    "confirm_with": ("可用 --confirm {ids} 确认", "confirm with --confirm {ids}"),
    "not_eligible": ("不符合条件", "not eligible"),
    "up_to": ("最高", "up to"),
    "at_least": ("不低于", "at least"),
    "at_most": ("最高", "at most"),
    "unpublished": ("文件未规定金额", "amount not published"),
    "exact": ("", ""),
    "range": ("区间", "range"),
    "basis_exact": ("按文件标准计算", "as the document sets it"),
    "basis_up_to": ("文件规定最高额（最高/不超过）", "the document sets a maximum (最高/不超过)"),
    "basis_at_least": ("文件规定下限（不低于）", "the document sets a floor (不低于)"),
    "basis_range": ("文件给出区间", "the document gives a range"),
    # never "eligible" here: the status line says whether it is (it may be conditional)
    "basis_unpublished": ("文件未规定金额", "the document names no amount"),
    "basis_no_money": (
        "本条给予期限或政策，不给资金",
        "the measure grants a deadline or terms, not money",
    ),
    "no_money": ("无金额", "no amount"),
    "basis_ineligible": ("有条件不满足", "a condition is not met"),
    # The estimate row when the amount is not all the document's (result.GROUNDS): the shape of
    # the amount, then what it rests on; "as the document sets it" is kept for `document` only.
    "shape_exact": ("", ""),
    "shape_up_to": ("最高额", "a maximum"),
    "shape_at_least": ("下限", "a floor"),
    "shape_range": ("区间", "a range"),
    "shape_unpublished": ("未规定金额", "no amount named"),
    "grounds_interpretation": (
        "按对条文的理解（见理解）",
        "on a reading of the text (see interpretation)",
    ),
    "grounds_assumption": ("基于假设（见假设）", "on an assumption (see assumptions)"),
    "grounds_override": ("按改动后的规则（见改动）", "with changed rules (see override)"),
    "grounds_some_override": (
        "部分金额基于改动后的规则（见改动）",
        "part of it rests on changed rules (see override)",
    ),
    "grounds_some": (
        "部分金额基于假设或理解（见各项）",
        "part of it rests on assumptions or readings (see each benefit)",
    ),
    "rules_overlay": ("规则覆盖文件", "rule files overlaid"),
    "chapter": ("章", "chapter"),
    "kind": ("类型", "kind"),
    "title": ("标题", "title"),
    "benefits": ("可估算项目", "benefits"),
    "benefit": ("benefit", "benefit"),
    "responsible": ("责任单位", "responsible"),
    "text": ("原文", "text"),
    "parameters": ("参数", "parameters"),
    "assumed": ("假设", "assumed"),
    "snippet": ("摘录", "snippet"),
    "kind_benefit": ("可估算", "benefit"),
    "kind_informational": ("政策说明", "informational"),
    "kind_target": ("工作目标", "target"),
    # ytsub match
    "as_of": ("估算日期", "as of"),
    "profile": ("档案", "profile"),
    "row_n": ("第{n}行", "row {n}"),
    "claimable": ("可申领", "claimable"),
    "benefit_col": ("补助", "benefit"),
    "period": ("周期", "period"),
    "to_confirm": ("待确认", "to confirm"),
    "none_claimable": ("没有可申领的补助", "no benefit to claim"),
    "period_one_off": ("一次性", "one-off"),
    "period_yearly": ("每年", "yearly"),
    "period_quarterly": ("每季度", "quarterly"),
    "period_monthly": ("按月", "monthly"),
    "period_multi_year": ("多年", "multi-year"),
    "period_per_event": ("按次", "per event"),
    "period_none": ("无金额", "no amount"),
    "total_one_off": ("一次性：计一次", "one-off, once"),
    "total_yearly": ("每年：计一年", "yearly, for one year"),
    "total_quarterly": ("每季度：计一个季度", "quarterly, for one quarter"),
    "total_monthly": ("按月：按所给月数", "monthly, over the months counted"),
    "total_multi_year": ("多年：按所给期限", "multi-year, over the term counted"),
    "total_per_event": ("按次：按所给次数", "per event, over the events counted"),
    "total_none": ("无金额", "no amount"),
    "total_all": ("以上各周期相加", "all periods added"),
    "total": ("合计", "total"),
    "total_note": (
        "合计为区间，按估算原样相加：一次性金额计一次，每年金额计一年，其余按所给月数、期限和次数计，不是年度数字；"
        "待确认条件均满足时方可取得",
        "the total is a range of the amounts as estimated, added: one-off amounts once, yearly ones"
        " for one year, the others over the months, terms and events counted, so it is not a yearly"
        " figure; it holds if the conditions still to confirm hold",
    ),
    "not_added": ("不相加", "not added together"),
    "group_counted": ("只计入{name}（最高者）", "counted: {name}, the largest"),
    "unstated": (
        "另有文件未规定金额的项目（未计入）：{ids}",
        "plus benefits whose amount the document does not state (not added): {ids}",
    ),
    "not_money": ("非金额项目（未计入）：{ids}", "not money (not added): {ids}"),
    "own_money": (
        "本人自己的钱，不是补贴（未计入）：{ids}",
        "the claimant's own money, not a subsidy (not added): {ids}",
    ),
    "confirm_in_profile": ("在档案中确认", "confirm in the profile"),
    "give_in_profile": (
        "在档案中提供（各自决定一项条件）",
        "give in the profile (each decides a condition)",
    ),
    "ineligible_list": ("不符合条件", "not eligible"),
    "paid_to_others": ("付给他方，不计入合计", "paid to others, not in the total"),
    "paid_to": ("付给{who}", "paid to {who}"),
    "needs_facts": ("补充事实可再匹配", "facts that would unlock more"),
    "give": ("需提供", "give"),
    "give_one_of": ("需提供其一", "give one of"),
    "has_facts": ("已有", "has"),
    "name_it": ("在档案 benefits 中列出即可匹配", "name it in the profile's benefits to match it"),
    "details": (
        "每项的计算、理解与原文：ytsub match … --format markdown 或 json",
        "each benefit's working, readings and quotes: ytsub match … --format markdown or json",
    ),
    "notes": ("说明", "notes"),
    "clause": ("出处", "clause"),
    "low": ("最低", "low"),
    "high": ("最高", "high"),
    "fact": ("事实", "fact"),
    "type": ("类型", "type"),
    "unit": ("单位", "unit"),
    "meaning": ("含义", "meaning"),
    "read_by": ("使用该事实的补助", "read by"),
    "local_inputs": (
        "各补助自有的输入（写在档案的 benefits.<补助> 下）",
        "inputs of one benefit only (given in a profile under benefits.<benefit>)",
    ),
    "type_money": ("金额", "money"),
    "type_rate": ("比例", "rate"),
    "type_count": ("整数", "count"),
    "type_quantity": ("数值", "quantity"),
    "type_date": ("日期", "date"),
    "type_choice": ("选项", "choice"),
    "type_flag": ("是/否", "flag"),
    "type_bands": ("分档表", "bands"),
}

#: Who receives a benefit, in the words of the output.
BENEFICIARIES: dict[str, tuple[str, str]] = {
    "enterprise": ("企业", "the enterprise"),
    "person": ("个人", "the person"),
    "district": ("区市", "the district"),
    "bank": ("贷款银行", "the lending bank"),
    "institution": ("托育或其他机构", "the institution"),
    "project": ("项目", "the project"),
}

MARKS = {"met": "✓", "unmet": "✗", "unconfirmed": "?"}


def word(key: str, lang: Lang, **args: object) -> str:
    zh, en = WORDS[key]
    text = zh if lang == "zh" else en
    return text.format(**args) if args else text


def profile_source(profile: Profile, lang: Lang, code: str = "") -> str:
    """Where a profile comes from, in ``lang``: its file, or a client list's row (``LIST, row
    5`` in English, as JSON keeps it; ``LIST 第5行`` in Chinese). ``code`` quotes the file
    name (Markdown's backtick): a Chinese row stands outside it, as prose."""
    if profile.listed is None or lang != "zh":
        return f"{code}{written_out(profile.source)}{code}"
    name, number = profile.listed
    row = word("row_n", lang, n=number)
    return f"{code}{written_out(name)}{code} {row}" if name else row


def written_out(path: str) -> str:
    """A file's path as a table or Markdown may show it (shell.written_out: no ESC, no line break)."""
    from yantai_subsidy.shell import written_out as shell_written_out

    return shell_written_out(path)


def money(value: object, unit: str, display: DisplayUnit, symbol: bool = True) -> str:
    """An amount for display: ``¥45,000.00``, ``4.5万元``, or ``100 MW`` for other units."""
    from decimal import Decimal

    assert isinstance(value, Decimal)
    if unit == "CNY":
        return format_money(value, display, symbol=symbol)
    return f"{format_quantity(value)} {unit}"


def amount_phrase(est: Estimate, lang: Lang, display: DisplayUnit) -> str:
    """``up to ¥45,000.00`` / ``最高 ¥45,000.00``: the amount with its basis."""
    amount = est.amount
    low = money(amount.low, amount.unit, display)
    high = None if amount.high is None else money(amount.high, amount.unit, display)
    sep = " "
    if est.status == "ineligible":
        return (
            f"{low} ({word('not_eligible', lang)})"
            if lang == "en"
            else f"{low}（{word('not_eligible', lang)}）"
        )
    if amount.basis == "exact":
        return low
    if amount.basis == "up_to":
        return f"{word('up_to', lang)}{sep}{high}"
    if amount.basis == "at_least":
        floor = f"{word('at_least', lang)}{sep}{low}"
        if high is None:
            return floor
        return (
            f"{floor}, {word('at_most', lang)} {high}"
            if lang == "en"
            else f"{floor}，{word('at_most', lang)} {high}"
        )
    if amount.basis == "range":
        return f"{low} – {high}" if lang == "en" else f"{low} 至 {high}"
    if (
        est.period == "none"
    ):  # a measure that grants a deadline or terms (travel-deposit, first-home)
        return word("no_money", lang)
    return word("unpublished", lang)


def basis_note(est: Estimate, lang: Lang) -> str:
    """Why the amount reads as it does: ``the document sets a maximum (最高/不超过)``."""
    if est.status == "ineligible":
        return word("basis_ineligible", lang)
    if est.amount.basis == "unpublished" and est.period == "none":
        return word("basis_no_money", lang)
    if est.grounds == "document":
        return word("basis_" + est.amount.basis, lang)
    shape = word("shape_" + est.amount.basis, lang)
    grounds = word("grounds_" + est.grounds, lang)
    if not shape:
        return grounds
    return f"{shape}，{grounds}" if lang == "zh" else f"{shape}, {grounds}"


def grounds_some_key(grounds: str) -> str:
    """The line under a total that does not rest on the document alone: changed rules are
    said as such, not as "assumptions or readings"."""
    return "grounds_some_override" if grounds == "override" else "grounds_some"


def label(key: str, lang: Lang) -> str:
    """``status: `` / ``状态：``: a word followed by the colon of the language."""
    return word(key, lang) + ("：" if lang == "zh" else ": ")


def unconfirmed_ids(est: Estimate) -> list[str]:
    return [c.id for c in est.conditions if c.status == "unconfirmed"]


def money_range(low: Decimal, high: Decimal | None, display: DisplayUnit, lang: Lang) -> str:
    """``¥960,000.00 – ¥2,090,000.00``, or one amount when both ends agree."""
    first = format_money(low, display, symbol=True)
    if high is None:
        return f"{word('at_least', lang)} {first}"
    if high == low:
        return first
    last = format_money(high, display, symbol=True)
    return f"{first} – {last}" if lang == "en" else f"{first} 至 {last}"


def aside(text: str, lang: Lang) -> str:
    """`` (text)`` in English, ``（text）`` in Chinese."""
    return f" ({text})" if lang == "en" else f"（{text}）"


def colon(lang: Lang) -> str:
    return ": " if lang == "en" else "："


def beneficiary(key: str, lang: Lang) -> str:
    zh, en = BENEFICIARIES.get(key, (key, key))
    return zh if lang == "zh" else en


# --- ytsub match ----------------------------------------------------------------------------


def entry_name(entry: Entry) -> str:
    """``techloan``, or ``storage-compensation [storage_project_type=demo]`` for a variant."""
    return entry.key


def pending(m: Match) -> list[str]:
    """``techloan.filed`` …: the conditions of claimable benefits still to confirm (those a
    fact decides are asked for as the fact: :func:`to_give`)."""
    decided = dict(m.to_give)
    found: list[str] = []
    for entry in (*m.claimable, *m.others):
        for cid in unconfirmed_ids(entry.estimate):
            name = f"{entry.estimate.benefit}.{cid}"
            if name not in found and name not in decided:
                found.append(name)
    return found


def waits_on(m: Match, counted: tuple[str, ...]) -> list[str]:
    """``union-fee.paid_in_full`` …: the conditions still to confirm of the amounts a total
    adds (``counted``: entry keys; a group's range is taken from all its members, so theirs
    too). A total is no surer than what it adds."""
    groups = {g.counted: g.members for g in m.total.groups}
    keys = {member for key in counted for member in groups.get(key, (key,))}
    found: list[str] = []
    for entry in m.claimable:
        if entry.key in keys:
            for cid in unconfirmed_ids(entry.estimate):
                name = f"{entry.estimate.benefit}.{cid}"
                if name not in found:
                    found.append(name)
    return found


def to_give(m: Match) -> list[str]:
    """``express_park_networks (express-park.networks)`` …: facts that would decide a condition."""
    return [f"{fact} ({condition})" for condition, fact in m.to_give]


def notes(
    m: Match, lang: Lang, display: DisplayUnit, *, interpretations: bool
) -> list[tuple[str, str, list[str]]]:
    """(kind, text, benefits): each changed rule, warning, assumption (and interpretation)
    once, with its benefits. A changed rule (a profile's ``set:``, an overlaid file of the
    benefit's measure, or lpr.yaml, facts.yaml …) is named, as ``ytsub estimate`` names it:
    "with changed rules (see override)" must have something to see."""
    found: dict[tuple[str, str], list[str]] = {}
    for entry in (*m.claimable, *m.others):
        est = entry.estimate
        said = [("override", override_text(o, lang)) for o in est.overrides]
        if overlaid := _overlays_of(est):
            listed = ", ".join(map(written_out, overlaid))
            said.append(("override", label("rules_overlay", lang) + listed))
        groups = [("assumption", est.assumptions), ("warning", est.warnings)]
        if interpretations:
            groups.append(("interpretation", est.interpretations))
        said += [(key, text.render(lang, display)) for key, texts in groups for text in texts]
        for key, text in said:
            ids = found.setdefault((key, text), [])
            if est.benefit not in ids:
                ids.append(est.benefit)
    order = {"override": 0, "assumption": 1, "warning": 2, "interpretation": 3}
    return [(k, t, ids) for (k, t), ids in sorted(found.items(), key=lambda i: order[i[0][0]])]


def _overlays_of(est: Estimate) -> list[str]:
    """The overlaid files an estimate rests on: its measure's, and those that are no measure's
    (lpr.yaml, facts.yaml …); another measure's file leaves it as published."""
    own = f"m{est.measure:02d}-"
    return [
        path
        for path in est.overlays
        if (name := path.replace("\\", "/").rsplit("/", 1)[-1]).startswith(own)
        or not re.match(r"m[0-9]{2}-", name)
    ]


def need_text(need: Need, lang: Lang) -> str:
    """``give rd_last_year`` / ``give one of level1, level2`` / ``name it …``."""
    parts = []
    if need.missing:
        parts.append(f"{word('give', lang)} {', '.join(need.missing)}")
    if need.one_of:
        key = "give_one_of" if len(need.one_of) > 1 else "give"
        parts.append(f"{word(key, lang)} {', '.join(need.one_of)}")
    if not parts:
        parts.append(word("name_it", lang))
    if need.given:
        parts.append(f"{word('has_facts', lang)} {', '.join(need.given)}")
    return "; ".join(parts)


def unmet_reasons(est: Estimate, lang: Lang, display: DisplayUnit) -> str:
    return "; ".join(
        f"{c.id}: {c.reason.render(lang, display) if c.reason else c.text.render(lang, display)}"
        for c in est.conditions
        if c.status == "unmet"
    )


def fact_unit(fact: Fact) -> str:
    """A fact's unit, or its choices (``3A | 4A | 5A``)."""
    if fact.choices:
        return " | ".join(c.value for c in fact.choices)
    if fact.type == "rate":
        return "%"
    if fact.type == "flag":
        return "true | false"
    if fact.type == "date":
        return "YYYY-MM-DD"
    return fact.unit or ""


def override_text(o: Override, lang: Lang) -> str:
    """``subsidy_rate set to 2% with --set (the rule says 1.5%)``: every renderer names it so."""
    if lang == "zh":
        was = f"替代假设值 {o.rule_value}" if o.assumed else f"规则为 {o.rule_value}"
        return f"{o.param} 由 {o.by} 改为 {o.value}（{was}）"
    was = (
        f"in place of the assumed {o.rule_value}" if o.assumed else f"the rule says {o.rule_value}"
    )
    return f"{o.param} set to {o.value} with {o.by} ({was})"


def side_notes(est: Estimate, lang: Lang) -> list[str]:
    """Every line of an estimate that a one-row format has no room for, as the table words them:
    changed rules, assumptions, interpretations, warnings (for stderr beside a CSV row)."""
    lines = [changed] if (changed := changed_rules(est, lang)) else []
    for key, group in (
        ("assumption", est.assumptions),
        ("interpretation", est.interpretations),
        ("warning", est.warnings),
    ):
        lines += [label(key, lang) + note.render(lang) for note in group]
    return lines


def match_side_notes(m: Match, lang: Lang, display: DisplayUnit) -> list[str]:
    """Each assumption, warning and interpretation of a match once, naming its benefits."""
    return [
        f"{word(key, lang)}{aside(', '.join(ids), lang)}{colon(lang)}{text}"
        for key, text, ids in notes(m, lang, display, interpretations=True)
    ]


def changed_rules(est: Estimate, lang: Lang) -> str | None:
    """One line naming every --set value and overlaid file, for formats without room for them."""
    parts = [override_text(o, lang) for o in est.overrides]
    if est.overlays:
        parts.append(label("rules_overlay", lang) + ", ".join(map(written_out, est.overlays)))
    if not parts:
        return None
    lead = (
        "注意：本估算使用了改动的规则：" if lang == "zh" else "note: estimated with changed rules: "
    )
    return lead + ("；" if lang == "zh" else "; ").join(parts)
