"""`kam export`: the book's tables and the metrics tables, as CSV, an Excel workbook or Parquet.

- book tables (accounts, contacts, opportunities, ...): one row per record, the
  catalogue's columns (groups flattened as ``credit.limit``), lists joined with
  "; ", and a ``source`` column ``file:line`` instead of the internal
  ``_file``/``_line``/``_col``;
- metrics tables: funnel (by stage), forecast (by month), aging (by account),
  tiers (rollup), team (load per person), accountability, pareto (the curve), loyalty, credit reviews
  due, the inverted pyramid (effort per group of customers), the key-account market.

Enumerated values stay codes (``won``, ``major``) in every format, so filters
and joins do not depend on the language; the workbook adds a label column
beside each one.  CSV and Parquet headers are the field names; the workbook's
headers and sheet names follow the language setting.  CSV is UTF-8 with a BOM
(Excel opens it with Chinese intact).  Nothing is overwritten unless forced.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import re
import unicodedata
from pathlib import Path

import pandas as pd

from kam import files
from kam.book.fields import KINDS, table_kinds
from kam.book.policy import Settings
from kam.book.tables import META, Book, columns_of
from kam.values import missing

from . import words
from .labels import ENUMS, accountability_reason, label, term

EXTRAS = {"xlsx": "openpyxl", "parquet": "pyarrow"}
WORKBOOK = "kam.xlsx"
BOOK_TABLES = tuple(table_kinds())  # every table of the book, in the catalogue's order

# how metrics columns are formatted in the workbook, by the column's last name part
MONEY = {
    "amount", "weighted", "revenue", "potential", "limit", "exposure", "open_amount", "open_pipeline",
    "weighted_pipeline", "won_this_year", "ytd_revenue", "current", "1_30", "31_60", "61_90", "over_90", "total",
    "overdue", "excess", "gross_profit", "selling_expense", "money",
}  # fmt: skip
FRACTION = {
    "share",
    "revenue_share",
    "share_of_wallet",
    "cumulative_share",
    "cumulative_accounts_share",
    "rate",
    "load",
    "retention",
    "churn",
    "repeat",
    "accounts_share",
    "time_share",
    "people_share",
    "money_share",
}
PERCENT100 = {"probability"}
DATES = {"last_activity", "due", "close", "date", "issued", "paid", "reviewed"}
ENUM_COLUMNS = {"stage": "stage", "tier": "tier", "posture": "posture"}

FMT_MONEY = "#,##0.00"
FMT_PERCENT = "0.0%"
FMT_DATE = "yyyy-mm-dd"
FMT_INT = "0"
FMT_NUMBER = "0.##"


def missing_dependency(fmt: str) -> str | None:
    """The package a format needs when it is not installed (None when all is there)."""
    pkg = EXTRAS.get(fmt)
    if pkg and importlib.util.find_spec(pkg) is None:
        return pkg
    return None


# ---------------------------------------------------------------- tables
class Column:
    """One exported column: its values and how to show it."""

    __slots__ = ("name", "header_zh", "header_en", "kind", "enum", "names")

    def __init__(self, name, header_zh, header_en, kind, enum=None):
        self.name, self.header_zh, self.header_en, self.kind, self.enum = name, header_zh, header_en, kind, enum
        self.names: dict[str, str] | None = None  # the labels of its values, when not kam's (a book's regions)

    def header(self, lang):
        return self.header_zh if lang == "zh" else self.header_en


def _short(text: str) -> str:
    """A catalogue description cut to a header: no bracketed asides, up to the first colon or semicolon."""
    text = re.sub(r"\s*[（(][^）)]*[）)]", "", text)
    for sep in ("；", "：", "; ", ": ", "，", ", "):
        i = text.find(sep)
        if i > 0:
            text = text[:i]
    return text.strip()


def _term_pair(key: str, fallback: str) -> tuple[str, str]:
    return words.text_pair("exp_col_" + key) if words.has_text("exp_col_" + key) else (fallback, fallback)


def _book_table(book: Book, table: str) -> tuple[pd.DataFrame, list[Column]]:
    df = book[table]
    kind = table_kinds()[table]
    out = pd.DataFrame(index=df.index)
    cols: list[Column] = []
    keys = ["id"] if table == "accounts" else ([] if table in ("people", "offerings") else ["account"])
    for k in keys:
        out[k] = df[k]
        zh, en = _term_pair(k, k)
        cols.append(Column(k, zh, en, "text"))
    for name, f in columns_of(kind):
        s = df[name]
        if f.many:
            s = s.map(lambda v: "; ".join(str(x) for x in v) if isinstance(v, tuple) else None)
            ckind = "text"
        elif f.type == "date":
            ckind = "date"
        elif f.type == "percent":
            ckind = "percent100"
        elif f.type in ("int", "year"):
            ckind = "int"
        elif f.type == "number":
            ckind = "money" if name.split(".")[-1] in MONEY else "number"
        elif f.type == "bool":
            ckind = "bool"
        else:
            ckind = "text"
        out[name] = s
        zh, en = _short(f.zh), _short(f.en)
        if "." in name:
            group = KINDS[kind.name].get(name.split(".")[0])
            if group is not None:
                zh, en = f"{_short(group.zh)}·{zh}", f"{_short(group.en)}: {en}"
        cols.append(Column(name, zh, en, ckind, None if f.many else f.enum))
    out["source"] = df["_file"].astype(str) + ":" + df["_line"].astype("Int64").astype(str)
    zh, en = _term_pair("source", "source")
    cols.append(Column("source", zh, en, "text"))
    return out.reset_index(drop=True).drop(columns=[c for c in META if c in out.columns]), cols


def _flat(v):
    if isinstance(v, list):
        return "; ".join(_flat(x) for x in v)
    if isinstance(v, dict):
        code = v.get("code")
        rest = " ".join(f"{k}={_flat(x)}" for k, x in v.items() if k != "code")
        return f"{code} ({rest})" if code and rest else (code or rest)
    return "" if v is None else str(v)


def _metric_frame(rows: list[dict]) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame()
    df = pd.json_normalize(rows, sep=".")
    for c in df.columns:
        if df[c].map(lambda v: isinstance(v, (list, dict))).any():
            df[c] = df[c].map(lambda v: _flat(v) if isinstance(v, (list, dict)) else v)
    return df


def metric_tables(m: dict) -> dict[str, pd.DataFrame]:
    """The metrics as flat tables (money in the base currency)."""
    t = {}
    t["funnel"] = _metric_frame([{"stage": s, **v} for s, v in m["pipeline"]["by_stage"].items()])
    t["forecast"] = _metric_frame(m["forecast"]["months"])
    t["aging"] = _metric_frame(m["credit"]["by_account"])
    t["tiers"] = _metric_frame([{"tier": k, **v} for k, v in m["tiers"]["rollup"].items()])
    t["team"] = _metric_frame(m["team"]["reps"])
    t["accountability"] = _metric_frame(m["team"]["accountability"])
    t["pareto"] = _metric_frame(m["pareto"]["curve"])
    lo = m["loyalty"]
    t["loyalty"] = _metric_frame(
        [{"tier": k, **v} for k, v in lo["by_tier"].items()]
        + [{"owner": k, **v} for k, v in lo["by_rep"].items()]
        + [{"tier": "total", **lo["overall"]}]
    )
    t["credit_review"] = _metric_frame(m["credit"]["review_due"])
    t["key_market"] = _metric_frame(m["key_market"]["list"])
    py = m["pyramid"]
    groups = [("top20", py["top20"]), ("rest", py["rest"])] + [(t, py["by_tier"][t]) for t in py["by_tier"]]
    t["pyramid"] = _metric_frame(
        [{"group": g, **{k: v for k, v in r.items() if k != "meets_target"}} for g, r in groups]
    )
    return t


def _metric_columns(df: pd.DataFrame) -> list[Column]:
    cols = []
    for c in df.columns:
        leaf = c.split(".")[-1]
        if leaf in MONEY:
            kind = "money"
        elif leaf in FRACTION:
            kind = "fraction"
        elif leaf in PERCENT100:
            kind = "percent100"
        elif leaf in DATES:
            kind = "date"
        elif pd.api.types.is_bool_dtype(df[c]):
            kind = "bool"
        elif pd.api.types.is_integer_dtype(df[c]):
            kind = "int"
        elif pd.api.types.is_float_dtype(df[c]):
            kind = "number"
        else:
            kind = "text"
        parts = c.split(".")
        zh = "·".join(_term_pair(p, p)[0] for p in parts)
        en = ": ".join(_term_pair(p, p)[1] for p in parts)
        cols.append(Column(c, zh, en, kind, ENUM_COLUMNS.get(c)))
    for col in cols:
        if col.kind == "date":
            df[col.name] = pd.to_datetime(df[col.name], errors="coerce")
    return cols


def tables(book: Book, settings: Settings, lang: str = "zh") -> dict[str, tuple[pd.DataFrame, list[Column]]]:
    """Every exported table, book tables first, in a fixed order."""
    from .metrics import compute
    from .metrics.asof import as_of_view

    book = as_of_view(book, settings.report_date())  # the book tables as they stood on the report date
    out = {t: _book_table(book, t) for t in BOOK_TABLES}
    for c in out["accounts"][1]:
        if c.enum == "region":  # the company's own regions, else kam's
            c.names = settings.region_names(lang)
    m = compute(book, settings)
    for name, df in metric_tables(m).items():
        if name == "accountability" and len(df):  # the reasons' codes, and the same reasons in words
            sep = "；" if lang == "zh" else "; "
            texts = [
                sep.join(accountability_reason(r, lang) for r in a["reasons"]) for a in m["team"]["accountability"]
            ]
            df.insert(df.columns.get_loc("reasons") + 1, "reasons_text", texts)
        out[name] = (df, _metric_columns(df))
    return out


def sheet_name(table: str, lang: str) -> str:
    if table in table_kinds():
        k = table_kinds()[table]
        zh, en = words.text_pair("exp_sheet_" + table) if words.has_text("exp_sheet_" + table) else (k.zh, k.en)
    else:
        zh, en = words.text_pair("exp_sheet_" + table) if words.has_text("exp_sheet_" + table) else (table, table)
    name = zh if lang == "zh" else en
    for ch in "[]:*?/\\":
        name = name.replace(ch, " ")
    return name[:31]


# ---------------------------------------------------------------- writers
def export(book: Book, settings: Settings, fmt: str, out: Path, lang: str = "zh", force: bool = False) -> list[Path]:
    """Write the tables in `fmt` into folder `out`; returns the files written.

    By kam's write rule (kam.files): raises FileProblem before writing anything when a file exists and
    not `force`; each file is written to a temporary name and renamed into place.
    """
    data = tables(book, settings, lang)
    out = Path(out)
    if fmt == "xlsx":
        targets = [out / WORKBOOK]
    else:
        targets = [out / f"{t}.{fmt}" for t in data]
    for p in targets:
        files.check_target(p, force=force)
    if fmt == "xlsx":
        with files.replacing(targets[0], force=force) as (tmp, _):
            write_xlsx(data, tmp, lang)
    elif fmt == "csv":
        for (_name, (df, cols)), p in zip(data.items(), targets):
            with files.replacing(p, force=force) as (tmp, _):
                _spreadsheet_safe(_plain(df, cols)).to_csv(
                    tmp, index=False, encoding="utf-8-sig", lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC
                )  # text quoted: a carriage return inside a value cannot split the row
    elif fmt == "parquet":
        for (_name, (df, cols)), p in zip(data.items(), targets):
            with files.replacing(p, force=force) as (tmp, _):
                _plain(df, cols).to_parquet(tmp, index=False)
    else:  # pragma: no cover - click checks the choice
        raise ValueError(fmt)
    return targets


# A text cell starting with one of these runs as a formula in Excel, LibreOffice and Google Sheets
# (OWASP "CSV injection"): such text is written with a leading apostrophe, shown as plain text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutral(v):
    """A value safe to put in a spreadsheet cell: text that would start a formula gets a leading `'`."""
    if isinstance(v, str) and v.startswith(FORMULA_START):
        return "'" + v
    return v


# the control characters a workbook cannot hold (openpyxl refuses the whole file): shown as <U+000B>
_NOT_IN_WORKBOOK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell_text(v: str) -> str:
    return neutral(_NOT_IN_WORKBOOK.sub(lambda m: f"<U+{ord(m.group()):04X}>", v))


def _spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    for c in df.columns:
        if df[c].dtype == object or pd.api.types.is_string_dtype(df[c]):
            df[c] = df[c].map(neutral, na_action="ignore")
    return df


def _plain(df: pd.DataFrame, cols: list[Column]) -> pd.DataFrame:
    """Types a BI tool reads: dates as dates, integers nullable, text as text."""
    df = df.copy()
    for c in cols:
        s = df[c.name] if c.name in df.columns else None
        if s is None:
            continue
        if c.kind == "date":
            df[c.name] = pd.to_datetime(s, errors="coerce").dt.date
        elif c.kind == "text" and s.dtype == object:
            df[c.name] = s.map(lambda v: None if missing(v) else str(v))
    return df


def _width(v) -> int:
    s = str(v)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def write_xlsx(data: dict, path: Path, lang: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    label_suffix = term("exp_label_suffix", lang)
    used_names: set[str] = set()
    for table, (df, cols) in data.items():
        name = sheet_name(table, lang)
        base, k = name, 2
        while name in used_names:
            name = f"{base[:28]} {k}"
            k += 1
        used_names.add(name)
        ws = wb.create_sheet(name)
        ws.freeze_panes = "A2"
        # columns: each enumerated column is followed by its label
        layout: list[tuple[Column, bool]] = []
        for c in cols:
            layout.append((c, False))
            if c.enum:
                layout.append((c, True))
        headers = [c.header(lang) + (label_suffix if is_label else "") for c, is_label in layout]
        series = []
        for c, is_label in layout:
            s = df[c.name] if c.name in df.columns else pd.Series([None] * len(df))
            values = s.tolist()
            if is_label:
                named = c.names or {}
                values = [named.get(v) or label(c.enum, v, lang) if isinstance(v, str) else None for v in values]
            elif c.kind == "date":
                values = [v.date() if isinstance(v, (pd.Timestamp, dt.datetime)) and v == v else None for v in values]
            series.append(values)
        widths = []
        for j, (c, _) in enumerate(layout):
            sample = series[j][:200]
            w = max([_width(headers[j])] + [_width(v) for v in sample if v is not None] or [8])
            if c.kind == "money":
                w += 4
            widths.append(min(max(w + 2, 8), 60))
        for j, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = w
        head = []
        for h in headers:
            cell = WriteOnlyCell(ws, value=_cell_text(h))
            cell.data_type = "s"
            cell.font = bold
            cell.fill = fill
            cell.alignment = Alignment(vertical="center")
            head.append(cell)
        ws.append(head)
        formats: list = []
        for c, is_label in layout:
            if is_label:
                formats.append(None)
            else:
                formats.append(
                    {
                        "money": FMT_MONEY,
                        "fraction": FMT_PERCENT,
                        "percent100": FMT_PERCENT,
                        "date": FMT_DATE,
                        "int": FMT_INT,
                        "number": FMT_NUMBER,
                    }.get(c.kind)
                )
        scale = [0.01 if (c.kind == "percent100" and not is_label) else None for c, is_label in layout]
        for i in range(len(df)):
            row = []
            for j in range(len(layout)):
                v = _cell_value(series[j][i])
                if v is not None and scale[j] is not None:
                    v = v * scale[j]
                if isinstance(v, str):
                    # always a string cell: openpyxl would store text starting with `=` as a formula
                    cell = WriteOnlyCell(ws, value=_cell_text(v))
                    cell.data_type = "s"
                    row.append(cell)
                elif formats[j] and v is not None:
                    cell = WriteOnlyCell(ws, value=v)
                    cell.number_format = formats[j]
                    row.append(cell)
                else:
                    row.append(v)
            ws.append(row)
    wb.save(path)


def _cell_value(v):
    if missing(v):
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        try:
            return v.item()
        except (ValueError, AttributeError):  # pragma: no cover
            return v
    return v


__all__ = ["export", "tables", "metric_tables", "missing_dependency", "ENUMS"]
