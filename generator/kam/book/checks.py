"""Cross-table checks: references resolve, dates are in order, deals are coherent.

Each check is a plain function of the Book (and settings) returning diagnostics.
"""

from __future__ import annotations

import pandas as pd

from kam.book.convert import suggest
from kam.book.diagnostics import Diagnostic, error, warning
from kam.book.fields import CURRENCY
from kam.book.policy import OPEN_STAGES, Settings
from kam.book.tables import Book


def _rows(df: pd.DataFrame, mask) -> list[int]:
    return [int(i) for i in df.index[mask]]


def _ref_scalar(book, table, col, known: set, what: str) -> list[Diagnostic]:
    df = book[table]
    if df.empty:
        return []
    s = df[col]
    bad = s.notna() & ~s.isin(known)
    out = []
    for i in _rows(df, bad):
        v = s.at[i]
        file, line, c = book.where(table, i, col)
        hint = suggest(v, known)
        out.append(
            error(
                file, line, c, "unknown-ref-hint" if hint else "unknown-ref", what=what, value=v, hint=hint, field=col
            )
        )
    return out


def _ref_list(book, table, col, known: set, what: str) -> list[Diagnostic]:
    df = book[table]
    if df.empty:
        return []
    out = []
    for i, items in zip(df.index.tolist(), df[col].tolist()):
        if not isinstance(items, tuple):
            continue
        for j, v in enumerate(items):
            if v not in known:
                file, line, c = book.where(table, int(i), f"{col}#{j}")
                hint = suggest(v, known)
                out.append(
                    error(
                        file,
                        line,
                        c,
                        "unknown-ref-hint" if hint else "unknown-ref",
                        what=what,
                        value=v,
                        hint=hint,
                        field=col,
                    )
                )
    return out


def _ref_in_account(book, table, col, target: str, target_key: str, what: str, many=False) -> list[Diagnostic]:
    """References to records of the same account (contacts, competitors, opportunities)."""
    df = book[table]
    if df.empty:
        return []
    t = book[target]
    known: dict[str, set] = {}
    for a, k in zip(t["account"].tolist(), t[target_key].tolist()):
        if isinstance(k, str):
            known.setdefault(a, set()).add(k)
    out = []
    # tolist(): iterating a column boxes each value through pandas (on Arrow storage, a conversion each: most of
    # this check's time before the tables kept text in Python strings)
    for i, a, v in zip(df.index.tolist(), df["account"].tolist(), df[col].tolist()):
        items = v if many else (v,)
        if not isinstance(items, tuple):
            continue
        for j, item in enumerate(items):
            if item is None or item != item:
                continue
            pool = known.get(a, set())
            if item not in pool:
                file, line, c = book.where(table, int(i), f"{col}#{j}" if many else col)
                hint = suggest(item, pool)
                out.append(
                    error(
                        file,
                        line,
                        c,
                        "unknown-ref-hint" if hint else "unknown-ref-account",
                        what=what,
                        value=item,
                        hint=hint,
                        field=col,
                    )
                )
    return out


def _ids(s) -> set:
    """Known ids of a column: a record missing its id (reported elsewhere) adds nothing."""
    return {v for v in s if isinstance(v, str)}


