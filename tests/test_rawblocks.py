"""Generated pages skip Markdown's second reading of their HTML, byte for byte the same page, and the
search index reads a lean text of them."""

from __future__ import annotations

import markdown
import pytest

from kam.site.rawblocks import put_back, search_html, set_aside

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
    assert '<h2 id="economics">' in lean  # the headings stay: search results link to sections
