"""Each figure on small books whose right answer is worked out by hand here."""

from __future__ import annotations

import math

import pytest

from kam.metrics.credit import extra_sales_to_recover, financing_cost, months_until_profit_gone

from books import account, make, metrics

# ------------------------------------------------------------------ Pareto


def test_pareto_top20_and_accounts_for_80(tmp_path):
    revs = {"a": 100, "b": 50, "c": 30, "d": 15, "e": 5}  # total 200
    m = metrics(tmp_path, {k: account(revenue={2025: v}) for k, v in revs.items()})
    p = m["pareto"]
    assert p["top20_count"] == 1  # ceil(0.2 * 5)
    assert p["top20_share"] == pytest.approx(100 / 200)
    assert p["accounts_for_80"] == 3  # 100, 150, 180 of 200: the third passes 80%
    assert [r["account"] for r in p["curve"]] == ["a", "b", "c", "d", "e"]
    assert p["curve"][1]["cumulative_share"] == pytest.approx(0.75)
    assert p["ties_at_cut"] == 0


def test_pareto_rounds_up_and_reports_ties_at_the_cut(tmp_path):
    m = metrics(tmp_path, {f"a{i}": account(revenue={2025: 10}) for i in range(6)})
    p = m["pareto"]
    assert p["top20_count"] == 2  # ceil(1.2)
    assert p["top20_share"] == pytest.approx(2 / 6)
    assert p["ties_at_cut"] == 6
    assert p["accounts_for_80"] == 5  # 50/60 = 0.83


def test_pareto_single_account_and_no_revenue(tmp_path):
    m = metrics(tmp_path, {"solo": account(revenue={2025: 10})})
    assert m["pareto"]["top20_count"] == 1 and m["pareto"]["top20_share"] == 1.0
    m = metrics(tmp_path / "z", {"solo": account()})
    assert m["pareto"]["top20_share"] is None and m["pareto"]["accounts_for_80"] is None


def test_pareto_uses_last_complete_year_only(tmp_path):
    m = metrics(tmp_path, {"a": account(revenue={2024: 999, 2025: 10, 2026: 777})})
    assert m["pareto"]["total_revenue"] == 10
    assert m["accounts"]["revenue_ytd"] == 777


def test_key_team_advice_from_twenty_key_accounts(tmp_path):
    big = {f"k{i:02d}": account(potential=30_000_000, revenue={2025: 6_000_000}) for i in range(20)}
    m = metrics(tmp_path, big)
    assert m["pareto"]["key_accounts"] == 20 and m["pareto"]["key_team_advised"] is True
    m = metrics(tmp_path / "b", dict(list(big.items())[:19]))
    assert m["pareto"]["key_team_advised"] is False


# ------------------------------------------------------------------ tiers and posture


def test_tiers_from_thresholds_and_manual_disagreement(tmp_path):
    books = {
        "maj": account(potential=25_000_000, revenue={2025: 6_000_000}),  # both high
        "nam": account(potential=10_000_000, revenue={2025: 6_000_000}),  # current high only
        "non": account(potential=6_000_000, revenue={2025: 2_000_000}),  # both moderate
        "mas": account(potential=1_000_000, revenue={2025: 500_000}),  # both low
        "man": account(potential=1_000_000, revenue={2025: 500_000}, extra="tier: named\n"),
    }
    m = metrics(tmp_path, books)
    items = {i["id"]: i for i in m["accounts"]["items"]}
    assert {k: items[k]["tier"] for k in items} == {
        "maj": "major",
        "nam": "named",
        "non": "non_named",
        "mas": "mass",
        "man": "named",
    }
    assert m["tiers"]["disagreements"] == [
        {
            "account": "man",
            "name": "客户",
            "manual": "named",
            "computed": "mass",
            "revenue": 500_000.0,
            "potential": 1_000_000.0,
        }
    ]
    assert m["accounts"]["by_tier"]["named"]["count"] == 2
    assert m["tiers"]["rollup"]["major"]["revenue_share"] == pytest.approx(6 / 15)
    assert "tier_mismatch" in items["man"]["flags"]


