"""The import's working store, on disk: rendered contacts and deals, and the ids in use.

A CRM export lists deals in any order, so an account's file can be written only once every
row is read; and each deal's id must be checked against every id before it.  Kept as Python
objects these cost several times the export's size; here they live in a private temporary
SQLite database (removed when closed) whose page cache is a few megabytes: exact, and the
import's memory grows with the number of accounts, not with the number of rows.
"""

from __future__ import annotations

import sqlite3


class Store:
    def __init__(self):
        self.db = sqlite3.connect("", isolation_level=None)  # "": a private temporary database on disk
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("PRAGMA cache_size = -2000")  # KiB: the memory the store may use
        self.db.execute("CREATE TABLE ids (k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID")
        self.db.execute(
            "CREATE TABLE items (account TEXT, kind TEXT, seq INTEGER, text TEXT, PRIMARY KEY (account, kind, seq))"
            " WITHOUT ROWID"
        )
        self.db.execute("BEGIN")
        self._seq = 0

    # ids in use, each key prefixed by the set it belongs to (deal ids of the book, contact ids of an account...)
    def __contains__(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM ids WHERE k = ?", (key,)).fetchone() is not None

    def get(self, key: str) -> int | None:
        row = self.db.execute("SELECT v FROM ids WHERE k = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def add(self, key: str, value: int = 0) -> None:
        self.db.execute("INSERT INTO ids VALUES (?, ?)", (key, value))

    # items: the final YAML lines of a contact or a deal, read back in the order they were added
    def put(self, account: str, kind: str, text: str) -> None:
        self._seq += 1
        self.db.execute("INSERT INTO items VALUES (?, ?, ?, ?)", (account, kind, self._seq, text))

    def texts(self, account: str, kind: str) -> list[str]:
        rows = self.db.execute("SELECT text FROM items WHERE account = ? AND kind = ? ORDER BY seq", (account, kind))
        return [r[0] for r in rows]

    def close(self) -> None:
        self.db.close()
