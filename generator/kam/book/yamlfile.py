"""Strict, safe, located YAML: bytes of one file -> a node tree, or diagnostics.

Uses PyYAML's libyaml parser (CParser) to compose nodes, with our own resolver:
booleans only from true/false, no timestamps (dates are converted only where
the field catalogue expects one), numbers in YAML 1.2 core form.  The node tree
keeps every value's line and column; ``convert`` turns it into records.

Rejected here, each with its location: bytes that are not UTF-8, files over
``MAX_BYTES``, nesting deeper than ``MAX_DEPTH``, anchors and aliases, more
than one document, YAML syntax errors.  Duplicate keys and non-standard tags
are rejected by ``convert`` while it walks the nodes.
"""

from __future__ import annotations

import functools
import re

import yaml
from yaml.cyaml import CParser as _Parser  # libyaml: part of the PyYAML wheel
from yaml.resolver import BaseResolver

from kam.book.diagnostics import Diagnostic, error
from kam.book.yamlhelp import explain, folded_items

MAX_BYTES = 1024 * 1024  # one account file; a real one is a few KB
MAX_DEPTH = 16  # an account file needs 5 levels


class StrictResolver(BaseResolver):
    """YAML 1.2 core-schema scalars: no yes/no/on/off booleans, no timestamps, no sexagesimals."""


StrictResolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
StrictResolver.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
StrictResolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
StrictResolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


_PLAIN_TAGS: dict[str, str] = {}  # plain scalar text -> resolved tag (a pure function of the text)
_STR_TAG = BaseResolver.DEFAULT_SCALAR_TAG
_COLLECTION_TAGS = {
    yaml.MappingNode: BaseResolver.DEFAULT_MAPPING_TAG,
    yaml.SequenceNode: BaseResolver.DEFAULT_SEQUENCE_TAG,
}


class _Composer(_Parser, StrictResolver):
    """CParser composing nodes with the strict resolver (no constructor needed)."""

    def __init__(self, stream):
        _Parser.__init__(self, stream)
        StrictResolver.__init__(self)

    # The C composer calls these two around every node, for path resolvers; there are none, so they
    # have nothing to do.  Builtins called from C run no Python frame (two per node: 926,000 for a
    # book of 1,000 accounts): slice(parent, index) and tuple() make a small object and return it.
    descend_resolver = slice
    ascend_resolver = tuple

    def resolve(self, kind, value, implicit):
        # With no path resolvers, a quoted scalar is text and a collection's tag is its kind's; a plain
        # scalar's tag depends on its text alone, so it is memoised.
        if kind is not yaml.ScalarNode:
            return _COLLECTION_TAGS[kind]
        if not implicit[0]:
            return _STR_TAG
        tag = _PLAIN_TAGS.get(value)
        if tag is None:
            tag = StrictResolver.resolve(self, kind, value, implicit)
            if len(value) < 64 and len(_PLAIN_TAGS) < 100_000:
                _PLAIN_TAGS[value] = tag
        return tag