def test_thresholds_are_inclusive(tmp_path):
    m = metrics(tmp_path, {"edge": account(potential=20_000_000, revenue={2025: 5_000_000})})
    assert m["accounts"]["items"][0]["tier"] == "major"


def test_empty_tier_rollup(tmp_path):
    m = metrics(tmp_path, {"only": account(potential=100, revenue={2025: 1})})
    r = m["tiers"]["rollup"]["major"]
    assert r["count"] == 0 and r["revenue"] == 0 and r["share_of_wallet"] is None


def test_posture_quadrants_and_new_customers_attack(tmp_path):
    books = {
        "acq": account(potential=20_000_000, revenue={2025: 2_000_000}),  # share 10%
        "ret": account(potential=20_000_000, revenue={2025: 12_000_000}),  # 60%
        "mnt": account(potential=5_000_000, revenue={2025: 3_000_000}),  # low potential, 60%
        "har": account(potential=5_000_000, revenue={2025: 1_000_000}),  # low, 20%
        "new": account(potential=5_000_000, revenue={2025: 4_000_000}, lifecycle="new"),
        "half": account(potential=20_000_000, revenue={2025: 10_000_000}),  # exactly 50%: high
    }
    m = metrics(tmp_path, books)
    got = {i["id"]: i["posture"] for i in m["accounts"]["items"]}
    assert got == {
        "acq": "acquire",
        "ret": "retain",
        "mnt": "maintain",
        "har": "harass",
        "new": "acquire",
        "half": "retain",
    }
    items = {i["id"]: i for i in m["accounts"]["items"]}
    assert items["acq"]["share"] == pytest.approx(0.1)


def test_the_plan_keeps_harass_and_abandon_apart(tmp_path):
    give_up = "plan:\n  abandon: true\n"
    books = {
        "har": account(potential=5_000_000, revenue={2025: 1_000_000}),  # low potential, 20%: harass
        "ab": account(potential=5_000_000, revenue={2025: 1_000_000}, extra=give_up),  # the same, given up
        "ret": account(potential=20_000_000, revenue={2025: 12_000_000}, extra=give_up),  # high/high: retain stands
        "new": account(potential=5_000_000, revenue={2025: 1_000_000}, lifecycle="new", extra=give_up),  # opening
    }
    m = metrics(tmp_path, books)
    got = {i["id"]: i["posture"] for i in m["accounts"]["items"]}
    assert got == {"har": "harass", "ab": "abandon", "ret": "retain", "new": "acquire"}
    p = m["posture"]
    assert (p["by_posture"]["harass"]["accounts"], p["by_posture"]["abandon"]["accounts"]) == (["har"], ["ab"])
    # abandon said where it does not apply is listed, not applied
    assert [(r["account"], r["posture"]) for r in p["abandon_elsewhere"]] == [("new", "acquire"), ("ret", "retain")]
    assert p["by_posture"]["abandon"]["allocation"]["time"]["plan_units"] == 0


def test_allocation_plan_against_logged_effort(tmp_path):
    acts = "activities:\n" + "".join(f"  - {{date: 2026-10-{d:02d}, kind: call, by: [rep-a]}}\n" for d in range(1, 4))
    books = {
        "acq": account(potential=20_000_000, revenue={2025: 2_000_000}, extra=acts),
        "ret": account(
            potential=20_000_000,
            revenue={2025: 12_000_000},
            extra="activities:\n  - {date: 2026-10-05, kind: visit, by: [rep-a, boss]}\n",
        ),
    }
    m = metrics(tmp_path, books)
    alloc = m["posture"]["by_posture"]
    # plan: time 7/2/1/0 of 10 units; actual: 3 of 4 activities on attack accounts
    assert alloc["acquire"]["allocation"]["time"]["plan_share"] == pytest.approx(0.7)
    assert alloc["acquire"]["allocation"]["time"]["actual_share"] == pytest.approx(0.75)
    assert alloc["acquire"]["allocation"]["time"]["difference"] == pytest.approx(0.05)
    # people: 3 person-activities on attack, 2 on defend
    assert alloc["retain"]["allocation"]["people"]["actual_share"] == pytest.approx(2 / 5)
    # the scorecard's process figure: contact in the last 365 days
    sc = m["scorecard"]["by_posture"]
    assert (sc["acquire"]["activities"], sc["acquire"]["activities_per_account"]) == (3, 3.0)
    assert m["scorecard"]["company"]["activities_per_account"] == pytest.approx(2.0)


