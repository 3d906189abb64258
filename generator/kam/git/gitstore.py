"""Reading versions of the book straight from git objects.

Everything goes through the ``git`` command (no library): ``rev-parse``,
``diff --name-status``, ``ls-tree -r``, ``log --raw`` and one
``cat-file --batch`` process per batch of blobs.  Git errors become
:class:`GitError` with a clean one-line message; nothing here raises anything else
for a repository in a strange state.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

ZERO = "0" * 40


class GitError(Exception):
    """A git command failed: not a repository, unknown revision, git missing."""


def blob_sha(data: bytes) -> str:
    """The sha git gives a blob with these bytes (for files of the working tree)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass(frozen=True)
class Change:
    """One changed file between two versions: status A, D, M or R (old path, new path)."""

    status: str
    old: str | None
    new: str | None
    old_sha: str | None = None
    new_sha: str | None = None

    @property
    def path(self) -> str:
        """The file's path after the change, or before it when deleted (a change has at least one)."""
        return self.new or self.old or ""


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    author_time: int  # unix seconds
    commit_time: int
    subject: str
    changes: tuple[Change, ...] = ()
    author_date: str = ""  # ISO 8601 with the author's UTC offset
    commit_date: str = ""

    @property
    def short(self) -> str:
        return self.sha[:7]


