"""`kam diff`: what a change to the book means in business terms.

Two versions of the book are read straight from git objects (or the work
tree), and ONLY the account files that differ are parsed, plus ``_book.yaml``
and the kam settings of ``mkdocs.yml`` at each version: the cost depends on
the size of the change, not of the book.

    changes = diff_revisions(repo, settings, base="origin/main", head=None)
    print(render(changes, "en"))

The same building blocks serve the history (history.py): :func:`parse_versions`
turns account file bytes into :class:`Version` records (validated, with tiers,
postures and weighted amounts from ``metrics.base.prepare``), and
:func:`compare` turns pairs of versions into a JSON-able dict of changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import pandas as pd

from kam.book.diagnostics import Diagnostic
from kam.book.fields import BOOK_FILE, table_kinds
from kam.book.loader import build_book, paused_gc
from kam.book.policy import OPEN_STAGES, Settings, load_settings
from kam.book.tables import META
from kam.git.gitstore import Change, GitError, Repo
from kam.labels import label, term

CHILD_TABLES = [t for t in table_kinds() if t not in ("accounts", "people", "offerings")]
# fields reported by their own section, left out of "other edits"
_REPORTED = {
    "accounts": {"owner"},
    "opportunities": {"stage", "amount", "close", "probability"},
    "contacts": {"attitude"},
}
FIRST_ERRORS = 3


# ---------------------------------------------------------------- one account file at one version
@dataclass
class Version:
    """One account file at one version, parsed and validated."""

    id: str
    path: str
    sha: str | None = None
    errors: list[Diagnostic] = field(default_factory=list)
    account: dict | None = None  # None: the file could not be read as an account
    opps: dict[str, dict] = field(default_factory=dict)
    contacts: dict[str, dict] = field(default_factory=dict)
    receivables: dict[str, dict] = field(default_factory=dict)
    content: dict[str, list] = field(default_factory=dict)  # table -> [(key, {field: value})]

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def name(self) -> str:
        return (self.account or {}).get("name") or self.id


@dataclass
class Context:
    """What a version of the book needs besides its account files: the team and the settings."""

    settings: Settings
    people: dict[str, dict] = field(default_factory=dict)
    offerings: dict[str, dict] = field(default_factory=dict)
    errors: list[Diagnostic] = field(default_factory=list)  # of _book.yaml and mkdocs.yml


def account_id(path: str) -> str:
    return PurePosixPath(path).name[: -len(".yaml")]


def is_account_path(path: str, book: str) -> bool:
    p = PurePosixPath(path)
    if not path.endswith(".yaml") or p.name.startswith((".", "_")):
        return False
    return book == "" or path.startswith(book.rstrip("/") + "/")


def _clean(v):
    """A value as plain JSON-able data (NaN/NaT -> None, dates -> ISO text)."""
    if v is None or isinstance(v, (str, bool)):
        return v
    if isinstance(v, float):
        return None if v != v else v
    if isinstance(v, int):
        return v
    if isinstance(v, pd.Timestamp):
        return None if pd.isna(v) else v.date().isoformat()
    if v is pd.NaT or v is pd.NA:
        return None
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()[:10]
    if isinstance(v, tuple):
        return [_clean(x) for x in v]
    if hasattr(v, "item"):
        try:
            return _clean(v.item())
        except (ValueError, AttributeError):
            return str(v)
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v


def _records(df: pd.DataFrame, cols) -> list[dict]:
    """Rows as dicts of clean values (only the columns that exist), in one pass over the frame."""
    cols = [c for c in cols if c in df.columns]
    if df.empty or not cols:
        return []
    data = [df[c].tolist() for c in cols]
    return [{c: _clean(v) for c, v in zip(cols, row)} for row in zip(*data)]


def _contents_by_account(df: pd.DataFrame, table: str) -> dict[str, list]:
    """{account: [(key, {field: value})]}: a table's rows, comparable across versions (missing values left out)."""
    if df.empty:
        return {}
    kind = table_kinds()[table]
    owner = "id" if table == "accounts" else "account"
    cols = [c for c in df.columns if c not in META and c != "account" and not (table == "accounts" and c == "id")]
    na = pd.NA
    out: dict[str, list] = {}
    owners = df[owner].tolist()
    data = [df[c].tolist() for c in cols]
    kpos = cols.index(kind.key) if kind.key in cols else None
    for acc, row in zip(owners, zip(*data)):
        # one pass, no call per value: NaN and NaT are the values not equal to themselves
        vals = {c: v for c, v in zip(cols, row) if v is not None and v is not na and v == v}
        key = row[kpos] if kpos is not None else None
        key = None if key is None or key is na or key != key else str(key)
        out.setdefault(acc, []).append((key, vals))
    return out