# ------------------------------------------------------------------ funnel and forecast

DEALS = """\
opportunities:
  - {id: p1, name: a, stage: prospect, amount: 1000, close: 2026-12-15}
  - {id: i1, name: b, stage: intent, amount: 2000, close: 2026-12-20, forecast: best_case}
  - {id: n1, name: c, stage: negotiation, amount: 4000, probability: 60, close: 2027-01-10, forecast: commit}
  - {id: w1, name: d, stage: won, amount: 5000, created: 2026-01-01, close: 2026-03-01}
  - {id: l1, name: e, stage: lost, amount: 3000, lost_reason: price, close: 2026-02-01}
  - {id: o1, name: f, stage: proposal, amount: 500, close: 2026-12-01, forecast: omitted}
  - {id: pd, name: g, stage: proposal, amount: 100, close: 2026-11-01}
"""


def test_funnel_weighted_and_win_rate(tmp_path):
    m = metrics(tmp_path, {"a": account(extra=DEALS)})
    p = m["pipeline"]
    assert p["by_stage"]["prospect"] == {"count": 1, "amount": 1000.0, "weighted": 100.0, "probability": 10}
    assert p["by_stage"]["negotiation"]["weighted"] == pytest.approx(2400.0)  # manual 60%
    # a won deal is certain: its weighted amount is its amount (it was 0 beside a probability of 100%)
    assert (p["by_stage"]["won"]["probability"], p["by_stage"]["won"]["weighted"]) == (100, 5000.0)
    assert p["by_stage"]["lost"]["weighted"] == 0.0
    # open: 1000*.1 + 2000*.3 + 4000*.6 + 500*.5 + 100*.5
    assert p["weighted_amount"] == pytest.approx(100 + 600 + 2400 + 250 + 50)
    assert p["open_count"] == 5 and p["open_amount"] == 7600
    assert p["win_rate"] == pytest.approx(0.5)
    assert p["average_deal_size"] == 5000
    assert p["sales_cycle_days"] == 59  # 2026-01-01 -> 2026-03-01
    assert m["won"]["count"] == 1 and m["won"]["amount"] == 5000
    assert m["won"]["this_year"]["amount"] == 5000 and m["won"]["this_month"]["amount"] == 0


def test_forecast_by_month_category_and_past_due(tmp_path):
    m = metrics(tmp_path, {"a": account(extra=DEALS)})
    fc = m["forecast"]
    months = {r["period"]: r for r in fc["months"]}
    # omitted (o1) is not totalled; pd closes 2026-11 (past due, still counted in its month)
    assert sorted(months) == ["2026-11", "2026-12", "2027-01"]
    assert months["2026-12"]["amount"] == 3000 and months["2026-12"]["weighted"] == pytest.approx(700)
    assert months["2026-12"]["by_category"]["best_case"]["amount"] == 2000
    assert fc["this_month"]["weighted"] == pytest.approx(50)
    assert fc["this_quarter"]["period"] == "2026-Q4"
    assert fc["this_quarter"]["amount"] == 3100  # 2026-11 + 2026-12, omitted excluded
    assert [r["opportunity"] for r in fc["past_due"]] == ["pd"]
    assert fc["past_due"][0]["days_past"] == 19
    assert fc["by_category"]["omitted"]["amount"] == 500


