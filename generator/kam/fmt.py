"""How figures read (the site, the command line, exports): amounts, percentages, dates.  Both languages.

- zh: large amounts in 万 (10^4) and 亿 (10^8): ``1,234.5万``, ``3.2亿``;
- en: thousands separators, and K / M / B when compact: ``1,234,567`` or ``1.2M``;
- percentages: ``12.5%``; dates: ISO ``2026-11-20``.

Every function takes None (or NaN) and returns an empty string for it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from kam.values import missing

_missing = missing


def _trim(s: str) -> str:
    """'12.0' -> '12'; '12.50' -> '12.5'."""
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def number(x, digits: int = 0) -> str:
    """Thousands separators: 1,234,567 (digits after the point, trailing zeros kept)."""
    if _missing(x):
        return ""
    return f"{x:,.{digits}f}"


def money(x, lang: str = "zh", compact: bool = True, currency: str | None = None) -> str:
    """An amount; `currency` is appended when given (for amounts not in the base currency)."""
    if _missing(x):
        return ""
    x = float(x)
    sign = "-" if x < 0 else ""
    a = abs(x)
    if not compact:
        text = number(a)
    elif lang == "zh":
        if a >= 1e8:
            text = _trim(f"{a / 1e8:,.2f}") + "亿"
        elif a >= 1e4:
            text = _trim(f"{a / 1e4:,.1f}") + "万"
        else:
            text = number(a)
    else:
        if a >= 1e9:
            text = _trim(f"{a / 1e9:,.2f}") + "B"
        elif a >= 1e6:
            text = _trim(f"{a / 1e6:,.1f}") + "M"
        elif a >= 1e4:
            text = _trim(f"{a / 1e3:,.1f}") + "K"
        else:
            text = number(a)
    return sign + text + (f" {currency}" if currency else "")


def percent(x, digits: int = 1, ratio: bool = False) -> str:
    """A percentage; `ratio=True` when x is a share (0.125 -> 12.5%)."""
    if _missing(x):
        return ""
    v = float(x) * (100.0 if ratio else 1.0)
    return _trim(f"{v:.{digits}f}") + "%"


def date(x) -> str:
    """ISO date (YYYY-MM-DD) of a date, timestamp or ISO string."""
    if _missing(x):
        return ""
    if isinstance(x, (pd.Timestamp, dt.datetime)):
        return x.date().isoformat()
    if isinstance(x, dt.date):
        return x.isoformat()
    return str(x)[:10]


def score(x) -> str:
    """A 0-10 survey score: 7.5, 8."""
    if _missing(x):
        return ""
    return _trim(f"{float(x):.1f}")


def sort_key(x) -> str:
    """The value a table sorts on (data-sort attribute): numbers as plain numbers, dates as ISO."""
    if _missing(x):
        return ""
    if isinstance(x, bool):
        return "1" if x else "0"
    if isinstance(x, (int, float)):
        return repr(float(x))
    return date(x) if isinstance(x, (dt.date, pd.Timestamp)) else str(x)


def exact(x) -> str:
    """An amount to the unit, as a reviewer checks it: 1,200,000; cents only below 1,000 and not whole (12.50).

    For `kam diff`, where a change of 500 on a deal of 1.2M must show; the site's figures use `money`.
    """
    if _missing(x):
        return "—"
    x = float(x)
    s = f"{abs(x):,.0f}" if abs(x - round(x)) < 0.005 or abs(x) >= 1000 else f"{abs(x):,.2f}"
    return ("-" if x < 0 and s.strip("0,.") else "") + s


def signed(x) -> str:
    """`exact` with its sign always shown: +20,000, -120,000."""
    s = exact(x)
    return s if s.startswith("-") else "+" + s
