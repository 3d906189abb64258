"""The one place a missing value (None, NaN, NaT, NA) is recognised and a value made plain.

pandas spells "no value" four ways; every figure, page, diff and export asks here.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

_NAT, _NA = pd.NaT, pd.NA
_FLOATS = (float, np.floating)


def missing(v) -> bool:
    """None, NaN (Python or numpy), NaT or NA.  (Asked of every value of every page: the names are bound
    here once, not looked up in pandas at each call.)"""
    if v is None or v is _NAT or v is _NA:
        return True
    return isinstance(v, _FLOATS) and math.isnan(v)


def plain(v):
    """A JSON-able Python value: missing -> None, timestamps and dates -> ISO dates, numpy -> Python,
    tuples -> lists."""
    if v is None or v is pd.NaT or v is pd.NA:
        return None
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return None if math.isnan(v) else float(v)
    if isinstance(v, tuple):
        return [plain(x) for x in v]
    return v


def plain_column(s: pd.Series) -> list:
    """plain() of every value of a column: at once by the column's type where numpy holds it (dates,
    floats, integers, booleans), value by value otherwise.  The figures' records pass through here."""
    dtype = s.dtype
    if not isinstance(dtype, np.dtype) or dtype.kind not in "Mfiub":  # text (plain keeps a str as it is)
        return [v if type(v) is str else plain(v) for v in s.tolist()]
    if dtype.kind == "M":  # dates as ISO text (numpy floors to the day as Timestamp.date() does)
        text = np.datetime_as_string(s.to_numpy().astype("datetime64[D]")).tolist()
        return [None if t == "NaT" else t for t in text]
    values = s.tolist()  # Python floats, ints and bools
    if dtype.kind == "f" and s.hasnans:
        return [None if v != v else v for v in values]
    return values