_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
# Where an anchor (&a) or alias (*a) can begin: after a line start, a space, a flow indicator or `:`;
# `R&D`, `a & b` and `2*3` cannot be one.  A superset of the real ones (`**bold**` still matches).
_SUSPECT_ANCHOR = re.compile(r"(?:^|[\s\[{,:])[&*][^\s,\[\]{}]", re.M)
_SUSPECT_ANCHOR_ONLY = re.compile(r"(?:^|[\s\[{,:])&[^\s,\[\]{}]", re.M)  # the same for `&` alone
_AFTER_TAG = re.compile(r"!\S*\s+(\S)")  # a tag and the first character after it
# Below this many flow brackets (and no deep indentation), composing first is safe and the
# depth is checked on the node tree, sparing a second parse of the file.
_COMPOSE_SAFE_BRACKETS = 1000


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def decode(path: str, data: bytes) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 (with or without BOM) to text; anything else is a located error."""
    if len(data) > MAX_BYTES:
        return None, [error(path, 0, 0, "file-too-large", size=len(data), limit=MAX_BYTES)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        good = data[: e.start].decode("utf-8", errors="replace")
        line, col = _position(good, len(good))
        return None, [error(path, line, col, "not-utf8", byte=f"0x{data[e.start]:02X}")]
    if "\x00" in text:
        line, col = _position(text, text.index("\x00"))
        return None, [error(path, line, col, "nul-byte")]
    return text, []


# libyaml's own limits (0.2.6 stops nesting deeper than 1000 in its scanner, before any event
# reaches kam's depth check); older versions have none.  Either way kam reports its `too-deep`.
_PARSER_LIMITS = ("maximum nesting depth",)


def _is_parser_limit(e: yaml.YAMLError) -> bool:
    return any(s in str(getattr(e, "problem", None) or e) for s in _PARSER_LIMITS)


def _first_too_deep(path: str, text: str) -> list[Diagnostic]:
    """Where nesting first passes MAX_DEPTH, found with PyYAML's pure-Python parser (it has no limit).

    Taken only after libyaml stopped at its own limit, so the slower parser reads a file already known
    to be deep; it stops at the first collection past the limit.
    """
    depth = 0
    try:
        for ev in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    m = ev.start_mark
                    return [error(path, m.line + 1, m.column + 1, "too-deep", limit=MAX_DEPTH)]
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass
    return []


def _limit_error(path: str, text: str, e: yaml.YAMLError) -> list[Diagnostic]:
    """libyaml stopped at its own limit: kam's located `too-deep`, at the place kam's own limit is passed."""
    found = _first_too_deep(path, text)
    if found:
        return found
    m = getattr(e, "problem_mark", None)  # not reachable while MAX_DEPTH is below libyaml's limit
    return [error(path, m.line + 1 if m else 0, m.column + 1 if m else 0, "too-deep", limit=MAX_DEPTH)]


def _scan_events(path: str, text: str, check_depth: bool, check_anchors: bool) -> list[Diagnostic]:
    """The slow path, taken only when the text could hold anchors or deep nesting."""
    diags: list[Diagnostic] = []
    depth = 0
    try:
        for ev in _parse_events(text):
            if check_anchors:
                anchor = getattr(ev, "anchor", None)
                if isinstance(ev, yaml.AliasEvent):
                    m = ev.start_mark
                    diags.append(error(path, m.line + 1, m.column + 1, "alias", name=anchor))
                elif anchor is not None:
                    m = ev.start_mark
                    diags.append(error(path, m.line + 1, m.column + 1, "anchor", name=anchor))
            if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if check_depth and depth > MAX_DEPTH:
                    m = ev.start_mark
                    diags.append(error(path, m.line + 1, m.column + 1, "too-deep", limit=MAX_DEPTH))
                    break
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as e:
        if check_depth and _is_parser_limit(e):
            return diags + _limit_error(path, text, e)
        # any other error is reported by compose
    return diags


def _parse_events(text: str):
    """libyaml's event stream (a seam for the tests: they swap in parsers with and without its limit)."""
    return yaml.parse(text, Loader=_Composer)


def _may_nest_too_deep(text: str, brackets: int) -> bool:
    """Whether the nesting could pass MAX_DEPTH, cheap to tell: an upper bound on the depth,
    indentation plus bracket depth plus 2, above the limit.

    Block nesting needs indentation (a level costs at least one column, a compact
    `- ` sequence under a key none, hence the +2); flow nesting needs brackets.
    Brackets inside quoted text only make the bound larger, never smaller.  The
    indentation is not measured line by line: one search asks whether any line's
    leading run is long enough to pass the limit (listing every line's run cost 7% of
    reading an account file).
    """
    deepest = 0
    if brackets:
        depth = 0
        for ch in _NOT_BRACKET.sub("", text):
            if ch in "[{":
                depth += 1
                deepest = max(deepest, depth)
            elif depth:
                depth -= 1
    need = MAX_DEPTH - 1 - deepest  # indent + deepest + 2 > MAX_DEPTH  <=>  indent >= need
    if need <= 0:
        return True
    first, other = _leading_run(need)
    return first.match(text) is not None or other.search(text) is not None


@functools.cache
def _leading_run(length: int) -> tuple[re.Pattern, re.Pattern]:
    """A first line, and any other line, whose leading spaces, tabs and dashes are at least `length`
    characters.  Two patterns rather than one with `^` and re.M: a search for a literal line break
    skips ahead in C, where `^` is tried at every character (four times slower)."""
    run = rf"[ \t-]{{{length}}}"
    return re.compile(run), re.compile("\n" + run)


def compose(path: str, text: str) -> tuple[yaml.Node | None, list[Diagnostic]]:
    """Text of one file -> its single document's root node (None for an empty file)."""
    suspect_anchor = ("&" in text or "*" in text) and _SUSPECT_ANCHOR.search(text) is not None
    brackets = text.count("[") + text.count("{")
    if brackets > _COMPOSE_SAFE_BRACKETS:
        # libyaml's composer recurses in C: very deep flow input must never reach it.  The scan checks
        # the depth, and the anchors and aliases, which are only visible as events.
        scanned = _scan_events(path, text, True, suspect_anchor)
        return (None, scanned) if scanned else _compose_single(path, text)
    deep = _may_nest_too_deep(text, brackets)
    node, diags = _compose_then_measure(path, text) if deep else _compose_single(path, text)
    if suspect_anchor and (diags or _anchored(node, text)):
        # The pre-check matches `**bold**` in a note too: the tree says whether an anchor is there (an alias
        # needs one, or is an error), and only then is the file scanned for the located diagnostics
        scanned = _scan_events(path, text, True, True)
        if scanned:
            return None, scanned
    return node, diags


