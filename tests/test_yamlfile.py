"""Strict, located YAML: every kind of bad input gives one exact `file:line:col: error: message` line."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kam.book import yamlfile
from kam.book.yamlfile import MAX_BYTES, MAX_DEPTH

from conftest import ACCOUNT

F = "accounts/acme.yaml"


def one(check, text: str | bytes) -> list[str]:
    return check({"acme.yaml": text})


# ------------------------------------------------------------------ structure


def test_duplicate_key_names_both_lines(check):
    assert one(check, ACCOUNT + "name: Acme again\n") == [
        f"{F}:6:1: error: duplicate key `name`: already given on line 1; keep only one"
    ]


def test_duplicate_key_in_a_nested_record(check):
    text = ACCOUNT + "contacts:\n  - id: c1\n    name: C\n    level: top\n    attitude: support\n    level: base\n"
    assert one(check, text) == [f"{F}:11:5: error: duplicate key `level`: already given on line 9; keep only one"]


def test_anchor_and_alias_both_rejected(check):
    assert one(check, ACCOUNT + "short_name: &n Acme\nnotes: *n\n") == [
        f"{F}:6:13: error: anchor `&n` is not allowed; write values out in full instead of reusing them",
        f"{F}:7:8: error: alias `*n` is not allowed; write the value out in full",
    ]


def test_billion_laughs_is_rejected_without_expanding(check):
    lol = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    lines = one(check, lol)
    assert lines[0] == f"{F}:1:4: error: anchor `&a` is not allowed; write values out in full instead of reusing them"
    assert all(": error: anchor `&" in x or ": error: alias `*" in x for x in lines)


def test_ampersand_and_star_inside_text_are_not_anchors(load):
    b, diags = load({"acme.yaml": ACCOUNT + 'short_name: R&D *plus*\nnotes: "&x *y"\n'})
    assert diags == []
    assert b["accounts"].at[0, "short_name"] == "R&D *plus*"
    assert b["accounts"].at[0, "notes"] == "&x *y"


def test_an_anchor_after_bold_text_in_notes_is_still_found(check):
    """`**bold**` in notes sends a file to the anchor check; an anchor elsewhere in it is still reported, and
    the bold text alone is not (the walk is skipped when no `&` can begin an anchor)."""
    bold = "notes: |\n  **关键**：采购流程需要集团审批。\n"
    assert one(check, ACCOUNT + bold) == []
    assert one(check, ACCOUNT + bold + "short_name: &n Acme\n") == [
        f"{F}:8:13: error: anchor `&n` is not allowed; write values out in full instead of reusing them"
    ]
    assert one(check, ACCOUNT + "short_name: !!str &n Acme\n" + bold) == [
        f"{F}:6:13: error: anchor `&n` is not allowed; write values out in full instead of reusing them"
    ]


def _nesting_bound(text: str) -> int:
    """The bound kam's depth check is defined by: the longest leading run of spaces, tabs and dashes
    on a line, plus the bracket depth, plus 2 (yamlfile._may_nest_too_deep answers whether it passes)."""
    indent = max((len(m) for m in re.findall(r"^[ \t-]*", text, re.M)), default=0)
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}" and depth:
            depth -= 1
    return indent + deepest + 2


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=" \t-\n\r[]{}a:", max_size=80), st.integers(0, 30), st.integers(0, 3))
def test_the_quick_depth_check_agrees_with_the_bound(text, run, line):
    lines = text.split("\n")
    lines.insert(min(line, len(lines)), " " * run + "x")  # a deep line, first or elsewhere
    text = "\n".join(lines)
    brackets = text.count("[") + text.count("{")
    assert yamlfile._may_nest_too_deep(text, brackets) == (_nesting_bound(text) > MAX_DEPTH)


def test_custom_tag_rejected(check):
    assert one(check, ACCOUNT + "short_name: !custom Acme\n") == [
        f"{F}:6:13: error: tag `!custom` is not allowed; remove it and write a plain value"
    ]


def test_python_object_tag_rejected_at_its_value(check):
    lines = one(check, ACCOUNT + "short_name: !!python/object:os.system x\n")
    assert len(lines) == 1
    assert lines[0].startswith(f"{F}:6:13: error: tag `")
    assert lines[0].endswith("` is not allowed; remove it and write a plain value")


def test_python_object_tag_shown_as_written(check):
    assert one(check, ACCOUNT + "short_name: !!python/object:os.system x\n") == [
        f"{F}:6:13: error: tag `!!python/object:os.system` is not allowed; remove it and write a plain value"
    ]


def test_tag_on_a_whole_record_rejected(check):
    assert one(check, ACCOUNT + "loyalty: !thing {exclusive: true}\n") == [
        f"{F}:6:10: error: tag `!thing` is not allowed; remove it and write a plain value"
    ]


def test_tag_on_a_key_rejected(check):
    assert one(check, ACCOUNT + "!custom short_name: Acme\n") == [
        f"{F}:6:1: error: tag `!custom` is not allowed; remove it and write a plain value"
    ]


def test_standard_str_tag_allowed(load):
    b, diags = load({"acme.yaml": ACCOUNT + "short_name: !!str 12\n"})
    assert diags == []
    assert b["accounts"].at[0, "short_name"] == "12"


def test_list_at_top_level(check):
    assert one(check, "- name: Acme\n- name: Other\n") == [
        f"{F}:1:1: error: the file must be a mapping of fields (`name: ...`), not a list"
    ]


def test_text_at_top_level(check):
    assert one(check, "just some words\n") == [
        f"{F}:1:1: error: the file must be a mapping of fields (`name: ...`), not text"
    ]


def test_empty_file(check):
    assert one(check, "# only a comment\n") == [
        f"{F}:1:1: error: the file is empty; an account file starts with `name:`"
    ]


def test_two_documents(check):
    assert one(check, ACCOUNT + "---\nname: Other\n") == [
        f"{F}:6:1: error: a second YAML document starts here (`---`); put one account in one file"
    ]


def test_one_document_with_explicit_start_is_fine(check):
    assert one(check, "---\n" + ACCOUNT) == []


def test_syntax_error_located(check):
    assert one(check, ACCOUNT + "short_name: [Acme\n") == [
        f"{F}:6:13: error: the `[` opened here is never closed; close it on the same line, or write the list "
        "one `- ` item per line"
    ]


def test_tab_indentation_located(check):
    assert one(check, ACCOUNT + "\tnotes: x\n") == [
        f"{F}:6:1: error: a tab is used to indent; indent with spaces (two per level)"
    ]


# ------------------------------------------------------------------ bytes


def test_latin1_byte_located(check):
    data = (ACCOUNT + "short_name: café\n").encode("latin-1")
    assert one(check, data) == [
        f"{F}:6:16: error: the file is not UTF-8 (byte 0xE9 here); save it as UTF-8 in your editor"
    ]


def test_gbk_bytes_located(check):
    data = (ACCOUNT + "short_name: 华东精密\n").encode("gbk")
    assert one(check, data) == [
        f"{F}:6:13: error: the file is not UTF-8 (byte 0xBB here); save it as UTF-8 in your editor"
    ]


def test_bad_byte_column_counts_characters_not_bytes(check):
    data = (ACCOUNT + "short_name: 华东").encode() + b"\xff\n"
    assert one(check, data) == [
        f"{F}:6:15: error: the file is not UTF-8 (byte 0xFF here); save it as UTF-8 in your editor"
    ]


def test_nul_byte_located(check):
    assert one(check, ACCOUNT + "short_name: a\x00b\n") == [
        f"{F}:6:14: error: the file contains a NUL character; it is not a text file"
    ]


def test_bom_accepted(load):
    b, diags = load({"acme.yaml": b"\xef\xbb\xbf" + ACCOUNT.encode()})
    assert diags == []
    assert b["accounts"].at[0, "name"] == "Acme"


def test_file_over_the_size_limit(check):
    head = ACCOUNT + "notes: "
    data = (head + "x" * (MAX_BYTES + 1 - len(head) - 1) + "\n").encode()
    assert len(data) == MAX_BYTES + 1
    assert one(check, data) == [
        f"{F}:0:0: error: file is {MAX_BYTES + 1} bytes; an account file may be at most {MAX_BYTES} bytes "
        "(split notes or old activities out)"
    ]


def test_file_at_the_size_limit_is_read(load):
    # a long history: activities up to the limit (each value within its own length limit)
    item = "  - {date: 2026-01-01, kind: call, summary: " + "x" * 180 + "}\n"
    head = ACCOUNT + "notes: " + "n" * 20_000 + "\nactivities:\n"
    n = (MAX_BYTES - len(head)) // len(item)
    body = head + item * n
    data = (body + "#" * (MAX_BYTES - len(body) - 1) + "\n").encode()
    assert len(data) == MAX_BYTES
    b, diags = load({"acme.yaml": data})
    assert diags == []
    assert len(b["activities"]) == n and len(b["accounts"].at[0, "notes"]) == 20_000


# ------------------------------------------------------------------ nesting
# Depth counts the file's own mapping as level 1.


def test_flow_nesting_two_past_the_limit(check):
    assert MAX_DEPTH == 16
    text = ACCOUNT + "notes: " + "[" * 17 + "]" * 17 + "\n"  # 1 + 17 = 18 levels
    # the 16th bracket (column 8 + 15) opens level 17
    assert one(check, text) == [f"{F}:6:23: error: nesting deeper than 16 levels; an account file needs at most 5"]


def test_flow_nesting_one_past_the_limit(check):
    text = ACCOUNT + "notes: " + "[" * 16 + "]" * 16 + "\n"  # 1 + 16 = 17 levels
    assert one(check, text) == [f"{F}:6:23: error: nesting deeper than 16 levels; an account file needs at most 5"]


def test_flow_nesting_at_the_limit_is_only_a_type_error(check):
    text = ACCOUNT + "notes: " + "[" * 15 + "]" * 15 + "\n"  # 16 levels
    assert one(check, text) == [f"{F}:6:8: error: `notes` must be a single value, not a list"]


def _block(depth: int, indent: int) -> str:
    """A chain of block mappings `depth` levels deep (the file's mapping included)."""
    lines = [" " * indent * i + f"k{i}:" for i in range(depth - 1)]
    return "\n".join(lines + [" " * indent * (depth - 1) + "k: v"]) + "\n"


def test_block_nesting_one_past_the_limit(check):
    assert one(check, _block(17, 2)) == [
        f"{F}:17:33: error: nesting deeper than 16 levels; an account file needs at most 5"
    ]


def test_very_deep_nesting_does_not_crash(check):
    text = ACCOUNT + "notes: " + "[" * 100_000 + "]" * 100_000 + "\n"
    assert one(check, text) == [f"{F}:6:23: error: nesting deeper than 16 levels; an account file needs at most 5"]


TOO_DEEP_AT_6_23 = [f"{F}:6:23: error: nesting deeper than 16 levels; an account file needs at most 5"]


def test_very_deep_nesting_with_a_parser_that_has_no_limit(check, monkeypatch):
    """Before libyaml 0.2.6 the events reach kam's own depth check: the same located error."""
    monkeypatch.setattr(yamlfile, "_parse_events", lambda text: yaml.parse(text, Loader=yaml.SafeLoader))
    assert one(check, ACCOUNT + "notes: " + "[" * 100_000 + "]" * 100_000 + "\n") == TOO_DEEP_AT_6_23


def test_very_deep_nesting_when_the_parser_stops_at_its_own_limit(check, monkeypatch):
    """libyaml 0.2.6 raises `exceeded maximum nesting depth` before kam sees level 17: still kam's error."""

    def stops_early(text):
        events = yaml.parse(text, Loader=yaml.SafeLoader)
        for _ in range(5):
            yield next(events)
        mark = yaml.Mark("<unicode string>", 0, 5, 1006, None, None)
        raise yaml.scanner.ScannerError("while increasing flow level", mark, "exceeded maximum nesting depth", mark)

    monkeypatch.setattr(yamlfile, "_parse_events", stops_early)
    assert one(check, ACCOUNT + "notes: " + "[" * 2_000 + "]" * 2_000 + "\n") == TOO_DEEP_AT_6_23


def test_very_deep_block_nesting_reaches_the_composer_and_gets_kams_error(check):
    """No flow brackets: the composer path, where libyaml's limit (if any) must also become `too-deep`."""
    assert one(check, _block(1_200, 1)) == [
        f"{F}:17:17: error: nesting deeper than 16 levels; an account file needs at most 5"
    ]


def test_block_nesting_with_one_space_indent_one_past_the_limit(check):
    assert one(check, _block(17, 1)) == [
        f"{F}:17:17: error: nesting deeper than 16 levels; an account file needs at most 5"
    ]


# ------------------------------------------------------------------ scalars


def test_no_stays_the_string_no(load):
    b, diags = load({"acme.yaml": ACCOUNT + "short_name: NO\n"})
    assert diags == []
    assert b["accounts"].at[0, "short_name"] == "NO"


def test_version_like_number_stays_as_written_in_a_string_field(load):
    b, diags = load({"acme.yaml": ACCOUNT + "short_name: 1.10\n"})
    assert diags == []
    assert b["accounts"].at[0, "short_name"] == "1.10"


def test_date_in_a_string_field_stays_a_string(load):
    b, diags = load({"acme.yaml": ACCOUNT + "short_name: 2026-03-01\n"})
    assert diags == []
    assert b["accounts"].at[0, "short_name"] == "2026-03-01"


def test_true_false_in_a_bool_field(load):
    b, diags = load({"acme.yaml": ACCOUNT + "loyalty: {repeat_purchase: true, exclusive: False}\n"})
    assert diags == []
    assert bool(b["accounts"].at[0, "loyalty.repeat_purchase"]) is True
    assert bool(b["accounts"].at[0, "loyalty.exclusive"]) is False


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "NO"])
def test_yaml11_booleans_rejected_in_a_bool_field(check, word):
    assert one(check, ACCOUNT + f"loyalty:\n  repeat_purchase: {word}\n") == [
        f"{F}:7:20: error: `repeat_purchase` must be true or false, not `{word}`"
    ]