def _content_order(kv):
    return (kv[0] or "", repr(sorted(kv[1].items())))


def load_settings_bytes(data: bytes | None, name: str = "mkdocs.yml", root: str = ".") -> tuple[Settings, list]:
    """Settings from the bytes of an mkdocs.yml (a version in git); defaults when None."""
    if data is None:
        return dataclasses.replace(Settings(), root=root), []
    fd, tmp = tempfile.mkstemp(suffix=".yml")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        settings, diags = load_settings(tmp)
    finally:
        os.unlink(tmp)
    diags = [dataclasses.replace(d, file=name) for d in diags]
    return dataclasses.replace(settings, config_file=name, root=root), diags


def parse_versions(
    items: list[tuple[object, str, bytes]],
    book_file: tuple[str, bytes] | None,
    settings: Settings,
) -> tuple[dict[object, Version], Context]:
    """Account files (key, path, bytes) -> {key: Version}, read by the one loader with book_file.

    Several versions of one account may be read at once (the history does this): each is shown as
    `key:path` (git's notation for a file at a revision) under an id of its own while validated; the
    real id (from the path) is put back, and an invoice repeated by two versions of one account is
    not a duplicate.
    """
    from kam.metrics.base import prepare

    shown_of: dict[str, tuple[object, str]] = {}
    files: dict[str, bytes] = {}
    ids: dict[str, str] = {}
    for i, (key, path, data) in enumerate(items):
        shown = f"{key[0] if isinstance(key, tuple) else key}:{path}"  # the history's key is (blob sha, id)
        shown_of[shown] = (key, path)
        files[shown] = data
        ids[shown] = f"kam{i}"
    with paused_gc():
        book, diags = build_book(files, book_file, settings, ids=ids)
        tables = book.tables
        try:
            frames = prepare(book, settings)
        except Exception:  # an invalid version: diff what can be read
            frames = None
        return _versions(items, shown_of, ids, tables, frames, diags, settings)


