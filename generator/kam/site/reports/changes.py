"""changes.md: how the pipeline moved, read from git (kam.git.history): movement per month and week,
forecast accuracy, time in stage, versions that did not validate, and the latest changes."""

from __future__ import annotations

from markupsafe import Markup

from ..context import SiteContext
from ..markup import notes_html
from . import html
from .common import Figures

PAGE = "changes.md"
MOVES = ("moved_in", "moved_out", "won", "lost", "forward", "back", "pushed", "pulled_in", "amount_up", "amount_down")
RECENT = 40  # latest account changes listed on the page
# the note's title, by its code: a history that starts after the report date is there, only later
NOTE_TITLES = {"hist_no_commits_by": "hist_none_by"}


def _movement(ctx: SiteContext, f: Figures, periods: list[dict], title: str, anchor: str) -> str:
    w = ctx.words
    cols = [w("f_period")] + [w("mv_" + k) for k in MOVES] + [w("mv_weighted_change")]
    rows = []
    for p in periods:
        row = [p["period"]]
        for k in MOVES:
            c = p.get(k) or {}
            row.append(f"{c.get('count', 0)} · {f.money(c.get('amount'))}" if c.get("count") else "")
        # written with its unit, as the moves' "count · amount" cells beside it are
        row.append(str(f.money(p.get("weighted_change"))))
        rows.append(row)
    return html.join(
        html.heading(title, anchor),
        html.table(cols, rows, numeric=range(1, len(cols)), cls="kam-wide", empty=w("hist_no_periods")),
    )


def _accuracy(ctx: SiteContext, f: Figures, rows_in: list[dict]) -> str:
    w = ctx.words
    cols = [w("f_month"), w("acc_forecast_weighted"), w("acc_forecast_unweighted"), w("acc_won"), w("acc_ratio")]
    rows = [
        [
            r["month"],
            f.money(r["forecast_weighted"]),
            f.money(r["forecast_unweighted"]),
            f.money(r["won"]),
            f.pct(r["ratio"]) if r.get("ratio") is not None else "",
        ]
        for r in rows_in
    ]
    return html.join(
        html.heading(w("sec_accuracy"), "accuracy"),
        html.para(w("accuracy_note")),
        html.table(cols, rows, numeric=(1, 2, 3, 4), empty=w("hist_no_periods")),
    )


def _time_in_stage(ctx: SiteContext, f: Figures, rows_in: list[dict]) -> str:
    w = ctx.words
    cols = [w("f_stage"), w("tis_completed"), w("tis_mean"), w("tis_median"), w("tis_current"), w("tis_current_mean")]
    rows = [
        [
            f.lab("stage", r["stage"]),
            f.n(r["completed"]),
            f.days(r.get("mean_days")),
            f.days(r.get("median_days")),
            f.n(r["current"]),
            f.days(r.get("current_mean_days")),
        ]
        for r in rows_in
    ]
    return html.join(
        html.heading(w("sec_time_in_stage_git"), "time-in-stage"), html.table(cols, rows, numeric=range(1, 6))
    )


def _recent(ctx: SiteContext, f: Figures, accounts: dict[str, list[dict]]) -> str:
    w = ctx.words
    entries = [(e, aid) for aid, log in accounts.items() for e in log]
    entries.sort(key=lambda x: (x[0]["date"], x[0]["sha"], x[1]), reverse=True)
    rows = []
    for e, aid in entries[:RECENT]:
        rows.append(
            [
                e["date"],
                html.account_link(ctx, PAGE, aid),
                e["author"],
                e["commit"],
                Markup(notes_html("\n".join(f"- {line}" for line in e["lines"][:6]))),
            ]
        )
    cols = [w("f_date"), w("f_account"), w("f_author"), w("f_commit"), w("f_what_changed")]
    return html.join(html.heading(w("sec_recent_changes"), "recent"), html.table(cols, rows, empty=w("none")))


def body(ctx: SiteContext) -> str:
    w = ctx.words
    f = Figures(ctx)
    h = ctx.history or {}
    if not h.get("available"):
        code, values = h.get("note_code") or "hist_no_git", h.get("note_values", {})
        title = w(NOTE_TITLES.get(code, "hist_unavailable"), **values)
        return html.join(html.admonition("note", title, w(code, **values)))
    invalid = h.get("invalid") or []
    parts = [
        html.para(
            w("hist_intro", head=h.get("head", ""), commits=h.get("commits", 0), start=h.get("window_start", ""))
        ),
        _movement(ctx, f, list(reversed(h.get("months") or [])), w("sec_moves_month"), "months"),
        _movement(ctx, f, list(reversed(h.get("weeks") or [])), w("sec_moves_week"), "weeks"),
        _accuracy(ctx, f, list(reversed(h.get("accuracy") or []))),
        _time_in_stage(ctx, f, h.get("time_in_stage") or []),
        _recent(ctx, f, h.get("accounts") or {}),
    ]
    if invalid:
        rows = [
            [r["date"], r["commit"], r["author"], r["subject"], ", ".join(r.get("files") or []), f.n(r["errors"])]
            for r in invalid
        ]
        cols = [w("f_date"), w("f_commit"), w("f_author"), w("f_subject"), w("f_files"), w("f_errors")]
        parts.append(
            html.join(
                html.heading(w("sec_invalid_versions"), "invalid"), html.para(w("invalid_note")), html.table(cols, rows)
            )
        )
    return html.join(*parts)


def account_log(ctx: SiteContext, account_id: str) -> list[dict]:
    """The account page's change log: newest first, each with its lines as safe HTML."""
    h = ctx.history or {}
    out = []
    for e in (h.get("accounts") or {}).get(account_id, []):
        out.append(
            {
                "date": e["date"],
                "author": e["author"],
                "commit": e["commit"],
                "subject": e["subject"],
                "formatting_only": e.get("formatting_only", False),
                "html": Markup(notes_html("\n".join(f"- {line}" for line in e["lines"]))),
            }
        )
    return out
