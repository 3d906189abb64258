"""Account files at a version of the book, read by the one loader: :class:`Version` records.

Only the files a change touches are read (the cost is the size of the change, not of the book), each
validated with the `_book.yaml` and kam settings of its own version, with tiers, postures and weighted
amounts from ``metrics.base.prepare``.  The history reads many versions of one account at once.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import pandas as pd

from kam.book.diagnostics import Diagnostic
from kam.book.fields import table_kinds
from kam.book.loader import build_book, paused_gc
from kam.book.policy import OPEN_STAGES, Settings, load_settings
from kam.book.tables import META
from kam.git.diff.types import AccountInfo, Contact, Deal, Receivable
from kam.values import plain

CHILD_TABLES = [t for t in table_kinds() if t not in ("accounts", "people", "offerings")]


@dataclass
class Version:
    """One account file at one version, parsed and validated."""

    id: str
    path: str
    sha: str | None = None
    errors: list[Diagnostic] = field(default_factory=list)
    account: AccountInfo | None = None  # None: the file could not be read as an account
    opps: dict[str, Deal] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    receivables: dict[str, Receivable] = field(default_factory=dict)
    content: dict[str, list] = field(default_factory=dict)  # table -> [(key, {field: value})]

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def name(self) -> str:
        return (self.account["name"] if self.account else None) or self.id


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


def _records(df: pd.DataFrame, cols) -> list[dict]:
    """Rows as dicts of clean values (only the columns that exist), in one pass over the frame."""
    cols = [c for c in cols if c in df.columns]
    if df.empty or not cols:
        return []
    data = [df[c].tolist() for c in cols]
    return [{c: plain(v) for c, v in zip(cols, row)} for row in zip(*data)]


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


def _in_content_order(rows: list) -> list:
    """Rows sorted by _content_order.  When every row has a key of its own (ids, invoice numbers), the
    keys alone give that order, and the text of every row (a third of the history's comparisons) is
    not made."""
    keys = [k for k, _ in rows]
    if None not in keys and len(set(keys)) == len(keys):
        return sorted(rows, key=lambda kv: kv[0])
    return sorted(rows, key=_content_order)


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
    items: Sequence[tuple[Hashable, str, bytes]],
    book_file: tuple[str, bytes] | None,
    settings: Settings,
) -> tuple[dict[Any, Version], Context]:
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


def _versions(items, shown_of, ids, tables, frames, diags, settings) -> tuple[dict[Any, Version], Context]:
    out: dict[Any, Version] = {}
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
            ctx.people[rec["id"]] = {k: plain(rec.get(k)) for k in ("name", "role", "team", "github", "left")}
    for rec in tables["offerings"].to_dict("records"):
        if isinstance(rec.get("id"), str):
            ctx.offerings[rec["id"]] = {"name": plain(rec.get("name"))}

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
                v.content[t] = _in_content_order(by_acc[rec["id"]])
    cols: tuple[str, ...] = ("account", "id", "name", "stage", "amount", "currency_eff", "currency", "amount_base")
    cols += ("weighted", "open", "close", "close_month", "owner_eff", "owner", "tier")
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
    v = plain(v)
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else 0.0
