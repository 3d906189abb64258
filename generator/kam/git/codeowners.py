"""`.github/CODEOWNERS` from the book: who must review a change to which file.

- every account file: its owning rep's GitHub handle (``github:`` in
  ``_book.yaml``) and the key-account team (setting ``codeowners_team``);
- an account whose rep has no handle, or with no owner: the team alone, with a
  comment line saying so;
- the book file (``_book.yaml``), ``mkdocs.yml`` (settings and policy) and
  CODEOWNERS itself: the team.

GitHub uses the LAST matching line, so the catch-all ``/accounts/`` line comes
first: a new account file is owned by the team until CODEOWNERS is regenerated.
The text is the same whatever ``--lang`` says (comments use the settings'
language), so ``--check`` gives the same answer everywhere.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path, PurePosixPath

from kam.book.diagnostics import has_errors
from kam.book.policy import Settings
from kam.files import folder_resolver, project_root
from kam.generated import current_text
from kam.labels import term


def _esc(path: str) -> str:
    return path.replace("\\", "\\\\").replace(" ", "\\ ").replace("#", "\\#")


def _rel(path: Path, root: Path, resolve=Path.resolve) -> str:
    """`path` relative to `root` (resolved: the repository root), in / form."""
    try:
        return PurePosixPath(*resolve(path).relative_to(root).parts).as_posix()
    except ValueError:
        return PurePosixPath(*Path(os.path.relpath(path, root)).parts).as_posix()


def _repo_root(settings: Settings) -> Path:
    """The repository root: where .git is, above the settings' root (else the settings' root)."""
    start = Path(settings.root).resolve()
    for p in (start, *start.parents):
        if (p / ".git").exists():
            return p
    return start


def generate(settings: Settings) -> tuple[str | None, list]:
    """The CODEOWNERS text for the book (None when the book cannot be read), and the diagnostics."""
    from kam.book.loader import load_book

    book, diags = load_book(settings)
    if book is None:
        return None, diags
    return owners_text(settings, book), diags


def owners_text(settings: Settings, book) -> str:
    """The CODEOWNERS text for a book already loaded (`kam validate` compares it with the file)."""
    lang = settings.language
    team = settings.codeowners_team
    root = _repo_root(settings)
    book_dir = _rel(settings.book_path, root)
    people = book["people"]
    handles = {}
    for rec in people.to_dict("records"):
        gh = rec.get("github")
        if isinstance(rec.get("id"), str) and isinstance(gh, str) and gh:
            handles[rec["id"]] = "@" + gh
    lines = [term("co_header", lang, book=book_dir), ""]
    lines.append(f"/{_esc(book_dir)}/ {team}")
    lines.append(f"/{_esc(book_dir)}/_book.yaml {team}")
    if settings.config_file:
        lines.append(f"/{_esc(_rel(Path(settings.config_file), root))} {team}")
    lines.append(f"/.github/ {team}")
    lines.append("")
    accounts = []
    resolve = folder_resolver()
    table = book["accounts"]
    for file, aid, owner in zip(table["_file"], table["id"], table["owner"], strict=True):
        if not isinstance(file, str):
            continue
        path = _rel(Path(file), root, resolve)
        accounts.append((path, aid, owner if isinstance(owner, str) else None))
    for path, aid, owner in sorted(accounts):
        if owner is None:
            lines.append(term("co_unowned", lang, account=aid))
            lines.append(f"/{_esc(path)} {team}")
        elif owner not in handles:
            lines.append(term("co_no_handle", lang, account=aid, owner=owner))
            lines.append(f"/{_esc(path)} {team}")
        else:
            lines.append(f"/{_esc(path)} {handles[owner]} {team}")
    return "\n".join(lines) + "\n"


def _count(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.startswith("/") and line.split(" ")[0].endswith(".yaml")) - 1


def _generate_or_refuse(settings: Settings, out: Path, lang: str) -> tuple[str | None, tuple[int, str]]:
    """CODEOWNERS' text, or the refusal: no book (2), or a book with errors (1, never written from)."""
    text, diags = generate(settings)
    if text is None:
        return None, (2, "".join(d.text(lang) + "\n" for d in diags))
    if has_errors(diags):
        errors = "".join(d.text(lang) + "\n" for d in diags if d.severity == "error")
        return None, (1, errors + term("co_invalid", lang, path=str(out)) + "\n")
    return text, (0, "")


def write_file(settings: Settings, out: Path, lang: str, force: bool = False) -> tuple[int, str]:
    """Write CODEOWNERS by kam's write rule (replaced only with `force`). (exit code, message).

    Refused (exit 1) from a book with errors: a handle that is not a GitHub handle (a newline in it,
    for one) would otherwise write rules of its own.
    """
    from kam.files import FileProblem, write

    text, refused = _generate_or_refuse(settings, out, lang)
    if text is None:
        return refused
    if out.is_file() and not out.is_symlink() and out.read_text(encoding="utf-8") == text:
        return 0, term("co_ok", lang, path=str(out)) + "\n"
    try:
        replaced = write(out, text, force=force)
    except FileProblem as e:
        return 2, e.message(lang) + "\n"
    return 0, term("co_replaced" if replaced else "co_written", lang, path=str(out), n=_count(text)) + "\n"


def check_file(settings: Settings, out: Path, lang: str) -> tuple[int, str]:
    """Compare CODEOWNERS with what the book says; never writes. (0 up to date, 1 stale, 2 no book)."""
    text, refused = _generate_or_refuse(settings, out, lang)
    if text is None:
        return refused
    current = current_text(out, project_root(Path(settings.root)))
    if current is None:
        if os.path.lexists(out):  # a pipe, or a link out of the project: not opened
            return 1, term("generated_not_file", lang, path=str(out), command="kam codeowners") + "\n"
        return 1, term("co_missing", lang, path=str(out)) + "\n"
    if current == text:
        return 0, term("co_ok", lang, path=str(out)) + "\n"
    diff = difflib.unified_diff(
        current.splitlines(keepends=True), text.splitlines(keepends=True), str(out), str(out) + " (from the book)"
    )
    return 1, "".join(diff) + term("co_stale", lang, path=str(out)) + "\n"
