"""credit.md: aging, DSO, over-limit accounts, the cost of overdue receivables, write-offs."""

from __future__ import annotations

from markupsafe import Markup

from ... import fmt
from .. import charts
from ..context import SiteContext
from . import html, specs
from .common import Figures, headline_figures, sort_by_enum
from .loyalty import review_due

PAGE = "credit.md"
BUCKETS = ("current", "1_30", "31_60", "61_90", "over_90")


def aging_chart(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    aging = ctx.metrics["credit"]["aging"]
    total = aging["total"] or 0
    values = [{"bucket": w("bucket_" + b), "v": float(aging[b])} for b in BUCKETS]
    unit = specs.scale_money(values, ("v",), ctx.lang)
    spec = charts.bar(
        values,
        "bucket",
        "v",
        w("f_bucket"),
        specs.unit_title(w("f_amount"), unit, ctx.metrics["base_currency"], ctx.lang),
        width=520,
    )
    spec["encoding"]["color"] = {
        "field": "bucket",
        "type": "nominal",
        "legend": None,
        "sort": None,
        "scale": {
            "domain": [w("bucket_" + b) for b in BUCKETS],
            "range": ["#66bb6a", "#ffca28", "#ffa726", "#f4511e", "#b71c1c"],
        },
    }
    rows = [[w("bucket_" + b), f.money(aging[b]), f.pct(aging[b] / total) if total else ""] for b in BUCKETS]
    rows.append([w("c_total"), f.money(aging["total"]), f.pct(1.0) if total else ""])
    return charts.chart(
        spec,
        rows,
        [w("f_bucket"), w("f_amount"), w("c_share_of_open")],
        title=w("h_aging"),
        caption=w("chart_table"),
        client=ctx.charts_in_browser,
    )


OVERDUE_BUCKETS = BUCKETS[1:]


def aging_row(f: Figures, label, a: dict, extra=()) -> list:
    """The overdue amount first (what a leader acts on), then its buckets, the total and DSO.

    The amount not yet due is the total less the overdue (in the aging chart above)."""
    return [
        label,
        f.money(a.get("overdue")),
        *extra,
        *[f.money(a.get(b)) for b in OVERDUE_BUCKETS],
        f.money(a.get("total")),
        f.days(round(a["dso"])) if a.get("dso") is not None else "",
    ]


def aging_columns(w, first: str, extra=()) -> list[str]:
    return [first, w("c_overdue"), *extra, *[w("bucket_" + b) for b in OVERDUE_BUCKETS], w("c_total"), w("c_dso")]


def by_account(ctx: SiteContext, f: Figures) -> Markup:
    """Accounts with open receivables, the most overdue first; over the limit marked (amounts below)."""
    w = ctx.words
    rows, classes = [], []
    accounts = sorted(ctx.metrics["credit"]["by_account"], key=lambda a: (-a["aging"]["overdue"], -a["aging"]["total"]))
    for a in accounts:
        if not a["aging"]["total"]:
            continue
        ag = dict(a["aging"], dso=a.get("dso"))
        over = (w("yes"), "kam-mark kam-mark--overdue") if a["over_limit"] else ""
        row = aging_row(f, html.account_link(ctx, PAGE, a["account"], a["name"]), ag, (over,))
        rows.append([*row, f.person(a["owner"])])
        classes.append("kam-over-limit" if a["over_limit"] else "")
    cols = [*aging_columns(w, w("f_name"), (w("c_over_limit"),)), w("f_owner")]
    rows, more = html.top(ctx, PAGE, rows)
    table = html.table(
        cols,
        rows,
        numeric=range(1, 9),
        row_classes=classes[: len(rows)],
        caption=w("c_by_account"),
        empty=w("none_found"),
    )
    return table + more


def by_group(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    c = ctx.metrics["credit"]
    rows = [aging_row(f, f.person(p), a) for p, a in sorted(c["by_rep"].items(), key=lambda kv: -kv[1]["overdue"])]
    company = dict(c["aging"], dso=c.get("dso"))
    rows.append(aging_row(f, w("c_total"), company))
    reps = html.table(
        aging_columns(w, w("f_owner")),
        rows,
        numeric=range(1, 8),
        caption=w("c_by_rep"),
        row_classes=[""] * (len(rows) - 1) + ["kam-total"],
    )
    tiers = html.table(
        aging_columns(w, w("f_tier")),
        [aging_row(f, f.lab("tier", t), c["by_tier"][t]) for t in sort_by_enum(c["by_tier"], "tier")],
        numeric=range(1, 8),
        caption=w("c_by_tier"),
    )
    return Markup(str(reps) + str(tiers))


def over_limit(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    rows = [
        [
            html.account_link(ctx, PAGE, o["account"], o["name"]),
            f.person(o["owner"]),
            o.get("rating") or "",
            f.money(o["limit"]),
            f.money(o["exposure"]),
            f.money(o["excess"]),
        ]
        for o in ctx.metrics["credit"]["over_limit"]
    ]
    cols = [w("f_name"), w("f_owner"), w("f_credit_rating"), w("f_credit_limit"), w("c_exposure"), w("c_excess")]
    return html.table(cols, rows, numeric=(3, 4, 5), empty=w("none_found"))


def overdue(ctx: SiteContext, f: Figures) -> Markup:
    """Overdue invoices, longest overdue first: how much of the sale's profit the wait has eaten, and when
    it is gone, before the amounts (the due date and the profit itself are left to the account page)."""
    w = ctx.words
    rows = []
    for r in sorted(ctx.metrics["credit"]["overdue"], key=lambda r: -r["days_overdue"]):
        cur = r.get("currency")
        amount = f.money(r["amount"])
        if cur and cur != ctx.metrics["base_currency"] and isinstance(amount, fmt.Amount):
            amount = amount.noted(f" ({fmt.money(r['amount_original'], ctx.lang, currency=cur)})")
        rows.append(
            [
                html.account_link(ctx, PAGE, r["account"]),
                f.days(r["days_overdue"]),
                f.pct(r.get("profit_consumed_share")),
                w("n_months", n=r["months_until_profit_gone"]) if r.get("months_until_profit_gone") is not None else "",
                amount,
                f.money(r.get("financing_cost")),
                fmt_margin(r.get("net_margin")),
                r["invoice"],
            ]
        )
    cols = [
        w("f_name"),
        w("f_days_overdue"),
        w("c_profit_consumed"),
        w("c_months_profit_gone"),
        w("f_amount"),
        w("f_financing_cost"),
        w("f_net_margin"),
        w("f_invoice"),
    ]
    return html.table(cols, rows, numeric=(1, 2, 3, 4, 5, 6), cls="kam-overdue", empty=w("none_found"))


def fmt_margin(m) -> str:
    return "" if m is None else f"{m:g}%"


def write_offs(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    rows = [
        [
            html.account_link(ctx, PAGE, r["account"]),
            r["invoice"],
            f.money(r["amount"]),
            f.date(r.get("written_off")),
            fmt_margin(r.get("net_margin")),
            f.money(r.get("extra_sales_to_recover")),
        ]
        for r in ctx.metrics["credit"]["write_offs"]
    ]
    cols = [w("f_name"), w("f_invoice"), w("f_amount"), w("c_written_off_on"), w("f_net_margin"), w("c_extra_sales")]
    return html.table(cols, rows, numeric=(2, 4, 5), empty=w("none_found"))


def body(ctx: SiteContext) -> str:
    w = ctx.words
    f = Figures(ctx)
    c = ctx.metrics["credit"]
    r = c["borrowing_cost"]
    figures = headline_figures(
        ctx,
        [
            ("open_receivables", w("c_open_receivables"), f.money(c["aging"]["total"])),
            ("overdue_receivables", w("k_overdue_receivables"), f.money(c["aging"]["overdue"])),
            ("dso", w("c_dso"), f.days(round(c["dso"])) if c.get("dso") is not None else ""),
            ("average_days_to_pay", w("c_avg_days_to_pay"), f.days(c.get("average_days_to_pay"))),
            ("borrowing_cost", w("c_borrowing_cost"), fmt_margin(r)),
            ("financing_cost", w("c_financing_cost_total"), f.money(c["overdue_financing_cost"])),
            ("written_off", w("c_written_off"), f.money(c["written_off_amount"])),
        ],
    )
    formulas = html.bullets(
        [
            w("formula_financing", r=fmt_margin(r)),
            w("formula_consumed"),
            w("formula_months"),
            w("formula_bad_debt"),
            w("formula_dso"),
        ],
        cls="kam-formulas",
    )
    return html.join(
        html.block(figures, formulas),
        html.heading(w("h_aging"), "aging"),
        html.block(aging_chart(ctx, f), by_account(ctx, f), by_group(ctx, f)),
        html.heading(w("h_over_limit"), "over-limit"),
        html.block(over_limit(ctx, f)),
        html.heading(w("h_review_due"), "review-due"),
        html.block(
            html.para(w("review_due_note", days=ctx.settings.policy.credit_review_days), cls="kam-note"),
            review_due(ctx, f),
        ),
        html.heading(w("h_overdue"), "overdue"),
        html.block(overdue(ctx, f)),
        html.heading(w("h_write_offs"), "write-offs"),
        html.block(write_offs(ctx, f)),
    )
