"""The Book: every table of the book as a DataFrame, each row traceable to its source.

Columns come from the field catalogue (groups flattened as ``group.field``),
plus ``account`` (the owning account's id) on child tables and ``_file``,
``_line``, ``_col`` (where the record starts).  ``pos[table][i]`` maps a
column to the 1-based (line, column) of that value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from kam.book.fields import KINDS, Field, Kind, table_kinds

META = ("_file", "_line", "_col")


def columns_of(kind: Kind, prefix: str = "") -> list[tuple[str, Field]]:
    """(column, Field) for every value column of a kind, groups flattened."""
    out: list[tuple[str, Field]] = []
    for f in kind.fields:
        if f.type == "record" and f.record is not None:
            sub = KINDS[f.record]
            if not f.many and sub.table is None:
                out += columns_of(sub, prefix + f.name + ".")
            continue
        out.append((prefix + f.name, f))
    return out


def key_columns(table: str) -> list[str]:
    """The columns the loader adds to a table's rows: an account's id (from its file name), the
    account a record belongs to, or none for the book file's tables (people, offerings)."""
    if table == KINDS["account"].table:
        return ["id"]
    book_tables = {KINDS[f.record].table for f in KINDS["book"].fields if f.record}
    return [] if table in book_tables else ["account"]


def table_columns(table: str) -> list[str]:
    kind = table_kinds()[table]
    return key_columns(table) + [c for c, _ in columns_of(kind)] + list(META)


_DTYPES = {"number": "float64", "percent": "float64", "int": "Int64", "year": "Int64", "date": "datetime64[ns]"}


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """Rows -> a DataFrame with every catalogue column, typed."""
    cols = table_columns(table)
    # text columns hold Python strings (pandas' `str` dtype, stored in Python, not Arrow): the figures filter
    # small tables many times over, and Arrow's `take` of each text column was 1.5% of a build
    with pd.option_context("mode.string_storage", "python"):
        df = pd.DataFrame.from_records(rows, columns=cols) if rows else pd.DataFrame(columns=cols)
    kind = table_kinds()[table]
    for c, f in columns_of(kind):
        if f.many:
            continue
        dtype = _DTYPES.get(f.type)
        if dtype == "datetime64[ns]":
            df[c] = pd.to_datetime(df[c], errors="coerce")
        elif dtype:
            df[c] = df[c].astype(dtype)
    if table == "accounts":
        df["id"] = df["id"].astype(object)
    return df


@dataclass
class Book:
    """The loaded book: tables, and where every row and value came from."""

    root: str
    tables: dict[str, pd.DataFrame]
    pos: dict[str, list[dict]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    # the files of the book on disk kam found (_book.yaml included), and those of them it did not read (refused
    # for their size or kind, unreadable, or named with a bad or taken id): set by load_book
    seen: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    as_of: dt.date | None = None  # the report date the tables stand at (kam.metrics.asof); None: as written

    def __getitem__(self, table: str) -> pd.DataFrame:
        return self.tables[table]

    def left_out(self, table: str, column: str) -> pd.Series:
        """Rows whose `column` was not written.  A value written but malformed is empty in the
        frame too, but it has already been reported where it is: a check for a missing value must
        not add a second, misleading diagnostic (`amount: 50万` is not "no amount")."""
        df = self.tables[table]
        written = [column in p for p in self.pos.get(table, [])] or [False] * len(df)
        return df[column].isna() & ~pd.Series(written, index=df.index, dtype=bool)

    def where(self, table: str, i: int, column: str | None = None) -> tuple[str, int, int]:
        """(file, line, col) of row i of a table, or of one of its values."""
        df = self.tables[table]
        file = df.at[i, "_file"]
        if column is not None:
            p = self.pos[table][i].get(column)
            if p:
                return file, p[0], p[1]
        return file, int(df.at[i, "_line"]), int(df.at[i, "_col"])
