"""Property tests: whatever bytes or YAML a rep commits, loading gives a Book and located diagnostics, never a crash.

Runs in memory through ``build_book`` (the same pipeline as ``load_book``, without the disk).
"""

from __future__ import annotations

import json

import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from kam.book.diagnostics import Diagnostic
from kam.book.fields import ID, KINDS, Field, Kind
from kam.book.loader import build_book
from kam.book.policy import Settings
from kam.book.tables import Book
from kam.book.yamlfile import load_nodes
from kam.labels import ENUMS

from conftest import ACCOUNT, AS_OF, BOOK_YAML

ACC = "accounts/acme.yaml"
BOOKF = "accounts/_book.yaml"
SETTINGS = Settings(as_of=AS_OF)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def load(account: bytes, book: bytes = BOOK_YAML.encode()) -> tuple[Book, list[Diagnostic]]:
    b, diags = build_book({ACC: account}, (BOOKF, book), SETTINGS)
    assert isinstance(b, Book)
    for d in diags:
        assert d.file in (ACC, BOOKF)
        assert d.line >= 0 and d.column >= 0
        assert d.severity in ("error", "warning")
        assert d.message("en") and d.message("zh")
    keys = [(d.file, d.line, d.column) for d in diags]
    assert keys == sorted(keys)
    return b, diags


# ------------------------------------------------------------------ (1) any bytes, any text

YAMLISH = st.text(
    alphabet=st.sampled_from(list(" \n\t:-?[]{},#&*!|>'\"%@`.~0123456789abcnNOtyesé华\ufeff")), max_size=200
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.binary(max_size=300), YAMLISH.map(str.encode), st.text(max_size=200).map(str.encode)))
def test_yamlfile_never_raises(data):
    node, diags = load_nodes(ACC, data)
    if diags:
        assert node is None  # a problem means no tree; no problem and no tree means an empty file
    for d in diags:
        assert d.line >= 0 and d.column >= 0 and d.message("en")


ANCHORISH = st.text(alphabet=st.sampled_from(list(" \n-:?[]{},&*!ab")), max_size=60)


def _has_anchor_or_alias(text: str) -> bool:
    try:
        return any(
            isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None) is not None
            for ev in yaml.parse(text, Loader=yaml.CSafeLoader)
        )
    except yaml.YAMLError:
        return False


@settings(max_examples=500, deadline=None)
@given(ANCHORISH)
@example("a: &x 1\nb: *x\n")
@example("[&x a, *x]")
@example("- &x\n  a: 1\n- *x\n")
def test_no_anchor_or_alias_gets_through(text):
    """Whatever the quick pre-check in compose() thinks, a real anchor or alias is always reported."""
    node, diags = load_nodes(ACC, text.encode())
    if _has_anchor_or_alias(text):
        assert diags, text


def _scanning_first(text: str):
    """compose() as it was: a text the pre-check suspects of anchors is scanned for them before composing."""
    from kam.book import yamlfile

    if ("&" in text or "*" in text) and yamlfile._SUSPECT_ANCHOR.search(text):
        scanned = yamlfile._scan_events(ACC, text, True, True)
        return (None, scanned) if scanned else yamlfile._compose_single(ACC, text)
    return yamlfile.compose(ACC, text)


def _shape(node):
    if node is None or isinstance(node, yaml.ScalarNode):
        return node and (node.tag, node.value, node.start_mark.index)
    items = node.value if isinstance(node, yaml.SequenceNode) else [x for pair in node.value for x in pair]
    return (node.tag, node.start_mark.index, [_shape(x) for x in items])


@settings(max_examples=500, deadline=None)
@given(st.one_of(ANCHORISH, YAMLISH))
@example("notes: |\n  **bold** text\n")
@example("notes: **bold**\n")
@example("a: !!str &x 1\n")
@example("a: &x !!str 1\n")
@example("a: !!map\n  &x\n  b: 1\n")
@example("- &x\n  a: 1\n")
@example("? &x k\n: v\n")
@example("{&x k: v}")
@example("&x [*x]")
@example("a: !<tag:yaml.org,2002:str> &x 1\n")
def test_the_tree_finds_the_anchors_the_event_scan_finds(text):
    """compose() composes first and scans a suspect text only when its tree holds an anchor (or it failed):
    the same tree and the same diagnostics as scanning every suspect text first."""
    from kam.book.yamlfile import compose

    node, diags = compose(ACC, text)
    ref_node, ref_diags = _scanning_first(text)
    assert diags == ref_diags, text
    assert _shape(node) == _shape(ref_node), text


@FAST
@given(st.one_of(st.binary(max_size=300), YAMLISH.map(str.encode)))
def test_any_bytes_as_an_account_file(data):
    load(data)


@FAST
@given(YAMLISH)
def test_yamlish_text_after_a_valid_head(tail):
    b, diags = load((ACCOUNT + tail).encode())
    if not diags:
        assert list(b["accounts"]["id"]) == ["acme"]


# ------------------------------------------------------------------ (2) documents shaped like the catalogue


class Raw(str):
    """A scalar written into the YAML exactly as given (tags, anchors, odd numbers)."""


