"""Charts: Vega-Lite specs rendered offline to inline SVG at build time, each with its numbers in a table.

An SVG drawn at a fixed width is scaled down to fit a narrower column, text and all: a 560 px chart
on a 390 px phone had its labels at 5-8 px.  So each report chart is drawn twice, as designed and
for a phone (``phone``: the whole chart ``NARROW`` px wide, bars across); kam.css shows one of the
two by the screen's width.

``vl_convert.vegalite_to_svg`` needs no network and no browser.  The SVG keeps
its text as ``<text>`` elements (escaped by Vega), drawn by the reader's
browser with the first font of ``FONT`` it has; vl-convert measures the text
with the fonts installed where the site is built (a CJK font such as
fonts-noto-cjk or fonts-wqy-microhei; see tests/install_browser.py).
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache

from markupsafe import Markup, escape

from .. import fmt
from .markup import NUM, nobr_text

# Fonts the reader's browser draws the text with, in order: what Chinese readers' systems have
# (macOS, Windows, Linux), then a generic fallback.
FONT = "PingFang SC, Microsoft YaHei, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif"
# The font vl-convert measures text with.  The generic family resolves to an installed font with
# Han glyphs (same widths as naming the CJK font) and is several times faster than a named family;
# the SVG is then given FONT.
MEASURE_FONT = "sans-serif"
COLOR = "#3f51b5"  # Material's indigo, the theme's primary colour
# The whole width of a chart drawn for a phone (axes, labels and legend included): the text column of a
# 360 px screen, so on 360-430 px phones it is shown at its own size, its labels at 11 px.  kam.css shows
# it below 768 px, where the widest report chart (736 px) would be scaled down.
NARROW = 328

BASE_CONFIG = {
    "font": MEASURE_FONT,
    "background": None,
    "view": {"stroke": None},
    "axis": {"labelFontSize": 11, "titleFontSize": 12, "grid": True, "gridColor": "#e6e6e6"},
    "legend": {"labelFontSize": 11, "titleFontSize": 12},
    "header": {"labelFontSize": 12},
    "bar": {"color": COLOR},
    "line": {"color": COLOR},
    "point": {"color": COLOR},
}

_ID = re.compile(r'\bid="([^"]+)"')


@lru_cache(maxsize=1)
def _vlc():
    import vl_convert

    return vl_convert


def _with_config(spec: dict) -> dict:
    spec = dict(spec)
    spec.setdefault("$schema", "https://vega.github.io/schema/vega-lite/v5.json")
    config = dict(BASE_CONFIG)
    config.update(spec.get("config", {}))
    spec["config"] = config
    return spec


def svg(spec: dict) -> str:
    """The SVG of a Vega-Lite spec, with element ids made unique to this chart (several share a page)."""
    key = json.dumps(_with_config(spec), sort_keys=True, ensure_ascii=False)
    return _svg(key)


@lru_cache(maxsize=4096)
def _svg(key: str) -> str:
    text = _vlc().vegalite_to_svg(json.loads(key))
    text = text.replace(f'font-family="{MEASURE_FONT}"', f'font-family="{FONT}"')
    prefix = "c" + hashlib.sha1(key.encode()).hexdigest()[:8] + "-"
    ids = set(_ID.findall(text))
    for i in sorted(ids, key=len, reverse=True):
        text = text.replace(f'id="{i}"', f'id="{prefix}{i}"').replace(f"url(#{i})", f"url(#{prefix}{i})")
    # drop the XML prolog if any; the SVG is inlined in HTML
    return text[text.index("<svg") :]


def phone(spec: dict) -> dict:
    """The spec of a chart as drawn for a phone: ``NARROW`` px wide in all, labels at their size.

    Vertical bars turn horizontal (categories down the side, where their labels have room), a
    single or layered view is fitted to the width (Vega's autosize ``fit-x``: the plot takes what the
    axes and legend leave), facets stack in one column and legends wrap into two columns."""
    spec = _copied(spec)
    if "facet" in spec:
        spec["columns"] = 1
        inner = spec["spec"]
        if isinstance(inner.get("width"), (int, float)):
            inner["width"] = min(inner["width"], NARROW - 128)  # what the labels on the left leave
        _thin_groups(inner)
        _wrap_legends(inner)
        return spec
    _bars_across(spec)
    _thin_groups(spec)
    spec["width"] = NARROW
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    _wrap_legends(spec)
    return spec


def _copied(v):
    """A spec's own copy, its dicts and lists new (what ``phone`` changes) and its values shared: a spec
    is JSON, so copy.deepcopy's bookkeeping of shared and cyclic parts is not needed (it took four times as
    long on the two thousand charts of a 1,000-account site)."""
    if type(v) is dict:
        return {k: _copied(x) for k, x in v.items()}
    if type(v) is list:
        return [_copied(x) for x in v]
    if type(v) is tuple:
        return tuple(_copied(x) for x in v)
    return v


def _bars_across(spec: dict) -> None:
    """Vertical bars (a category on x) turned horizontal, one band of 24 px per category (or per group)."""
    mark = spec.get("mark")
    enc = spec.get("encoding", {})
    x, y = enc.get("x", {}), enc.get("y", {})
    kind = mark.get("type") if isinstance(mark, dict) else mark
    if kind != "bar" or x.get("type") not in ("nominal", "ordinal") or y.get("type") != "quantitative":
        return
    enc["x"], enc["y"] = y, x
    step = 24
    if "xOffset" in enc:
        enc["yOffset"] = enc.pop("xOffset")
        step = 12 * len(enc["yOffset"].get("scale", {}).get("domain", [1])) + 8
    spec["height"] = {"step": step}


def _thin_groups(spec: dict) -> None:
    """Bars side by side in groups (yOffset): the height's step is the whole group's (Vega-Lite applies a bare
    step to each bar of the group: 32 px bars, a group of two 80 px tall)."""
    height = spec.get("height")
    if "yOffset" in spec.get("encoding", {}) and isinstance(height, dict) and "step" in height:
        spec["height"] = {**height, "for": "position"}


def _wrap_legends(spec: dict) -> None:
    """Every legend of the spec (and its layers) in rows of two entries above the chart."""
    for part in [spec, *spec.get("layer", [])]:
        for channel in part.get("encoding", {}).values():
            if isinstance(channel, dict) and "legend" in channel and channel["legend"] is not None:
                channel["legend"] = {**channel["legend"], "columns": 2, "labelLimit": NARROW // 2 - 30}


def drawing(spec: dict, phone_spec: dict | None = None, post=None) -> str:
    """The chart's SVG as designed and, for a phone, the SVG of `phone_spec` (``phone(spec)`` by default);
    `post` is applied to each SVG (hover titles)."""
    post = post or (lambda text: text)
    wide = post(svg(spec))
    narrow = post(svg(phone_spec if phone_spec is not None else phone(spec)))
    return (
        f'<div class="kam-chart__svg kam-chart__svg--wide">{wide}</div>'
        f'<div class="kam-chart__svg kam-chart__svg--phone">{narrow}</div>'
    )


def table_html(rows: list[list], columns: list[str], caption: str | None = None, numeric=()) -> Markup:
    """A plain HTML table of already formatted cells (strings); every cell is escaped.

    A column of amounts (``fmt.Amount``) reads in one unit named in its header; it and the `numeric`
    columns are right-aligned."""
    columns, rows, amounts, caption = fmt.amount_columns(columns, rows, caption)
    num = set(numeric) | amounts
    cls = [NUM if i in num else "" for i in range(len(columns))]
    out = ["<table>"]
    if caption:
        out.append(f"<caption>{escape(caption)}</caption>")
    out.append(
        "<thead><tr>" + "".join(f"<th{cls[i]}>{nobr_text(c)}</th>" for i, c in enumerate(columns)) + "</tr></thead>"
    )
    out.append("<tbody>")
    for r in rows:
        out.append(
            "<tr>" + "".join(f"<td{cls[i]}>{nobr_text('' if v is None else v)}</td>" for i, v in enumerate(r)) + "</tr>"
        )
    out.append("</tbody></table>")
    return Markup("".join(out))


def embed(spec: dict) -> str:
    """A spec drawn in the reader's browser by the vendored vega-embed bundle (see kam.js).

    Used where one chart per page times thousands of pages would dominate the build
    (account pages); the numbers are in the table beside it either way.
    """
    full = _with_config(spec)
    full["config"]["font"] = FONT
    data = json.dumps(full, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # inside <script>, "</" and "<!--" must not appear: escape every "<" (JSON allows \u003c)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<div class="kam-vega"><script type="application/json">{data}</script></div>'


def chart(
    spec: dict,
    table_rows: list[list],
    columns: list[str],
    title: str | None = None,
    caption: str | None = None,
    client: bool = False,
    phone_spec: dict | None = None,
) -> Markup:
    """A chart and the table of its numbers, as one HTML block (a <figure>).

    Drawn as designed and for a phone (`phone_spec`, by default ``phone(spec)``): client=False as SVG
    rendered now by vl-convert, client=True in the browser.
    """
    label = escape(title or "")
    if client:  # both drawn by kam.js; kam.css shows one, as it does the SVGs
        narrow = phone_spec if phone_spec is not None else phone(spec)
        body = (
            f'<div class="kam-chart__svg kam-chart__svg--wide">{embed(spec)}</div>'
            f'<div class="kam-chart__svg kam-chart__svg--phone">{embed(narrow)}</div>'
        )
    else:
        body = drawing(spec, phone_spec)
    return Markup(
        f'<figure class="kam-chart" role="group" aria-label="{label}">'
        f"{body}"
        f"</figure>"
        f'<div class="kam-chart__data">{table_html(table_rows, columns, caption)}</div>'
    )


def vega_bundle() -> str:
    """The self-contained vega-embed bundle shipped with vl-convert (in kam's cache: it takes seconds)."""
    from kam.files import read_cache, write_cache

    vlc = _vlc()
    name = f"vega-embed-{getattr(vlc, '__version__', '0')}.js"
    kept = read_cache(name)
    if kept is not None:
        try:
            return kept.decode("utf-8")
        except UnicodeDecodeError:
            pass  # spoiled: made again
    text = vlc.javascript_bundle()
    write_cache(name, text.encode("utf-8"))
    return text


def bar(
    values: list[dict],
    x: str,
    y: str,
    x_title: str,
    y_title: str,
    *,
    y_format: str | None = None,
    horizontal: bool = False,
    width: int | None = None,
    height: int = 220,
) -> dict:
    """A simple bar chart spec: one bar per item of `values` ({x: category, y: number})."""
    cat: dict[str, object] = {"field": x, "type": "ordinal", "title": x_title, "sort": None, "axis": {"labelAngle": 0}}
    num: dict[str, object] = {"field": y, "type": "quantitative", "title": y_title}
    if y_format:
        num["axis"] = {"format": y_format}
    enc = {"y": cat, "x": num} if horizontal else {"x": cat, "y": num}
    return {
        "width": width or (420 if horizontal else max(240, 64 * len(values))),
        "height": height if not horizontal else {"step": 24},
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": False},
        "encoding": enc,
    }


def money_unit(largest: float, lang: str) -> tuple[float, str]:
    """(divisor, unit) so a chart's money axis reads in 万/亿 (zh) or K/M/B (en), as tables do (fmt.money_unit)."""
    divisor, unit, _ = fmt.money_unit(largest, lang)
    return divisor, unit