def references(book: Book, settings: Settings) -> list[Diagnostic]:
    people = _ids(book["people"]["id"])
    offerings = _ids(book["offerings"]["id"])
    d = []
    d += _ref_scalar(book, "accounts", "owner", people, "person")
    d += _ref_scalar(book, "accounts", "sponsor", people, "person")
    d += _ref_scalar(book, "opportunities", "owner", people, "person")
    d += _ref_scalar(book, "actions", "owner", people, "person")
    d += _ref_scalar(book, "people", "manager", people, "person")
    d += _ref_list(book, "activities", "by", people, "person")
    d += _ref_scalar(book, "opportunities", "offering", offerings, "offering")
    d += _ref_scalar(book, "whitespace", "offering", offerings, "offering")
    d += _ref_in_account(book, "contacts", "reports_to", "contacts", "id", "contact")
    d += _ref_in_account(book, "opportunities", "buying_centre", "contacts", "id", "contact", many=True)
    d += _ref_in_account(book, "opportunities", "competitors", "competitors", "name", "competitor", many=True)
    d += _ref_in_account(book, "activities", "with", "contacts", "id", "contact", many=True)
    d += _ref_in_account(book, "activities", "opportunity", "opportunities", "id", "opportunity")
    d += _ref_in_account(book, "surveys", "respondent", "contacts", "id", "contact")
    # a person managing themself, a contact reporting to themself
    for table, col in (("people", "manager"), ("contacts", "reports_to")):
        df = book[table]
        for i in _rows(df, df[col].notna() & (df[col] == df["id"])):
            file, line, c = book.where(table, i, col)
            d.append(error(file, line, c, "self-reference", field=col, value=df.at[i, col]))
        d += _circles(book, table, col)
    return d


def _circles(book: Book, table: str, col: str) -> list[Diagnostic]:
    """Chains of `manager` (or `reports_to`) that come back to where they started: a chart with no top.
    Each circle is reported once, at the first of its members by id; people book-wide, contacts per account."""
    df = book[table]
    pointing = df[col].notna() & (df[col] != df["id"])
    if not pointing.any():
        return []
    sub = df[pointing]
    scope = sub["account"].tolist() if "account" in sub.columns else [""] * len(sub)
    # (account, id) -> (account, the one it points at), and the row each pointing record is on
    up = {(a, r): (a, m) for a, r, m in zip(scope, sub["id"].tolist(), sub[col].tolist())}
    row_of = dict(zip(up, sub.index.tolist()))
    out = []
    seen: set = set()
    for start in sorted(up):
        path: list = []
        node = start
        while node in up and node not in seen and node not in path:
            path.append(node)
            node = up[node]
        if node in path:  # back where this walk has been: the circle is the path from there
            circle = path[path.index(node) :]
            first = min(circle, key=lambda k: k[1])
            k = circle.index(first)
            chain = [r for _, r in circle[k:] + circle[:k] + [first]]
            file, line, c = book.where(table, row_of[first], col)
            out.append(error(file, line, c, "circle", field=col, chain=" → ".join(chain)))
        seen.update(path)
    return out


def _order(book, table, early, late, code, strict=False) -> list[Diagnostic]:
    df = book[table]
    if df.empty:
        return []
    a, b = df[early], df[late]
    bad = a.notna() & b.notna() & ((b <= a) if strict else (b < a))
    out = []
    for i in _rows(df, bad):
        file, line, c = book.where(table, i, late)
        out.append(
            error(
                file,
                line,
                c,
                code,
                early=early,
                late=late,
                early_value=a.at[i].date().isoformat(),
                late_value=b.at[i].date().isoformat(),
            )
        )
    return out


def dates(book: Book, settings: Settings) -> list[Diagnostic]:
    d = []
    d += _order(book, "receivables", "issued", "due", "date-order")
    d += _order(book, "receivables", "issued", "paid", "date-order")
    d += _order(book, "receivables", "issued", "written_off", "date-order")
    d += _order(book, "opportunities", "created", "close", "date-order")
    d += _order(book, "people", "joined", "left", "date-order")
    d += _order(book, "complaints", "date", "resolved", "date-order")
    # stage dates go forward with the stages
    order = [f"stage_dates.{s}" for s in OPEN_STAGES]
    for prev, nxt in zip(order, order[1:]):
        d += _order(book, "opportunities", prev, nxt, "date-order")
    for closed in ("stage_dates.won", "stage_dates.lost"):
        d += _order(book, "opportunities", order[-1], closed, "date-order")
    rec = book["receivables"]
    both = rec["paid"].notna() & rec["written_off"].notna()
    for i in _rows(rec, both):
        file, line, c = book.where("receivables", i, "written_off")
        d.append(error(file, line, c, "paid-and-written-off"))
    as_of = pd.Timestamp(settings.report_date())
    for table, col in (
        ("activities", "date"),
        ("surveys", "date"),
        ("complaints", "date"),
        ("receivables", "issued"),
        ("receivables", "paid"),
        ("receivables", "written_off"),
        ("complaints", "resolved"),
        ("actions", "done"),
        ("accounts", "since"),
        ("accounts", "lost.date"),
        ("accounts", "credit.reviewed"),
        ("opportunities", "created"),
        *(("opportunities", f"stage_dates.{s}") for s in (*OPEN_STAGES, "won", "lost")),
        ("opportunities", "close"),  # a won deal's close date is its signing date (an open deal's is a plan)
    ):
        t = book[table]
        if t.empty or col not in t.columns:
            continue
        later = t[col] > as_of
        if col == "close":
            later &= t["stage"] == "won"
        for i in _rows(t, later):
            file, line, c = book.where(table, i, col)
            d.append(
                warning(
                    file,
                    line,
                    c,
                    "in-future",
                    field=col,
                    value=t.at[i, col].date().isoformat(),
                    as_of=as_of.date().isoformat(),
                )
            )
    return d