@pytest.mark.parametrize("value", ["2026-3-1", "31/03/2026", "2026/03/31", "20260331", "March 2026"])
def test_non_iso_dates_rejected(check, value):
    assert one(check, ACCOUNT + f"since: {value}\n") == [
        f"{F}:6:8: error: `since` must be a date written YYYY-MM-DD, like 2026-03-31, not `{value}`"
    ]


@pytest.mark.parametrize("value", ["2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10"])
def test_impossible_dates_rejected(check, value):
    assert one(check, ACCOUNT + f"since: {value}\n") == [
        f"{F}:6:8: error: `{value}` is not a calendar date: check the month (01-12) and the day"
    ]


def test_leap_day_accepted(load):
    b, diags = load({"acme.yaml": ACCOUNT + "since: 2024-02-29\n"})
    assert diags == []
    assert b["accounts"].at[0, "since"].date() == dt.date(2024, 2, 29)


def test_quoted_iso_date_accepted_in_a_date_field(load):
    b, diags = load({"acme.yaml": ACCOUNT + 'since: "2024-03-01"\n'})
    assert diags == []
    assert b["accounts"].at[0, "since"].date() == dt.date(2024, 3, 1)


@pytest.mark.parametrize(
    "extra,where",
    [
        ("since: 2300-01-01\n", "6:8"),
        ("plan:\n  actions:\n    - {title: t, measure: incentives, owner: rep-a, due: 2300-01-01}\n", "8:58"),
    ],
    ids=["optional", "required"],
)
def test_date_out_of_range_is_reported(check, extra, where):
    lines = one(check, ACCOUNT + extra)
    assert len(lines) == 1
    assert lines[0].startswith(f"{F}:{where}: error: ")
    assert "2300-01-01" in lines[0]


