"""The one place a missing value (None, NaN, NaT, NA) is recognised and a value made plain.

pandas spells "no value" four ways; every figure, page, diff and export asks here.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd


def missing(v) -> bool:
    """None, NaN (Python or numpy), NaT or NA."""
    if v is None or v is pd.NaT or v is pd.NA:
        return True
    return isinstance(v, (float, np.floating)) and math.isnan(v)


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
