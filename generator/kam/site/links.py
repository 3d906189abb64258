"""Links between generated pages, as MkDocs will lay them out (with or without directory URLs)."""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import quote

ACCOUNTS_INDEX = "accounts/index.md"


def account_src(account_id: str) -> str:
    return f"accounts/{account_id}.md"


def url_of(src_uri: str, directory_urls: bool = True) -> str:
    """The site URL (relative to the site root) of a page's source path, as MkDocs builds it."""
    stem, _ = posixpath.splitext(src_uri)
    base = posixpath.basename(stem)
    if base in ("index", "README"):
        d = posixpath.dirname(stem)
        return (d + "/" if d else "") if directory_urls else (d + "/index.html" if d else "index.html")
    return stem + "/" if directory_urls else stem + ".html"


@lru_cache(maxsize=65536)
def href(from_src: str, to_src: str, directory_urls: bool = True) -> str:
    """A relative link from one page to another (asked for thousands of times a build: remembered)."""
    frm = url_of(from_src, directory_urls)
    to = url_of(to_src, directory_urls)
    here = frm if frm.endswith("/") or frm == "" else posixpath.dirname(frm) + "/"
    rel = _relpath(to or ".", here.rstrip("/") or ".")
    if to.endswith("/") or to == "":
        rel = rel.rstrip("/") + "/" if rel != "." else "./"
    return quote(rel, safe="/.#-_~")


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for two site-relative URLs, without asking the file system where it is."""
    a = [x for x in start.split("/") if x and x != "."]
    b = [x for x in path.split("/") if x and x != "."]
    i = 0
    while i < len(a) and i < len(b) and a[i] == b[i]:
        i += 1
    return "/".join([".."] * (len(a) - i) + b[i:]) or "."


def edit_url(edit_base: str | None, repo_path: str) -> str | None:
    """The "edit this file" link of a file at repo_path (relative to the repository root)."""
    if not edit_base:
        return None
    return edit_base.rstrip("/") + "/" + quote(repo_path.replace("\\", "/"))