def test_number_with_quotes_rejected(check):
    assert one(check, ACCOUNT.replace("potential: 0", 'potential: "1,200,000"')) == [
        f"{F}:5:12: error: `potential` must be a number like 1200000 (no quotes, units or commas), not `1,200,000`"
    ]


def test_percent_forms(load):
    b, diags = load({"acme.yaml": ACCOUNT + "net_margin: 12.5%\n"})
    assert diags == []
    assert b["accounts"].at[0, "net_margin"] == 12.5


def test_whole_number_field_rejects_a_fraction(check):
    assert one(check, ACCOUNT + "loyalty:\n  referrals: 2.5\n") == [
        f"{F}:7:14: error: `referrals` must be a whole number, not `2.5`"
    ]


def test_list_where_a_value_is_expected(check):
    assert one(check, ACCOUNT + "short_name: [a, b]\n") == [
        f"{F}:6:13: error: `short_name` must be a single value, not a list"
    ]


def test_value_where_a_list_is_expected(check):
    assert one(check, ACCOUNT + "contacts: wang-zong\n") == [
        f"{F}:6:11: error: `contacts` must be a list (each item starting with `- `), not text"
    ]


# ------------------------------------------------------------------ explicit standard tags with bad content


def test_int_tag_on_text_is_an_error_not_a_crash(check):
    assert one(check, ACCOUNT + "loyalty:\n  referrals: !!int abc\n") == [
        f"{F}:7:14: error: `referrals` must be a whole number, not `abc`"
    ]


