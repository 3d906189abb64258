"""Satisfaction (a state) and loyalty (behaviour); complaints; lost customers and their reviews."""

from __future__ import annotations

from ..labels import values
from .base import Frames
from .util import records


def satisfaction(f: Frames) -> dict:
    sv = f.surveys.sort_values(["account", "date"])
    rows = records(
        sv,
        {
            "account": "account",
            "date": "date",
            "satisfaction": "satisfaction",
            "expectation": "expectation",
            "experience": "experience",
        },
    )
    per: dict[str, list[dict]] = {}
    for r in rows:
        r["gap"] = (
            r["expectation"] - r["experience"] if r["expectation"] is not None and r["experience"] is not None else None
        )
        per.setdefault(r.pop("account"), []).append(r)
    names, tiers = f.acc["name"].to_dict(), f.acc["tier_eff"].to_dict()
    accounts = []
    for aid, s in per.items():
        latest = s[-1]
        prev = s[-2] if len(s) > 1 else None
        accounts.append(
            {
                "account": aid,
                "name": names[aid],
                "tier": tiers[aid],
                "latest": latest["satisfaction"],
                "latest_date": latest["date"],
                "previous": prev["satisfaction"] if prev else None,
                "trend": latest["satisfaction"] - prev["satisfaction"] if prev else None,
                "gap": latest["gap"],
                "surveys": s,
            }
        )
    by_tier = {}
    for t in values("tier"):
        rows = [a for a in accounts if a["tier"] == t]
        gaps = [a["gap"] for a in rows if a["gap"] is not None]
        trends = [a["trend"] for a in rows if a["trend"] is not None]
        by_tier[t] = {
            "accounts": len(rows),
            "satisfaction": sum(a["latest"] for a in rows) / len(rows) if rows else None,
            "gap": sum(gaps) / len(gaps) if gaps else None,
            "trend": sum(trends) / len(trends) if trends else None,
        }
    c = f.complaints.sort_values(["date", "account"])
    cols = {
        "account": "account",
        "date": "date",
        "summary": "summary",
        "severity": "severity",
        "resolved": "resolved",
        "outcome": "outcome",
    }
    open_c = records(c[c["resolved"].isna()], cols)
    closed_c = records(c[c["resolved"].notna()], cols)
    lost = f.acc[f.acc["lost.date"].notna()].sort_index()
    lost_rows = records(
        lost, {"id": "account", "name": "name", "lost.date": "date", "lost.reason": "reason", "lost.review": "review"}
    )
    for r in lost_rows:
        r["has_review"] = bool(r["review"])
    loyal = f.acc
    return {
        "accounts": accounts,
        "by_tier": by_tier,
        "complaints": {
            "open": open_c,
            "closed": closed_c,
            "open_count": len(open_c),
            "closed_count": len(closed_c),
            "closed_without_outcome": sum(1 for r in closed_c if not r["outcome"]),
        },
        "lost": {
            "accounts": lost_rows,
            "with_review": sum(r["has_review"] for r in lost_rows),
            "without_review": sum(not r["has_review"] for r in lost_rows),
        },
        "loyalty": {
            "repeat_purchase": int((loyal["loyalty.repeat_purchase"] == True).sum()),  # noqa: E712
            "exclusive": int((loyal["loyalty.exclusive"] == True).sum()),  # noqa: E712
            "referrals": int(loyal["loyalty.referrals"].fillna(0).sum()),
        },
    }
