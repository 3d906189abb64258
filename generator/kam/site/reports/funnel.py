"""funnel.md: the stage funnel, conversion and cycle, pipeline by group, the monthly forecast, problem deals."""

from __future__ import annotations

from markupsafe import Markup

from .. import charts
from ..context import SiteContext
from . import html, specs
from .common import Figures, enum_order, sort_by_enum
from .dashboard import fmt_prob, funnel_chart

PAGE = "funnel.md"
CATEGORIES = ("commit", "best_case", "pipeline")
QUESTIONS = ("real", "compete", "win", "worth")


def stages_table(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    by = ctx.metrics["pipeline"]["by_stage"]
    rows = [
        [
            f.lab("stage", s),
            f.n(r["count"]),
            f.money(r["amount"]),
            fmt_prob(r.get("probability")),
            f.money(r["weighted"]),
        ]
        for s in enum_order("stage")
        if (r := by.get(s))
    ]
    # the stage's default: a deal's own probability (an override) counts in its weighted amount
    cols = [w("f_stage"), w("c_count"), w("f_amount"), w("c_stage_probability"), w("f_weighted")]
    return html.table(cols, rows, numeric=(1, 2, 3, 4), caption=w("c_all_stages"))


def performance(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    p = ctx.metrics["pipeline"]
    kp = html.pairs(
        [
            (w("c_win_rate"), f.pct(p["win_rate"])),
            (w("c_win_rate_amount"), f.pct(p["win_rate_amount"])),
            (w("c_avg_deal"), f.money(p["average_deal_size"])),
            (w("c_sales_cycle"), f.days(round(p["sales_cycle_days"])) if p["sales_cycle_days"] is not None else ""),
        ]
    )
    conv = html.table(
        [w("c_from"), w("c_to"), w("c_reached_from"), w("c_reached_to"), w("c_conversion")],
        [
            [
                f.lab("stage", c["from"]),
                f.lab("stage", c["to"]),
                f.n(c["reached_from"]),
                f.n(c["reached_to"]),
                f.pct(c["rate"]),
            ]
            for c in p["conversion"]
        ],
        numeric=(2, 3, 4),
        caption=w("h_conversion"),
    )
    tis = html.table(
        [w("f_stage"), w("c_deals"), w("c_mean_days"), w("c_median_days")],
        [
            [
                f.lab("stage", s),
                f.n(r["deals"]),
                f.days(round(r["mean_days"], 1)) if r["mean_days"] is not None else "",
                f.days(r["median_days"]),
            ]
            for s, r in p["time_in_stage"].items()
        ],
        numeric=(1, 2, 3),
        caption=w("h_time_in_stage"),
    )
    return Markup(str(kp)) + html.grid(conv, tis)


def by_group(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    p = ctx.metrics["pipeline"]
    cols3 = [w("c_count"), w("f_amount"), w("f_weighted")]

    def tbl(title, head, data: dict, label, keys=None):
        keys = keys if keys is not None else sorted(data, key=lambda k: -data[k]["amount"])
        rows = [
            [label(k), f.n(data[k]["count"]), f.money(data[k]["amount"]), f.money(data[k]["weighted"])] for k in keys
        ]
        return html.table([head, *cols3], rows, numeric=(1, 2, 3), caption=title)

    return html.grid(
        tbl(w("c_by_rep"), w("f_owner"), p["by_rep"], f.person),
        tbl(w("c_by_team"), w("f_team"), p["by_team"], f.team),
        tbl(w("c_by_tier"), w("f_tier"), p["by_tier"], lambda k: f.lab("tier", k), sort_by_enum(p["by_tier"], "tier")),
        tbl(
            w("c_by_posture"),
            w("f_posture"),
            p["by_posture"],
            lambda k: f.lab("posture", k),
            sort_by_enum(p["by_posture"], "posture"),
        ),
    )


def forecast_chart(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    fc = ctx.metrics["forecast"]
    months = fc["months"]
    values = []
    for mo in months:
        for c in CATEGORIES:
            v = mo["by_category"].get(c, {}).get("weighted", 0.0)
            values.append({"month": mo["period"], "cat": f.lab("forecast", c), "v": float(v)})
    unit = specs.scale_money(values, ("v",), ctx.lang)
    spec = specs.stacked_bar(
        values,
        "month",
        "cat",
        "v",
        w("c_close_month"),
        specs.unit_title(w("f_weighted"), unit, ctx.metrics["base_currency"], ctx.lang),
        w("f_forecast"),
        [f.lab("forecast", c) for c in CATEGORIES],
    )
    cols = [w("c_period"), w("c_count"), w("f_amount"), w("f_weighted")] + [
        f.lab("forecast", c) + " · " + w("f_weighted") for c in CATEGORIES
    ]
    rows = [period_row(f, mo) for mo in months]
    return charts.chart(spec, rows, cols, title=w("h_forecast"), caption=w("chart_table"), client=ctx.charts_in_browser)


def period_row(f: Figures, mo: dict) -> list:
    return [mo["period"], f.n(mo["count"]), f.money(mo["amount"]), f.money(mo["weighted"])] + [
        f.money(mo["by_category"].get(c, {}).get("weighted", 0.0)) for c in CATEGORIES
    ]


def forecast_tables(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    fc = ctx.metrics["forecast"]
    cols = [w("c_period"), w("c_count"), w("f_amount"), w("f_weighted")] + [
        f.lab("forecast", c) + " · " + w("f_weighted") for c in CATEGORIES
    ]
    quarters = html.table(
        cols, [period_row(f, q) for q in fc["quarters"]], numeric=range(1, 7), caption=w("h_quarters")
    )
    cats = html.table(
        [w("f_forecast"), w("c_count"), w("f_amount"), w("f_weighted")],
        [
            [f.lab("forecast", c), f.n(r["count"]), f.money(r["amount"]), f.money(r["weighted"])]
            for c in enum_order("forecast")
            if (r := fc["by_category"].get(c))
        ],
        numeric=(1, 2, 3),
        caption=w("h_categories"),
    )
    months = [mo["period"] for mo in fc["months"]]

    def by_name(keys, label) -> list:
        """The reps (teams) in the order of their names as shown: by pinyin in Chinese."""
        return sorted(keys, key=lambda k: ctx.name_order(label(k)))

    def matrix(title, head, data: dict, label, keys):
        """Weighted forecast by month; the total of the months second, so the later months need no scrolling."""
        rows, sums = [], [0.0] * len(months)
        for k in keys:
            by_month = [data[k].get(mo, {}).get("weighted") for mo in months]
            sums = [a + (v or 0) for a, v in zip(sums, by_month, strict=True)]
            rows.append([label(k), f.money(sum(v or 0 for v in by_month))] + [f.money(v) for v in by_month])
        rows.append([w("c_total"), f.money(sum(sums))] + [f.money(v) for v in sums])
        classes = [""] * (len(rows) - 1) + ["kam-total"]
        return html.table([head, w("c_total"), *months], rows, caption=title, row_classes=classes)

    return Markup(str(quarters) + str(cats)) + Markup(
        str(matrix(w("c_weighted_by_rep"), w("f_owner"), fc["by_rep"], f.person, by_name(fc["by_rep"], f.person)))
        + str(matrix(w("c_weighted_by_team"), w("f_team"), fc["by_team"], f.team, by_name(fc["by_team"], f.team)))
        + str(
            matrix(
                w("c_weighted_by_tier"),
                w("f_tier"),
                fc["by_tier"],
                lambda k: f.lab("tier", k),
                sort_by_enum(fc["by_tier"], "tier"),
            )
        )
    )


def past_due(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    rows = [
        [
            html.account_link(ctx, PAGE, d["account"]),
            d["name"],
            f.lab("stage", d["stage"]),
            f.money(d["amount"]),
            f.date(d["close"]),
            f.days(d["days_past"]),
            f.person(d["owner"]),
        ]
        for d in sorted(ctx.metrics["forecast"]["past_due"], key=lambda d: -d["days_past"])
    ]
    cols = [w("f_name"), w("f_opportunity"), w("f_stage"), w("f_amount"), w("f_close"), w("c_days_past"), w("f_owner")]
    return html.table(cols, rows, numeric=(3, 5), empty=w("none_found"))


def qualification(ctx: SiteContext, f: Figures) -> Markup:
    """Deals failing a qualification question: the failing questions first (the others are answered yes)."""
    w = ctx.words
    rows = []
    for g in ctx.metrics["qualification"]["gaps"]:
        problems = [w("q_" + q) + " " + w("q_negative") for q in g["negative"]]
        problems += [w("q_" + q) + " " + w("q_missing") for q in g["missing"]]
        rows.append(
            [
                html.account_link(ctx, PAGE, g["account"]),
                g["name"],
                (f.sep.join(problems), "kam-q--no" if g["negative"] else "kam-q--open"),
                f.money(g["amount"]),
                f.lab("stage", g["stage"]),
                f.person(g["owner"]),
            ]
        )
    cols = [w("f_name"), w("f_opportunity"), w("c_problem"), w("f_amount"), w("f_stage"), w("f_owner")]
    return html.table(cols, rows, empty=w("none_found"))


def stalled(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    pr = ctx.metrics["progress"]
    rows = []
    for s in ctx.metrics["progress"]["stalled"]:
        reasons = []
        for r in s["reasons"]:
            if r == "continuations":
                reasons.append(w("stalled_continuations", n=len(s["recent_outcomes"]) or pr["meetings"]))
            elif r == "no_activity":
                reasons.append(w("stalled_no_activity", days=s["days_idle"], limit=pr["days"]))
            else:
                reasons.append(r)
        rows.append(
            [
                html.account_link(ctx, PAGE, s["account"]),
                s["name"],
                f.lab("stage", s["stage"]),
                f.money(s["amount"]),
                f.person(s["owner"]),
                f.sep.join(reasons),
                f.date(s["last_activity"]) or w("never"),
            ]
        )
    cols = [
        w("f_name"),
        w("f_opportunity"),
        w("f_stage"),
        w("f_amount"),
        w("f_owner"),
        w("f_reason"),
        w("f_last_activity"),
    ]
    return html.table(cols, rows, numeric=(3,), empty=w("none_found"), cls="kam-wide")


def body(ctx: SiteContext) -> str:
    w = ctx.words
    f = Figures(ctx)
    m = ctx.metrics
    pr = m["progress"]
    return html.join(
        html.heading(w("h_stages"), "stages"),
        html.block(
            html.pairs(
                [
                    (w("c_open_deals"), f.n(m["pipeline"]["open_count"])),
                    (w("f_open_pipeline"), f.money(m["pipeline"]["open_amount"])),
                    (w("f_weighted"), f.money(m["pipeline"]["weighted_amount"])),
                ]
            ),
            funnel_chart(ctx, f),
            stages_table(ctx, f),
        ),
        html.heading(w("h_performance"), "performance"),
        html.block(performance(ctx, f)),
        html.heading(w("h_pipeline_groups"), "groups"),
        html.block(by_group(ctx, f)),
        html.heading(w("h_forecast"), "forecast"),
        html.block(html.para(w("forecast_note"), cls="kam-note"), forecast_chart(ctx, f), forecast_tables(ctx, f)),
        html.heading(w("h_past_due"), "past-due"),
        html.block(past_due(ctx, f)),
        html.heading(w("h_qualification"), "qualification"),
        html.block(
            html.para(w("qualification_note", checked=m["qualification"]["checked"]), cls="kam-note"),
            qualification(ctx, f),
        ),
        html.heading(w("h_stalled"), "stalled"),
        html.block(
            html.para(w("stalled_note", meetings=pr["meetings"], days=pr["days"]), cls="kam-note"), stalled(ctx, f)
        ),
    )
