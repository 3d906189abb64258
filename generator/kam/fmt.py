"""How figures read (the site, the command line, exports): amounts, percentages, dates.  Both languages.

- zh: large amounts in 万 (10^4) and 亿 (10^8): ``1,234.5万``, ``3.2亿``;
- en: thousands separators, and K / M / B when compact: ``1,234,567`` or ``1.2M``;
- percentages: ``12.5%``; dates: ISO ``2026-11-20``.

Every function takes None (or NaN) and returns an empty string for it.
"""

from __future__ import annotations

import datetime as dt
import functools

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


@functools.lru_cache(maxsize=8192)
def _day(ts: pd.Timestamp) -> str:
    return ts.date().isoformat()


def date(x) -> str:
    """ISO date (YYYY-MM-DD) of a date, timestamp or ISO string."""
    if _missing(x):
        return ""
    if type(x) is pd.Timestamp and x.tzinfo is None:  # the book's dates: a few thousand, each shown often
        return _day(x)  # (naive only: equal aware timestamps in two zones can fall on two days)
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


# ---------------------------------------------------------------- one unit per column
# zh: 亿 from 10亿 (a table in 万 up to 99,999.9), 万 from 10万, else 元; en: B, M, K from 10K (as the charts' axes read)
_UNITS = {
    "zh": ((1e9, 1e8, "亿", 2), (1e5, 1e4, "万", 1)),
    "en": ((1e9, 1e9, "B", 2), (1e6, 1e6, "M", 2), (1e4, 1e3, "K", 1)),
}


def money_unit(largest: float, lang: str = "zh") -> tuple[float, str, int]:
    """(divisor, unit, digits) for amounts up to `largest`: a table column or a chart axis reads in one unit."""
    for limit, divisor, unit, digits in _UNITS.get(lang, _UNITS["en"]):
        if abs(largest) >= limit:
            return divisor, unit, digits
    return 1.0, "", 0


def unit_label(unit: str, currency: str, lang: str = "zh") -> str:
    """What a column's or axis's amounts are counted in: 万元, 万 USD, 元; CNY M, USD."""
    if lang == "zh":
        return f"{unit}元" if currency == "CNY" else f"{unit} {currency}".strip()
    return f"{currency} {unit}".strip()


def with_unit(title: str, unit: str, currency: str, lang: str = "zh") -> str:
    """A header with its unit: 金额（万元）, Amount (CNY M)."""
    label = unit_label(unit, currency, lang)
    return f"{title}（{label}）" if lang == "zh" else f"{title} ({label})"


class Amount(str):
    """An amount that reads alone as ``money`` does (1.5万) and that a table rescales with its column.

    value: the amount; currency: its currency; note: text after it in a cell (an original-currency amount);
    foreign: not the base currency, so read alone it says which (250万 USD).
    """

    __slots__ = ("value", "currency", "lang", "note")
    value: float
    currency: str
    lang: str
    note: str

    def __new__(cls, value, lang: str, currency: str, note: str = "", foreign: bool = False):
        self = super().__new__(cls, money(value, lang, currency=currency if foreign else None) + note)
        self.value, self.currency, self.lang, self.note = float(value), currency, lang, note
        return self

    def noted(self, note: str) -> Amount:
        """The same amount with a note after it in its cell: 12.5 (250万 USD)."""
        return Amount(self.value, self.lang, self.currency, note)


def amount(x, lang: str, currency: str, base: str | None = None) -> Amount | str:
    """An Amount, or '' for a missing value; given the base currency, another currency is named when read alone."""
    return "" if _missing(x) else Amount(x, lang, currency, foreign=base is not None and currency != base)


def in_unit(x: float, divisor: float, digits: int) -> str:
    """1,234,567 in 万 (divisor 1e4, 1 digit): 123.5; zero is 0; an amount too small for the unit is <0.01,
    never 0.00 (¥2,092 in millions beside larger amounts)."""
    if not x:
        return "0"
    text = f"{x / divisor:,.{digits}f}"
    if float(text.replace(",", "")) == 0:
        least = f"{10**-digits:.{digits}f}"
        return f"<{least}" if x > 0 else f">-{least}"
    return text


def amount_columns(columns, rows, caption: str | None = None) -> tuple[list[str], list[list], set[int], str | None]:
    """Columns whose every filled cell is an Amount of one currency read in one unit, named in the header.

    The unit is the table's, chosen by its largest amount in that currency, so columns side by side
    compare at a glance (not 1.11亿 beside 6,278.9万).  Returns the headers (with units), the rows (those
    cells now plain text), the indexes of the amount columns (numbers: right-aligned) and the caption:
    when every column after the first holds amounts (months of a forecast), the unit is named once,
    there, instead of in each header.  Other cells are left as they are.
    """
    columns, rows = list(columns), [list(r) for r in rows]
    found: dict[int, str] = {}
    largest: dict[str, float] = {}
    for i in range(len(columns)):
        cells = [r[i] for r in rows if i < len(r) and r[i] not in (None, "")]
        if not cells or not all(isinstance(c, Amount) for c in cells):
            continue
        currencies = {c.currency for c in cells}
        if len(currencies) > 1:
            continue
        cur = cells[0].currency
        found[i] = cur
        largest[cur] = max(largest.get(cur, 0.0), *(abs(c.value) for c in cells))
    once = bool(caption) and len(columns) > 3 and set(found) == set(range(1, len(columns))) and len(largest) == 1
    for i, cur in found.items():
        lang = next(r[i].lang for r in rows if i < len(r) and isinstance(r[i], Amount))
        divisor, unit, digits = money_unit(largest[cur], lang)
        if once:
            caption = with_unit(caption, unit, cur, lang) if i == 1 and caption else caption
        else:
            columns[i] = with_unit(columns[i], unit, cur, lang)
        for r in rows:
            c = r[i] if i < len(r) else None
            if isinstance(c, Amount):
                r[i] = in_unit(c.value, divisor, digits) + c.note
    return columns, rows, set(found), caption
