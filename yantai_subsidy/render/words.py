"""The words every renderer shares, in Chinese and English."""

from __future__ import annotations

from yantai_subsidy.result import DisplayUnit, Estimate, Lang, Override
from yantai_subsidy.values import format_money, format_quantity

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
    "basis_unpublished": (
        "符合条件，但文件未规定金额",
        "eligible, but the document names no amount",
    ),
    "basis_ineligible": ("有条件不满足", "a condition is not met"),
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
}

MARKS = {"met": "✓", "unmet": "✗", "unconfirmed": "?"}


def word(key: str, lang: Lang, **args: object) -> str:
    zh, en = WORDS[key]
    text = zh if lang == "zh" else en
    return text.format(**args) if args else text


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
    return word("unpublished", lang)


def basis_note(est: Estimate, lang: Lang) -> str:
    """Why the amount reads as it does: ``the document sets a maximum (最高/不超过)``."""
    if est.status == "ineligible":
        return word("basis_ineligible", lang)
    return word("basis_" + est.amount.basis, lang)


def label(key: str, lang: Lang) -> str:
    """``status: `` / ``状态：``: a word followed by the colon of the language."""
    return word(key, lang) + ("：" if lang == "zh" else ": ")


def unconfirmed_ids(est: Estimate) -> list[str]:
    return [c.id for c in est.conditions if c.status == "unconfirmed"]


def override_text(o: Override, lang: Lang) -> str:
    """``subsidy_rate set to 2% with --set (the rule says 1.5%)``: every renderer names it so."""
    if lang == "zh":
        return f"{o.param} 由 {o.by} 改为 {o.value}（规则为 {o.rule_value}）"
    return f"{o.param} set to {o.value} with {o.by} (the rule says {o.rule_value})"


def changed_rules(est: Estimate, lang: Lang) -> str | None:
    """One line naming every --set value and overlaid file, for formats without room for them."""
    parts = [override_text(o, lang) for o in est.overrides]
    if est.overlays:
        parts.append(label("rules_overlay", lang) + ", ".join(est.overlays))
    if not parts:
        return None
    lead = (
        "注意：本估算使用了改动的规则：" if lang == "zh" else "note: estimated with changed rules: "
    )
    return lead + ("；" if lang == "zh" else "; ").join(parts)
