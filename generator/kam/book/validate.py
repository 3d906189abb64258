"""Validation: pandera schemas per table, then the cross-table checks.

The schemas are generated from the field catalogue (one place for each fact):
required fields, enumerations, ranges, patterns and uniqueness.  Their
failure cases are translated into diagnostics at the offending value (or at
the record when a field is missing).  Cross-table checks are plain functions
of the Book returning diagnostics, in the manner of beancount's validations.
"""

from __future__ import annotations

import warnings
from functools import cache, partial

import pandas as pd

from kam.book.convert import suggest
from kam.book.diagnostics import Diagnostic, error, warning
from kam.book.fields import KINDS, table_kinds
from kam.book.policy import Settings
from kam.book.tables import Book, columns_of, key_columns
from kam.labels import ENUMS

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import pandera.pandas as pa

# table -> the columns no two of its records share, from the field catalogue
UNIQUE = {k.table: list(k.unique) for k in KINDS.values() if k.table and k.unique}


def _list_isin(allowed):
    allowed = frozenset(allowed)

    def check(s: pd.Series) -> pd.Series:
        return s.map(lambda v: v is None or (isinstance(v, tuple) and allowed.issuperset(v)) or v != v)

    return _named(pa.Check(check), "bad-enum-list")


def _named(check: pa.Check, code: str) -> pa.Check:
    """A check named by the diagnostic it gives: failure cases then say which message to write."""
    check.name = check.error = code
    return check


# a pattern's message says what the value names (an id, a currency...): column -> diagnostic code
_PATTERN_CODES = {"id": "bad-id", "currency": "bad-currency", "github": "bad-github", "credit.rating": "bad-rating"}


def _column(name: str, f, required: bool) -> pa.Column:
    checks = []
    if f.enum and f.enum != "region":  # an account's region: one of the book's own (check_regions)
        allowed = list(ENUMS[f.enum])
        checks.append(_list_isin(allowed) if f.many else _named(pa.Check.isin(allowed), "bad-enum"))
    if f.min is not None:
        checks.append(_named(pa.Check.ge(f.min), "too-small"))
    if f.max is not None:
        checks.append(_named(pa.Check.le(f.max), "too-large"))
    if f.pattern:
        # the whole value: `$` alone lets a trailing newline through (re.match), and a newline in a
        # handle would write a rule of its own into CODEOWNERS
        code = _PATTERN_CODES.get(name, _PATTERN_CODES.get(name.split(".")[-1], "bad-pattern"))
        checks.append(_named(pa.Check(partial(_full_match, f.pattern)), code))
    return pa.Column(nullable=not required, checks=checks, required=True)


def _full_match(pattern: str, s: pd.Series) -> pd.Series:
    return s.astype(str).str.fullmatch(pattern)


@cache
def schema(table: str) -> pa.DataFrameSchema:
    """The pandera schema of one table, from the field catalogue."""
    kind = table_kinds()[table]
    cols = {k: pa.Column(nullable=False) for k in key_columns(table)}
    for name, f in columns_of(kind):
        # a required field of an optional group (lost.reason) is checked by check_groups
        required = f.required and "." not in name
        cols[name] = _column(name, f, required)
    return pa.DataFrameSchema(cols, unique=UNIQUE.get(table), name=table, strict=False)


def _field(table: str, column: str):
    return dict(columns_of(table_kinds()[table])).get(column)


def _bad_enum(where: tuple[str, int, int], col: str, value, allowed) -> Diagnostic:
    """`field` cannot be `value` (did you mean...?); allowed: ..."""
    hint = suggest(str(value), allowed)
    return error(
        *where, "bad-enum-hint" if hint else "bad-enum", field=col, value=value, hint=hint, allowed=", ".join(allowed)
    )