def test_float_tag_on_text_is_an_error_not_a_crash(check):
    assert one(check, ACCOUNT.replace("potential: 0", "potential: !!float abc")) == [
        f"{F}:5:12: error: `potential` must be a number like 1200000 (no quotes, units or commas), not `abc`"
    ]


def test_bool_tag_on_text_is_an_error(check):
    assert one(check, ACCOUNT + "loyalty:\n  exclusive: !!bool maybe\n") == [
        f"{F}:7:14: error: `exclusive` must be true or false, not `maybe`"
    ]


def test_huge_whole_number_is_an_error_not_a_crash(check):
    lines = one(check, ACCOUNT + "loyalty:\n  referrals: 99999999999999999999999\n")
    assert len(lines) == 1
    assert lines[0].startswith(f"{F}:7:14: error: `referrals`")


@pytest.mark.parametrize("empty", ["null", "~", "", "Null"])
def test_null_in_any_field_means_left_out(load, empty):
    text = ACCOUNT + (
        f"since: {empty}\nshort_name: {empty}\nnet_margin: {empty}\n"
        f"opportunities:\n  - id: o1\n    name: O\n    stage: prospect\n    close: 2026-12-01\n"
        f"    qualification: {{real: true, win: {empty}}}\n"
    )
    b, diags = load({"acme.yaml": text})
    assert [d.text() for d in diags if d.severity == "error"] == []
    acc = b["accounts"].iloc[0]
    assert acc["short_name"] is None and acc["since"] != acc["since"]  # None, NaT
    assert b["opportunities"].iloc[0]["qualification.win"] is None


def test_quoted_null_stays_text(load):
    b, diags = load({"acme.yaml": ACCOUNT + 'short_name: "null"\n'})
    assert diags == [] and b["accounts"].iloc[0]["short_name"] == "null"


def test_a_list_item_indented_too_far_is_named_at_its_line(check):
    # `   - 提效` under `  - 降本` is not a second item: YAML reads it as the text `降本 - 提效`
    assert one(check, ACCOUNT + "needs:\n  - 降本\n   - 提效\n") == [
        f"{F}:8:4: error: this line is read as the continuation of the text on line 7 (`- ` is indented more "
        "than the item above); align `-` with the item above"
    ]
    assert one(check, "needs:\n  - 降本\n  - 提效\n" + ACCOUNT) == []  # aligned: two items


@given(st.text(alphabet=" -\nab", max_size=40))
def test_the_folded_item_search_agrees_with_one_by_line_starts(text):
    # searched after a line break added in front: the same as a search from every line start (`^`, re.M)
    from kam.book.yamlhelp import _DEEPER_ITEM

    by_line = re.compile(r"^( *)- [^\n]*\n\1 +- ", re.M)
    assert (_DEEPER_ITEM.search("\n" + text) is None) == (by_line.search(text) is None)
