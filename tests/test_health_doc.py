"""The health rules in the methodology are the ones the code applies."""

from pathlib import Path

from kam.metrics.health import RULES

PAGE = Path(__file__).resolve().parents[1] / "docs" / "methodology.md"


def test_every_rule_is_documented_with_its_points():
    text = PAGE.read_text(encoding="utf-8")
    for code, (points, cap) in RULES.items():
        assert f"| `{code}` | {points} | {cap} |" in text, code
