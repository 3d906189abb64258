"""Table schemas and cross-table checks: each failure is one exact, located line a rep can act on."""

from __future__ import annotations

import pytest

from kam.book.diagnostics import Diagnostic

from conftest import ACCOUNT, BOOK_YAML

F = "accounts/acme.yaml"


def one(check, extra: str) -> list[str]:
    return check({"acme.yaml": ACCOUNT + extra})


def where(diags: list[Diagnostic]) -> list[tuple]:
    """What a diagnostic says, without its wording: (file, line, column, severity, code, value, hint)."""
    return [(d.file, d.line, d.column, d.severity, d.code, d.params.get("value"), d.params.get("hint")) for d in diags]


def col(line: str, token: str) -> int:
    """1-based column of the first `token` in a line."""
    return line.index(token) + 1


CONTACT = "{id: c1, name: 王总, level: top, attitude: support}"

# ------------------------------------------------------------------ unknown keys


def test_unknown_key_with_did_you_mean(check):
    # the misspelt amount is not read, so the won deal also lacks its amount
    line = "  - {id: o1, name: O, stage: won, ammount: 5, close: 2026-09-01}"
    assert one(check, f"opportunities:\n{line}\n") == [
        f"{F}:7:30: error: a won opportunity needs its `amount`",
        f"{F}:7:{col(line, 'ammount')}: error: unknown field `ammount` in opportunity; did you mean `amount`?",
    ]


def test_unknown_key_without_did_you_mean_lists_the_allowed_keys(check):
    assert one(check, "credit:\n  zzz: 1\n") == [
        f"{F}:7:3: error: unknown field `zzz` in credit; allowed: rating, limit, reviewed"
    ]


def test_unknown_key_in_the_account_file(check):
    lines = one(check, "country: CN\n")
    assert lines == [
        f"{F}:6:1: error: unknown field `country` in account file; allowed: name, short_name, owner, sponsor, "
        "industry, region, lifecycle, size, ownership, since, tier, placeholder, opening_step, currency, potential, net_margin, "
        "business_units, needs, revenue, credit, loyalty, lost, contacts, competitors, opportunities, plan, "
        "activities, receivables, surveys, complaints, whitespace, notes"
    ]


# ------------------------------------------------------------------ enumerations


def test_bad_enum_with_hint_and_allowed_values(check):
    text = "opportunities:\n  - {id: o1, name: O, stage: propsal, amount: 5, close: 2026-12-01}\n"
    assert one(check, text) == [
        f"{F}:7:30: error: `stage` cannot be `propsal`; did you mean `proposal`? "
        "allowed: prospect, intent, proposal, negotiation, won, lost"
    ]


def test_bad_enum_without_hint(check):
    assert check({"acme.yaml": ACCOUNT.replace("region: east", "region: mars")}) == [
        f"{F}:3:9: error: `region` cannot be `mars`; "
        "allowed: north, northeast, east, south, central, southwest, northwest, overseas"
    ]


def test_list_enum_error_at_the_element(check):
    line = "  - {id: c1, name: C, level: top, attitude: support, roles: [user, gatekeepr, insider, boss]}"
    assert one(check, "contacts:\n" + line + "\n") == [
        f"{F}:7:{col(line, 'gatekeepr')}: error: `roles` cannot be `gatekeepr`; did you mean `gatekeeper`? "
        "allowed: purchaser, user, gatekeeper, decision_maker, guide, insider",
        f"{F}:7:{col(line, 'boss')}: error: `roles` cannot be `boss`; "
        "allowed: purchaser, user, gatekeeper, decision_maker, guide, insider",
    ]


# ------------------------------------------------------------------ required, ranges, patterns


def test_missing_required_field_points_at_the_record(check):
    assert one(check, "contacts:\n  - {id: c1, name: C, attitude: support}\n") == [
        f"{F}:7:5: error: the contact is missing the required field `level`"
    ]


def test_missing_required_field_of_the_account(check):
    assert check({"acme.yaml": ACCOUNT.replace("industry: other\n", "")}) == [
        f"{F}:1:1: error: the account file is missing the required field `industry`"
    ]


