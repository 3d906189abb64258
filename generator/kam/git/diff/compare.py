"""Pairs of account versions -> the business meaning of a change, as JSON-able data.

Stage moves, forecast effect (by month, rep and tier), owner, tier and posture changes, newly overdue
invoices, attitudes, and the edits no section reports; the team's and the settings' changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from kam.book.policy import OPEN_STAGES, Settings
from kam.git.diff.types import AccountRef, Comparison, Deal, DealEvent, Forecast, ForecastRow, TableEdit
from kam.git.diff.versions import Context, Version, account_id, is_account_path
from kam.git.gitstore import Change
from kam.values import plain

# fields reported by their own section, left out of "other edits"
_REPORTED = {
    "accounts": {"owner"},
    "opportunities": {"stage", "amount", "close", "probability"},
    "contacts": {"attitude"},
}


@dataclass
class Pair:
    """An account before and after: kind added, removed, renamed, moved or modified."""

    kind: str
    old: Version | None
    new: Version | None


def pair_changes(changes: list[Change], book: str) -> list[Change]:
    """Pair a deletion and an addition git did not see as a rename: same blob (renamed) or same id (moved)."""
    acc = [c for c in changes if is_account_path(c.path, book)]
    dels = [c for c in acc if c.status == "D"]
    adds = [c for c in acc if c.status == "A"]
    out = [c for c in acc if c.status not in ("A", "D")]
    used: set[int] = set()
    for a in adds:
        match = None
        for i, d in enumerate(dels):
            if i not in used and d.old_sha and d.old_sha == a.new_sha:
                match = i
                break
        if match is None:
            for i, d in enumerate(dels):
                if i not in used and account_id(d.path) == account_id(a.path):
                    match = i
                    break
        if match is None:
            out.append(a)
        else:
            used.add(match)
            d = dels[match]
            out.append(Change("R", d.old, a.new, d.old_sha, a.new_sha))
    out += [d for i, d in enumerate(dels) if i not in used]
    return out


def kind_of(c: Change) -> str:
    if c.status == "A":
        return "added"
    if c.status == "D":
        return "removed"
    if c.status == "R":
        return "moved" if account_id(c.old or "") == account_id(c.path) else "renamed"
    return "modified"


def _account_ref(v: Version) -> AccountRef:
    return {"id": v.id, "name": v.name, "path": v.path}


def _stage_move(a: str | None, b: str | None) -> DealEvent | None:
    if a == b or b is None:
        return None
    if b == "won":
        return {"kind": "won", "from": a}
    if b == "lost":
        return {"kind": "lost", "from": a}
    if a in ("won", "lost"):
        return {"kind": "reopened", "from": a, "to": b}
    if a in OPEN_STAGES and b in OPEN_STAGES:
        fwd = OPEN_STAGES.index(b) > OPEN_STAGES.index(a)
        return {"kind": "forward" if fwd else "back", "from": a, "to": b}
    return {"kind": "stage", "from": a, "to": b}


def _days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def opportunity_changes(old: Deal | None, new: Deal | None) -> list[DealEvent]:
    """The business events between two versions of one opportunity."""
    if old is None and new is not None:
        return [
            {
                "kind": "created",
                "stage": new["stage"],
                "amount": new["amount"],
                "currency": new["currency"],
                "close": new["close"],
                "amount_base": new["amount_base"],
                "open": new["open"],
            }
        ]
    if new is None and old is not None:
        return [
            {
                "kind": "removed",
                "stage": old["stage"],
                "amount": old["amount"],
                "currency": old["currency"],
                "amount_base": old["amount_base"],
                "open": old["open"],
            }
        ]
    assert old is not None and new is not None  # both None: no opportunity, never asked
    out = []
    move = _stage_move(old["stage"], new["stage"])
    if move:
        move["amount"] = new["amount"]
        move["currency"] = new["currency"]
        move["amount_base"] = new["amount_base"]
        out.append(move)
    if old["amount"] != new["amount"] or old["currency"] != new["currency"]:
        out.append(
            {
                "kind": "amount",
                "from": old["amount"],
                "to": new["amount"],
                "currency": new["currency"],
                "old_currency": old["currency"],
                "delta_base": new["amount_base"] - old["amount_base"],
                "open": new["open"],
            }
        )
    if old["close"] and new["close"] and old["close"] != new["close"]:
        days = _days(old["close"], new["close"])
        out.append(
            {
                "kind": "pushed" if days > 0 else "pulled_in",
                "from": old["close"],
                "to": new["close"],
                "days": days,
                "amount_base": new["amount_base"],
                "open": new["open"],
            }
        )
    elif old["close"] != new["close"]:
        out.append({"kind": "close", "from": old["close"], "to": new["close"]})
    return out


def _table_edits(old: Version | None, new: Version | None) -> dict[str, TableEdit]:
    """Edits not reported elsewhere: {table: {"added": n, "removed": n, "changed": n, "fields": [...]}}."""
    out: dict[str, TableEdit] = {}
    tables = sorted(set((old.content if old else {}) | (new.content if new else {})))
    for t in tables:
        a = old.content.get(t, []) if old else []
        b = new.content.get(t, []) if new else []
        if a == b:
            continue
        skip = _REPORTED.get(t, set())
        if t == "opportunities":
            skip = skip | {f for _, r in a + b for f in r if f.startswith("stage_dates.")}
        if t == "accounts":
            ra, rb = (a[0][1] if a else {}), (b[0][1] if b else {})
            edited = {f for f in set(ra) | set(rb) if ra.get(f) != rb.get(f)} - skip
            if edited and old is not None and new is not None:
                out[t] = {"added": 0, "removed": 0, "changed": 1, "fields": sorted(edited)}
            continue
        ka = Counter(k for k, _ in a)
        kb = Counter(k for k, _ in b)
        keyed = all(k is not None for k in ka) and all(k is not None for k in kb)
        entry: TableEdit = {"added": 0, "removed": 0, "changed": 0, "fields": []}
        fields: set[str] = set()
        if keyed and all(n == 1 for n in ka.values()) and all(n == 1 for n in kb.values()):
            da, db = dict(a), dict(b)
            entry["added"] = len(set(db) - set(da))
            entry["removed"] = len(set(da) - set(db))
            for k in set(da) & set(db):
                diff = {f for f in set(da[k]) | set(db[k]) if da[k].get(f) != db[k].get(f)} - skip
                if diff:
                    entry["changed"] += 1
                    fields |= diff
        else:
            ca = Counter(repr(sorted(r.items())) for _, r in a)
            cb = Counter(repr(sorted(r.items())) for _, r in b)
            entry["added"] = sum((cb - ca).values())
            entry["removed"] = sum((ca - cb).values())
        if old is None or new is None:
            continue  # a whole account added or removed: said in the accounts section
        entry["fields"] = sorted(fields)
        if t == "opportunities":  # created and removed deals are listed one by one
            entry["added"] = entry["removed"] = 0
        if entry["added"] or entry["removed"] or entry["changed"]:
            out[t] = entry
    return out


def _comparable(v: Version) -> bool:
    return v.account is not None and v.valid


def compare(pairs: list[Pair], base_ctx: Context | None = None, head_ctx: Context | None = None) -> Comparison:
    """Pairs of account versions -> the business meaning of the change (a JSON-able dict)."""
    res: Comparison = {
        "accounts": [],
        "owners": [],
        "tiers": [],
        "postures": [],
        "opportunities": [],
        "forecast": Forecast(),
        "overdue": [],
        "attitudes": [],
        "other": [],
        "formatting_only": [],
        "unreadable": [],
        "not_compared": [],
    }
    fc_before: dict[str, dict[str, float]] = {
        "month": defaultdict(float),
        "rep": defaultdict(float),
        "tier": defaultdict(float),
    }
    fc_after: dict[str, dict[str, float]] = {
        "month": defaultdict(float),
        "rep": defaultdict(float),
        "tier": defaultdict(float),
    }
    total: list[float] = [0.0, 0.0]
    for p in pairs:
        for v in (p.old, p.new):
            if v is not None and v.account is None:
                res["unreadable"].append(v.path)
        # a version that cannot be read or does not validate is no business change: read as empty, one typo
        # would remove every deal (and its fix create them all).  The file is named and left out of the
        # figures; that it was added, removed or moved still shows.
        bad = [side for side, v in (("base", p.old), ("head", p.new)) if v is not None and not _comparable(v)]
        shown = p.new or p.old
        if bad and shown is not None:
            res["not_compared"].append({"path": shown.path, "side": bad[0] if len(bad) == 1 else "both"})
        old = None if bad else p.old
        new = None if bad else p.new
        oa = old.account if old is not None else None
        na = new.account if new is not None else None
        if p.kind in ("added", "removed", "renamed", "moved"):
            entry: dict = {"kind": p.kind}
            if p.new is not None:
                entry["account"] = _account_ref(p.new)
                if na is not None:
                    entry["owner"] = na["owner"]
                    entry["tier"] = na["tier"]
            if p.old is not None:
                entry["old"] = _account_ref(p.old)
            res["accounts"].append(entry)
        if old is not None and new is not None and oa is not None and na is not None:
            here = _account_ref(new)
            if oa["owner"] != na["owner"]:
                res["owners"].append({"account": here, "from": oa["owner"], "to": na["owner"]})
            if oa["tier"] != na["tier"]:
                res["tiers"].append({"account": here, "from": oa["tier"], "to": na["tier"]})
            if oa["posture"] != na["posture"]:
                res["postures"].append({"account": here, "from": oa["posture"], "to": na["posture"]})
            if old.content == new.content and p.kind in ("modified", "moved", "renamed"):
                if p.kind == "modified" or (old.sha != new.sha):
                    res["formatting_only"].append(new.path)
            for cid, c in new.contacts.items():
                before = old.contacts.get(cid)
                if before and before["attitude"] != c["attitude"]:
                    res["attitudes"].append(
                        {
                            "account": here,
                            "contact": cid,
                            "name": c["name"],
                            "from": before["attitude"],
                            "to": c["attitude"],
                        }
                    )
        either = new or old
        ref = _account_ref(either) if either is not None else None
        # opportunities
        o_old = old.opps if old else {}
        o_new = new.opps if new else {}
        for oid in list(o_old) + [k for k in o_new if k not in o_old]:
            ev = opportunity_changes(o_old.get(oid), o_new.get(oid))
            o = o_new.get(oid) or o_old.get(oid)
            if ev and o is not None:
                res["opportunities"].append({"account": ref, "opportunity": oid, "name": o["name"], "changes": ev})
        for o in o_old.values():
            if o["open"]:
                total[0] += o["weighted"]
                fc_before["month"][o["close_month"] or ""] += o["weighted"]
                fc_before["rep"][o["owner"] or ""] += o["weighted"]
                fc_before["tier"][o["tier"] or ""] += o["weighted"]
        for o in o_new.values():
            if o["open"]:
                total[1] += o["weighted"]
                fc_after["month"][o["close_month"] or ""] += o["weighted"]
                fc_after["rep"][o["owner"] or ""] += o["weighted"]
                fc_after["tier"][o["tier"] or ""] += o["weighted"]
        # receivables newly overdue
        if new is not None:
            for inv, r in new.receivables.items():
                if r["days_overdue"] > 0:
                    was = old.receivables.get(inv) if old else None
                    if was is None or was["days_overdue"] <= 0:
                        res["overdue"].append({"account": ref, "invoice": inv, **r})
        edits = _table_edits(old, new)
        if edits:
            res["other"].append({"account": ref, "tables": edits})
    fc = Forecast(before=round(total[0], 2), after=round(total[1], 2), change=round(total[1] - total[0], 2))
    for dim in ("month", "rep", "tier"):
        keys = sorted(set(fc_before[dim]) | set(fc_after[dim]), key=lambda k: (k == "", k))
        if dim == "tier":
            order = ["major", "named", "non_named", "mass", ""]
            keys.sort(key=lambda k: order.index(k) if k in order else 9)
        rows: list[ForecastRow] = []
        for k in keys:
            a, b = round(fc_before[dim][k], 2), round(fc_after[dim][k], 2)
            if abs(b - a) >= 0.005:
                rows.append({"key": k or None, "before": a, "after": b, "change": round(b - a, 2)})
        fc[dim] = rows
    res["forecast"] = fc
    return res


def business_change(res: Comparison) -> bool:
    """True when the change means something beyond formatting (or may: a version not compared)."""
    keys = ("accounts", "owners", "tiers", "postures", "opportunities", "overdue", "attitudes", "other", "not_compared")
    return any(res.get(k) for k in keys) or bool(res.get("team")) or bool(res.get("settings"))


def _flat(d, prefix="") -> dict:
    out = {}
    for k, v in d.items():
        if isinstance(v, dict) and not (prefix.endswith("rates.") or k == "rates"):
            out.update(_flat(v, prefix + k + "."))
        else:
            out[prefix + k] = v
    return out


def settings_changes(a: Settings, b: Settings) -> list[dict]:
    fa = _flat({"policy": dataclasses.asdict(a.policy), "book": a.book, "language": a.language})
    fb = _flat({"policy": dataclasses.asdict(b.policy), "book": b.book, "language": b.language})
    fa["as_of"], fb["as_of"] = plain(a.as_of), plain(b.as_of)
    return [{"key": k, "from": fa.get(k), "to": fb.get(k)} for k in sorted(set(fa) | set(fb)) if fa.get(k) != fb.get(k)]


def team_changes(a: Context, b: Context) -> list[dict]:
    out: list[dict] = []
    for pid in sorted(set(a.people) | set(b.people)):
        x, y = a.people.get(pid), b.people.get(pid)
        if x is None and y is not None:
            out.append({"kind": "person_added", "id": pid, "name": y["name"]})
        elif x is not None and y is None:
            out.append({"kind": "person_removed", "id": pid, "name": x["name"]})
        elif x is not None and y is not None and x != y:
            out.append(
                {
                    "kind": "person_changed",
                    "id": pid,
                    "name": y["name"],
                    "fields": sorted(k for k in y if x.get(k) != y.get(k)),
                }
            )
    for oid in sorted(set(a.offerings) | set(b.offerings)):
        if oid not in a.offerings:
            out.append({"kind": "offering_added", "id": oid, "name": b.offerings[oid]["name"]})
        elif oid not in b.offerings:
            out.append({"kind": "offering_removed", "id": oid, "name": a.offerings[oid]["name"]})
    return out