class Repo:
    """A git work tree: run git in it, read trees and blobs."""

    def __init__(self, path: str | Path = "."):
        self.cwd = str(path)
        out = self._run("rev-parse", "--show-toplevel").decode("utf-8", "replace").strip()
        self.root = Path(out)
        self._env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}

    # ------------------------------------------------------------ running git
    def _run(self, *args: str, input: bytes | None = None, check: bool = True) -> bytes:
        env = getattr(self, "_env", None) or {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
        try:
            p = subprocess.run(
                ["git", "-c", "core.quotePath=false", *args],
                cwd=getattr(self, "root", None) or self.cwd,
                input=input,
                capture_output=True,
                env=env,
            )
        except FileNotFoundError:
            raise GitError("git is not installed (or not on PATH)") from None
        except NotADirectoryError:
            raise GitError(f"{self.cwd} is not a directory") from None
        if check and p.returncode != 0:
            msg = p.stderr.decode("utf-8", "replace").strip().splitlines()
            first = next((m for m in msg if m.startswith("fatal:")), msg[0] if msg else f"git {args[0]} failed")
            raise GitError(first.removeprefix("fatal: ").strip())
        return p.stdout

    def git(self, *args: str, input: bytes | None = None) -> bytes:
        return self._run(*args, input=input)

    # ------------------------------------------------------------ revisions
    def rev(self, rev: str) -> str:
        """Full sha of a commit; GitError('unknown revision ...') when there is none."""
        p = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"],
            cwd=self.root,
            capture_output=True,
            env=self._env,
        )
        if p.returncode != 0:
            raise GitError(f"unknown revision {rev!r}")
        return p.stdout.decode().strip()

    def has(self, rev: str) -> bool:
        try:
            self.rev(rev)
            return True
        except GitError:
            return False

    def main_branch(self) -> str:
        """`origin/main` when present, else `main` (or `master` in older repositories)."""
        for name in ("origin/main", "main", "origin/master", "master"):
            if self.has(name):
                return name
        raise GitError("no main branch: give BASE (for example origin/main)")

    def merge_base(self, a: str, b: str) -> str:
        out = self._run("merge-base", a, b, check=False).decode().strip()
        if not out:
            raise GitError(f"{a} and {b} have no common ancestor")
        return out

    def is_shallow(self) -> bool:
        return self._run("rev-parse", "--is-shallow-repository").decode().strip() == "true"

    def head(self) -> str | None:
        try:
            return self.rev("HEAD")
        except GitError:
            return None

    # ------------------------------------------------------------ paths
    def relpath(self, path: str | Path) -> str:
        """A path of the file system as a path inside the repository (posix, no leading ./)."""
        p = Path(path).resolve()
        try:
            rel = p.relative_to(self.root.resolve())
        except ValueError:
            raise GitError(f"{path} is outside the git repository {self.root}") from None
        s = PurePosixPath(*rel.parts).as_posix()
        return "" if s == "." else s

    # ------------------------------------------------------------ trees and blobs
    def tree(self, commit: str, prefix: str) -> dict[str, str]:
        """path -> blob sha of every file under prefix at a commit."""
        out = self._run("ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix)
        files = {}
        for rec in out.split(b"\0"):
            if not rec:
                continue
            meta, path = rec.split(b"\t", 1)
            _, kind, sha = meta.split(b" ")
            if kind == b"blob":
                files[path.decode("utf-8", "surrogateescape")] = sha.decode()
        return files

    def blob_at(self, commit: str | None, path: str) -> bytes | None:
        """A file's bytes at a commit (None when it does not exist); commit None: the work tree."""
        if commit is None:
            p = self.root / path
            return p.read_bytes() if p.is_file() else None
        out = self._run("cat-file", "--batch", input=f"{commit}:{path}\n".encode())
        return _parse_batch(out).get(0)

    def cat(self, shas) -> dict[str, bytes]:
        """Bytes of many blobs, read by ONE `git cat-file --batch` process."""
        shas = list(dict.fromkeys(s for s in shas if s and s != ZERO))
        if not shas:
            return {}
        out = self._run("cat-file", "--batch", input=("\n".join(shas) + "\n").encode())
        got = _parse_batch(out)
        return {shas[i]: data for i, data in got.items()}

    # ------------------------------------------------------------ changes
    def changed(self, base: str, head: str | None, prefix: str) -> list[Change]:
        """Files under prefix that differ between base and head (None: the work tree, untracked included).

        Renames are detected by git (-M); a file deleted in one folder and added in
        another is paired by the caller.
        """
        args = ["diff", "--no-ext-diff", "--raw", "-z", "-M", "--no-abbrev", base]
        if head is not None:
            args.append(head)
        out = self._run(*args, "--", prefix)
        changes = _parse_raw(out.split(b"\0"), 0)[0]
        if head is None:
            # the work tree: git reports ZERO as the new sha of modified files; untracked files are missing
            fixed = []
            for c in changes:
                if c.new is not None and (c.new_sha is None or c.new_sha == ZERO):
                    data = self.blob_at(None, c.new)
                    c = Change(c.status, c.old, c.new, c.old_sha, blob_sha(data) if data is not None else None)
                fixed.append(c)
            changes = fixed
            extra = self._run("ls-files", "-z", "--others", "--exclude-standard", "--", prefix)
            for raw in extra.split(b"\0"):
                if raw:
                    path = raw.decode("utf-8", "surrogateescape")
                    data = self.blob_at(None, path)
                    changes.append(Change("A", None, path, None, blob_sha(data) if data is not None else None))
        return changes

    def log(self, paths: list[str], rev: str = "HEAD", first_parent: bool = False, since: int | None = None):
        """Commits touching paths, newest first, each with its changes to those paths (old/new blob shas)."""
        fmt = "%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%at%x1f%ct%x1f%aI%x1f%cI%x1f%s"
        args = ["log", "-z", "--raw", "-M", "--no-abbrev", f"--format={fmt}"]
        if first_parent:
            args += ["--first-parent", "--diff-merges=first-parent"]
        if since is not None:
            args.append(f"--since={since}")
        out = self._run(*args, rev, "--", *paths)
        commits = []
        for chunk in out.split(b"\x1e"):
            if not chunk.strip(b"\0\n"):
                continue
            head, _, rest = chunk.partition(b"\0")
            f = head.decode("utf-8", "replace").split("\x1f")
            if len(f) < 9:
                continue
            sha, parents, author, email, at, ct, ai, ci = f[:8]
            subject = "\x1f".join(f[8:])
            changes = _parse_raw(rest.lstrip(b"\n").split(b"\0"), 0)[0]
            commits.append(
                Commit(
                    sha,
                    tuple(parents.split()),
                    author,
                    email,
                    int(at),
                    int(ct),
                    subject.strip(),
                    tuple(changes),
                    ai,
                    ci,
                )
            )
        return commits


def _parse_raw(fields: list[bytes], i: int) -> tuple[list[Change], int]:
    """`--raw -z` records: ':mode mode old new STATUS' NUL path [NUL path]."""
    changes = []
    while i < len(fields):
        rec = fields[i].lstrip(b"\n")
        if not rec.startswith(b":"):
            i += 1
            continue
        parts = rec[1:].split(b" ")
        old_sha, new_sha, status = parts[2].decode(), parts[3].decode(), parts[4].decode()
        kind = status[0]
        if kind in "RC":
            old, new = fields[i + 1], fields[i + 2]
            i += 3
        else:
            old = new = fields[i + 1]
            i += 2
        old_s = old.decode("utf-8", "surrogateescape")
        new_s = new.decode("utf-8", "surrogateescape")
        if kind == "A":
            changes.append(Change("A", None, new_s, None, new_sha))
        elif kind == "D":
            changes.append(Change("D", old_s, None, old_sha, None))
        elif kind == "R":
            changes.append(Change("R", old_s, new_s, old_sha, new_sha))
        elif kind == "C":
            changes.append(Change("A", None, new_s, None, new_sha))
        else:  # M, T
            changes.append(Change("M", old_s, new_s, old_sha, None if new_sha == ZERO else new_sha))
    return changes, i


def _parse_batch(out: bytes) -> dict[int, bytes]:
    """`git cat-file --batch` output -> {request index: bytes} (missing objects left out)."""
    got: dict[int, bytes] = {}
    pos = 0
    n = 0
    while pos < len(out):
        nl = out.index(b"\n", pos)
        header = out[pos:nl].split(b" ")
        pos = nl + 1
        if len(header) == 3 and header[1] != b"missing":
            size = int(header[2])
            if header[1] == b"blob":
                got[n] = out[pos : pos + size]
            pos += size + 1
        n += 1
    return got
