"""Small helpers to turn frames into JSON-able records."""

from __future__ import annotations

import pandas as pd

from kam.values import plain_column

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
    keys = list(columns.values())
    return [dict(zip(keys, row)) for row in zip(*(plain_column(df[c]) for c in columns))]
