"""One explainable health score per account (0-100), and the per-account summary rows.

The score starts at 100 and loses the points of every signal that applies;
each lost point is listed as a reason.  The rules (code: points) are below,
in one place, and documented in docs/methodology.md.
"""

from __future__ import annotations

from typing import TypedDict

from kam.values import plain

from .base import Frames
from .team import last_activity
from .util import records

# code -> points deducted.  Capped rules (per item) give their cap in the second slot.
RULES: dict[str, tuple[int, int]] = {
    "no_recent_activity": (20, 20),  # no activity within the tier's stale days
    "stalled_deal": (10, 20),  # each stalled open deal, at most 20
    "overdue_over_90": (20, 20),  # a receivable more than 90 days overdue
    "overdue_31_90": (10, 10),  # a receivable 31-90 days overdue
    "over_credit_limit": (10, 10),
    "opposing_decision_maker": (15, 15),
    "single_threaded": (10, 10),
    "low_satisfaction": (15, 15),  # latest satisfaction below 6 of 10
    "satisfaction_falling": (5, 5),
    "open_complaint": (5, 10),  # each open complaint, at most 10
    "competitor_threat": (10, 10),  # a competitor active or winning business
    "overdue_action": (5, 10),  # each overdue plan action, at most 10
    "deal_not_covered": (5, 10),  # each open key deal missing part of 1+2+1, at most 10
}
LOW_SATISFACTION = 6.0


class Reason(TypedDict):
    code: str
    count: int
    points: int


class Score(TypedDict):
    """An account's health: 100 less the points its signals cost, and why."""

    score: int
    reasons: list[Reason]


def health_and_items(f: Frames, m: dict) -> tuple[dict, list[dict]]:
    """Uses figures already computed (m: the metrics so far) so each signal has one definition."""
    counts: dict[str, dict[str, int]] = {aid: {} for aid in f.acc.index}

    def hit(aid, code, n=1):
        if aid in counts:
            counts[aid][code] = counts[aid].get(code, 0) + n

    last = last_activity(f)
    for aid, la, tier in zip(f.acc.index, last, f.acc["tier_eff"]):
        if tier not in f.policy.stale_days:  # a placeholder has no tier, so no expected contact
            continue
        idle = (f.ts - la).days if la == la else None
        if idle is None or idle > f.policy.stale_days[tier]:
            hit(aid, "no_recent_activity")
    for s in m["progress"]["stalled"]:
        hit(s["account"], "stalled_deal")
    for r in m["credit"]["receivables"]:
        # 1-30 days overdue costs no points: only the longer delays are a health signal
        if r["status"] == "overdue" and r["days_overdue"] > 30:
            hit(r["account"], "overdue_over_90" if r["days_overdue"] > 90 else "overdue_31_90")
    for r in m["credit"]["over_limit"]:
        hit(r["account"], "over_credit_limit")
    for r in m["relationships"]["opposing_decision_makers"]:
        hit(r["account"], "opposing_decision_maker")
    for r in m["relationships"]["single_threaded"]:
        hit(r["account"], "single_threaded")
    for r in m["relationships"]["deals"]:
        if not r["covered"]:
            hit(r["account"], "deal_not_covered")
    for r in m["satisfaction"]["accounts"]:
        if r["latest"] is not None and r["latest"] < LOW_SATISFACTION:
            hit(r["account"], "low_satisfaction")
        if r["trend"] is not None and r["trend"] < 0:
            hit(r["account"], "satisfaction_falling")
    for r in m["satisfaction"]["complaints"]["open"]:
        hit(r["account"], "open_complaint")
    threat = f.competitors[f.competitors["status"].isin(["active", "won_business"])]
    for aid in set(threat["account"]):
        hit(aid, "competitor_threat")
    for r in m["plan"]["overdue"]:
        hit(r["account"], "overdue_action")

    scores: dict[str, Score] = {}
    for aid, c in counts.items():
        reasons: list[Reason] = []
        total = 0
        for code, (points, cap) in RULES.items():
            n = c.get(code, 0)
            if n:
                lost = min(points * n, cap)
                total += lost
                reasons.append({"code": code, "count": n, "points": lost})
        scores[aid] = {"score": max(0, 100 - total), "reasons": reasons}

    opp = f.opp[f.opp["open"]]
    pipe = opp.groupby("account")["amount_base"].sum()
    weighted = opp.groupby("account")["weighted"].sum()
    people = f.people["name"].to_dict() if len(f.people) else {}
    acc = f.acc.sort_index()
    rows = records(
        acc,
        {
            c: c
            for c in (
                "id",
                "name",
                "_file",
                "owner",
                "sponsor",
                "team",
                "industry",
                "region",
                "lifecycle",
                "tier_eff",
                "tier_computed",
                "tier",
                "key",
                "posture",
                "currency_eff",
                "potential_base",
                "current",
                "previous",
                "ytd",
                "share",
                "net_margin_eff",
                "lost.date",
            )
        },
    )
    items = []
    for a, la in zip(rows, last.reindex(acc.index)):
        aid = a["id"]
        flags = [r["code"] for r in scores[aid]["reasons"]]
        if a["tier"] is not None and a["tier"] != a["tier_computed"]:
            flags.append("tier_mismatch")
        if a["owner"] is None:
            flags.append("unowned")
        if a["lost.date"] is not None:
            flags.append("lost")
        items.append(
            {
                "id": aid,
                "name": a["name"],
                "file": a["_file"],
                "owner": a["owner"],
                "owner_name": people.get(a["owner"]),
                "sponsor": a["sponsor"],
                "team": a["team"],
                "industry": a["industry"],
                "region": a["region"],
                "lifecycle": a["lifecycle"],
                "tier": a["tier_eff"],
                "tier_computed": a["tier_computed"],
                "tier_manual": a["tier"],
                "key": a["key"],
                "posture": a["posture"],
                "currency": a["currency_eff"],
                "potential": a["potential_base"],
                "revenue": a["current"],
                "revenue_previous": a["previous"],
                "revenue_ytd": a["ytd"],
                "share": a["share"],
                "net_margin": a["net_margin_eff"],
                "open_pipeline": float(pipe.get(aid, 0.0)),
                "weighted_pipeline": float(weighted.get(aid, 0.0)),
                "last_activity": plain(la),
                "days_since_activity": int((f.ts - la).days) if la == la else None,
                "health": scores[aid]["score"],
                "flags": flags,
            }
        )
    key = list(acc.index[acc["key"]])
    health = {
        "rules": {code: {"points": p, "cap": c} for code, (p, c) in RULES.items()},
        "low_satisfaction": LOW_SATISFACTION,
        "accounts": {aid: scores[aid] for aid in acc.index},
        "key_average": (sum(scores[a]["score"] for a in key) / len(key)) if key else None,
    }
    return health, items
