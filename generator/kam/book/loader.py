"""The one entry point that runs the pipeline: files -> nodes -> rows -> Book -> validated.

Nothing here raises on bad data: every problem becomes a diagnostic, and the
rest of the book is still read, so one run shows every problem.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
from collections.abc import Mapping
from pathlib import Path

from kam.book import parsecache
from kam.book.convert import Converter, Rows, describe, suggest
from kam.book.diagnostics import Diagnostic, error, sort
from kam.book.fields import ACCOUNT_ID, BOOK_FILE, KINDS, table_kinds
from kam.book.policy import Settings
from kam.book.tables import Book, frame
from kam.book.yamlfile import MAX_BYTES, load_nodes
from kam.files import folder_resolver, project_root, regular_file

_ACCOUNT_ID = re.compile(ACCOUNT_ID)


def rel(path: Path, root: Path) -> str:
    """A path as shown in diagnostics: relative to the current directory when below it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def _walk(top: Path, onerror):
    """(folder, its file entries) in os.walk's top-down order: names sorted, dot-folders and links to
    folders not entered.  A file entry knows whether it is a link without another system call."""
    try:
        with os.scandir(top) as it:
            entries = list(it)
    except OSError as e:
        onerror(e)
        return
    files, folders = [], []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if not is_dir:
            files.append(entry)
        elif not entry.name.startswith(".") and not entry.is_symlink():
            folders.append(entry.name)
    files.sort(key=lambda e: e.name)
    yield top, files
    for name in sorted(folders):
        yield from _walk(top / name, onerror)


def discover(book_dir: Path, links: set[Path] | None = None) -> tuple[list[Path], Path | None, list[Diagnostic]]:
    """Account files (sorted) and the book file under book_dir.

    A folder that cannot be read is an error (its accounts would be missing from every figure), and so
    is a name that differs from `.yaml` only in case; links to folders are not followed.  `links`, when
    given, receives the account files that are symbolic links.
    """
    diags: list[Diagnostic] = []
    accounts: list[Path] = []
    book_file = None

    def unreadable(e: OSError) -> None:
        diags.append(
            error(rel(Path(e.filename or book_dir), book_dir), 0, 0, "cannot-list", reason=e.strerror or str(e))
        )

    for folder, entries in _walk(book_dir, unreadable):
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            lower = name.lower()
            if lower.endswith(".yml"):
                p = folder / name
                diags.append(error(rel(p, book_dir), 0, 0, "yml-extension", name=name, fixed=name[:-4] + ".yaml"))
                continue
            if lower.endswith(".yaml") and not name.endswith(".yaml"):
                p = folder / name
                diags.append(error(rel(p, book_dir), 0, 0, "yaml-extension-case", name=name, fixed=name[:-5] + ".yaml"))
                continue
            if not name.endswith(".yaml"):
                continue
            p = folder / name
            if name.startswith("_"):
                if name == BOOK_FILE and folder == book_dir:
                    book_file = p
                else:
                    diags.append(error(rel(p, book_dir), 0, 0, "unknown-book-file", name=name, book=BOOK_FILE))
                continue
            accounts.append(p)
            if links is not None and entry.is_symlink():
                links.add(p)
    return accounts, book_file, diags


def account_id(path: Path) -> str:
    return path.name[: -len(".yaml")]


def _read(path: Path, shown: str, diags: list[Diagnostic], root: Path | None = None) -> bytes | None:
    """The bytes of a book file, or None with a located error; never opens what is not a plain file
    inside the project (a FIFO would hang, /dev/zero would fill the memory, a link could read a secret),
    and never reads more than the size limit."""
    why = regular_file(path, root if root is not None else project_root(path.parent))
    if why is not None:
        diags.append(error(shown, 0, 0, why))
        return None
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as e:
        diags.append(error(shown, 0, 0, "cannot-read", reason=e.strerror or str(e)))
        return None
    if len(data) > MAX_BYTES:
        size = os.path.getsize(path)
        diags.append(error(shown, 0, 0, "file-too-large", size=size, limit=MAX_BYTES))
        return None
    return data


