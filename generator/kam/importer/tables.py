"""The importer's tables, one plain function each, in the order they are read.

Each reads its CSV rows (``imp.rows``: converted, located) and places them in the Importer's state:
offerings and people first (the book file), then accounts, their contacts and their deals.  Deals
without an account go to the placeholder account (``unassigned``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kam.book.policy import CLOSED_STAGES, OPEN_STAGES

from ..labels import term
from . import writer
from .core import UNASSIGNED_ID, Account, Importer, Record, _fmt, _hint, _InAccount, _Taken, norm
from .mapping import importable_fields
from .report import err, warn


def offerings(imp: Importer, t, progress):
    for n, v, cols, _ in imp.rows("offerings", t, progress):
        name = v.get("name")
        if not name:
            imp.missing(t.path, n, cols.get("name", 0), "name", "offerings")
            continue
        oid = imp.new_id("offerings", name, v.get("id"), imp.offerings)
        dup = imp.lookup("offerings", name) or (oid if oid in imp.offerings else None)
        if dup is not None:
            imp.duplicate(t.path, n, cols.get("name", 0), "offerings", name, imp.offerings[dup].source)
            continue
        imp.offerings[oid] = Record("offerings", {"id": oid, "name": name}, (t.path, n))
        imp.register("offerings", oid, name)
        imp.counts["offerings"] += 1


def people(imp: Importer, t, progress):
    managers = []
    for n, v, cols, _ in imp.rows("people", t, progress):
        name = v.get("name")
        if not name:
            imp.missing(t.path, n, cols.get("name", 0), "name", "people")
            continue
        pid = imp.new_id("people", name, v.get("id"), imp.people)
        dup = imp.lookup("people", name) or (pid if pid in imp.people else None)
        if dup is not None:
            imp.duplicate(t.path, n, cols.get("name", 0), "people", name, imp.people[dup].source)
            continue
        rec = {k: v[k] for k in importable_fields("people") if k in v}
        rec["id"] = pid
        manager = rec.pop("manager", None)
        imp.people[pid] = Record("people", rec, (t.path, n))
        imp.register("people", pid, name)
        imp.counts["people"] += 1
        if manager:
            managers.append((pid, manager, t.path, n, cols.get("manager", 0)))
    for pid, manager, path, n, col in managers:
        mid = imp.lookup("people", manager)
        if mid is None:
            team = imp.people[pid].values.get("team")
            mid = imp.new_id("people", manager, None, imp.people)
            imp.people[mid] = Record("people", {"id": mid, "name": manager, "role": "manager"}, (path, n))
            if team:
                imp.people[mid].values["team"] = team
            imp.register("people", mid, manager)
            imp.counts["people"] += 1
            imp.found.append(warn(path, n, col, "manager_created", name=manager, id=mid))
        if mid != pid:
            imp.people[pid].values["manager"] = mid


def accounts(imp: Importer, t, progress):
    for n, v, cols, notes in imp.rows("accounts", t, progress):
        name = v.get("name")
        if not name:
            imp.missing(t.path, n, cols.get("name", 0), "name", "accounts")
            continue
        _add_account(imp, name, v, cols, notes, t.path, n)


def _add_account(imp: Importer, name, v, cols, notes, path, n, created=False) -> str | None:
    dup = imp.lookup("accounts", name)
    explicit = v.get("id")
    if dup is None and explicit and explicit in imp.accounts:
        dup = explicit
    if dup is not None:
        imp.duplicate(path, n, cols.get("name", 0), "accounts", name, imp.accounts[dup].rec.source)
        return None
    aid = imp.new_id("accounts", name, explicit, _Taken(imp.accounts, UNASSIGNED_ID))
    if explicit and (aid in imp.accounts or aid == UNASSIGNED_ID):
        imp.duplicate(path, n, cols.get("id", 0), "accounts", explicit, imp.accounts[aid].rec.source)
        return None
    rec: dict[str, Any] = {"name": name}
    for k in importable_fields("accounts"):
        if k in v and k not in ("id", "name"):
            rec[k] = v[k]
    if imp.m.currency and "currency" not in rec:
        rec["currency"] = imp.m.currency
    for key in ("owner", "sponsor"):
        if key in rec:
            pid = imp.person_ref(rec[key], path, n, cols.get(key, 0), "person")
            if pid is None:
                notes.append(f"{key} = {rec[key]}")
                del rec[key]
            else:
                rec[key] = pid
    r = Record("accounts", rec, (path, n), notes or ())  # type: ignore[arg-type]  # no empty list kept
    imp.accounts[aid] = Account(r)
    if not created:
        imp.accounts[aid].used(imp.number_of(path), n)
    imp.register("accounts", aid, name)
    if explicit:
        imp.names["accounts"].setdefault(norm(explicit), aid)
    imp.counts["accounts"] += 1
    return aid


def _account_of(imp: Importer, raw, path, n, col, table) -> tuple[str | None, bool]:
    """(account id, placed in unassigned) for a contact's or deal's account cell."""
    keep = imp.m.unassigned == "keep"
    if not raw:
        if keep:
            imp.found.append(warn(path, n, col, "no_account_kept"))
            return _unassigned(imp), True
        imp.not_placed(table, err(path, n, col, "no_account"))
        return None, False
    aid = imp.lookup("accounts", raw)
    if aid is not None:
        return aid, False
    if "accounts" in imp.m.create:
        tm = imp.table_map("accounts")
        v = dict(tm.defaults)
        aid = _add_account(imp, raw, v, {}, [], path, n, created=True)
        if "accounts" in imp.read_tables:
            imp.found.append(warn(path, n, col, "account_created", name=raw, id=aid))
        return aid, False
    hint = _hint(raw, list(imp.display["accounts"].values()))
    code = "unknown_account_hint" if hint else "unknown_account"
    if keep:
        imp.found.append(err(path, n, col, code + "_kept", value=raw, hint=hint or ""))
        return _unassigned(imp), True
    imp.not_placed(table, err(path, n, col, code, value=raw, hint=hint or ""))
    return None, False


def _unassigned(imp: Importer) -> str:
    if UNASSIGNED_ID not in imp.accounts:
        tm = imp.table_map("accounts")
        rec = {k: v for k, v in tm.defaults.items() if k in importable_fields("accounts")}
        rec.update(
            name=term("imp_unassigned_name", imp.lang),
            lifecycle="potential",
            potential=0,
            placeholder=True,
            notes=term("imp_unassigned_notes", imp.lang),
        )
        rec.pop("owner", None)
        if imp.m.currency:
            rec["currency"] = imp.m.currency
        imp.accounts[UNASSIGNED_ID] = Account(Record("accounts", rec, None))
    return UNASSIGNED_ID


def contacts(imp: Importer, t, progress):
    for n, v, cols, notes in imp.rows("contacts", t, progress):
        aid, _ = _account_of(imp, v.pop("account", ""), t.path, n, cols.get("account", 0), "contacts")
        if aid is None:
            continue
        acc = imp.accounts[aid]
        name = v.get("name")
        if not name:
            imp.missing(t.path, n, cols.get("name", 0), "name", "contacts")
            continue
        ids = _InAccount(imp.store, aid, "c")
        cid = imp.new_id("contacts", name, v.get("id"), ids)
        if cid in ids:
            imp.not_placed("contacts", err(t.path, n, cols.get("id", 0), "duplicate_id", value=cid))
            imp.found.append(err(t.path, n, 0, "row_skipped"))
            continue
        rec = {k: v[k] for k in importable_fields("contacts") if k in v and k != "account"}
        rec["id"] = cid
        ids.add(cid)
        imp.store.put(aid, "c", writer.item("contacts", rec, notes, imp.not_imported))
        acc.used(imp.number_of(t.path), n)
        imp.counts["contacts"] += 1


def opportunities(imp: Importer, t, progress):
    tm = imp.table_map("opportunities")
    ranges = imp.settings.policy.probability_ranges()
    for n, v, cols, notes in imp.rows("opportunities", t, progress):
        path = t.path
        aid, kept = _account_of(imp, v.pop("account", ""), path, n, cols.get("account", 0), "opportunities")
        if aid is None:
            continue
        acc = imp.accounts[aid]
        stage = v["stage"]
        explicit = v.get("id")
        if explicit:
            at = imp.store.get("g\0" + explicit)  # deal ids are unique across the book
            if at is not None:
                fp, fn = imp.file_names[at >> 32], at & 0xFFFFFFFF
                first = str(fn) if fp == path else f"{fp}:{fn}"
                imp.not_placed(
                    "opportunities", err(path, n, cols.get("id", 0), "duplicate_opp", value=explicit, first=first)
                )
                continue
            imp.store.add("g\0" + explicit, imp.number_of(path) << 32 | n)
        name = v.get("name") or explicit
        if not name:
            imp.missing(path, n, cols.get("name", 0), "name", "opportunities")
            continue
        ids = _InAccount(imp.store, aid, "d")
        oid = imp.new_id("opportunities", name, explicit, ids)
        if oid in ids:  # two source ids that read alike (`A-1` and `a_1`)
            imp.not_placed("opportunities", err(path, n, cols.get("id", 0), "duplicate_id", value=oid))
            continue
        rec: dict[str, Any] = {"id": oid}
        for k in importable_fields("opportunities"):
            if k in v and k not in ("id", "account"):
                rec[k] = v[k]
        rec["name"] = name
        # references
        if "owner" in rec:
            pid = imp.person_ref(rec["owner"], path, n, cols.get("owner", 0), "person")
            if pid is None:
                notes.append(f"owner = {rec.pop('owner')}")
            else:
                rec["owner"] = pid
        if "offering" in rec:
            raw = rec["offering"]
            oid2 = imp.lookup("offerings", raw)
            if oid2 is None and "offerings" in imp.m.create:
                oid2 = imp.new_id("offerings", raw, None, imp.offerings)
                imp.offerings[oid2] = Record("offerings", {"id": oid2, "name": raw}, (path, n))
                imp.register("offerings", oid2, raw)
                if "offerings" in imp.read_tables:
                    imp.found.append(warn(path, n, cols["offering"], "offering_created", name=raw, id=oid2))
            if oid2 is None:
                hint = _hint(raw, list(imp.display["offerings"].values()))
                imp.found.append(
                    err(
                        path,
                        n,
                        cols["offering"],
                        "unknown_offering_hint" if hint else "unknown_offering",
                        value=raw,
                        hint=hint or "",
                    )
                )
                notes.append(f"offering = {raw}")
                del rec["offering"]
            else:
                rec["offering"] = oid2
        # coherence the validator insists on
        if rec.get("lost_reason") and stage != "lost":
            imp.found.append(warn(path, n, cols["lost_reason"], "reason_not_lost", stage=stage))
            notes.append(f"lost_reason = {rec.pop('lost_reason')}")
        if stage == "lost" and not rec.get("lost_reason"):
            if "lost_reason" in tm.defaults:
                rec["lost_reason"] = tm.defaults["lost_reason"]
            else:
                imp.not_placed("opportunities", err(path, n, cols.get("stage", 0), "lost_needs_reason"))
                continue
        if stage == "won" and rec.get("amount") is None:
            imp.not_placed("opportunities", err(path, n, cols.get("amount", cols.get("stage", 0)), "won_needs_amount"))
            continue
        p = rec.get("probability")
        if p is not None and not ranges[stage][0] <= p <= ranges[stage][1]:
            lo, hi = ranges[stage]
            imp.found.append(
                warn(
                    path,
                    n,
                    cols["probability"],
                    "probability_range",
                    value=_fmt(p),
                    stage=stage,
                    low=_fmt(lo),
                    high=_fmt(hi),
                )
            )
            notes.append(f"probability = {_fmt(p)}%")
            del rec["probability"]
        created, close = rec.get("created"), rec.get("close")
        if created and close and close < created:
            imp.found.append(
                warn(
                    path,
                    n,
                    cols["created"],
                    "created_after_close",
                    created=created.isoformat(),
                    close=close.isoformat(),
                )
            )
            notes.append(f"created = {created.isoformat()}")
            del rec["created"]
            created = None
        if close is None and stage in OPEN_STAGES:
            fill = None
            if created and imp.m.missing_close_days is not None:
                fill = created + dt.timedelta(days=imp.m.missing_close_days)
            elif imp.m.missing_close_date is not None:
                fill = max(imp.m.missing_close_date, created) if created else imp.m.missing_close_date
            if fill is None:
                imp.not_placed("opportunities", err(path, n, cols.get("close", 0), "open_needs_close"))
                continue
            rec["close"] = fill
            imp.found.append(warn(path, n, cols.get("close", 0), "close_filled", date=fill.isoformat()))
        elif close is None and stage in CLOSED_STAGES:
            imp.found.append(warn(path, n, cols.get("close", 0), "closed_without_date", stage=stage))
        if rec.get("currency") and rec["currency"] == acc.rec.values.get("currency"):
            del rec["currency"]
        ids.add(oid)
        imp.store.put(aid, "d", writer.item("opportunities", rec, notes, imp.not_imported))
        acc.used(imp.number_of(path), n)
        _tally(imp, acc, rec)
        imp.counts["opportunities"] += 1


def _tally(imp: Importer, acc: Account, deal: dict) -> None:
    """What finish() needs of a deal, kept as it is placed: its owner, a won amount by close year."""
    if imp.m.owner_from_opportunities and not acc.rec.values.get("owner") and deal.get("owner"):
        acc.owners = acc.owners if acc.owners is not None else {}
        acc.owners[deal["owner"]] = acc.owners.get(deal["owner"], 0) + 1
    if imp.m.revenue_from_won and deal["stage"] == "won" and deal.get("close") is not None:
        cur = acc.rec.values.get("currency")
        if (deal.get("currency") or cur) == cur:
            acc.add_won(deal["close"].year, float(deal.get("amount") or 0))


# table -> its loader, in the order tables are read (mapping.TABLES)
LOADERS = {
    "offerings": offerings,
    "people": people,
    "accounts": accounts,
    "contacts": contacts,
    "opportunities": opportunities,
}
