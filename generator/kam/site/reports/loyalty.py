"""Loyalty tables for the tiers and team pages, and the credit limits due for review (credit page)."""

from __future__ import annotations

from markupsafe import Markup

from ..context import SiteContext
from . import html
from .common import Figures, enum_order, headline_figures

_COLS = ("c_retention_base", "c_retained", "c_churned", "c_retention", "c_churn", "c_repeat")


def _row(f: Figures, r: dict) -> list:
    return [
        f.n(r["base"]),
        f.n(r["retained"]),
        f.n(r["churned"]),
        f.pct(r["retention"]),
        f.pct(r["churn"]),
        f.pct(r["repeat"]),
    ]


def _note(ctx: SiteContext) -> str:
    y = ctx.metrics["loyalty"]["years"]
    return ctx.words("loyalty_note", previous=y["previous"], current=y["current"])


def by_tier(ctx: SiteContext, f: Figures) -> str:
    """Retention, churn and repeat purchase per tier, with the satisfaction rate against its target."""
    w = ctx.words
    lo = ctx.metrics["loyalty"]
    s = lo["satisfaction"]
    figures = headline_figures(
        ctx,
        [
            ("retention", w("c_retention"), f.pct(lo["overall"]["retention"])),
            ("churn", w("c_churn"), f.pct(lo["overall"]["churn"])),
            ("repeat", w("c_repeat"), f.pct(lo["overall"]["repeat"])),
            (
                "satisfaction_rate",
                w("c_satisfaction_rate", score=f"{s['threshold']:g}"),
                f.pct(s["rate"]),
                w("c_target_rate", target=f.pct(s["target"], digits=0)),
            ),
        ],
    )
    rows = [[f.lab("tier", t)] + _row(f, lo["by_tier"][t]) for t in enum_order("tier")]
    rows.append([w("c_total")] + _row(f, lo["overall"]))
    table = html.table([w("f_tier")] + [w(c) for c in _COLS], rows, numeric=(1, 2, 3, 4, 5, 6))
    churned = [
        [
            html.account_link(ctx, "tiers.md", r["account"], r["name"]),
            f.lab("tier", r["tier"]),
            ctx.person(r["owner"]),
            f.money(r["previous"]),
        ]
        for r in lo["churned"]
    ]
    gone = html.table(
        [w("f_name"), w("f_tier"), w("f_owner"), w("c_revenue_before", year=lo["years"]["previous"])],
        churned,
        numeric=(3,),
        empty=w("none_found"),
    )
    return html.join(
        html.heading(w("h_loyalty"), "loyalty"),
        html.block(html.para(_note(ctx), cls="kam-note"), figures, table),
        # by revenue, not by `lost:` (a customer lost this year still bought last year): the years say which
        html.heading(
            w("h_churned", previous=lo["years"]["previous"], current=lo["years"]["current"]), "churned", level=3
        ),
        html.block(gone),
    )


def by_rep(ctx: SiteContext, f: Figures) -> str:
    w = ctx.words
    reps = ctx.metrics["loyalty"]["by_rep"]
    rows = [
        [ctx.person(pid)] + _row(f, r)
        for pid, r in sorted(reps.items(), key=lambda kv: ctx.name_order(ctx.person(kv[0])))
    ]
    return html.join(
        html.heading(w("h_loyalty_reps"), "loyalty"),
        html.block(
            html.para(_note(ctx), cls="kam-note"),
            html.table([w("f_owner")] + [w(c) for c in _COLS], rows, numeric=(1, 2, 3, 4, 5, 6), empty=w("none_found")),
        ),
    )


def review_due(ctx: SiteContext, f: Figures) -> Markup:
    """Credit limits whose last review is older than the policy's days (or never reviewed)."""
    w = ctx.words
    rows = [
        [
            html.account_link(ctx, "credit.md", r["account"], r["name"]),
            ctx.person(r["owner"]),
            f.money(r["limit"]),
            f.date(r["reviewed"]) if r["reviewed"] else w("c_never"),
            f.n(r["days"]) if r["days"] is not None else "",
        ]
        for r in sorted(ctx.metrics["credit"]["review_due"], key=lambda r: ctx.name_order(r["name"]))
    ]
    cols = [w("f_name"), w("f_owner"), w("f_credit_limit"), w("c_reviewed"), w("c_days_since")]
    return html.table(cols, rows, numeric=(2, 4), empty=w("none_found"))
