"""CSV rows -> account records: conversion, references, defects, and where each row goes.

Order: offerings, people, accounts, contacts, opportunities (references point
backwards).  Every row either lands in a record or is listed as not placed;
every value that cannot be used is reported and, where the record has notes,
kept there verbatim ("not imported: column = value").
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import fnmatch
import hashlib
import re
import sys
import unicodedata
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from kam.book.fields import ID, KINDS, SLUG
from kam.book.policy import Settings

from ..labels import ENUMS, term
from . import csvread, numbers
from .mapping import KIND_OF, TABLES, ColSpec, Mapping, TableMap, importable_fields
from .report import Finding, err, warn
from .store import Store

_ID = re.compile(ID)
_SLUG = re.compile(SLUG)
_TRUE = {"true", "yes", "y", "1", "是", "对", "t"}
_FALSE = {"false", "no", "n", "0", "否", "不", "f"}
UNASSIGNED_ID = "unassigned"
PREFIX = {"accounts": "ka", "people": "p", "offerings": "o", "contacts": "c", "opportunities": "d"}


def norm(text: str) -> str:
    """Names compared for references: case and runs of blanks do not matter (spelling does)."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def slug(text: str, prefix: str, pattern=_SLUG) -> str:
    """An id from a name: ASCII letters and digits joined by hyphens.

    A name with letters that have no ASCII form (Chinese, Cyrillic...) gets a
    short hash of the whole name appended (`huawei-3f2a1b` for "华为 Huawei"),
    or is the prefix and the hash alone (`ka-9c41d0e2` for "华东精密"): ids are
    stable, need no pinyin dictionary, and two such names never collide.
    """
    t = unicodedata.normalize("NFKD", text.strip())
    lost = any(ord(c) > 127 and not unicodedata.combining(c) and unicodedata.category(c)[0] in "LN" for c in t)
    s = re.sub(r"[^a-z0-9]+", "-", t.encode("ascii", "ignore").decode().lower()).strip("-")
    if len(s) > 48:
        s = s[:48].rsplit("-", 1)[0] or s[:48]
    if lost or not s:
        h = hashlib.sha1(text.strip().encode("utf-8")).hexdigest()
        s = f"{s}-{h[:6]}" if s else f"{prefix}-{h[:8]}"
    return s if pattern.match(s) else f"{prefix}-{hashlib.sha1(text.encode()).hexdigest()[:8]}"


def id_from_cell(raw: str, prefix: str) -> str:
    s = re.sub(r"[^a-z0-9_]+", "-", raw.strip().lower()).strip("-_")
    s = re.sub(r"[-_]{2,}", "-", s)
    return s if s and _ID.match(s) else slug(raw, prefix, _ID)


def _hint(word: str, choices) -> str | None:
    m = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    if m:
        return m[0]
    low = {norm(c): c for c in choices}
    m = difflib.get_close_matches(norm(word), sorted(low), n=1, cutoff=0.6)
    return low[m[0]] if m else None


@dataclass(slots=True)
class Record:
    table: str
    values: dict
    source: tuple[str, int] | None  # (file, row) it came from; None for the unassigned pool
    notes_extra: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Account:
    """An account as the import keeps it: small, whatever the number of its contacts and deals."""

    rec: Record
    files: array = field(default_factory=lambda: array("i"))  # (source file number, first row, rows) triples
    owners: dict | None = None  # owner_from_opportunities: person -> deals, for an account without owner
    won: array | None = None  # revenue_from_won: (close year, won amount) pairs, years in the order first seen

    def used(self, file_no: int, n: int) -> None:
        f = self.files
        for i in range(0, len(f), 3):
            if f[i] == file_no:
                f[i + 2] += 1
                return
        f.extend((file_no, n, 1))

    def revenue(self) -> list[dict]:
        w = self.won or ()
        pairs = sorted((int(w[i]), w[i + 1]) for i in range(0, len(w), 2))
        return [{"year": y, "amount": round(a, 2)} for y, a in pairs]

    def add_won(self, year: int, amount: float) -> None:
        w = self.won if self.won is not None else array("d")
        self.won = w
        for i in range(0, len(w), 2):
            if w[i] == year:
                w[i + 1] += amount
                return
        w.extend((year, amount))


