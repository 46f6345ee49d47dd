"""``ytsub match`` read fact by fact: what a fact means is what the input it feeds means.

Each test states, from the clause, what a profile's fact stands for and what the benefit
reading it must then say; the expectations are worked out by hand from the document.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from yantai_subsidy.__main__ import run as run_cli
from yantai_subsidy.match import Entry, Match, match
from yantai_subsidy.ruleset import RuleSet

DAY = "2024-06-01"


def run(rules: RuleSet, **profile: Any) -> Match:
    return match(rules, {"as_of": DAY, **profile})


def entry(m: Match, key: str) -> Entry:
    found = [e for e in (*m.claimable, *m.ineligible, *m.others) if e.key == key]
    assert found, f"{key} not matched: {[e.key for e in m.claimable]}"
    return found[0]


# --- defaults the profile never gave ------------------------------------------------------------


def test_fdi_spending_left_out_is_said_to_be_the_paid_in_capital(rules: RuleSet) -> None:
    """Measure 26 pays on 到账外资实际支出金额 (the actual spending), not on what was paid in. A
    profile that gives only fdi_paid_in_usd gets the paid-in amount as its base, 6000万 USD ×
    7.1 × 3% = 12,780,000: that must be said, naming the fact that would correct it."""
    m = run(
        rules,
        kind="enterprise",
        facts={"fdi_project_type": "new", "fdi_paid_in_usd": "6000万"},
        benefits={"fdi": {"fx_rate": "7.1"}},
    )
    est = entry(m, "fdi").estimate
    assert est.amount.low == 12_780_000
    assert est.grounds == "assumption"
    said = [a.en for a in est.assumptions]
    assert any("facts.fdi_spent_usd not given" in a for a in said), said
    given = run(
        rules,
        kind="enterprise",
        facts={"fdi_project_type": "new", "fdi_paid_in_usd": "6000万", "fdi_spent_usd": "5000万"},
        benefits={"fdi": {"fx_rate": "7.1"}},
    )
    est = entry(given, "fdi").estimate
    # 5000万 × 7.1 = 355,000,000; × 3% = 10,650,000: the document's figures and the cap's reading
    assert est.amount.low == 10_650_000
    assert est.assumptions == ()
    assert est.grounds == "interpretation"


# --- totals: conditions still to confirm are never shown as settled ------------------------------


def test_a_total_row_names_the_conditions_its_amounts_wait_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A --totals row adds conditional amounts: its to_confirm column names their conditions,
    as each benefit's row does, so that a script reading only the totals does not take
    209,000 for settled. Worked from the clauses:

    T-1 measure 17 “首次被评定为国家…4A…级物流企业…给予一次性奖励…20万元”, both of its
        conditions confirmed → 200,000 one-off, nothing to confirm; measure 12 “全年足额上缴工会
        经费低于1万元的小额缴费工会组织，享受工会经费全额返还” 9,000 < 10,000 → 9,000 yearly, if
        paid_in_full (still to confirm). Totals: one-off 200,000 (none), yearly 9,000 and all
        209,000 (union-fee.paid_in_full).
    T-2 measure 17 with grade 3A or 4A (alternatives, counted once): 200,000, its two
        conditions still to confirm.
    """
    source = tmp_path / "c.csv"
    source.write_text(
        "kind,name,logistics_grade,union_fees_paid,confirm\n"
        "enterprise,T-1,4A,9000,logistics.first_rating;logistics.in_statistics\n"
        "enterprise,T-2,3A;4A,,\n",
        encoding="utf-8",
    )
    code = run_cli(["match", str(source), "--format", "csv", "--totals", "-q", "--as-of", DAY])
    out = capsys.readouterr().out
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    totals = {
        (row["name"], row["period"]): (row["high"], row["to_confirm"])
        for row in rows
        if row["status"] == "total"
    }
    assert totals == {
        ("T-1", "one_off"): ("200000.00", ""),
        ("T-1", "yearly"): ("9000.00", "union-fee.paid_in_full"),
        ("T-1", "all"): ("209000.00", "union-fee.paid_in_full"),
        ("T-2", "one_off"): ("200000.00", "logistics.first_rating;logistics.in_statistics"),
        ("T-2", "all"): ("200000.00", "logistics.first_rating;logistics.in_statistics"),
    }


