"""The metrics JSON reference documents every path, and is current."""

from __future__ import annotations

from pathlib import Path

from metrics_reference import describe, example_paths, markdown

ROOT = Path(__file__).resolve().parents[1]


def test_every_path_has_a_meaning():
    undocumented = sorted(p for p in example_paths() if describe(p) is None)
    assert undocumented == []


def test_reference_page_is_current():
    page = (ROOT / "docs" / "reference" / "metrics.md").read_text(encoding="utf-8")
    assert page == markdown(example_paths()), "run: python tools/metrics_reference.py docs/reference/metrics.md"


def test_required_paths_are_documented():
    page = (ROOT / "docs" / "reference" / "metrics.md").read_text(encoding="utf-8")
    for path in (
        "accounts.count",
        "accounts.by_tier.<tier>.count",
        "pipeline.by_stage.<stage>.count",
        "pipeline.by_stage.<stage>.amount",
        "pipeline.weighted_amount",
        "won.count",
        "won.amount",
        "pareto.top20_share",
        "credit.receivables[].extra_sales_to_recover",
        "credit.receivables[].financing_cost",
        "credit.receivables[].profit_consumed_share",
        "credit.receivables[].months_until_profit_gone",
        "credit.receivables[].days_overdue",
    ):
        assert f"| `{path}` |" in page, path


def test_every_headline_definition_names_a_figure_of_the_json():
    """The catalogue of definitions points at real figures, each with words in both languages."""
    from kam.metrics.definitions import DEFINITIONS, PERIODS, definition

    paths = example_paths()
    for key, d in DEFINITIONS.items():
        assert d.path in paths, key
        assert d.period in PERIODS, key
        assert definition(key, "zh") != definition(key, "en"), key