def _versions(items, shown_of, ids, tables, frames, diags, settings) -> tuple[dict[object, Version], Context]:
    out: dict[object, Version] = {}
    for key, path, _ in items:
        out[key] = Version(account_id(path), path)
    sid_key = {ids[shown]: kp[0] for shown, kp in shown_of.items()}
    ctx = Context(settings)
    for d in diags:
        if d.severity != "error":
            continue
        if d.code == "duplicate-value-file" and d.file in shown_of:
            other = shown_of.get(str(d.params.get("other", "")).rsplit(":", 1)[0])
            if other is not None and account_id(other[1]) == account_id(shown_of[d.file][1]):
                continue  # two versions of one account read together (the history): not a duplicate
        if d.file in shown_of:
            k, path = shown_of[d.file]
            out[k].errors.append(dataclasses.replace(d, file=path))
        else:
            ctx.errors.append(d)

    people = tables["people"]
    for rec in people.to_dict("records"):
        if isinstance(rec.get("id"), str):
            ctx.people[rec["id"]] = {k: _clean(rec.get(k)) for k in ("name", "role", "team", "github", "left")}
    for rec in tables["offerings"].to_dict("records"):
        if isinstance(rec.get("id"), str):
            ctx.offerings[rec["id"]] = {"name": _clean(rec.get("name"))}

    if frames is not None:
        acc_frame, opp, rec_frame = frames.acc, frames.opp, frames.rec
    else:
        acc_frame = tables["accounts"].set_index("id", drop=False)
        opp, rec_frame = tables["opportunities"], tables["receivables"]
    # every table turned into records ONCE, then grouped by account in plain Python
    contents: dict[str, dict[str, list]] = {}
    for t in ["accounts", *CHILD_TABLES]:
        contents[t] = _contents_by_account(tables[t], t)
    for rec in _records(acc_frame, ("id", "name", "owner", "tier_eff", "tier", "posture", "currency_eff", "currency")):
        key = sid_key.get(rec.get("id"))
        if key is None:
            continue
        v = out[key]
        v.account = {
            "name": rec.get("name"),
            "owner": rec.get("owner"),
            "tier": rec.get("tier_eff", rec.get("tier")),
            "posture": rec.get("posture"),
            "currency": rec.get("currency_eff", rec.get("currency")),
        }
        for t, by_acc in contents.items():
            if rec["id"] in by_acc:
                v.content[t] = sorted(by_acc[rec["id"]], key=_content_order)
    cols = ("account", "id", "name", "stage", "amount", "currency_eff", "currency", "amount_base", "weighted", "open")
    cols += ("close", "close_month", "owner_eff", "owner", "tier")
    for o in _records(opp, cols):
        key = sid_key.get(o.get("account"))
        if key is None or not isinstance(o.get("id"), str) or out[key].account is None:
            continue
        out[key].opps[o["id"]] = {
            "name": o.get("name"),
            "stage": o.get("stage"),
            "amount": o.get("amount"),
            "currency": o.get("currency_eff", o.get("currency")),
            "amount_base": _num(o.get("amount_base")),
            "weighted": _num(o.get("weighted")),
            "open": bool(o.get("open", o.get("stage") in OPEN_STAGES)),
            "close": o.get("close"),
            "close_month": o.get("close_month"),
            "owner": o.get("owner_eff", o.get("owner")),
            "tier": o.get("tier"),
        }
    for r in _records(rec_frame, ("account", "invoice", "amount", "currency_eff", "currency", "due", "days_overdue")):
        key = sid_key.get(r.get("account"))
        if key is None or not isinstance(r.get("invoice"), str) or out[key].account is None:
            continue
        out[key].receivables[r["invoice"]] = {
            "amount": r.get("amount"),
            "currency": r.get("currency_eff", r.get("currency")),
            "due": r.get("due"),
            "days_overdue": int(_num(r.get("days_overdue"))),
        }
    for c in _records(tables["contacts"], ("account", "id", "name", "attitude")):
        key = sid_key.get(c.get("account"))
        if key is None or not isinstance(c.get("id"), str) or out[key].account is None:
            continue
        out[key].contacts[c["id"]] = {"name": c.get("name"), "attitude": c.get("attitude")}
    return out, ctx


def _num(v) -> float:
    v = _clean(v)
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else 0.0


# ---------------------------------------------------------------- pairing and comparing
@dataclass
class Pair:
    """An account before and after: kind added, removed, renamed, moved or modified."""

    kind: str
    old: Version | None
    new: Version | None


def pair_changes(changes: list[Change], book: str) -> list[Change]:
    """Pair a deletion and an addition git did not see as a rename: same blob (renamed) or same id (moved)."""
    acc = [c for c in changes if is_account_path(c.new or c.old, book)]
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
                if i not in used and account_id(d.old) == account_id(a.new):
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


def _kind_of(c: Change) -> str:
    if c.status == "A":
        return "added"
    if c.status == "D":
        return "removed"
    if c.status == "R":
        return "moved" if account_id(c.old) == account_id(c.new) else "renamed"
    return "modified"


def _account_ref(v: Version) -> dict:
    return {"id": v.id, "name": v.name, "path": v.path}


def _stage_move(a: str | None, b: str | None) -> dict | None:
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


def opportunity_changes(old: dict | None, new: dict | None) -> list[dict]:
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


