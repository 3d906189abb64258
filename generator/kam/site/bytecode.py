"""The theme's templates compiled once per process, not once per build.

MkDocs makes a new Jinja environment for every build, so `kam serve` compiled Material's templates again
after every edit: a quarter of a preview's rebuild.  The plugin gives each environment this cache of
compiled templates; Jinja checks each entry against the template's source before using it.
"""

from __future__ import annotations

import jinja2


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory, by template (Jinja's key) and checked by source checksum."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # refused by Jinja when the source changed

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self.store.clear()


CACHE = MemoryBytecodeCache()
