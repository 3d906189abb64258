"""Generated pages skip Markdown's second reading of their HTML, byte for byte the same page, and the
search index reads a lean text of them."""

from __future__ import annotations

import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kam.site.rawblocks import _lean, _tables, put_back, search_html, set_aside

EXTENSIONS = ["attr_list", "admonition", "tables", "toc"]


def convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


PAGE = """\
# 华东精密 <b>x</b>

<div class="kam-meta">
<span>数据截至 2026-11-20</span>
</div>

## 采购决策链 { #buying-centre }

<div class="kam-section">
<div class="kam-table"><table>
<thead><tr><th>联系人</th><th>态度</th></tr></thead>
<tbody>
<tr><td>王总</td><td>支持</td></tr>
<tr><td>&lt;script&gt;</td><td>中立</td></tr>
</tbody></table></div>

<dl class="kam-notes-list">
<dt><bdi>王总</bdi></dt><dd>会提前透露评标关注点</dd>
</dl>
</div>

- a Markdown list stays Markdown
- with **bold**

## 经营数据 { #economics }

<div class="kam-section">
<dl class="kam-pairs"><div><dt>潜力</dt><dd>2,400万</dd></div></dl>
<div class="kam-chart"><svg><text>drawing</text></svg><script type="application/json">{"a": 1}</script></div>
</div>

## 活动记录 { #activities }

<ol class="kam-timeline">
<li>2026-11-18 拜访王总</li>
</ol>

<div class="unclosed">
text
"""


def test_the_page_is_byte_for_byte_what_markdown_makes_of_it():
    text, blocks = set_aside(PAGE)
    assert len(blocks) == 4 and "<table" not in text and "<dl" not in text
    assert put_back(convert(text), blocks) == convert(PAGE)


@pytest.mark.parametrize(
    "text", ["", "no html at all\n", "<div>\nonly a block\n</div>\n", "x\n<div>inline start</div>\n"]
)
def test_edges(text):
    lean, blocks = set_aside(text)
    assert put_back(convert(lean), blocks) == convert(text)


def test_search_reads_names_and_notes_not_figures_or_drawings():
    text, blocks = set_aside(PAGE)
    lean = search_html(convert(text), blocks)
    assert "王总" in lean and "会提前透露评标关注点" in lean and "&lt;script&gt;" in lean
    assert "拜访王总" in lean  # the activities, newest first
    for absent in ("支持", "2,400万", "drawing", '"a"', "数据截至"):  # attitudes, figures, the chart, the date line
        assert absent not in lean, absent
    assert '<h2 id="buying-centre">' in lean and '<h2 id="activities">' in lean  # results link to sections
    assert 'id="economics"' not in lean  # figures only: its heading would be an entry with nothing in it


# the search text's tables and spaces are found without regexes (for speed): they must find what these would
_TABLE_RE = re.compile(r"<table\b.*?</table>", re.S)
_HTMLISH = st.lists(
    st.sampled_from(
        ["<table", "<table>", "<tables>", "<table_", "<table\u00b2", "</table>", "</table", "<tr><td>", " "]
    )
    | st.characters(),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_HTMLISH)
def test_tables_are_where_the_regex_finds_them(html):
    assert _tables(html) == [m.span() for m in _TABLE_RE.finditer(html)]


@pytest.mark.parametrize("ch", [chr(i) for i in range(0x110000) if re.fullmatch(r"\s", chr(i)) or chr(i).isspace()])
def test_every_space_the_regex_collapses_is_collapsed(ch):
    text = f"{ch}a{ch}{ch}b{ch}"
    lean = _lean(f"<div>{text}</div>")
    assert lean == "<p>" + re.sub(r"\s+", " ", text).strip() + "</p>" == "<p>a b</p>"


def test_a_table_gives_its_first_column_and_no_other_cell():
    block = '<div class="kam-section"><p>before</p><table><tr><th>名称</th><th>金额</th></tr><tr><td>王总</td><td>2,400</td></tr></table><tablex>kept</tablex></div>'
    assert _lean(block) == "<p>名称 王总 before kept</p>"


def test_a_heading_stays_only_with_text_before_the_next_heading():
    html = '<h2 id="a">A</h2>\n<h3 id="b">B</h3>\n<p>x</p>\n<h2 id="c">C</h2>\n\n<h2 id="d">D</h2>\n<p>y</p>'
    lean = search_html(html, set_aside("")[1])
    assert lean == '\n<h3 id="b">B</h3>\n<p>x</p>\n\n\n<h2 id="d">D</h2>\n<p>y</p>'


# ---------------------------------------------------------------- pages sharing a skeleton
def test_pages_with_the_same_skeleton_are_converted_once_and_come_out_as_if_each_was(tmp_path, monkeypatch):
    import kam.plugin
    from site_project import EVIL, EVIL_ID, RICH, RICH_ID, RICH_NAME, build_in_process, make_project

    twins = {RICH_ID: RICH, "huadong-2": RICH.replace(RICH_NAME, "华东精密二厂").replace("INV-2026-", "INV-2027-")}
    project = make_project(tmp_path, accounts={**twins, EVIL_ID: EVIL})
    converted = []
    real = markdown.Markdown.convert
    monkeypatch.setattr(markdown.Markdown, "convert", lambda md, text: converted.append(text) or real(md, text))
    shared = build_in_process(project, tmp_path / "shared", monkeypatch)
    assert not [t for t in set(converted) if converted.count(t) > 1]  # no skeleton converted twice
    once = len(converted)

    converted.clear()
    monkeypatch.setattr(kam.plugin, "skeleton_key", lambda skeleton, src: None)  # every page converted
    each = build_in_process(project, tmp_path / "each", monkeypatch)
    assert [t for t in set(converted) if converted.count(t) == 2]  # the twins' skeleton
    assert len(converted) == once + 1  # shared, one twin was not given to Markdown at all
    assert shared.keys() == each.keys()
    for name in shared:
        assert shared[name] == each[name], name
    page = shared["huadong-2/index.html".join(["accounts/", ""])].decode()
    assert "华东精密二厂" in page and 'href="#buying-centre"' in page  # its own content, its table of contents
