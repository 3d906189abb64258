"""pareto.md: the Pareto curve (cumulative revenue share against cumulative account share) and the ranking."""

from __future__ import annotations

from markupsafe import Markup

from .. import charts
from ..context import SiteContext
from . import html, specs
from .common import Figures, enum_order, headline_figures

PAGE = "pareto.md"


def curve_spec(ctx: SiteContext, f: Figures, phone: bool = False) -> dict:
    """The curve, with the top 20% and the 80% of revenue marked.  phone=True: the top-20% label at the foot of
    its line (at the top it crosses the curve, which rises steeply over a narrow plot)."""
    w = ctx.words
    p = ctx.metrics["pareto"]
    pts = [{"x": 0.0, "y": 0.0, "name": ""}] + [
        {
            "x": round(r["cumulative_accounts_share"] * 100, 3),
            "y": round(r["cumulative_share"] * 100, 3),
            "name": f"{r['rank']}. {r['name']}",
        }
        for r in p["curve"]
    ]
    x_title = w("c_cum_accounts") + " (%)"
    y_title = w("c_cum_revenue") + " (%)"
    marks = [{"x": 20.0, "label": w("mark_top20", share=f.pct(p["top20_share"]))}]
    return {
        "width": 520,
        "height": 320,
        "layer": [
            {
                "data": {"values": pts},
                "mark": {"type": "line", "point": False, "interpolate": "linear"},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", "title": x_title, "scale": {"domain": [0, 100]}},
                    "y": {"field": "y", "type": "quantitative", "title": y_title, "scale": {"domain": [0, 100]}},
                },
            },
            {
                "data": {"values": pts[1:]},
                "mark": {"type": "point", "filled": True, "size": 36, "tooltip": False},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative"},
                    "y": {"field": "y", "type": "quantitative"},
                    "description": {"field": "name"},
                },
            },
            {
                "data": {"values": marks},
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#e65100"},
                "encoding": {"x": {"field": "x", "type": "quantitative"}},
            },
            {
                "data": {"values": marks},
                "mark": {"type": "text", "align": "left", "dx": 4, "dy": -6, "color": "#e65100", "fontSize": 11},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative"},
                    "y": {"value": "height"} if phone else {"value": 12},
                    "text": {"field": "label"},
                },
            },
            {
                "data": {"values": [{"y": 80.0, "label": w("mark_80", n=p["accounts_for_80"])}]},
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#2e7d32"},
                "encoding": {"y": {"field": "y", "type": "quantitative"}},
            },
            {
                "data": {"values": [{"y": 80.0, "label": w("mark_80", n=p["accounts_for_80"])}]},
                "mark": {"type": "text", "align": "right", "dx": -4, "dy": 12, "color": "#2e7d32", "fontSize": 11},
                "encoding": {
                    "y": {"field": "y", "type": "quantitative"},
                    "x": {"value": "width"},
                    "text": {"field": "label"},
                },
            },
        ],
    }


def ranking(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    p = ctx.metrics["pareto"]
    rows, classes = [], []
    for r in p["curve"]:
        rows.append(
            [
                f.n(r["rank"]),
                html.account_link(ctx, PAGE, r["account"], r["name"]),
                f.money(r["revenue"]),
                f.pct(r["share"]),
                f.pct(r["cumulative_share"]),
                f.pct(r["cumulative_accounts_share"]),
                (w("top20"), "kam-mark kam-mark--done") if r["top20"] else "",
            ]
        )
        classes.append("kam-top20" if r["top20"] else "")
    cols = [
        w("c_rank"),
        w("f_name"),
        w("k_revenue", year=p["year"]),
        w("c_revenue_share"),
        w("c_cum_revenue"),
        w("c_cum_accounts"),
        w("top20"),
    ]
    rows, more = html.top(ctx, PAGE, rows)
    table = html.table(cols, rows, numeric=(0, 2, 3, 4, 5), row_classes=classes[: len(rows)], caption=w("chart_table"))
    return table + more


def pyramid(ctx: SiteContext, f: Figures) -> Markup:
    """The inverted pyramid: each group's share of the effort (time, people, money) beside its share of revenue."""
    w = ctx.words
    py = ctx.metrics["pyramid"]
    top = py["top20"]
    target = f.pct(py["target"], digits=0)
    figures = headline_figures(
        ctx,
        [
            ("top20_" + u, w("k_top20_" + u), f.pct(top[u + "_share"]), w("c_target_rate", target=target))
            for u in ("time", "people", "money")
        ]
        + [
            (
                "top20_share",
                w("k_top20_share"),
                f.pct(top["revenue_share"]),
                w("k_top20_note", n=top["accounts"], value=f.money(top["revenue"])),
            )
        ],
    )

    def row(name, g: dict) -> list:
        return [name, f.n(g["accounts"]), f.pct(g["accounts_share"]), f.pct(g["revenue_share"])] + [
            f.pct(g[u + "_share"]) for u in ("time", "people", "money")
        ]

    rows = [row(w("c_top20_group"), top), row(w("c_rest_group"), py["rest"])]
    rows += [row(f.lab("tier", t), py["by_tier"][t]) for t in enum_order("tier")]
    cols = [
        w("c_group"),
        w("c_accounts"),
        w("c_accounts_share"),
        w("k_revenue_share_year", year=py["year"]),
        w("c_time_share"),
        w("c_people_share"),
        w("c_money_share", year=py["year"]),
    ]
    note = w("pyramid_note", days=py["effort_window_days"], year=py["year"], target=target)
    return Markup(
        str(html.para(note, cls="kam-note")) + str(figures) + str(html.table(cols, rows, numeric=range(1, 7)))
    )


def body(ctx: SiteContext) -> str:
    w = ctx.words
    f = Figures(ctx)
    p = ctx.metrics["pareto"]
    figures = headline_figures(
        ctx,
        [
            (
                "customer_revenue",
                w("k_revenue", year=p["year"]),
                f.money(p["total_revenue"]),
                w("k_accounts_n", n=p["accounts"]),
            ),
            (
                "top20_share",
                w("k_top20_share"),
                f.pct(p["top20_share"]),
                w("k_top20_note", n=p["top20_count"], value=f.money(p["top20_revenue"])),
            ),
            ("accounts_for_80", w("k_accounts_for_80"), f.n(p["accounts_for_80"]), w("k_of_accounts", n=p["accounts"])),
            ("ties_at_cut", w("k_ties"), f.n(p["ties_at_cut"]), w("k_ties_note")),
        ],
    )
    advice = (
        html.admonition(
            "tip", w("key_team_title"), w("key_team_advice", n=p["key_accounts"], threshold=p["key_team_threshold"])
        )
        if p.get("key_team_advised")
        else html.para(w("key_team_not_yet", n=p["key_accounts"], threshold=p["key_team_threshold"]), cls="kam-note")
    )
    chart = (
        specs.figure(
            curve_spec(ctx, f),
            ranking(ctx, f),
            w("h_pareto_curve"),
            tooltips=True,
            phone_spec=charts.phone(curve_spec(ctx, f, phone=True)),
        )
        if p["curve"] and p["total_revenue"] > 0  # no revenue yet: no curve to draw
        else ""
    )
    return html.join(
        html.block(html.para(w("pareto_note"), cls="kam-note"), figures, advice),
        html.heading(w("h_pareto_curve"), "curve"),
        html.block(chart or html.para(w("none"))),
        html.heading(w("h_pyramid"), "pyramid"),
        html.block(pyramid(ctx, f)),
    )
