"""team.md: each rep's load against capacity, pipeline and wins; scorecards; sponsors; the pool; accountability."""

from __future__ import annotations

from markupsafe import Markup

from ... import fmt
from ...labels import accountability_reason
from ..context import SiteContext
from . import html, loyalty, specs
from .common import Figures, enum_order
from .portfolio import scorecard_columns, scorecard_row, scorecard_tables

PAGE = "team.md"


def load_chart(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    reps = [r for r in ctx.metrics["team"]["reps"] if r["accounts"] or r["role"] in ("rep", "inside_sales")]
    reps = [r for r in reps if not r.get("left")]
    values = [
        {"rep": r["name"], "load": r["weighted_accounts"], "capacity": r["capacity"], "min": r["capacity_min"]}
        for r in reps
    ]
    spec = {
        "width": 460,
        "height": {"step": 26},
        "data": {"values": values},
        "encoding": {
            "y": {"field": "rep", "type": "nominal", "title": None, "sort": None, "axis": {"labelLimit": 160}}
        },
        "layer": [
            {
                "mark": {"type": "bar", "color": "#e8eaf6", "tooltip": False},
                "encoding": {"x": {"field": "capacity", "type": "quantitative", "title": w("c_accounts_vs_capacity")}},
            },
            {
                "mark": {"type": "bar", "height": 12, "tooltip": False},
                "encoding": {"x": {"field": "load", "type": "quantitative"}},
            },
            {
                "mark": {"type": "tick", "color": "#c62828", "thickness": 2, "size": 20},
                "encoding": {"x": {"field": "capacity", "type": "quantitative"}},
            },
            {
                "mark": {"type": "tick", "color": "#9e9e9e", "thickness": 1, "size": 20},
                "encoding": {"x": {"field": "min", "type": "quantitative"}},
            },
        ],
    }
    rows = []
    for r in ctx.metrics["team"]["reps"]:
        if r.get("left"):
            load = (w("left_on", date=f.date(r["left"])), "kam-load kam-load--left")
        else:
            load = (f"{f.pct(r['load'])} · {w('load_' + r['status'])}", "kam-load kam-load--" + r["status"])
        rows.append(
            [
                r["name"],
                load,
                fmt.number(r["weighted_accounts"], digits=1),
                f"{r['capacity_min']}–{r['capacity']}" if r["capacity_min"] is not None else f"≤ {r['capacity']}",
                f.n(r["accounts"]),
                f.n(r["key_accounts"]),
                f.n(r["open_count"]),
                f.money(r["open_amount"]),
                f.money(r["weighted"]),
                f.money(r["won_this_year"]),
                f.team(r.get("team")),
            ]
        )
    # the load against capacity first: who is over or under is what this table decides
    cols = [
        w("f_owner"),
        w("c_load"),
        w("c_weighted_load"),
        w("c_capacity"),
        w("c_accounts"),
        w("k_key_accounts"),
        w("c_open_deals"),
        w("f_open_pipeline"),
        w("f_weighted"),
        w("won_in_year", year=ctx.settings.report_date().year),
        w("f_team"),
    ]
    table = html.table(cols, rows, numeric=range(1, 10), caption=w("chart_table"))
    return specs.figure(spec, table, w("h_load"))


def load_note(ctx: SiteContext, f: Figures) -> str:
    """How load is counted: the tier weights of the policy, written out."""
    weights = ctx.settings.policy.load_weights
    parts = [f"{f.lab('tier', t)} {weights[t]:g}" for t in enum_order("tier")]
    w = ctx.words
    return w("load_note", weights=f.sep.join(parts))


def scorecards(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    sc = ctx.metrics["scorecard"]
    year = ctx.metrics["current_year"]
    company = sc["company"]
    teams = scorecard_tables(
        w,
        scorecard_columns(w, year, (w("c_headcount"), w("c_rep_turnover"))),
        [
            scorecard_row(f, f.team(t), r, (f.n(r.get("headcount")), f.pct(r.get("rep_turnover"))))
            for t, r in sorted(sc["by_team"].items(), key=lambda kv: -kv[1]["revenue"])
        ]
        + [
            scorecard_row(f, w("company"), company, (f.n(company.get("headcount")), f.pct(company.get("rep_turnover"))))
        ],
        caption=w("c_by_team"),
    )
    reps = scorecard_tables(
        w,
        scorecard_columns(w, year),
        [scorecard_row(f, f.person(p), r) for p, r in sorted(sc["by_rep"].items(), key=lambda kv: -kv[1]["revenue"])]
        + [scorecard_row(f, w("company"), company)],
        caption=w("c_by_rep"),
    )
    return Markup(str(teams) + str(reps))


def sponsors(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    rows = []
    for s in ctx.metrics["team"]["sponsors"]:
        accs = Markup(f.sep).join(html.account_link(ctx, PAGE, a) for a in s["accounts"])
        rows.append([s["name"], f.n(len(s["accounts"])), accs, f.money(s["revenue"]), f.money(s["open_amount"])])
    year = ctx.metrics["current_year"]
    cols = [w("f_sponsor"), w("c_accounts"), w("c_account_list"), w("k_revenue", year=year), w("f_open_pipeline")]
    return html.table(cols, rows, numeric=(1, 3, 4), empty=w("none_found"))


def pool(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    rows = [
        [
            html.account_link(ctx, PAGE, p["account"], p["name"]),
            f.lab("tier", p["tier"]),
            f.lab("posture", p["posture"]),
            f.money(p["potential"]),
        ]
        for p in ctx.metrics["team"]["pool"]
    ]
    return html.table(
        [w("f_name"), w("f_tier"), w("f_posture"), w("f_potential")], rows, numeric=(3,), empty=w("none_found")
    )


def accountability(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    rows = [
        [
            html.account_link(ctx, PAGE, a["account"], a["name"]),
            f.person(a["owner"]),
            f.lab("tier", a["tier"]),
            f.date(a["last_activity"]) or w("never"),
            f.sep.join(accountability_reason(r, ctx.lang) for r in a["reasons"]),
        ]
        for a in ctx.metrics["team"]["accountability"]
    ]
    cols = [w("f_name"), w("f_owner"), w("f_tier"), w("f_last_activity"), w("f_reason")]
    return html.table(cols, rows, empty=w("none_found"), cls="kam-accountability")


def body(ctx: SiteContext) -> str:
    w = ctx.words
    f = Figures(ctx)
    t = ctx.metrics["team"]
    return html.join(
        html.heading(w("h_load"), "load"),
        html.block(html.para(load_note(ctx, f), cls="kam-note"), load_chart(ctx, f)),
        html.heading(w("h_accountability"), "accountability"),
        html.block(
            html.para(w("accountability_note", days=t["review_cycle_days"]), cls="kam-note"), accountability(ctx, f)
        ),
        html.heading(w("h_scorecard_team"), "scorecard"),
        html.block(scorecards(ctx, f)),
        html.heading(w("h_sponsors"), "sponsors"),
        html.block(sponsors(ctx, f)),
        html.heading(w("h_pool"), "pool"),
        html.block(html.para(w("pool_note"), cls="kam-note"), pool(ctx, f)),
        loyalty.by_rep(ctx, f),
    )
