"""The one rule for every file kam writes, and what kam refuses to read.

Writing (`write`): a file that exists is replaced only when the caller was told `--force`; the new
content goes to a temporary file in the same folder and is renamed into place, so an interrupted run
leaves the old file whole; a path that leads through a symbolic link to a place outside the project is
refused.  Every refusal or failure is a :class:`FileProblem` (a message code and its parameters) that
the command line prints in the reader's language and turns into exit status 2.

Caching (`read_cache`, `write_cache`): what kam can always make again (the vega-embed bundle, compiled templates,
parsed account files) is kept in the user's cache folder, never in the project, and read back only from a
folder no one else can write to.

Reading (`regular_file`): an account file must be a regular file inside the project, checked with
``lstat``/``stat`` before it is opened, so a FIFO, a device or a link to a secret is never read.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# the site folder kam builds carries this file; a folder without it is not replaced
SITE_MARK = ".kam-site"
CACHE_ENV = "KAM_CACHE_DIR"
_HEX = re.compile("[0-9a-f]+")  # the names kam gives the files of its cache it prunes (prune_cache)


def cache_path(name: str) -> Path | None:
    """The file `name` in kam's cache folder: $KAM_CACHE_DIR, else $XDG_CACHE_HOME/kam, else ~/.cache/kam;
    None with KAM_CACHE_DIR=off.  Read at every call: a test or a command may change it."""
    root = os.environ.get(CACHE_ENV)
    if root == "off":
        return None
    if not root:
        home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = os.path.join(home, "kam")
    return Path(root, name)


def _private(folder: Path) -> bool:
    """A folder only this user can write to.  What kam keeps is run (compiled templates) or served to
    readers (the vega-embed script): nobody else may place it."""
    st = folder.stat()
    return not hasattr(os, "getuid") or (st.st_uid == os.getuid() and not st.st_mode & 0o022)


def read_cache(name: str) -> bytes | None:
    """What kam kept under `name`; None when nothing is kept, the cache is off or unreadable, its
    folder is one someone else can write to, or `name` is not a plain file there."""
    path = cache_path(name)
    if path is None:
        return None
    try:
        if not _private(path.parent):
            return None
        # not through a link, and never a FIFO or a device (opening one must not wait for a writer)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            return None
        with os.fdopen(fd, "rb") as f:
            return f.read()
    except OSError:
        return None


def write_cache(name: str, data: bytes) -> None:
    """Keep `data` under `name` (its folder made for this user only; written whole or not at all).  A
    cache that cannot be written only costs the time to make `data` again."""
    path = cache_path(name)
    if path is None:
        return
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(path.parent):
            return
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)  # a reader never sees half a file
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


def prune_cache(name: str, keep: int) -> None:
    """Of the files in the folder of the cache file `name` with its suffix (the parses kept by earlier versions
    of kam), remove all but the `keep` last written, `name` among them: each version of kam keeps its own,
    and they would pile up over upgrades (up to MAX_KEPT each).  Only regular files named as kam names them
    (hex digits of the same length as `name`'s) are removed: $KAM_CACHE_DIR may be a folder the user keeps
    other files in, and a link or anything else put there is left as it is."""
    path = cache_path(name)
    if path is None:
        return
    try:
        if not _private(path.parent):
            return
        found = []
        with os.scandir(path.parent) as entries:
            for e in entries:
                stem, dot, suffix = e.name.rpartition(".")
                ours = dot and "." + suffix == path.suffix and len(stem) == len(path.stem) and _HEX.fullmatch(stem)
                if ours and e.is_file(follow_symlinks=False):
                    found.append((e.stat(follow_symlinks=False).st_mtime, e.name))
        found.sort(reverse=True)
        kept = {n for _, n in found[:keep]} | {path.name}
        for _, n in found:
            if n not in kept:
                with contextlib.suppress(OSError):
                    os.unlink(path.parent / n)
    except OSError:
        pass


@dataclass
class FileProblem(Exception):
    """Why a file cannot be written or read: a message code (messages.py) and its parameters."""

    code: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:  # for logs; users see the rendered message
        return f"{self.code}: {self.params}"

    def message(self, lang: str) -> str:
        from kam.messages import render

        return render(self.code, self.params, lang)


def project_root(start: Path | str = ".") -> Path:
    """The project: the folder holding .git or mkdocs.yml, above `start` (else `start` itself)."""
    here = Path(start).resolve()
    for p in (here, *here.parents):
        if (p / ".git").exists() or (p / "mkdocs.yml").is_file():
            return p
    return here


def inside(path: Path, root: Path) -> bool:
    """True when `path`, with every link followed, is `root` or below it."""
    try:
        Path(os.path.realpath(path)).relative_to(root.resolve())
        return True
    except ValueError:
        return False


def _os_problem(e: OSError, path: Path) -> FileProblem:
    if e.errno == errno.ENOSPC or e.errno == errno.EDQUOT:
        return FileProblem("write-disk-full", {"path": str(path)})
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return FileProblem("write-denied", {"path": str(path)})
    if e.errno == errno.ENAMETOOLONG:
        return FileProblem("write-name-too-long", {"path": str(path)[:80] + "…"})
    return FileProblem("write-failed", {"path": str(path), "reason": e.strerror or str(e)})


def check_target(path: Path, *, force: bool, root: Path | None = None) -> bool:
    """Whether `path` may be written (True: it exists and will be replaced); raises FileProblem otherwise.

    A path named outright may be anywhere the user asked; one that reaches elsewhere through a symbolic
    link (the file itself or a folder on the way) must stay inside the project.
    """
    root = root if root is not None else project_root()
    literal = Path(os.path.abspath(path))
    if Path(os.path.realpath(path)) != literal and not inside(path, root):
        raise FileProblem("write-outside", {"path": str(path), "root": str(root)})
    try:
        is_dir = path.is_dir()
        exists = path.exists() or path.is_symlink()
    except OSError as e:  # a name too long for the file system, a folder that cannot be searched
        raise _os_problem(e, path) from None
    if is_dir:
        raise FileProblem("write-is-folder", {"path": str(path)})
    if exists and not force:
        raise FileProblem("write-exists", {"path": str(path)})
    return exists


def write(path: Path | str, data: str | bytes, *, force: bool = False, root: Path | None = None) -> bool:
    """Write `data` to `path` by the rule above; returns True when an existing file was replaced."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with replacing(path, force=force, root=root) as (tmp, replaced):
        with open(tmp, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
    return replaced


@contextlib.contextmanager
def replacing(path: Path | str, *, force: bool = False, root: Path | None = None):
    """For writers that need a path (pandas, openpyxl): yields (temporary path, replaced); renamed on success.

    The temporary file is in the same folder, so the rename is atomic; on any failure it is removed and
    the old file, if any, is left whole.
    """
    path = Path(path)
    replaced = check_target(path, force=force, root=root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
    except OSError as e:
        raise _os_problem(e, path) from None
    try:
        yield Path(tmp), replaced
        if path.exists() and not path.is_symlink():
            os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)  # a link at `path` is replaced by the file, never written through
    except OSError as e:
        _unlink(tmp)
        raise _os_problem(e, path) from None
    except BaseException:
        _unlink(tmp)
        raise


def _unlink(p: str) -> None:
    try:
        os.unlink(p)
    except OSError:
        pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def regular_file(path: Path, root: Path) -> str | None:
    """None when `path` may be read as a book file; else the message code saying why not.

    Checked before opening: a symbolic link is followed only when its target is inside the project;
    anything but a regular file (a FIFO, a socket, a device) is refused without being opened.
    """
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            if not inside(path, root):
                return "link-outside"
            st = os.stat(path)
    except OSError:
        return "cannot-stat"
    if not stat.S_ISREG(st.st_mode):
        return "not-regular-file"
    return None


def site_dir_problem(site_dir: Path, protected: list[Path]) -> FileProblem | None:
    """Why MkDocs must not empty `site_dir` (it deletes the folder's content before it builds), or None.

    Refused: a protected folder (the project, the book, docs/) or any parent of one; an existing,
    non-empty folder that is not a site kam built (no SITE_MARK file in it).
    """
    target = Path(os.path.realpath(site_dir))
    for p in protected:
        p = Path(os.path.realpath(p))
        if target == p or p.is_relative_to(target):
            return FileProblem("site-dir-protected", {"path": str(site_dir), "protects": str(p)})
    if target.is_file():
        return FileProblem("site-dir-not-site", {"path": str(site_dir)})
    if target.is_dir() and any(target.iterdir()) and not looks_like_a_site(target):
        return FileProblem("site-dir-not-site", {"path": str(site_dir)})
    return None


def looks_like_a_site(folder: Path) -> bool:
    """A site kam built: its mark, or (built before the mark existed) kam's assets and a sitemap."""
    if (folder / SITE_MARK).is_file():
        return True
    return (folder / "assets" / "kam" / "kam.js").is_file() and (folder / "sitemap.xml").is_file()


def folder_resolver():
    """Path.resolve for the many files of a few folders (a book's account files): each folder resolved once,
    a file that is itself a link still resolved in full."""
    folders: dict[Path, Path] = {}

    def resolve(p: Path) -> Path:
        if p.is_symlink():
            return p.resolve()
        d = folders.get(p.parent)
        if d is None:
            d = folders[p.parent] = p.parent.resolve()
        return d / p.name

    return resolve
