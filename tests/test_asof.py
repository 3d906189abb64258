"""A figure as of D uses only facts dated on or before D: a book whose facts straddle the report date.

The report date is conftest's AS_OF (2026-11-20).  Each test puts one kind of fact on both sides of it and
checks the figure `kam metrics` gives, then the same book read a month later, when the fact has happened.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from kam.book.policy import Settings
from kam.metrics import compute

from conftest import ACCOUNT, AS_OF

LATER = dt.date(2026, 12, 31)


def figures(load, files, as_of=AS_OF):
    book, diags = load(files)
    assert not [d for d in diags if d.severity == "error"], diags
    settings = dataclasses.replace(Settings(as_of=AS_OF), as_of=as_of)
    return compute(book, settings)


def acct(extra: str) -> dict[str, str]:
    return {"acme.yaml": ACCOUNT + "owner: rep-a\n" + extra}


def test_an_invoice_paid_after_the_report_date_is_still_open_then(load):
    files = acct(
        "receivables:\n"
        "  - {invoice: I-1, amount: 1000, issued: 2026-09-01, due: 2026-10-01, paid: 2026-12-05}\n"
        "  - {invoice: I-2, amount: 500, issued: 2026-09-01, due: 2026-10-01, paid: 2026-11-01}\n"
    )
    now = figures(load, files)["credit"]["by_account"][0]
    assert now["exposure"] == 1000  # I-1 unpaid on 2026-11-20; I-2 paid before
    later = figures(load, files, LATER)["credit"]["by_account"]
    assert not later or later[0]["exposure"] == 0


def test_an_invoice_written_off_or_issued_after_the_report_date(load):
    files = acct(
        "receivables:\n"
        "  - {invoice: W-1, amount: 300, issued: 2026-08-01, due: 2026-09-01, written_off: 2026-12-01}\n"
        "  - {invoice: F-1, amount: 900, issued: 2026-12-01, due: 2027-01-01}\n"
    )
    m = figures(load, files)
    assert m["credit"]["by_account"][0]["exposure"] == 300
    assert m["credit"]["written_off_amount"] == 0
    assert figures(load, files, LATER)["credit"]["written_off_amount"] == 300


def test_a_survey_taken_later_does_not_replace_todays_score(load):
    files = acct("surveys:\n  - {date: 2026-10-01, satisfaction: 6}\n  - {date: 2026-12-01, satisfaction: 10}\n")
    now = figures(load, files)["satisfaction"]["accounts"][0]
    later = figures(load, files, LATER)["satisfaction"]["accounts"][0]
    assert now != later
    assert 6 in now.values() and 10 not in now.values()
    assert 10 in later.values()


def test_a_complaint_resolved_later_is_open_on_the_report_date(load):
    files = acct(
        "complaints:\n"
        "  - {date: 2026-11-01, summary: late delivery, resolved: 2026-12-01, outcome: refunded}\n"
        "  - {date: 2026-12-02, summary: not yet made}\n"
    )
    now = figures(load, files)["satisfaction"]["complaints"]
    assert (now["open_count"], now["closed_count"]) == (1, 0)
    later = figures(load, files, LATER)["satisfaction"]["complaints"]
    assert (later["open_count"], later["closed_count"]) == (1, 1)


DEAL = (
    "opportunities:\n"
    "  - id: big\n    name: Big\n    stage: won\n    amount: 100000\n    created: 2026-06-01\n"
    "    close: 2026-12-10\n    stage_dates: {{proposal: 2026-09-01, won: {won}}}\n"
)


def test_a_deal_won_after_the_report_date_was_open_at_its_stage_then(load):
    files = acct(DEAL.format(won="2026-12-10"))
    now = figures(load, files)["pipeline"]
    assert now["open_count"] == 1
    assert now["weighted_amount"] == 50000  # proposal: 50% of 100,000
    later = figures(load, files, LATER)["pipeline"]
    assert (later["open_count"], later["weighted_amount"]) == (0, 0)


def test_a_deal_won_before_the_report_date_stays_won(load):
    files = acct(DEAL.format(won="2026-11-01"))
    assert figures(load, files)["pipeline"]["open_count"] == 0


def test_a_deal_created_after_the_report_date_does_not_exist_yet(load):
    files = acct(
        "opportunities:\n"
        "  - {id: new, name: New, stage: intent, amount: 1000, created: 2026-12-01, close: 2027-03-01}\n"
    )
    assert figures(load, files)["pipeline"]["open_count"] == 0
    assert figures(load, files, LATER)["pipeline"]["open_count"] == 1


def test_an_action_done_later_is_overdue_on_the_report_date(load):
    files = acct(
        "plan:\n  actions:\n    - {title: Visit, measure: executive_visit, owner: rep-a, due: 2026-11-10, done: 2026-12-01}\n"
    )
    assert len(figures(load, files)["plan"]["overdue"]) == 1
    assert figures(load, files, LATER)["plan"]["overdue"] == []


def test_a_customer_lost_later_is_not_lost_yet(load):
    files = acct("lost: {date: 2026-12-15, reason: price}\n")
    assert figures(load, files)["satisfaction"]["lost"]["accounts"] == []
    assert len(figures(load, files, LATER)["satisfaction"]["lost"]["accounts"]) == 1


def test_revenue_of_a_later_year_is_not_counted(load):
    files = acct("revenue:\n  - {year: 2025, amount: 1000}\n  - {year: 2027, amount: 99999}\n")
    m = figures(load, files)
    assert m["pareto"]["total_revenue"] == 1000


def test_validate_warns_once_per_fact_dated_after_the_report_date(check):
    lines = check(
        acct(
            "lost: {date: 2026-12-15, reason: price}\n"
            "receivables:\n"
            "  - {invoice: I-1, amount: 1, issued: 2026-09-01, due: 2026-10-01, paid: 2026-12-05}\n"
            "opportunities:\n"
            "  - {id: o, name: O, stage: won, amount: 1, created: 2026-06-01, close: 2026-12-10}\n"
            "  - {id: p, name: P, stage: intent, amount: 1, created: 2026-06-01, close: 2027-02-10}\n"
        )
    )
    future = [line for line in lines if "after the report date" in line]
    assert future == [
        "accounts/acme.yaml:7:14: warning: `lost.date` is 2026-12-15, after the report date 2026-11-20; "
        "is the year right?",
        "accounts/acme.yaml:9:74: warning: `paid` is 2026-12-05, after the report date 2026-11-20; is the year right?",
        "accounts/acme.yaml:11:73: warning: `close` is 2026-12-10, after the report date 2026-11-20; "
        "is the year right?",
    ]


def test_a_lost_deal_with_only_a_planned_close_date_stays_lost(load):
    files = acct(
        "opportunities:\n"
        "  - {id: x, name: X, stage: lost, lost_reason: price, amount: 1000, created: 2026-06-01, close: 2026-12-10}\n"
        "  - {id: y, name: Y, stage: lost, lost_reason: price, amount: 1000, created: 2026-06-01, close: 2026-12-10,\n"
        "     stage_dates: {intent: 2026-07-01, lost: 2026-12-01}}\n"
    )
    p = figures(load, files)["pipeline"]
    assert p["open_count"] == 1 and p["weighted_amount"] == 300  # y: lost on 12-01, at intent on D