def revenue_before_since(book: Book, settings: Settings) -> list[Diagnostic]:
    """A revenue row for a year before the account became a customer (`since`): a typo in the year, or
    `since` is wrong.  A row of 0 says no more than `since` does, and is left alone."""
    acc, rev = book["accounts"], book["revenue"]
    if rev.empty or acc.empty:
        return []
    since = {f: (int(i), s) for i, f, s in zip(acc.index, acc["_file"], acc["since"]) if not pd.isna(s)}
    d = []
    for i, f, year, amount in zip(rev.index, rev["_file"], rev["year"], rev["amount"]):
        if f not in since or pd.isna(year) or amount == 0:
            continue
        a, s = since[f]
        if int(year) < s.year:
            file, line, c = book.where("revenue", int(i), "year")
            _, since_line, _ = book.where("accounts", a, "since")
            d.append(
                warning(
                    file,
                    line,
                    c,
                    "revenue-before-since",
                    value=str(int(year)),
                    since=s.date().isoformat(),
                    since_line=since_line,
                )
            )
    return d


def deals(book: Book, settings: Settings) -> list[Diagnostic]:
    """A won deal has an amount, a lost one a reason, an open one a close date; probability fits the stage."""
    df = book["opportunities"]
    if df.empty:
        return []
    d = []
    stage = df["stage"]
    is_open = stage.isin(OPEN_STAGES)
    for i in _rows(df, (stage == "won") & book.left_out("opportunities", "amount")):
        file, line, c = book.where("opportunities", i, "stage")
        d.append(error(file, line, c, "won-needs-amount"))
    for i in _rows(df, (stage == "lost") & book.left_out("opportunities", "lost_reason")):
        file, line, c = book.where("opportunities", i, "stage")
        d.append(error(file, line, c, "lost-needs-reason"))
    for i in _rows(df, stage.isin(OPEN_STAGES + ("won",)) & df["lost_reason"].notna()):
        file, line, c = book.where("opportunities", i, "lost_reason")
        d.append(error(file, line, c, "reason-but-not-lost", stage=stage.at[i]))
    for i in _rows(df, is_open & book.left_out("opportunities", "close")):
        file, line, c = book.where("opportunities", i)
        d.append(error(file, line, c, "open-needs-close"))
    for i in _rows(df, is_open & book.left_out("opportunities", "amount")):
        file, line, c = book.where("opportunities", i, "stage")
        d.append(warning(file, line, c, "open-without-amount"))
    # with no valid ladder of stage probabilities (an error on mkdocs.yml), no deal can be held to it
    ranges = settings.policy.probability_ranges() if settings.policy.stage_problem() is None else {}
    has_p = df["probability"].notna() & stage.isin(list(ranges))
    for i in _rows(df, has_p):
        lo, hi = ranges[stage.at[i]]
        p = df.at[i, "probability"]
        if not lo <= p <= hi:
            file, line, c = book.where("opportunities", i, "probability")
            code = "probability-fixed" if lo == hi else "probability-out-of-range"
            d.append(error(file, line, c, code, value=_fmt(p), stage=stage.at[i], low=_fmt(lo), high=_fmt(hi)))
    return d


