"""The synthetic book generator: reproducible, and valid as written."""

from __future__ import annotations

import datetime as dt

from kam.book.loader import load_book
from kam.book.policy import Settings

from synth import AS_OF, q, write_book


def _files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_same_seed_same_bytes(tmp_path):
    write_book(tmp_path / "a", 30, seed=3)
    write_book(tmp_path / "b", 30, seed=3)
    write_book(tmp_path / "c", 30, seed=4)
    a, b, c = _files(tmp_path / "a"), _files(tmp_path / "b"), _files(tmp_path / "c")
    assert len(a) == 31 and "_book.yaml" in a
    assert a == b
    assert a != c


def test_fifty_accounts_validate_clean(tmp_path):
    write_book(tmp_path / "book", 50, seed=1)
    book, diags = load_book(Settings(root=str(tmp_path), book="book", as_of=AS_OF))
    assert [d.text() for d in diags] == []
    assert len(book["accounts"]) == 50
    assert set(book["opportunities"]["stage"]) == {"prospect", "intent", "proposal", "negotiation", "won", "lost"}
    assert book["activities"]["date"].max() <= dt.datetime(2026, 11, 20)
    assert book["receivables"]["invoice"].is_unique


def test_quoting_keeps_strings_strings():
    for text in ("NO", "true", "1.10", "2024-03-01", "a: b", "x #y", "", "-1", "王总", "Plant 2"):
        assert q(text) in (text, f'"{text}"')
    assert q("NO") == '"NO"' and q("1.10") == '"1.10"' and q("a: b") == '"a: b"'
    assert q("王总") == "王总"
