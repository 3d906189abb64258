"""index.md, the dashboard: headline figures, the tier rollup, the funnel, alerts and the key-team advice."""

from __future__ import annotations

from markupsafe import Markup, escape

from kam.book.policy import OPEN_STAGES

from .. import charts
from ..context import SiteContext
from . import html, specs
from .common import Figures, enum_order, headline_figures

PAGE = "index.md"


def headline(ctx: SiteContext, f: Figures) -> Markup:
    m, w = ctx.metrics, ctx.words
    acc, pipe, fc, won = m["accounts"], m["pipeline"], m["forecast"], m["won"]
    year = m["current_year"]
    this_year = int(m["as_of"][:4])
    return headline_figures(
        ctx,
        [
            ("accounts", w("k_accounts"), f.n(acc["count"]), "", html.page_link(ctx, PAGE, "accounts/index.md")),
            (
                "key_accounts",
                w("k_key_accounts"),
                f.n(acc["key_count"]),
                w("k_key_accounts_note"),
                html.page_link(ctx, PAGE, "tiers.md"),
            ),
            (
                "revenue",
                w("k_revenue_last_year", year=year),
                f.money(acc["revenue"]),
                w("k_ytd", year=this_year, value=f.money(acc["revenue_ytd"])),
            ),
            (
                "open_pipeline",
                w("f_open_pipeline"),
                f.money(pipe["open_amount"]),
                w("k_deals", n=pipe["open_count"]),
                html.page_link(ctx, PAGE, "funnel.md"),
            ),
            (
                "forecast_month",
                w("k_forecast_month", period=fc["this_month"]["period"]),
                f.money(fc["this_month"]["weighted"]),
                w("k_of_unweighted", value=f.money(fc["this_month"]["amount"]), n=fc["this_month"]["count"]),
                html.page_link(ctx, PAGE, "funnel.md", "forecast"),
            ),
            (
                "forecast_quarter",
                w("k_forecast_quarter", period=fc["this_quarter"]["period"]),
                f.money(fc["this_quarter"]["weighted"]),
                w("k_of_unweighted", value=f.money(fc["this_quarter"]["amount"]), n=fc["this_quarter"]["count"]),
                html.page_link(ctx, PAGE, "funnel.md", "forecast"),
            ),
            (
                "won_year",
                w("k_won_year"),
                f.money(won["this_year"]["amount"]),
                w("k_deals", n=won["this_year"]["count"]),
            ),
            (
                "won_quarter",
                w("k_won_quarter"),
                f.money(won["this_quarter"]["amount"]),
                w("k_deals", n=won["this_quarter"]["count"]),
            ),
            (
                "overdue_receivables",
                w("k_overdue_receivables"),
                f.money(m["credit"]["aging"]["overdue"]),
                w("k_of_open", value=f.money(m["credit"]["aging"]["total"])),
                html.page_link(ctx, PAGE, "credit.md", "overdue"),
            ),
        ],
    )