def _root_node(shown: str, data: bytes, diags: list[Diagnostic], empty: str = "empty-file"):
    node, d = load_nodes(shown, data)
    diags += d
    if node is None:
        if not d:
            diags.append(error(shown, 1, 1, empty))
        return None
    if not _is_mapping(node):
        m = node.start_mark
        diags.append(error(shown, m.line + 1, m.column + 1, "not-mapping", got=describe(node)))
        return None
    return node


def parse_account(shown: str, data: bytes, rows: Rows, diags: list[Diagnostic], aid: str | None = None) -> None:
    """One account file's bytes -> rows of every table it fills (id from the file name unless given).

    Parsed once per content (``kam.book.parsecache``): the same bytes read again, under any name, take
    the rows made the first time."""
    frag = parsecache.CACHE.fragment(data, lambda r, d: parse_account_once(parsecache.FILE, data, r, d, parsecache.ID))
    parsecache.label(frag, shown, aid or account_id(Path(shown)), rows, diags)


def parse_account_once(shown: str, data: bytes, rows: Rows, diags: list[Diagnostic], aid: str) -> None:
    """parse_account without the cache."""
    node = _root_node(shown, data, diags)
    if node is None:
        return
    conv = Converter(shown, rows, diags, data)
    row, pos = rows.new("accounts", shown, node, {"id": aid})
    conv.record(node, KINDS["account"], row, pos, "", {"account": aid}, "account")


def parse_book_file(shown: str, data: bytes, rows: Rows, diags: list[Diagnostic]) -> bool:
    """_book.yaml's bytes -> rows of people and offerings; False when the file could not be read at all."""
    node = _root_node(shown, data, diags, empty="empty-book-file")
    if node is None:
        return False
    conv = Converter(shown, rows, diags, data)
    row: dict = {}
    pos: dict = {}
    conv.record(node, KINDS["book"], row, pos, "", {}, "book")
    if "people" not in {k.value for k, _ in node.value}:
        conv.err(node, "missing-field", field="people", where="book")
    return True