def _check_table(book: Book, table: str) -> list[Diagnostic]:
    df = book[table]
    if df.empty:
        return []
    try:
        schema(table).validate(df, lazy=True)
        return []
    except pa.errors.SchemaErrors as e:
        fc = e.failure_cases
    diags: list[Diagnostic] = []
    kind = table_kinds()[table]
    uniq = fc[fc["check"].astype(str).str.endswith("uniqueness")]
    for rec in fc.itertuples(index=False):
        check = str(rec.check)
        idx = rec.index
        col = rec.column
        if check.endswith("uniqueness") or idx is None or idx != idx:
            continue
        i = int(idx)
        f = _field(table, col)
        if check == "not_nullable":
            if col in book.pos[table][i]:
                continue  # present but not convertible: already reported
            file, line, c = book.where(table, i)
            diags.append(error(file, line, c, "missing-field", field=col, where=kind.name))
            continue
        value = rec.failure_case
        file, line, c = book.where(table, i, col)
        if check == "bad-enum":
            diags.append(_bad_enum((file, line, c), col, value, ENUMS[f.enum]))
        elif check == "bad-enum-list":
            items = df.at[i, col]
            for j, item in enumerate(items):
                if item not in ENUMS[f.enum]:
                    diags.append(_bad_enum(book.where(table, i, f"{col}#{j}"), col, item, ENUMS[f.enum]))
        elif check == "too-small":
            diags.append(error(file, line, c, check, field=col, value=_num(value), min=_num(f.min)))
        elif check == "too-large":
            diags.append(error(file, line, c, check, field=col, value=_num(value), max=_num(f.max)))
        elif check in _PATTERN_CODES.values() or check == "bad-pattern":
            diags.append(error(file, line, c, check, field=col, value=value, pattern=f.pattern))
        else:  # pragma: no cover - a check we did not foresee: still located, still readable
            diags.append(error(file, line, c, "check-failed", field=col, check=check, value=value))
    if not uniq.empty:
        diags += _duplicates(book, table, sorted({int(i) for i in uniq["index"].dropna()}))
    return diags


def _num(v):
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _duplicates(book: Book, table: str, idxs: list[int]) -> list[Diagnostic]:
    keys = UNIQUE[table]
    df = book[table]
    first: dict = {}
    diags = []
    for i in idxs:
        k = tuple(df.at[i, c] for c in keys)
        if k not in first:
            first[k] = i
            continue
        j = first[k]
        col = keys[-1]
        file, line, c = book.where(table, i, col)
        ofile, oline, _ = book.where(table, j, col)
        same = ofile == file
        other = f"{oline}" if same else f"{ofile}:{oline}"
        code = "duplicate-value" if same else "duplicate-value-file"
        diags.append(error(file, line, c, code, field=col, value=k[-1], where=table_kinds()[table].name, other=other))
    return diags


def check_groups(book: Book) -> list[Diagnostic]:
    """Required fields of optional groups (e.g. `lost.reason` once `lost` is given)."""
    diags = []
    for table, kind in table_kinds().items():
        df = book[table]
        if df.empty:
            continue
        for name, f in columns_of(kind):
            if not f.required or "." not in name:
                continue
            group = name.rsplit(".", 1)[0]
            siblings = [c for c, _ in columns_of(kind) if c.startswith(group + ".")]
            present = df[siblings].notna().any(axis=1)
            missing = present & df[name].isna()
            for i in df.index[missing]:
                if name in book.pos[table][i]:
                    continue
                some = next(c for c in siblings if book.pos[table][i].get(c))
                file, line, c = book.where(table, i, some)
                diags.append(error(file, line, c, "missing-field", field=name.rsplit(".", 1)[1], where=group))
    return diags


def check_regions(book: Book, settings: Settings) -> list[Diagnostic]:
    """An account's region is one of the regions the company names (`regions:` in mkdocs.yml), else
    one of kam's own."""
    acc = book["accounts"]
    if acc.empty or settings.regions == {}:  # none could be read: the one error is on mkdocs.yml
        return []
    allowed = list(settings.region_names(settings.language))
    bad = acc["region"].notna() & ~acc["region"].isin(allowed)
    return [
        _bad_enum(book.where("accounts", int(i), "region"), "region", acc.at[i, "region"], allowed)
        for i in acc.index[bad]
    ]


def validate(book: Book, settings: Settings) -> list[Diagnostic]:
    from kam.book.checks import cross_checks

    diags: list[Diagnostic] = []
    for table in table_kinds():
        diags += _check_table(book, table)
    diags += check_groups(book)
    diags += check_regions(book, settings)
    diags += cross_checks(book, settings)
    return diags


__all__ = ["validate", "schema", "warning", "KINDS"]