def tier_table(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    rollup = ctx.metrics["tiers"]["rollup"]
    rows = []
    for t in enum_order("tier"):
        r = rollup.get(t)
        if not r:
            continue
        rows.append(
            [
                html.link(f.lab("tier", t), html.page_link(ctx, PAGE, "tiers.md")),
                f.n(r["count"]),
                f.money(r["revenue"]),
                f.pct(r["revenue_share"]),
                f.pct(r["share_of_wallet"]),
                f.n(r["open_opportunities"]),
                f.money(r["open_pipeline"]),
                f.money(r["weighted_pipeline"]),
            ]
        )
    cols = [
        w("f_tier"),
        w("c_count"),
        w("k_revenue", year=ctx.metrics["current_year"]),
        w("c_revenue_share"),
        w("f_share"),
        w("c_open_deals"),
        w("f_open_pipeline"),
        w("f_weighted"),
    ]
    tiers = [rollup[t] for t in enum_order("tier") if rollup.get(t)]
    total = {k: sum(r[k] or 0 for r in tiers) for k in ("count", "revenue", "open_opportunities")}
    total |= {k: sum(r[k] or 0 for r in tiers) for k in ("open_pipeline", "weighted_pipeline", "revenue_share")}
    rows.append(
        [
            w("c_total"),
            f.n(total["count"]),
            f.money(total["revenue"]),
            f.pct(total["revenue_share"]),
            "",
            f.n(total["open_opportunities"]),
            f.money(total["open_pipeline"]),
            f.money(total["weighted_pipeline"]),
        ]
    )
    classes = [""] * (len(rows) - 1) + ["kam-total"]
    return html.table(cols, rows, numeric=range(1, 8), cls="kam-tiers", row_classes=classes)


def funnel_chart(ctx: SiteContext, f: Figures, stages=OPEN_STAGES) -> Markup:
    """Open stages: amount and weighted amount per stage (bars), with the table of count, amount, weighted."""
    w = ctx.words
    by_stage = ctx.metrics["pipeline"]["by_stage"]
    s_amount, s_weighted = w("f_amount"), w("f_weighted")
    values, rows = [], []
    for s in stages:
        r = by_stage.get(s, {"count": 0, "amount": 0.0, "weighted": 0.0, "probability": None})
        label = f.lab("stage", s)
        values.append({"stage": label, "series": s_amount, "v": float(r["amount"])})
        values.append({"stage": label, "series": s_weighted, "v": float(r["weighted"])})
        rows.append(
            [label, f.n(r["count"]), f.money(r["amount"]), fmt_prob(r.get("probability")), f.money(r["weighted"])]
        )
    unit = specs.scale_money(values, ("v",), ctx.lang)
    spec = specs.grouped_bar(
        values,
        "stage",
        "series",
        "v",
        w("f_stage"),
        specs.unit_title(w("f_amount"), unit, ctx.metrics["base_currency"], ctx.lang),
        "",
        [s_amount, s_weighted],
        cat_domain=[f.lab("stage", s) for s in stages],
    )
    # the stage's default: a deal's own probability (an override) counts in its weighted amount
    cols = [w("f_stage"), w("c_count"), w("f_amount"), w("c_stage_probability"), w("f_weighted")]
    return charts.chart(spec, rows, cols, title=w("t_funnel"), caption=w("chart_table"), client=ctx.charts_in_browser)


def fmt_prob(p) -> str:
    return "" if p is None else f"{p:g}%"


def alerts(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    a = ctx.metrics["alerts"]
    items = [
        ("accountability", "team.md", "accountability"),
        ("stalled", "funnel.md", "stalled"),
        ("over_limit", "credit.md", "over-limit"),
        ("overdue_actions", "calendar.md", "overdue"),
        ("past_due_deals", "funnel.md", "past-due"),
        ("qualification_gaps", "funnel.md", "qualification"),
    ]
    out = ['<ul class="kam-alerts">']
    for key, page, anchor in items:
        n = a.get(key, 0)
        cls = "kam-alert kam-alert--on" if n else "kam-alert kam-alert--off"
        href = html.page_link(ctx, PAGE, page, anchor)
        out.append(
            f'<li class="{cls}"><a href="{escape(href)}"><span class="kam-alert__n">{escape(f.n(n))}</span>'
            f'<span class="kam-alert__label">{escape(w("alert_" + key))}</span></a></li>'
        )
    out.append("</ul>")
    return Markup("".join(out))


def key_team(ctx: SiteContext) -> Markup | None:
    p = ctx.metrics["pareto"]
    if not p.get("key_team_advised"):
        return None
    w = ctx.words
    return html.admonition(
        "tip",
        w("key_team_title"),
        w("key_team_advice", n=p["key_accounts"], threshold=p["key_team_threshold"]),
    )


def body(ctx: SiteContext) -> str:
    if not ctx.metrics or "pipeline" not in ctx.metrics:
        return ""
    w = ctx.words
    f = Figures(ctx)
    return html.join(
        html.block(headline(ctx, f), key_team(ctx), cls="kam-dashboard"),
        html.heading(w("h_alerts"), "alerts"),
        html.block(alerts(ctx, f)),
        html.heading(w("h_tier_rollup"), "tiers"),
        html.block(tier_table(ctx, f)),
        html.heading(w("t_funnel"), "funnel"),
        html.block(funnel_chart(ctx, f)),
    )
