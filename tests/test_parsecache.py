"""Account files parsed once per content: a kept parse gives exactly what parsing gives, under any name,
and the kept parses on disk are read only when they are kam's own and safe to read."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kam.book import parsecache
from kam.book.convert import Rows
from kam.book.loader import load_book, parse_account, parse_account_once
from kam.book.policy import Settings

from conftest import ACCOUNT, AS_OF, BOOK_YAML

REPO = Path(__file__).resolve().parent.parent

HOSTILE = [
    ACCOUNT + "name: again\n",  # duplicate key
    ACCOUNT + "short_name: &n Acme\nnotes: *n\n",  # anchor and alias
    ACCOUNT + "notes: [unclosed\n",
    ACCOUNT + 'notes: "\\0 NUL and \\u202e bidi"\n',
    ACCOUNT + "\u3000lifecycle: stable\n",  # a full-width space before a key
    ACCOUNT + "contacts:\n  - id: c1\n    name: C\n    level: top\n    attitude: support\n    level: base\n",
    ACCOUNT + "opportunities:\n  - {id: o1, name: <script>, stage: won, amount: =1+1}\n",
    ACCOUNT + "x: " + "[" * 40 + "]" * 40 + "\n",  # too deep
    "- a list\n- not a mapping\n",
    "",
    "a: 1\n---\nb: 2\n",
    "name: \x07bell\n",
    "\xff\xfe not utf-8",
]


def _parse_both(shown: str, aid: str, data: bytes):
    kept_rows, kept_diags = Rows(), []
    parse_account(shown, data, kept_rows, kept_diags, aid)
    rows, diags = Rows(), []
    parse_account_once(shown, data, rows, diags, aid)
    return (kept_rows.rows, kept_rows.pos, kept_diags), (rows.rows, rows.pos, diags)


def _inputs() -> list[bytes]:
    files = sorted((REPO / "accounts").glob("*.yaml")) + sorted((REPO / "tests" / "data").rglob("*.yaml"))
    out = [p.read_bytes() for p in files if p.name != "_book.yaml"]
    return out + [t.encode("utf-8", "surrogateescape") if isinstance(t, str) else t for t in HOSTILE]


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """An empty parse cache in memory, and a cache folder of this test's own."""
    monkeypatch.setenv("KAM_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(parsecache, "CACHE", parsecache.ParseCache())
    return tmp_path / "cache"


def test_a_kept_parse_is_the_parse_under_every_name(fresh):
    inputs = _inputs()
    assert len(inputs) > 20
    for i, data in enumerate(inputs):
        for shown, aid in (("accounts/a.yaml", "a"), (f"{i}:accounts/b.yaml", f"kam{i}"), ("accounts/a.yaml", "a")):
            kept, parsed = _parse_both(shown, aid, data)
            assert kept == parsed, (data[:80], shown)
            for d in kept[2]:
                assert parsecache.FILE not in str(d) and parsecache.ID not in str(d)
    assert parsecache.CACHE.hits == 3 * len(inputs) - len(set(inputs))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list(" \n:-[]{},#&*!|>'\"abcnt0123é华")), max_size=120))
def test_any_text_kept_or_parsed_gives_the_same(fresh, text):
    data = (ACCOUNT + text).encode()
    for _ in range(2):
        kept, parsed = _parse_both("accounts/x.yaml", "x", data)
        assert kept == parsed


def _many(root: Path, n: int = parsecache.DISK_FROM) -> Settings:
    book = root / "accounts"
    book.mkdir(parents=True)
    (book / "_book.yaml").write_text(BOOK_YAML, encoding="utf-8")
    for i in range(n):
        (book / f"a{i:03d}.yaml").write_text(ACCOUNT.replace("Acme", f"Acme {i}") + "owner: rep-a\n", encoding="utf-8")
    return Settings(root=str(root), book="accounts", as_of=AS_OF)


def _load(settings: Settings):
    book, diags = load_book(settings)
    assert book is not None
    tables = {t: f.to_json(orient="records", date_format="iso", default_handler=str) for t, f in book.tables.items()}
    return tables, [str(d) for d in diags]


def _new_process(monkeypatch) -> parsecache.ParseCache:
    cache = parsecache.ParseCache()
    monkeypatch.setattr(parsecache, "CACHE", cache)
    return cache


def test_a_new_process_reads_the_book_from_what_the_last_one_kept(fresh, tmp_path, monkeypatch):
    settings = _many(tmp_path / "p")
    first = _load(settings)
    kept = list((fresh / "parsed").iterdir())
    assert [p.suffix for p in kept] == [".pickle"]
    assert stat.S_IMODE((fresh / "parsed").stat().st_mode) == 0o700
    cache = _new_process(monkeypatch)
    assert _load(settings) == first
    assert cache.hits == parsecache.DISK_FROM

    # an edited file is parsed again, and what it now says is what the book holds
    edited = tmp_path / "p" / "accounts" / "a007.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Acme 7", "Edited"), encoding="utf-8")
    cache = _new_process(monkeypatch)
    tables, _ = _load(settings)
    assert cache.hits == parsecache.DISK_FROM - 1
    assert '"name":"Edited"' in tables["accounts"] and '"name":"Acme 7"' not in tables["accounts"]


