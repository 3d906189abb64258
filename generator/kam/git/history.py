"""The book's history, read from git: pipeline movement, forecast accuracy, time in stage, change logs.

    data = history(".", settings)          # JSON-able dict for the site's "Changes" section
    log = account_log(".", settings, "acme")

How it reads git (cheap for big books):

- one ``git log --first-parent --raw`` lists the mainline commits touching the
  book with the blob sha of every file they changed; the state of the book at
  any commit is the state before the window (one ``git ls-tree -r``) plus
  those changes;
- every blob is read by ONE ``git cat-file --batch`` process and parsed and
  validated ONCE (cache by blob sha and account id), in a few batches, against
  the current ``_book.yaml`` and settings: a past version that no longer
  validates is reported and left out (the account keeps its previous version);
- figures of a snapshot are sums over the cached versions: no file is parsed twice.

Dates are commit dates (when a change reached the main line) in the
committer's time zone; authors are commit authors.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict

from kam.book.fields import BOOK_FILE
from kam.book.loader import paused_gc
from kam.book.policy import OPEN_STAGES, Settings
from kam.git.diff import (
    Pair,
    Version,
    account_id,
    business_change,
    compare,
    is_account_path,
    pair_changes,
    parse_versions,
)
from kam.git.diff.render import FIRST_ERRORS
from kam.git.diff.types import Comparison, DiffResult
from kam.git.gitstore import Change, Commit, GitError, Repo
from kam.labels import label, term

MOVES = ("moved_in", "moved_out", "won", "lost", "forward", "back", "pushed", "pulled_in", "amount_up", "amount_down")


def _date(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso[:10])


def _month_start(d: dt.date, back: int = 0) -> dt.date:
    m = d.year * 12 + d.month - 1 - back
    return dt.date(m // 12, m % 12 + 1, 1)


class _Reader:
    """Versions of account files by (blob sha, account id): read, parsed and validated once."""

    def __init__(self, repo: Repo, settings: Settings, book_file):
        self.repo = repo
        self.settings = settings
        self.book_file = book_file
        self.versions: dict[tuple[str, str], Version] = {}
        self.paths: dict[tuple[str, str], str] = {}
        self.people: dict = {}

    def want(self, path: str, sha: str | None):
        if sha:
            self.paths.setdefault((sha, account_id(path)), path)

    def load(self) -> None:
        todo = [k for k in self.paths if k not in self.versions]
        if not todo:
            return
        data = self.repo.cat(sha for sha, _ in todo)
        # one batch: every version gets a private id while validated (diff.parse_versions)
        batch = [(key, self.paths[key], data[key[0]]) for key in todo if key[0] in data]
        got, ctx = parse_versions(batch, self.book_file, self.settings)
        self.people = ctx.people
        for key, v in got.items():
            v.sha = key[0]
            self.versions[key] = v

    def get(self, path: str, sha: str | None) -> Version | None:
        if not sha:
            return None
        return self.versions.get((sha, account_id(path)))


def _first_errors(v: Version, lang: str) -> list[str]:
    return [d.text(lang) for d in v.errors[:FIRST_ERRORS]]


class _Book:
    """The state of the book along the main line: account id -> (path, sha) of its last valid version."""

    def __init__(self):
        self.files: dict[str, tuple[str, str]] = {}

    def copy(self) -> dict[str, tuple[str, str]]:
        return dict(self.files)


def _pairs(before: dict, after: dict, reader: _Reader) -> list[Pair]:
    """Pairs of versions of the accounts that differ between two states (id -> (path, sha))."""
    pairs = []
    for aid in sorted(set(before) | set(after)):
        a, b = before.get(aid), after.get(aid)
        if a == b:
            continue
        old = reader.get(*a) if a else None
        new = reader.get(*b) if b else None
        if a is None:
            kind = "added"
        elif b is None:
            kind = "removed"
        elif a[0] != b[0]:
            kind = "moved"
        else:
            kind = "modified"
        pairs.append(Pair(kind, old, new))
    return pairs


def movement(res: Comparison) -> dict:
    """Pipeline movement from a comparison: {move: {"count", "amount"}} in base currency."""
    out = {k: {"count": 0, "amount": 0.0} for k in MOVES}

    def add(k, amount):
        out[k]["count"] += 1
        out[k]["amount"] = round(out[k]["amount"] + (amount or 0.0), 2)

    for o in res["opportunities"]:
        for c in o["changes"]:
            k = c["kind"]
            if k == "created":
                if c["stage"] == "won":
                    add("won", c["amount_base"])
                elif c["stage"] == "lost":
                    add("lost", c["amount_base"])
                elif c["open"]:
                    add("moved_in", c["amount_base"])
            elif k == "removed" and c["open"]:
                add("moved_out", c["amount_base"])
            elif k in ("won", "lost"):
                add(k, c["amount_base"])
            elif k in ("forward", "back"):
                add(k, c["amount_base"])
            elif k == "reopened":
                add("moved_in", c["amount_base"])
            elif k in ("pushed", "pulled_in") and c["open"]:
                add(k, c["amount_base"])
            elif k == "amount" and c["open"] and c["delta_base"]:
                add("amount_up" if c["delta_base"] > 0 else "amount_down", c["delta_base"])
    return out


def _forecast(state: dict, reader: _Reader, month: str) -> tuple[float, float, int]:
    weighted = unweighted = 0.0
    n = 0
    for path, sha in state.values():
        v = reader.get(path, sha)
        if v is None:
            continue
        for o in v.opps.values():
            if o["open"] and o["close_month"] == month:
                weighted += o["weighted"]
                unweighted += o["amount_base"]
                n += 1
    return weighted, unweighted, n


def _won(state: dict, reader: _Reader) -> dict[str, list]:
    out: dict[str, list] = defaultdict(lambda: [0.0, 0])
    for path, sha in state.values():
        v = reader.get(path, sha)
        if v is None:
            continue
        for o in v.opps.values():
            if o["stage"] == "won" and o["close_month"]:
                out[o["close_month"]][0] += o["amount_base"]
                out[o["close_month"]][1] += 1
    return out


def _note(key: str, lang: str) -> dict:
    return {"available": False, "note": term(key, lang), "note_code": key}


def _open(repo_root, settings: Settings):
    """(repo, head sha, book prefix, book file entry) or a note dict."""
    lang = settings.language
    try:
        repo = Repo(repo_root)
    except GitError:
        return _note("hist_no_git", lang)
    try:
        if repo.is_shallow():
            return _note("hist_shallow", lang)
        head = repo.head()
    except GitError:
        return _note("hist_no_git", lang)
    if head is None:
        return _note("hist_no_commits", lang)
    book = repo.relpath(settings.book_path)
    book_path = (book + "/" if book else "") + BOOK_FILE
    data = repo.blob_at(head, book_path)
    if data is None:
        data = repo.blob_at(None, book_path)
    return repo, head, book, (book_path, data) if data is not None else None


def history(repo_root, settings: Settings, months: int = 24, weeks: int = 12, logs: bool = True) -> dict:
    """Everything the site's "Changes" section shows, as one JSON-able dict (see docs/guide/review.md)."""
    with paused_gc():
        return _history(repo_root, settings, months, weeks, logs)


