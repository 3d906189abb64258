"""The ten measures per key account; overdue and upcoming actions; executive visits; the summit."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..labels import values
from .base import Frames
from .util import records


def plan(f: Frames) -> dict:
    ts = f.ts
    horizon = ts + pd.Timedelta(days=f.policy.upcoming_days)
    a = f.actions.copy()
    a["status"] = np.select(
        [a["done"].notna(), a["due"] < ts, a["due"] <= horizon], ["done", "overdue", "upcoming"], default="planned"
    )
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
    if f.preview:  # a preview's pages show the overdue and upcoming actions
        return {"upcoming_days": f.policy.upcoming_days, "overdue": overdue_r, "upcoming": records(upcoming, cols)}
    key_acc = f.acc[f.acc["key"]].sort_index()
    ka = a[a["key"]]
    counts = (
        ka.assign(done_=ka["status"] == "done", overdue_=ka["status"] == "overdue")
        .groupby(["account", "measure"])
        .agg(planned=("status", "size"), done=("done_", "sum"), overdue=("overdue_", "sum"))
    )
    cells = {
        k: {"planned": int(p), "done": int(d), "overdue": int(o)}
        for k, p, d, o in zip(counts.index, counts["planned"], counts["done"], counts["overdue"])
    }
    empty = {"planned": 0, "done": 0, "overdue": 0}
    measures = []
    for aid, name, tier in zip(key_acc.index, key_acc["name"], key_acc["tier_eff"]):
        row = {
            "account": aid,
            "name": name,
            "tier": tier,
            "measures": {m: cells.get((aid, m), empty) for m in values("measure")},
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
