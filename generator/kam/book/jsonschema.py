"""JSON Schemas for editors, generated from the field catalogue (and, for ids, from the book).

Three files, kept side by side (docs/schema/ in this repository) by `kam schema --dir`:

- ``account.schema.json``: account files; ``book.schema.json``: the book file (_book.yaml);
- ``ids.schema.json``: the book's own ids (the team, the offering catalogue), which the other two
  refer to with ``$ref``, so that the editor offers them and flags a wrong one.

They speak one language, the book's (``language`` in mkdocs.yml, zh by default; whatever ``--lang``
says, which changes kam's messages only): each field's ``title`` (hover: ``stage · 销售阶段``; an English
book's is the key alone, its description being the label), each enumerated value's label,
and the ``errorMessage``/``patternErrorMessage`` the YAML language server shows instead of its own
words, from the message catalogue kam validate uses.  An English book's are English throughout:
descriptions, record titles and examples (Northfield Precision Machinery Inc., sam-lee).  A Chinese
book's descriptions and record titles stay in both languages, Chinese first, as its account template's
comments do (a Chinese team may have staff who read English), with Chinese examples: the same bytes
as before English books had their own, so no Chinese book's committed schemas went stale on upgrade.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

from kam.book.convert import MAX_YEAR, MIN_YEAR
from kam.book.fields import BOOK_FILE, CURRENCY, ID, KINDS, Field, Kind
from kam.labels import ENUMS, label, term
from kam.messages import render, rule

_DATE = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
_PERCENT = r"^\s*[-+]?\d+(\.\d+)?\s*%\s*$"
_DRAFT = "https://json-schema.org/draft/2020-12/schema"
IDS_FILE = "ids.schema.json"
FILES = ("account.schema.json", "book.schema.json", IDS_FILE)
REFS = ("person", "offering")  # the ids the book file lists, offered in the editor
_LONGEST_NAME = 80


def _pattern_message(f: Field, lang: str) -> str:
    code = {ID: "editor-bad-id", CURRENCY: "editor-bad-currency"}.get(f.pattern or "", "editor-bad-pattern")
    return render(code, {"field": f.name}, lang)


def _scalar(f: Field, lang: str, regions: dict[str, str] | None = None) -> dict:
    t = f.type
    if f.ref in REFS:  # the message is the ids schema's: the language server does not merge $ref's siblings
        return {"$ref": f"{IDS_FILE}#/$defs/{f.ref}"}
    if t in ("str", "text"):
        s: dict = {"type": "string", "maxLength": f.max_len}
        if f.enum == "region" and regions is not None:
            # the company's own (names: its data, plain text); none read ({}, kam validate says why): any text
            if regions:
                values = list(regions)
                s["enum"] = values
                s["enumDescriptions"] = [_plain(n) for n in regions.values()]
                allowed = ", ".join(values)
                s["errorMessage"] = render("editor-bad-enum", {"field": f.name, "allowed": allowed}, lang)
        elif f.enum:
            values = list(ENUMS[f.enum])
            labels = [label(f.enum, v, lang) for v in values]
            s["enum"] = values
            s["enumDescriptions"] = labels
            s["markdownEnumDescriptions"] = labels  # catalogue words: trusted, shown as they are
            allowed = ", ".join(values)
            s["errorMessage"] = render("editor-bad-enum", {"field": f.name, "allowed": allowed}, lang)
        if f.pattern:
            s["pattern"] = f.pattern
            s["patternErrorMessage"] = _pattern_message(f, lang)
    elif t == "int":
        s = {"type": "integer", "errorMessage": rule("expected-int", {"field": f.name}, lang)}
    elif t == "year":
        s = {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}
        s["errorMessage"] = render(
            "editor-year-out-of-range", {"field": f.name, "low": MIN_YEAR, "high": MAX_YEAR}, lang
        )
    elif t == "number":
        s = {"type": "number", "errorMessage": rule("expected-number", {"field": f.name}, lang)}
    elif t == "percent":
        msg = rule("expected-percent", {"field": f.name}, lang)
        s = {
            "anyOf": [
                {"type": "number", "errorMessage": msg},
                {"type": "string", "pattern": _PERCENT, "errorMessage": msg, "patternErrorMessage": msg},
            ]
        }
    elif t == "date":
        # the pattern alone, no `format` (one message, kam's, not two); the server's own date format
        # check lets 2026-02-30 through anyway: kam validate catches it
        s = {"type": "string", "pattern": _DATE, "errorMessage": rule("expected-date", {"field": f.name}, lang)}
    elif t == "bool":
        s = {"type": "boolean", "errorMessage": rule("expected-bool", {"field": f.name}, lang)}
    else:  # pragma: no cover
        raise AssertionError(t)
    if f.min is not None and t != "percent":
        s["minimum"] = f.min
    if f.max is not None and t != "percent":
        s["maximum"] = f.max
    return s


def _both(zh: str, en: str, lang: str) -> str:
    """A description or a record's title: a Chinese book's in both languages ("客户全称 / Customer's full
    name"), an English book's in English."""
    return f"{zh} / {en}" if lang == "zh" else en


def _object(kind: Kind, lang: str, regions: dict[str, str] | None = None) -> dict:
    props = {}
    for f in kind.fields:
        if f.type == "record" and f.record is not None:
            sub = _object(KINDS[f.record], lang, regions)
            s = {"type": "array", "items": sub} if f.many else sub
        else:
            s = {"type": "array", "items": _scalar(f, lang, regions)} if f.many else _scalar(f, lang, regions)
        if f.many:
            code = "expected-list-of" if f.type == "record" else "expected-list"
            s["errorMessage"] = rule(code, {"field": f.name}, lang)
        s["title"] = f.name if lang == "en" else f"{f.name} · {f.zh}"  # "stage · Stage" read the label twice
        s["description"] = _both(f.zh, f.en, lang)
        example = f.example_in(lang)
        if example is not None:
            s["examples"] = [example]
        props[f.name] = s
    out = {"type": "object", "title": _both(kind.zh, kind.en, lang), "properties": props, "additionalProperties": False}
    req = [f.name for f in kind.fields if f.required]
    if req:
        out["required"] = req
    return out


def account_schema(lang: str = "zh", regions: dict[str, str] | None = None) -> dict:
    """The account file's schema; `regions`: the company's own (Settings.regions), else kam's."""
    return {"$schema": _DRAFT, "$id": "kam-account.schema.json", **_object(KINDS["account"], lang, regions)}


def book_schema(lang: str = "zh") -> dict:
    return {"$schema": _DRAFT, "$id": "kam-book.schema.json", **_object(KINDS["book"], lang)}


def _plain(text: object) -> str:
    """A name as one line of plain text: no control or format characters (bidi), not too long."""
    s = " ".join(str(text).split())
    s = "".join(ch for ch in s if unicodedata.category(ch) not in ("Cc", "Cf"))
    return s if len(s) <= _LONGEST_NAME else s[: _LONGEST_NAME - 1] + "…"


def ids_schema(ids: dict[str, list[tuple[str, str]]], lang: str = "zh") -> dict:
    """The book's ids (ref -> [(id, name)]) as enumerations the editor offers.

    Names are the book's data: plain ``enumDescriptions`` only (the editor escapes them), never
    Markdown.  A ref the book lists no id for stays a free id.
    """
    defs = {}
    for ref in REFS:
        pairs = ids.get(ref) or []
        s: dict = {"type": "string"}
        if pairs:
            s["enum"] = [i for i, _ in pairs]
            s["enumDescriptions"] = [_plain(n) for _, n in pairs]
            s["errorMessage"] = render("editor-unknown-id", {"what": ref}, lang)
        else:
            s["pattern"] = ID
            s["patternErrorMessage"] = render("editor-id", {}, lang)
        defs[ref] = s
    return {"$schema": _DRAFT, "$id": "kam-ids.schema.json", "title": BOOK_FILE, "$defs": defs}


def book_ids(book_dir: Path, lang: str = "zh") -> dict[str, list[tuple[str, str]]]:
    """The ids _book.yaml lists (people, offerings) with their names, in its order.

    People who left stay (past activities name them) and say so.  What cannot be read is left out.
    """
    from kam.book.convert import Rows
    from kam.book.loader import _read, parse_book_file
    from kam.files import project_root

    path = book_dir / BOOK_FILE
    data = _read(path, str(path), [], project_root(book_dir))  # never a pipe, a link out, a huge file
    if data is None:
        return {}
    rows = Rows()
    parse_book_file(str(path), data, rows, [])
    out: dict[str, list[tuple[str, str]]] = {}
    for ref, table in (("person", "people"), ("offering", "offerings")):
        seen = set()
        for r in rows.rows.get(table, []):
            i, name = r.get("id"), r.get("name")
            if isinstance(i, str) and i not in seen:
                seen.add(i)
                shown = name if isinstance(name, str) else ""
                left = r.get("left")
                if isinstance(left, dt.date):
                    shown = term("editor_person_left", lang, name=shown, date=left.isoformat())
                out.setdefault(ref, []).append((i, shown))
    return out


def _text(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def schema_texts(
    ids: dict[str, list[tuple[str, str]]], lang: str = "zh", regions: dict[str, str] | None = None
) -> dict[str, str]:
    """File name -> text of the three schemas."""
    return {
        "account.schema.json": _text(account_schema(lang, regions)),
        "book.schema.json": _text(book_schema(lang)),
        IDS_FILE: _text(ids_schema(ids, lang)),
    }


def account_schema_text(lang: str = "zh", regions: dict[str, str] | None = None) -> str:
    return _text(account_schema(lang, regions))
