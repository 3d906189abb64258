"""What kam adds to Material's search (kam.site.searchindex): the words of an account's name and needs
in a field of its own, and Material's worker with a Chinese query cut into whole words.  How a reader's
query ranks is tested in the browser (test_browser.py, "search finds accounts")."""

from __future__ import annotations

import json
import logging
from importlib.resources import files as package_files

import pytest

from kam.site import searchindex
from site_project import EVIL, EVIL_ID, RICH, RICH_ID, build_in_process, make_project

WORKERS = package_files("material") / "templates" / "assets" / "javascripts" / "workers"


def _material_worker() -> tuple[str, str]:
    [path] = [p for p in WORKERS.iterdir() if searchindex.WORKER.fullmatch(f"assets/javascripts/workers/{p.name}")]
    return f"assets/javascripts/workers/{path.name}", path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    tmp = tmp_path_factory.mktemp("search")
    try:
        yield build_in_process(make_project(tmp, accounts={RICH_ID: RICH, EVIL_ID: EVIL}), tmp / "site", mp)
    finally:
        mp.undo()


def _entries(built) -> dict:
    index = json.loads(built["search/search_index.json"])
    return index["config"], {d["location"]: d for d in index["docs"]}


def test_an_account_entry_holds_the_words_of_its_name_and_needs_which_no_page_shows(built):
    config, docs = _entries(built)
    assert config["fields"]["words"] == {"boost": searchindex.WORDS_BOOST}
    entry = docs[f"accounts/{RICH_ID}/"]
    words = entry["words"].split(" ")
    # jieba's fine cut of 华东精密机械股份有限公司 and of the needs 产线数字化
    assert {"华东", "精密", "机械", "精密机械", "产线", "数字", "数字化"} <= set(words), words
    # the result shows the summary line only: id, tier, owner, industry
    assert entry["text"].startswith(f"<p>{RICH_ID} · ") and "精密" not in entry["text"], entry["text"]
    page = built[f"accounts/{RICH_ID}/index.html"].decode()
    assert '<p class="kam-summary">' in page and "<span hidden>" not in page
    assert " ".join(words) not in page
    # only account pages have words; every other entry is Material's own
    assert [loc for loc, d in docs.items() if "words" in d] == [f"accounts/{i}/" for i in sorted((RICH_ID, EVIL_ID))]


def test_hostile_words_are_text_in_the_index_as_the_rest_of_it(built):
    _, docs = _entries(built)
    words = docs[f"accounts/{EVIL_ID}/"]["words"]
    assert "<" not in words and ">" not in words, words
    assert "onerror" in words and "script" in words  # still found by what it says


def test_the_site_serves_materials_worker_with_the_two_changes(built):
    uri, original = _material_worker()
    served = built[uri].decode()
    assert served == searchindex.patch_worker(original) != original
    assert 'join(" ")' in served and 'join("* ")' not in served
    assert "l=new Uint16Array(n+1)" in served  # the forward maximum match
    # at the address every page gives the theme
    page = built["index.html"].decode()
    assert f'"search": "{uri}"' in page


def test_a_worker_kam_does_not_know_is_served_as_it_is(tmp_path, monkeypatch, caplog):
    assert searchindex.patch_worker("self.onmessage=()=>{}") is None
    _, original = _material_worker()
    # one of the two places twice (or changed): nothing is changed
    assert searchindex.patch_worker(original + original) is None
    monkeypatch.setattr(searchindex, "patch_worker", lambda js: None)
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.kam")
    built = build_in_process(make_project(tmp_path), tmp_path / "site", monkeypatch)
    uri, original = _material_worker()
    assert built[uri].decode() == original
    assert any("search worker is not the one kam knows" in r.getMessage() for r in caplog.records), caplog.text


def test_the_index_is_not_stemmed_unless_mkdocs_yml_says_so(built, tmp_path, monkeypatch):
    config, docs = _entries(built)
    assert config["pipeline"] == []  # Material's default, ["stemmer"], lost "precision" to "precis"
    project = make_project(tmp_path)
    yml = project / "mkdocs.yml"
    text = yml.read_text(encoding="utf-8")
    assert "  - search\n" in text
    yml.write_text(text.replace("  - search\n", "  - search:\n      pipeline: [stemmer]\n"), encoding="utf-8")
    index = json.loads(build_in_process(project, tmp_path / "site", monkeypatch)["search/search_index.json"])
    assert index["config"]["pipeline"] == ["stemmer"]


def test_kam_indexes_its_pages_as_materials_parser_would(built, tmp_path, monkeypatch):
    """Generated pages are indexed from their lean text without Material's HTML parser; the index is
    the very one the parser makes (the hostile account's markup, entities and bidi controls too)."""
    calls = []
    real = searchindex.sections
    monkeypatch.setattr(searchindex, "sections", lambda lean: calls.append(lean) or real(lean))
    fast = build_in_process(
        make_project(tmp_path / "a", accounts={RICH_ID: RICH, EVIL_ID: EVIL}), tmp_path / "sa", monkeypatch
    )
    assert len(calls) > 10 and all(real(lean) is not None for lean in calls)  # every generated page
    monkeypatch.setattr(searchindex, "sections", lambda lean: None)  # Material's parser reads them all
    slow = build_in_process(
        make_project(tmp_path / "b", accounts={RICH_ID: RICH, EVIL_ID: EVIL}), tmp_path / "sb", monkeypatch
    )
    assert fast["search/search_index.json"] == slow["search/search_index.json"]
    assert fast[f"accounts/{EVIL_ID}/index.html"] == slow[f"accounts/{EVIL_ID}/index.html"]


def _parsed(html: str) -> list:
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.el.tag, s.id, "".join(s.title).strip(), "".join(s.text).strip()) for s in parser.data]


LINK = '<a class="headerlink" href="#{0}" title="Permanent link">&para;</a>'


@pytest.mark.parametrize(
    "lean",
    [
        "",
        "\n<p>x</p>\n",
        f'<h1 id="_1">总览{LINK.format("_1")}</h1>\n<p>a &amp; b &lt;i&gt; &quot;q&quot; &#x27;s</p>\n\n'
        f'<h2 id="t">T &amp; U{LINK.format("t")}</h2>\n<p>one</p>\n<p>two</p>\n',
        f'<h2 id="a">A{LINK.format("a")}</h2><p>x\u2067y\u2069</p>',
        f'\n\n<p>pre</p>\n<h3 id="b">{LINK.format("b")}</h3>\n',
        '<h1 id="_1">总览</h1>\n\n<p>x</p>\n<h2 id="y">Y</h2>',
    ],
)
def test_the_lean_grammar_reads_as_the_parser_does(lean):
    found = searchindex.sections(lean)
    assert found is not None
    assert [(s.el.tag, s.id, "".join(s.title).strip(), "".join(s.text).strip()) for s in found] == _parsed(lean)


@pytest.mark.parametrize(
    "html",
    [
        "<p>a <b>b</b></p>",
        "<p></p>",
        "<ul><li>x</li></ul>",
        "<h2>A</h2>",
        '<h2 id="a">A<a href="#a">#</a></h2>',
        "<p>x",
        "text",
    ],
)
def test_anything_else_is_left_to_materials_parser(html):
    assert searchindex.sections(html) is None
