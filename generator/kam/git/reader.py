"""Versions of account files along the history, each read and validated once; opening a repository for it."""

from __future__ import annotations

import datetime as dt

from kam.book.fields import BOOK_FILE
from kam.book.policy import Settings
from kam.git.diff import Version, account_id, parse_versions
from kam.git.diff.render import FIRST_ERRORS
from kam.git.gitstore import GitError, Repo
from kam.labels import term


def commit_day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso[:10])


def month_start(d: dt.date, back: int = 0) -> dt.date:
    m = d.year * 12 + d.month - 1 - back
    return dt.date(m // 12, m % 12 + 1, 1)


class Reader:
    """Versions of account files by (blob sha, account id): read, parsed and validated once."""

    def __init__(self, repo: Repo, settings: Settings, book_file):
        self.repo = repo
        self.settings = settings
        self.book_file = book_file
        self.versions: dict[tuple[str, str], Version] = {}
        self.paths: dict[tuple[str, str], str] = {}
        self.people: dict = {}

    def want(self, path: str, sha: str | None):
        if sha:
            self.paths.setdefault((sha, account_id(path)), path)

    def load(self) -> None:
        todo = [k for k in self.paths if k not in self.versions]
        if not todo:
            return
        data = self.repo.cat(sha for sha, _ in todo)
        # one batch: every version gets a private id while validated (diff.parse_versions)
        batch = [(key, self.paths[key], data[key[0]]) for key in todo if key[0] in data]
        got, ctx = parse_versions(batch, self.book_file, self.settings)
        self.people = ctx.people
        for key, v in got.items():
            v.sha = key[0]
            self.versions[key] = v

    def get(self, path: str, sha: str | None) -> Version | None:
        if not sha:
            return None
        return self.versions.get((sha, account_id(path)))


def first_errors(v: Version, lang: str) -> list[str]:
    return [d.text(lang) for d in v.errors[:FIRST_ERRORS]]


class BookState:
    """The state of the book along the main line: account id -> (path, sha) of its last valid version."""

    def __init__(self):
        self.files: dict[str, tuple[str, str]] = {}

    def copy(self) -> dict[str, tuple[str, str]]:
        return dict(self.files)


def note(key: str, lang: str, **values) -> dict:
    out = {"available": False, "note": term(key, lang, **values), "note_code": key}
    return {**out, "note_values": values} if values else out


def open_history(repo_root, settings: Settings):
    """(repo, head sha, book prefix, book file entry) or a note dict."""
    lang = settings.language
    try:
        repo = Repo(repo_root)
    except GitError:
        return note("hist_no_git", lang)
    try:
        if repo.is_shallow():
            return note("hist_shallow", lang)
        head = repo.head()
    except GitError:
        return note("hist_no_git", lang)
    if head is None:
        return note("hist_no_commits", lang)
    book = repo.relpath(settings.book_path)
    book_path = (book + "/" if book else "") + BOOK_FILE
    data = repo.blob_at(head, book_path)
    if data is None:
        data = repo.blob_at(None, book_path)
    return repo, head, book, (book_path, data) if data is not None else None
