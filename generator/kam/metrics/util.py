"""Small helpers to turn frames into JSON-able records."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd


def plain(v):
    """A JSON-able Python value: NaN/NaT -> None, timestamps -> ISO dates, numpy -> Python."""
    if v is None or v is pd.NaT:
        return None
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return None if math.isnan(v) else float(v)
    if isinstance(v, tuple):
        return [plain(x) for x in v]
    if v is pd.NA:
        return None
    return v


# how a deal is named in every figure's JSON: {column of the opportunities frame: key}
DEAL = {
    "account": "account",
    "id": "opportunity",
    "name": "name",
    "stage": "stage",
    "amount_base": "amount",
    "owner_eff": "owner",
}


def records(df: pd.DataFrame, columns: dict[str, str]) -> list[dict]:
    """Rows of df as dicts, selecting and renaming columns {source: target}."""
    if df.empty:
        return []
    cols = list(columns)
    out = []
    for row in zip(*(df[c].tolist() for c in cols)):
        out.append({columns[c]: plain(v) for c, v in zip(cols, row)})
    return out
