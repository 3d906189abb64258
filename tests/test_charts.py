"""kam.site.charts: a chart drawn for a phone is made from a copy of the spec, never the spec itself."""

from __future__ import annotations

import copy

import pytest

from kam.site import charts
from kam.site.reports import specs


def _containers(v, out):
    """Every dict and list inside v (by identity)."""
    if isinstance(v, (dict, list, tuple)):
        if not isinstance(v, tuple):
            out.add(id(v))
        for x in v.values() if isinstance(v, dict) else v:
            _containers(x, out)
    return out


GROUPED = specs.grouped_bar(
    [{"stage": "方案", "series": "金额", "v": 1.0}, {"stage": "方案", "series": "加权", "v": 0.5}],
    "stage",
    "series",
    "v",
    "阶段",
    "金额",
    "",
    ["金额", "加权"],
    horizontal=False,
)
LAYERED = {
    "width": 460,
    "data": {"values": [{"rep": "王", "load": 3}]},
    "encoding": {"y": {"field": "rep", "type": "nominal"}},
    "layer": [
        {"mark": "bar", "encoding": {"x": {"field": "load", "type": "quantitative"}, "color": {"legend": {}}}},
        {"mark": "tick", "encoding": {"x": {"field": "load", "type": "quantitative"}}},
    ],
}
FACET = {"facet": {"field": "tier"}, "spec": {"width": 400, "layer": ({"mark": "bar", "encoding": {}},)}}


@pytest.mark.parametrize("spec", [GROUPED, LAYERED, FACET], ids=["grouped", "layered", "facet"])
def test_a_phone_drawing_leaves_the_spec_as_it_was_and_shares_nothing_it_changes(spec):
    before = copy.deepcopy(spec)
    narrow = charts.phone(spec)
    assert spec == before  # the wide drawing is made from the spec as designed
    assert narrow != spec
    assert not _containers(narrow, set()) & _containers(spec, set())
