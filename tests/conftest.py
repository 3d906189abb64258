"""Shared fixtures: small books written into tmp_path, loaded, or run through the CLI.

    def test_x(book, check, load, kam):
        book({"acme.yaml": ACCOUNT + "owner: rep-a\\n"})   # writes accounts/ in tmp_path (the cwd)
        lines = check({"acme.yaml": ...})                     # writes, loads: English diagnostic lines
        b, diags = load({"acme.yaml": ...})                   # writes, loads: the Book and the Diagnostics
        code, out = kam("validate")                           # --lang en --as-of 2026-11-20
        err = kam.invoke("validate").stderr                   # the whole click Result

Paths in diagnostics are relative to the current directory, so every fixture
works from tmp_path: a file shows as ``accounts/acme.yaml``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kam.book.loader import load_book
from kam.book.policy import Settings
from kam.cli import main

AS_OF = dt.date(2026, 11, 20)


@pytest.fixture(scope="session", autouse=True)
def _own_cache_folder(tmp_path_factory):
    """kam's cache folder for this session only (every kam it runs, in this process or another, reads it):
    the user's own (~/.cache/kam) may hold the parses of a 10,000-account book, which an import reads, and a
    test of the import's memory failed on a machine where such a book had been built."""
    saved = os.environ.get("KAM_CACHE_DIR")
    os.environ["KAM_CACHE_DIR"] = str(tmp_path_factory.mktemp("kam-cache"))
    yield
    if saved is None:
        os.environ.pop("KAM_CACHE_DIR", None)
    else:
        os.environ["KAM_CACHE_DIR"] = saved


# Two people: rep-a (a rep) and rep-b (an executive); one offering.
BOOK_YAML = """\
people:
  - {id: rep-a, name: 张伟, role: rep}
  - {id: rep-b, name: 李明, role: executive}
offerings:
  - {id: mes, name: MES}
"""

# The smallest valid account file: five lines, so whatever is appended starts on line 6.
ACCOUNT = """\
name: Acme
industry: other
region: east
lifecycle: stable
potential: 0
"""


def write_book(root: Path, files: dict[str, str | bytes] | None = None, book_yaml: str | bytes | None = BOOK_YAML):
    """Write `files` (name -> YAML text or raw bytes) and `_book.yaml` into root; returns root."""
    root.mkdir(parents=True, exist_ok=True)
    items = dict(files or {})
    if book_yaml is not None:
        items.setdefault("_book.yaml", book_yaml)
    for name, content in items.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def _parsed_afresh(monkeypatch):
    """Every test parses its files itself: a parse kept by an earlier test (kam.book.parsecache) would
    hide what a test changes in the parser (test_yamlfile's depth limits)."""
    from kam.book import parsecache

    monkeypatch.setattr(parsecache, "CACHE", parsecache.ParseCache())


@pytest.fixture
def book(tmp_path, monkeypatch):
    """Factory: book(files, book_yaml=BOOK_YAML) writes tmp_path/accounts (tmp_path is the cwd)."""
    monkeypatch.chdir(tmp_path)

    def make(files: dict[str, str | bytes] | None = None, book_yaml: str | bytes | None = BOOK_YAML) -> Path:
        return write_book(tmp_path / "accounts", files, book_yaml)

    return make


@pytest.fixture
def load(book):
    """Factory: load(files, book_yaml=BOOK_YAML) -> (Book, diagnostics) as of AS_OF."""

    def run(files: dict[str, str | bytes] | None = None, book_yaml: str | bytes | None = BOOK_YAML):
        book(files, book_yaml)
        return load_book(Settings(as_of=AS_OF))

    return run


@pytest.fixture
def check(load):
    """Factory: check(files, book_yaml=BOOK_YAML, lang="en") -> the diagnostics as printed lines."""

    def run(files: dict[str, str | bytes] | None = None, book_yaml: str | bytes | None = BOOK_YAML, lang="en"):
        _, diags = load(files, book_yaml)
        return [d.text(lang) for d in diags]

    return run


def invoke(*args: str, lang: str = "en", env: dict | None = None) -> Result:
    """Run `kam --lang LANG --as-of 2026-11-20 ARGS` in the current directory.

    An exception other than SystemExit is re-raised: the CLI must never crash.
    """
    result = CliRunner().invoke(main, ["--lang", lang, "--as-of", AS_OF.isoformat(), *args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.fixture
def kam(tmp_path, monkeypatch):
    """Factory: kam(*args, lang="en", env=None) -> (exit_code, stdout), run from tmp_path."""
    monkeypatch.chdir(tmp_path)

    def run(*args: str, lang: str = "en", env: dict | None = None) -> tuple[int, str]:
        result = invoke(*args, lang=lang, env=env)
        return result.exit_code, result.stdout

    run.invoke = invoke  # for stderr: kam.invoke(...).stderr
    return run
