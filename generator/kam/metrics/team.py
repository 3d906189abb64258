"""Team load (accounts weighted by tier) against capacity, sponsors, the unowned pool, the accountability list, the scorecard."""

from __future__ import annotations

import pandas as pd

from kam.values import plain

from ..labels import values
from .base import Frames
from .pipeline import group_sums


def last_activity(f: Frames) -> pd.Series:
    a = f.act[f.act["date"] <= f.ts]
    return a.groupby("account")["date"].max().reindex(f.acc.index)


def team(f: Frames) -> dict:
    if f.preview:  # a preview's pages count the accounts a rep must explain, no more
        return {"accountability": accountability(f)}
    acc, opp, ppl = f.acc, f.opp, f.people
    cap_default = f.policy.rep_capacity
    owned = acc.groupby("owner").size()
    key_owned = acc[acc["key"]].groupby("owner").size()
    # load weighs accounts by tier (a major account takes more of a rep than a mass one); a placeholder has
    # no tier and loads nobody
    weighted = acc["tier_eff"].map(f.policy.load_weights).fillna(0.0).groupby(acc["owner"]).sum()
    open_ = opp[opp["open"]]
    won = opp[(opp["stage"] == "won") & (opp["close"].dt.year == f.year) & (opp["close"] <= f.ts)]
    # each rep's open deals and this year's wins, summed for all reps at once
    nothing = {"count": 0, "amount": 0.0, "weighted": 0.0}
    open_by, won_by = dict(group_sums(open_, "owner_eff")), dict(group_sums(won, "owner_eff"))
    reps = []
    for pid in sorted(ppl.index):
        p = ppl.loc[pid]
        n = int(owned.get(pid, 0))
        cap = p["capacity"]
        cap = cap_default["max"] if pd.isna(cap) else int(cap)
        # reps carry accounts by definition; anyone else (a manager, an executive) only when they own some
        carries = p["role"] in ("rep", "inside_sales") or n > 0
        if not carries or (n == 0 and p["joined"] > f.ts):  # joined after D: not on the team yet
            continue
        left = None if pd.isna(p["left"]) else p["left"]
        o = open_by.get(pid, nothing)
        load = round(float(weighted.get(pid, 0.0)), 6)  # 0.2 + 1.0 is 1.2, not 1.2000000000000002
        # only a rep is expected to carry the minimum; a manager owning a few accounts is not "under"
        under = p["role"] == "rep" and load < cap_default["min"]
        status = "over" if load > cap else ("under" if under else "ok")
        reps.append(
            {
                "person": pid,
                "name": p["name"],
                "role": p["role"],
                "team": plain(p["team"]),
                "manager": plain(p["manager"]),
                "left": plain(left),
                "accounts": n,
                "key_accounts": int(key_owned.get(pid, 0)),
                "weighted_accounts": load,
                "capacity": cap,
                "capacity_min": cap_default["min"] if p["role"] == "rep" else None,  # only a rep must carry it
                "load": load / cap if cap else None,
                "status": status,
                "open_count": o["count"],
                "open_amount": o["amount"],
                "weighted": o["weighted"],
                "won_this_year": won_by.get(pid, nothing)["amount"],
            }
        )
    sponsors = []
    for sid, g in acc[acc["sponsor"].notna()].groupby("sponsor", sort=True):
        o = open_[open_["account"].isin(g.index)]
        sponsors.append(
            {
                "person": sid,
                "name": plain(ppl["name"].get(sid)),
                "accounts": sorted(g.index),
                "revenue": float(g["current"].sum()),
                "open_amount": float(o["amount_base"].sum()),
            }
        )
    pool = acc[acc["owner"].isna()].sort_index()
    pool_rows = [
        {"account": aid, "name": r_name, "tier": t, "posture": p, "potential": pot}
        for aid, r_name, t, p, pot in zip(
            pool["id"], pool["name"], pool["tier_eff"], pool["posture"], pool["potential_base"]
        )
    ]
    return {
        "reps": reps,
        "sponsors": sponsors,
        "pool": pool_rows,
        "accountability": accountability(f),
        "review_cycle_days": f.policy.review_cycle_days,
    }


def accountability(f: Frames) -> list[dict]:
    """Key accounts a rep must explain: a competitor active with no open deal of ours, or no recent activity."""
    acc = f.acc[f.acc["key"] & f.acc["lost.date"].isna()]
    threat = f.competitors[f.competitors["status"].isin(["active", "won_business"])]
    threat_by = threat.groupby("account")["name"].apply(lambda s: sorted(s))
    has_open = set(f.opp.loc[f.opp["open"], "account"])
    last = last_activity(f)
    out = []
    for aid in sorted(acc.index):
        reasons: list[dict[str, object]] = []
        comps = threat_by.get(aid)
        if comps is not None and aid not in has_open:
            reasons.append({"code": "competitor_no_opportunity", "competitors": list(comps)})
        limit = f.policy.stale_days[acc.at[aid, "tier_eff"]]
        la = last.get(aid)
        idle = int((f.ts - la).days) if la is not None and la == la else None
        if idle is None or idle > limit:
            reasons.append({"code": "no_activity", "days": idle, "limit": limit})
        if reasons:
            out.append(
                {
                    "account": aid,
                    "name": acc.at[aid, "name"],
                    "owner": plain(acc.at[aid, "owner"]),
                    "tier": acc.at[aid, "tier_eff"],
                    "last_activity": plain(la),
                    "reasons": reasons,
                }
            )
    return out