def test_missing_required_field_of_a_group(check):
    assert one(check, "lost:\n  date: 2026-01-01\n  review: 价格\n") == [
        f"{F}:7:9: error: the lost customer is missing the required field `reason`"
    ]


def test_missing_people_in_the_book_file(check):
    assert check({"acme.yaml": ACCOUNT}, book_yaml="offerings: []\n") == [
        "accounts/_book.yaml:1:1: error: the team and catalogue is missing the required field `people`"
    ]


def test_ranges(check):
    text = ACCOUNT.replace("potential: 0", "potential: -5") + "net_margin: 150\n"
    text += "surveys:\n  - {date: 2026-01-05, satisfaction: 11}\n"
    assert check({"acme.yaml": text}) == [
        f"{F}:5:12: error: `potential` is -5; it must be at least 0",
        f"{F}:6:13: error: `net_margin` is 150; it must be at most 100",
        f"{F}:8:38: error: `satisfaction` is 11; it must be at most 10",
    ]


def test_bad_contact_id(check):
    assert one(check, "contacts:\n  - {id: Wang Zong, name: C, level: top, attitude: support}\n") == [
        f"{F}:7:10: error: `Wang Zong` is not a valid id: use lowercase letters, digits, `-` or `_`, like `sam-lee`"
    ]


def test_bad_currency_pattern(check):
    lines = one(check, "currency: usd\n")
    assert f"{F}:6:11: error: `usd` is not a currency code: use three capital letters, like CNY or USD" in lines


def test_bad_currency_is_one_error(check):
    assert one(check, "currency: usd\n") == [
        f"{F}:6:11: error: `usd` is not a currency code: use three capital letters, like CNY or USD"
    ]


def test_bad_credit_rating(check):
    assert one(check, "credit: {rating: AAAA}\n") == [
        f"{F}:6:18: error: `AAAA` is not a credit rating; use one of AAA, AA, A, BBB, BB, B, CCC, CC, C, D"
    ]


# ------------------------------------------------------------------ duplicates


def test_contact_id_twice_in_an_account(check):
    assert one(check, f"contacts:\n  - {CONTACT}\n  - {CONTACT}\n") == [
        f"{F}:8:10: error: contact `c1` is given twice (also on line 7); each must be unique"
    ]


def test_same_contact_id_in_two_accounts_is_fine(check):
    contacts = f"contacts:\n  - {CONTACT}\n"
    assert check({"a.yaml": ACCOUNT + contacts, "b.yaml": ACCOUNT + contacts}) == []


def test_invoice_twice_across_two_files_names_the_other_file(check):
    rec = "receivables:\n  - {invoice: INV-1, amount: 1, issued: 2026-05-01, due: 2026-06-01, paid: 2026-06-01}\n"
    assert check({"a.yaml": ACCOUNT + rec, "b.yaml": ACCOUNT + rec}) == [
        "accounts/b.yaml:7:15: error: receivable `INV-1` is given twice (also in accounts/a.yaml:7); "
        "each must be unique"
    ]


# ------------------------------------------------------------------ references


def test_unknown_owner_with_did_you_mean(load):
    _, diags = load({"acme.yaml": ACCOUNT + "owner: repa\n"})
    assert where(diags) == [(F, 6, 8, "error", "unknown-ref-hint", "repa", "rep-a")]


def test_unknown_sponsor_without_hint(load):
    _, diags = load({"acme.yaml": ACCOUNT + "sponsor: wang\n"})
    assert where(diags) == [(F, 6, 10, "error", "unknown-ref", "wang", None)]


