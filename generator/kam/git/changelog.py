"""Each account's change log: the commits that changed its file, with what each change meant."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from kam.book.policy import Settings
from kam.git.diff import Pair, account_id, business_change, compare, pair_changes
from kam.git.diff.types import DiffResult
from kam.git.gitstore import Repo
from kam.git.reader import Reader, commit_day, first_errors, note, open_history
from kam.labels import label, term
from kam.mdsafe import md_code, md_escape


def summary_lines(res: DiffResult, lang: str) -> list[str]:
    """Short Markdown lines saying what one commit did to an account (for the account page)."""
    from kam.git.diff.render import not_compared, opportunity_change, person

    def t(key, **kw):
        return term(key, lang, **kw)

    people = res.get("people", {})
    lines = []
    for a in res["accounts"]:
        if a["kind"] == "added":
            lines.append(
                t("diff_account_added", account=md_code(a["account"]["id"]), path=md_code(a["account"]["path"]))
            )
        elif a["kind"] == "removed":
            lines.append(t("diff_account_removed", account=md_code(a["old"]["id"]), path=md_code(a["old"]["path"])))
        elif a["kind"] == "renamed":
            lines.append(
                t(
                    "diff_account_renamed",
                    old=md_code(a["old"]["id"]),
                    new=md_code(a["account"]["id"]),
                    old_path=md_code(a["old"]["path"]),
                    new_path=md_code(a["account"]["path"]),
                )
            )
        elif a["kind"] == "moved":
            lines.append(
                t(
                    "diff_account_moved",
                    account=md_code(a["account"]["id"]),
                    old_path=md_code(a["old"]["path"]),
                    new_path=md_code(a["account"]["path"]),
                )
            )
    if res.get("not_compared"):
        lines.append(not_compared(res, t))
    for o in res["owners"]:
        lines.append(
            t("diff_approval").strip("*:： ")
            + ": "
            + f"{person(o['from'], people, lang)} → {person(o['to'], people, lang)}"
        )
    for key, moves in (("tier", res["tiers"]), ("posture", res["postures"])):
        for x in moves:
            old, new = label(key, x["from"] or "", lang), label(key, x["to"] or "", lang)
            lines.append(t("diff_" + key, account="", old=md_escape(old), new=md_escape(new)).lstrip(":： "))
    for deal in res["opportunities"]:
        what = t("diff_sep_semicolon").join(opportunity_change(c, lang) for c in deal["changes"])
        lines.append(f"{md_escape(deal['name'] or deal['opportunity'])} ({md_code(deal['opportunity'])}): {what}")
    for due in res["overdue"]:
        lines.append(t("diff_overdue") + f": {md_code(due['invoice'])}")
    for seen in res["attitudes"]:
        old, new = label("attitude", seen["from"] or "", lang), label("attitude", seen["to"] or "", lang)
        lines.append(f"{md_escape(seen['name'] or seen['contact'])}: {md_escape(old)} → {md_escape(new)}")
    for r in res["other"]:
        from kam.book.fields import table_kinds

        for table, e in r["tables"].items():
            if table == "accounts":
                lines.append(t("diff_fields", fields=", ".join(e["fields"])))
            else:
                kind = table_kinds()[table]
                bits = [t("diff_n_" + k, n=e[k]) for k in ("added", "removed", "changed") if e[k]]
                if e["fields"]:
                    bits.append(", ".join(e["fields"]))
                lines.append(t("diff_table", table=kind.zh if lang == "zh" else kind.en) + t("diff_sep").join(bits))
    if not business_change(res):
        lines.append(t("diff_formatting"))
    return lines


def account_log(
    repo_or_root, settings: Settings, account: str | None = None, since: dt.date | None = None, _reader=None, _book=None
):
    """Per account, the commits that changed its file, newest first.

    {account id: [{"date", "author", "commit", "sha", "subject", "kind", "formatting_only",
    "invalid", "lines": [Markdown], "changes": <diff.compare result>}]}; every commit on
    every branch merged into HEAD counts (merge commits themselves are left out).  A commit that
    fixes a version that does not validate is compared with the last version before it that does,
    named in "compared_with" ({"commit", "sha", "date", "invalid_between"}) and in its first line.
    A note dict ({"available": False, "note": ...}) when there is no usable history.
    """
    lang = settings.language
    if isinstance(repo_or_root, Repo):
        repo = repo_or_root
        head = repo.head()
        book, book_file = _book
        if head is None:
            return note("hist_no_commits", lang)
    else:
        opened = open_history(repo_or_root, settings)
        if isinstance(opened, dict):
            return opened
        repo, head, book, book_file = opened
    every = repo.log([book or "."], head, first_parent=False)
    # a report as of D shows the commits made on or before D
    until = settings.report_date()
    commits = [
        c for c in every if (since is None or since <= commit_day(c.commit_date)) and commit_day(c.commit_date) <= until
    ]
    reader = _reader or Reader(repo, settings, book_file)
    work = []
    for c in commits:
        if len(c.parents) > 1:
            continue
        for ch in pair_changes(list(c.changes), book):
            aid = account_id(ch.path)
            if account is not None and account not in (aid, account_id(ch.old or ch.path)):
                continue
            if ch.old:
                reader.want(ch.old, ch.old_sha)
            if ch.new:
                reader.want(ch.new, ch.new_sha)
            work.append((c, ch))
    reader.load()
    last_valid = _last_valid(work, every, book, reader)
    out: dict[str, list] = defaultdict(list)
    for c, ch in work:
        old = reader.get(ch.old, ch.old_sha) if ch.old else None
        new = reader.get(ch.new, ch.new_sha) if ch.new else None
        kind = {"A": "added", "D": "removed", "M": "modified"}.get(ch.status)
        if ch.status == "R":
            kind = "moved" if account_id(ch.old or "") == account_id(ch.path) else "renamed"
        before = last_valid.get((c.sha, ch.path))
        if before is not None:  # the version before does not validate: compared with the last one that does
            old = before["version"]
        res = DiffResult(**compare([Pair(kind or "modified", old, new)]))
        res["people"] = reader.people  # names for the lines; left out of the result (see history()["people"])
        aid = account_id(ch.path)
        invalid = [v for v in (new,) if v is not None and not v.valid]
        lines = summary_lines(res, lang)
        entry = {
            "date": c.author_date[:10],
            "author": c.author,
            "commit": c.short,
            "sha": c.sha,
            "subject": c.subject,
            "kind": kind,
            "formatting_only": not business_change(res),
            "invalid": [{"errors": len(v.errors), "first_errors": first_errors(v, lang)} for v in invalid],
            "lines": lines,
            "changes": {k: v for k, v in res.items() if k != "people"},
        }
        if before is not None:
            since_valid = before["commit"]
            entry["compared_with"] = {
                "commit": since_valid.short,
                "sha": since_valid.sha,
                "date": since_valid.author_date[:10],
                "invalid_between": before["skipped"],
            }
            lines.insert(
                0,
                term(
                    "log_compared_with_last_valid",
                    lang,
                    commit=md_code(since_valid.short),
                    date=since_valid.author_date[:10],
                    n=before["skipped"],
                ),
            )
        out[aid].append(entry)
    return dict(out)


def _last_valid(work: list, every: list, book: str, reader: Reader) -> dict:
    """For each change that makes a valid version out of one that does not validate: the last version of
    the file before it that does, found by walking back through the commits that wrote each version.

    {(commit sha, path): {"version", "commit" (the one that wrote it), "skipped" (versions in between)}};
    a change with no valid version before it (the file was added broken) is not in it.  Only the few
    versions on the way back are read.
    """
    todo = []
    for c, ch in work:
        old = reader.get(ch.old, ch.old_sha) if ch.old else None
        new = reader.get(ch.new, ch.new_sha) if ch.new else None
        if old is not None and not old.valid and new is not None and new.valid:
            todo.append((c, ch))
    if not todo:
        return {}
    # who wrote each version: (path, blob sha) -> [(position in `every`, the change)], newest first
    position = {c.sha: i for i, c in enumerate(every)}
    writers: dict[tuple[str, str], list] = defaultdict(list)
    for i, c in enumerate(every):
        if len(c.parents) > 1:
            continue
        for ch in pair_changes(list(c.changes), book):
            if ch.new and ch.new_sha:
                writers[(ch.new, ch.new_sha)].append((i, ch))

    def writer(path: str, sha: str, after: int):
        """The latest commit before position `after` (older: a larger position) that wrote this version."""
        return next(((i, ch) for i, ch in writers.get((path, sha), ()) if i > after), None)

    found: dict = {}
    # walks in step: each round reads the versions one commit further back, in one batch
    walks = [((c.sha, ch.path), writer(ch.old, ch.old_sha, position.get(c.sha, -1)), 1) for c, ch in todo]
    while walks:
        step = []
        for key, w, skipped in walks:
            if w is None or not w[1].old or not w[1].old_sha:
                continue  # added broken, or written before the history: no valid version to compare with
            i, ch = w
            reader.want(ch.old, ch.old_sha)
            step.append((key, i, ch, skipped))
        reader.load()
        walks = []
        for key, i, ch, skipped in step:
            v = reader.get(ch.old, ch.old_sha)
            back = writer(ch.old, ch.old_sha, i)
            if v is not None and v.valid:
                if back is not None:
                    found[key] = {"version": v, "commit": every[back[0]], "skipped": skipped}
            elif v is not None:
                walks.append((key, back, skipped + 1))
    return found
