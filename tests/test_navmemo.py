"""Material's navigation is drawn once for the account pages of a folder (kam.site.navmemo), and the
pages are byte for byte what they were when it was drawn for each."""

from __future__ import annotations

import pytest

import kam.site.navmemo as navmemo
from site_project import EVIL, EVIL_ID, RICH, RICH_ID, build_in_process, make_project


@pytest.fixture
def drawn(monkeypatch):
    memories = []
    real = navmemo.install

    def install(env, shared):
        memories.append(real(env, shared))
        return memories[-1]

    monkeypatch.setattr(navmemo, "install", install)
    return memories


def test_one_navigation_for_the_account_pages_and_the_same_pages(tmp_path, monkeypatch, drawn):
    third = RICH.replace("华东精密机械股份有限公司", "第三客户").replace("INV-2026-", "INV-2028-")
    project = make_project(tmp_path, accounts={RICH_ID: RICH, EVIL_ID: EVIL, "third": third})
    shared = build_in_process(project, tmp_path / "shared", monkeypatch)
    assert len(drawn) == 1 and list(drawn[0]) == ["accounts/"]  # drawn once for the three account pages
    nav = drawn[0]["accounts/"]
    assert 'href="../"' in nav and "md-nav__link--active" not in nav  # the accounts index, nothing active
    for aid in (RICH_ID, EVIL_ID, "third"):
        assert nav in shared[f"accounts/{aid}/index.html"].decode()

    monkeypatch.setattr(navmemo, "install", lambda env, shared: None)  # drawn for every page
    each = build_in_process(project, tmp_path / "each", monkeypatch)
    assert shared.keys() == each.keys()
    for name in shared:
        assert shared[name] == each[name], name


def test_only_materials_own_navigation_is_remembered(tmp_path, monkeypatch, drawn):
    project = make_project(tmp_path)
    (project / "overrides" / "partials").mkdir(parents=True)
    (project / "overrides" / "partials" / "nav.html").write_text("<nav>{{ page.title }}</nav>", encoding="utf-8")
    yml = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        yml.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    )
    site = build_in_process(project, tmp_path / "site", monkeypatch)
    assert drawn == [None]
    assert "<nav>华东精密机械股份有限公司</nav>" in site[f"accounts/{RICH_ID}/index.html"].decode()