@pytest.mark.parametrize(
    "extra,expected",
    [
        pytest.param(
            "owner: repa\n",
            f"{F}:6:8: error: `owner`: `repa` is not a known person in the team (_book.yaml); did you mean `rep-a`?",
            id="person",
        ),
        pytest.param(
            f"contacts:\n  - {CONTACT}\nopportunities:\n"
            "  - {id: o1, name: O, stage: won, amount: 1, close: 2026-09-01, buying_centre: [c1, zz]}\n",
            f"{F}:9:85: error: `buying_centre`: this account has no contact `zz`",
            id="contact",
        ),
        pytest.param(
            "competitors:\n  - {name: ABB, kind: direct}\nopportunities:\n"
            "  - {id: o1, name: O, stage: won, amount: 1, close: 2026-09-01, competitors: [Siemens]}\n",
            f"{F}:9:79: error: `competitors`: this account has no competitor `Siemens`",
            id="competitor",
        ),
        pytest.param(
            "opportunities:\n  - {id: o1, name: O, stage: won, amount: 1, close: 2026-09-01, offering: erp}\n",
            f"{F}:7:75: error: `offering`: `erp` is not a known offering in the catalogue (_book.yaml)",
            id="offering",
        ),
        pytest.param(
            "activities:\n  - {date: 2026-01-01, kind: visit, opportunity: o9}\n",
            f"{F}:7:50: error: `opportunity`: this account has no opportunity `o9`",
            id="opportunity",
        ),
    ],
)
def test_unknown_reference_wording(check, extra, expected):
    assert one(check, extra) == [expected]


def test_unknown_buying_centre_contact(load):
    line = "  - {id: o1, name: O, stage: won, amount: 1, close: 2026-09-01, buying_centre: [c1, zz]}"
    _, diags = load({"acme.yaml": ACCOUNT + f"contacts:\n  - {CONTACT}\nopportunities:\n{line}\n"})
    assert where(diags) == [(F, 9, col(line, "zz"), "error", "unknown-ref-account", "zz", None)]


def test_contact_of_another_account_is_unknown(load):
    a = ACCOUNT + f"contacts:\n  - {CONTACT}\n"
    line = "  - {id: o1, name: O, stage: won, amount: 1, close: 2026-09-01, buying_centre: [c1]}"
    _, diags = load({"a.yaml": a, "b.yaml": ACCOUNT + f"opportunities:\n{line}\n"})
    assert where(diags) == [("accounts/b.yaml", 7, col(line, "c1]"), "error", "unknown-ref-account", "c1", None)]


def test_competitor_not_in_the_accounts_list(load):
    line = "  - {id: o1, name: O, stage: won, amount: 1, close: 2026-09-01, competitors: [Siemens, ABB]}"
    text = ACCOUNT + f"competitors:\n  - {{name: Siemens, kind: direct}}\nopportunities:\n{line}\n"
    _, diags = load({"acme.yaml": text})
    assert where(diags) == [(F, 9, col(line, "ABB"), "error", "unknown-ref-account", "ABB", None)]


def test_reports_to_unknown_contact_with_hint(load):
    line = "  - {id: c2, name: B, level: base, attitude: neutral, reports_to: c11}"
    _, diags = load({"acme.yaml": ACCOUNT + f"contacts:\n  - {CONTACT}\n{line}\n"})
    assert where(diags) == [(F, 8, col(line, "c11"), "error", "unknown-ref-hint", "c11", "c1")]


def test_reports_to_itself(check):
    line = "  - {id: c1, name: B, level: base, attitude: neutral, reports_to: c1}"
    assert one(check, f"contacts:\n{line}\n") == [
        f"{F}:7:{col(line, 'c1}')}: error: `reports_to` cannot name the record itself (`c1`)"
    ]


def test_activity_opportunity_must_exist(load):
    line = "  - {date: 2026-01-01, kind: visit, opportunity: o9, by: [rep-a]}"
    _, diags = load({"acme.yaml": ACCOUNT + f"activities:\n{line}\n"})
    assert where(diags) == [(F, 7, col(line, "o9"), "error", "unknown-ref-account", "o9", None)]


def test_activity_by_unknown_person(load):
    line = "  - {date: 2026-01-01, kind: visit, by: [rep-a, zhang]}"
    _, diags = load({"acme.yaml": ACCOUNT + f"activities:\n{line}\n"})
    assert where(diags) == [(F, 7, col(line, "zhang"), "error", "unknown-ref", "zhang", None)]


