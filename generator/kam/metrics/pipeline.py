"""The funnel, won business, the monthly forecast, qualification gaps and stalled deals."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from kam.book.policy import OPEN_STAGES

from ..labels import values
from .base import Frames
from .util import DEAL, records

QUESTIONS = ("real", "compete", "win", "worth")
PAST_INTENT = ("proposal", "negotiation")


def _sums(df: pd.DataFrame) -> dict:
    return {"count": len(df), "amount": float(df["amount_base"].sum()), "weighted": float(df["weighted"].sum())}


def group_sums(df: pd.DataFrame, keys) -> list[tuple[Any, dict]]:  # key: a value, or a tuple for many keys
    """(key, _sums of the group) for each group of df by keys, in groupby's order (sorted, missing last).

    The same figures as _sums on each group (numpy's sum of the group's values in their order, a
    missing value counted 0, as pandas sums), without making a frame for each of hundreds of groups.
    """
    if df.empty:
        return []
    gb = df.groupby(keys, sort=True, dropna=False)
    codes = gb.ngroup().to_numpy()
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(gb.ngroups + 1))
    amount, weighted = (np.nan_to_num(df[c].to_numpy(dtype=float), nan=0.0, posinf=np.inf, neginf=-np.inf)
                        for c in ("amount_base", "weighted"))  # fmt: skip
    out = []
    for k, lo, hi in zip(gb.size().index, bounds[:-1], bounds[1:]):
        rows = order[lo:hi]
        out.append(
            (k, {"count": int(hi - lo), "amount": float(amount[rows].sum()), "weighted": float(weighted[rows].sum())})
        )
    return out


def _key(k) -> str:
    return "" if k is None or k != k else str(k)


def _group(df: pd.DataFrame, key: str) -> dict:
    return {_key(k): sums for k, sums in group_sums(df, key)}


def _reached(opp: pd.DataFrame) -> pd.DataFrame:
    """For each deal and open stage: did it reach that stage (its stage, its history, or won)?"""
    order = {s: i for i, s in enumerate(OPEN_STAGES)}
    idx = opp["stage"].map(lambda s: len(OPEN_STAGES) if s == "won" else order.get(s, -1))
    out = pd.DataFrame(index=opp.index)
    for i, s in enumerate(OPEN_STAGES):
        hist = opp[f"stage_dates.{s}"].notna()
        later = pd.Series(False, index=opp.index)
        for s2 in OPEN_STAGES[i + 1 :]:
            later |= opp[f"stage_dates.{s2}"].notna()
        out[s] = (idx >= i) | hist | later | (i == 0)
    out["won"] = opp["stage"] == "won"
    return out


def funnel(f: Frames) -> dict:
    opp = f.opp
    open_ = opp[opp["open"]]
    by_stage = {}
    for s in values("stage"):
        g = opp[opp["stage"] == s]
        by_stage[s] = {
            "count": len(g),
            "amount": float(g["amount_base"].sum()),
            # amount x probability in every stage: a won deal at 100% weighs its whole amount (the weighted
            # pipeline, open deals only, is pipeline.weighted_amount)
            "weighted": float((g["amount_base"] * g["probability_eff"] / 100.0).sum()),
            "probability": f.policy.stages[s],
        }
    head = {
        "by_stage": by_stage,
        "open_count": len(open_),
        "open_amount": float(open_["amount_base"].sum()),
    }
    if f.preview:  # a preview's pages show the stages and the open total
        return head
    reached = _reached(opp)
    conversion = []
    steps = list(OPEN_STAGES) + ["won"]
    for a, b in zip(steps, steps[1:]):
        na, nb = int(reached[a].sum()), int(reached[b].sum())
        conversion.append({"from": a, "to": b, "reached_from": na, "reached_to": nb, "rate": nb / na if na else None})
    won = opp[opp["stage"] == "won"]
    lost = opp[opp["stage"] == "lost"]
    closed = len(won) + len(lost)
    cycle = (won["close"] - won["created"]).dt.days.dropna()
    time_in_stage = {}
    for i, s in enumerate(OPEN_STAGES):
        start = opp[f"stage_dates.{s}"]
        nxt = pd.Series(pd.NaT, index=opp.index, dtype="datetime64[ns]")
        for s2 in list(OPEN_STAGES[i + 1 :]) + ["won", "lost"]:
            nxt = nxt.fillna(opp[f"stage_dates.{s2}"])
        # a deal still in this stage has been there until the report date
        end = nxt.copy()
        end[nxt.isna() & (opp["stage"] == s)] = f.ts
        days = (end - start).dt.days.dropna()
        time_in_stage[s] = {
            "deals": int(len(days)),
            "mean_days": float(days.mean()) if len(days) else None,
            "median_days": float(days.median()) if len(days) else None,
        }
    return {
        **head,
        "weighted_amount": float(open_["weighted"].sum()),
        "conversion": conversion,
        "win_rate": len(won) / closed if closed else None,
        "win_rate_amount": (
            float(won["amount_base"].sum()) / float(won["amount_base"].sum() + lost["amount_base"].sum())
            if closed and (won["amount_base"].sum() + lost["amount_base"].sum()) > 0
            else None
        ),
        "average_deal_size": float(won["amount_base"].mean()) if len(won) else None,
        "sales_cycle_days": float(cycle.mean()) if len(cycle) else None,
        "time_in_stage": time_in_stage,
        "by_rep": _group(open_, "owner_eff"),
        "by_team": _group(open_, "team"),
        "by_tier": _group(open_, "tier"),
        "by_posture": _group(open_, "posture"),
    }


def won(f: Frames) -> dict:
    w = f.opp[f.opp["stage"] == "won"]
    ts = f.ts
    q_start = pd.Timestamp(year=ts.year, month=3 * ((ts.month - 1) // 3) + 1, day=1)

    def period(mask) -> dict:
        g = w[mask]
        return {"count": len(g), "amount": float(g["amount_base"].sum())}

    out = {
        "count": len(w),
        "amount": float(w["amount_base"].sum()),
        "this_year": period((w["close"].dt.year == ts.year) & (w["close"] <= ts)),
        "this_quarter": period((w["close"] >= q_start) & (w["close"] <= ts)),
        "this_month": period((w["close"].dt.year == ts.year) & (w["close"].dt.month == ts.month) & (w["close"] <= ts)),
    }
    if not f.preview:  # each rep's wins (a deal with no owner is no rep's), summed for all reps at once
        out["by_rep"] = {
            k: {"count": sums["count"], "amount": sums["amount"]}
            for k, sums in group_sums(w[w["owner_eff"].notna()], "owner_eff")
        }
    return out


def forecast(f: Frames) -> dict:
    """Open deals by expected close month and quarter; 'omitted' deals are shown but not totalled."""
    opp = f.opp[f.opp["open"] & f.opp["close"].notna()]
    counted = opp[opp["forecast_eff"] != "omitted"]
    this_month = f.ts.strftime("%Y-%m")
    this_quarter = f"{f.ts.year}-Q{f.ts.quarter}"

    categories = [c for c in values("forecast") if c != "omitted"]
    nothing = _sums(counted.iloc[:0])

    def table(key: str) -> list[dict]:
        known = counted[counted[key].notna()]  # groupby(key) leaves out deals without one
        by_category = dict(group_sums(known, [key, "forecast_eff"]))
        return [
            {"period": k, **sums, "by_category": {c: dict(by_category.get((k, c), nothing)) for c in categories}}
            for k, sums in group_sums(known, key)
        ]

    def by(key: str) -> dict[str, dict[str, dict]]:
        out: dict[str, dict[str, dict]] = {}
        for (who, month), sums in group_sums(counted, [key, "close_month"]):
            out.setdefault(_key(who), {})[month] = sums
        return out

    past = opp[opp["close"] < f.ts].sort_values(["close", "account", "id"])
    past_due = records(
        past,
        {
            "account": "account",
            "id": "opportunity",
            "name": "name",
            "stage": "stage",
            "amount_base": "amount",
            "close": "close",
            "owner_eff": "owner",
        },
    )
    for r, c in zip(past_due, past["close"]):
        r["days_past"] = int((f.ts - c).days)
    cm = counted[counted["close_month"] == this_month]
    cq = counted[counted["close_quarter"] == this_quarter]
    now = {
        "this_month": {"period": this_month, **_sums(cm)},
        "this_quarter": {"period": this_quarter, **_sums(cq)},
        "past_due": past_due,
    }
    if f.preview:  # a preview's pages show this month and quarter (and count the deals past due)
        return now
    return {
        "months": table("close_month"),
        "quarters": table("close_quarter"),
        "by_category": {c: _sums(opp[opp["forecast_eff"] == c]) for c in values("forecast")},
        "by_rep": by("owner_eff"),
        "by_team": by("team"),
        "by_tier": by("tier"),
        **now,
    }


def qualification(f: Frames) -> dict:
    """Deals past the intent stage with a missing or negative answer to any of the four questions."""
    opp = f.opp[f.opp["stage"].isin(PAST_INTENT)]
    gaps = []
    for r in records(
        opp,
        {
            **DEAL,
            **{f"qualification.{q}": q for q in QUESTIONS},
        },
    ):
        missing = [q for q in QUESTIONS if r[q] is None]
        negative = [q for q in QUESTIONS if r[q] is False]
        if missing or negative:
            gaps.append(
                {
                    **{k: r[k] for k in ("account", "opportunity", "name", "stage", "amount", "owner")},
                    "answers": {q: r[q] for q in QUESTIONS},
                    "missing": missing,
                    "negative": negative,
                }
            )
    gaps.sort(key=lambda g: (g["account"], g["opportunity"]))
    return {"checked": len(opp), "gaps": gaps}


def progress(f: Frames) -> dict:
    """Open deals whose last N meetings were all continuations, or with no activity for N days."""
    n = f.policy.stalled_meetings
    days = f.policy.stalled_days
    act = f.act[f.act["opportunity"].notna() & (f.act["date"] <= f.ts)].sort_values("date")
    latest = act.groupby(["account", "opportunity"])["date"].max()
    last_act = dict(zip(latest.index, latest))  # looked up once per open deal: a dict, not a MultiIndex
    meetings = act[act["outcome"].notna()]
    last_n = meetings.groupby(["account", "opportunity"]).tail(n)  # each deal's last n, in date order
    recent: dict[tuple, tuple] = {}
    for aid, oid, outcome in zip(
        last_n["account"].tolist(), last_n["opportunity"].tolist(), last_n["outcome"].tolist()
    ):
        recent[(aid, oid)] = recent.get((aid, oid), ()) + (outcome,)
    stalled = []
    open_ = f.opp[f.opp["open"]].sort_values(["account", "id"])
    for r in records(
        open_,
        {
            **DEAL,
            "created": "created",
        },
    ):
        key = (r["account"], r["opportunity"])
        outs = recent.get(key, ())
        last = last_act.get(key)
        reasons = []
        if len(outs) >= n and all(o == "continuation" for o in outs):
            reasons.append("continuations")
        since = last if last is not None else (pd.Timestamp(r["created"]) if r["created"] else None)
        idle = int((f.ts - since).days) if since is not None else None
        if idle is not None and idle > days:
            reasons.append("no_activity")
        if reasons:
            stalled.append(
                {k: r[k] for k in ("account", "opportunity", "name", "stage", "amount", "owner")}
                | {
                    "reasons": reasons,
                    "recent_outcomes": list(outs),
                    "last_activity": last.date().isoformat() if last is not None else None,
                    "days_idle": idle,
                }
            )
    return {"meetings": n, "days": days, "stalled": stalled}