def _history(repo_root, settings: Settings, months: int, weeks: int, logs: bool) -> dict:
    lang = settings.language
    opened = _open(repo_root, settings)
    if isinstance(opened, dict):
        return opened
    repo, head, book, book_file = opened
    as_of = settings.report_date()
    start = _month_start(as_of, months - 1)
    week_start = as_of - dt.timedelta(days=as_of.weekday() + 7 * (weeks - 1))
    window = min(start, week_start)

    commits = repo.log([book or "."], head, first_parent=True)  # newest first
    if not commits:
        return _note("hist_no_commits", lang)
    inside = [c for c in commits if window <= _date(c.commit_date) <= as_of]
    before = [c for c in commits if _date(c.commit_date) < window]
    inside.reverse()  # oldest first

    reader = _Reader(repo, settings, book_file)
    initial = {}
    if before:
        for path, sha in repo.tree(before[0].sha, book or ".").items():
            if is_account_path(path, book):
                initial[path] = sha
                reader.want(path, sha)
    for c in inside:
        for ch in c.changes:
            if ch.new and is_account_path(ch.new, book):
                reader.want(ch.new, ch.new_sha)
    reader.load()

    invalid: list[dict] = []
    state = _Book()
    bad_initial = []
    for path, sha in initial.items():
        v = reader.get(path, sha)
        if v is not None and v.valid:
            state.files[account_id(path)] = (path, sha)
        elif v is not None:
            bad_initial.append(v)
    if bad_initial:
        invalid.append(_invalid_entry(before[0], bad_initial, lang))

    # boundaries: month starts and week starts (Mondays), in order
    month_starts = [_month_start(as_of, k) for k in range(months - 1, -1, -1)]
    week_starts = [week_start + dt.timedelta(days=7 * k) for k in range(weeks)]
    bounds = sorted(set(month_starts) | set(week_starts) | {as_of + dt.timedelta(days=1)})
    snap: dict[dt.date, dict] = {}
    first_date = _date(inside[0].commit_date) if inside else None
    has_before = bool(before)
    bi = 0
    entered: dict[tuple[str, str], tuple[str, dt.date | None]] = {}
    stints: dict[str, list[int]] = defaultdict(list)
    for aid, (path, sha) in state.files.items():
        v = reader.get(path, sha)
        for oid, o in v.opps.items() if v is not None else ():
            entered[(aid, oid)] = (o["stage"] or "", None)

    def take(upto: dt.date | None):
        nonlocal bi
        while bi < len(bounds) and (upto is None or bounds[bi] <= upto):
            if has_before or (first_date is not None and first_date < bounds[bi]):
                snap[bounds[bi]] = state.copy()
            bi += 1

    for c in inside:
        day = _date(c.commit_date)
        take(day)
        has_before = True
        bad = []
        prev = state.copy()
        for ch in pair_changes(list(c.changes), book):
            if ch.old and (ch.status in ("D", "R")):
                state.files.pop(account_id(ch.old), None)
            if ch.new and ch.new_sha:
                v = reader.get(ch.new, ch.new_sha)
                if v is not None and v.valid:
                    state.files[account_id(ch.new)] = (ch.new, ch.new_sha)
                else:
                    if v is not None:
                        bad.append(v)
                    if ch.old and ch.old_sha and account_id(ch.old) not in state.files and account_id(ch.old) in prev:
                        state.files[account_id(ch.old)] = prev[account_id(ch.old)]  # keep the last valid version
        if bad:
            invalid.append(_invalid_entry(c, bad, lang))
        _stage_clock(prev, state.files, reader, day, entered, stints)
    take(None)

    result = {
        "available": True,
        "as_of": as_of.isoformat(),
        "currency": settings.policy.base_currency,
        "head": head[:7],
        "commits": len(commits),
        "window_start": window.isoformat(),
        "invalid": invalid,
        "months": _periods(month_starts, snap, reader, as_of, lambda d: d.strftime("%Y-%m")),
        "weeks": _periods(
            week_starts, snap, reader, as_of, lambda d: f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}"
        ),
        "accuracy": _accuracy(month_starts, snap, state.files, reader),
        "time_in_stage": _time_in_stage(entered, stints, as_of),
    }
    if logs:
        result["accounts"] = account_log(repo, settings, since=window, _reader=reader, _book=(book, book_file))
    result["people"] = reader.people
    return result


