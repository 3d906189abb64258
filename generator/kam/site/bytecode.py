"""The theme's templates compiled once, not once per build or per process.

MkDocs makes a new Jinja environment for every build, so `kam serve` compiled Material's templates again
after every edit (a quarter of a preview's rebuild), and every new `kam serve --account` compiled them
once more (a quarter of its first build).  The plugin gives each environment the theme makes
(``kam.site.themeenv``) this cache of compiled templates: in memory, and in kam's cache folder
(``kam.files.read_cache``, where kam keeps what it can always make again), so the next process finds
them.  Jinja checks each entry against the template's source before using it; a cache that cannot be read
or written is only slower.
"""

from __future__ import annotations

import sys

import jinja2

from kam.files import read_cache, write_cache


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory, by template (Jinja's key) and checked by source checksum; and
    in kam's cache folder when `disk` (and the cache is not off)."""

    def __init__(self, disk: bool = False):
        self.store: dict[str, bytes] = {}
        self.disk = disk

    @staticmethod
    def _name(key: str) -> str:
        # compiled code is for one Python and one Jinja: each pair has its own folder
        return f"templates/{sys.implementation.cache_tag}-jinja{jinja2.__version__}/{key}.bytecode"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is None and self.disk:
            code = read_cache(self._name(bucket.key))
        if code is not None:
            bucket.bytecode_from_string(code)  # refused by Jinja when the source changed
            if bucket.code is not None:
                self.store[bucket.key] = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store[bucket.key] = bucket.bytecode_to_string()
        if self.disk:
            write_cache(self._name(bucket.key), code)

    def clear(self) -> None:
        """Forget what is in memory (the next build reads the disk again)."""
        self.store.clear()


CACHE = MemoryBytecodeCache(disk=True)
