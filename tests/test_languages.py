"""One site in two languages (the kam plugin's `languages: [zh, en]`): built pages, links, search indexes."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from site_project import EVIL_ID, RICH_ID, build, make_project  # noqa: E402


def bilingual(project: Path, languages: str = "[zh, en]", site_names: str | None = None) -> Path:
    cfg = project / "mkdocs.yml"
    names = f"      site_names: {site_names}\n" if site_names else ""
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace(
            "      language: zh\n", f"      language: zh\n      languages: {languages}\n{names}"
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


def test_the_404_page_links_each_languages_home(site):
    for page in (site / "404.html", site / "en" / "404.html"):
        html = page.read_text(encoding="utf-8")
        assert links(html) == {"zh": "/", "en": "/en/"}, page
        assert '<link rel="alternate"' not in html.replace('type="application/rss+xml"', "")


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


def header(html: str) -> tuple[str, str]:
    """(the site's name in the page's header, the page's title)."""
    topic = re.search(r'<div class="md-header__topic">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', html, re.S)
    return topic.group(1), re.search(r"<title>(.*?)</title>", html).group(1)


def test_each_language_shows_the_site_name_in_that_language(tmp_path):
    """`site_names: {en: ...}`: the English pages' header and titles name the site in English (they showed the
    Chinese site_name); the Chinese pages keep site_name."""
    project = bilingual(make_project(tmp_path), site_names="{en: Key accounts · Test Co}")
    r = build(project)
    assert r.returncode == 0, r.stderr
    assert "are headed by site_name" not in r.stderr
    site = project / "site"
    for page in ("index.html", f"accounts/{RICH_ID}/index.html", "funnel/index.html"):
        zh, en = (site / page).read_text(encoding="utf-8"), (site / "en" / page).read_text(encoding="utf-8")
        assert header(zh)[0] == "kam test" and header(zh)[1].endswith(" - kam test"), page
        assert header(en)[0] == "Key accounts · Test Co" and header(en)[1].endswith(" - Key accounts · Test Co"), page
        assert "kam test" not in en, page
    assert "Key accounts · Test Co" in (site / "en" / "404.html").read_text(encoding="utf-8")


def test_a_language_without_its_site_name_shows_site_name_and_the_build_says_so(tmp_path):
    project = bilingual(make_project(tmp_path))
    r = build(project)
    assert r.returncode == 0, r.stderr
    assert "kam: the en pages are headed by site_name (kam test); name the site in that language with " in r.stderr
    assert "`site_names: {en: ...}`" in r.stderr
    assert header((project / "site" / "en" / "index.html").read_text(encoding="utf-8"))[0] == "kam test"


def test_an_unknown_language_in_site_names_is_located_in_mkdocs_yml(tmp_path):
    project = bilingual(make_project(tmp_path), site_names="{fr: Comptes clés}")
    r = build(project)
    line = (
        project.joinpath("mkdocs.yml")
        .read_text(encoding="utf-8")
        .splitlines()
        .index("      site_names: {fr: Comptes clés}")
    )
    assert r.returncode == 2
    assert f"mkdocs.yml:{line + 1}:20: error: 各语言的站点名称中没有字段 `fr`；可用字段：zh, en" in r.stderr


def test_languages_without_the_root_language_is_an_error(tmp_path):
    project = bilingual(make_project(tmp_path), "[en, en]")
    r = build(project)
    assert r.returncode == 1
    assert "leaves out language 'zh'" in r.stderr and "Traceback" not in r.stderr


def test_account_preview_builds_the_account_in_both_languages(tmp_path):
    project = bilingual(make_project(tmp_path))
    r = build(project, env={"KAM_PREVIEW_ACCOUNT": RICH_ID})  # what `kam serve --account ID` sets
    assert r.returncode == 0, r.stderr
    site = project / "site"
    en = (site / "en" / "accounts" / RICH_ID / "index.html").read_text(encoding="utf-8")
    assert "Revenue" in en and links(en)["zh"] == f"../../../accounts/{RICH_ID}/"
    assert not (site / "en" / "accounts" / EVIL_ID).exists() and not (site / "accounts" / EVIL_ID).exists()


def test_serve_serves_both_languages(tmp_path):
    import os
    import socket
    import subprocess
    import time
    import urllib.request

    project = bilingual(make_project(tmp_path))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-m", "kam", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline, html = time.monotonic() + 120, None
        while time.monotonic() < deadline and html is None and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/accounts/{RICH_ID}/", timeout=5) as resp:
                    html = resp.read().decode("utf-8")
            except OSError:
                time.sleep(0.5)
        assert html is not None, proc.stderr.read().decode() if proc.poll() is not None else "no answer"
        assert '<html lang="en"' in html and links(html)["zh"] == f"../../../accounts/{RICH_ID}/"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_an_unknown_language_is_located_in_mkdocs_yml(tmp_path):
    project = bilingual(make_project(tmp_path), "[zh, fr]")
    r = build(project)
    line = (
        project.joinpath("mkdocs.yml").read_text(encoding="utf-8").splitlines().index("      languages: [zh, fr]") + 1
    )
    assert r.returncode == 2
    assert f"mkdocs.yml:{line}:23: error: language 只能是 zh 或 en，而不是 `fr`" in r.stderr
    assert "Traceback" not in r.stderr


def test_the_other_language_reuses_the_book_and_figures_and_builds_the_same_pages(tmp_path, monkeypatch):
    """The root language's build reads every account file and computes the figures; the English build finds
    them (kam.plugin._FOR_LANGUAGES) and its pages are those it makes when it reads and computes them itself."""
    import kam.plugin
    from kam import metrics
    from kam.book import loader
    from site_project import build_in_process

    project = bilingual(make_project(tmp_path))
    calls = {"load": 0, "compute": 0}
    real_load, real_compute = loader.load_book, metrics.compute

    def load_book(*a, **k):
        calls["load"] += 1
        return real_load(*a, **k)

    def compute(*a, **k):
        calls["compute"] += 1
        return real_compute(*a, **k)

    monkeypatch.setattr(loader, "load_book", load_book)
    monkeypatch.setattr(metrics, "compute", compute)
    shared = build_in_process(project, tmp_path / "shared", monkeypatch)
    assert calls == {"load": 1, "compute": 1}
    assert not kam.plugin._FOR_LANGUAGES  # nothing kept once the site is built

    monkeypatch.setattr(kam.plugin, "_FOR_LANGUAGES", type("Forgetful", (dict,), {"__setitem__": lambda *a: None})())
    alone = build_in_process(project, tmp_path / "alone", monkeypatch)
    assert calls == {"load": 3, "compute": 3}  # each language read and computed its own
    english = [name for name in shared if name.startswith("en/accounts/")]
    assert len(english) >= 2 and f"en/accounts/{RICH_ID}/index.html" in english
    assert shared == alone