def test_other_currency_is_converted_before_summing(tmp_path):
    usd = account(
        extra="currency: USD\nopportunities:\n  - {id: x, name: x, stage: won, amount: 100, close: 2026-01-05}\n"
    )
    cny = account(extra="opportunities:\n  - {id: y, name: y, stage: won, amount: 100, close: 2026-01-05}\n")
    m = metrics(tmp_path, {"us": usd, "cn": cny})
    assert m["won"]["amount"] == pytest.approx(100 * 7.1 + 100)
    eur = account(
        extra="opportunities:\n  - {id: z, name: z, stage: won, amount: 10, currency: EUR, close: 2026-01-05}\n"
    )
    m = metrics(tmp_path / "e", {"eu": eur})
    assert m["won"]["amount"] == pytest.approx(78)


def test_conversion_between_stages_uses_history(tmp_path):
    deals = """\
opportunities:
  - {id: a, name: a, stage: won, amount: 1, close: 2026-05-01}
  - {id: b, name: b, stage: lost, amount: 1, lost_reason: price, close: 2026-05-01,
     stage_dates: {prospect: 2026-01-01, intent: 2026-02-01, proposal: 2026-03-01}}
  - {id: c, name: c, stage: intent, amount: 1, close: 2026-12-01}
  - {id: d, name: d, stage: prospect, amount: 1, close: 2026-12-01}
"""
    m = metrics(tmp_path, {"x": account(extra=deals)})
    conv = {(c["from"], c["to"]): c for c in m["pipeline"]["conversion"]}
    assert conv[("prospect", "intent")]["reached_from"] == 4 and conv[("prospect", "intent")]["reached_to"] == 3
    assert conv[("intent", "proposal")]["rate"] == pytest.approx(2 / 3)
    assert conv[("negotiation", "won")]["rate"] == pytest.approx(1.0)


def test_qualification_gaps_past_intent_only(tmp_path):
    deals = """\
opportunities:
  - {id: ok, name: a, stage: proposal, amount: 1, close: 2026-12-01,
     qualification: {real: true, compete: true, win: true, worth: true}}
  - {id: neg, name: b, stage: negotiation, amount: 1, close: 2026-12-01,
     qualification: {real: true, compete: false, win: true}}
  - {id: early, name: c, stage: intent, amount: 1, close: 2026-12-01}
"""
    m = metrics(tmp_path, {"x": account(extra=deals)})
    gaps = m["qualification"]["gaps"]
    assert [(g["opportunity"], g["missing"], g["negative"]) for g in gaps] == [("neg", ["worth"], ["compete"])]
    assert m["qualification"]["checked"] == 2


def test_stalled_by_continuations_and_by_idleness(tmp_path):
    extra = """\
opportunities:
  - {id: talk, name: a, stage: proposal, amount: 1, created: 2026-09-01, close: 2026-12-01}
  - {id: idle, name: b, stage: intent, amount: 1, created: 2026-01-01, close: 2026-12-01}
  - {id: fine, name: c, stage: intent, amount: 1, created: 2026-01-01, close: 2026-12-01}
activities:
  - {date: 2026-11-01, kind: meeting, opportunity: talk, outcome: continuation}
  - {date: 2026-11-08, kind: meeting, opportunity: talk, outcome: continuation}
  - {date: 2026-11-15, kind: meeting, opportunity: talk, outcome: continuation}
  - {date: 2026-09-01, kind: call, opportunity: idle}
  - {date: 2026-11-01, kind: meeting, opportunity: fine, outcome: continuation}
  - {date: 2026-11-10, kind: demo, opportunity: fine, outcome: advance}
"""
    m = metrics(tmp_path, {"x": account(extra=extra)})
    got = {s["opportunity"]: s["reasons"] for s in m["progress"]["stalled"]}
    assert got == {"talk": ["continuations"], "idle": ["no_activity"]}
    idle = next(s for s in m["progress"]["stalled"] if s["opportunity"] == "idle")
    assert idle["days_idle"] == 80


# ------------------------------------------------------------------ buying centre