def test_references_that_resolve_give_nothing(check):
    text = (
        "owner: rep-a\nsponsor: rep-b\n"
        f"contacts:\n  - {CONTACT}\n  - {{id: c2, name: B, level: base, attitude: neutral, reports_to: c1}}\n"
        "competitors:\n  - {name: ABB, kind: direct}\n"
        "opportunities:\n  - {id: o1, name: O, stage: won, amount: 1, close: 2026-09-01, offering: mes,"
        " buying_centre: [c1, c2], competitors: [ABB]}\n"
        "activities:\n  - {date: 2026-01-01, kind: visit, opportunity: o1, by: [rep-a], with: [c2]}\n"
    )
    assert one(check, text) == []


# ------------------------------------------------------------------ dates in order


def test_issued_after_due(check):
    line = "  - {invoice: I1, amount: 1, issued: 2026-05-01, due: 2026-04-01, paid: 2026-05-02}"
    assert one(check, f"receivables:\n{line}\n") == [
        f"{F}:7:{col(line, '2026-04-01')}: error: `due` (2026-04-01) is before `issued` (2026-05-01); "
        "it must be on or after it"
    ]


def test_created_after_close(check):
    line = "  - {id: o1, name: O, stage: won, amount: 1, created: 2026-10-01, close: 2026-09-01}"
    assert one(check, f"opportunities:\n{line}\n") == [
        f"{F}:7:{col(line, '2026-09-01')}: error: `close` (2026-09-01) is before `created` (2026-10-01); "
        "it must be on or after it"
    ]


def test_same_day_is_in_order(check):
    line = "  - {id: o1, name: O, stage: won, amount: 1, created: 2026-10-01, close: 2026-10-01}"
    assert one(check, f"opportunities:\n{line}\n") == []


def test_paid_and_written_off(check):
    line = (
        "  - {invoice: I1, amount: 1, issued: 2026-05-01, due: 2026-06-01, paid: 2026-06-01, written_off: 2026-07-01}"
    )
    assert one(check, f"receivables:\n{line}\n") == [
        f"{F}:7:{col(line, '2026-07-01')}: error: a receivable cannot be both paid and written off; "
        "keep `paid` or `written_off`"
    ]


def test_date_after_the_report_date_is_a_warning(check):
    line = "  - {date: 2027-01-05, kind: visit}"
    assert one(check, f"activities:\n{line}\n") == [
        f"{F}:7:{col(line, '2027')}: warning: `date` is 2027-01-05, after the report date 2026-11-20; is the year right?"
    ]


def test_revenue_for_a_year_before_the_account_became_a_customer_is_a_warning(book, kam):
    book(
        {
            "acme.yaml": ACCOUNT
            + "since: 2021-03-01\nrevenue:\n  - {year: 2019, amount: 100}\n  - {year: 2021, amount: 5}\n"
        }
    )
    assert kam("validate") == (
        0,
        f"{F}:8:12: warning: `year` is 2019, before the account became a customer (`since: 2021-03-01` on line 6); "
        "correct the year, or move `since` back to the date it became a customer\n"
        "2 files checked: valid, 1 warning\n",
    )
    assert kam("validate", lang="zh") == (
        0,
        f"{F}:8:12: warning: `year` 为 2019，早于成为客户的年份（第 6 行 `since: 2021-03-01`）；"
        "请更正年份，或把 `since` 提前到实际成为客户的日期\n"
        "已检查 2 个文件：校验通过，1 条警告\n",
    )


@pytest.mark.parametrize(
    "extra",
    [
        "revenue:\n  - {year: 2019, amount: 100}\n",  # no `since`: nothing to contradict
        "since: 2021-12-31\nrevenue:\n  - {year: 2021, amount: 100}\n  - {year: 2022, amount: 5}\n",  # the same year on
        "since: 2021-03-01\nrevenue:\n  - {year: 2020, amount: 0}\n",  # nothing sold before: true, and no news
    ],
)
def test_revenue_consistent_with_since_is_not_warned_about(check, extra):
    # beside an account that is warned about, so the check is seen to run
    wrong = ACCOUNT + "since: 2021-03-01\nrevenue:\n  - {year: 2012, amount: 100}\n"
    assert check({"acme.yaml": ACCOUNT + extra, "beta.yaml": wrong}) == [
        "accounts/beta.yaml:8:12: warning: `year` is 2012, before the account became a customer "
        "(`since: 2021-03-01` on line 6); correct the year, or move `since` back to the date it became a customer"
    ]


