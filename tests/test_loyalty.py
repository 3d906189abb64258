"""Loyalty as behaviour, satisfaction as a rate, credit reviews: worked by hand on small books.

As of 2026-11-20 the current-value year is 2025 and the retention base is 2024.
"""

from __future__ import annotations

from books import account, metrics

SURVEY = "surveys:\n  - {{date: {d}, satisfaction: {s}}}\n"


def book() -> dict[str, str]:
    return {
        # bought 2024 and 2025: retained (rep-a)
        "a": account("A", "rep-a", revenue={2024: 100, 2025: 120}) + SURVEY.format(d="2026-03-01", s=9),
        # bought 2024, not 2025: churned (rep-a)
        "b": account("B", "rep-a", revenue={2024: 500}) + SURVEY.format(d="2026-03-01", s=6),
        # bought 2025 only: a new buyer, not in the base (rep-b)
        "c": account("C", "rep-b", revenue={2025: 80}),
        # bought both years (rep-b); its later survey (8) replaces the first (5); a survey after the report date is not seen
        "d": account("D", "rep-b", revenue={2024: 10, 2025: 10})
        + "surveys:\n  - {date: 2025-05-01, satisfaction: 5}\n  - {date: 2026-06-01, satisfaction: 8}\n"
        + "  - {date: 2026-12-01, satisfaction: 2}\n",
        # the importer's pool: never a customer
        "pool": account("未分配", None, revenue={2024: 999}) + "placeholder: true\n",
    }


def test_retention_churn_and_repeat_purchase(tmp_path):
    lo = metrics(tmp_path, book())["loyalty"]
    assert lo["years"] == {"previous": 2024, "current": 2025}
    # base {a, b, d}: a and d retained, b churned; buyers in 2025 {a, c, d}: a and d bought before
    assert lo["overall"] == {
        "base": 3,
        "retained": 2,
        "churned": 1,
        "buyers": 3,
        "retention": 2 / 3,
        "churn": 1 / 3,
        "repeat": 2 / 3,
    }
    assert lo["by_rep"]["rep-a"] == {
        "base": 2,
        "retained": 1,
        "churned": 1,
        "buyers": 1,
        "retention": 0.5,
        "churn": 0.5,
        "repeat": 1.0,
    }
    assert lo["by_rep"]["rep-b"]["retention"] == 1.0 and lo["by_rep"]["rep-b"]["repeat"] == 0.5
    assert [r["account"] for r in lo["churned"]] == ["b"] and lo["churned"][0]["previous"] == 500.0
    assert sum(t["base"] for t in lo["by_tier"].values()) == 3


def test_satisfaction_rate_counts_each_customers_latest_score_by_the_report_date(tmp_path):
    s = metrics(tmp_path, book())["loyalty"]["satisfaction"]
    # latest scores: a 9, b 6, d 8 (the 2026-12-01 survey is after the report date): 2 of 3 at or above 8
    assert s == {"threshold": 8.0, "target": 0.9, "surveyed": 3, "satisfied": 2, "rate": 2 / 3, "meets_target": False}
    s = metrics(tmp_path / "x", book(), satisfied_score=6.0, satisfaction_target=100.0)["loyalty"]["satisfaction"]
    assert (s["satisfied"], s["rate"], s["meets_target"]) == (3, 1.0, True)


def test_credit_limits_due_for_review(tmp_path):
    accs = {
        "fresh": account("Fresh", revenue={2025: 1}) + "credit: {limit: 100000, reviewed: 2026-01-10}\n",
        "stale": account("Stale", revenue={2025: 1}) + "credit: {limit: 200000, reviewed: 2025-06-30}\n",
        "never": account("Never", revenue={2025: 1}) + "credit: {limit: 50000}\n",
        "nolimit": account("NoLimit", revenue={2025: 1}) + "credit: {rating: A}\n",
    }
    m = metrics(tmp_path, accs)
    due = m["credit"]["review_due"]
    # 2025-06-30 to 2026-11-20 is 508 days > 365; never reviewed is due; 2026-01-10 is 314 days
    assert [(r["account"], r["reviewed"], r["days"]) for r in due] == [
        ("never", None, None),
        ("stale", "2025-06-30", 508),
    ]
    assert m["alerts"]["credit_review_due"] == 2
    assert [r["account"] for r in metrics(tmp_path / "y", accs, credit_review_days=300)["credit"]["review_due"]] == [
        "fresh",
        "never",
        "stale",
    ]


def test_credit_reviews_of_accounts_of_one_name_keep_the_books_order(tmp_path):
    # a sort that is not stable shuffled these (seen at 1,000 accounts): the list must not move between builds
    accs = {f"a{i:03}": account("同名", revenue={2025: 1}) + "credit: {limit: 1000}\n" for i in range(60)}
    due = metrics(tmp_path, accs)["credit"]["review_due"]
    assert [r["account"] for r in due] == sorted(accs)
