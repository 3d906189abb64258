"""portfolio.md: the attack/defend matrix, accounts per posture, resource plan against effort, scorecard."""

from __future__ import annotations

from markupsafe import Markup

from ... import fmt
from ..context import SiteContext
from . import html, specs
from .common import Figures, enum_order

PAGE = "portfolio.md"
DIMENSIONS = ("time", "people", "money")


def matrix_spec(ctx: SiteContext, f: Figures) -> dict:
    w = ctx.words
    m = ctx.metrics
    th = m["posture"]["thresholds"]
    postures = enum_order("posture")
    domain = [f.lab("posture", p) for p in postures]
    values = [
        {
            "name": r["name"],
            "x": float(r["potential"] or 0),
            "y": float(r["share"]) * 100,
            "posture": f.lab("posture", r["posture"]),
        }
        for r in m["posture"]["matrix"]
        if r.get("share") is not None
    ]
    rules = [{"x": float(th["potential_high"])}]
    unit = specs.scale_money(values + rules, ("x",), ctx.lang)
    x_title = specs.unit_title(w("f_potential"), unit, m["base_currency"], ctx.lang)
    y_title = w("f_share") + " (%)"
    share_high = float(th["share_high"]) * 100
    y_max = max([100.0] + [v["y"] for v in values])
    return {
        "width": 560,
        "height": 340,
        "layer": [
            {
                "data": {"values": values},
                "mark": {"type": "point", "filled": True, "size": 90, "opacity": 0.85, "tooltip": False},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", "title": x_title},
                    "y": {
                        "field": "y",
                        "type": "quantitative",
                        "title": y_title,
                        "scale": {"domain": [0, y_max]},
                    },
                    "color": specs.colour("posture", w("f_posture"), domain),
                    "shape": {"field": "posture", "type": "nominal", "sort": domain, "legend": None},
                    "description": {"field": "name"},
                },
            },
            {
                "data": {"values": rules},
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#757575"},
                "encoding": {"x": {"field": "x", "type": "quantitative"}},
            },
            {
                "data": {"values": [{"y": share_high}]},
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#757575"},
                "encoding": {"y": {"field": "y", "type": "quantitative"}},
            },
        ],
    }


def posture_tables(ctx: SiteContext, f: Figures) -> Markup:
    """One table per posture: the matrix's points (potential, share) with links to the accounts."""
    w = ctx.words
    m = ctx.metrics
    by: dict[str, list[dict]] = {}
    for r in m["posture"]["matrix"]:
        by.setdefault(r["posture"], []).append(r)
    parts = []
    cols = [w("f_name"), w("f_tier"), w("f_potential"), w("f_share"), w("k_revenue", year=m["current_year"])]
    for p in enum_order("posture"):
        rows = sorted(by.get(p, []), key=lambda r: (-(r["potential"] or 0), ctx.name_order(r["name"])))
        shown, more = html.top(ctx, PAGE, rows)
        parts.append(
            html.table(
                cols,
                [
                    [
                        html.account_link(ctx, PAGE, r["account"], r["name"]),
                        f.lab("tier", r["tier"]),
                        f.money(r["potential"]),
                        f.pct(r["share"]),
                        f.money(r["revenue"]),
                    ]
                    for r in shown
                ],
                numeric=(2, 3, 4),
                caption=f"{f.lab('posture', p)} · {w('w_stance_' + p)} ({len(rows)})",
                empty=f"{f.lab('posture', p)}: {w('none')}",
                cls=f"kam-posture-table kam-posture--{p}",
            )
            + more
        )
    return Markup("".join(parts))


