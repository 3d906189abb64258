"""JSON Schema for account files, generated from the field catalogue (for editors)."""

from __future__ import annotations

import json

from kam.book.fields import KINDS, Field, Kind
from kam.labels import ENUMS

_DATE = r"^\d{4}-\d{2}-\d{2}$"


def _scalar(f: Field) -> dict:
    t = f.type
    if t in ("str", "text"):
        s: dict = {"type": "string"}
        if f.enum:
            s["enum"] = list(ENUMS[f.enum])
        if f.pattern:
            s["pattern"] = f.pattern
    elif t in ("int", "year"):
        s = {"type": "integer"}
    elif t == "number":
        s = {"type": "number"}
    elif t == "percent":
        s = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^\s*[-+]?\d+(\.\d+)?\s*%\s*$"}]}
    elif t == "date":
        s = {"type": "string", "pattern": _DATE, "format": "date"}
    elif t == "bool":
        s = {"type": "boolean"}
    else:  # pragma: no cover
        raise AssertionError(t)
    if f.min is not None and t != "percent":
        s["minimum"] = f.min
    if f.max is not None and t != "percent":
        s["maximum"] = f.max
    return s


def _object(kind: Kind) -> dict:
    props = {}
    for f in kind.fields:
        if f.type == "record":
            sub = _object(KINDS[f.record])
            s = {"type": "array", "items": sub} if f.many else sub
        else:
            s = {"type": "array", "items": _scalar(f)} if f.many else _scalar(f)
        s["description"] = f"{f.zh} / {f.en}"
        if f.example is not None:
            s["examples"] = [f.example]
        props[f.name] = s
    out = {"type": "object", "title": f"{kind.zh} / {kind.en}", "properties": props, "additionalProperties": False}
    req = [f.name for f in kind.fields if f.required]
    if req:
        out["required"] = req
    return out


def account_schema() -> dict:
    s = _object(KINDS["account"])
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "kam-account.schema.json", **s}


def book_schema() -> dict:
    s = _object(KINDS["book"])
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "kam-book.schema.json", **s}


def account_schema_text() -> str:
    return json.dumps(account_schema(), ensure_ascii=False, indent=2) + "\n"
