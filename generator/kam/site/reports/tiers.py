"""tiers.md: the rollup per tier, coverage models and compliance, manual-tier disagreements."""

from __future__ import annotations

from markupsafe import Markup

from .. import charts
from ..context import SiteContext
from . import html, loyalty, market, specs
from .common import Figures, enum_order

PAGE = "tiers.md"


def rollup(ctx: SiteContext, f: Figures) -> Markup:
    """Two tables per tier: value and target; pipeline and coverage."""
    w = ctx.words
    m = ctx.metrics
    roll = m["tiers"]["rollup"]
    tiers = [t for t in enum_order("tier") if t in roll]
    value = [
        [
            f.lab("tier", t),
            f.n(roll[t]["count"]),
            f.money(roll[t]["revenue"]),
            f.pct(roll[t]["revenue_share"]),
            f.money(roll[t]["ytd_revenue"]),
            f.money(roll[t]["potential"]),
            f.pct(roll[t]["share_of_wallet"]),
            w("target_" + roll[t]["target_kind"]),
        ]
        for t in tiers
    ]
    value_cols = [
        w("f_tier"),
        w("c_count"),
        w("k_revenue", year=m["current_year"]),
        w("c_revenue_share"),
        w("c_ytd_revenue"),
        w("f_potential"),
        w("f_share"),
        w("c_target"),
    ]
    coverage = []
    for t in tiers:
        r = roll[t]
        compliance = (
            (w("compliant"), "kam-mark kam-mark--done")
            if r["coverage_compliant"]
            else (w("violations", n=r["coverage_violations"]), "kam-mark kam-mark--overdue")
        )
        coverage.append(
            [
                f.lab("tier", t),
                f.n(r["open_opportunities"]),
                f.money(r["open_pipeline"]),
                f.money(r["weighted_pipeline"]),
                w("cov_" + r["coverage_model"], n=r["coverage_max_per_rep"]),
                compliance,
            ]
        )
    coverage_cols = [
        w("f_tier"),
        w("c_open_deals"),
        w("f_open_pipeline"),
        w("f_weighted"),
        w("c_coverage_model"),
        w("c_compliance"),
    ]
    return Markup(
        str(html.table(value_cols, value, numeric=range(1, 7), caption=w("c_tier_value")))
        + str(html.table(coverage_cols, coverage, numeric=(1, 2, 3), caption=w("c_tier_coverage")))
    )


def revenue_chart(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    roll = ctx.metrics["tiers"]["rollup"]
    tiers = [t for t in enum_order("tier") if t in roll]
    values = [{"tier": f.lab("tier", t), "v": float(roll[t]["revenue"])} for t in tiers]
    unit = specs.scale_money(values, ("v",), ctx.lang)
    year = ctx.metrics["current_year"]
    spec = charts.bar(
        values,
        "tier",
        "v",
        w("f_tier"),
        specs.unit_title(w("k_revenue", year=year), unit, ctx.metrics["base_currency"], ctx.lang),
        horizontal=True,
    )
    rows = [
        [
            f.lab("tier", t),
            f.money(roll[t]["revenue"]),
            f.pct(roll[t]["revenue_share"]),
            f.pct(roll[t]["share_of_wallet"]),
        ]
        for t in tiers
    ]
    cols = [w("f_tier"), w("k_revenue", year=year), w("c_revenue_share"), w("f_share")]
    return charts.chart(
        spec, rows, cols, title=w("k_revenue", year=year), caption=w("chart_table"), client=ctx.charts_in_browser
    )


def violations(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    rows = [
        [f.person(v["person"]), f.lab("tier", v["tier"]), f.n(v["accounts"]), f.n(v["max"])]
        for v in ctx.metrics["tiers"]["coverage_violations"]
    ]
    cols = [w("f_owner"), w("f_tier"), w("c_accounts"), w("c_max_per_rep")]
    return html.table(cols, rows, numeric=(2, 3), empty=w("none_found"))


def disagreements(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    rows = [
        [
            html.account_link(ctx, PAGE, d["account"], d["name"]),
            f.lab("tier", d["manual"]),
            f.lab("tier", d["computed"]),
            f.money(d["revenue"]),
            f.money(d["potential"]),
        ]
        for d in ctx.metrics["tiers"]["disagreements"]
    ]
    cols = [
        w("f_name"),
        w("f_tier_manual_col"),
        w("f_tier_computed"),
        w("k_revenue", year=ctx.metrics["current_year"]),
        w("f_potential"),
    ]
    return html.table(cols, rows, numeric=(3, 4), empty=w("none_found"))


def rule(ctx: SiteContext, f: Figures) -> Markup:
    t = ctx.settings.policy.tiers
    return html.para(
        ctx.words(
            "tier_rule",
            year=ctx.metrics["current_year"],
            **{k: f.money(v) for k, v in t.items()},
        ),
        cls="kam-note",
    )


def body(ctx: SiteContext) -> str:
    w = ctx.words
    f = Figures(ctx)
    return html.join(
        html.block(rule(ctx, f), rollup(ctx, f)),
        html.block(revenue_chart(ctx, f)),
        market.section(ctx, f),
        html.heading(w("h_coverage"), "coverage"),
        html.block(html.para(w("coverage_note"), cls="kam-note"), violations(ctx, f)),
        html.heading(w("h_disagreements"), "disagreements"),
        html.block(html.para(w("disagreements_note"), cls="kam-note"), disagreements(ctx, f)),
        loyalty.by_tier(ctx, f),
    )
