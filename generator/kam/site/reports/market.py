"""The key-account market on the tiers page: how much of our revenue the big customers bring, and how much of
their category spend we hold."""

from __future__ import annotations

from ..context import SiteContext
from . import html
from .common import Figures, headline_figures


def section(ctx: SiteContext, f: Figures) -> str:
    w = ctx.words
    k = ctx.metrics["key_market"]
    note = w("key_market_note", threshold=f.money(k["threshold"]), year=k["year"])
    figures = headline_figures(
        ctx,
        [
            (
                "key_market_accounts",
                w("k_key_market_accounts"),
                f.n(k["accounts"]),
                w("k_of_accounts", n=k["customers"]),
            ),
            (
                "key_market_share",
                w("k_key_market_share", year=k["year"]),
                f.pct(k["revenue_share"]),
                f.money(k["revenue"]),
            ),
            (
                "key_market_wallet",
                w("k_key_market_wallet"),
                f.pct(k["share_of_wallet"]),
                w("k_of_spend", value=f.money(k["potential"])),
            ),
            ("key_market_headroom", w("k_key_market_headroom"), f.money(k["headroom"])),
        ],
    )
    rows = [
        [
            html.account_link(ctx, "tiers.md", r["account"], r["name"]),
            f.lab("tier", r["tier"]),
            f.money(r["revenue"]),
            f.money(r["potential"]),
            f.pct(r["share"]),
        ]
        for r in k["list"]
    ]
    cols = [w("f_name"), w("f_tier"), w("k_revenue", year=k["year"]), w("f_potential"), w("f_share")]
    table = html.table(cols, rows, numeric=(2, 3, 4), empty=w("none_found"))
    return html.join(
        html.heading(w("h_key_market"), "key-market"), html.block(html.para(note, cls="kam-note"), figures, table)
    )