def _table_edits(old: Version | None, new: Version | None) -> dict:
    """Edits not reported elsewhere: {table: {"added": n, "removed": n, "changed": n, "fields": [...]}}."""
    out = {}
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
            fields = {f for f in set(ra) | set(rb) if ra.get(f) != rb.get(f)} - skip
            if fields and old is not None and new is not None:
                out[t] = {"added": 0, "removed": 0, "changed": 1, "fields": sorted(fields)}
            continue
        ka = Counter(k for k, _ in a)
        kb = Counter(k for k, _ in b)
        keyed = all(k is not None for k in ka) and all(k is not None for k in kb)
        entry = {"added": 0, "removed": 0, "changed": 0, "fields": []}
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


def compare(pairs: list[Pair], base_ctx: Context | None = None, head_ctx: Context | None = None) -> dict:
    """Pairs of account versions -> the business meaning of the change (a JSON-able dict)."""
    res: dict = {
        "accounts": [],
        "owners": [],
        "tiers": [],
        "postures": [],
        "opportunities": [],
        "forecast": {},
        "overdue": [],
        "attitudes": [],
        "other": [],
        "formatting_only": [],
        "unreadable": [],
    }
    fc_before: dict[str, Counter] = {"month": Counter(), "rep": Counter(), "tier": Counter()}
    fc_after: dict[str, Counter] = {"month": Counter(), "rep": Counter(), "tier": Counter()}
    total = [0.0, 0.0]
    for p in pairs:
        old = p.old if p.old is not None and p.old.account is not None else None
        new = p.new if p.new is not None and p.new.account is not None else None
        for v in (p.old, p.new):
            if v is not None and v.account is None:
                res["unreadable"].append(v.path)
        if p.kind in ("added", "removed", "renamed", "moved"):
            entry = {"kind": p.kind}
            if p.new is not None:
                entry["account"] = _account_ref(p.new)
                if new is not None:
                    entry["owner"] = new.account["owner"]
                    entry["tier"] = new.account["tier"]
            if p.old is not None:
                entry["old"] = _account_ref(p.old)
            res["accounts"].append(entry)
        if old is not None and new is not None:
            ref = _account_ref(new)
            if old.account["owner"] != new.account["owner"]:
                res["owners"].append({"account": ref, "from": old.account["owner"], "to": new.account["owner"]})
            if old.account["tier"] != new.account["tier"]:
                res["tiers"].append({"account": ref, "from": old.account["tier"], "to": new.account["tier"]})
            if old.account["posture"] != new.account["posture"]:
                res["postures"].append({"account": ref, "from": old.account["posture"], "to": new.account["posture"]})
            if old.content == new.content and p.kind in ("modified", "moved", "renamed"):
                if p.kind == "modified" or (p.old.sha != p.new.sha):
                    res["formatting_only"].append(new.path)
            for cid, c in new.contacts.items():
                before = old.contacts.get(cid)
                if before and before["attitude"] != c["attitude"]:
                    res["attitudes"].append(
                        {
                            "account": ref,
                            "contact": cid,
                            "name": c["name"],
                            "from": before["attitude"],
                            "to": c["attitude"],
                        }
                    )
        ref = _account_ref(new or old) if (new or old) else None
        # opportunities
        o_old = old.opps if old else {}
        o_new = new.opps if new else {}
        for oid in list(o_old) + [k for k in o_new if k not in o_old]:
            ev = opportunity_changes(o_old.get(oid), o_new.get(oid))
            if ev:
                o = o_new.get(oid) or o_old.get(oid)
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
                    before = old.receivables.get(inv) if old else None
                    if before is None or before["days_overdue"] <= 0:
                        res["overdue"].append({"account": ref, "invoice": inv, **r})
        edits = _table_edits(old, new)
        if edits:
            res["other"].append({"account": ref, "tables": edits})
    fc = {"before": round(total[0], 2), "after": round(total[1], 2), "change": round(total[1] - total[0], 2)}
    for dim in ("month", "rep", "tier"):
        keys = sorted(set(fc_before[dim]) | set(fc_after[dim]), key=lambda k: (k == "", k))
        if dim == "tier":
            order = ["major", "named", "non_named", "mass", ""]
            keys.sort(key=lambda k: order.index(k) if k in order else 9)
        rows = []
        for k in keys:
            a, b = round(fc_before[dim][k], 2), round(fc_after[dim][k], 2)
            if abs(b - a) >= 0.005:
                rows.append({"key": k or None, "before": a, "after": b, "change": round(b - a, 2)})
        fc[dim] = rows
    res["forecast"] = fc
    return res


