"""A figure as of D uses only facts dated on or before D: a book whose facts straddle the report date.

The report date is conftest's AS_OF (2026-11-20).  Each test puts one kind of fact on both sides of it and
checks the figure `kam metrics` gives, then the same book read a month later, when the fact has happened.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from kam.book.policy import Settings
from kam.metrics import compute
from site_project import make_project, run_kam

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


def test_an_account_that_becomes_a_customer_after_the_report_date_is_a_prospect_then(load):
    files = acct("since: 2026-12-01\n")  # written as a stable customer since 2026-12-01

    def seen(m):
        a = m["accounts"]["items"][0]
        return a["lifecycle"], a["posture"], m["scorecard"]["company"]["new_customers"]

    assert seen(figures(load, files)) == ("potential", "acquire", 0)  # on 2026-11-20: being opened
    assert seen(figures(load, files, LATER)) == ("stable", "harass", 1)  # a customer won in the last 365 days


def test_revenue_of_a_later_year_is_not_counted(load):
    files = acct("revenue:\n  - {year: 2025, amount: 1000}\n  - {year: 2027, amount: 99999}\n")
    m = figures(load, files)
    assert m["pareto"]["total_revenue"] == 1000


def test_a_customer_since_after_the_report_date_had_no_revenue_yet_that_year(load):
    files = acct("since: 2026-12-01\nrevenue:\n  - {year: 2026, amount: 5000}\n")
    assert figures(load, files)["accounts"]["revenue_ytd"] == 0  # its 2026 revenue came from December on
    assert figures(load, files, LATER)["accounts"]["revenue_ytd"] == 5000


def test_revenue_of_the_report_year_counts_as_written_whatever_the_month(load):
    # a revenue row carries a year, not a date: the report year's is "so far" as the file records it
    files = acct("since: 2020-01-01\nrevenue:\n  - {year: 2026, amount: 5000}\n")
    early = dataclasses.replace(Settings(as_of=AS_OF), as_of=dt.date(2026, 1, 2))
    assert compute(load(files)[0], early)["accounts"]["revenue_ytd"] == 5000


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


def test_validate_warns_about_a_customer_since_after_the_report_date(check):
    assert check(acct("since: 2026-12-01\n")) == [
        "accounts/acme.yaml:7:8: warning: `since` is 2026-12-01, after the report date 2026-11-20; is the year right?"
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


def test_a_deal_without_a_created_date_exists_from_the_first_stage_it_entered(load):
    files = acct(
        "opportunities:\n"
        "  - {id: n, name: N, stage: intent, amount: 1000, close: 2027-03-01,\n"
        "     stage_dates: {prospect: 2026-12-01, intent: 2026-12-10}}\n"
        "  - {id: u, name: U, stage: intent, amount: 10, close: 2027-03-01}\n"  # no date at all: it exists
    )
    assert figures(load, files)["pipeline"]["open_amount"] == 10
    assert figures(load, files, LATER)["pipeline"]["open_amount"] == 1010


def test_a_deal_whose_current_stage_is_undated_goes_back_when_another_stage_is_dated_later(load):
    files = acct(
        "opportunities:\n"
        "  - {id: n, name: N, stage: negotiation, amount: 1000, created: 2026-01-05, close: 2027-03-01,\n"
        "     stage_dates: {intent: 2026-02-01, proposal: 2026-12-01}}\n"
        "  - {id: w, name: W, stage: won, amount: 500, created: 2026-01-05, close: 2026-11-15,\n"
        "     stage_dates: {proposal: 2026-02-01, negotiation: 2026-12-01}}\n"
    )

    def stages(m):
        return {s: v["amount"] for s, v in m["pipeline"]["by_stage"].items() if v["count"]}

    now = figures(load, files)  # n was at intent on D, w at proposal
    assert stages(now) == {"intent": 1000, "proposal": 500} and now["won"]["this_year"]["amount"] == 0
    later = figures(load, files, LATER)
    assert stages(later) == {"negotiation": 1000, "won": 500} and later["won"]["this_year"]["amount"] == 500


PEOPLE = """\
people:
  - {id: rep-a, name: 张伟, role: rep, team: east}
  - {id: rep-b, name: 李明, role: rep, team: east, joined: 2026-12-01}
  - {id: rep-c, name: 王芳, role: rep, team: east, joined: 2025-01-01, left: 2026-12-15}
offerings:
  - {id: mes, name: MES}
