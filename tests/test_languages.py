"""One site in two languages (the kam plugin's `languages: [zh, en]`): built pages, links, search indexes."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from site_project import EVIL_ID, RICH_ID, build, make_project  # noqa: E402


def bilingual(project: Path, languages: str = "[zh, en]") -> Path:
    cfg = project / "mkdocs.yml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace(
            "      language: zh\n", f"      language: zh\n      languages: {languages}\n"
        ),
        encoding="utf-8",
    )
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = bilingual(make_project(tmp_path_factory.mktemp("two")))
    r = build(project)
    assert r.returncode == 0, r.stderr
    return project / "site"


def links(html: str) -> dict[str, str]:
    """The language selector's links: language -> href."""
    return {
        lang: href for href, lang in re.findall(r'<a href="([^"]*)" hreflang="(\w+)" class="md-select__link"', html)
    }


def test_english_is_built_under_en_with_english_interface_and_labels(site):
    zh = (site / "accounts" / RICH_ID / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "accounts" / RICH_ID / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in zh and '<html lang="en"' in en
    assert "销售额" in zh and "Revenue" in en and "销售额" not in en
    assert "Search" in en and "搜索" in zh  # Material's own words follow the language
    assert "华东精密机械股份有限公司" in en  # the data stays as written


def test_each_page_links_to_the_same_page_in_the_other_language(site):
    for page in ("index.html", f"accounts/{RICH_ID}/index.html", f"accounts/{EVIL_ID}/index.html", "funnel/index.html"):
        zh, en = (site / page).read_text(encoding="utf-8"), (site / "en" / page).read_text(encoding="utf-8")
        depth = page.count("/")
        folder = page.removesuffix("index.html")
        assert links(zh) == {"zh": "./", "en": "../" * depth + "en/" + folder}, page
        assert links(en) == {"zh": "../" * (depth + 1) + folder, "en": "./"}, page
        # every link resolves to a built file
        for base, html in ((site / page).parent, zh), ((site / "en" / page).parent, en):
            for href in links(html).values():
                assert (base / href / "index.html").resolve().is_file(), (page, href)


def test_hand_written_pages_are_built_in_the_root_language_only(site):
    assert (site / "guide" / "index.html").is_file()
    assert not (site / "en" / "guide").exists()
    assert links((site / "guide" / "index.html").read_text(encoding="utf-8"))["en"] == "../en/"


def test_each_search_index_holds_its_own_language(site):
    zh = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    en = json.loads((site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    zh_locs = {d["location"] for d in zh["docs"]}
    en_locs = {d["location"] for d in en["docs"]}
    assert "guide/" in zh_locs and not any(loc.startswith("guide/") for loc in en_locs)
    assert not any(loc.startswith("en/") for loc in zh_locs)
    assert any(d["title"] == "Accounts" for d in en["docs"]) and not any(d["title"] == "Accounts" for d in zh["docs"])


def test_languages_without_the_root_language_is_an_error(tmp_path):
    project = bilingual(make_project(tmp_path), "[en, en]")
    r = build(project)
    assert r.returncode == 1
    assert "leaves out language 'zh'" in r.stderr and "Traceback" not in r.stderr