def _anchored(node: yaml.Node | None, text: str) -> bool:
    """Whether a node of the tree carries an anchor.  A node's mark is where its properties begin (an
    anchor `&a`, a tag `!t`, in either order), and a plain scalar cannot begin with `&` or `!`.  A node met
    twice is an alias's (an anchor's, whatever its text): the walk stops there, cycles included.

    A tree holds an alias only with its anchor (else libyaml refuses the file), so text with no `&`
    where an anchor can begin has none, without a walk: `**bold**` in notes is what brings most
    files here."""
    if _SUSPECT_ANCHOR_ONLY.search(text) is None:
        return False
    stack = [node] if node is not None else []
    seen: set[int] = set()
    while stack:
        n = stack.pop()
        if id(n) in seen:
            return True
        seen.add(id(n))
        i = n.start_mark.index
        c = text[i : i + 1]
        if c == "&":
            return True
        if c == "!":  # a tag, then perhaps the anchor
            m = _AFTER_TAG.match(text, i)
            if m is not None and m.group(1) == "&":
                return True
        if n.__class__ is yaml.MappingNode:
            for k, v in n.value:
                stack.append(k)
                stack.append(v)
        elif n.__class__ is yaml.SequenceNode:
            stack.extend(n.value)
    return False


def _compose_single(path: str, text: str) -> tuple[yaml.Node | None, list[Diagnostic]]:
    loader = _Composer(text)
    try:
        node = loader.get_single_node()
    except yaml.composer.ComposerError as e:
        m = e.problem_mark or e.context_mark
        if e.problem and "single document" in (e.context or "") + (e.problem or ""):
            return None, [error(path, m.line + 1, m.column + 1, "many-documents")]
        return None, [
            error(path, m.line + 1 if m else 0, m.column + 1 if m else 0, "yaml-syntax", problem=str(e.problem))
        ]
    except yaml.MarkedYAMLError as e:
        if _is_parser_limit(e):
            return None, _limit_error(path, text, e)
        return None, explain(path, text, e)
    except yaml.YAMLError as e:  # reader errors (control characters)
        m = getattr(e, "position", None)
        if m is not None:
            line, col = _position(text, m)
        else:
            line, col = 0, 0
        char = getattr(e, "character", None)  # a code point (libyaml) or a character (pure Python)
        if isinstance(char, str) and len(char) == 1:
            char = ord(char)
        if isinstance(char, int):
            return None, [error(path, line, col, "bad-character", char=f"U+{char:04X}")]
        return None, [error(path, line, col, "yaml-syntax", problem=getattr(e, "reason", None) or str(e))]
    finally:
        loader.dispose()
    return node, []


def _too_deep(node) -> yaml.Node | None:
    """The first collection (in document order) nested deeper than MAX_DEPTH, as the event scan finds it."""
    stack = [(node, 1)]
    while stack:
        n, depth = stack.pop()
        if isinstance(n, yaml.ScalarNode):
            continue
        if depth > MAX_DEPTH:
            return n
        kids = [x for pair in n.value for x in pair] if isinstance(n, yaml.MappingNode) else n.value
        stack.extend([(k, depth + 1) for k in reversed(kids) if k.__class__ is not yaml.ScalarNode])
    return None


def _compose_then_measure(path: str, text: str) -> tuple[yaml.Node | None, list[Diagnostic]]:
    """compose() for text with many flow brackets but no anchors: same result, one parse instead of two."""
    node, diags = _compose_single(path, text)
    if node is None:
        if diags:  # a syntax error: the event scan reports nesting found before it, as compose() does
            nested = _scan_events(path, text, True, False)
            if nested:
                return None, nested
        return node, diags
    deep = _too_deep(node)
    if deep is not None:
        m = deep.start_mark
        return None, [error(path, m.line + 1, m.column + 1, "too-deep", limit=MAX_DEPTH)]
    return node, diags


def load_nodes(path: str, data: bytes) -> tuple[yaml.Node | None, list[Diagnostic]]:
    text, diags = decode(path, data)
    if text is None:
        return None, diags
    node, diags = compose(path, text)
    return node, diags + folded_items(path, text, node)