"""


def test_people_join_and_leave_on_their_dates(load):
    def team(as_of):
        book, diags = load(acct(""), PEOPLE)
        assert not [d for d in diags if d.severity == "error"], diags
        m = compute(book, dataclasses.replace(Settings(as_of=AS_OF), as_of=as_of))
        return {r["person"]: r["left"] for r in m["team"]["reps"]}, m["scorecard"]["by_team"]["east"]

    reps, east = team(AS_OF)
    assert reps == {"rep-a": None, "rep-c": None}  # rep-b joins later; rep-c is still here
    assert (east["headcount"], east["rep_turnover"]) == (2, 0)
    reps, east = team(LATER)
    assert reps == {"rep-a": None, "rep-b": None, "rep-c": "2026-12-15"}
    assert (east["headcount"], east["rep_turnover"]) == (3, 1 / 3)


LATER_FACTS = """\
name: Acme Later
owner: zhang-wei
industry: manufacturing
region: east
lifecycle: stable
since: 2026-12-01
potential: 1000000
revenue:
  - {year: 2025, amount: 100000}
  - {year: 2026, amount: 24680}
  - {year: 2027, amount: 987654}
contacts:
  - {id: wang-zong, name: 王总, level: top, roles: [decision_maker], attitude: support}
opportunities:
  - {id: later, name: FUTURE-DEAL, stage: intent, amount: 1000, created: 2026-12-01, close: 2027-03-01}
  - {id: big, name: Big Line, stage: won, amount: 100000, created: 2026-06-01, close: 2026-12-10,
     stage_dates: {proposal: 2026-09-01, won: 2026-12-10}}
plan:
  actions:
    - {title: Trial, measure: new_product_trial, owner: zhang-wei, due: 2026-11-10, done: 2026-12-01}
activities:
  - {date: 2026-11-20, kind: call, by: [zhang-wei], with: [wang-zong], summary: ONDAY-ACTIVITY}
  - {date: 2026-12-02, kind: call, by: [zhang-wei], with: [wang-zong], summary: FUTURE-ACTIVITY}
surveys:
  - {date: 2026-12-03, satisfaction: 9, comment: FUTURE-SURVEY}
complaints:
  - {date: 2026-12-04, summary: FUTURE-COMPLAINT, severity: low}
lost: {date: 2026-12-15, reason: price, review: FUTURE-LOST-REVIEW}
"""
LATER_MARKERS = ("FUTURE-DEAL", "FUTURE-ACTIVITY", "FUTURE-SURVEY", "FUTURE-COMPLAINT", "FUTURE-LOST-REVIEW")


def _site_and_export(project, as_of: str, out) -> tuple[str, str, str]:
    """(the account's page, the search index, the export's book tables) as of a date, from `kam`."""
    for args in (["build", "--site-dir", str(out / "site")], ["export", "--format", "csv", "--out", str(out / "csv")]):
        r = run_kam(project, "--as-of", as_of, *args)
        assert r.returncode == 0, r.stderr
    page = (out / "site" / "accounts" / "acme-later" / "index.html").read_text(encoding="utf-8")
    index = (out / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    tables = "".join(p.read_text(encoding="utf-8") for p in sorted((out / "csv").glob("*.csv")))
    return page, index, tables


def test_pages_search_and_export_show_the_book_as_it_stood_on_the_report_date(tmp_path):
    project = make_project(tmp_path, "en", accounts={"acme-later": LATER_FACTS})
    page, index, tables = _site_and_export(project, "2026-11-20", tmp_path / "then")
    for marker in LATER_MARKERS:
        assert marker not in page and marker not in index and marker not in tables, marker
    assert "ONDAY-ACTIVITY" in page and "ONDAY-ACTIVITY" in tables  # a fact of the report date itself counts
    assert "2027 (YTD)" not in page and "987654" not in tables  # the revenue of 2027
    assert "2026 (YTD)" not in page and "24680" not in tables  # a customer from 2026-12-01: none yet in 2026
    assert "Big Line" in page and "Proposal · 50%" in page  # won on 2026-12-10: at proposal on D
    assert '"big","Big Line","proposal"' in tables
    assert "Customer lost" not in page
    # a customer since 2026-12-01: on D a prospect, in attack posture, with no "customer since"
    assert "<dt>Lifecycle</dt><dd>Potential</dd>" in page and "Customer since" not in page
    assert "accounts being opened are in attack posture" in page
    page, index, tables = _site_and_export(project, "2027-01-31", tmp_path / "later")
    for marker in LATER_MARKERS:
        assert marker in page and marker in tables, marker
    assert "Customer lost" in page and "2027 (YTD)" in page and "987654" in tables
    assert "24680" in tables
    assert "<dt>Lifecycle</dt><dd>Stable</dd>" in page and "<dt>Customer since</dt><dd>2026-12-01</dd>" in page
    assert "accounts being opened" not in page
    assert '"big","Big Line","won"' in tables
