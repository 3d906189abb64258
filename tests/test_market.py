"""Our share of the key-account market, worked by hand (as of 2026-11-20 the current value is 2025's revenue)."""

from __future__ import annotations

import pytest

from books import account, metrics


def book() -> dict[str, str]:
    return {
        "a": account("A", potential=10_000, revenue={2025: 3000}),  # key: 30% of its spend
        "b": account("B", potential=2000, revenue={2025: 1000}),  # exactly the threshold: key, 50%
        "c": account("C", potential=0, revenue={2025: 1000}),  # key, its spend unknown
        "d": account("D", potential=5000, revenue={2025: 999}),  # just under
        "e": account("E", potential=5000, revenue={2024: 5000}),  # big the year before, nothing in 2025
        "pool": account("未分配", None, revenue={2025: 9999}) + "placeholder: true\n",  # not a customer
    }


def test_revenue_share_and_share_of_their_spend(tmp_path):
    k = metrics(tmp_path, book(), key_market_revenue=1000)["key_market"]
    # customers a..e: revenue 3000 + 1000 + 1000 + 999 = 5999, of which a, b, c bring 5000
    assert (k["year"], k["threshold"], k["customers"], k["accounts"]) == (2025, 1000, 5, 3)
    assert (k["revenue"], k["total_revenue"]) == (5000.0, 5999.0)
    assert k["revenue_share"] == pytest.approx(5000 / 5999)
    # spend known for a and b: 12,000, of which we have 4000; c's is unknown
    assert (k["potential"], k["headroom"], k["without_potential"]) == (12_000.0, 8000.0, 1)
    assert k["share_of_wallet"] == pytest.approx(1 / 3)
    assert [(r["account"], r["share"]) for r in k["list"]] == [("a", 0.3), ("b", 0.5), ("c", None)]


def test_the_default_threshold_and_an_empty_market(tmp_path):
    k = metrics(tmp_path, book())["key_market"]
    # 5,000,000 by default: nobody here is that big
    assert (k["threshold"], k["accounts"], k["revenue_share"], k["share_of_wallet"], k["list"]) == (
        5_000_000,
        0,
        0.0,
        None,
        [],
    )