def summary(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    m = ctx.metrics
    rows = []
    for p in enum_order("posture"):
        r = m["posture"]["by_posture"].get(p)
        if not r:
            continue
        rows.append(
            [f.lab("posture", p), f.n(r["count"]), f.money(r["revenue"]), f.money(r["potential"]), w("w_stance_" + p)]
        )
    cols = [w("f_posture"), w("c_count"), w("k_revenue", year=m["current_year"]), w("f_potential"), w("c_stance")]
    return html.table(cols, rows, numeric=(1, 2, 3))


def allocation(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    m = ctx.metrics
    bp = m["posture"]["by_posture"]
    plan, actual = w("c_plan_share"), w("c_actual_share")
    values, rows = [], []
    # the money rows' amounts in one unit, named beside the dimension (the column also holds days and visits)
    spent = [abs(r["allocation"]["money"]["actual"] or 0) for r in bp.values() if r.get("allocation", {}).get("money")]
    divisor, unit, digits = fmt.money_unit(max(spent, default=0), ctx.lang)
    for d in DIMENSIONS:
        for p in enum_order("posture"):
            a = bp.get(p, {}).get("allocation", {}).get(d)
            if not a:
                continue
            label = f.lab("posture", p)
            dim = w("dim_" + d)
            head = fmt.with_unit(dim, unit, ctx.settings.policy.base_currency, ctx.lang) if d == "money" else dim
            for series, share in ((plan, a.get("plan_share")), (actual, a.get("actual_share"))):
                if share is not None:
                    values.append({"dim": dim, "posture": label, "series": series, "v": round(share * 100, 2)})
            amount = fmt.in_unit(a["actual"] or 0, divisor, digits) if d == "money" else f.n(a["actual"])
            diff = a.get("difference")
            state = "ok" if diff is None or abs(diff) <= 0.05 else ("over" if diff > 0 else "under")
            rows.append(
                [
                    head,
                    label,
                    f.n(a["plan_units"]),
                    f.pct(a["plan_share"]),
                    amount,
                    f.pct(a["actual_share"]),
                    (f.points(diff), "kam-diff kam-diff--" + state),
                ]
            )
    domain = [f.lab("posture", p) for p in enum_order("posture")]
    spec = specs.grouped_bar(
        values, "posture", "series", "v", "", w("c_share_pct"), "", [plan, actual], cat_domain=domain, width=200
    )
    spec = {
        "data": spec.pop("data"),
        "facet": {"field": "dim", "type": "nominal", "title": None, "sort": [w("dim_" + d) for d in DIMENSIONS]},
        "columns": 3,
        "spec": {k: v for k, v in spec.items()},
        "resolve": {"scale": {"y": "shared"}},
    }
    cols = [w("c_dimension"), w("f_posture"), w("c_plan_units"), plan, w("c_actual"), actual, w("c_difference")]
    table = html.table(cols, rows, numeric=(2, 3, 4, 5, 6))
    return specs.figure(spec, table, w("h_allocation"))


def scorecard(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    sc = ctx.metrics["scorecard"]["by_posture"]
    rows = []
    for p in enum_order("posture"):
        r = sc.get(p)
        if not r:
            continue
        rows.append(scorecard_row(f, f.lab("posture", p), r))
    rows.append(scorecard_row(f, w("company"), ctx.metrics["scorecard"]["company"]))
    return scorecard_tables(w, scorecard_columns(w, ctx.metrics["current_year"]), rows)


GROWTH = (1, 2, 3, 7, 11)  # accounts, revenue, growth, new customers, activities: what attack is judged by
QUALITY = (4, 5, 6, 8, 9, 10)  # margin, its change, selling expense, lost customers, satisfaction, DSO: defence


def scorecard_tables(w, columns: list[str], rows: list[list], caption: str | None = None) -> Markup:
    """The scorecard as two tables that fit the page: growth (attack) and quality (defence); the columns
    after the twelfth (team headcount, rep turnover) go with quality; the last row is the company's."""
    parts = []
    for key, idx in (("c_scorecard_growth", GROWTH), ("c_scorecard_quality", QUALITY + tuple(range(12, len(columns))))):
        keep = (0, *idx)
        title = w(key) if caption is None else f"{caption} · {w(key)}"
        parts.append(
            html.table(
                [columns[i] for i in keep],
                [[r[i] for i in keep] for r in rows],
                numeric=range(1, len(keep)),
                caption=title,
                row_classes=[""] * (len(rows) - 1) + ["kam-total"],
            )
        )
    return Markup("".join(str(p) for p in parts))


def scorecard_columns(w, year: int, extra=()) -> list[str]:
    """The scorecard's headers, each figure's year named (revenue of the last complete year, growth on the one before)."""
    return [
        "",
        w("c_accounts"),
        w("k_revenue", year=year),
        w("c_revenue_growth", year=year, prev=year - 1),
        w("f_gross_margin"),
        w("c_gm_change", year=year, prev=year - 1),
        w("c_selling_expense_ratio"),
        w("c_new_customers"),
        w("c_lost_customers"),
        w("f_satisfaction"),
        w("c_dso"),
        w("c_activities_per_account"),
        *extra,
    ]


def scorecard_row(f: Figures, label, r: dict, extra=()) -> list:
    return [
        label,
        f.n(r["accounts"]),
        f.money(r["revenue"]),
        f.signed_pct(r["revenue_growth"]),
        f.pct(r["gross_margin"]),
        f.points(r["gross_margin_change"]),
        f.pct(r["selling_expense_ratio"]),
        f.n(r["new_customers"]),
        f.n(r["lost_customers"]),
        f.score(r["satisfaction"]),
        f.days(round(r["dso"]) if r["dso"] is not None else None),
        f.score(r.get("activities_per_account")),
        *extra,
    ]


def opening_steps(ctx: SiteContext, f: Figures) -> str:
    """Accounts being opened, by the six steps; each step is tied to one of the five purchase factors."""
    w = ctx.words
    o = ctx.metrics.get("opening") or {}
    rows = []
    for step, v in (o.get("by_step") or {}).items():
        names = Markup(f.sep).join(html.account_link(ctx, PAGE, a) for a in v["accounts"])
        rows.append([f.lab("opening_step", step), f.n(v["count"]), names])
    n = o.get("not_set", 0)
    note = w("opening_note", n=n, have="has" if n == 1 else "have")
    return html.join(
        html.para(note, cls="kam-note"),
        html.table([w("f_opening_step"), w("c_count"), w("page_accounts")], rows, numeric=(1,)),
    )


def abandon_elsewhere(ctx: SiteContext, f: Figures) -> Markup:
    """Plans that say abandon outside the low/low quadrant: the computed posture stands, and they are listed."""
    w = ctx.words
    rows = [
        [html.account_link(ctx, PAGE, r["account"], r["name"]), f.lab("posture", r["posture"])]
        for r in ctx.metrics["posture"]["abandon_elsewhere"]
    ]
    return html.table([w("f_name"), w("f_posture")], rows, empty=w("none_found"))


def body(ctx: SiteContext) -> str:
    w = ctx.words
    f = Figures(ctx)
    th = ctx.metrics["posture"]["thresholds"]
    note = w("posture_rule", potential_high=f.money(th["potential_high"]), share_high=f.pct(th["share_high"]))
    matrix = specs.figure(matrix_spec(ctx, f), posture_tables(ctx, f), w("h_matrix"), tooltips=True)
    return html.join(
        html.heading(w("h_matrix"), "matrix"),
        html.block(html.para(note, cls="kam-note"), matrix),
        html.heading(w("h_by_posture"), "postures"),
        html.block(summary(ctx, f)),
        html.heading(w("h_abandon_elsewhere"), "abandon-elsewhere", level=3),
        html.block(html.para(w("abandon_elsewhere_note"), cls="kam-note"), abandon_elsewhere(ctx, f)),
        html.heading(w("h_allocation"), "allocation"),
        html.block(
            html.para(w("allocation_note", days=ctx.metrics["posture"]["effort_window_days"]), cls="kam-note"),
            allocation(ctx, f),
        ),
        html.heading(w("h_scorecard_posture"), "scorecard"),
        html.block(html.bullets([w("scorecard_attack"), w("scorecard_defend")], cls="kam-note"), scorecard(ctx, f)),
        html.heading(w("h_opening_steps"), "opening"),
        html.block(Markup(opening_steps(ctx, f))),
    )