def _invalid_entry(c: Commit, versions: list[Version], lang: str) -> dict:
    n = sum(len(v.errors) for v in versions)
    first = [t for v in versions for t in _first_errors(v, lang)][:FIRST_ERRORS]
    return {
        "commit": c.short,
        "sha": c.sha,
        "date": c.commit_date[:10],
        "author": c.author,
        "subject": c.subject,
        "files": sorted(v.path for v in versions),
        "errors": n,
        "first_errors": first,
        "note": term("hist_invalid", lang, date=c.commit_date[:10], commit=c.short, n=n),
    }


def _stage_clock(prev: dict, now: dict, reader: _Reader, day: dt.date, entered: dict, stints: dict) -> None:
    for aid in set(prev) | set(now):
        if prev.get(aid) == now.get(aid):
            continue
        old = reader.get(*prev[aid]) if aid in prev else None
        new = reader.get(*now[aid]) if aid in now else None
        o_old = old.opps if old else {}
        o_new = new.opps if new else {}
        for oid in set(o_old) | set(o_new):
            a, b = o_old.get(oid), o_new.get(oid)
            key = (aid, oid)
            if b is None:
                entered.pop(key, None)
                continue
            if a is None:
                entered[key] = (b["stage"], day)
                continue
            if a["stage"] != b["stage"]:
                stage, since = entered.get(key, (a["stage"], None))
                if since is not None:
                    stints[stage].append((day - since).days)
                entered[key] = (b["stage"], day)


def _time_in_stage(entered: dict, stints: dict, as_of: dt.date) -> list[dict]:
    current: dict[str, list[int]] = defaultdict(list)
    for stage, since in entered.values():
        if since is not None and stage in OPEN_STAGES:
            current[stage].append((as_of - since).days)
    out = []
    for s in OPEN_STAGES:
        done = stints.get(s, [])
        now = current.get(s, [])
        out.append(
            {
                "stage": s,
                "completed": len(done),
                "mean_days": round(statistics.fmean(done), 1) if done else None,
                "median_days": statistics.median(done) if done else None,
                "current": len(now),
                "current_mean_days": round(statistics.fmean(now), 1) if now else None,
            }
        )
    return out


