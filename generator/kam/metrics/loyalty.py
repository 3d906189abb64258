"""Loyalty as behaviour, satisfaction as a rate, and credit limits due for review.

Satisfaction is a state, loyalty is behaviour (DOMAIN.md §9): a customer who bought last year and
buys again this year is retained; one who stops has churned.  Both are counted on customers only
(no placeholder pool), from revenue as of the report date:

- base: customers with revenue in the year before the current-value year (P);
- retained: of those, the ones with revenue in the current-value year (C); churned: the others;
- retention = retained / base, churn = 1 - retention;
- repeat purchase = retained / customers with revenue in C (how many of this year's buyers bought before).

Satisfaction rate: of the customers surveyed by the report date, the share whose latest survey scores
at least the policy's ``satisfied_score`` (one voice per customer), against ``satisfaction_target``.
"""

from __future__ import annotations

import pandas as pd

from ..labels import values
from .base import Frames


def _rates(g: pd.DataFrame) -> dict:
    before = g["previous"].fillna(0) > 0
    now = g["current"].fillna(0) > 0
    base, retained, buyers = int(before.sum()), int((before & now).sum()), int(now.sum())
    return {
        "base": base,
        "retained": retained,
        "churned": base - retained,
        "buyers": buyers,
        "retention": retained / base if base else None,
        "churn": (base - retained) / base if base else None,
        "repeat": retained / buyers if buyers else None,
    }


def loyalty(f: Frames) -> dict:
    acc = f.acc[f.acc["customer"]]
    churned = acc[(acc["previous"].fillna(0) > 0) & ~(acc["current"].fillna(0) > 0)]
    by_rep = {str(pid): _rates(g) for pid, g in acc.groupby("owner", sort=True)}
    return {
        "years": {"previous": f.last_year - 1, "current": f.last_year},
        "overall": _rates(acc),
        "by_tier": {t: _rates(acc[acc["tier_eff"] == t]) for t in values("tier")},
        "by_rep": by_rep,
        "churned": [
            {
                "account": aid,
                "name": r["name"],
                "tier": r["tier_eff"],
                "owner": None if pd.isna(r["owner"]) else r["owner"],
                "previous": float(r["previous"]),
            }
            for aid, r in churned.sort_values("previous", ascending=False).iterrows()
        ],
        "satisfaction": satisfaction_rate(f),
    }


def satisfaction_rate(f: Frames) -> dict:
    p = f.policy
    sv = f.surveys[f.surveys["account"].isin(f.acc.index[f.acc["customer"]])]
    latest = sv.sort_values(["account", "date"]).groupby("account").tail(1)
    surveyed = len(latest)
    satisfied = int((latest["satisfaction"] >= p.satisfied_score).sum())
    rate = satisfied / surveyed if surveyed else None
    return {
        "threshold": p.satisfied_score,
        "target": p.satisfaction_target / 100.0,
        "surveyed": surveyed,
        "satisfied": satisfied,
        "rate": rate,
        "meets_target": None if rate is None else rate >= p.satisfaction_target / 100.0,
    }


def credit_reviews(f: Frames) -> list[dict]:
    """Credit limits whose last review is older than the policy's days, or never reviewed."""
    acc = f.acc[f.acc["customer"] & f.acc["credit.limit"].notna()]
    days = f.policy.credit_review_days
    reviewed = acc["credit.reviewed"]
    age = (f.ts - reviewed).dt.days
    due = acc[reviewed.isna() | (age > days)]
    return [
        {
            "account": aid,
            "name": r["name"],
            "owner": None if pd.isna(r["owner"]) else r["owner"],
            "limit": float(r["credit.limit"] * r["rate"]),  # in the base currency
            "reviewed": None if pd.isna(r["credit.reviewed"]) else r["credit.reviewed"].date().isoformat(),
            "days": None if pd.isna(age.get(aid)) else int(age[aid]),
        }
        for aid, r in due.sort_values("name", kind="stable").iterrows()  # two of one name: in the book's order
    ]