CENTRE = """\
contacts:
  - {id: g, name: 向导, level: middle, roles: [guide, user], attitude: support}
  - {id: p, name: 采购, level: base, roles: [purchaser], attitude: support}
  - {id: d, name: 决策, level: top, roles: [decision_maker], attitude: oppose}
opportunities:
  - {id: full, name: a, stage: proposal, amount: 1, close: 2026-12-01, buying_centre: [g, p, d]}
  - {id: thin, name: b, stage: proposal, amount: 1, close: 2026-12-01, buying_centre: [p, d]}
"""


def test_one_two_one_and_opposing_decision_maker(tmp_path):
    key = account(potential=30_000_000, revenue={2025: 6_000_000}, extra=CENTRE)
    m = metrics(
        tmp_path, {"k": key, "solo": account(extra="contacts:\n  - {id: x, name: x, level: top, attitude: support}\n")}
    )
    deals = {d["opportunity"]: d for d in m["relationships"]["deals"]}
    assert deals["full"]["covered"] is True and deals["full"]["supporting_roles"] == ["purchaser", "user"]
    assert deals["thin"]["missing"] == ["guide", "two_roles"]
    assert [o["contact"] for o in m["relationships"]["opposing_decision_makers"]] == ["d"]
    assert [s["account"] for s in m["relationships"]["single_threaded"]] == ["solo"]
    assert m["relationships"]["contacts_by_level"] == {"top": 2, "middle": 1, "base": 1}


# ------------------------------------------------------------------ plan, team


def test_ten_measures_overdue_and_upcoming(tmp_path):
    extra = """\
plan:
  actions:
    - {title: 拜访, measure: executive_visit, owner: boss, due: 2026-12-01}
    - {title: 培训, measure: frontline_training, owner: rep-a, due: 2026-11-01}
    - {title: 峰会, measure: annual_summit, owner: boss, due: 2026-06-01, done: 2026-06-01}
    - {title: 远期, measure: incentives, owner: rep-a, due: 2027-06-01}
"""
    m = metrics(tmp_path, {"k": account(potential=30_000_000, revenue={2025: 6_000_000}, extra=extra)})
    pl = m["plan"]
    assert [(a["title"], a["days_overdue"]) for a in pl["overdue"]] == [("培训", 19)]
    assert [a["title"] for a in pl["upcoming"]] == ["拜访"]
    row = pl["measures_by_account"][0]
    assert row["covered"] == 4
    assert row["measures"]["annual_summit"] == {"planned": 1, "done": 1, "overdue": 0}
    assert row["measures"]["supply_priority"]["planned"] == 0
    assert [a["title"] for a in pl["executive_visits"]["planned_upcoming"]] == ["拜访"]


def test_accountability_competitor_without_deal_and_idle(tmp_path):
    threatened = account(
        potential=30_000_000,
        revenue={2025: 6_000_000},
        extra="""\
competitors:
  - {name: 对手, kind: direct, status: active}
activities:
  - {date: 2026-11-18, kind: call}
""",
    )
    idle = account(
        potential=30_000_000, revenue={2025: 6_000_000}, extra="activities:\n  - {date: 2026-11-01, kind: call}\n"
    )
    ok = account(
        potential=30_000_000, revenue={2025: 6_000_000}, extra="activities:\n  - {date: 2026-11-10, kind: call}\n"
    )
    m = metrics(tmp_path, {"t": threatened, "i": idle, "ok": ok})
    acc = {a["account"]: [r["code"] for r in a["reasons"]] for a in m["team"]["accountability"]}
    assert acc == {"t": ["competitor_no_opportunity"], "i": ["no_activity"]}  # 19 days > 14 for major


ONE_EACH = {"major": 1, "named": 1, "non_named": 1, "mass": 1}  # load counted one account at a time


