"""Credit and collections: exposure against limit, aging, DSO, and the cost of late payment.

Formulas (DOMAIN.md section 8), with net margin m and annual borrowing cost r:
- a written-off loss L needs L / m of extra sales to recover;
- an overdue receivable A, d days late, has cost A * r * d / 365 in financing so far;
  its profit is A * m, so the share of profit consumed is (r * d / 365) / m;
- all its profit is gone after 12 * m / r months of delay.
"""

from __future__ import annotations

import pandas as pd

from kam.values import plain

from .base import BUCKETS, Frames
from .util import records


def extra_sales_to_recover(loss: float, margin_pct: float) -> float | None:
    """Sales needed to earn back a loss at a net margin (None when the margin is zero)."""
    return loss / (margin_pct / 100.0) if margin_pct > 0 else None


def financing_cost(amount: float, borrowing_pct: float, days: int) -> float:
    return amount * borrowing_pct / 100.0 * days / 365.0


def months_until_profit_gone(margin_pct: float, borrowing_pct: float) -> float | None:
    return 12.0 * margin_pct / borrowing_pct if borrowing_pct > 0 else None


def profit_consumed_share(borrowing_pct: float, days: int, margin_pct: float) -> float | None:
    if margin_pct <= 0:
        return None
    return (borrowing_pct / 100.0 * days / 365.0) / (margin_pct / 100.0)


def _table_dict(t: pd.DataFrame) -> dict:
    return {str(k): {c: plain(v) for c, v in row.items()} for k, row in t.to_dict("index").items()}


def _aging(df: pd.DataFrame) -> dict:
    o = df[df["open"]]
    out = {b: float(o.loc[o["bucket"] == b, "amount_base"].sum()) for b in BUCKETS}
    out["total"] = float(o["amount_base"].sum())
    out["overdue"] = float(o.loc[o["days_overdue"] > 0, "amount_base"].sum())
    return out


def _dso(df: pd.DataFrame, ts: pd.Timestamp) -> float | None:
    """Open receivables over the last 365 days' invoiced sales, in days."""
    sales = df.loc[(df["issued"] > ts - pd.Timedelta(days=365)) & (df["issued"] <= ts), "amount_base"].sum()
    ar = df.loc[df["open"], "amount_base"].sum()
    return float(ar / sales * 365.0) if sales > 0 else None


def _aging_table(df: pd.DataFrame, key: str, ts: pd.Timestamp) -> pd.DataFrame:
    """Aging buckets, total, overdue and DSO per value of `key`, in one pass."""
    o = df[df["open"]]
    keys = sorted(df[key].dropna().unique())
    # a group-by, not pivot_table: the same sums, a third of the time (a preview pays it three times)
    t = o.groupby([key, "bucket"])["amount_base"].sum().unstack("bucket")
    t = t.reindex(index=keys, columns=list(BUCKETS)).fillna(0.0).astype(float)
    t.index.name, t.columns.name = key, None
    t["total"] = t[list(BUCKETS)].sum(axis=1)
    t["overdue"] = t["total"] - t["current"]
    recent = df[(df["issued"] > ts - pd.Timedelta(days=365)) & (df["issued"] <= ts)]
    sales = recent.groupby(key)["amount_base"].sum().reindex(keys, fill_value=0.0)
    t["dso"] = (t["total"] / sales * 365.0).where(sales > 0)
    return t


def _by_account(f: Frames, rec: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    acc = f.acc
    t = _aging_table(rec, "account", f.ts)
    limit = (acc["credit.limit"] * acc["rate"]).reindex(t.index)
    rows, over = [], []
    cols = {c: t[c].tolist() for c in t.columns}
    name, owner, tier, rating = (acc[c].to_dict() for c in ("name", "owner", "tier_eff", "credit.rating"))
    for i, (aid, lim) in enumerate(zip(t.index, limit)):
        ag = {b: float(cols[b][i]) for b in BUCKETS}
        exp = float(cols["total"][i])
        ag["total"], ag["overdue"] = exp, float(cols["overdue"][i])
        lim = None if lim != lim else float(lim)
        row = {
            "account": aid,
            "name": name[aid],
            "owner": plain(owner[aid]),
            "tier": tier[aid],
            "rating": plain(rating[aid]),
            "limit": lim,
            "exposure": exp,
            "over_limit": lim is not None and exp > lim,
            "aging": ag,
            "dso": plain(cols["dso"][i]),
        }
        rows.append(row)
        if lim is not None and exp > lim:
            over.append(
                {k: row[k] for k in ("account", "name", "owner", "rating", "limit", "exposure")} | {"excess": exp - lim}
            )
    return rows, over


def credit(f: Frames) -> dict:
    r_pct = f.policy.borrowing_cost
    rec = f.rec.sort_values(["account", "issued", "invoice"])
    rows = records(
        rec,
        {
            "account": "account",
            "invoice": "invoice",
            "amount_base": "amount",
            "amount": "amount_original",
            "currency_eff": "currency",
            "issued": "issued",
            "due": "due",
            "paid": "paid",
            "written_off": "written_off",
            "days_overdue": "days_overdue",
            "days_late": "days_late",
            "bucket": "bucket",
            "net_margin": "net_margin",
            "open": "open",
        },
    )
    write_offs = []
    for r in rows:
        m = r["net_margin"]
        if r["written_off"]:
            r["status"] = "written_off"
            r["extra_sales_to_recover"] = extra_sales_to_recover(r["amount"], m)
            write_offs.append(r)
        elif r["paid"]:
            r["status"] = "paid"
        elif r["open"] and r["days_overdue"] > 0:
            r["status"] = "overdue"
            r["financing_cost"] = financing_cost(r["amount"], r_pct, r["days_overdue"])
            r["profit"] = r["amount"] * m / 100.0
            r["profit_consumed_share"] = profit_consumed_share(r_pct, r["days_overdue"], m)
            r["months_until_profit_gone"] = months_until_profit_gone(m, r_pct)
        else:
            r["status"] = "open" if r["open"] else "not_yet_issued"
    by_account, over = _by_account(f, rec)
    overdue = [r for r in rows if r["status"] == "overdue"]
    return {
        "borrowing_cost": r_pct,
        "receivables": rows,
        "aging": _aging(rec),
        "dso": _dso(rec, f.ts),
        "average_days_to_pay": (
            float((rec["paid"] - rec["issued"]).dt.days.dropna().mean()) if rec["paid"].notna().any() else None
        ),
        "by_account": by_account,
        **(
            {}
            if f.preview  # a preview's pages show no aging per rep or tier
            else {
                "by_rep": _table_dict(_aging_table(rec, "owner", f.ts)),
                "by_tier": _table_dict(_aging_table(rec, "tier", f.ts)),
            }
        ),
        "over_limit": over,
        "overdue": overdue,
        "overdue_financing_cost": sum(r["financing_cost"] for r in overdue),
        "write_offs": write_offs,
        "written_off_amount": sum(r["amount"] for r in write_offs),
    }
