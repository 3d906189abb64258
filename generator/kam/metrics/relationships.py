"""The buying centre: 1+2+1 per key deal, single-threaded accounts, opposing decision makers."""

from __future__ import annotations

from ..labels import values
from .base import Frames
from .util import DEAL, records

BUYING_ROLES = ("purchaser", "user", "gatekeeper", "decision_maker")


def _contacts_by_account(f: Frames) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in records(
        f.contacts,
        {
            "account": "account",
            "id": "id",
            "name": "name",
            "level": "level",
            "roles": "roles",
            "attitude": "attitude",
            "influence": "influence",
        },
    ):
        r["roles"] = r["roles"] or []
        out.setdefault(r["account"], []).append(r)
    return out


def one_two_one(deal_contacts: list[dict], owner) -> dict:
    """The 1+2+1 check for one deal: a guide, two of the four buying roles supporting, an owner."""
    guide = [c["id"] for c in deal_contacts if "guide" in c["roles"] and c["attitude"] != "oppose"]
    supporting_roles = sorted(
        {r for c in deal_contacts if c["attitude"] == "support" for r in c["roles"] if r in BUYING_ROLES}
    )
    missing = []
    if not guide:
        missing.append("guide")
    if len(supporting_roles) < 2:
        missing.append("two_roles")
    if not owner:
        missing.append("owner")
    return {
        "guide": guide,
        "supporting_roles": supporting_roles,
        "owner": owner,
        "covered": not missing,
        "missing": missing,
    }


def relationships(f: Frames) -> dict:
    by_acc = _contacts_by_account(f)
    key = set(f.acc.index[f.acc["key"]])
    deals = []
    open_key = f.opp[f.opp["open"] & f.opp["account"].isin(key)].sort_values(["account", "id"])
    for r in records(
        open_key,
        {
            **DEAL,
            "buying_centre": "buying_centre",
        },
    ):
        contacts = by_acc.get(r["account"], [])
        if r["buying_centre"]:
            ids = set(r["buying_centre"])
            contacts = [c for c in contacts if c["id"] in ids]
        check = one_two_one(contacts, r["owner"])
        deals.append({k: r[k] for k in ("account", "opportunity", "name", "stage", "amount")} | check)
    counts = {a: len(v) for a, v in by_acc.items()}
    single = []
    for aid, name, tier, is_key, life in zip(
        f.acc["id"], f.acc["name"], f.acc["tier_eff"], f.acc["key"], f.acc["lifecycle"]
    ):
        n = counts.get(aid, 0)
        # a prospect not yet opened may know one person; a customer should not
        if n <= 1 and (is_key or life != "potential"):
            single.append({"account": aid, "name": name, "tier": tier, "key": bool(is_key), "contacts": n})
    single.sort(key=lambda x: (not x["key"], x["account"]))
    opposing = []
    for aid in sorted(by_acc):
        for c in by_acc[aid]:
            if "decision_maker" in c["roles"] and c["attitude"] == "oppose":
                opposing.append(
                    {
                        "account": aid,
                        "name": f.acc.at[aid, "name"] if aid in f.acc.index else aid,
                        "contact": c["id"],
                        "contact_name": c["name"],
                        "level": c["level"],
                        "influence": c["influence"],
                        "key": aid in key,
                    }
                )
    levels = {lv: int((f.contacts["level"] == lv).sum()) for lv in values("level")}
    per_account_levels = {}
    for aid, cs in by_acc.items():
        per_account_levels[aid] = {lv: sum(1 for c in cs if c["level"] == lv) for lv in values("level")}
    return {
        "deals": deals,
        "deals_covered": sum(1 for d in deals if d["covered"]),
        "single_threaded": single,
        "opposing_decision_makers": opposing,
        "contacts_by_level": levels,
        "contacts_by_account_level": dict(sorted(per_account_levels.items())),
    }