def business_change(res: dict) -> bool:
    """True when the change means something beyond formatting."""
    keys = ("accounts", "owners", "tiers", "postures", "opportunities", "overdue", "attitudes", "other")
    return any(res.get(k) for k in keys) or bool(res.get("team")) or bool(res.get("settings"))


# ---------------------------------------------------------------- the two versions from git
def _book_prefix(repo: Repo, settings: Settings) -> str:
    return repo.relpath(settings.book_path)


def _config_path(repo: Repo, settings: Settings) -> str | None:
    if not settings.config_file:
        return None
    return repo.relpath(settings.config_file)


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
    fa["as_of"], fb["as_of"] = _clean(a.as_of), _clean(b.as_of)
    return [{"key": k, "from": fa.get(k), "to": fb.get(k)} for k in sorted(set(fa) | set(fb)) if fa.get(k) != fb.get(k)]


def team_changes(a: Context, b: Context) -> list[dict]:
    out = []
    for pid in sorted(set(a.people) | set(b.people)):
        x, y = a.people.get(pid), b.people.get(pid)
        if x is None:
            out.append({"kind": "person_added", "id": pid, "name": y["name"]})
        elif y is None:
            out.append({"kind": "person_removed", "id": pid, "name": x["name"]})
        elif x != y:
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


def diff_revisions(repo: Repo, settings: Settings, base: str | None = None, head: str | None = None) -> dict:
    """Compare BASE (default: merge base with the main branch) with HEAD (default: the work tree).

    `settings` are the ones of the work tree (they say where the book and the
    config are); each version is then read with its own mkdocs.yml.
    Raises GitError for git problems (not a repository, unknown revision).
    """
    if base is None:
        main = repo.main_branch()
        base_sha = repo.merge_base(main, head or "HEAD")
        base_label = main
    else:
        base_sha = repo.rev(base)
        base_label = base
    head_sha = repo.rev(head) if head is not None else None
    book = _book_prefix(repo, settings)
    cfg = _config_path(repo, settings) or "mkdocs.yml"
    book_path = (book + "/" if book else "") + BOOK_FILE

    raw = repo.changed(base_sha, head_sha, book or ".")
    changes = pair_changes(raw, book)
    book_changed = any(BOOK_FILE in (c.old, c.new) or book_path in (c.old, c.new) for c in raw)

    # bytes: one cat-file for the base side and the head side's committed blobs
    want = [c.old_sha for c in changes if c.old_sha] + ([c.new_sha for c in changes if c.new_sha] if head_sha else [])
    blobs = repo.cat(want)

    def side(rev: str | None, items_of) -> tuple[dict, Context, bytes | None]:
        cfg_bytes = repo.blob_at(rev, cfg)
        s, sdiags = load_settings_bytes(cfg_bytes, cfg, settings.root)
        if settings.as_of is not None:
            s = dataclasses.replace(s, as_of=settings.as_of)
        bf = repo.blob_at(rev, book_path)
        versions, ctx = parse_versions(items_of, (book_path, bf) if bf is not None else None, s)
        ctx.errors = sdiags + ctx.errors
        return versions, ctx, cfg_bytes

    old_items, new_items = [], []
    for i, c in enumerate(changes):
        if c.old is not None and c.old_sha in blobs:
            old_items.append((i, c.old, blobs[c.old_sha]))
        if c.new is not None:
            data = blobs.get(c.new_sha) if head_sha else repo.blob_at(None, c.new)
            if data is not None:
                new_items.append((i, c.new, data))
    old_v, base_ctx, base_cfg = side(base_sha, old_items)
    new_v, head_ctx, head_cfg = side(head_sha, new_items)
    for i, c in enumerate(changes):
        for v, sha in ((old_v.get(i), c.old_sha), (new_v.get(i), c.new_sha)):
            if v is not None:
                v.sha = sha
    pairs = [Pair(_kind_of(c), old_v.get(i), new_v.get(i)) for i, c in enumerate(changes)]
    res = compare(pairs, base_ctx, head_ctx)
    res["base"] = {"label": base_label, "commit": base_sha}
    res["head"] = {"label": head or None, "commit": head_sha}
    res["files"] = len(changes)
    res["book_file_changed"] = book_changed
    res["team"] = team_changes(base_ctx, head_ctx) if book_changed else []
    res["settings"] = settings_changes(base_ctx.settings, head_ctx.settings) if base_cfg != head_cfg else []
    res["currency"] = head_ctx.settings.policy.base_currency
    res["people"] = {**base_ctx.people, **head_ctx.people}
    res["validation"] = {}
    for name, ctx, vs in (("base", base_ctx, old_v), ("head", head_ctx, new_v)):
        errs = list(ctx.errors) + [d for v in vs.values() for d in v.errors]
        res["validation"][name] = errs
    return res


