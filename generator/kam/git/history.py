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

from kam.book.loader import paused_gc
from kam.book.policy import OPEN_STAGES, Settings
from kam.git.changelog import account_log, summary_lines
from kam.git.diff import (
    Pair,
    Version,
    account_id,
    compare,
    is_account_path,
    pair_changes,
)
from kam.git.diff.render import FIRST_ERRORS
from kam.git.diff.types import Comparison
from kam.git.gitstore import Change, Commit, GitError
from kam.git.reader import BookState, Reader, commit_day, first_errors, month_start, note, open_history
from kam.labels import term

MOVES = ("moved_in", "moved_out", "won", "lost", "forward", "back", "pushed", "pulled_in", "amount_up", "amount_down")


def _pairs(before: dict, after: dict, reader: Reader) -> list[Pair]:
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


def _forecast(state: dict, reader: Reader, month: str) -> tuple[float, float, int]:
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


def _won(state: dict, reader: Reader) -> dict[str, list]:
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


def history(repo_root, settings: Settings, months: int = 24, weeks: int = 12, logs: bool = True) -> dict:
    """Everything the site's "Changes" section shows, as one JSON-able dict (see docs/guide/review.md)."""
    with paused_gc():
        return _history(repo_root, settings, months, weeks, logs)


def _history(repo_root, settings: Settings, months: int, weeks: int, logs: bool) -> dict:
    lang = settings.language
    opened = open_history(repo_root, settings)
    if isinstance(opened, dict):
        return opened
    repo, head, book, book_file = opened
    as_of = settings.report_date()
    start = month_start(as_of, months - 1)
    week_start = as_of - dt.timedelta(days=as_of.weekday() + 7 * (weeks - 1))
    window = min(start, week_start)

    commits = repo.log([book or "."], head, first_parent=True)  # newest first
    made = [c for c in commits if commit_day(c.commit_date) <= as_of]  # a report as of D: commits until D
    if not commits:
        return note("hist_no_commits", lang)
    if not made:
        return note("hist_no_commits_by", lang, date=as_of.isoformat())
    if len(made) < len(commits):  # HEAD is after D: the history ends at the last commit on or before D
        head, commits = made[0].sha, made
    inside = [c for c in commits if window <= commit_day(c.commit_date) <= as_of]
    before = [c for c in commits if commit_day(c.commit_date) < window]
    inside.reverse()  # oldest first

    reader = Reader(repo, settings, book_file)
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
    state = BookState()
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
    month_starts = [month_start(as_of, k) for k in range(months - 1, -1, -1)]
    week_starts = [week_start + dt.timedelta(days=7 * k) for k in range(weeks)]
    bounds = sorted(set(month_starts) | set(week_starts) | {as_of + dt.timedelta(days=1)})
    snap: dict[dt.date, dict] = {}
    first_date = commit_day(inside[0].commit_date) if inside else None
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
        day = commit_day(c.commit_date)
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
    first = [t for v in versions for t in first_errors(v, lang)][:FIRST_ERRORS]
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


def _stage_clock(prev: dict, now: dict, reader: Reader, day: dt.date, entered: dict, stints: dict) -> None:
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


def _periods(starts: list[dt.date], snap: dict, reader: Reader, as_of: dt.date, name) -> list[dict]:
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


def _accuracy(month_starts: list[dt.date], snap: dict, final: dict, reader: Reader) -> list[dict]:
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
__all__ = ["history", "account_log", "movement", "summary_lines", "GitError", "Change"]
