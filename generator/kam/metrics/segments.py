"""80/20, value tiers and coverage, the attack/defend model and resource allocation."""

from __future__ import annotations

import math
from typing import TypedDict

import pandas as pd

from kam.book.policy import KEY_TIERS

from ..labels import values
from .base import Frames
from .util import records


class StepCount(TypedDict):
    count: int
    accounts: list[str]


COVERAGE_MODEL = {"major": "one_to_one", "named": "one_to_few", "non_named": "one_to_many", "mass": "call_centre"}
TARGET_KIND = {"major": "share_of_wallet", "named": "share_of_wallet", "non_named": "revenue", "mass": "revenue"}


def ranked(f: Frames) -> pd.DataFrame:
    """Customers by current value, highest first (ties by id): the order of the Pareto curve."""
    return f.acc[f.acc["customer"]].sort_values(["current", "id"], ascending=[False, True])


def top20_count(n: int) -> int:
    """How many customers are the top 20%: rounded up, so one customer of three is a top customer."""
    return math.ceil(0.2 * n)


def pareto(f: Frames) -> dict:
    """Customers ranked by current value; share of the top ceil(20%); how many make 80%.

    Placeholders are not customers and are left out; prospects with no revenue are customers of the book
    (they are ranked last, with 0), as they are in the tiers.
    """
    acc = ranked(f)
    n = len(acc)
    total = float(acc["current"].sum())
    top_n = top20_count(n)
    rows = []
    cum = 0.0
    accounts_for_80 = None
    for rank, (aid, name, rev) in enumerate(zip(acc["id"], acc["name"], acc["current"]), start=1):
        cum += rev
        share = cum / total if total > 0 else None
        if accounts_for_80 is None and share is not None and share >= 0.8 - 1e-12:
            accounts_for_80 = rank
        rows.append(
            {
                "rank": rank,
                "account": aid,
                "name": name,
                "revenue": rev,
                "share": rev / total if total > 0 else None,
                "cumulative_share": share,
                "cumulative_accounts_share": rank / n,
                "top20": rank <= top_n,
            }
        )
    top_rev = float(acc["current"].head(top_n).sum())
    cut_ties = 0
    if 0 < top_n < n:
        cut_value = acc["current"].iloc[top_n - 1]
        cut_ties = int((acc["current"] == cut_value).sum())
    key_count = int(f.acc["key"].sum())
    return {
        "year": f.last_year,
        "accounts": n,
        "total_revenue": total,
        "top20_count": top_n,
        "top20_revenue": top_rev,
        "top20_share": top_rev / total if total > 0 else None,
        "accounts_for_80": accounts_for_80,
        "ties_at_cut": cut_ties if cut_ties > 1 else 0,
        "curve": rows,
        "key_accounts": key_count,
        "key_team_threshold": f.policy.key_team_threshold,
        "key_team_advised": key_count >= f.policy.key_team_threshold,
    }


def tiers(f: Frames) -> dict:
    acc, opp = f.acc, f.opp
    total = float(acc["current"].sum())
    open_opp = opp[opp["open"]]
    rollup = {}
    for t in values("tier"):
        a = acc[acc["tier_eff"] == t]
        o = open_opp[open_opp["tier"] == t]
        rollup[t] = {
            "count": len(a),
            "revenue": float(a["current"].sum()),
            "revenue_share": float(a["current"].sum()) / total if total > 0 else None,
            "ytd_revenue": float(a["ytd"].sum()),
            "potential": float(a["potential_base"].sum()),
            "share_of_wallet": (
                float(a["current"].sum()) / float(a["potential_base"].sum()) if a["potential_base"].sum() > 0 else None
            ),
            "open_pipeline": float(o["amount_base"].sum()),
            "weighted_pipeline": float(o["weighted"].sum()),
            "open_opportunities": len(o),
            "coverage_model": COVERAGE_MODEL[t],
            "coverage_max_per_rep": f.policy.coverage[t],
            "target_kind": TARGET_KIND[t],
        }
    # coverage compliance: accounts of each tier per owning rep against the policy's maximum
    violations = []
    owned = acc[acc["owner"].notna()]
    counts = owned.groupby(["owner", "tier_eff"]).size()
    for (owner, t), n in sorted(counts.items()):
        cap = f.policy.coverage[t]
        if n > cap:
            violations.append({"person": owner, "tier": t, "accounts": int(n), "max": cap})
    for t in rollup:
        bad = [v for v in violations if v["tier"] == t]
        rollup[t]["coverage_compliant"] = not bad
        rollup[t]["coverage_violations"] = len(bad)
    mismatch = acc[acc["tier"].notna() & (acc["tier"] != acc["tier_computed"])]
    disagreements = [
        {
            "account": aid,
            "name": r["name"],
            "manual": r["tier"],
            "computed": r["tier_computed"],
            "revenue": r["current"],
            "potential": r["potential_base"],
        }
        for aid, r in mismatch.iterrows()
    ]
    return {
        "rollup": rollup,
        "coverage_violations": violations,
        "disagreements": disagreements,
        "key_tiers": list(KEY_TIERS),
    }


