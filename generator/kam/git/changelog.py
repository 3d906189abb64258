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
    every branch merged into HEAD counts (merge commits themselves are left out).
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
    commits = repo.log([book or "."], head, first_parent=False)
    # a report as of D shows the commits made on or before D
    until = settings.report_date()
    commits = [
        c
        for c in commits
        if (since is None or since <= commit_day(c.commit_date)) and commit_day(c.commit_date) <= until
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
    out: dict[str, list] = defaultdict(list)
    for c, ch in work:
        old = reader.get(ch.old, ch.old_sha) if ch.old else None
        new = reader.get(ch.new, ch.new_sha) if ch.new else None
        kind = {"A": "added", "D": "removed", "M": "modified"}.get(ch.status)
        if ch.status == "R":
            kind = "moved" if account_id(ch.old or "") == account_id(ch.path) else "renamed"
        res = DiffResult(**compare([Pair(kind or "modified", old, new)]))
        res["people"] = reader.people  # names for the lines; left out of the result (see history()["people"])
        aid = account_id(ch.path)
        invalid = [v for v in (new,) if v is not None and not v.valid]
        out[aid].append(
            {
                "date": c.author_date[:10],
                "author": c.author,
                "commit": c.short,
                "sha": c.sha,
                "subject": c.subject,
                "kind": kind,
                "formatting_only": not business_change(res),
                "invalid": [{"errors": len(v.errors), "first_errors": first_errors(v, lang)} for v in invalid],
                "lines": summary_lines(res, lang),
                "changes": {k: v for k, v in res.items() if k != "people"},
            }
        )
    return dict(out)
