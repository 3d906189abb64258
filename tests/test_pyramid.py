"""The inverted pyramid: effort (time, people, money) per group of customers against their revenue, by hand.

As of 2026-11-20 the effort window is 2025-11-21 .. 2026-11-20 and the current-value year is 2025.
"""

from __future__ import annotations

import pytest

from books import account, metrics


def acts(*rows: str) -> str:
    return "activities:\n" + "".join(f"  - {{{r}}}\n" for r in rows)


def book() -> dict[str, str]:
    return {
        # the top customer (1 of 5: 20% rounded up): 4 activities in the window, 6 person-activities;
        # one on the window's first day minus one (2025-11-20, outside) and one after the report date
        "a": account("A", revenue={2025: 1000}, extra="tier: major\n")
        + acts(
            "date: 2026-10-01, kind: visit, by: [rep-a, boss]",
            "date: 2026-10-02, kind: visit, by: [rep-a, boss]",
            "date: 2026-10-03, kind: call, by: [rep-a]",
            "date: 2025-11-21, kind: call, by: [rep-a]",
            "date: 2025-11-20, kind: call, by: [rep-a, rep-b, boss]",
            "date: 2026-11-21, kind: call, by: [rep-a, rep-b, boss]",
        ),
        "b": account("B", revenue={2025: 400}, extra="tier: named\n")
        + acts("date: 2026-06-01, kind: call, by: [rep-a]"),
        "c": account("C", revenue={2025: 300}) + acts("date: 2026-06-01, kind: call", "date: 2026-06-02, kind: email"),
        "d": account("D", revenue={2025: 200}) + acts("date: 2026-06-01, kind: call, by: [rep-b]"),
        "e": account("E", "rep-b", revenue={2025: 100})
        + acts("date: 2026-06-01, kind: call, by: [rep-b]", "date: 2026-06-03, kind: call, by: [rep-b]"),
        # the importer's pool: neither its revenue nor its effort is a customer's
        "pool": account("未分配", None, revenue={2025: 999})
        + "placeholder: true\n"
        + acts(*["date: 2026-06-01, kind: call, by: [rep-a]"] * 5),
    }


def with_expense(text: str, amount: int, expense: int) -> str:
    return text.replace(f"amount: {amount}}}", f"amount: {amount}, selling_expense: {expense}}}")


def test_top20_and_the_rest_against_their_revenue(tmp_path):
    b = book()
    b["a"] = with_expense(b["a"], 1000, 50)
    b["b"] = with_expense(b["b"], 400, 30)
    p = metrics(tmp_path, b)["pyramid"]
    # customers a..e: revenue 2000; time 4+1+2+1+2 = 10; people 6+1+0+1+2 = 10; money 50+30 = 80
    assert p["totals"] == {"accounts": 5, "revenue": 2000.0, "time": 10, "people": 10, "money": 80.0}
    top = p["top20"]
    # a alone: revenue 1000/2000, time 4/10, people 6/10, money 50/80
    assert (top["accounts"], top["revenue_share"], top["time_share"], top["people_share"]) == (1, 0.5, 0.4, 0.6)
    assert top["money_share"] == pytest.approx(0.625)
    assert top["meets_target"] == {"time": False, "people": False, "money": False}  # 80% by default
    rest = p["rest"]
    assert (rest["accounts"], rest["time"], rest["people"], rest["money"]) == (4, 6, 4, 30.0)
    assert (p["effort_window_days"], p["year"], p["target"]) == (365, 2025, 0.8)


def test_per_tier_and_the_target_from_policy(tmp_path):
    p = metrics(tmp_path, book(), top20_effort_target=50.0)["pyramid"]
    # a major (manual), b named (manual), c d e mass (computed: no potential, little revenue)
    major, named, mass = (p["by_tier"][t] for t in ("major", "named", "mass"))
    assert (major["accounts"], major["time"], major["people"]) == (1, 4, 6)
    assert (named["accounts"], named["time"], named["people"]) == (1, 1, 1)
    # c, d, e: revenue 600 of 2000, time 5 of 10, people 3 of 10
    assert (mass["revenue_share"], mass["time_share"], mass["people_share"]) == (0.3, 0.5, 0.3)
    assert p["by_tier"]["non_named"]["accounts"] == 0 and p["by_tier"]["non_named"]["time_share"] == 0.0
    # no selling expense written: no money share to give
    assert p["totals"]["money"] == 0.0 and p["top20"]["money_share"] is None
    assert p["top20"]["meets_target"] == {"time": False, "people": True, "money": None}