# ------------------------------------------------------------------ deals


def deal(fields: str) -> str:
    return "opportunities:\n  - {id: o1, name: O, " + fields + "}\n"


def test_won_without_amount(check):
    assert one(check, deal("stage: won, close: 2026-09-01")) == [
        f"{F}:7:30: error: a won opportunity needs its `amount`"
    ]


def test_lost_without_reason(check):
    assert one(check, deal("stage: lost, close: 2026-09-01")) == [
        f"{F}:7:30: error: a lost opportunity needs a `lost_reason` "
        "(price, product_fit, relationship, competitor, timing, no_decision, budget, other)"
    ]


def test_lost_with_reason_is_fine(check):
    assert one(check, deal("stage: lost, lost_reason: price, close: 2026-09-01")) == []


def test_reason_but_not_lost(check):
    text = deal("stage: won, amount: 1, close: 2026-09-01, lost_reason: price")
    assert one(check, text) == [
        f"{F}:7:{col(text.splitlines()[1], 'price')}: error: `lost_reason` is given but the stage is `won`; "
        "set `stage: lost` or remove the reason"
    ]


def test_open_without_close(check):
    assert one(check, deal("stage: intent, amount: 1")) == [
        f"{F}:7:5: error: an open opportunity needs an expected close date: add `close: YYYY-MM-DD`"
    ]


def test_open_without_amount_is_a_warning(check):
    assert one(check, deal("stage: intent, close: 2026-12-01")) == [
        f"{F}:7:30: warning: open opportunity without `amount`: it counts as 0 in the pipeline and forecast"
    ]


def test_probability_outside_the_stage_range(check):
    text = deal("stage: intent, amount: 1, close: 2026-12-01, probability: 60")
    assert one(check, text) == [
        f"{F}:7:{col(text.splitlines()[1], '60')}: error: probability 60% does not fit stage `intent`: "
        "use 10-50%, or move the deal to another stage"
    ]


@pytest.mark.parametrize("p", ["10", "30%", "50"])
def test_probability_inside_the_stage_range(check, p):
    assert one(check, deal(f"stage: intent, amount: 1, close: 2026-12-01, probability: {p}")) == []


def test_probability_fixed_for_won(check):
    text = deal("stage: won, amount: 1, close: 2026-09-01, probability: 90")
    assert one(check, text) == [
        f"{F}:7:{col(text.splitlines()[1], '90')}: error: a won deal's probability is 100%, not 90%; "
        "remove `probability`"
    ]


def test_unknown_currency_rate(check):
    assert one(check, "currency: JPY\n") == [
        f"{F}:6:11: error: no exchange rate for JPY: add it under `policy: rates:` in mkdocs.yml "
        "(base CNY; known: EUR, HKD, USD)"
    ]


def test_unknown_currency_rate_on_an_opportunity(load):
    text = deal("stage: won, amount: 1, close: 2026-09-01, currency: GBP")
    _, diags = load({"acme.yaml": ACCOUNT + text})
    assert [(d.line, d.column, d.code, d.params["currency"]) for d in diags] == [
        (7, col(text.splitlines()[1], "GBP"), "no-rate", "GBP")
    ]


# ------------------------------------------------------------------ advice (warnings)


def test_owner_who_left_is_a_warning(check):
    people = BOOK_YAML + "  - {id: rep-c, name: 王五, role: rep, left: 2026-06-30}\n"
    people = people.replace("offerings:\n  - {id: mes, name: MES}\n", "") + "offerings: []\n"
    assert check({"acme.yaml": ACCOUNT + "owner: rep-c\n"}, book_yaml=people) == [
        f"{F}:6:8: warning: owner `rep-c` has left the company; move the account to another rep"
    ]


