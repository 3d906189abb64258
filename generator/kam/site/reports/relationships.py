"""relationships.md: 1+2+1 per open key deal, single-threaded accounts, opposing decision makers, contact levels."""

from __future__ import annotations

from markupsafe import Markup

from .. import charts
from ..context import SiteContext
from . import html
from .common import Figures, enum_order

PAGE = "relationships.md"


def coverage(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    rows, classes = [], []
    deals = ctx.metrics["relationships"]["deals"]
    for d in sorted(deals, key=lambda d: (d["covered"], -(d["amount"] or 0))):
        names = {c["id"]: c["name"] for c in ctx.rows("contacts", d["account"])}
        missing = (
            (w("f_covered"), "kam-mark kam-mark--done")
            if d["covered"]
            else (f.sep.join(w("missing_" + x) for x in d["missing"]), "kam-mark kam-mark--overdue")
        )
        rows.append(
            [
                html.account_link(ctx, PAGE, d["account"]),
                d["name"],
                f.money(d["amount"]),
                f.sep.join(names.get(g, g) for g in d["guide"]) or "—",
                f.sep.join(f.lab("role", r) for r in d["supporting_roles"]) or "—",
                f.person(d["owner"]) if d.get("owner") else "—",
                missing,
            ]
        )
        classes.append("kam-ok" if d["covered"] else "kam-gap")
    cols = [
        w("f_name"),
        w("f_opportunity"),
        w("f_amount"),
        w("f_guide"),
        w("f_two_roles"),
        w("f_deal_owner"),
        w("f_missing"),
    ]
    return html.table(cols, rows, numeric=(2,), row_classes=classes, cls="kam-wide", empty=w("none_found"))


def single_threaded(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    rows = [
        [
            html.account_link(ctx, PAGE, s["account"], s["name"]),
            f.lab("tier", s["tier"]),
            f.yes_no(s["key"]),
            f.n(s["contacts"]),
        ]
        for s in sorted(
            ctx.metrics["relationships"]["single_threaded"], key=lambda s: (not s["key"], ctx.name_order(s["name"]))
        )
    ]
    return html.table(
        [w("f_name"), w("f_tier"), w("c_key"), w("c_contacts")], rows, numeric=(3,), empty=w("none_found")
    )


def opposing(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    rows = [
        [
            html.account_link(ctx, PAGE, o["account"], o["name"]),
            o["contact_name"],
            f.lab("level", o.get("level")),
            f.lab("influence", o.get("influence")),
            f.yes_no(o["key"]),
        ]
        for o in sorted(
            ctx.metrics["relationships"]["opposing_decision_makers"],
            key=lambda o: (not o["key"], ctx.name_order(o["name"])),
        )
    ]
    return html.table(
        [w("f_name"), w("f_contact"), w("f_level"), w("f_influence"), w("c_key")], rows, empty=w("none_found")
    )


def levels(ctx: SiteContext, f: Figures) -> Markup:
    w = ctx.words
    rel = ctx.metrics["relationships"]
    lv = enum_order("level")
    totals = rel["contacts_by_level"]
    values = [{"level": f.lab("level", x), "n": totals.get(x, 0)} for x in lv]
    spec = charts.bar(values, "level", "n", w("f_level"), w("c_contacts"), horizontal=True)
    chart = charts.chart(
        spec,
        [[f.lab("level", x), f.n(totals.get(x, 0))] for x in lv],
        [w("f_level"), w("c_contacts")],
        title=w("h_levels"),
        caption=w("chart_table"),
        client=ctx.charts_in_browser,
    )
    key_ids = [a for a, it in ctx.items.items() if it.get("key")]
    by_acc = rel["contacts_by_account_level"]
    rows = []
    for aid in sorted(key_ids, key=lambda a: ctx.name_order(ctx.items[a]["name"])):
        c = by_acc.get(aid, {})
        rows.append(
            [
                html.account_link(ctx, PAGE, aid),
                f.lab("tier", ctx.items[aid].get("tier")),
                *[(f.n(c.get(x, 0)), "kam-zero") if not c.get(x) else f.n(c.get(x, 0)) for x in lv],
            ]
        )
    per_key = html.table(
        [w("f_name"), w("f_tier"), *[f.lab("level", x) for x in lv]],
        rows,
        numeric=(2, 3, 4),
        caption=w("c_key_account_levels"),
        empty=w("none_found"),
    )
    return Markup(str(chart) + str(per_key))


def body(ctx: SiteContext) -> str:
    w = ctx.words
    f = Figures(ctx)
    rel = ctx.metrics["relationships"]
    return html.join(
        html.heading(w("h_121"), "one-two-one"),
        html.block(
            html.para(w("one_two_one_note", covered=rel["deals_covered"], total=len(rel["deals"])), cls="kam-note"),
            coverage(ctx, f),
        ),
        html.heading(w("h_single_threaded"), "single-threaded"),
        html.block(single_threaded(ctx, f)),
        html.heading(w("h_opposing"), "opposing"),
        html.block(opposing(ctx, f)),
        html.heading(w("h_levels"), "levels"),
        html.block(levels(ctx, f)),
    )
