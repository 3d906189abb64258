"""The inverted pyramid: how much of the effort goes to the few customers who bring most revenue.

DOMAIN.md §1: resources are allocated as an inverted pyramid, about 80% of them to the top 20% of
customers.  Effort is what the book logs, over the last ``WINDOW_DAYS`` days to the report date:

- time: activities (the activity record has no duration, so each one counts once);
- people: person-activities (each of our people on an activity counts once);
- money: selling expense of the current-value year (``revenue[].selling_expense``; the activity record
  has no cost).

Each group (the top 20% of customers as the Pareto curve ranks them, the other 80%, and each tier)
gets its share of every measure beside its share of revenue.  Customers only: a placeholder pool is
not a customer, so neither its revenue nor the effort logged on it is counted.
"""

from __future__ import annotations

import pandas as pd

from ..labels import values
from .base import Frames
from .segments import ranked, top20_count

WINDOW_DAYS = 365
MEASURES = ("time", "people", "money")


def effort(f: Frames, window_days: int = WINDOW_DAYS) -> pd.DataFrame:
    """Per account: time (activities), people (person-activities) in the window, money (selling expense)."""
    start = f.ts - pd.Timedelta(days=window_days)
    act = f.act[(f.act["date"] > start) & (f.act["date"] <= f.ts)]
    people = act["by"].map(lambda v: len(v) if isinstance(v, tuple) else 0)
    out = pd.DataFrame(index=f.acc.index)
    out["time"] = act.groupby("account").size().reindex(out.index).fillna(0).astype(int)
    out["people"] = people.groupby(act["account"]).sum().reindex(out.index).fillna(0).astype(int)
    out["money"] = f.acc["current_expense"].fillna(0.0)
    out["revenue"] = f.acc["current"]
    return out


def _group(e: pd.DataFrame, totals: dict) -> dict:
    """Counts and sums of a group of accounts, each with its share of the customers' total."""
    out: dict = {}
    for k in ("accounts", "revenue", *MEASURES):
        v = len(e) if k == "accounts" else e[k].sum()
        v = float(v) if k in ("revenue", "money") else int(v)
        out[k] = v
        out[k + "_share"] = v / totals[k] if totals[k] else None
    return out


def pyramid(f: Frames) -> dict:
    """Effort and revenue shares of the top 20% of customers, the rest, and each tier."""
    acc = ranked(f)
    e = effort(f).loc[acc.index]
    totals = {"accounts": len(e), "revenue": float(e["revenue"].sum())}
    totals.update({"time": int(e["time"].sum()), "people": int(e["people"].sum()), "money": float(e["money"].sum())})
    n_top = top20_count(len(acc))
    top, rest = e.iloc[:n_top], e.iloc[n_top:]
    tier = acc["tier_eff"]
    target = f.policy.top20_effort_target / 100.0
    top_group = _group(top, totals)
    top_group["meets_target"] = {
        u: None if top_group[u + "_share"] is None else top_group[u + "_share"] >= target for u in MEASURES
    }
    return {
        "effort_window_days": WINDOW_DAYS,
        "year": f.last_year,
        "effort_measures": {"time": "activities", "people": "people_on_activities", "money": "selling_expense"},
        "target": target,
        "totals": totals,
        "top20": top_group,
        "rest": _group(rest, totals),
        "by_tier": {t: _group(e[tier == t], totals) for t in values("tier")},
    }