def test_a_small_read_leaves_the_disk_alone(fresh, tmp_path):
    """A preview reads one file: reading thousands of kept parses would cost more than parsing it."""
    _load(_many(tmp_path / "p", parsecache.DISK_FROM - 1))
    assert not (fresh / "parsed").exists()


def _kept_file(fresh: Path) -> Path:
    (kept,) = (fresh / "parsed").iterdir()
    return kept


@pytest.mark.parametrize("spoil", ["truncated", "not-a-dict", "fifo", "link", "folder", "others-can-write"])
def test_a_kept_file_that_cannot_be_trusted_is_not_read(fresh, tmp_path, monkeypatch, spoil):
    settings = _many(tmp_path / "p")
    first = _load(settings)
    kept = _kept_file(fresh)
    good = kept.read_bytes()
    kept.unlink()
    if spoil == "truncated":
        kept.write_bytes(good[: len(good) // 2])
    elif spoil == "not-a-dict":
        kept.write_bytes(pickle.dumps(["not", "a", "dict"]))
    elif spoil == "fifo":
        os.mkfifo(kept)  # reading would wait for a writer forever
    elif spoil == "link":
        elsewhere = tmp_path / "elsewhere.pickle"
        elsewhere.write_bytes(good)
        kept.symlink_to(elsewhere)
    elif spoil == "folder":
        kept.mkdir()
    elif spoil == "others-can-write":
        kept.write_bytes(good)
        kept.parent.chmod(0o777)
    cache = _new_process(monkeypatch)
    assert _load(settings) == first
    assert cache.hits == 0


def test_no_kept_parses_when_the_cache_is_off(fresh, tmp_path, monkeypatch):
    monkeypatch.setenv("KAM_CACHE_DIR", "off")
    settings = _many(tmp_path / "p")
    first = _load(settings)
    assert not fresh.exists()
    cache = _new_process(monkeypatch)
    assert _load(settings) == first
    assert cache.hits == 0


def test_another_kam_or_pyyaml_keeps_its_own_parses(fresh, monkeypatch):
    before = parsecache.ParseCache().name()
    monkeypatch.setattr(yaml, "__version__", yaml.__version__ + ".other")
    assert parsecache.ParseCache().name() != before
    assert before.startswith("parsed/") and before.endswith(".pickle")


def test_memory_is_bounded(fresh, monkeypatch):
    monkeypatch.setattr(parsecache, "MAX_KEPT", 20_000)
    for i in range(200):
        parse_account("accounts/a.yaml", (ACCOUNT + f"notes: {'x' * 100} {i}\n").encode(), Rows(), [], "a")
    cache = parsecache.CACHE
    assert 0 < cache.size <= 20_000
    assert cache.size == sum(len(b) for b in cache.kept.values())
    # the newest are kept: the last file is found again
    parse_account("accounts/a.yaml", (ACCOUNT + f"notes: {'x' * 100} 199\n").encode(), Rows(), [], "a")
    assert cache.hits == 1


def test_the_kept_files_of_older_versions_of_kam_are_removed(fresh, tmp_path):
    """Each version of kam keeps its parses in a file of its own (up to 256 MB): writing one removes all but the
    last KEEP_VERSIONS written, and nothing in the folder that is not such a file (a link, a FIFO, another
    kind of file) is touched, nor what a link points to."""
    import os
    import time

    folder = fresh / "parsed"
    folder.mkdir(parents=True, mode=0o700)
    now = time.time()
    for age in range(5):  # five older versions, the newest first
        old = folder / f"{age:032x}.pickle"  # named as kam names them
        old.write_bytes(b"x")
        os.utime(old, (now - 100 * (age + 1), now - 100 * (age + 1)))
    outside = tmp_path / "precious.pickle"
    outside.write_bytes(b"mine")
    link, fifo = folder / f"{7:032x}.pickle", folder / f"{8:032x}.pickle"  # named as kam's, but not files
    link.symlink_to(outside)
    os.mkfifo(fifo)
    for special in (link, fifo):
        os.utime(special, (now - 10_000, now - 10_000), follow_symlinks=False)
    (folder / "notes.txt").write_bytes(b"n")
    (folder / "mine.pickle").write_bytes(b"the user's own, in a folder $KAM_CACHE_DIR names")
    os.utime(folder / "mine.pickle", (now - 10_000, now - 10_000))
    cache = parsecache.ParseCache()
    cache.fragment(ACCOUNT.encode(), lambda rows, diags: None)
    cache.write_disk()
    left = sorted(p.name for p in folder.iterdir())
    assert left == sorted(
        [
            link.name,
            fifo.name,
            "mine.pickle",
            "notes.txt",
            f"{0:032x}.pickle",
            f"{1:032x}.pickle",
            cache.name().split("/")[1],
        ]
    )
    assert parsecache.KEEP_VERSIONS == 3 and outside.read_bytes() == b"mine"