@dataclass(slots=True)
class Unplaced:
    file: str
    row: int
    table: str
    reason: Finding  # the error that says why, shown again in the report's list (a code is no reason to a reader)


class Importer:
    def __init__(self, mapping: Mapping, settings: Settings, lang: str = "zh"):
        self.m = mapping
        self.settings = settings
        self.lang = lang
        self.found: list[Finding] = []
        self.unplaced: list[Unplaced] = []
        self.people: dict[str, Record] = {}
        self.offerings: dict[str, Record] = {}
        self.accounts: dict[str, Account] = {}
        self.names: dict[str, dict[str, str]] = {"people": {}, "offerings": {}, "accounts": {}}
        self.display: dict[str, dict[str, str]] = {"people": {}, "offerings": {}, "accounts": {}}
        self.read_tables: set[str] = set()
        self.counts: dict[str, int] = {t: 0 for t in TABLES}
        self.unused_columns: dict[str, list[str]] = {}
        self.store = Store()  # rendered contacts and deals, ids in use: on disk
        self.file_names: list[str] = []
        self.file_no: dict[str, int] = {}
        self.not_imported = term("imp_not_imported", lang)

    # ------------------------------------------------------------ plumbing
    def number_of(self, path: str) -> int:
        """A source file as a small number (accounts and deal ids keep numbers, not paths)."""
        if path not in self.file_no:
            self.file_no[path] = len(self.file_names)
            self.file_names.append(path)
        return self.file_no[path]

    def table_map(self, table: str) -> TableMap:
        return self.m.tables.get(table) or TableMap(table, (), {}, {}, {}, {})

    def assign(self, paths: list[str]) -> tuple[dict[str, list[str]], list[str]]:
        """Input files -> the table each belongs to (by the mapping's `files:` patterns)."""
        by_table: dict[str, list[str]] = {t: [] for t in TABLES}
        unmatched = []
        for p in paths:
            name = Path(p).name
            hit = None
            for t in TABLES:
                tm = self.m.tables.get(t)
                if tm and any(fnmatch.fnmatch(name.lower(), pat.lower()) for pat in tm.files):
                    hit = t
                    break
            if hit is None:
                unmatched.append(p)
            else:
                by_table[hit].append(p)
        return by_table, unmatched

    def check_mapping(self) -> list[Finding]:
        """Mapping problems only visible with the catalogue (mapcheck.py); converts the defaults."""
        from .mapcheck import check

        return check(self)

    # ------------------------------------------------------------ values
    def convert(self, f, raw: str, spec: ColSpec | None, tm: TableMap):
        """A cell's text -> (value, None) or (None, (code, params))."""
        if spec is not None and spec.bins:
            x, bad = self._number(raw)
            if bad:
                return None, (bad, self._number_params(raw))
            code = None
            for lo, c in spec.bins:
                if x >= lo:
                    code = c
            if code is None:
                return None, ("below_bins", {"value": raw, "low": _fmt(spec.bins[0][0])})
            raw = code
        t = f.type
        if f.enum:
            return self.enum(f, raw, tm)
        if t in ("str", "text"):
            if f.pattern == r"^[A-Z]{3}$":
                v = raw.strip().upper()
                return (v, None) if re.match(f.pattern, v) else (None, ("bad_currency", {"value": raw}))
            if f.pattern and not re.match(f.pattern, raw):
                return None, ("bad_pattern", {"value": raw, "field": f.name})
            return raw, None
        if t in ("number", "percent", "int", "year"):
            x, bad = self._number(raw.rstrip("%").rstrip() if t == "percent" else raw)
            if bad:
                return None, (bad, self._number_params(raw))
            if spec is not None and spec.scale:
                x = x * spec.scale
            if t in ("int", "year"):
                if not float(x).is_integer():
                    return None, ("bad_int", {"value": raw})
                x = int(x)
            else:
                x = round(float(x), 2)
            if f.min is not None and x < f.min:
                return None, ("too_small", {"value": raw, "min": _fmt(f.min)})
            if f.max is not None and x > f.max:
                return None, ("too_large", {"value": raw, "max": _fmt(f.max)})
            return x, None
        if t == "date":
            for fmt in self.m.date_formats:
                if fmt == "%Y-%m-%d" and len(raw) == 10 and raw[4] == "-" and raw[7] == "-":  # the fast path
                    try:
                        return dt.date.fromisoformat(raw), None
                    except ValueError:
                        continue
                try:
                    return dt.datetime.strptime(raw.strip(), fmt).date(), None
                except ValueError:
                    continue
            try:
                return dt.date.fromisoformat(raw.strip()[:10]), None
            except ValueError:
                return None, _bad_date(raw, self.m.date_formats)
        if t == "bool":
            low = raw.strip().lower()
            if low in _TRUE:
                return True, None
            if low in _FALSE:
                return False, None
            return None, ("bad_bool", {"value": raw})
        raise AssertionError(t)  # pragma: no cover

    def _number(self, raw: str):
        """(value, None) or (None, problem code): in the form the mapping declares (numbers.py)."""
        return numbers.parse(raw, self.m.numbers)

    def _number_params(self, raw: str) -> dict:
        form = self.m.numbers
        return {"value": raw, "form": form.example(), "decimal": form.decimal}

    def allowed(self, f) -> dict:
        """A field's codes, code -> (Chinese, English): an account's region from the company's own regions
        when mkdocs.yml names them (`regions:`, each written one way), else kam's (words.yaml)."""
        if f.enum == "region" and self.settings.regions is not None:
            return {code: (name, name) for code, name in self.settings.regions.items()}
        return ENUMS[f.enum]

    def enum(self, f, raw: str, tm: TableMap):
        allowed = self.allowed(f)
        vmap = tm.values.get(f.name, {})
        if raw in vmap:
            return vmap[raw], None
        low = {norm(k): v for k, v in vmap.items()}
        if norm(raw) in low:
            return low[norm(raw)], None
        code = re.sub(r"[\s\-]+", "_", raw.strip().lower())
        if code in allowed:
            return sys.intern(code), None  # one string for each code, not one a row
        for zh_en_code, (zh, en) in allowed.items():
            if raw.strip() in (zh, en):
                return zh_en_code, None
        if "*" in vmap:
            return vmap["*"], None
        choices = [k for k in vmap if k != "*"] + list(allowed)
        hint = _hint(raw, choices)
        return None, ("bad_value_hint" if hint else "bad_value", {"value": raw, "field": f.name, "hint": hint or ""})

    # ------------------------------------------------------------ rows
    def rows(self, table: str, t: csvread.Table, progress):
        """Yield (row number, {field: value}, {field: col}, [extra notes]) for rows whose required fields are set."""
        tm = self.table_map(table)
        fields = importable_fields(table)
        idx = t.index()
        specs: dict[str, tuple[ColSpec, list[int]]] = {}
        used = set()
        for fname, spec in tm.columns.items():
            cols = spec.columns()
            missing = [c for c in cols if c not in idx]
            if missing and not spec.template:
                c = missing[0]
                hint = _hint(c, t.header)
                f = fields.get(fname)
                needed = fname == "account" or (f is not None and f.required and fname not in tm.defaults)
                code = "missing_column_hint" if hint else "missing_column"
                mk = err if needed else warn
                why = mk(t.path, 1, 0, code, column=c, field=fname, hint=hint or "")
                self.found.append(why)
                if needed:
                    self.found.append(err(t.path, 1, 0, "file_skipped", rows=t.count))
                    for n, _ in t.rows(self.found):
                        self.unplaced.append(Unplaced(t.path, n, table, why))
                    return
                continue
            if missing:  # templates: a placeholder naming no column is a mistake of the mapping, shown there
                for c in missing:
                    line, col = next(tpl.pos for tpl in spec.template if c in tpl.columns())
                    hint = _hint(c, t.header)
                    code = "map_template_column_hint" if hint else "map_template_column"
                    self.found.append(
                        err(self.m.path, line, col, code, column=c, field=fname, path=t.path, hint=hint or "")
                    )
                continue
            specs[fname] = (spec, [idx[c] for c in cols])
            used.update(cols)
        self.unused_columns[t.path] = [h for h in t.header if h and h not in used]
        empty_defaults: dict[str, int] = {}
        required = [
            f.name
            for f in KINDS[KIND_OF[table]].fields
            if f.required
            and f.type != "record"
            and f.name != "id"
            and not (table == "opportunities" and f.name == "name")
        ]
        for n, cells in t.rows(self.found):
            if progress:
                progress(1)
            values: dict = {}
            where: dict[str, int] = {}  # field -> its column, for the messages
            notes: list[str] = []
            ok = True
            for fname, (spec, ix) in specs.items():
                col = ix[0] + 1
                if spec.template:
                    raw = _fill(spec.template, t.header, cells, ix)
                else:
                    raw = cells[ix[0]].strip()
                where[fname] = col
                if not raw:
                    continue
                alias = tm.aliases.get(fname, {})
                if raw in alias:
                    self.found.append(warn(t.path, n, col, "alias", value=raw, fixed=alias[raw], field=fname))
                    raw = alias[raw]
                f = fields.get(fname)
                if f is None or f.ref or fname == "id":  # account, id and references: resolved by the caller
                    values[fname] = raw
                    continue
                v, bad = self.convert(f, raw, spec, tm)
                if bad is None:
                    values[fname] = v
                    continue
                code, params = bad
                header = t.header[ix[0]] if not spec.template else fname
                if f.required and fname in tm.defaults:
                    values[fname] = tm.defaults[fname]
                    self.found.append(
                        warn(
                            t.path, n, col, "defaulted", inner=code, default=tm.defaults[fname], column=header, **params
                        )
                    )
                elif f.required:
                    self.not_placed(table, err(t.path, n, col, code, column=header, **params))
                    self.found.append(err(t.path, n, 0, "row_skipped"))
                    ok = False
                    break
                else:
                    self.found.append(err(t.path, n, col, code, column=header, **params))
                    notes.append(f"{header} = {raw}")
            if not ok:
                continue
            for fname, v in tm.defaults.items():
                if fname not in values and fname != "lost_reason":
                    values[fname] = v
                    if fname in specs:
                        empty_defaults[fname] = empty_defaults.get(fname, 0) + 1
            gap = next((f for f in required if f not in values), None)
            if gap is not None:
                self.missing(t.path, n, where.get(gap, 0), gap, table)
                continue
            yield n, values, where, notes
        for fname, k in sorted(empty_defaults.items()):
            self.found.append(
                warn(t.path, 1, specs[fname][1][0] + 1, "empty_default", n=k, field=fname, default=tm.defaults[fname])
            )

    # ------------------------------------------------------------ references
    def lookup(self, table: str, raw: str) -> str | None:
        if raw in self.display[table]:
            return raw
        return self.names[table].get(norm(raw))

    def register(self, table: str, rid: str, name: str):
        self.display[table][rid] = name
        for text in (name, rid):
            k = norm(text)
            self.names[table].setdefault(text if k == text else k, rid)  # the same string when already normal

    def new_id(self, table: str, name: str, explicit: str | None, taken) -> str:
        if explicit:
            return id_from_cell(explicit, PREFIX[table]) if table != "accounts" else slug(explicit, "ka")
        base = slug(name, PREFIX[table], _SLUG if table == "accounts" else _ID)
        if base not in taken:
            return base
        h = hashlib.sha1(name.encode("utf-8")).hexdigest()[:6]
        rid = f"{base}-{h}"
        k = 2
        while rid in taken:
            rid = f"{base}-{h}-{k}"
            k += 1
        return rid

    def person_ref(self, raw, path, n, col, what) -> str | None:
        pid = self.lookup("people", raw)
        if pid is not None:
            return pid
        if "people" in self.m.create:
            return self.create_person(raw, None, path, n, col)
        hint = _hint(raw, list(self.display["people"].values()))
        self.found.append(
            err(path, n, col, "unknown_person_hint" if hint else "unknown_person", value=raw, hint=hint or "")
        )
        return None

    def create_person(self, name, team, path, n, col, role=None) -> str:
        tm = self.table_map("people")
        pid = self.new_id("people", name, None, self.people)
        rec = {"id": pid, "name": name, "role": role or tm.defaults.get("role", "rep")}
        if team:
            rec["team"] = team
        self.people[pid] = Record("people", rec, (path, n))
        self.register("people", pid, name)
        self.counts["people"] += 1
        if "people" in self.read_tables:
            self.found.append(warn(path, n, col, "person_created", name=name, id=pid, role=rec["role"]))
        return pid

    def not_placed(self, table: str, why: Finding) -> None:
        """A row left out: its error reported, and the row listed with it."""
        self.found.append(why)
        self.unplaced.append(Unplaced(why.file, why.row, table, why))

    def missing(self, path, n, col, fname, table):
        self.not_placed(table, err(path, n, col, "missing_required", field=fname))

    def duplicate(self, path, n, col, table, value, first):
        fp, fn = first
        where = str(fn) if fp == path else f"{fp}:{fn}"
        self.not_placed(table, err(path, n, col, "duplicate_row", value=value, first=where))

    # ------------------------------------------------------------ after all rows
    def finish(self):
        for acc in self.accounts.values():
            if (
                acc.owners
                and not acc.rec.values.get("owner")
                and acc.rec.values.get("name")
                and acc.rec.source is not None
            ):
                acc.rec.values["owner"] = sorted(acc.owners.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            acc.owners = None


class _InAccount:
    """The contact or deal ids of one account, as the store keeps them."""

    def __init__(self, ids: Store, aid: str, kind: str):
        self.ids, self.prefix = ids, f"{kind}\0{aid}\0"

    def __contains__(self, x) -> bool:
        return self.prefix + x in self.ids

    def add(self, x: str) -> None:
        self.ids.add(self.prefix + x)


class _Taken:
    """Ids in use: the accounts so far and one reserved id (without copying the set for each row)."""

    def __init__(self, ids, reserved: str):
        self.ids, self.reserved = ids, reserved

    def __contains__(self, x) -> bool:
        return x == self.reserved or x in self.ids


def _fill(templates, header, cells, ix) -> str:
    values = {header[i]: cells[i].strip() for i in ix}
    parts = []
    for tpl in templates:
        names = tpl.columns()
        if len(templates) > 1 and any(not values.get(nm) for nm in names):
            continue  # one part of a list: skipped when it lacks a value
        if names and not any(values.get(nm) for nm in names):
            continue
        parts.append(tpl.fill(values).strip())
    return "; ".join(p for p in parts if p)


def _fmt(x) -> str:
    return f"{x:g}"


_DATE_PARTS = {"%Y": r"(?P<Y>\d{4})", "%m": r"(?P<m>\d{1,2})", "%d": r"(?P<d>\d{1,2})"}
_DATE_SHOWN = {"%Y": "YYYY", "%y": "YY", "%m": "MM", "%d": "DD", "%b": "Mon", "%B": "Month", "%H": "hh", "%M": "mm"}


def _date_form(fmt: str) -> str:
    """A strptime format as a person reads it: %d.%m.%Y -> DD.MM.YYYY (other directives stay as written)."""
    return re.sub(r"%.", lambda m: _DATE_SHOWN.get(m[0], m[0]), fmt)


def _bad_date(raw: str, formats) -> tuple[str, dict]:
    """Why a cell is no date, in words (strptime's errors are for programmers): a cell in a form of numeric year,
    month and day (ISO's too) names a day its month lacks (2017-02-30) or no real day (2017-13-01); else the forms."""
    unreal = None
    for fmt in (*formats, "%Y-%m-%d"):  # ISO dates always work
        parts = re.split(r"(%.)", fmt)
        if sorted(p for p in parts if p.startswith("%")) != ["%Y", "%d", "%m"]:
            continue  # only these three tell which day was meant
        m = re.fullmatch("".join(_DATE_PARTS.get(p, re.escape(p)) for p in parts), raw.strip())
        if m is None or int(m["Y"]) < 1:
            continue
        year, month, day = int(m["Y"]), int(m["m"]), int(m["d"])
        if not 1 <= month <= 12 or day < 1:
            unreal = unreal or ("not_a_date", {"value": raw})  # a later form may still name the day it lacks
        elif day > (days := calendar.monthrange(year, month)[1]):
            return "no_such_day", {"value": raw, "month": f"{year:04d}-{month:02d}", "days": days}
    return unreal or ("bad_date", {"value": raw, "format": " | ".join(_date_form(f) for f in formats)})