def test_team_load_sponsors_and_pool(tmp_path):
    books = {f"a{i}": account(owner="rep-a") for i in range(3)}
    books["s"] = account(owner="rep-b", extra="sponsor: boss\n")
    books["pool"] = account(owner=None)
    m = metrics(tmp_path, books, rep_capacity={"min": 2, "max": 3}, load_weights=ONE_EACH)
    reps = {r["person"]: r for r in m["team"]["reps"]}
    assert reps["rep-a"]["accounts"] == 3 and reps["rep-a"]["status"] == "ok"
    assert reps["rep-b"]["status"] == "under"
    assert m["team"]["sponsors"][0]["accounts"] == ["s"]
    assert [p["account"] for p in m["team"]["pool"]] == ["pool"]


# ------------------------------------------------------------------ credit


def test_rep_load_weighs_accounts_by_tier(tmp_path):
    books = {"major": account(extra="tier: major\n"), "n1": account(extra="tier: named\n")}
    books["n2"] = account(extra="tier: named\n")
    books.update({f"m{i}": account(owner="rep-b") for i in range(5)})  # no revenue, no potential: mass
    m = metrics(tmp_path, books, rep_capacity={"min": 10, "max": 15})
    reps = {r["person"]: r for r in m["team"]["reps"]}
    # default weights: major 10, named 4, mass 0.2 -> rep-a 10 + 4 + 4 = 18 of 15: stretched; rep-b 5 x 0.2 = 1: idle
    a, b = reps["rep-a"], reps["rep-b"]
    assert (a["accounts"], a["weighted_accounts"], a["load"], a["status"]) == (3, 18.0, 1.2, "over")
    assert (b["accounts"], b["weighted_accounts"], b["status"]) == (5, 1.0, "under")
    # counted one by one, the same people look the other way round
    m = metrics(tmp_path / "x", books, rep_capacity={"min": 2, "max": 4}, load_weights=ONE_EACH)
    reps = {r["person"]: r for r in m["team"]["reps"]}
    assert (reps["rep-a"]["status"], reps["rep-b"]["status"]) == ("ok", "over")


def test_domain_worked_examples():
    assert extra_sales_to_recover(500, 2) == pytest.approx(25_000)
    assert extra_sales_to_recover(500, 5) == pytest.approx(10_000)
    assert months_until_profit_gone(10, 5) == pytest.approx(24)
    assert months_until_profit_gone(4, 12) == pytest.approx(4)
    assert extra_sales_to_recover(500, 0) is None
    assert months_until_profit_gone(10, 0) is None
    assert financing_cost(100_000, 5, 73) == pytest.approx(1000)


def test_receivables_aging_financing_and_write_off(tmp_path):
    extra = """\
net_margin: 10
credit: {limit: 150000}
receivables:
  - {invoice: A, amount: 100000, issued: 2026-08-01, due: 2026-09-08}      # 73 days overdue
  - {invoice: B, amount: 50000, issued: 2026-10-01, due: 2026-12-01}       # current
  - {invoice: C, amount: 20000, issued: 2026-05-01, due: 2026-06-01, paid: 2026-06-01}  # on the due date
  - {invoice: D, amount: 500, issued: 2025-01-01, due: 2025-02-01, written_off: 2025-12-31}
  - {invoice: E, amount: 10000, issued: 2026-01-01, due: 2026-07-01}       # 142 days overdue
"""
    m = metrics(tmp_path, {"a": account(extra=extra)}, borrowing_cost=5)
    rec = {r["invoice"]: r for r in m["credit"]["receivables"]}
    a = rec["A"]
    assert a["days_overdue"] == 73 and a["bucket"] == "61_90"
    assert a["financing_cost"] == pytest.approx(1000)
    assert a["profit_consumed_share"] == pytest.approx(0.1)  # 1000 of 10000 profit
    assert a["months_until_profit_gone"] == pytest.approx(24)
    assert rec["B"]["bucket"] == "current" and rec["B"]["days_overdue"] == 0
    assert rec["C"]["status"] == "paid" and rec["C"]["days_late"] == 0
    assert rec["D"]["extra_sales_to_recover"] == pytest.approx(5000)  # 500 at 10%
    assert rec["E"]["bucket"] == "over_90"
    ag = m["credit"]["aging"]
    assert ag["total"] == 160_000 and ag["overdue"] == 110_000 and ag["61_90"] == 100_000
    assert m["credit"]["over_limit"][0]["excess"] == pytest.approx(10_000)
    # DSO: 160,000 open over 180,000 invoiced in the last 365 days (A, B, C, E)
    assert m["credit"]["dso"] == pytest.approx(160_000 / 180_000 * 365)


