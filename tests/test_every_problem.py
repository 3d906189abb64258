"""One run shows every problem, once: distinct problems at one place are all kept, and a value
written but malformed is one error (not also a warning that it is missing)."""

from __future__ import annotations

from conftest import ACCOUNT

F = "accounts/acme.yaml"


def test_every_missing_field_is_reported(check):
    assert check({"acme.yaml": "name: Acme\npotential: 0\n"}) == [
        f"{F}:1:1: error: the account file is missing the required field `industry`",
        f"{F}:1:1: error: the account file is missing the required field `lifecycle`",
        f"{F}:1:1: error: the account file is missing the required field `region`",
    ]


def test_several_bad_values_on_one_line_are_each_reported(check):
    line = "  - {id: o1, name: O, stage: closing, amount: 50万, created: 2026/3/5, offering: nope}"
    c = line.index
    assert check({"acme.yaml": ACCOUNT + f"opportunities:\n{line}\n"}) == [
        f"{F}:7:{c('closing') + 1}: error: `stage` cannot be `closing`; allowed: prospect, intent, proposal, "
        "negotiation, won, lost",
        f"{F}:7:{c('50万') + 1}: error: `amount` must be a number like 1200000 (no quotes, units or commas), "
        "not `50万`",
        f"{F}:7:{c('2026/3/5') + 1}: error: `created` must be a date written YYYY-MM-DD, like 2026-03-31, "
        "not `2026/3/5`",
        f"{F}:7:{c('nope') + 1}: error: `offering`: `nope` is not a known offering in the catalogue (_book.yaml)",
    ]


def test_the_same_mistake_in_several_records_is_reported_in_each(check):
    opps = "".join(f"  - {{id: o{i}, name: O, stage: proposel, amount: 1, close: 2027-01-01}}\n" for i in range(1, 4))
    lines = check({"acme.yaml": ACCOUNT + "opportunities:\n" + opps})
    assert [ln.split(": error: ")[0] for ln in lines] == [f"{F}:{n}:30" for n in (7, 8, 9)]
    assert len(set(ln.split(": error: ")[1] for ln in lines)) == 1


def test_a_malformed_value_is_one_error_not_also_a_missing_one(check):
    line = "  - {id: o1, name: O, stage: proposal, amount: 50万, close: 2027/1/1}"
    c = line.index
    assert check({"acme.yaml": ACCOUNT + f"opportunities:\n{line}\n"}) == [
        f"{F}:7:{c('50万') + 1}: error: `amount` must be a number like 1200000 (no quotes, units or commas), "
        "not `50万`",
        f"{F}:7:{c('2027/1/1') + 1}: error: `close` must be a date written YYYY-MM-DD, like 2026-03-31, not `2027/1/1`",
    ]
    # left out (or written empty), the same fields are still asked for
    lines = check({"acme.yaml": ACCOUNT + "opportunities:\n  - {id: o1, name: O, stage: proposal, amount: }\n"})
    assert [ln.split(": ", 2)[1:] for ln in lines] == [
        ["error", "an open opportunity needs an expected close date: add `close: YYYY-MM-DD`"],
        ["warning", "open opportunity without `amount`: it counts as 0 in the pipeline and forecast"],
    ]


def test_a_pasted_wall_of_text_is_an_error_before_it_reaches_the_site(check):
    """A name fits a line, notes fit a page: longer is a paste gone wrong (it would widen every page)."""
    name = "华" * 5000
    notes = "x" * 20_001
    assert check({"acme.yaml": ACCOUNT + f"short_name: {name}\nnotes: {notes}\n"}) == [
        f"{F}:6:13: error: `short_name` is 5000 characters long; at most 200 (shorten it; long text goes in `notes`)",
        f"{F}:7:8: error: `notes` is 20001 characters long; at most 20000 (shorten it; long text goes in `notes`)",
    ]
    assert check({"acme.yaml": ACCOUNT + f"short_name: {name[:200]}\nnotes: {notes[:20_000]}\n"}) == []