def diff_paths(repo: Repo, settings: Settings, base=None, head=None) -> dict:
    """Alias kept for the CLI: see diff_revisions."""
    return diff_revisions(repo, settings, base, head)


# ---------------------------------------------------------------- Markdown
def _money(x) -> str:
    if x is None:
        return "—"
    x = float(x)
    s = f"{abs(x):,.0f}" if abs(x - round(x)) < 0.005 or abs(x) >= 1000 else f"{abs(x):,.2f}"
    return ("-" if x < 0 and s.strip("0,.") else "") + s


def _signed(x) -> str:
    s = _money(x)
    return s if s.startswith("-") else "+" + s


def _acc(ref: dict | None) -> str:
    if not ref:
        return ""
    if ref.get("name") and ref["name"] != ref["id"]:
        return f"{ref['name']} (`{ref['id']}`)"
    return f"`{ref['id']}`"


def _person(pid, people, lang) -> str:
    if not pid:
        return term("diff_unowned", lang)
    name = (people.get(pid) or {}).get("name")
    return f"{name} (`{pid}`)" if name else f"`{pid}`"


def _stage(s, lang) -> str:
    return label("stage", s, lang) if s else "—"


def _opp_change(c: dict, lang: str) -> str:
    k = c["kind"]
    t = lambda key, **kw: term(key, lang, **kw)  # noqa: E731
    amount = f"{_money(c.get('amount'))} {c.get('currency') or ''}".strip()
    if k == "created":
        close = t("diff_close_on", date=c["close"]) if c.get("close") else ""
        return t("diff_opp_created", stage=_stage(c["stage"], lang), amount=amount) + close
    if k == "removed":
        return t("diff_opp_removed", stage=_stage(c["stage"], lang), amount=amount)
    if k in ("won", "lost"):
        return t("diff_opp_" + k, stage=_stage(c["from"], lang), amount=amount)
    if k == "reopened":
        return t("diff_opp_reopened", old=_stage(c["from"], lang), new=_stage(c["to"], lang))
    if k in ("forward", "back", "stage"):
        return t("diff_opp_" + k, old=_stage(c["from"], lang), new=_stage(c["to"], lang))
    if k == "amount":
        old_cur = c.get("old_currency") or ""
        cur = c.get("currency") or ""
        if old_cur != cur:
            return t("diff_opp_amount_currency", old=f"{_money(c['from'])} {old_cur}", new=f"{_money(c['to'])} {cur}")
        up = (c["to"] or 0) >= (c["from"] or 0)
        delta = (c["to"] or 0) - (c["from"] or 0)
        return t(
            "diff_opp_amount_up" if up else "diff_opp_amount_down",
            old=_money(c["from"]),
            new=_money(c["to"]),
            currency=cur,
            delta=_signed(delta),
        )
    if k == "pushed":
        return t("diff_opp_pushed", old=c["from"], new=c["to"], days=c["days"])
    if k == "pulled_in":
        return t("diff_opp_pulled", old=c["from"], new=c["to"], days=-c["days"])
    if k == "close":
        return t("diff_opp_close", old=c["from"] or "—", new=c["to"] or "—")
    return k  # pragma: no cover


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def render(res: dict, lang: str = "zh") -> str:
    """The Markdown report of a diff (for the job summary and the pull-request comment)."""

    def t(key, **kw):
        return term(key, lang, **kw)

    people = res.get("people", {})
    out: list[str] = []
    base = res["base"]
    head = res["head"]
    base_txt = f"`{base['label']}` ({base['commit'][:7]})"
    head_txt = f"`{head['label']}` ({head['commit'][:7]})" if head.get("commit") else t("diff_worktree")
    out.append(t("diff_title", base=base_txt, head=head_txt))
    out.append("")

    # validation first: the reader must know the figures below may be partial
    for side in ("base", "head"):
        errs = res["validation"].get(side) or []
        if errs:
            out.append(t("diff_invalid_" + side, n=len(errs)))
            for d in errs[:FIRST_ERRORS]:
                out.append(f"> - `{d.text(lang)}`")
            if len(errs) > FIRST_ERRORS:
                out.append("> - " + t("diff_more", n=len(errs) - FIRST_ERRORS))
            out.append("")

    acc_files = [a for a in res["accounts"]]
    n_files = res["files"]
    if not n_files and not res.get("book_file_changed") and not res.get("settings"):
        out.append(t("diff_nothing"))
        return "\n".join(out).rstrip() + "\n"
    counts = Counter(a["kind"] for a in acc_files)
    modified = n_files - sum(counts.values())
    parts = [t("diff_count_" + k, n=counts[k]) for k in ("added", "removed", "renamed", "moved") if counts[k]]
    if modified:
        parts.append(t("diff_count_modified", n=modified))
    if n_files:
        out.append(t("diff_files", n=n_files, parts=t("diff_sep").join(parts)))
        out.append("")
    if not business_change(res):
        out.append(t("diff_formatting_only_all"))
        out.append("")

    if res["owners"]:
        out.append(t("diff_approval"))
        for o in res["owners"]:
            out.append(
                "- "
                + t(
                    "diff_owner",
                    account=_acc(o["account"]),
                    old=_person(o["from"], people, lang),
                    new=_person(o["to"], people, lang),
                )
            )
        out.append("")

    fc = res["forecast"]
    cur = res.get("currency", "")
    if fc.get("month") or fc.get("rep") or fc.get("tier"):
        out.append("#### " + t("diff_forecast", currency=cur))
        out.append("")
        out.append(
            t("diff_forecast_total", old=_money(fc["before"]), new=_money(fc["after"]), delta=_signed(fc["change"]))
        )
        out.append("")
        cols = [t("diff_before"), t("diff_after"), t("diff_change")]
        for dim, head_key in (("month", "diff_by_month"), ("rep", "diff_by_rep"), ("tier", "diff_by_tier")):
            rows = []
            for r in fc[dim]:
                k = r["key"]
                if k is None:
                    name = t("diff_none")
                elif dim == "rep":
                    name = _person(k, people, lang)
                elif dim == "tier":
                    name = label("tier", k, lang)
                else:
                    name = k
                rows.append([name, _money(r["before"]), _money(r["after"]), _signed(r["change"])])
            if rows:
                out += _table([t(head_key)] + cols, rows)
                out.append("")

    lines = []
    for a in res["accounts"]:
        k = a["kind"]
        if k == "added":
            extra = ""
            if a.get("owner") or a.get("tier"):
                extra = t(
                    "diff_account_added_extra",
                    owner=_person(a.get("owner"), people, lang),
                    tier=label("tier", a["tier"], lang) if a.get("tier") else "—",
                )
            lines.append(t("diff_account_added", account=_acc(a["account"]), path=a["account"]["path"]) + extra)
        elif k == "removed":
            lines.append(t("diff_account_removed", account=_acc(a["old"]), path=a["old"]["path"]))
        elif k == "renamed":
            lines.append(
                t(
                    "diff_account_renamed",
                    old=f"`{a['old']['id']}`",
                    new=_acc(a["account"]),
                    old_path=a["old"]["path"],
                    new_path=a["account"]["path"],
                )
            )
        elif k == "moved":
            lines.append(
                t(
                    "diff_account_moved",
                    account=_acc(a["account"]),
                    old_path=a["old"]["path"],
                    new_path=a["account"]["path"],
                )
            )
    for x in res["tiers"]:
        lines.append(
            t(
                "diff_tier",
                account=_acc(x["account"]),
                old=label("tier", x["from"], lang),
                new=label("tier", x["to"], lang),
            )
        )
    for x in res["postures"]:
        lines.append(
            t(
                "diff_posture",
                account=_acc(x["account"]),
                old=label("posture", x["from"], lang),
                new=label("posture", x["to"], lang),
            )
        )
    if lines:
        out.append("#### " + t("diff_accounts"))
        out.append("")
        out += ["- " + x for x in lines]
        out.append("")

    if res["opportunities"]:
        out.append("#### " + t("diff_opportunities"))
        out.append("")
        for o in res["opportunities"]:
            name = o["name"] or o["opportunity"]
            what = t("diff_sep_semicolon").join(_opp_change(c, lang) for c in o["changes"])
            out.append("- " + t("diff_opp_line", account=_acc(o["account"]), name=name, id=o["opportunity"], what=what))
        out.append("")

    if res["overdue"]:
        out.append("#### " + t("diff_overdue"))
        out.append("")
        for r in res["overdue"]:
            out.append(
                "- "
                + t(
                    "diff_overdue_line",
                    account=_acc(r["account"]),
                    invoice=r["invoice"],
                    amount=_money(r["amount"]),
                    currency=r["currency"] or "",
                    due=r["due"],
                    days=r["days_overdue"],
                )
            )
        out.append("")

    if res["attitudes"]:
        out.append("#### " + t("diff_attitudes"))
        out.append("")
        for r in res["attitudes"]:
            out.append(
                "- "
                + t(
                    "diff_attitude_line",
                    account=_acc(r["account"]),
                    contact=f"{r['name']} (`{r['contact']}`)" if r.get("name") else f"`{r['contact']}`",
                    old=label("attitude", r["from"], lang),
                    new=label("attitude", r["to"], lang),
                )
            )
        out.append("")

    if res["other"]:
        out.append("#### " + t("diff_other"))
        out.append("")
        for r in res["other"]:
            parts = []
            for table, e in r["tables"].items():
                if table == "accounts":
                    parts.append(t("diff_fields", fields=", ".join(e["fields"])))
                    continue
                bits = [t("diff_n_" + k, n=e[k]) for k in ("added", "removed", "changed") if e[k]]
                if e["fields"]:
                    bits.append(", ".join(e["fields"]))
                kind = table_kinds()[table]
                parts.append(t("diff_table", table=kind.zh if lang == "zh" else kind.en) + t("diff_sep").join(bits))
            out.append("- " + t("diff_table", table=_acc(r["account"])) + t("diff_sep_semicolon").join(parts))
        out.append("")

    if res["formatting_only"]:
        out.append("#### " + t("diff_formatting"))
        out.append("")
        out += [f"- {p}" for p in res["formatting_only"]]
        out.append("")

    if res.get("unreadable"):
        out.append("#### " + t("diff_unreadable"))
        out.append("")
        out += [f"- {p}" for p in sorted(set(res["unreadable"]))]
        out.append("")

    if res.get("team"):
        out.append("#### " + t("diff_team"))
        out.append("")
        for x in res["team"]:
            out.append(
                "- "
                + t("diff_" + x["kind"], id=x["id"], name=x.get("name") or "", fields=", ".join(x.get("fields", [])))
            )
        out.append("")
    if res.get("settings"):
        out.append("#### " + t("diff_settings"))
        out.append("")
        for x in res["settings"]:
            out.append(f"- `{x['key']}`: {x['from']} → {x['to']}")
        out.append("")
        out.append(t("diff_settings_note"))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def to_json(res: dict, lang: str = "en") -> dict:
    """The diff result with diagnostics as dicts: JSON-able."""
    out = dict(res)
    out["validation"] = {k: [d.as_dict(lang) for d in v] for k, v in res["validation"].items()}
    return out


__all__ = ["diff_revisions", "render", "parse_versions", "compare", "Pair", "Version", "GitError"]
