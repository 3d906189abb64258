"""Node tree -> table rows, guided by the field catalogue.

One pass over the nodes: every key is checked against the catalogue (unknown
keys get a did-you-mean), duplicate keys and non-standard tags are rejected,
every scalar is converted to the type its field declares, and each value's
1-based line and column are kept beside the row.  Enumerations, ranges,
patterns and required fields are left to the pandera schemas, which see whole
columns at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re

from yaml import MappingNode, Node, ScalarNode, SequenceNode

from kam.book.diagnostics import Diagnostic, error, warning
from kam.book.fields import KINDS, MAX_LEN, Field, Kind

TAG = "tag:yaml.org,2002:"
STANDARD_TAGS = {TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}
# the scalar tags, made once: compared for every value of a book
NULL, STR, INT, FLOAT, BOOL = (TAG + t for t in ("null", "str", "int", "float", "bool"))
NUMBER_TAGS = (INT, FLOAT)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_INT = re.compile(r"^[-+]?[0-9]+$")
MAX_INT = 10**12  # far beyond any count or year; keeps pandas' int64 safe
MAX_NUMBER = 1e15  # an amount above this is a typo (and loses cents in floating point)
MIN_YEAR, MAX_YEAR = 1900, 2200


def _float(text: str) -> float | None:
    try:
        v = float(text)
    except ValueError:  # an explicit !!float tag on text
        return None
    return v if math.isfinite(v) else None


def shown_tag(tag: str) -> str:
    """A tag as the rep typed it: tag:yaml.org,2002:python/object -> !!python/object."""
    return "!!" + tag[len(TAG) :] if tag.startswith(TAG) else tag


_FULLWIDTH = re.compile("[\u3000：\\s]")  # what a Chinese input method slips into a key
_CN_OPEN, _CN_CLOSE = "“‘「『", "”’」』"
# control characters a quoted value's escapes give ("\0", "\x1b", "\u0085"), which the reader lets through
# (it refuses them written as they are); tab and line breaks are text
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# a double-quoted scalar's escapes, left to right (so `\\0` is a backslash and a 0), and the one-letter
# escapes that give a control character
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_CONTROL_ESCAPES = {"0": 0, "a": 7, "b": 8, "v": 11, "f": 12, "e": 27, "N": 0x85}
_PERCENT = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*%\s*$")


def describe(node) -> str:
    """What a node is, for 'expected X, got Y' messages (a message code)."""
    if isinstance(node, MappingNode):
        return "mapping"
    if isinstance(node, SequenceNode):
        return "list"
    if node.tag == NULL:
        return "empty"
    if node.tag in NUMBER_TAGS:
        return "number"
    if node.tag == BOOL:
        return "boolean"
    return "text"


def suggest(word: str, choices) -> str | None:
    m = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return m[0] if m else None


class Rows:
    """Rows of every table, with the source position of each value."""

    def __init__(self):
        self.rows: dict[str, list[dict]] = {}
        self.pos: dict[str, list[dict]] = {}

    def new(self, table: str, file: str, node, keys: dict) -> tuple[dict, dict]:
        row = dict(keys)
        row["_file"] = file
        row["_line"] = node.start_mark.line + 1
        row["_col"] = node.start_mark.column + 1
        pos: dict = {}
        self.rows.setdefault(table, []).append(row)
        self.pos.setdefault(table, []).append(pos)
        return row, pos


def control_escape(source: bytes, node) -> tuple[int, int, str, int] | None:
    """The first escape in a quoted scalar's text that gives a control character: its line and column
    (1-based), as written (`\\e`) and its code point; None when none is found (an escape over a line break
    written as a lone CR, which kam's line count does not follow)."""
    lines = source.decode("utf-8-sig", errors="replace").split("\n")
    start, end = node.start_mark, node.end_mark
    for n in range(start.line, min(end.line, len(lines) - 1) + 1):
        line = lines[n]
        stop = end.column if n == end.line else len(line)
        for m in _ESCAPE.finditer(line, start.column if n == start.line else 0, stop):
            code = _CONTROL_ESCAPES.get(m.group(1)) if len(m.group(1)) == 1 else int(m.group(1)[1:], 16)
            if code is not None and CONTROL.fullmatch(chr(code)):
                return n + 1, m.start() + 1, m.group(), code
    return None


class Converter:
    def __init__(self, file: str, rows: Rows, diags: list[Diagnostic], source: bytes | None = None):
        self.file = file
        self.rows = rows
        self.diags = diags
        self.source = source  # the file's bytes: where a quoted value's escape is, for its warning

    def _control_warning(self, node, code: int) -> Diagnostic:
        """A control character in a value: at the escape that wrote it (`"\\0"`), else at the value."""
        found = control_escape(self.source, node) if self.source is not None else None
        if found is not None:
            line, col, escape, code = found
            return warning(self.file, line, col, "control-escape", escape=escape, char=f"U+{code:04X}")
        m = node.start_mark
        return warning(self.file, m.line + 1, m.column + 1, "bad-character", char=f"U+{code:04X}")

    def err(self, node, code, **params):
        m = node.start_mark
        self.diags.append(error(self.file, m.line + 1, m.column + 1, code, **params))

    # ------------------------------------------------------------ records
    def record(self, node, kind: Kind, row: dict, pos: dict, prefix: str, keys: dict, where: str):
        """Walk one mapping of `kind`, filling `row` (flattening groups) and child tables."""
        if not isinstance(node, MappingNode):
            if isinstance(node, ScalarNode) and node.tag == NULL:
                return
            self.err(node, "expected-mapping", where=where, got=describe(node))
            return
        if node.tag not in STANDARD_TAGS:
            self.err(node, "bad-tag", tag=shown_tag(node.tag))
            return
        seen: dict[str, Node] = {}  # key -> its node (the line of a duplicate's first is read from it)
        fields = kind.index
        for knode, vnode in node.value:
            if knode.__class__ is not ScalarNode:
                self.err(knode, "complex-key")
                continue
            if knode.tag not in STANDARD_TAGS:
                self.err(knode, "bad-tag", tag=shown_tag(knode.tag))
                continue
            key = knode.value
            if key in seen:
                self.err(knode, "duplicate-key", key=key, first=seen[key].start_mark.line + 1)
                continue
            seen[key] = knode
            f = fields.get(key)
            if f is None:
                clean = _FULLWIDTH.sub("", key)
                if clean != key and fields.get(clean) is not None and clean not in seen:
                    # `　lifecycle` or `{id： x}`: name the slip, and read the value as the field's
                    self.err(knode, "fullwidth-key", field=clean)
                    key, f = clean, fields.get(clean)
                    seen[key] = knode
            if f is None:
                hint = suggest(key, kind.names)
                self.err(
                    knode,
                    "unknown-key-hint" if hint else "unknown-key",
                    key=key,
                    where=kind.name,
                    hint=hint,
                    allowed=", ".join(kind.names),
                )
                continue
            if vnode.tag not in STANDARD_TAGS:
                self.err(vnode, "bad-tag", tag=shown_tag(vnode.tag))
                continue
            col = prefix + key
            if f.type == "record":
                self.child(vnode, f, row, pos, col, keys)
                continue
            m = vnode.start_mark
            pos[col] = (m.line + 1, m.column + 1)
            before = len(self.diags)
            value = self.many(vnode, f, pos, col) if f.many else self.scalar(vnode, f)
            row[col] = value
            if value is None and len(self.diags) == before:
                del pos[col]  # written as empty: the same as left out

    def child(self, vnode, f: Field, row, pos, col, keys):
        assert f.record is not None  # a record field names its kind (fields.py)
        sub = KINDS[f.record]
        if not f.many:
            if sub.table is None:
                self.record(vnode, sub, row, pos, col + ".", keys, f.name)
            return
        if isinstance(vnode, ScalarNode) and vnode.tag == NULL:
            return
        if not isinstance(vnode, SequenceNode):
            self.err(vnode, "expected-list-of", field=f.name, got=describe(vnode))
            return
        for item in vnode.value:
            if item.tag not in STANDARD_TAGS:
                self.err(item, "bad-tag", tag=shown_tag(item.tag))
                continue
            if not isinstance(item, MappingNode):
                self.err(item, "expected-mapping", where=sub.name, got=describe(item))
                continue
            assert sub.table is not None  # a list of records is a table
            crow, cpos = self.rows.new(sub.table, self.file, item, keys)
            # grand-children (none today) would be keyed by the same parent keys
            self.record(item, sub, crow, cpos, "", keys, sub.name)

    def many(self, vnode, f: Field, pos, col):
        if isinstance(vnode, ScalarNode):
            if vnode.tag == NULL:
                return None
            self.err(vnode, "expected-list", field=f.name, got=describe(vnode))
            return None
        if not isinstance(vnode, SequenceNode):
            self.err(vnode, "expected-list", field=f.name, got=describe(vnode))
            return None
        out: list = []
        for item in vnode.value:
            if item.tag not in STANDARD_TAGS:
                self.err(item, "bad-tag", tag=shown_tag(item.tag))
                continue
            v = self.scalar(item, f)
            if v is not None:
                pos[f"{col}#{len(out)}"] = (item.start_mark.line + 1, item.start_mark.column + 1)
                out.append(v)
        return tuple(out)

    # ------------------------------------------------------------ scalars
    def scalar(self, node, f: Field):
        if not isinstance(node, ScalarNode):
            self.err(node, "expected-scalar", field=f.name, type=f.type, got=describe(node))
            return None
        tag = node.tag
        if tag == NULL:  # plain null, ~ or nothing (quoted text is never null)
            return None
        t = f.type
        text = node.value
        if len(text) >= 2 and text[0] in _CN_OPEN and text[-1] in _CN_CLOSE:
            # “mature”: Chinese quotation marks are characters, not YAML quotes
            if t in ("str", "text") and f.enum is None and f.ref is None and f.pattern is None:
                m = node.start_mark
                self.diags.append(warning(self.file, m.line + 1, m.column + 1, "chinese-quotes"))
                return text
            self.err(node, "chinese-quotes-value", field=f.name, value=text[1:-1])
            return None
        if t in ("str", "text"):
            # the characters as written: `1.10` stays "1.10", `NO` stays "NO"
            limit = MAX_LEN[t]
            if f.required and not text.strip():  # a name of spaces names nothing
                self.err(node, "blank-value", field=f.name)
                return None
            if len(text) > limit:
                self.err(node, "too-long", field=f.name, length=len(text), limit=limit)
                return None
            # isprintable() is false for every control character, and much quicker than the search
            bad = None if text.isprintable() else CONTROL.search(text)
            if bad is not None:  # kept (every output shows it safely), and named so the rep can remove it
                self.diags.append(self._control_warning(node, ord(bad.group())))
            return text
        if t == "bool":
            if tag == BOOL and text.lower() in ("true", "false"):
                return text.lower() == "true"
            self.err(node, "expected-bool", field=f.name, value=text)
            return None
        if t in ("int", "year"):
            if tag == INT and _INT.match(text):
                v = int(text)
                if t == "year" and not MIN_YEAR <= v <= MAX_YEAR:  # the range a date's year has
                    self.err(node, "year-out-of-range", field=f.name, value=text, low=MIN_YEAR, high=MAX_YEAR)
                    return None
                if abs(v) <= MAX_INT:
                    return v
                self.err(node, "number-too-large", field=f.name, value=text)
                return None
            self.err(node, "expected-int", field=f.name, value=text)
            return None
        if t == "number":
            if tag in NUMBER_TAGS:
                x = _float(text)
                if x is not None and abs(x) <= MAX_NUMBER:
                    return x
            self.err(node, "expected-number", field=f.name, value=text)
            return None
        if t == "percent":
            if tag in NUMBER_TAGS:
                x = _float(text)
                if x is not None:
                    return x
            elif tag == STR:
                m = _PERCENT.match(text)
                if m:
                    return float(m.group(1))
            self.err(node, "expected-percent", field=f.name, value=text)
            return None
        if t == "date":
            m = _DATE.match(text) if tag != INT else None
            if m:
                try:
                    d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    self.err(node, "bad-date", field=f.name, value=text)
                    return None
                if MIN_YEAR <= d.year <= MAX_YEAR:
                    return d
                self.err(node, "date-out-of-range", field=f.name, value=text, low=MIN_YEAR, high=MAX_YEAR)
                return None
            self.err(node, "expected-date", field=f.name, value=text)
            return None
        raise AssertionError(f"unknown field type {t}")  # a bug in fields.py, not user data
