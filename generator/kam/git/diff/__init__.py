"""`kam diff`: what a change to the book means in business terms.

Three steps, one module each:

- :mod:`.versions` reads the account files a change touches, at each side, with the one loader;
- :mod:`.compare` turns pairs of versions into the business meaning of the change (JSON-able);
- :mod:`.render` writes it as Markdown for the job summary and the pull-request comment.

    changes = diff_revisions(repo, settings, base="origin/main", head=None)
    print(render(changes, "en"))

The history (``kam.git.history``) uses the same building blocks.
"""

from __future__ import annotations

import dataclasses

from kam.book.fields import BOOK_FILE
from kam.book.policy import Settings
from kam.git.diff.compare import (
    Pair,
    business_change,
    compare,
    kind_of,
    pair_changes,
    settings_changes,
    team_changes,
)
from kam.git.diff.render import render, to_json
from kam.git.diff.types import DiffResult
from kam.git.diff.versions import Context, Version, account_id, is_account_path, load_settings_bytes, parse_versions
from kam.git.gitstore import GitError, Repo


def _book_prefix(repo: Repo, settings: Settings) -> str:
    return repo.relpath(settings.book_path)


def _config_path(repo: Repo, settings: Settings) -> str | None:
    if not settings.config_file:
        return None
    return repo.relpath(settings.config_file)


def diff_revisions(repo: Repo, settings: Settings, base: str | None = None, head: str | None = None) -> DiffResult:
    """Compare BASE (default: merge base with the main branch) with HEAD (default: the work tree).

    `settings` are the ones of the work tree (they say where the book and the
    config are); each version is then read with its own mkdocs.yml.
    Raises GitError for git problems (not a repository, unknown revision).
    """
    if base is None:
        main = repo.main_branch()
        base_sha = repo.merge_base(main, head or "HEAD")
        base_label = main
    else:
        base_sha = repo.rev(base)
        base_label = base
    head_sha = repo.rev(head) if head is not None else None
    book = _book_prefix(repo, settings)
    cfg = _config_path(repo, settings) or "mkdocs.yml"
    book_path = (book + "/" if book else "") + BOOK_FILE

    raw = repo.changed(base_sha, head_sha, book or ".")
    changes = pair_changes(raw, book)
    book_changed = any(BOOK_FILE in (c.old, c.new) or book_path in (c.old, c.new) for c in raw)

    # bytes: one cat-file for the base side and the head side's committed blobs
    want = [c.old_sha for c in changes if c.old_sha] + ([c.new_sha for c in changes if c.new_sha] if head_sha else [])
    blobs = repo.cat(want)

    def side(rev: str | None, items_of) -> tuple[dict, Context, bytes | None]:
        cfg_bytes = repo.blob_at(rev, cfg)
        s, sdiags = load_settings_bytes(cfg_bytes, cfg, settings.root)
        if settings.as_of is not None:
            s = dataclasses.replace(s, as_of=settings.as_of)
        bf = repo.blob_at(rev, book_path)
        versions, ctx = parse_versions(items_of, (book_path, bf) if bf is not None else None, s)
        ctx.errors = sdiags + ctx.errors
        return versions, ctx, cfg_bytes

    old_items, new_items = [], []
    for i, c in enumerate(changes):
        if c.old is not None and c.old_sha in blobs:
            old_items.append((i, c.old, blobs[c.old_sha]))
        if c.new is not None:
            data = blobs.get(c.new_sha or "") if head_sha else repo.blob_at(None, c.new)
            if data is not None:
                new_items.append((i, c.new, data))
    old_v, base_ctx, base_cfg = side(base_sha, old_items)
    new_v, head_ctx, head_cfg = side(head_sha, new_items)
    for i, c in enumerate(changes):
        for v, sha in ((old_v.get(i), c.old_sha), (new_v.get(i), c.new_sha)):
            if v is not None:
                v.sha = sha
    pairs = [Pair(kind_of(c), old_v.get(i), new_v.get(i)) for i, c in enumerate(changes)]
    res = DiffResult(**compare(pairs, base_ctx, head_ctx))
    res["base"] = {"label": base_label, "commit": base_sha}
    res["head"] = {"label": head or None, "commit": head_sha}
    res["files"] = len(changes)
    res["book_file_changed"] = book_changed
    res["team"] = team_changes(base_ctx, head_ctx) if book_changed else []
    res["settings"] = settings_changes(base_ctx.settings, head_ctx.settings) if base_cfg != head_cfg else []
    res["currency"] = head_ctx.settings.policy.base_currency
    res["people"] = {**base_ctx.people, **head_ctx.people}
    res["validation"] = {}
    for name, ctx, vs in (("base", base_ctx, old_v), ("head", head_ctx, new_v)):
        errs = list(ctx.errors) + [d for v in vs.values() for d in v.errors]
        res["validation"][name] = errs
    return res


__all__ = [
    "Context",
    "GitError",
    "Pair",
    "Version",
    "account_id",
    "business_change",
    "compare",
    "diff_revisions",
    "is_account_path",
    "pair_changes",
    "parse_versions",
    "render",
    "to_json",
]