def _account_facts(f: Frames) -> pd.DataFrame:
    """One narrow row per account with what the scorecard sums: computed once, then grouped."""
    window = f.ts - pd.Timedelta(days=365)
    rec = f.rec
    recent = rec[(rec["issued"] > window) & (rec["issued"] <= f.ts)]
    a = f.acc[["current", "previous", "current_gp", "previous_gp", "current_expense", "posture", "owner"]].copy()
    a["sales365"] = recent.groupby("account")["amount_base"].sum().reindex(a.index).fillna(0.0)
    a["ar"] = rec[rec["open"]].groupby("account")["amount_base"].sum().reindex(a.index).fillna(0.0)
    a["sat"] = f.surveys.sort_values("date").groupby("account")["satisfaction"].last().reindex(a.index)
    act = f.act[(f.act["date"] > window) & (f.act["date"] <= f.ts)]
    a["activities"] = act.groupby("account").size().reindex(a.index).fillna(0).astype(int)
    a["new"] = (f.acc["since"] > window) & (f.acc["since"] <= f.ts)
    a["lost"] = (f.acc["lost.date"] > window) & (f.acc["lost.date"] <= f.ts)
    return a


def _scorecard_group(f: Frames, acc: pd.DataFrame, people_ids=None) -> dict:
    """The balanced scorecard of a group of accounts (rows of _account_facts)."""
    cur, prev = float(acc["current"].sum()), float(acc["previous"].sum())
    gp_cur = acc["current_gp"].sum(min_count=1)
    gp_prev = acc["previous_gp"].sum(min_count=1)
    gm_cur = gp_cur / cur if cur > 0 and gp_cur == gp_cur else None
    gm_prev = gp_prev / prev if prev > 0 and gp_prev == gp_prev else None
    expense = acc["current_expense"].sum(min_count=1)
    sales, ar = acc["sales365"].sum(), acc["ar"].sum()
    sat = acc["sat"].dropna()
    out = {
        "accounts": len(acc),
        "revenue": cur,
        "revenue_previous": prev,
        "revenue_growth": (cur - prev) / prev if prev > 0 else None,
        "gross_margin": gm_cur,
        "gross_margin_previous": gm_prev,
        "gross_margin_change": gm_cur - gm_prev if gm_cur is not None and gm_prev is not None else None,
        "gross_profit_growth": float((gp_cur - gp_prev) / gp_prev)
        if gp_prev == gp_prev and gp_prev and gp_cur == gp_cur
        else None,
        "selling_expense_ratio": float(expense / cur) if cur > 0 and expense == expense else None,
        "new_customers": int(acc["new"].sum()),
        "lost_customers": int(acc["lost"].sum()),
        "satisfaction": float(sat.mean()) if len(sat) else None,
        "dso": float(ar / sales * 365.0) if sales > 0 else None,
        # process: how much customer contact the group's accounts got in the last 365 days
        "activities": int(acc["activities"].sum()),
        "activities_per_account": float(acc["activities"].sum() / len(acc)) if len(acc) else None,
    }
    if people_ids is not None:
        window = f.ts - pd.Timedelta(days=365)
        ppl = f.people.loc[[p for p in people_ids if p in f.people.index]]
        ppl = ppl[~(ppl["joined"] > f.ts)]  # one who joins after D is not counted on D
        headcount = len(ppl)
        left = ppl[(ppl["left"] > window) & (ppl["left"] <= f.ts)]
        out["headcount"] = headcount
        out["rep_turnover"] = len(left) / headcount if headcount else None
    return out


def scorecard(f: Frames) -> dict:
    acc, ppl = _account_facts(f), f.people
    by_posture = {p: _scorecard_group(f, acc[acc["posture"] == p]) for p in values("posture")}
    teams = sorted({t for t in ppl["team"].dropna()}) if len(ppl) else []
    by_team = {}
    for t in teams:
        members = list(ppl.index[ppl["team"] == t])
        by_team[t] = _scorecard_group(f, acc[acc["owner"].isin(members)], members)
    by_rep = {pid: _scorecard_group(f, g) for pid, g in acc[acc["owner"].notna()].groupby("owner", sort=True)}
    return {
        "by_posture": by_posture,
        "by_team": by_team,
        "by_rep": by_rep,
        "company": _scorecard_group(f, acc, list(ppl.index)),
    }