def test_owner_leaving_after_the_report_date_is_fine(check):
    people = "people:\n  - {id: rep-c, name: 王五, role: rep, left: 2027-06-30}\n"
    assert check({"acme.yaml": ACCOUNT + "owner: rep-c\n"}, book_yaml=people) == []


def test_sponsor_who_is_not_an_executive_is_a_warning(check):
    assert one(check, "sponsor: rep-a\n") == [
        f"{F}:6:10: warning: sponsor `rep-a` is a rep; an executive sponsor is usually an executive or manager"
    ]


def test_lost_customer_without_review_is_a_warning(check):
    assert one(check, "lost:\n  date: 2026-01-01\n  reason: price\n") == [
        f"{F}:7:9: warning: a lost customer should have a written review: add `review:` under `lost:`"
    ]


# ------------------------------------------------------------------ the whole book


def test_a_broken_file_does_not_stop_the_others(load):
    b, diags = load(
        {
            "a.yaml": ACCOUNT + "short_name: [oops\n",
            "b.yaml": b"\xff" + ACCOUNT.encode(),
            "c.yaml": ACCOUNT + "owner: nobody\n",
            "d.yaml": ACCOUNT,
        }
    )
    assert [(d.file, d.code) for d in diags] == [
        ("accounts/a.yaml", "unclosed-bracket"),
        ("accounts/b.yaml", "not-utf8"),
        ("accounts/c.yaml", "unknown-ref"),
    ]
    assert sorted(b["accounts"]["id"]) == ["c", "d"]


def test_a_broken_book_file_does_not_stop_the_accounts(load):
    b, diags = load({"acme.yaml": ACCOUNT + "owner: rep-a\n"}, book_yaml="people: [\n")
    # the account is still read; its owner is not reported unknown, as no roster could be read
    assert [(d.file, d.code) for d in diags] == [("accounts/_book.yaml", "unclosed-bracket")]
    assert list(b["accounts"]["id"]) == ["acme"]


def test_diagnostics_come_sorted_by_file_and_line(load):
    # cross-table errors (found last) sit above conversion errors (found first) in the file
    late = "owner: nobody\nsponsor: nobody\ncountry: CN\nloyalty: {referrals: many}\n"
    b, diags = load({"zeta.yaml": ACCOUNT + late, "alpha.yaml": ACCOUNT + "since: soon\n" + late})
    keys = [(d.file, d.line, d.column) for d in diags]
    assert keys == sorted(keys)
    assert [d.file for d in diags][0] == "accounts/alpha.yaml"
    assert len(diags) == 9
    assert [d.line for d in diags if d.file == "accounts/zeta.yaml"] == [6, 7, 8, 9]


def test_account_file_names_must_be_ids(check):
    assert check({"Acme Corp.yaml": ACCOUNT, "acme.yml": ACCOUNT}) == [
        "accounts/Acme Corp.yaml:1:1: error: `Acme Corp` is not a valid account id: the file name must be "
        "lowercase letters, digits and hyphens, like `huadong-precision.yaml`",
        "accounts/acme.yml:0:0: error: `acme.yml` is ignored: rename it to `acme.yaml`",
    ]


def test_same_account_id_in_two_folders(check):
    lines = check({"east/acme.yaml": ACCOUNT, "west/acme.yaml": ACCOUNT})
    assert lines == [
        "accounts/west/acme.yaml:1:1: error: account id `acme` is used twice: this file and "
        "`accounts/east/acme.yaml`; rename one of them"
    ]


