"""The ten measures per key account; overdue and upcoming actions; executive visits; the summit."""

from __future__ import annotations

import pandas as pd

from ..labels import values
from .base import Frames
from .util import records


def _status(done, due, ts, horizon) -> str:
    if done is not None and done == done:
        return "done"
    if due < ts:
        return "overdue"
    if due <= horizon:
        return "upcoming"
    return "planned"


def plan(f: Frames) -> dict:
    ts = f.ts
    horizon = ts + pd.Timedelta(days=f.policy.upcoming_days)
    a = f.actions.copy()
    a["status"] = [_status(d, due, ts, horizon) for d, due in zip(a["done"], a["due"])]
    a["account_name"] = a["account"].map(f.acc["name"])
    a["key"] = a["account"].map(f.acc["key"]).fillna(False).astype(bool)
    cols = {
        "account": "account",
        "account_name": "name",
        "title": "title",
        "measure": "measure",
        "owner": "owner",
        "due": "due",
        "done": "done",
        "status": "status",
    }
    overdue = a[a["status"] == "overdue"].sort_values(["due", "account", "title"])
    upcoming = a[a["status"] == "upcoming"].sort_values(["due", "account", "title"])
    overdue_r = records(overdue, cols)
    for r, due in zip(overdue_r, overdue["due"]):
        r["days_overdue"] = int((ts - due).days)
    measures = []
    key_ids = sorted(f.acc.index[f.acc["key"]])
    by_acc = {k: g for k, g in a.groupby("account")}
    for aid in key_ids:
        g = by_acc.get(aid)
        row = {"account": aid, "name": f.acc.at[aid, "name"], "tier": f.acc.at[aid, "tier_eff"], "measures": {}}
        for m in values("measure"):
            gm = g[g["measure"] == m] if g is not None else None
            if gm is None or gm.empty:
                row["measures"][m] = {"planned": 0, "done": 0, "overdue": 0}
            else:
                row["measures"][m] = {
                    "planned": len(gm),
                    "done": int((gm["status"] == "done").sum()),
                    "overdue": int((gm["status"] == "overdue").sum()),
                }
        row["covered"] = sum(1 for v in row["measures"].values() if v["planned"])
        measures.append(row)
    ev = a[a["measure"] == "executive_visit"]
    visits_done = f.act[
        (f.act["kind"] == "executive_visit") & (f.act["date"] <= ts) & (f.act["date"].dt.year == ts.year)
    ]
    summit = a[a["measure"] == "annual_summit"].sort_values(["due", "account"])
    return {
        "upcoming_days": f.policy.upcoming_days,
        "overdue": overdue_r,
        "upcoming": records(upcoming, cols),
        "measures_by_account": measures,
        "measure_coverage": {m: sum(1 for r in measures if r["measures"][m]["planned"]) for m in values("measure")},
        "executive_visits": {
            "planned_upcoming": records(
                ev[ev["status"].isin(["upcoming", "planned"])].sort_values(["due", "account"]), cols
            ),
            "overdue": records(ev[ev["status"] == "overdue"].sort_values(["due", "account"]), cols),
            "done_this_year": len(visits_done),
        },
        "summits": records(summit, cols),
    }