RAW = [
    "!!int abc",
    "!!float x",
    "!!bool maybe",
    "!!str 5",
    "!custom x",
    "!!binary aGk=",
    "99999999999999999999",
    "-99999999999999999999",
    "1e999",
    ".nan",
    "-.inf",
    "NO",
    "yes",
    "1.10",
    "2026-02-30",
    "2300-01-01",
    "0001-01-01",
    "2024-02-29",
    "12%",
    "~",
    "''",
    "-0",
]

REFS = {
    "person": ["rep-a", "rep-b", "nobody"],
    "contact": ["c1", "c2", "zz"],
    "competitor": ["ABB", "Siemens"],
    "opportunity": ["o1", "o2"],
    "offering": ["mes", "erp"],
}

SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**31), 2**31),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.dates().map(lambda d: d.isoformat()),
)
JUNK = st.recursive(
    SCALAR, lambda ch: st.lists(ch, max_size=3) | st.dictionaries(st.text(max_size=6), ch, max_size=3), max_leaves=6
)


def _good(f: Field, raw: bool):
    """A value of the field's own type (mostly plausible, sometimes just wrong)."""
    t = f.type
    if f.enum:
        s = st.sampled_from(list(ENUMS[f.enum]) + ["propsal", "other"])
    elif f.ref:
        s = st.sampled_from(REFS[f.ref])
    elif f.pattern == ID:
        s = st.from_regex(ID, fullmatch=True) | st.sampled_from(["c1", "o1", "Bad Id"])
    elif f.pattern:
        s = st.sampled_from(["CNY", "USD", "JPY", "usd", "AAA", "D", "x"])
    elif t == "date":
        s = st.dates().map(lambda d: d.isoformat()) | st.sampled_from(["2026-3-1", "2026-02-30"])
    elif t in ("int", "year"):
        s = st.integers(-5, 3000)
    elif t == "number":
        s = st.integers(-10, 10**9) | st.floats(-1e6, 1e12)
    elif t == "percent":
        s = st.floats(-10, 150) | st.sampled_from(["12%", "12.5 %", "x%"])
    elif t == "bool":
        s = st.booleans()
    else:
        s = st.text(max_size=20)
    if raw:
        s = s | st.sampled_from(RAW).map(Raw)
    return st.lists(s, max_size=3) if f.many else s


def record(kind: Kind, raw: bool = False, keyed: bool = True):
    """A mapping of `kind`: some of its fields (nested records included), now and then an unknown key or junk.

    keyed: the field naming the record (a contact's `id`, a competitor's `name`) is always there and plausible.
    """
    required, optional = {}, {}
    for f in kind.fields:
        junk = JUNK
        if f.type == "record":
            sub = record(KINDS[f.record], raw, keyed)
            value = st.lists(sub, max_size=2) if f.many else sub
            if keyed:
                junk = SCALAR  # a list of junk mappings would make records without their key
        else:
            value = _good(f, raw)
        if keyed and f.name == kind.key and kind.table:
            required[f.name] = _good(f, False)
        else:
            optional[f.name] = st.one_of(value, value, value, junk)
    known = st.fixed_dictionaries(required, optional=optional)
    extra = st.dictionaries(st.sampled_from(["ammount", "stage", "x"]), JUNK, max_size=1)
    return st.builds(lambda a, b: {**b, **a}, known, extra)


def emit(v) -> str:
    """Flow-style YAML with Raw scalars written as they are (json for everything else)."""
    if isinstance(v, Raw):
        return str(v)
    if isinstance(v, dict):
        return "{" + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)}: {emit(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(emit(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)


HEAVY = settings(
    max_examples=80,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),  # no shrinking: each example loads a whole book
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
KNOWN_BUG = settings(HEAVY, max_examples=50, derandomize=True)


def dump(doc, flow: bool = False) -> bytes:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=flow).encode()


@HEAVY
@given(record(KINDS["account"]), st.booleans(), st.one_of(st.none(), record(KINDS["book"])))
def test_catalogue_shaped_documents_never_raise(doc, flow, book_doc):
    book = BOOK_YAML.encode() if book_doc is None else dump(book_doc)
    b, _ = load(dump(doc, flow), book)
    assert len(b["accounts"]) <= 1


@KNOWN_BUG
@given(record(KINDS["account"], keyed=False), st.one_of(st.none(), record(KINDS["book"], keyed=False)))
@example({"contacts": [{"name": "x"}, {"id": "c2", "reports_to": "zz"}]}, None)
def test_documents_with_records_missing_their_key_never_raise(doc, book_doc):
    load(dump(doc), BOOK_YAML.encode() if book_doc is None else dump(book_doc))


# With raw scalars: explicit tags, anchors, numbers beyond int64, dates beyond 2262.


@KNOWN_BUG
@given(record(KINDS["account"], raw=True))
@example({"loyalty": {"referrals": Raw("!!int abc")}})
@example({"potential": Raw("!!float x")})
@example({"revenue": [{"year": Raw("99999999999999999999"), "amount": 1}]})
def test_catalogue_shaped_documents_with_raw_scalars_never_raise(doc):
    load(emit(doc).encode())
