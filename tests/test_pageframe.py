"""The account pages' frame is drawn once per kind and filled in (kam.site.pageframe), and every page of the
site is byte for byte what Material renders for it page by page: with hostile names, in two languages, with
edit and canonical addresses."""

from __future__ import annotations

import json

import pytest

import kam.site.pageframe as pageframe
from site_project import EVIL, RICH, RICH_NAME, build_in_process, make_project

# names that a transform of the title, or a mark of the frame's, would show wrong
NAMES = [
    'AT&amp;T  "Ltd" O\'Neil & Sons',
    "<b>粗体</b> &lt;i&gt; 公司",
    "</title><script>alert(1)</script>",
    "{{ page.title }} {% raw %}",
    "\u202eevil\u202c 阿拉伯 \u200f",
    "名\ue000字\ue001\ue002\ue003\ue004\ue005",
    "长" * 200,
]


@pytest.fixture
def frames(monkeypatch):
    made = []
    real = pageframe.install

    def install(env, shared, theme):
        made.append(real(env, shared, theme))
        return made[-1]

    monkeypatch.setattr(pageframe, "install", install)
    return made


def _project(tmp_path, extra: str = "", features: str = "[content.action.edit]", repo_url=None):
    accounts = {
        f"acct-{i}": RICH.replace(f"name: {RICH_NAME}", f"name: {json.dumps(name, ensure_ascii=False)}", 1).replace(
            "INV-2026-", f"INV-{i}-"
        )
        for i, name in enumerate(NAMES)
    }
    accounts["plain"] = RICH
    project = make_project(tmp_path, repo_url=repo_url, accounts=accounts)
    yml = (project / "mkdocs.yml").read_text(encoding="utf-8")
    yml = yml.replace("[content.action.edit]", features) + extra
    (project / "mkdocs.yml").write_text(yml, encoding="utf-8")
    return project


def _same_site(project, tmp_path, monkeypatch):
    framed = build_in_process(project, tmp_path / "framed", monkeypatch)
    monkeypatch.setattr(pageframe, "install", lambda env, shared, theme: None)  # Material renders every page
    each = build_in_process(project, tmp_path / "each", monkeypatch)
    assert framed.keys() == each.keys()
    for name in framed:
        assert framed[name] == each[name], name
    return framed


def _used(made) -> list[int]:
    return [sum(isinstance(v, pageframe.Frame) for v in m.values()) for m in made]


def test_a_frame_filled_in_is_what_material_renders(tmp_path, monkeypatch, frames):
    project = _project(tmp_path, extra="      languages: [zh, en]\n")
    site = _same_site(project, tmp_path, monkeypatch)
    assert _used(frames) == [1, 1]  # one kind of account page, in each language: its frame was filled in
    page = site["accounts/acct-2/index.html"].decode()
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; - kam test</title>" in page
    assert "<script>alert(1)" not in page
    assert "\ue000" in site["accounts/acct-5/index.html"].decode()  # the name's own private-use characters
    assert site["en/accounts/acct-6/index.html"].decode().count("长" * 200) >= 3  # title, header, heading


def test_edit_and_canonical_addresses_are_filled_in(tmp_path, monkeypatch, frames):
    project = _project(tmp_path, extra="site_url: https://example.com/kam/\n", repo_url="https://github.com/o/r")
    site = _same_site(project, tmp_path, monkeypatch)
    assert _used(frames) == [1]
    page = site["accounts/acct-0/index.html"].decode()
    assert '<link rel="canonical" href="https://example.com/kam/accounts/acct-0/">' in page
    assert 'href="https://github.com/o/r/edit/main/accounts/acct-0.yaml" title=' in page  # Material's edit button


def test_a_frame_that_does_not_give_materials_page_is_not_used(tmp_path, monkeypatch, frames):
    # Material's "view source" button rewrites the edit address (edit -> raw): the frame cannot, so its
    # check against Material's first page fails and every page is rendered by Material
    project = _project(
        tmp_path, features="[content.action.edit, content.action.view]", repo_url="https://github.com/o/r"
    )
    site = _same_site(project, tmp_path, monkeypatch)
    assert _used(frames) == [0] and pageframe._NO in frames[0].values()
    assert 'href="https://github.com/o/r/raw/main/accounts/acct-0.yaml"' in site["accounts/acct-0/index.html"].decode()


def test_a_kind_of_one_page_is_rendered_once(tmp_path, monkeypatch, frames):
    marked = []
    real = pageframe._marked

    def spy(page):
        marked.append(page.file.src_uri)
        return real(page)

    monkeypatch.setattr(pageframe, "_marked", spy)
    accounts = {"only": RICH, "evil": EVIL}  # two accounts, two kinds (the hostile one has fewer sections)
    build_in_process(make_project(tmp_path, accounts=accounts), tmp_path / "site", monkeypatch)
    assert len(frames[0]) == 2 and all(isinstance(v, tuple) for v in frames[0].values())
    assert marked == []


def test_only_materials_own_templates_are_framed(tmp_path, monkeypatch, frames):
    project = _project(tmp_path)
    (project / "overrides").mkdir()
    (project / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}{% block content %}<p>{{ page.file.src_uri }}</p>{{ super() }}{% endblock %}',
        encoding="utf-8",
    )
    yml = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        yml.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    )
    site = build_in_process(project, tmp_path / "site", monkeypatch)
    assert frames == [None]
    assert "<p>accounts/acct-1.md</p>" in site["accounts/acct-1/index.html"].decode()


@pytest.mark.parametrize("shown", ["%EE%80%80", "&amp;k m&lt;b&gt;"])
def test_a_transform_kam_does_not_know_makes_no_frame(shown):
    assert pageframe.Frame.parse(f"<title>\ue000{shown}\ue001</title>") is None
    assert pageframe.Frame.parse("<p>\ue002</p>") is None  # a mark cut in two


def test_a_frame_fills_each_place_as_material_transforms_it():
    frame = pageframe.Frame.parse(
        "<title>\ue000&k m\ue001</title><h1>\ue000&amp;<b>k</b>  m\ue001</h1>\ue002\ue003<a href=\ue004>"
    )

    class Page:
        title, content, edit_url, canonical_url = "A&amp;B  <i>c</i>", "<p>x</p>", "https://e/", None

    assert frame.fill(Page) == "<title>A&B c</title><h1>A&amp;B  <i>c</i></h1><p>x</p><a href=https://e/>"
