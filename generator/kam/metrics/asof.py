"""The book as it stood on the report date: a figure as of D uses only facts dated on or before D.

One pure function, applied before any figure is computed, so no metric has to remember the rule:

- a fact dated after D did not happen yet: surveys, complaints, activities and invoices issued after D
  are left out, and so are revenue years after D's year and deals created after D;
- an outcome dated after D is not known yet: an invoice paid or written off after D is still open; a
  complaint resolved after D is unresolved (its outcome unknown); an action done after D is not done;
  a customer lost after D is not lost; a credit review after D did not happen;
- an account that became a customer after D (`since`) was not one yet: on D it is at the stage before,
  `potential` (a prospect being opened, so in attack posture), with no `since`, and had no revenue yet in
  D's year.  Otherwise the lifecycle stage is as written: the file does not date its later stages;
- a revenue row has a year, not a date: D's year counts as written ("so far" is as far as the file has
  recorded it), since no date says which part of it came after D;
- a person who leaves after D is still on the team on D (one who joins after D is left out of the team's
  figures by ``kam.metrics.team``: the accounts they own today still show them as owner);
- a deal without a `created` date exists from the first stage it entered;
- a deal won or lost after D (the date it entered won or lost; for a won deal without one, its close
  date) was still open on D, at the last open stage it had entered by D (from `stage_dates`), or at
  `prospect` when the file does not say: the most cautious stage, since nothing dated says it had gone
  further.  A lost deal's close date is often the plan never updated, so it alone does not reopen it. A deal that entered a
  later open stage after D is taken back to the stage it was in on D; so is a deal whose file does not date
  its current stage but dates another stage after D.

Rows keep their labels, so every value still maps back to its file and line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from kam.book.policy import OPEN_STAGES
from kam.book.tables import Book

CLOSED = ("won", "lost")


def _after(s: pd.Series, ts: pd.Timestamp) -> pd.Series:
    return s.notna() & (s > ts)


def _blank(df: pd.DataFrame, mask: pd.Series, columns: list[str]) -> None:
    for c in columns:
        if c in df.columns and mask.any():
            df.loc[mask, c] = None


def _stage_date(opp: pd.DataFrame, stages) -> pd.Series:
    """Per deal, the date it entered its current stage (NaT when the file does not say)."""
    out = pd.Series(pd.NaT, index=opp.index, dtype="datetime64[ns]")
    for s in stages:
        col = f"stage_dates.{s}"
        if col in opp.columns:
            out = out.fillna(opp[col].where(opp["stage"] == s))
    return out


def _deals(opp: pd.DataFrame, ts: pd.Timestamp) -> pd.DataFrame:
    dated = [f"stage_dates.{s}" for s in (*OPEN_STAGES, *CLOSED) if f"stage_dates.{s}" in opp.columns]
    first = opp[dated].min(axis=1) if dated else pd.Series(pd.NaT, index=opp.index)
    later = opp[dated].gt(ts).any(axis=1) if dated else pd.Series(False, index=opp.index)
    # a deal exists from its creation; without a `created` date, from the first stage it entered
    opp = opp[~_after(opp["created"].fillna(first), ts)].copy()
    if opp.empty:
        return opp
    later = later[opp.index]
    entered = _stage_date(opp, (*OPEN_STAGES, *CLOSED))
    # won or lost after D: still open on D.  When: the date it entered that stage; for a won deal without
    # one, its close date (the signing date, which drives revenue); a lost deal's close date is often the
    # plan never updated, so without a `lost` stage date it counts as lost.
    when = entered.fillna(opp["close"].where(opp["stage"] == "won"))
    # without the date of its current stage, a deal that entered any stage after D was not there yet on D
    undated_later = entered.isna() & later
    closed = opp["stage"].isin(CLOSED) & (_after(when, ts) | undated_later)
    # an open stage entered after D: not entered yet
    moved = opp["stage"].isin(OPEN_STAGES) & (_after(entered, ts) | undated_later)
    for s in (*OPEN_STAGES, *CLOSED):  # every stage date after D is forgotten
        col = f"stage_dates.{s}"
        if col in opp.columns:
            _blank(opp, _after(opp[col], ts), [col])
    last_open = pd.Series(None, index=opp.index, dtype=object)  # the last open stage entered by D
    for s in OPEN_STAGES:
        col = f"stage_dates.{s}"
        if col in opp.columns:
            last_open = last_open.where(opp[col].isna(), s)
    back = closed | moved
    opp.loc[back, "stage"] = last_open[back].fillna("prospect")
    _blank(opp, back, ["probability", "lost_reason"])
    return opp


def as_of_view(book: Book, day: dt.date) -> Book:
    """The book as it stood at the end of `day` (see the module's rules); the input is not changed.

    The view knows its date: viewing it again at that date returns it as it is."""
    if book.as_of == day:
        return book
    if book.as_of is not None:
        raise ValueError(f"the book already stands at {book.as_of}: view the book as written instead")
    ts = pd.Timestamp(day)
    t = dict(book.tables)

    people = t["people"].copy()
    _blank(people, _after(people["left"], ts), ["left"])  # leaving after D: still on the team on D
    t["people"] = people

    acc = t["accounts"].copy()
    customer_later = _after(acc["since"], ts)  # not a customer yet on D: a prospect
    acc.loc[customer_later, "lifecycle"] = "potential"
    _blank(acc, customer_later, ["since"])
    lost_later = _after(acc["lost.date"], ts)
    _blank(acc, lost_later, ["lost.date", "lost.reason", "lost.review"])
    _blank(acc, _after(acc["credit.reviewed"], ts), ["credit.reviewed"])
    t["accounts"] = acc

    rev = t["revenue"]
    later = rev["year"].notna() & (rev["year"] > day.year)
    # a customer only after D: its revenue of D's year came after D
    later |= (rev["year"] == day.year) & rev["account"].isin(acc.loc[customer_later, "id"])
    t["revenue"] = rev[~later]

    for table in ("surveys", "complaints", "activities"):
        df = t[table]
        t[table] = df[~_after(df["date"], ts)]
    comp = t["complaints"].copy()
    _blank(comp, _after(comp["resolved"], ts), ["resolved", "outcome"])
    t["complaints"] = comp

    actions = t["actions"].copy()
    _blank(actions, _after(actions["done"], ts), ["done"])
    t["actions"] = actions

    rec = t["receivables"]
    rec = rec[~_after(rec["issued"], ts)].copy()
    _blank(rec, _after(rec["paid"], ts), ["paid"])
    _blank(rec, _after(rec["written_off"], ts), ["written_off"])
    t["receivables"] = rec

    t["opportunities"] = _deals(t["opportunities"], ts)
    return dataclasses.replace(book, tables=t, as_of=day)