@contextlib.contextmanager
def paused_gc():
    """Pause the cyclic garbage collector while millions of small, acyclic objects are built.

    Nodes, rows and positions stay alive until the end: the collector would walk all of them again
    at every full collection (a third of the time at 10,000 accounts).  Nothing is reclaimed late
    but cycles.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def build_book(
    accounts: Mapping[str, bytes],
    book_file: tuple[str, bytes] | None,
    settings: Settings,
    root: str = "",
    diags: list[Diagnostic] | None = None,
    ids: Mapping[str, str] | None = None,
) -> tuple[Book, list[Diagnostic]]:
    """Account files (shown name -> bytes) and _book.yaml (shown name, bytes) -> a validated Book.

    The one pipeline for every book, on disk or not (git versions, the importer, tests).  An
    account's id is its file name, unless `ids` gives another (the history reads several versions
    of one account together, each under an id of its own).
    """
    from kam.book.validate import validate

    diags = list(diags or [])
    ids = ids or {}
    with paused_gc():
        if len(accounts) >= parsecache.DISK_FROM:
            parsecache.CACHE.read_disk()
        rows = Rows()
        roster = book_file is not None and parse_book_file(book_file[0], book_file[1], rows, diags)
        for shown, data in accounts.items():
            parse_account(shown, data, rows, diags, ids.get(shown))
        if len(accounts) >= parsecache.DISK_FROM:
            parsecache.CACHE.write_disk()
        tables = {t: frame(t, rows.rows.get(t, [])) for t in table_kinds()}
        pos = {t: rows.pos.get(t, []) for t in table_kinds()}
        book = Book(root=root, tables=tables, pos=pos, files=list(accounts))
        checked = validate(book, settings)
        if (book_file is not None and not roster) or any(d.code == "no-book-file" for d in diags):
            # no team and no catalogue to refer to: every account's reference to a person or an offering
            # would be one more error (hundreds) for the one problem already reported on _book.yaml
            checked = [d for d in checked if not (d.code in _REFERENCE and d.params.get("what") in _ROSTER)]
        diags += checked
    return book, sort(diags)


_REFERENCE = ("unknown-ref", "unknown-ref-hint")
_ROSTER = ("person", "offering")


def _is_mapping(node) -> bool:
    from yaml import MappingNode

    return isinstance(node, MappingNode)


def _no_book(settings: Settings) -> Diagnostic:
    """No book folder: said where `book:` names it, with the folder that holds a book nearby, if one does."""
    book_dir = settings.book_path
    if settings.book_at is None or settings.config_file is None:
        return error(str(book_dir), 0, 0, "no-book", path=str(book_dir))
    root = Path(settings.root)
    try:
        books = [p.name for p in root.iterdir() if (p / BOOK_FILE).is_file()]
    except OSError:
        books = []
    hint = suggest(settings.book, books) or (books[0] if len(books) == 1 else None)
    line, col = settings.book_at
    code = "no-book-set-hint" if hint else "no-book-set"
    return error(settings.config_file, line, col, code, path=str(book_dir), value=settings.book, hint=hint)


def load_book(
    settings: Settings, only: list[Path] | None = None, subset: bool = False
) -> tuple[Book | None, list[Diagnostic]]:
    """Read and validate the book.

    `only`: report just these account files (and the book file).  The whole book is
    still read, so cross-file checks (an invoice number used in another file) hold;
    with `subset=True` only these files are read: a fast preview, without those checks.
    A named file outside the book is an error.
    """
    book_dir = settings.book_path
    diags: list[Diagnostic] = []
    if not book_dir.is_dir():
        return None, [_no_book(settings)]
    links: set[Path] = set()
    paths, book_file, d = discover(book_dir, links)
    diags += d
    project = project_root(settings.root)
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
    wanted = None
    if only is not None:
        resolve = folder_resolver()
        wanted = {p.resolve() for p in only}
        names = {w.name for w in wanted}
        # only a file of a wanted name, or a link, can be a wanted file: the others are not resolved (a
        # preview in a book of 10,000 files resolved them all)
        resolved = [(p, resolve(p)) for p in paths if p.name in names or p in links]
        known = {r for _, r in resolved}
        for p in only:
            if p.resolve() not in known:
                diags.append(error(str(p), 0, 0, "not-in-book", path=str(p), book=str(book_dir)))
        if subset:
            paths = [p for p, r in resolved if r in wanted]
    # every file found is counted, read or not (a file refused for its size is still one of the book's)
    seen: list[str] = []
    unread: list[str] = []
    book_entry = None
    if book_file is None:
        shown = rel(book_dir / BOOK_FILE, book_dir)
        diags.append(error(shown, 0, 0, "no-book-file", path=shown))
    else:
        shown = rel(book_file, book_dir)
        seen.append(shown)
        data = _read(book_file, shown, diags, project)
        if data is not None:
            book_entry = (shown, data)
        else:
            unread.append(shown)
    entries: dict[str, bytes] = {}
    for p in paths:
        shown = rel(p, book_dir)
        seen.append(shown)
        if by_id.get(account_id(p)) != p:
            unread.append(shown)  # a bad or duplicate id: reported above
            continue
        data = _read(p, shown, diags, project)
        if data is not None:
            entries[shown] = data
        else:
            unread.append(shown)
    book, diags = build_book(entries, book_entry, settings, str(book_dir), diags)
    if wanted is not None:
        keep = wanted | ({book_file.resolve()} if book_file else set())
        diags = [x for x in diags if x.code == "not-in-book" or Path(x.file).resolve() in keep]
        named = {rel(p, book_dir) for p, r in resolved if r in wanted}
        if book_file is not None:
            named.add(rel(book_file, book_dir))
        seen = [s for s in seen if s in named]
        unread = [s for s in unread if s in named]
    book.seen, book.unread = seen, unread
    return book, diags