# --- hints: a condition a fact decides is settled by giving the fact -----------------------------


def test_a_condition_a_fact_decides_is_asked_for_as_the_fact(
    rules: RuleSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Measure 18 “对4个以上（含4个）快递网络共用、年处理快件量4000万件以上…的区市级快递园区”:
    the count of networks and of parcels decide two of its conditions, and measure 8's
    “总投资200万元（含）以上、5000万元以下” decides techreno's band. With those facts left out
    the hint must ask for them (express_park_networks, express_park_parcels,
    techreno_investment), not for a bare confirm that would let 3 networks or 100万 parcels
    through unchecked. Conditions no fact decides (smart sorting, acceptance), and rd-growth's
    growth ratio, which the document does not publish (一定比例), are still to confirm."""
    from yantai_subsidy.render.words import pending

    profile = {
        "kind": "enterprise",
        "facts": {
            "express_park_investment": "200万",
            "techreno_loan": "1000万",
            "rd": "680万",
            "rd_last_year": "520万",
        },
    }
    m = run(rules, **profile)
    waiting = pending(m)
    for decided in ("express-park.networks", "express-park.parcels", "techreno.investment_band"):
        assert decided not in waiting, waiting
    for confirm in ("express-park.smart_sorting", "express-park.accepted", "rd-growth.growth_rate"):
        assert confirm in waiting, waiting
    assert dict(m.to_give) == {
        "express-park.networks": "express_park_networks",
        "express-park.parcels": "express_park_parcels",
        "techreno.investment_band": "techreno_investment",
    }
    path = tmp_path / "p.yaml"
    path.write_text(json.dumps({**profile, "as_of": DAY}), encoding="utf-8")
    for fmt in ("table", "markdown"):
        assert run_cli(["match", str(path), "--format", fmt]) == 0
        out = " ".join(capsys.readouterr().out.split())
        assert (
            "give in the profile (each decides a condition): express_park_networks"
            " (express-park.networks), express_park_parcels (express-park.parcels),"
            " techreno_investment (techreno.investment_band)" in out.replace("`", "")
        ), out
    # given, the fact decides: 3 networks is fewer than 4 (以上（含4个）), so none is asked for
    m = run(rules, **{**profile, "facts": {**profile["facts"], "express_park_networks": "3"}})
    assert "express-park.networks" not in dict(m.to_give)
    assert [e.key for e in m.ineligible] == ["express-park"]


# --- units: a figure in 万 where the unit is the megawatt ------------------------------------------


def test_megawatts_in_wan_are_refused_in_a_profile_and_a_list(rules: RuleSet) -> None:
    """Capacities are said in 万千瓦 (measure 49: “30万千瓦以下煤电机组”): 40万千瓦 is 400 MW. A
    profile's offshore_pv_mw of 40万 was read as 400,000 MW and measure 51's “不低于20%、2小时”
    gave 160,000 MWh of storage, without a sign. It is refused, naming the fact; kW facts keep
    万 (30万 kW is the document's own figure), and a plain 400 MW gives 400 × 20% × 2 = 160 MWh."""
    from yantai_subsidy.client_list import client_profile
    from yantai_subsidy.errors import InputError

    bad = {
        "kind": "enterprise",
        "facts": {"offshore_pv_mw": "40万", "offshore_pv_grid_date": "2026-06-30"},
    }
    with pytest.raises(InputError) as raised:
        run(rules, **bad)
    assert str(raised.value).startswith(
        "<profile>: facts.offshore_pv_mw: megawatts are not written in 万 or 亿"
    ), str(raised.value)
    with pytest.raises(InputError) as raised:
        client_profile(
            rules,
            {"kind": "enterprise", "offshore_pv_mw": "40万", "offshore_pv_grid_date": "2026-06-30"},
            ("c.csv", 1),
        )
    assert "column offshore_pv_mw: megawatts are not written in 万 or 亿" in str(raised.value)
    good = run(rules, kind="enterprise", facts={**bad["facts"], "offshore_pv_mw": "400"})
    assert entry(good, "pv-storage").estimate.amount.low == 160
    coal = run(
        rules,
        kind="enterprise",
        facts={
            "coal_closed_kw": "30万",
            "coal_closure_year": "2024",
            "coal_largest_unit_kw": "30万",
        },
    )
    # 300,000 kW × 20元 (2024) = 6,000,000
    assert entry(coal, "coal-closure").estimate.amount.low == 6_000_000


def test_a_single_profiles_csv_totals_say_their_own_grounds_and_conditions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """examples/profiles/tech-sme.yaml as CSV. One-off: techloan (measure 48, 1.5% of 500万 =
    75,000, less the 3万 received of the 10万 cap → up to 70,000; both conditions confirmed) and
    patent-product (2 × 2万 = 40,000, “recognized” to confirm): quoted from the clauses, so the
    one-off total rests on the document, as a client list's --totals row says, not on
    rd-deduction's assumed amortisation period (yearly). Each period adds an amount still
    waiting on a condition (patent-product's, rd-growth's and union-fee's, voucher's): each
    total is conditional, and says so."""
    assert run_cli(["match", "examples/profiles/tech-sme.yaml", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    totals = {
        row["period"]: (row["low"], row["high"], row["status"], row["grounds"])
        for row in rows
        if row["section"] == "total"
    }
    assert totals == {
        "one_off": ("40000.00", "110000.00", "conditional", "document"),
        "yearly": ("920000.00", "1920000.00", "conditional", "assumption"),
        "per_event": ("0.00", "60000.00", "conditional", "document"),
        "all": ("960000.00", "2090000.00", "conditional", "assumption"),
    }


# --- periods: a one-off award per item counts the items not yet awarded --------------------------


def test_a_one_off_award_per_item_counts_only_the_items_not_yet_awarded(rules: RuleSet) -> None:
    """Measure 36 “对新入选的国家金牌导游给予一次性奖励1万元”, measure 47 “对通过认定的按政策每件
    给予2万元奖励”, “对…落户我市后产生较大经济效益的专利，根据绩效每项给予最高50万元资助” and
    measure 5 “2024年创建市级衔接乡村振兴集中推进区5个，市财政按照500万元/个的标准给予补助”: each
    item is paid once. A fact counting every product recognised (or patent settled) over the
    years would pay the earlier ones again: the fact must say it counts the new ones only."""
    facts = rules.vocabulary().facts
    for name in ("gold_medal_guides", "patent_intensive_products", "key_patents", "rural_zones"):
        label = facts[name].label
        assert "新" in label.zh, (name, label.zh)
        assert "new" in label.en, (name, label.en)


def test_the_claimants_own_money_is_listed_beside_the_total_not_in_it() -> None:
    """hpf-rent lets a renter withdraw their own provident fund (提取住房公积金): the 14,400 of
    a year at 1,200 a month is their savings, not a payment to them. Before, a young renter's
    total was 14,750 (14,400 + outpatient's 350); it is 350, with hpf-rent listed apart."""
    from decimal import Decimal

    from yantai_subsidy.loader import load_rules

    rules = load_rules()
    profile = {
        "kind": "person",
        "as_of": "2024-06-01",
        "facts": {"hpf_monthly_deposit": 1200, "hpf_months_deposited": 18},
        "confirm": ["hpf-rent.new_citizen_or_youth", "hpf-rent.no_home", "hpf-rent.renting"],
    }
    found = match(rules, profile)
    assert [e.key for e in found.claimable] == ["hpf-rent"]
    assert found.claimable[0].estimate.amount.high == Decimal("14400.00")
    assert (found.total.low, found.total.high, found.total.periods) == (0, 0, ())
    assert found.total.own_money == ("hpf-rent",)
    assert [b.id for b in rules.benefits.values() if b.own_money] == ["hpf-rent"]


def test_own_money_is_funded_by_no_one() -> None:
    from yantai_subsidy.schema import Benefit

    base = {
        "id": "x",
        "calculator": "x",
        "title": {"zh": "x", "en": "x"},
        "summary": {"zh": "x", "en": "x"},
        "beneficiary": "person",
        "period": "monthly",
        "own_money": True,
    }
    Benefit.model_validate({**base, "funding": "none"})
    with pytest.raises(Exception, match="own_money: the claimant's own money is funded by no one"):
        Benefit.model_validate({**base, "funding": "city"})


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_lists_own_money_rows_beside_its_total(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    """The batch's total is what match's is: techloan's up to 45,000 (1.5% of 3,000,000); the
    two hpf-rent rows (14,400 and 12,000 of the renters' own savings) are listed, not added."""
    source = tmp_path / "rows.csv"
    source.write_text(
        "benefit,monthly_deposit,months_deposited,amount\n"
        + "hpf-rent,1200,18,\ntechloan,,,3000000\nhpf-rent,1000,5,\n" * 20,
        encoding="utf-8",
    )
    code = run_cli(["batch", str(source), "--as-of", "2024-06-01", "-o", os.devnull, "-j", jobs])
    first = capsys.readouterr().err.splitlines()[0]
    assert code == 0
    assert first == (
        "60 rows: 60 ok, 0 failed; total ¥0.00 – ¥900,000.00 (CNY); 40 row(s) of the"
        " claimant's own money, not a subsidy (not added): hpf-rent"
    )


# --- a person's profile is one person -------------------------------------------------------------


def test_a_persons_profile_is_one_guide(rules: RuleSet) -> None:
    """Measure 36 “对新入选的国家金牌导游给予一次性奖励1万元”: the award is paid to the guide, and
    only a person's profile claims it (a travel agency is paid nothing for its guides). A
    person's profile stating 2 newly selected guides was matched as 20,000 to one person: it is
    refused, naming the fact and saying why; a person who is one new guide gets 1万, and an
    estimate for several guides (a bureau adding up its guides) still counts them."""
    from yantai_subsidy.client_list import client_profile
    from yantai_subsidy.engine import estimate
    from yantai_subsidy.errors import InputError

    with pytest.raises(InputError) as raised:
        run(rules, kind="person", facts={"gold_medal_guides": 2})
    said = str(raised.value)
    assert said.startswith(
        "<profile>: facts.gold_medal_guides: 2 is more than 1 for one profile:"
        " the award is paid to each guide"
    ), said
    assert "\n" not in said
    assert (
        "facts.gold_medal_guides: 2 超过一份档案的上限 1：奖励发给导游本人"
        in raised.value.render("zh")
    )
    with pytest.raises(InputError) as raised:
        client_profile(rules, {"kind": "person", "gold_medal_guides": "2"}, ("c.csv", 3))
    assert "column gold_medal_guides: 2 is more than 1 for one profile" in str(raised.value)
    one = run(rules, kind="person", facts={"gold_medal_guides": 1})
    est = entry(one, "tour-guide").estimate
    assert (est.amount.low, est.amount.high, est.status) == (10_000, 10_000, "conditional")
    several = estimate(rules, "tour-guide", {"guides": "2"}, DAY)
    assert several.amount.high == 20_000


def test_a_facts_maximum_is_a_counts_and_says_why() -> None:
    from yantai_subsidy.schema import Fact

    base = {"type": "count", "unit": "guides", "label": {"zh": "x", "en": "x"}}
    base["maximum"] = {"person": 1}
    base["inputs"] = ["tour-guide.guides"]
    Fact.model_validate({**base, "help": {"zh": "x", "en": "x"}})
    for bad in (base, {**base, "type": "money", "unit": "CNY", "help": {"zh": "x", "en": "x"}}):
        with pytest.raises(Exception, match="maximum: only a count fact has one"):
            Fact.model_validate(bad)


# --- what a profile already says decides what it would otherwise be asked ------------------------


def test_a_confirmed_pollution_control_enterprise_saves_tax_at_its_own_15_percent(
    rules: RuleSet,
) -> None:
    """Measure 12 “对符合条件的从事污染防治的第三方企业减按15%的税率征收企业所得税”: a profile
    that confirms green-cit.third_party_pollution_control says the enterprise is taxed at 15%.
    Its R&D super-deduction (measure 46: 100% of 100万 expensed = 100万 extra deduction) then
    saves 100万 × 15% = 150,000, not the 250,000 of the standard 25% that green-cit's own
    500万 × (25% − 15%) = 500,000 already leaves behind: the match's yearly total is 650,000,
    not 750,000. The rate is shown as the input and said where it came from; a rate the
    profile gives itself wins, and without the confirmation the assumed 25% stays (said)."""
    profile = {
        "kind": "enterprise",
        "facts": {"rd_expensed": "100万", "taxable_income": "500万"},
        "confirm": ["green-cit.third_party_pollution_control"],
    }
    m = run(rules, **profile)
    rd = entry(m, "rd-deduction").estimate
    assert rd.amount.high == 150_000
    assert rd.inputs["cit_rate"] == "15%"
    assert rd.assumptions == ()
    notes = [w.render("en") for w in rd.warnings]  # shown in the table too
    assert any(
        "measure 12's reduced 15%, as the profile confirms"
        " green-cit.third_party_pollution_control" in n
        for n in notes
    ), notes
    assert any("第12条减按税率15%" in w.render("zh") for w in rd.warnings)
    assert entry(m, "green-cit").estimate.amount.high == 500_000
    assert (m.total.low, m.total.high) == (650_000, 650_000)
    every = run(rules, **{**profile, "confirm": ["green-cit.all"]})  # all of its conditions
    assert entry(every, "rd-deduction").estimate.amount.high == 150_000
    own = run(rules, **{**profile, "facts": {**profile["facts"], "cit_rate": "20%"}})
    assert entry(own, "rd-deduction").estimate.amount.high == 200_000
    unsaid = run(rules, **{**profile, "confirm": []})
    rd = entry(unsaid, "rd-deduction").estimate
    assert rd.amount.high == 250_000
    assert any("25% is an assumption" in a.render("en") for a in rd.assumptions)


def test_a_rate_a_confirmation_states_is_a_reading_not_the_documents_figure(
    rules: RuleSet,
) -> None:
    """The 15% is measure 12's, but that it is this enterprise's rate is ytsub's reading of a
    confirmation, not a figure the user gave: the saving (and the line that shows the rate)
    rest on an interpretation; the extra deduction, which does not use it, is the document's.
    With green-cit's rate changed in the profile (set), the saving rests on that override."""
    profile = {
        "kind": "enterprise",
        "facts": {"rd_expensed": "100万", "taxable_income": "500万"},
        "confirm": ["green-cit.third_party_pollution_control"],
    }
    rd = entry(run(rules, **profile), "rd-deduction").estimate
    assert rd.grounds == "interpretation"
    assert [(i.formula.render("en"), i.grounds) for i in rd.items] == [
        ("1,000,000.00 × 100%", "document"),
        ("1,000,000.00 × 15%", "interpretation"),
    ]
    changed = {**profile, "benefits": {"green-cit": {"set": {"reduced_rate": "12%"}}}}
    rd = entry(run(rules, **changed), "rd-deduction").estimate
    assert rd.amount.high == 120_000
    assert rd.grounds == "override"
    assert rd.items[-1].grounds == "override"
    own = {**profile, "facts": {**profile["facts"], "cit_rate": "15%"}}  # the user's own figure
    assert entry(run(rules, **own), "rd-deduction").estimate.grounds == "document"


def _renter(rules: RuleSet, **extra: Any) -> Entry:
    profile: dict[str, Any] = {
        "kind": "person",
        "facts": {"hpf_monthly_deposit": 1200, "hpf_months_deposited": 18},
        "confirm": ["hpf-rent.new_citizen_or_youth", "hpf-rent.renting"],
    }
    facts = extra.pop("facts", {})
    profile["facts"].update(facts)
    profile["confirm"] += extra.pop("confirm", [])
    return entry(run(rules, **profile, **extra), "hpf-rent")


def test_a_household_that_owns_a_home_here_cannot_withdraw_for_renting(rules: RuleSet) -> None:
    """Measure 35 “本人及配偶在缴存城市无自有住房且租赁住房的，可…提取住房公积金”: a person whose
    profile says the household owns 1 complete home in Yantai (local_homes, the fact measure
    33 reads) was still offered 12 × 1,200 = 14,400 of withdrawals, no_home left to confirm.
    local_homes counts the homes of the person, the spouse and the minor children: 1 or more
    makes no_home unmet, with the reason; 0 makes it met, said as a reading (a home that is not
    a complete one is not counted). The profile's own confirm or deny of no_home wins: a home
    in a minor child's name only leaves the person and spouse without one."""
    owner = _renter(rules, facts={"local_homes": 1}).estimate
    assert owner.status == "ineligible"
    assert (owner.amount.low, owner.amount.high) == (0, 0)
    no_home = {c.id: c for c in owner.conditions}["no_home"]
    assert no_home.status == "unmet"
    assert no_home.reason is not None
    assert no_home.reason.render("en").startswith(
        "facts.local_homes is 1: the household owns a complete home in Yantai"
    ), no_home.reason.render("en")
    assert "档案 facts.local_homes 为 1" in no_home.reason.render("zh")
    tenant = _renter(rules, facts={"local_homes": 0}).estimate
    assert tenant.status == "eligible"
    assert tenant.amount.high == 14_400
    assert {c.id: c.status for c in tenant.conditions}["no_home"] == "met"
    assert any(
        i.en.startswith("no_home taken as met from facts.local_homes: 0")
        for i in tenant.interpretations
    ), tenant.interpretations
    child = _renter(rules, facts={"local_homes": 1}, confirm=["hpf-rent.no_home"]).estimate
    assert child.status == "eligible"
    # a blanket confirm of every condition does not answer no_home: the fact does
    blanket = _renter(rules, facts={"local_homes": 1}, confirm=["hpf-rent.all"]).estimate
    assert blanket.status == "ineligible"
    unsaid = _renter(rules).estimate
    assert {c.id: c.status for c in unsaid.conditions}["no_home"] == "unconfirmed"
    # left out, the fact is asked for as the fact that decides no_home, not as a bare confirm
    asked = run(
        rules,
        kind="person",
        facts={"hpf_monthly_deposit": 1200, "hpf_months_deposited": 18},
    )
    assert dict(asked.to_give) == {"hpf-rent.no_home": "local_homes"}


def test_a_client_rows_notes_name_facts_as_its_single_profile_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """docs/promises.md: each client's result is the object its single profile gives. A note
    names a fact by its key path (facts.local_homes), which in a client list is the column of
    the same name: kept so, rather than a column's wording that the profile's object lacks."""
    clients = tmp_path / "c.csv"
    clients.write_text(
        "kind,hpf_monthly_deposit,hpf_months_deposited,local_homes,confirm\n"
        "person,1200,18,1,hpf-rent.renting\n",
        encoding="utf-8",
    )
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "kind: person\nfacts: {hpf_monthly_deposit: 1200, hpf_months_deposited: 18,"
        " local_homes: 1}\nconfirm: [hpf-rent.renting]\n",
        encoding="utf-8",
    )
    assert run_cli(["match", str(clients), "--as-of", DAY, "-q"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert run_cli(["match", str(profile), "--as-of", DAY, "--format", "json"]) == 0
    alone = json.loads(capsys.readouterr().out)
    (hpf,) = [e for e in listed["ineligible"] if e["benefit"] == "hpf-rent"]
    reasons = [c["reason"] for c in hpf["conditions"] if c["id"] == "no_home"]
    assert reasons[0].startswith("facts.local_homes is 1:"), reasons
    assert listed["ineligible"] == alone["ineligible"]


def test_a_taxpayer_the_standard_rate_does_not_fit_is_warned(rules: RuleSet) -> None:
    """rd-deduction saves tax at an assumed 25% and green-cit measures its saving against 25%.
    A profile whose taxpayer is a small low-profit enterprise (a reduced rate under a national
    preference: FACTS.md, measure 12) or an individual business (个体工商户: individual income
    tax, no corporate income tax at all) has already said that the 25% does not fit: each
    estimate says so, naming the fact. A rate the profile gives itself silences rd-deduction's
    warning; a small-scale VAT taxpayer says nothing about income tax."""

    def warned(taxpayer: str, **facts: str) -> dict[str, list[str]]:
        m = run(
            rules,
            kind="enterprise",
            facts={
                "taxpayer": taxpayer,
                "rd_expensed": "100万",
                "taxable_income": "200万",
                **facts,
            },
        )
        return {
            key: [w.render("en") for w in entry(m, key).estimate.warnings if "taxpayer" in w.en]
            for key in ("rd-deduction", "green-cit")
        }

    small = warned("small-low-profit")
    assert small["rd-deduction"] == [
        "facts.taxpayer is small-low-profit: a small low-profit enterprise pays corporate income"
        " tax at a reduced rate under a national preference, not the standard 25% assumed here:"
        " give its rate as facts.cit_rate"
    ]
    assert small["green-cit"][0].startswith(
        "facts.taxpayer is small-low-profit: a small low-profit"
    )
    individual = warned("individual")
    assert individual["rd-deduction"][0].startswith(
        "facts.taxpayer is individual: an individual business (个体工商户) pays individual income"
        " tax, not corporate income tax"
    ), individual
    assert individual["green-cit"] == individual["rd-deduction"]
    assert warned("small-low-profit", cit_rate="20%")["rd-deduction"] == []
    assert warned("small-scale") == {"rd-deduction": [], "green-cit": []}


def test_a_familys_second_and_third_child_are_one_child_each(rules: RuleSet) -> None:
    """Measure 61 “对二孩、三孩保育费分档补助每人每月300元、400元”: a family has one second child
    and one third child, so a person's profile counting 2 second children is refused (it was
    2 × 300 × 12 = 7,200 paid on the family's account); a childcare institution's profile (an
    enterprise) counts the children it enrols: 12 second children × 300 × 12 months = 43,200."""
    from yantai_subsidy.errors import InputError

    for fact in ("children_in_care_second", "children_in_care_third"):
        with pytest.raises(InputError) as raised:
            run(rules, kind="person", facts={fact: 2})
        assert str(raised.value).startswith(
            f"<profile>: facts.{fact}: 2 is more than 1 for one profile: a family gives"
        ), str(raised.value)
    family = run(rules, kind="person", facts={"children_in_care_second": 1})
    assert entry(family, "childcare").estimate.amount.high == 3_600
    institution = run(rules, kind="enterprise", facts={"children_in_care_second": 12})
    assert entry(institution, "childcare").estimate.amount.high == 43_200


def test_a_maximum_names_a_kind(tmp_path: Path) -> None:
    from yantai_subsidy.errors import RuleFileError
    from yantai_subsidy.loader import load_rules

    text = (Path(__file__).parent.parent / "rules" / "facts.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "overlay"
    folder.mkdir()
    (folder / "facts.yaml").write_text(
        text.replace("maximum: {person: 1}", "maximum: {persons: 1}", 1), encoding="utf-8"
    )
    with pytest.raises(RuleFileError) as raised:
        load_rules(folder, use_cache=False)
    assert "facts.gold_medal_guides.maximum: no kind 'persons'" in str(raised.value)


def test_a_confirmed_ic_enterprise_is_told_of_its_higher_deduction(rules: RuleSet) -> None:
    """FACTS.md, measure 46: integrated-circuit enterprises deduct 120% of expensed R&D for
    2023–2027 (财政部 税务总局公告2023年第44号), not the document's 100%; whether a Yantai “符合
    国家产业政策的集成电路领域科技型企业” (measure 13) is on the national list the document does
    not say. A profile confirming ic-rd.ic_tech_enterprise was shown 100万 × 100% × 25% = 250,000
    without a word for it: its rd-deduction now says so and how to apply the rate; the amount
    stays the document's, and 120% set in the profile gives 100万 × 120% × 25% = 300,000."""
    facts = {"rd_expensed": "100万", "rd": "100万"}
    m = run(rules, kind="enterprise", facts=facts, confirm=["ic-rd.ic_tech_enterprise"])
    rd = entry(m, "rd-deduction").estimate
    assert rd.amount.high == 250_000
    said = [w.render("en") for w in rd.warnings]
    assert any(
        w.startswith("the profile confirms ic-rd.ic_tech_enterprise: an integrated-circuit")
        and "benefits.rd-deduction.set" in w
        for w in said
    ), said
    assert any("集成电路" in w.render("zh") for w in rd.warnings)
    plain = run(rules, kind="enterprise", facts=facts)
    assert not any("ic_tech" in w.en for w in entry(plain, "rd-deduction").estimate.warnings)
    applied = run(
        rules,
        kind="enterprise",
        facts=facts,
        confirm=["ic-rd.ic_tech_enterprise"],
        benefits={"rd-deduction": {"set": {"expensed_extra_rate": "120%"}}},
    )
    rd = entry(applied, "rd-deduction").estimate
    assert rd.amount.high == 300_000
    assert not any("ic_tech" in w.en for w in rd.warnings)
