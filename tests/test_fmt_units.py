"""One unit per table of amounts (kam.fmt.amount_columns, used by every report table and chart data table)."""

from __future__ import annotations

from kam import fmt
from kam.site.reports import html


def cny(x, lang="zh"):
    return fmt.amount(x, lang, "CNY")


def test_a_table_reads_in_the_unit_of_its_largest_amount():
    cols, rows, num, caption = fmt.amount_columns(
        ["客户", "金额", "加权金额"], [["甲", cny(156_000_000), cny(3_000)], ["乙", cny(15_000), ""]]
    )
    assert cols == ["客户", "金额（万元）", "加权金额（万元）"]  # 1.56亿 is below 10亿: the whole table in 万
    assert rows == [["甲", "15,600.0", "0.3"], ["乙", "1.5", ""]]
    assert num == {1, 2} and caption is None
    _, rows, _, _ = fmt.amount_columns(["a"], [[cny(2_500_000_000)], [cny(50_000_000)]])
    assert rows == [["25.00"], ["0.50"]]  # from 10亿, in 亿
    _, rows, _, _ = fmt.amount_columns(["a"], [[cny(90_000)], [cny(5_324)]])
    assert rows == [["90,000"], ["5,324"]]  # under 10万: yuan


def test_english_units_and_a_foreign_currency_named():
    cols, rows, _, _ = fmt.amount_columns(
        ["Amount", "Cost"], [[fmt.amount(2_500_000, "en", "USD", "CNY"), cny(12_000, "en")]]
    )
    assert cols == ["Amount (USD M)", "Cost (CNY K)"] and rows == [["2.50", "12.0"]]
    # read alone (a headline, a sentence), an amount in another currency says which
    assert str(fmt.amount(2_500_000, "zh", "USD", "CNY")) == "250万 USD"
    assert str(fmt.amount(2_500_000, "zh", "CNY", "CNY")) == "250万"


def test_columns_that_are_not_all_amounts_of_one_currency_are_left_alone():
    mixed = [[cny(10_000_000)], ["12 天"]]
    two = [[cny(10_000_000)], [fmt.amount(10_000_000, "zh", "USD", "CNY")]]
    assert fmt.amount_columns(["a"], mixed)[:3] == (["a"], [["1,000万"], ["12 天"]], set())
    assert fmt.amount_columns(["a"], two)[:3] == (["a"], [["1,000万"], ["1,000万 USD"]], set())


def test_a_table_of_amounts_only_names_its_unit_once_in_the_caption():
    rows = [["张三", cny(1e6), cny(2e6), cny(0)]]
    cols, rows, num, caption = fmt.amount_columns(["负责销售", "2026-10", "2026-11", "2026-12"], rows, "按负责销售")
    assert cols == ["负责销售", "2026-10", "2026-11", "2026-12"] and caption == "按负责销售（万元）"
    assert rows == [["张三", "100.0", "200.0", "0"]] and num == {1, 2, 3}


def test_a_note_beside_an_amount_is_escaped_text():
    hostile = "<img src=x onerror=alert(1)>\u202e" + "W" * 5000
    out = str(html.table(["金额"], [[cny(1e6).noted(f" ({hostile})")]]))
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert '<th class="kam-num">金额（万元）</th>' in out and '<td class="kam-num">100.0 (' in out


def test_a_column_blank_in_every_row_is_dropped():
    out = str(html.table(["客户", "态度", "金额"], [["甲", "", cny(1e6)], ["乙", None, cny(2e6)]]))
    assert "态度" not in out and out.count("<td") == 4 and '<th class="kam-num">金额（万元）</th>' in out


def test_an_amount_too_small_for_its_columns_unit_is_not_shown_as_zero():
    """¥2,092 beside millions read 0.00: a cost that looked like none."""
    from kam import fmt

    assert [fmt.in_unit(x, 1e6, 2) for x in (2092, -2092, 0, 5000, 1_234_567)] == [
        "<0.01",
        ">-0.01",
        "0",
        "0.01",
        "1.23",
    ]
    assert fmt.in_unit(3, 1e4, 1) == "<0.1"
