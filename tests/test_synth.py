"""The synthetic book generator: reproducible, and valid as written."""

from __future__ import annotations

import datetime as dt
import os
import re

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


def test_the_benchmarks_team_project_is_kam_inits_with_its_lines_uncommented(tmp_path, monkeypatch):
    """benchmarks/bench.py builds the project `kam init` writes, set as a team sets it: if kam init's
    mkdocs.yml changes so that the lines it uncomments are gone, the benchmark says so rather than building
    something else; and the project it writes is a valid book of that size."""
    import bench
    from kam.book.policy import load_settings

    write_book(tmp_path / "book", 20, seed=2)
    book = bench.Book(20, tmp_path / "book", sorted((tmp_path / "book").rglob("*.yaml")))
    for both in (False, True):
        root = bench.site_project_of(book, bilingual=both)
        settings, diags = load_settings(str(root / "mkdocs.yml"))
        assert diags == []
        assert (settings.as_of, settings.book_path.resolve()) == (AS_OF, (tmp_path / "book").resolve())
        assert settings.policy.rates == {"USD": 7.1, "EUR": 7.8, "HKD": 0.91}
        assert sorted(p.relative_to(root).as_posix() for p in (root / "docs").rglob("*.md")) == ["docs/guide.md"]
        uncommented = re.search(r"(?m)^ *languages: \[zh, en\]", (root / "mkdocs.yml").read_text(encoding="utf-8"))
        assert (uncommented is not None) is both
        monkeypatch.chdir(root)
        _, diags = load_book(settings)
        assert [d.text() for d in diags] == []
    import kam.init

    real = kam.init.render  # kam init without its commented `as_of:` line
    monkeypatch.setattr(
        kam.init, "render", lambda *a, **k: {n: re.sub(r"(?m)^ *# as_of:.*\n", "", t) for n, t in real(*a, **k).items()}
    )
    try:
        bench.team_files("book")
    except SystemExit as e:
        assert "kam init's mkdocs.yml has no line matching" in str(e)
    else:
        raise AssertionError("no SystemExit")


def test_the_benchmark_of_the_targets_measures_them_alone(tmp_path, monkeypatch, capsys):
    """`bench.py --targets`: the floor, the build, the preview and the rebuild, each repeated, in one table with
    the three target ratios, each verdict with the spread of its rounds; nothing else measured."""
    import bench

    monkeypatch.setattr(bench, "SHM", tmp_path / "no-shm")  # the sites beside the books, in tmp_path
    monkeypatch.setattr(bench, "PEAK", {})
    # the benchmark sets kam's cache folder for the rest of its process: given back after the test
    monkeypatch.setattr(bench, "CACHE_DIR", bench.CACHE_DIR)
    monkeypatch.setenv("KAM_CACHE_DIR", os.environ.get("KAM_CACHE_DIR", str(tmp_path / "cache")))
    assert bench.main(["--targets", "--sizes", "3", "--site-repeat", "3", "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    head = next(line for line in out.splitlines() if line.startswith("| accounts"))
    assert head.split(" | ")[3:8] == ["floor s", "build s", "preview s", "rebuild s", "build / floor"], head
    assert "warm" not in out and "history" not in out and "peak MB" not in out
    for label in ("build / floor", "preview / build", "rebuild / build"):
        line = next(line for line in out.splitlines() if line.startswith(f"{label} at 3 accounts: "))
        assert re.search(r"the 3 rounds' own ratios [\d.]+ to [\d.]+, median [\d.]+$", line), line
