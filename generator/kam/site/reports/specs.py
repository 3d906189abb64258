"""Vega-Lite specs of the report charts, and a figure with a table of its own numbers.

Money axes read in 万/亿 (zh) or K/M/B (en) through ``charts.money_unit``.  Static SVG
has no script, so points get a ``<title>`` (the browser's hover tooltip) from the
mark's description.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from ... import fmt
from .. import charts

# Colours of the categories (posture, forecast category, plan/actual...), in order
PALETTE = ["#3f51b5", "#26a69a", "#ffa726", "#9e9e9e", "#ef5350", "#8d6e63"]
_POINT = re.compile(r'<path aria-label="([^"]*)" role="graphics-symbol"( aria-roledescription="point"[^>]*)/>')


def with_titles(svg: str) -> str:
    """Hover tooltips: each point's description (already escaped by Vega) as its <title>.  Points only: a
    line's description is its first point's, which a hover anywhere along the line showed."""
    return _POINT.sub(r'<path aria-label="\1" role="graphics-symbol"\2><title>\1</title></path>', svg)


def figure(spec: dict, data_html: Markup, title: str, tooltips: bool = False, phone_spec: dict | None = None) -> Markup:
    """A chart (SVG rendered now, as designed and for a phone: charts.drawing) followed by the given
    table(s) of its numbers."""
    body = charts.drawing(spec, phone_spec, post=with_titles if tooltips else None)
    return Markup(
        f'<figure class="kam-chart" role="group" aria-label="{escape(title)}">{body}</figure>'
        f'<div class="kam-chart__data">{data_html}</div>'
    )


def unit_title(title: str, unit: str, currency: str, lang: str) -> str:
    """An axis title with its unit, as a table header has it: 金额（万元）."""
    return fmt.with_unit(title, unit, currency, lang)


def scale_money(values: list[dict], fields: tuple[str, ...], lang: str) -> str:
    """Divide the money fields of values in place by a common unit; returns the unit ('万', 'M'...)."""
    largest = max((abs(v[f] or 0) for v in values for f in fields), default=0)
    divisor, unit = charts.money_unit(largest, lang)
    for v in values:
        for f in fields:
            if v[f] is not None:
                v[f] = round(v[f] / divisor, 4)
    return unit


def colour(field: str, title: str, domain: list[str], orient: str = "top") -> dict:
    return {
        "field": field,
        "type": "nominal",
        "title": title,
        "scale": {"domain": domain, "range": PALETTE[: len(domain)]},
        "sort": domain,
        "legend": {"orient": orient, "direction": "horizontal", "labelLimit": 240},
    }


def grouped_bar(
    values: list[dict],
    category: str,
    series: str,
    amount: str,
    cat_title: str,
    amount_title: str,
    series_title: str,
    series_domain: list[str],
    *,
    cat_domain: list[str] | None = None,
    fmt: str | None = None,
    horizontal: bool = True,
    width: int = 460,
) -> dict:
    """Bars of several series side by side per category (yOffset/xOffset).  The step is the whole group's
    (`for: position`): a bare step is each bar's, which drew bars of 32 px, a group of two 80 px tall."""
    cat = {
        "field": category,
        "type": "nominal",
        "title": cat_title,
        "sort": cat_domain,
        "axis": {"labelAngle": 0, "labelLimit": 200},
    }
    num: dict[str, object] = {"field": amount, "type": "quantitative", "title": amount_title}
    if fmt:
        num["axis"] = {"format": fmt}
    off = {"field": series, "type": "nominal", "sort": series_domain, "scale": {"domain": series_domain}}
    enc = {"color": colour(series, series_title, series_domain)}
    if horizontal:
        enc.update(y=cat, x=num, yOffset=off)
        size = {"width": width, "height": {"step": 12 * len(series_domain) + 8, "for": "position"}}
    else:
        enc.update(x=cat, y=num, xOffset=off)
        size = {"width": {"step": 18 * len(series_domain) + 14, "for": "position"}, "height": 220}
    return {**size, "data": {"values": values}, "mark": {"type": "bar", "tooltip": False}, "encoding": enc}


def stacked_bar(
    values: list[dict],
    category: str,
    series: str,
    amount: str,
    cat_title: str,
    amount_title: str,
    series_title: str,
    series_domain: list[str],
) -> dict:
    """Vertical bars per category (months), stacked by series in the given order."""
    order = {s: i for i, s in enumerate(series_domain)}
    for v in values:
        v["_order"] = order.get(v[series], 99)
    return {
        "width": {"step": 44},
        "height": 240,
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": False},
        "encoding": {
            "x": {"field": category, "type": "ordinal", "title": cat_title, "axis": {"labelAngle": 0}},
            "y": {"field": amount, "type": "quantitative", "title": amount_title, "stack": "zero"},
            "color": colour(series, series_title, series_domain),
            "order": {"field": "_order", "type": "quantitative"},
        },
    }
