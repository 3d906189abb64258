"""The mapping file: which CSV column is which field, value maps, defaults and policy of the import.

Read with kam's strict YAML loader, so a mistake in the mapping is reported at
its line and column like any account file.  The format is documented in
docs/guide/import-export.md; the shipped mappings are in ``kam/mappings/``.
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import math
import time
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from yaml import MappingNode, ScalarNode, SequenceNode

from kam.book.fields import KINDS, Field
from kam.book.yamlfile import load_nodes

from . import templates
from .numbers import DECIMALS, THOUSANDS, NumberForm
from .report import Finding, err
from .templates import Template

TABLES = ("offerings", "people", "accounts", "contacts", "opportunities")
KIND_OF = {
    "offerings": "offering",
    "people": "person",
    "accounts": "account",
    "contacts": "contact",
    "opportunities": "opportunity",
}
# fields that name a record of the same account (contacts, competitors...) cannot come from a CSV cell
_SKIP_REFS = ("contact", "competitor", "opportunity")
TOP_KEYS = (
    "name",
    "encoding",
    "delimiter",
    "decimal",
    "thousands",
    "date_format",
    "currency",
    "unassigned",
    "create",
    "revenue_from_won",
    "owner_from_opportunities",
    "missing_close",
    "tables",
)
TABLE_KEYS = ("files", "columns", "values", "aliases", "defaults")
SPEC_KEYS = ("column", "template", "scale", "bins")


@cache
def importable_fields(table: str) -> dict[str, Field | None]:
    """Field name -> Field that a column may fill, for one table (plus the account reference)."""
    kind = KINDS[KIND_OF[table]]
    out: dict[str, Field | None] = {}
    for f in kind.fields:
        if f.type == "record" or f.ref in _SKIP_REFS:
            continue
        out[f.name] = f
    if table == "accounts":
        out["id"] = None  # an explicit account id column
    if table in ("contacts", "opportunities"):
        out["account"] = None  # the account a row belongs to (its name or id)
    return out


@dataclass
class ColSpec:
    column: str | None = None
    template: tuple[Template, ...] = ()
    scale: float | None = None
    bins: tuple[tuple[float, str], ...] = ()
    pos: tuple[int, int] = (0, 0)

    def columns(self) -> list[str]:
        if self.column:
            return [self.column]
        out: list[str] = []
        for t in self.template:
            out += [c for c in t.columns() if c not in out]
        return out


@dataclass
class TableMap:
    table: str
    files: tuple[str, ...]
    columns: dict[str, ColSpec]
    values: dict[str, dict[str, str]]
    aliases: dict[str, dict[str, str]]
    defaults: dict[str, object]
    pos: tuple[int, int] = (0, 0)
    where: dict[str, tuple[int, int]] = field(default_factory=dict)  # "defaults.x", "values.x.src" -> line, col

    def at(self, key: str) -> tuple[int, int]:
        return self.where.get(key, self.pos)


@dataclass
class Mapping:
    path: str
    name: str
    encoding: str | None = None
    delimiter: str = ","
    numbers: NumberForm = NumberForm()
    date_formats: tuple[str, ...] = ("%Y-%m-%d",)
    currency: str | None = None
    unassigned: str = "report"
    create: frozenset = frozenset()
    revenue_from_won: bool = False
    owner_from_opportunities: bool = False
    missing_close_days: int | None = None
    missing_close_date: dt.date | None = None
    tables: dict[str, TableMap] = field(default_factory=dict)


def builtin_names() -> list[str]:
    d = resources.files("kam") / "mappings"
    return sorted(p.name[: -len(".yaml")] for p in d.iterdir() if p.name.endswith(".yaml"))


def resolve(name_or_path: str) -> tuple[str, bytes] | None:
    """(shown path, bytes) of a mapping file, or of a built-in mapping by name; None when neither."""
    p = Path(name_or_path)
    if p.is_file():
        return name_or_path, p.read_bytes()  # OSError: the caller says it cannot be read
    if "/" not in name_or_path and "\\" not in name_or_path:
        stem = name_or_path[: -len(".yaml")] if name_or_path.endswith(".yaml") else name_or_path
        if stem in builtin_names():
            r = resources.files("kam") / "mappings" / f"{stem}.yaml"
            return f"kam/mappings/{stem}.yaml", r.read_bytes()
    return None


def _strptime_format(fmt: str) -> bool:
    """Does strptime know every directive of `fmt` (`%Q` and a trailing `%` it refuses)?"""
    try:
        time.strptime("", fmt)
    except ValueError as e:
        return "directive" not in str(e) and "stray" not in str(e)
    return True


def _number(text: str):
    """A YAML 1.1 int or float (1_000, 0x1F, 0o17, .inf, 1:30) as a number; the text when Python reads it not."""
    t = text.replace("_", "").lower()
    sign = -1 if t.startswith("-") else 1
    t = t.lstrip("+-")
    if t in (".inf", ".nan"):
        return sign * math.inf if t == ".inf" else math.nan
    try:
        if ":" in t:  # sexagesimal: 1:30 is 90
            n = 0.0 if "." in t else 0
            for part in t.split(":"):
                n = n * 60 + (float(part) if "." in part else int(part))
            return sign * n
        return sign * int(t, 0) if not any(c in t for c in ".e") or t.startswith("0x") else sign * float(t)
    except ValueError:
        return text


class _Reader:
    """Mapping nodes -> plain values, every problem located in the mapping file."""

    def __init__(self, path: str):
        self.path = path
        self.findings: list[Finding] = []

    def at(self, node) -> tuple[int, int]:
        m = node.start_mark
        return m.line + 1, m.column + 1

    def bad(self, node, code, **params):
        line, col = self.at(node)
        self.findings.append(err(self.path, line, col, code, **params))

    def scalar(self, node):
        if not isinstance(node, ScalarNode):
            self.bad(node, "map_expected_scalar")
            return None
        t = node.tag.rsplit(":", 1)[-1]
        if t == "null" and node.style is None:
            return None
        if t == "bool":
            return node.value.lower() == "true"
        if t in ("int", "float"):
            return _number(node.value)
        return node.value

    def items(self, node, allowed, where) -> list[tuple[str, object, object]]:
        """(key, key node, value node) of a mapping node, unknown and duplicate keys reported."""
        if isinstance(node, ScalarNode) and node.tag.endswith(":null"):
            return []
        if not isinstance(node, MappingNode):
            self.bad(node, "map_expected_mapping", where=where)
            return []
        out, seen = [], set()
        for k, v in node.value:
            key = self.scalar(k)
            key = "" if key is None else str(key)
            if key in seen:
                self.bad(k, "map_duplicate_key", key=key)
                continue
            seen.add(key)
            if allowed is not None and key not in allowed:
                hint = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
                self.bad(
                    k,
                    "map_unknown_key_hint" if hint else "map_unknown_key",
                    key=key,
                    where=where,
                    hint=hint[0] if hint else "",
                    allowed=", ".join(allowed),
                )
                continue
            out.append((key, k, v))
        return out

    def str_map(self, node, where, pos: dict | None = None) -> dict[str, str]:
        out = {}
        for key, _k, v in self.items(node, None, where):
            val = self.scalar(v)
            if val is None or isinstance(val, bool):
                self.bad(v, "map_expected_text", where=f"{where}.{key}")
                continue
            out[key] = str(val)
            if pos is not None:
                pos[key] = self.at(v)
        return out

    def template(self, node, fname: str) -> Template | None:
        val = self.scalar(node)
        if not isinstance(val, str):
            self.bad(node, "map_expected_text", where=f"{fname}.template")
            return None
        t, problem = templates.parse(val, self.at(node))
        if problem is not None:
            code, params = problem
            self.bad(node, code, field=fname, template=val, **params)
        return t


def _spec(r: _Reader, node, table: str, fname: str) -> ColSpec | None:
    pos = r.at(node)
    if isinstance(node, ScalarNode):
        v = r.scalar(node)
        if not isinstance(v, str) or not v:
            r.bad(node, "map_expected_column", field=fname)
            return None
        if templates.is_template(v):
            t = r.template(node, fname)
            return ColSpec(template=(t,), pos=pos) if t is not None else None
        return ColSpec(column=v, pos=pos)
    spec = ColSpec(pos=pos)
    for key, _k, v in r.items(node, SPEC_KEYS, f"{table}.columns.{fname}"):
        if key == "column":
            val = r.scalar(v)
            if not isinstance(val, str) or not val:
                r.bad(v, "map_expected_column", field=fname)
            else:
                spec.column = val
        elif key == "template":
            items = v.value if isinstance(v, SequenceNode) else [v]
            ts = [r.template(it, fname) for it in items]
            spec.template = tuple(t for t in ts if t is not None)
            if len(spec.template) < len(ts):
                return None
        elif key == "scale":
            val = r.scalar(v)
            if not isinstance(val, (int, float)) or isinstance(val, bool) or not 0 < val < math.inf:
                r.bad(v, "map_expected_positive", where=f"{fname}.scale")
            else:
                spec.scale = float(val)
        elif key == "bins":
            bins = []
            items = v.value if isinstance(v, SequenceNode) else None
            if items is None:
                r.bad(v, "map_bins", field=fname)
                continue
            for it in items:
                pair = it.value if isinstance(it, SequenceNode) else []
                lo = r.scalar(pair[0]) if len(pair) == 2 else None
                code = r.scalar(pair[1]) if len(pair) == 2 else None
                if (
                    not isinstance(lo, (int, float))
                    or isinstance(lo, bool)
                    or not math.isfinite(lo)
                    or not isinstance(code, str)
                ):
                    r.bad(it, "map_bins", field=fname)
                    continue
                bins.append((float(lo), code))
            spec.bins = tuple(sorted(bins))
    if spec.column is None and not spec.template:
        r.bad(node, "map_expected_column", field=fname)
        return None
    if spec.template and spec.column:
        r.bad(node, "map_column_or_template", field=fname)
        return None
    return spec


def _table(r: _Reader, table: str, node) -> TableMap:
    tm = TableMap(table, (), {}, {}, {}, {}, r.at(node))
    allowed = importable_fields(table)
    for key, _k, v in r.items(node, TABLE_KEYS, table):
        if key == "files":
            items = v.value if isinstance(v, SequenceNode) else [v]
            files = []
            for it in items:
                val = r.scalar(it)
                if not isinstance(val, str) or not val:
                    r.bad(it, "map_expected_text", where=f"{table}.files")
                else:
                    files.append(val)
            tm.files = tuple(files)
        elif key == "columns":
            for fname, _kn, vn in r.items(v, tuple(allowed), f"{table}.columns"):
                spec = _spec(r, vn, table, fname)
                if spec is not None:
                    tm.columns[fname] = spec
        elif key in ("values", "aliases"):
            target = tm.values if key == "values" else tm.aliases
            for fname, _kn, vn in r.items(v, tuple(allowed), f"{table}.{key}"):
                pos: dict = {}
                target[fname] = r.str_map(vn, f"{table}.{key}.{fname}", pos)
                tm.where[f"{key}.{fname}"] = r.at(vn)
                tm.where.update({f"{key}.{fname}.{src}": at for src, at in pos.items()})
        elif key == "defaults":
            for fname, _kn, vn in r.items(v, tuple(allowed), f"{table}.defaults"):
                val = r.scalar(vn)
                if val is not None:
                    tm.defaults[fname] = val
                    tm.where[f"defaults.{fname}"] = r.at(vn)
    return tm


def parse(shown: str, data: bytes) -> tuple[Mapping | None, list[Finding]]:
    """Bytes of a mapping file -> a Mapping, or located findings."""
    node, diags = load_nodes(shown, data)
    if node is None:
        found = [err(shown, d.line, d.column, "map_yaml", message=d.message("en")) for d in diags]
        return None, found or [err(shown, 1, 1, "map_empty")]
    r = _Reader(shown)
    m = Mapping(path=shown, name=Path(shown).name[: -len(".yaml")] if shown.endswith(".yaml") else shown)
    marks: dict[str, tuple[str, object]] = {}  # decimal / thousands: (value, node)
    for key, _k, v in r.items(node, TOP_KEYS, "mapping"):
        val = r.scalar(v) if key not in ("tables", "missing_close", "create", "date_format") else None
        if key == "name" and isinstance(val, str):
            m.name = val
        elif key == "encoding":
            if val in (None, "auto"):
                m.encoding = None
            else:
                try:
                    text_codec = getattr(codecs.lookup(str(val)), "_is_text_encoding", True)
                except LookupError:
                    text_codec = False
                if text_codec:
                    m.encoding = str(val)
                else:  # unknown, or bytes-to-bytes (base64) and text-to-text (rot13) codecs
                    r.bad(v, "map_bad_encoding", value=val)
        elif key == "delimiter":
            if not isinstance(val, str) or len(val) != 1:
                r.bad(v, "map_bad_delimiter", value=val)
            elif val in '"\r\n' or val.isalnum():
                r.bad(v, "map_bad_delimiter_char", value=val)
            else:
                m.delimiter = val
        elif key in ("decimal", "thousands"):
            allowed = DECIMALS if key == "decimal" else THOUSANDS
            if val not in allowed:
                shown_allowed = ", ".join(f'"{a}"' for a in allowed)
                r.bad(v, "map_bad_choice", key=key, value=val, allowed=shown_allowed)
            else:
                marks[key] = (str(val), v)  # one of the allowed marks
        elif key == "date_format":
            items = v.value if isinstance(v, SequenceNode) else [v]
            fmts = []
            for it in items:
                f = r.scalar(it)
                if not isinstance(f, str) or "%" not in f or not _strptime_format(f):
                    r.bad(it, "map_bad_date_format", value=f)
                else:
                    fmts.append(f)
            if fmts:
                m.date_formats = tuple(fmts)
        elif key == "currency":
            if not isinstance(val, str) or len(val) != 3 or not val.isalpha() or not val.isupper():
                r.bad(v, "map_bad_currency", value=val)
            else:
                m.currency = val
        elif key == "unassigned":
            if val not in ("keep", "report"):
                r.bad(v, "map_bad_choice", key=key, value=val, allowed="keep, report")
            else:
                m.unassigned = val
        elif key in ("revenue_from_won", "owner_from_opportunities"):
            if not isinstance(val, bool):
                r.bad(v, "map_bad_choice", key=key, value=val, allowed="true, false")
            else:
                setattr(m, key, val)
        elif key == "create":
            items = v.value if isinstance(v, SequenceNode) else [v]
            got = set()
            for it in items:
                t = r.scalar(it)
                if t not in ("accounts", "people", "offerings"):
                    r.bad(it, "map_bad_choice", key=key, value=t, allowed="accounts, people, offerings")
                else:
                    got.add(t)
            m.create = frozenset(got)
        elif key == "missing_close":
            for k2, _kn, vn in r.items(v, ("days_after_created", "date"), "missing_close"):
                val2 = r.scalar(vn)
                if k2 == "days_after_created":
                    if not isinstance(val2, int) or isinstance(val2, bool) or val2 < 0:
                        r.bad(vn, "map_expected_positive", where="missing_close.days_after_created")
                    else:
                        m.missing_close_days = val2
                elif isinstance(vn, ScalarNode):  # anything else: reported by scalar()
                    try:
                        m.missing_close_date = dt.date.fromisoformat(str(val2))
                    except ValueError:
                        r.bad(vn, "map_bad_date", value=val2)
        elif key == "tables":
            for t, _kn, vn in r.items(v, TABLES, "tables"):
                m.tables[t] = _table(r, t, vn)
    if marks:
        decimal = marks.get("decimal", (".", None))[0]
        thousands, node = marks.get("thousands", ("," if decimal == "." else ".", None))
        if thousands == decimal:
            r.bad(node or marks["decimal"][1], "map_same_marks", mark=decimal)
        m.numbers = NumberForm(decimal, thousands)
    if not m.tables and not r.findings:
        r.bad(node, "map_no_tables", allowed=", ".join(TABLES))
    return (None if r.findings else m), sorted(r.findings, key=Finding.sort_key)