@pytest.mark.parametrize(
    "files,book_yaml,expected",
    [
        (
            {
                "acme.yaml": ACCOUNT + f"contacts:\n  - {{name: X, level: top, attitude: support}}\n  - {CONTACT}\n"
                "  - {id: c2, name: Y, level: top, attitude: support, reports_to: zz}\n"
            },
            BOOK_YAML,
            [(F, 7, 5, "error", "missing-field", None, None), (F, 9, 66, "error", "unknown-ref-account", "zz", None)],
        ),
        (
            {"acme.yaml": ACCOUNT + "owner: repa\n"},
            "people:\n  - {name: X, role: rep}\n  - {id: rep-a, name: A, role: rep}\n",
            [
                ("accounts/_book.yaml", 2, 5, "error", "missing-field", None, None),
                (F, 6, 8, "error", "unknown-ref-hint", "repa", "rep-a"),
            ],
        ),
    ],
    ids=["contact-without-id", "person-without-id"],
)
def test_a_record_without_its_key_does_not_crash_the_reference_checks(load, files, book_yaml, expected):
    _, diags = load(files, book_yaml)
    assert where(diags) == expected


def test_an_unreadable_team_roster_is_one_error_not_one_per_reference(check):
    """With _book.yaml empty, broken or missing, nothing in it can be referred to: its own error says all."""
    acme = {
        "acme.yaml": ACCOUNT + "owner: rep-a\nsponsor: rep-b\nopportunities:\n  - {id: o, name: O, stage: intent, "
        "amount: 1, close: 2027-01-01, owner: rep-a, offering: mes}\n"
    }
    assert check(acme, None) == [
        "accounts/_book.yaml:0:0: error: `accounts/_book.yaml` is missing: it lists the team (`people:`) that accounts "
        "refer to"
    ]
    assert check(acme, "") == [
        "accounts/_book.yaml:1:1: error: the file is empty; `_book.yaml` starts with `people:` (the sales team), "
        "then `offerings:` (the product catalogue)"
    ]
    assert check(acme, "", lang="zh") == [
        "accounts/_book.yaml:1:1: error: 文件为空；`_book.yaml` 以 `people:`（销售团队名单）开头，其后是 `offerings:`（产品目录）"
    ]
    assert [line.split(": error: ")[0] for line in check(acme, "people: [\n")] == ["accounts/_book.yaml:1:9"]
    # a roster that reads: a reference to someone not in it is an error again
    lines = check(acme, "people:\n  - {id: rep-a, name: 张伟, role: rep}\n")
    assert [line.split(": error: ")[1][:30] for line in lines] == [
        "`sponsor`: `rep-b` is not a kn",
        "`offering`: `mes` is not a kno",
    ]


@pytest.mark.parametrize("year", ["-5", "25", "3025"])
def test_a_revenue_year_outside_the_dates_range_is_an_error(check, year):
    lines = check({"acme.yaml": ACCOUNT + f"revenue:\n  - {{year: {year}, amount: 100}}\n"})
    assert lines == [
        f"accounts/acme.yaml:7:12: error: `year` is {year}: a year must be between 1900 and 2200 (four digits, "
        "like 2025)"
    ]


def test_a_chain_of_managers_that_comes_back_is_one_error_per_circle(check):
    people = (
        "people:\n"
        "  - {id: rep-a, name: A, role: rep, manager: rep-b}\n"
        "  - {id: rep-b, name: B, role: manager, manager: rep-a}\n"
        "  - {id: rep-c, name: C, role: rep, manager: rep-a}\n"
        "offerings: []\n"
    )
    contacts = (
        "contacts:\n"
        "  - {id: x, name: X, level: top, attitude: support, reports_to: z}\n"
        "  - {id: y, name: Y, level: middle, attitude: support, reports_to: x}\n"
        "  - {id: z, name: Z, level: base, attitude: support, reports_to: y}\n"
    )
    fine = contacts.replace("reports_to: z}", "}")
    lines = check({"acme.yaml": ACCOUNT + "owner: rep-a\n" + contacts, "beta.yaml": ACCOUNT + fine}, people)
    assert lines == [
        "accounts/_book.yaml:2:46: error: `manager` goes round in a circle: rep-a → rep-b → rep-a; the one at the "
        "top has no `manager`",
        "accounts/acme.yaml:8:65: error: `reports_to` goes round in a circle: x → z → y → x; the one at the top has "
        "no `reports_to`",
    ]
