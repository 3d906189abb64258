"""What every page builder shares: the book split by account once, the metrics indexed, the words."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kam.book.fields import table_kinds
from kam.book.policy import Settings
from kam.book.tables import Book, key_columns
from kam.values import missing

from .i18n import Words
from .pinyin import name_key

# the tables whose rows belong to one account (all but accounts, people and offerings)
CHILD_TABLES = tuple(t for t in table_kinds() if key_columns(t) == ["account"])


def clean(v):
    """NaN / NaT / NA -> None; numpy scalars and timestamps stay as they are."""
    return None if missing(v) else v


def records_of(df: pd.DataFrame) -> list[dict]:
    """A table's rows as dicts with NaN/NaT/NA as None: converted once per build, not once per account."""
    if df.empty:
        return []
    cols = list(df.columns)
    data = []
    for c in cols:
        values = df[c].tolist()
        # the missing values (pandas' isna: None, NaN, NaT, NA, as `clean` has them) replaced where they are, not
        # a call per value: most columns have none, and most that have some are mostly filled
        for i in np.flatnonzero(df[c].isna().to_numpy()).tolist():
            values[i] = None
        data.append(values)
    return [dict(zip(cols, row)) for row in zip(*data)]


def _by_account(df: pd.DataFrame) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in records_of(df):
        out.setdefault(r["account"], []).append(r)
    return out


def _sort_key(keys):
    # None sorts last, whatever the type of the other values
    return lambda r: tuple((r[k] is None, r[k] if r[k] is not None else 0) for k in keys)


def _by_key(rows, key="account") -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in rows or []:
        out.setdefault(r.get(key), []).append(r)
    return out


@dataclass
class SiteContext:
    """Inputs of the renderer, prepared once per build (linear in the size of the book)."""

    book: Book
    settings: Settings
    metrics: dict
    directory_urls: bool = True
    edit_base: str | None = None  # e.g. https://github.com/o/r/edit/main/ ; None: no edit links
    preview: str | None = None  # an account id: preview mode, only that account's page
    history: dict | None = None  # kam.git.history.history(): the Changes page and each account's change log
    words: Words = field(init=False)
    children: dict[str, dict[str, list[dict]]] = field(init=False)
    accounts: dict[str, dict] = field(init=False)
    items: dict[str, dict] = field(init=False)
    people: dict[str, str] = field(init=False)
    offerings: dict[str, str] = field(init=False)
    regions: dict[str, str] = field(init=False)  # id -> name: the company's own, else kam's

    def __post_init__(self):
        self._root: Path | None = None
        self._repo_folders: dict[str, str] = {}  # folder as shown -> where its files are in the repository
        # a text of the search index's `words` -> jieba's fine cut of it (the same needs recur across accounts)
        self.fine_cut: dict[str, tuple[str, ...]] = {}
        self.words = Words(self.settings.language)
        self.children = {t: _by_account(self.book[t]) for t in CHILD_TABLES}
        self.accounts = {r["id"]: r for r in records_of(self.book["accounts"])}
        m = self.metrics or {}
        self.items = {it["id"]: it for it in m.get("accounts", {}).get("items", [])}
        ppl = self.book["people"]
        self.people = dict(zip(ppl["id"], ppl["name"])) if len(ppl) else {}
        off = self.book["offerings"]
        self.offerings = dict(zip(off["id"], off["name"])) if len(off) else {}
        self.regions = self.settings.region_names(self.settings.language)
        self.deals_121 = _by_key(m.get("relationships", {}).get("deals"))
        self.receivables = _by_key(m.get("credit", {}).get("receivables"))
        self.whitespace = {w["account"]: w for w in m.get("whitespace", {}).get("accounts", [])}
        plan = m.get("plan", {})
        self.action_status = {}
        for status in ("overdue", "upcoming"):
            for r in plan.get(status, []):
                self.action_status[(r["account"], r["title"], r["due"])] = status
        self.health = m.get("health", {}).get("accounts", {})

    @property
    def charts_in_browser(self) -> bool:
        """A report's charts drawn by the reader's browser rather than as SVG now: in a preview, where drawing
        the home page's funnel as SVG (twice: as designed and for a phone) took a fifth of its time."""
        return self.preview is not None

    @property
    def lang(self) -> str:
        return self.settings.language

    def name_order(self, name: str | None) -> tuple:
        """Where a name (an account's, a person's, a team's) goes in a table: by pinyin on the Chinese site
        (李明, 王磊, 张伟; by code point 张 came before 王 and 李), as the English site always had it there."""
        return name_key(self.lang)(name)

    def rows(self, table: str, account_id: str, sort: tuple = (), reverse: bool = False) -> list[dict]:
        """One account's records of a child table (dicts, missing values None), optionally sorted."""
        rows = self.children[table].get(account_id, [])
        if sort:
            rows = sorted(rows, key=_sort_key(sort), reverse=reverse)
        return rows

    def person(self, pid) -> str:
        pid = clean(pid)
        if pid is None:
            return ""
        return self.people.get(pid, pid)

    def repo_path(self, shown_file: str) -> str:
        """The path of a book file relative to the repository root (the folder of mkdocs.yml); a file
        outside it is said to be in the book's folder.

        Worked out once per folder (a thousand account pages asked pathlib a thousand times); a file
        that is itself a link is resolved on its own."""
        if self._root is None:
            self._root = Path(self.settings.root).resolve()
        folder, name = os.path.split(shown_file)
        absolute = os.path.join(os.getcwd(), shown_file)
        if os.path.islink(absolute):
            return self._in_repo(Path(absolute).resolve(), name)
        if folder not in self._repo_folders:
            resolved = self._in_repo(Path(os.getcwd(), folder).resolve() / "-", "-")
            self._repo_folders[folder] = resolved[:-1]  # "accounts/east/-" less the "-": every file's prefix
        return self._repo_folders[folder] + name

    def _in_repo(self, path: Path, name: str) -> str:
        assert self._root is not None  # set by repo_path
        try:
            return path.relative_to(self._root).as_posix()
        except ValueError:
            return Path(self.settings.book, name).as_posix()
