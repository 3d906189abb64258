"""The files kam writes from the book into the project, which CI checks are up to date: whether they still are.

`kam schema --dir docs/schema` writes the editor's schemas (ids.schema.json lists the team and the
offerings of _book.yaml) and `kam codeowners` writes .github/CODEOWNERS (each account's rep); the
pull-request workflow fails when either no longer matches the book (`--check`).  `kam validate` warns
about it first, for each such file that exists (a project that does not use one is told nothing), and
never writes.  The comparison reads the files as those checks do (text, any line ending) and costs a
few milliseconds for a book of 1,000 accounts: the book is the one validate has already loaded.
"""

from __future__ import annotations

import os
from pathlib import Path

from kam.book.diagnostics import Diagnostic, warning
from kam.book.policy import Settings
from kam.files import project_root, regular_file

SCHEMA_DIR = Path("docs", "schema")  # where `kam init` and the workflow put them
CODEOWNERS = Path(".github", "CODEOWNERS")  # `kam codeowners`'s default --out


def current_text(path: Path, root: Path, size: int = -1) -> str | None:
    """A generated file's text as the checks read it (newlines as \\n), at most `size` characters; None when it
    is not there or not a plain file inside the project (a pipe would hang: it is not read), "" when it is not
    UTF-8 (not what kam writes)."""
    if not os.path.lexists(path) or regular_file(path, root) is not None:
        return None
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read(size)
    except UnicodeDecodeError:
        return ""  # not what kam writes
    except OSError:
        return None


def _first_difference(current: str, text: str) -> int:
    """The 1-based line where the file and what kam would write first differ."""
    n = 0
    for n, (a, b) in enumerate(zip(current.splitlines(), text.splitlines(), strict=False), 1):
        if a != b:
            return n
    return n + 1


def _kam(config: str | None) -> str:
    """kam as a refreshing command is typed: the --config given repeated.  No --lang: every command that writes
    these files writes the book's language, whatever kam speaks."""
    return "kam" + (f" --config {config}" if config else "")


def codeowners_commands(settings: Settings, config: str | None = None) -> tuple[str, str, str]:
    """The project's CODEOWNERS as shown from here, and the commands that check and refresh it as typed here:
    its path relative to here (``--out`` unless it is where kam looks by default), the --config given."""
    shown = Path(os.path.relpath(Path(settings.root) / CODEOWNERS)).as_posix()
    out = "" if shown == CODEOWNERS.as_posix() else f" --out {shown}"
    return shown, f"kam codeowners{out} --check", f"{_kam(config)} codeowners{out} --force"


def stale_files(settings: Settings, book, config: str | None = None) -> list[Diagnostic]:
    """A warning for each generated file of the project that differs from what kam would write now.

    Compared in the book's language (the settings'), which the workflow's check and every command that
    writes the files use whatever kam speaks; `config`: the --config given, repeated in the command that
    refreshes the file.
    """
    from kam.book.jsonschema import book_ids, schema_texts
    from kam.git.codeowners import owners_text

    top = Path(settings.root)
    root = project_root(top)
    lang = settings.language
    kam = _kam(config)
    found: list[tuple[Path, str, str, str]] = []  # path, expected text, check, command
    folder = top / SCHEMA_DIR
    if folder.is_dir():
        shown = Path(os.path.relpath(folder)).as_posix()
        texts = schema_texts(book_ids(settings.book_path, lang), lang, settings.regions)
        for name, text in texts.items():
            found.append(
                (
                    folder / name,
                    text,
                    f"kam schema --dir {shown} --check",
                    f"{kam} schema --dir {shown} --force",
                )
            )
    owners = top / CODEOWNERS
    if os.path.lexists(owners):
        _, check, command = codeowners_commands(settings, config)
        found.append((owners, owners_text(settings, book), check, command))
    diags = []
    for path, text, check, command in found:
        current = current_text(path, root, len(text) + 1)
        if current is not None and current != text:
            line = _first_difference(current, text)
            shown = Path(os.path.relpath(path)).as_posix()
            diags.append(warning(shown, line, 1, "generated-stale", check=check, command=command))
    return sorted(diags, key=Diagnostic.sort_key)
