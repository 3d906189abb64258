"""The theme's templates compiled once, not once per build or per process.

MkDocs makes a new Jinja environment for every build, so `kam serve` compiled Material's templates again
after every edit (a quarter of a preview's rebuild), and every new `kam serve --account` compiled them
once more (a quarter of its first build).  The plugin gives each environment this cache of compiled
templates: in memory, and in kam's cache folder (``kam.files.cache_dir``, where kam keeps what it can
always make again), so the next process finds them.  Jinja checks each entry against the template's
source before using it; a cache that cannot be read or written is only slower.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import jinja2

from kam.files import cache_dir


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory, by template (Jinja's key) and checked by source checksum; and
    in kam's cache folder when `disk` (and the cache is not off)."""

    def __init__(self, disk: bool = False):
        self.store: dict[str, bytes] = {}
        self.disk = disk

    def _file(self, key: str) -> Path | None:
        folder = cache_dir("templates") if self.disk else None
        if folder is None:
            return None
        # compiled code is for one Python and one Jinja: each pair has its own folder
        return folder / f"{sys.implementation.cache_tag}-jinja{jinja2.__version__}" / f"{key}.bytecode"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is None:
            code = _read(self._file(bucket.key))
        if code is not None:
            bucket.bytecode_from_string(code)  # refused by Jinja when the source changed
            if bucket.code is not None:
                self.store[bucket.key] = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store[bucket.key] = bucket.bytecode_to_string()
        _write(self._file(bucket.key), code)

    def clear(self) -> None:
        """Forget what is in memory (the next build reads the disk again)."""
        self.store.clear()


def _private(folder: Path) -> bool:
    """A folder only this user can write to: compiled code is run, so nobody else may place it."""
    st = folder.stat()
    return not hasattr(os, "getuid") or (st.st_uid == os.getuid() and not st.st_mode & 0o022)


def _read(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        if not _private(path.parent):
            return None
        return path.read_bytes()
    except OSError:
        return None


def _write(path: Path | None, code: bytes) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(path.parent):
            return
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(code)
            os.replace(tmp, path)  # a reader never sees half a file
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # a read-only home: compiled in every process


CACHE = MemoryBytecodeCache(disk=True)