def posture(f: Frames, window_days: int = 365) -> dict:
    """Accounts per posture; resource plan (time, people, money) against effort logged."""
    acc = f.acc
    start = f.ts - pd.Timedelta(days=window_days)
    act = f.act[(f.act["date"] > start) & (f.act["date"] <= f.ts)]
    people_n = act["by"].map(lambda v: len(v) if isinstance(v, tuple) else 0)
    expense = acc["current_expense"].fillna(0.0)
    postures = values("posture")
    plan = f.policy.allocation
    totals = {u: sum(plan[p][u] for p in postures) for u in ("time", "people", "money")}
    actual_totals = {"time": len(act), "people": int(people_n.sum()), "money": float(expense.sum())}
    out = {}
    for p in postures:
        a = acc[acc["posture"] == p]
        mask = act["posture"] == p
        actual = {
            "time": int(mask.sum()),
            "people": int(people_n[mask].sum()),
            "money": float(expense[acc["posture"] == p].sum()),
        }
        units = {}
        for u in ("time", "people", "money"):
            plan_share = plan[p][u] / totals[u] if totals[u] else None
            actual_share = actual[u] / actual_totals[u] if actual_totals[u] else None
            units[u] = {
                "plan_units": plan[p][u],
                "plan_share": plan_share,
                "actual": actual[u],
                "actual_share": actual_share,
                "difference": (actual_share - plan_share)
                if plan_share is not None and actual_share is not None
                else None,
            }
        out[p] = {
            "count": len(a),
            "revenue": float(a["current"].sum()),
            "potential": float(a["potential_base"].sum()),
            "accounts": sorted(a["id"]),
            "allocation": units,
        }
    points = records(
        acc.sort_index(),
        {
            "id": "account",
            "name": "name",
            "potential_base": "potential",
            "share": "share",
            "posture": "posture",
            "tier_eff": "tier",
            "current": "revenue",
        },
    )
    # a plan that says abandon outside the low/low quadrant is shown, not silently applied or dropped
    said = acc[acc["customer"] & acc["plan.abandon"].fillna(False).astype(bool) & (acc["posture"] != "abandon")]
    abandon_elsewhere = records(said.sort_index(), {"id": "account", "name": "name", "posture": "posture"})
    return {
        "by_posture": out,
        "abandon_elsewhere": abandon_elsewhere,
        "thresholds": {
            "potential_high": f.policy.posture["potential_high"],
            "share_high": f.policy.posture["share_high"] / 100.0,
        },
        "effort_window_days": window_days,
        "effort_measures": {
            "time": "activities",
            "people": "people_on_activities",
            "money": "selling_expense_last_year",
        },
        "matrix": points,
    }


def opening(f: Frames) -> dict:
    """Accounts being opened by the six steps (each tied to a purchase factor), DOMAIN.md section 3."""
    acc = f.acc.sort_index()
    steps = values("opening_step")
    has = acc[acc["opening_step"].notna()]
    rows = records(
        has,
        {
            "id": "account",
            "name": "name",
            "opening_step": "step",
            "lifecycle": "lifecycle",
            "owner": "owner",
            "posture": "posture",
        },
    )
    by_step: dict[str, StepCount] = {s: {"count": 0, "accounts": []} for s in steps}
    for r in rows:
        by_step[r["step"]]["count"] += 1
        by_step[r["step"]]["accounts"].append(r["account"])
    being_opened = acc["lifecycle"].isin(["potential", "new"])
    return {"by_step": by_step, "accounts": rows, "not_set": int((being_opened & acc["opening_step"].isna()).sum())}
