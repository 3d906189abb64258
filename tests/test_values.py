"""kam.values: a column made plain at once is what plain() makes of each of its values."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from kam.values import plain, plain_column


def _as_tables_hold(rows: list[dict]) -> pd.Series:
    # as kam.book.tables.frame makes a column: pandas 3's str stored in Python (pandas 2: objects)
    with pd.option_context("mode.string_storage", "python"):
        return pd.DataFrame.from_records(rows)["v"]


COLUMNS = {
    "dates": pd.Series(pd.to_datetime(["2024-01-02 00:00", None, "1969-12-31 23:00", "1960-05-05 01:00"])),
    "dates in seconds": pd.Series(pd.to_datetime(["2026-11-20", None])).astype("datetime64[s]"),
    "dates with a zone": pd.Series(pd.to_datetime(["2024-01-02 23:30"]).tz_localize("Asia/Shanghai")),
    "floats": pd.Series([1.5, float("nan"), -0.0, 1e300]),
    "floats without gaps": pd.Series([1.0, 2.25]),
    "integers": pd.Series([1, 2**40, -3]),
    "nullable integers": pd.Series([1, None, 3], dtype="Int64"),
    "booleans": pd.Series([True, False]),
    "nullable booleans": pd.Series([True, None], dtype="boolean"),
    "text": pd.Series(["甲", None, "=1+1", "\u202e"]),
    "text as kam's tables hold it": _as_tables_hold([{"v": "甲"}, {"v": None}, {"v": "乙"}]),
    "objects": pd.Series([("a", "b"), None, np.int64(3), dt.date(2024, 1, 2), pd.NaT], dtype=object),
    "empty": pd.Series([], dtype="float64"),
}


@pytest.mark.parametrize("name", COLUMNS)
def test_a_column_made_plain_is_each_value_made_plain(name):
    s = COLUMNS[name]
    want = [plain(v) for v in s.tolist()]
    got = plain_column(s)
    assert got == want and [type(v) for v in got] == [type(v) for v in want]


def test_plain_values_are_json_types():
    assert plain_column(COLUMNS["dates"]) == ["2024-01-02", None, "1969-12-31", "1960-05-05"]
    floats = plain_column(COLUMNS["floats"])
    assert floats[1] is None and type(floats[0]) is float and math.copysign(1, floats[2]) == -1
    assert plain_column(COLUMNS["nullable integers"]) == [1, None, 3]


@pytest.mark.parametrize("name", COLUMNS)
def test_a_tables_records_for_the_pages_are_its_values_with_none_for_each_missing_one(name):
    from kam.site.context import clean, records_of

    s = COLUMNS[name]
    got = [r["v"] for r in records_of(pd.DataFrame({"v": s}))]
    want = [clean(v) for v in s.tolist()]
    assert got == want and [type(v) for v in got] == [type(v) for v in want]
    assert (None in got) == bool(s.isna().any())