def _fmt(x) -> str:
    return f"{x:g}"


def currencies(book: Book, settings: Settings) -> list[Diagnostic]:
    pol = settings.policy
    d = []
    for table in ("accounts", "opportunities", "receivables"):
        df = book[table]
        if df.empty:
            continue
        ok = df["currency"].notna() & df["currency"].astype(str).str.match(CURRENCY)
        for i in _rows(df, ok):
            cur = df.at[i, "currency"]
            if pol.rate(cur) is None:
                file, line, c = book.where(table, i, "currency")
                d.append(
                    error(
                        file,
                        line,
                        c,
                        "no-rate",
                        currency=cur,
                        base=pol.base_currency,
                        known=", ".join(sorted(pol.rates)) or "-",
                    )
                )
    return d


def people(book: Book, settings: Settings) -> list[Diagnostic]:
    """Advice on the roster: owners who have left, sponsors who are not executives."""
    ppl = book["people"]
    if ppl.empty:
        return []
    left = set(ppl.loc[ppl["left"].notna() & (ppl["left"] <= pd.Timestamp(settings.report_date())), "id"])
    roles = dict(zip(ppl["id"], ppl["role"]))
    acc = book["accounts"]
    d = []
    for i in _rows(acc, acc["owner"].isin(left)):
        file, line, c = book.where("accounts", i, "owner")
        d.append(warning(file, line, c, "owner-left", person=acc.at[i, "owner"]))
    opp = book["opportunities"]
    for i in _rows(opp, opp["owner"].isin(left) & opp["stage"].isin(OPEN_STAGES)):
        file, line, c = book.where("opportunities", i, "owner")
        d.append(warning(file, line, c, "assigned-to-leaver", person=opp.at[i, "owner"]))
    act = book["actions"]
    for i in _rows(act, act["owner"].isin(left) & book.left_out("actions", "done")):
        file, line, c = book.where("actions", i, "owner")
        d.append(warning(file, line, c, "assigned-to-leaver", person=act.at[i, "owner"]))
    for i in _rows(acc, acc["sponsor"].notna()):
        r = roles.get(acc.at[i, "sponsor"])
        if r is not None and r not in ("executive", "manager", "ka_team"):
            file, line, c = book.where("accounts", i, "sponsor")
            d.append(warning(file, line, c, "sponsor-not-executive", person=acc.at[i, "sponsor"], role=r))
    return d


def lost_accounts(book: Book, settings: Settings) -> list[Diagnostic]:
    """Every lost customer has a written review (a management principle): advice when missing."""
    acc = book["accounts"]
    d = []
    for i in _rows(acc, acc["lost.date"].notna() & book.left_out("accounts", "lost.review")):
        file, line, c = book.where("accounts", i, "lost.date")
        d.append(warning(file, line, c, "lost-without-review"))
    return d


def units(book: Book, settings: Settings) -> list[Diagnostic]:
    """A deal's or whitespace cell's business unit should be one the account lists (when it lists any)."""
    acc = book["accounts"]
    listed = {a: set(u) for a, u in zip(acc["id"].tolist(), acc["business_units"].tolist()) if isinstance(u, tuple)}
    d = []
    for table in ("opportunities", "whitespace"):
        df = book[table]
        for i, a, u in zip(df.index.tolist(), df["account"].tolist(), df["unit"].tolist()):
            if isinstance(u, str) and a in listed and u not in listed[a]:
                file, line, c = book.where(table, int(i), "unit")
                hint = suggest(u, listed[a])
                d.append(
                    warning(
                        file,
                        line,
                        c,
                        "unknown-unit-hint" if hint else "unknown-unit",
                        value=u,
                        hint=hint,
                        units=", ".join(sorted(listed[a])),
                    )
                )
    return d


CHECKS = (references, dates, revenue_before_since, deals, currencies, people, lost_accounts, units)


def cross_checks(book: Book, settings: Settings) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for check in CHECKS:
        out += check(book, settings)
    return out
