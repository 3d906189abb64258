"""Mistakes of a mapping only the field catalogue shows, each at its own line and column of the mapping file.

A required field with neither column nor default; a `values:` entry mapping to no code, or
given for a field that has no codes; a default or a `bins:` value the field cannot take
(`potential: abc`, `since: soon`, `region: mars`).  Defaults that pass are kept converted
(`since: 2020-01-01` a date, `potential: 1e6` a number), as a cell would be.
"""

from __future__ import annotations

from typing import Any

from kam.book.fields import KINDS

from .mapping import KIND_OF, importable_fields
from .report import Finding, err


def check(imp) -> list[Finding]:
    """All mapping problems of the Importer's mapping (empty: it can run)."""
    m = imp.m
    out: list[Finding] = []
    f: Any  # a catalogue Field, then the mapped field of each rule (None when it names no field)
    needed = [t for t in m.tables if m.tables[t].files]
    if "accounts" not in needed and ("accounts" in m.create or m.unassigned == "keep" or "opportunities" in needed):
        needed.append("accounts")
    for t in needed:
        tm = imp.table_map(t)
        line, col = tm.pos
        for f in KINDS[KIND_OF[t]].fields:
            if not f.required or f.type == "record" or f.name == "id":
                continue
            if f.name in tm.columns or f.name in tm.defaults or (t == "accounts" and f.name == "name"):
                continue
            out.append(err(m.path, line, col, "map_required", table=t, field=f.name))
        if t in ("contacts", "opportunities") and "account" not in tm.columns:
            out.append(err(m.path, line, col, "map_required", table=t, field="account"))
    for t, tm in m.tables.items():
        fields = importable_fields(t)
        for fname, vmap in tm.values.items():
            f = fields.get(fname)
            if f is None or not f.enum:
                line, col = tm.at(f"values.{fname}")
                out.append(err(m.path, line, col, "map_values_not_enum", field=fname))
                continue
            for src, code in vmap.items():
                if code not in imp.allowed(f):
                    line, col = tm.at(f"values.{fname}.{src}")
                    allowed = ", ".join(imp.allowed(f))
                    out.append(
                        err(m.path, line, col, "map_bad_code", field=fname, value=code, source=src, allowed=allowed)
                    )
        for fname, v in list(tm.defaults.items()):
            f = fields.get(fname)
            if f is None or f.ref or fname == "id":  # account, id and references: resolved like a cell
                continue
            line, col = tm.at(f"defaults.{fname}")
            if f.enum:
                if v not in imp.allowed(f):
                    allowed = ", ".join(imp.allowed(f))
                    out.append(
                        err(m.path, line, col, "map_bad_code", field=fname, value=v, source="defaults", allowed=allowed)
                    )
                continue
            value, bad = imp.convert(f, _text(v, f, m.numbers), None, tm)
            if bad is None:
                if isinstance(v, str) or f.type in ("str", "text"):  # YAML numbers and booleans stay as written
                    tm.defaults[fname] = value
                continue
            code, params = bad
            out.append(err(m.path, line, col, code, **{"column": f"defaults.{fname}", **params}))
        for fname, spec in tm.columns.items():
            f = fields.get(fname)
            if f is None or not spec.bins:
                continue
            for _, code in spec.bins:
                if imp.convert(f, code, None, tm)[1] is not None:
                    line, col = spec.pos
                    out.append(err(m.path, line, col, "map_bad_bin", field=fname, value=code))
    return out


def _text(v, f, form) -> str:
    """A default as a cell would write it: YAML numbers in the mapping's number form, true and false."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)) and not isinstance(v, bool) and f.type in ("number", "percent", "int", "year"):
        text = repr(v)
        return text.replace(".", form.decimal) if form.decimal != "." else text
    return str(v)