def test_leap_year_days_overdue(tmp_path):
    extra = "receivables:\n  - {invoice: L, amount: 365, issued: 2024-01-01, due: 2024-02-28}\n"
    m = metrics(tmp_path, {"a": account(extra=extra)}, as_of="2024-03-01", borrowing_cost=10)
    r = m["credit"]["receivables"][0]
    assert r["days_overdue"] == 2  # 29 February exists in 2024
    assert r["financing_cost"] == pytest.approx(365 * 0.10 * 2 / 365)


def test_zero_margin_has_no_recovery_figure(tmp_path):
    extra = "net_margin: 0\nreceivables:\n  - {invoice: Z, amount: 100, issued: 2026-01-01, due: 2026-02-01, written_off: 2026-06-01}\n"
    m = metrics(tmp_path, {"a": account(extra=extra)})
    assert m["credit"]["receivables"][0]["extra_sales_to_recover"] is None


# ------------------------------------------------------------------ satisfaction, health


def test_satisfaction_trend_gap_and_complaints(tmp_path):
    extra = """\
surveys:
  - {date: 2025-06-01, satisfaction: 8, expectation: 9, experience: 8}
  - {date: 2026-06-01, satisfaction: 5, expectation: 9, experience: 5}
complaints:
  - {date: 2026-07-01, summary: 交付延迟}
  - {date: 2026-03-01, summary: 质量, resolved: 2026-03-10, outcome: 换货}
"""
    m = metrics(tmp_path, {"a": account(extra=extra)})
    s = m["satisfaction"]["accounts"][0]
    assert (s["latest"], s["trend"], s["gap"]) == (5, -3, 4)
    assert m["satisfaction"]["complaints"]["open_count"] == 1
    h = m["health"]["accounts"]["a"]
    codes = {r["code"]: r["points"] for r in h["reasons"]}
    assert codes["low_satisfaction"] == 15 and codes["satisfaction_falling"] == 5 and codes["open_complaint"] == 5
    assert h["score"] == 100 - sum(codes.values())


def test_health_is_bounded_and_explained(tmp_path):
    m = metrics(tmp_path, {"a": account(potential=30_000_000, revenue={2025: 6_000_000})})
    h = m["health"]["accounts"]["a"]
    assert 0 <= h["score"] <= 100
    assert sum(r["points"] for r in h["reasons"]) == 100 - h["score"]


def test_whitespace_grid_from_cells_and_deals(tmp_path):
    extra = """\
business_units: [华东厂, 华南厂]
whitespace:
  - {unit: 华东厂, offering: mes, status: sold}
opportunities:
  - {id: x, name: x, stage: proposal, amount: 1, close: 2026-12-01, unit: 华南厂, offering: iot}
"""
    m = metrics(tmp_path, {"a": account(extra=extra)})
    w = m["whitespace"]["accounts"][0]
    assert w["grid"] == {"华东厂": {"mes": "sold", "iot": "white"}, "华南厂": {"mes": "white", "iot": "pipeline"}}
    assert (w["sold"], w["pipeline"], w["white"]) == (1, 1, 2)


def test_same_input_same_figures(tmp_path):
    books = {"a": account(extra=DEALS), "b": account(revenue={2025: 5})}
    assert metrics(tmp_path, books) == metrics(tmp_path, books)


def test_every_number_is_finite_json(tmp_path):
    import json

    m = metrics(tmp_path, {"a": account(extra=DEALS)})
    text = json.dumps(m, allow_nan=False)  # raises on NaN / inf
    assert math.isfinite(len(text))


