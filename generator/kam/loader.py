"""The one entry point that runs the pipeline: files -> nodes -> rows -> Book -> validated.

Nothing here raises on bad data: every problem becomes a diagnostic, and the
rest of the book is still read, so one run shows every problem.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .book import Book, frame
from .convert import Converter, Rows, describe
from .diagnostics import Diagnostic, error, sort
from .fields import ACCOUNT_ID, BOOK_FILE, KINDS, table_kinds
from .policy import Settings
from .yamlfile import load_nodes

_ACCOUNT_ID = re.compile(ACCOUNT_ID)


def rel(path: Path, root: Path) -> str:
    """A path as shown in diagnostics: relative to the current directory when below it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def discover(book_dir: Path) -> tuple[list[Path], Path | None, list[Diagnostic]]:
    """Account files (sorted) and the book file under book_dir."""
    diags: list[Diagnostic] = []
    accounts: list[Path] = []
    book_file = None
    for dirpath, dirnames, filenames in os.walk(book_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if name.startswith("."):
                continue
            if name.endswith(".yml"):
                diags.append(error(rel(p, book_dir), 0, 0, "yml-extension", name=name, fixed=name[:-4] + ".yaml"))
                continue
            if not name.endswith(".yaml"):
                continue
            if name.startswith("_"):
                if name == BOOK_FILE and Path(dirpath) == book_dir:
                    book_file = p
                else:
                    diags.append(error(rel(p, book_dir), 0, 0, "unknown-book-file", name=name, book=BOOK_FILE))
                continue
            accounts.append(p)
    return accounts, book_file, diags


def account_id(path: Path) -> str:
    return path.name[: -len(".yaml")]


def read_account(path: Path, shown: str, rows: Rows, diags: list[Diagnostic]) -> None:
    try:
        data = path.read_bytes()
    except OSError as e:
        diags.append(error(shown, 0, 0, "cannot-read", reason=e.strerror or str(e)))
        return
    node, d = load_nodes(shown, data)
    diags += d
    if node is None:
        if not d:
            diags.append(error(shown, 1, 1, "empty-file"))
        return
    conv = Converter(shown, rows, diags)
    if not _is_mapping(node):
        conv.err(node, "not-mapping", got=describe(node))
        return
    aid = account_id(path)
    row, pos = rows.new("accounts", shown, node, {"id": aid})
    conv.record(node, KINDS["account"], row, pos, "", {"account": aid}, "account")


def read_book_file(path: Path, shown: str, rows: Rows, diags: list[Diagnostic]) -> None:
    try:
        data = path.read_bytes()
    except OSError as e:
        diags.append(error(shown, 0, 0, "cannot-read", reason=e.strerror or str(e)))
        return
    node, d = load_nodes(shown, data)
    diags += d
    if node is None:
        if not d:
            diags.append(error(shown, 1, 1, "empty-file"))
        return
    conv = Converter(shown, rows, diags)
    if not _is_mapping(node):
        conv.err(node, "not-mapping", got=describe(node))
        return
    row: dict = {}
    pos: dict = {}
    conv.record(node, KINDS["book"], row, pos, "", {}, "book")
    if "people" not in {k.value for k, _ in node.value}:
        conv.err(node, "missing-field", field="people", where="book")


def _is_mapping(node) -> bool:
    from yaml import MappingNode

    return isinstance(node, MappingNode)


def load_book(settings: Settings, only: list[Path] | None = None) -> tuple[Book | None, list[Diagnostic]]:
    """Read and validate the book.  `only`: check just these account files (plus the book file)."""
    from .validate import validate

    book_dir = settings.book_path
    diags: list[Diagnostic] = []
    if not book_dir.is_dir():
        return None, [error(str(book_dir), 0, 0, "no-book", path=str(book_dir))]
    paths, book_file, d = discover(book_dir)
    diags += d
    # account ids: valid and unique across sub-folders (checked on all names, read or not)
    by_id: dict[str, Path] = {}
    for p in paths:
        aid = account_id(p)
        if not _ACCOUNT_ID.match(aid):
            diags.append(error(rel(p, book_dir), 1, 1, "bad-account-id", id=aid))
        elif aid in by_id:
            diags.append(error(rel(p, book_dir), 1, 1, "duplicate-account", id=aid, other=rel(by_id[aid], book_dir)))
        else:
            by_id[aid] = p
    if only is not None:
        wanted = {p.resolve() for p in only}
        paths = [p for p in paths if p.resolve() in wanted]
        diags = [x for x in diags if Path(x.file).resolve() in wanted]
    rows = Rows()
    if book_file is None:
        diags.append(
            error(rel(book_dir / BOOK_FILE, book_dir), 0, 0, "no-book-file", path=rel(book_dir / BOOK_FILE, book_dir))
        )
    else:
        read_book_file(book_file, rel(book_file, book_dir), rows, diags)
    bad_ids = {p for p in paths if not _ACCOUNT_ID.match(account_id(p))}
    for p in paths:
        if p in bad_ids:
            continue
        read_account(p, rel(p, book_dir), rows, diags)
    tables = {t: frame(t, rows.rows.get(t, [])) for t in table_kinds()}
    pos = {t: rows.pos.get(t, []) for t in table_kinds()}
    book = Book(root=str(book_dir), tables=tables, pos=pos, files=[rel(p, book_dir) for p in paths])
    diags += validate(book, settings)
    return book, sort(diags)