def _periods(starts: list[dt.date], snap: dict, reader: _Reader, as_of: dt.date, name) -> list[dict]:
    out = []
    ends = starts[1:] + [as_of + dt.timedelta(days=1)]
    for s, e in zip(starts, ends):
        a, b = snap.get(s), snap.get(e)
        if b is None:
            continue
        a = a or {}  # the book did not exist yet: everything in it moved in
        res = compare(_pairs(a, b, reader))
        out.append(
            {
                "period": name(s),
                "start": s.isoformat(),
                "end": (e - dt.timedelta(days=1)).isoformat(),
                **movement(res),
                "weighted_change": res["forecast"]["change"],
            }
        )
    return out


def _accuracy(month_starts: list[dt.date], snap: dict, final: dict, reader: _Reader) -> list[dict]:
    won = _won(final, reader)
    out = []
    for s in month_starts:
        state = snap.get(s)
        if state is None:
            continue
        m = s.strftime("%Y-%m")
        weighted, unweighted, n = _forecast(state, reader, m)
        actual, n_won = won.get(m, (0.0, 0))
        out.append(
            {
                "month": m,
                "forecast_weighted": round(weighted, 2),
                "forecast_unweighted": round(unweighted, 2),
                "forecast_deals": n,
                "won": round(actual, 2),
                "won_deals": n_won,
                "error": round(actual - weighted, 2),
                "ratio": round(actual / weighted, 3) if weighted else None,
            }
        )
    return out


# ---------------------------------------------------------------- one account's change log
def summary_lines(res: DiffResult, lang: str) -> list[str]:
    """Short Markdown lines saying what one commit did to an account (for the account page)."""
    from kam.git.diff.render import opportunity_change, person

    def t(key, **kw):
        return term(key, lang, **kw)

    people = res.get("people", {})
    lines = []
    for a in res["accounts"]:
        if a["kind"] == "added":
            lines.append(t("diff_account_added", account=f"`{a['account']['id']}`", path=a["account"]["path"]))
        elif a["kind"] == "removed":
            lines.append(t("diff_account_removed", account=f"`{a['old']['id']}`", path=a["old"]["path"]))
        elif a["kind"] == "renamed":
            lines.append(
                t(
                    "diff_account_renamed",
                    old=f"`{a['old']['id']}`",
                    new=f"`{a['account']['id']}`",
                    old_path=a["old"]["path"],
                    new_path=a["account"]["path"],
                )
            )
        elif a["kind"] == "moved":
            lines.append(
                t(
                    "diff_account_moved",
                    account=f"`{a['account']['id']}`",
                    old_path=a["old"]["path"],
                    new_path=a["account"]["path"],
                )
            )
    for o in res["owners"]:
        lines.append(
            t("diff_approval").strip("*:： ")
            + ": "
            + f"{person(o['from'], people, lang)} → {person(o['to'], people, lang)}"
        )
    for key, moves in (("tier", res["tiers"]), ("posture", res["postures"])):
        for x in moves:
            old, new = label(key, x["from"] or "", lang), label(key, x["to"] or "", lang)
            lines.append(t("diff_" + key, account="", old=old, new=new).lstrip(":： "))
    for deal in res["opportunities"]:
        what = t("diff_sep_semicolon").join(opportunity_change(c, lang) for c in deal["changes"])
        lines.append(f"{deal['name'] or deal['opportunity']} (`{deal['opportunity']}`): {what}")
    for due in res["overdue"]:
        lines.append(t("diff_overdue") + f": {due['invoice']}")
    for seen in res["attitudes"]:
        old, new = label("attitude", seen["from"] or "", lang), label("attitude", seen["to"] or "", lang)
        lines.append(f"{seen['name'] or seen['contact']}: {old} → {new}")
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
            return _note("hist_no_commits", lang)
    else:
        opened = _open(repo_or_root, settings)
        if isinstance(opened, dict):
            return opened
        repo, head, book, book_file = opened
    commits = repo.log([book or "."], head, first_parent=False)
    if since is not None:
        commits = [c for c in commits if _date(c.commit_date) >= since]
    reader = _reader or _Reader(repo, settings, book_file)
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
                "invalid": [{"errors": len(v.errors), "first_errors": _first_errors(v, lang)} for v in invalid],
                "lines": summary_lines(res, lang),
                "changes": {k: v for k, v in res.items() if k != "people"},
            }
        )
    return dict(out)


__all__ = ["history", "account_log", "movement", "summary_lines", "GitError", "Change"]