def test_opening_steps(tmp_path):
    books = {
        "a": account(lifecycle="potential", extra="opening_step: trust\n"),
        "b": account(lifecycle="new", extra="opening_step: trust\n"),
        "c": account(lifecycle="potential"),
        "d": account(lifecycle="stable"),
    }
    o = metrics(tmp_path, books)["opening"]
    assert o["by_step"]["trust"] == {"count": 2, "accounts": ["a", "b"]}
    assert o["by_step"]["analyse"]["count"] == 0
    assert o["not_set"] == 1  # c: being opened, no step; d is not being opened


def test_group_sums_are_the_sums_of_each_group_to_the_last_bit():
    """The forecast's and funnel's groups are summed without a frame per group: the very floats that
    summing each group's frame gives (numpy's pairwise order over more than eight values, a missing
    amount counted 0, a missing key a group of its own, last)."""
    import random

    import numpy as np
    import pandas as pd

    from kam.metrics.pipeline import _sums, group_sums

    rng = random.Random(7)
    n = 400
    df = pd.DataFrame(
        {
            "who": pd.array([rng.choice(["a", "b", "c", None]) for _ in range(n)], dtype="str"),
            "month": [rng.choice(["2026-01", "2026-02"]) for _ in range(n)],
            "amount_base": [rng.choice([np.nan, rng.uniform(0, 1e7), 0.1, 1e-9]) for _ in range(n)],
            "weighted": [rng.uniform(0, 1e6) / 3 for _ in range(n)],
        }
    )
    for keys in ("who", ["who", "month"]):
        want = [(k, _sums(g)) for k, g in df.groupby(keys, sort=True, dropna=False)]
        got = group_sums(df, keys)
        assert repr([k for k, _ in got]) == repr([k for k, _ in want])  # a missing key: NaN, never equal
        assert [s for _, s in got] == [s for _, s in want]
    assert group_sums(df.iloc[:0], "who") == []


def _pruned(part, whole, path="m") -> None:
    """part is whole with keys left out, at any depth: every value it keeps is whole's, in whole's order."""
    if isinstance(part, dict):
        assert isinstance(whole, dict), path
        assert list(part) == [k for k in whole if k in part], path
        for k, v in part.items():
            _pruned(v, whole[k], f"{path}.{k}")
    else:
        assert part == whole, path


def test_preview_figures_are_the_full_figures_but_those_no_preview_page_shows(tmp_path):
    # `kam serve --account` computes only what its pages show; every figure it does compute is the full one
    from kam.metrics import NOT_IN_PREVIEW, compute

    rev = {2024: 900_000, 2025: 1_200_000}
    book, settings = make(tmp_path, {"a": account("甲", revenue=rev, potential=5_000_000), "b": account("乙")})
    full, preview = compute(book, settings), compute(book, settings, preview=True)
    left_out = {"scorecard", "pyramid", "key_market", "posture", "opening", "loyalty"}
    assert left_out | {"review_due"} == NOT_IN_PREVIEW
    assert left_out <= set(full) and not left_out & set(preview)
    assert "review_due" in full["credit"] and "review_due" not in preview["credit"]
    # and the parts of the figures it computes that no preview page shows
    assert "by_rep" in full["pipeline"] and "by_rep" not in preview["pipeline"]
    assert "months" in full["forecast"] and set(preview["forecast"]) == {"this_month", "this_quarter", "past_due"}
    assert {"by_rep", "by_tier"} <= set(full["credit"]) and not {"by_rep", "by_tier"} & set(preview["credit"])
    assert list(preview["team"]) == ["accountability"] and "reps" in full["team"]
    assert "measures_by_account" in full["plan"] and "measures_by_account" not in preview["plan"]
    _pruned(preview, full)
    assert preview["alerts"] == {k: v for k, v in full["alerts"].items() if k != "credit_review_due"}
    assert list(preview["accounts"])[-1] == "items"
