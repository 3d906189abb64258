"""Account files parsed once per content: what the loader made of these bytes, kept for the next time.

Parsing an account file (YAML to rows and positions, with its parse diagnostics) is a pure function
of its bytes and of kam's own code: its name and id only label the result.  So the result is kept by
the bytes' digest, made with placeholder labels, and labelled on use.  This matters twice:

- within one build, the history reads the versions of every account in git, and most of them are the
  files the book itself has just read (an account nobody edited in the window);
- between builds, in kam's cache folder (``kam.files.read_cache``): a build, a `kam validate` or a
  pre-commit hook after an edit parses only the files that changed.

A kept result is keyed by everything it depends on: the file's bytes, and a digest of kam's source
(its Python files and the word lists the field catalogue reads), PyYAML's and libyaml's versions and
Python's: a kam or PyYAML that parses differently never reads another's results.  The kept file is
read only from a folder no one else can write to (it is unpickled), and a file that cannot be read is
an empty cache.  Each version of kam keeps a file of its own; writing one removes those of all but the last
few versions written (``KEEP_VERSIONS``).  Validation, which depends on the rest of the book and the
settings, is never kept.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

import yaml
from yaml import _yaml  # libyaml, in the PyYAML wheel

from kam.book.convert import Rows
from kam.book.diagnostics import Diagnostic
from kam.files import prune_cache, read_cache, write_cache

# placeholder labels, in the columns only kam fills (a row's file, the accounts' id, the children's account):
# no value written in a file is ever read or replaced as one
FILE = "\x00kam-file"
ID = "\x00kam-id"
DISK_FROM = 64  # files parsed at once before the kept results are read from disk: a preview reads one
MAX_KEPT = 256 * 1024 * 1024  # bytes of pickled results kept, in memory and on disk; the least recently used go
KEEP_VERSIONS = 3  # kept files of as many versions of kam (the last written): a branch switched back finds its own

Fragment = tuple[dict[str, list[dict]], dict[str, list[dict]], list[Diagnostic]]


def _code_identity() -> str:
    """A digest of what decides how a file is parsed: kam's source, PyYAML, libyaml and Python."""
    h = hashlib.blake2b(digest_size=16)
    root = Path(__file__).resolve().parent.parent
    for p in sorted(root.rglob("*")):
        if p.suffix in (".py", ".yaml") and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(root)).encode() + b"\0" + p.read_bytes() + b"\0")
    h.update(f"{yaml.__version__} {_yaml.get_version_string()} {sys.implementation.cache_tag}".encode())
    return h.hexdigest()


class ParseCache:
    """Pickled fragments by the digest of a file's bytes, in memory, and on disk when asked."""

    def __init__(self) -> None:
        self.kept: dict[bytes, bytes] = {}  # in least-recently-used order
        self.size = 0  # bytes in self.kept
        self.disk_read = False
        self.changed = False
        self.hits = 0
        self._identity: str | None = None

    def name(self) -> str:
        if self._identity is None:
            self._identity = _code_identity()
        return f"parsed/{self._identity}.pickle"

    def read_disk(self) -> None:
        """Add what an earlier process kept (once per process)."""
        if self.disk_read:
            return
        self.disk_read = True
        data = read_cache(self.name())
        if data is None:
            return
        try:
            kept = pickle.loads(data)
        except Exception:  # a truncated or foreign file: an empty cache
            return
        if isinstance(kept, dict):
            kept.update(self.kept)  # this process's results are the newest
            self.kept = kept
            self.size = sum(len(b) for b in kept.values())
            self._trim()

    def _trim(self) -> None:
        while self.size > MAX_KEPT and self.kept:
            self.size -= len(self.kept.pop(next(iter(self.kept))))

    def write_disk(self) -> None:
        """Keep the results on disk (nothing is written when nothing new was parsed)."""
        if not self.changed:
            return
        self.changed = False
        write_cache(self.name(), pickle.dumps(self.kept, protocol=pickle.HIGHEST_PROTOCOL))
        prune_cache(self.name(), KEEP_VERSIONS)

    def fragment(self, data: bytes, parse: Callable[[Rows, list[Diagnostic]], None]) -> Fragment:
        """The rows, positions and diagnostics of a file of these bytes (labelled FILE and ID), kept from
        before or made by `parse(rows, diags)`."""
        key = hashlib.blake2b(data, digest_size=20).digest()
        blob = self.kept.pop(key, None)
        if blob is not None:
            self.kept[key] = blob  # most recently used last
            self.hits += 1
            return pickle.loads(blob)
        rows = Rows()
        diags: list[Diagnostic] = []
        parse(rows, diags)
        frag = (rows.rows, rows.pos, diags)
        blob = pickle.dumps(frag, protocol=pickle.HIGHEST_PROTOCOL)
        self.kept[key] = blob
        self.size += len(blob)
        self._trim()
        self.changed = True
        return frag


CACHE = ParseCache()


def label(frag: Fragment, shown: str, aid: str, rows: Rows, diags: list[Diagnostic]) -> None:
    """Put a fragment's rows, positions and diagnostics into the book's, under their own name and id."""
    tables, pos, found = frag
    for table, trows in tables.items():
        for row in trows:
            row["_file"] = shown
            if row.get("account") == ID:
                row["account"] = aid
            if table == "accounts" and row.get("id") == ID:
                row["id"] = aid
        rows.rows.setdefault(table, []).extend(trows)
        rows.pos.setdefault(table, []).extend(pos[table])
    for d in found:
        diags.append(dataclasses.replace(d, file=shown) if d.file == FILE else d)
